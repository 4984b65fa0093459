"""Which article a question names: by its title ("'China surveillance tech seeks global
reach'"), by its subject ("the olive harvest article"), matched by the words of its title and
text, or by its place ("the second article" in the library's list, "the latest story" by date);
when none or several match, the closest titles for the user to pick from, never a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ingest.store.catalog import DocumentInfo
from rag.extractive.answer import Composition
from rag.forms import lengths
from rag.models import Filters
from rag.questions.form_sense import framed_subject
from rag.questions.forms import STORY_SIDE, article_subject
from rag.words import text as lang

if TYPE_CHECKING:
    from rag.forms import Reading


def titled_article(subject: str, documents: Sequence[DocumentInfo]) -> DocumentInfo | None:
    """The article whose title the subject gives (in quotes or not, give or take a typo)."""
    wanted = _plain(article_subject(subject))
    if len(wanted.split()) < 3:
        return None
    best = max(
        (d for d in documents if d.title and not d.duplicate_of),
        key=lambda d: fuzz.ratio(wanted, _plain(d.title)),
        default=None,
    )
    return best if best is not None and fuzz.ratio(wanted, _plain(best.title)) >= 85 else None


# A title in quotes: "Does 'China surveillance tech seeks global reach' discuss trade bans?"
QUOTED_TITLE = re.compile(r"(?<!\w)[\"“‘'](.{8,}?)[\"”’'](?!\w)")  # not "doesn't", "Hytera's"


def quoted_title(
    question: str, documents: Sequence[DocumentInfo]
) -> tuple[re.Match[str], DocumentInfo] | None:
    """The one article whose title the question gives in quotes, and where it does; none when
    no quoted words are a title (a quotation), or several titles are given ("compare 'A' and
    'B'")."""
    found = [
        (m, d) for m in QUOTED_TITLE.finditer(question) if (d := titled_article(m[1], documents))
    ]
    return found[0] if len({d.doc_id for _, d in found}) == 1 else None


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# "in the China surveillance article", "the Milipol piece": an article named by its subject.
# Not a name that ends in one of those words: "The Nation's Report Card is out".
NAMED_ARTICLE = re.compile(
    r"\bthe ((?:[\w'’-]+ ){1,10}?)(?:article|story|piece|report)\b"
    r"(?! (?:about|on|that)\b)(?! (?-i:[A-Z]))",
    re.I,
)


# "according to the piece on global reach", "the story about the huge influx": an article named
# after it by words of its headline, closing the question or followed by what it is asked to say
# ("Does the article about the huge influx of Chinese firms say …?"). Read as a name only when
# exactly one headline says them (`_titled`): "the article about Hytera" is a topic.
TITLED_ARTICLE = re.compile(
    r"\b(?:the|that) (?:article|story|piece|report) (?:on|about|titled|called|headlined) "
    r"['\"‘“]?(?P<words>(?:[\w'’-]+ ){0,7}?[\w'’-]+)['\"’”]?"
    r"(?:[?.!\s]*$|(?= (?:say|state|claim|report|mention|note|discuss|describe|suggest)s?\b))",
    re.I,
)


def _titled(
    question: str, filters: Filters, reading: Reading
) -> tuple[re.Match[str], DocumentInfo] | None:
    """The article a question names after it by words of its headline, and where it does; none
    when another article's text says those words too ("the story about the Milipol fair" is a
    topic both articles cover), or under an outlet or dates (which articles, the search says)."""
    found = TITLED_ARTICLE.search(question)
    if found is None or not filters.is_empty():
        return None
    wanted = {t: reading.tools.idf(t) for t in _matchable(found["words"], reading.tools.vocabulary)}
    total = math.fsum(wanted.values())
    titled = [
        d
        for d in reading.documents
        if not d.duplicate_of
        and total
        and math.fsum(wanted[t] for t in lang.covered(set(wanted), set(lang.terms(d.title or ""))))
        >= MATCHED * total
    ]
    if len(titled) != 1:
        return None
    words = [w for w in lang.WORD.findall(found["words"]) if set(lang.terms(w)) & set(wanted)]
    saying: set[str] | None = None  # the articles whose text says every one of the words
    for word in words:
        rows = reading.store.chunks_matching(rf"(?i)\b{re.escape(word)}")
        docs = {r.metadata.get("doc_id") for r in rows}
        saying = docs if saying is None else saying & docs
    return (found, titled[0]) if not (saying or set()) - {titled[0].doc_id} else None


def referred(reference: re.Match[str]) -> str:
    """The words naming the article, after the last "the": "the camera count in the Huge Influx
    piece" -> "Huge Influx"."""
    return re.split(r"\bthe\b", reference.group(1), flags=re.I)[-1].strip()


def article_reference(question: str) -> str | None:
    """What the first article the question names by its subject is named by, if any ("the
    human rights side of this story" names none)."""
    found = NAMED_ARTICLE.search(STORY_SIDE.sub(" ", question))
    return (referred(found) or None) if found else None


# "What does the surveillance tech article tell us about GDU?": what is asked of the article
# named before it, after "about", "regarding" or a verb of saying and "on" ("report on"; not
# "happened on the first day").
ASKED_OF_IT = re.compile(
    r"\b(?:about|regarding|concerning|(?:say|says|said|report|reports|write|writes|tell us|tells us)"
    r"\s+on)\s+(?P<topic>.+?)\W*$",
    re.I,
)


# What any story has, asked before the article named: "the big picture of the surveillance story",
# "what happened in …", "the author of …": the article itself, not a topic in it.
OF_ANY_STORY = set(
    lang.terms(
        "happen happened happening big picture background details detail conclusion headline "
        "title author date gist angle takeaway takeaways upshot bottom line message"
    )
)


def topic_in_named_article(question: str) -> tuple[str, str] | None:
    """(the words naming the article, the topic asked of it), when the question names an
    article by its subject and asks about something in it; None otherwise."""
    named = NAMED_ARTICLE.search(question)
    if named is None or not (reference := referred(named)):
        return None
    asked = ASKED_OF_IT.search(question, named.end())
    topic = asked.group("topic") if asked else ""
    ending = rf"\s+(?:in|from|of)\s+the\s+{re.escape(reference)}\s+\w+$"
    before = re.match(rf"^(?P<topic>.+?){ending}", question[: named.end()], re.I)
    if not asked and before and reference.lower() not in PLACES:
        topic = framed_subject(before.group("topic"))  # "Explain the Shenzhen angle in …"
        if set(lang.terms(topic)) <= OF_ANY_STORY:
            topic = ""  # "What happened in the Milipol story?": the story itself
    return (reference, topic) if lang.terms(topic) else None


def within_named_article(
    question: str, filters: Filters, reading: Reading, form: str = "entities"
) -> Filters | Composition:
    """The filters narrowed to the article the question names by its subject; the question's
    own filters when it names none; a refusal of the `form` listing the closest when no one
    article matches."""
    if not filters.doc_ids and (quoted := quoted_title(question, reading.documents)):
        return filters.model_copy(update={"doc_ids": [quoted[1].doc_id]})
    named = NAMED_ARTICLE.search(question)
    if named is None and (titled := _titled(question, filters, reading)):
        return filters.model_copy(update={"doc_ids": [titled[1].doc_id]})
    if named is None or filters.doc_ids or not (topic := referred(named)):
        return filters  # "what did the minister say in the report?" names no article
    titled, others, several = matched_article(topic, filters, reading)
    if titled is None:
        return which_article(topic, others, several, form)
    return filters.model_copy(update={"doc_ids": [titled.doc_id]})


# "the first article", "the 2nd one", "the last story": the library's list, in its order (the
# chat's article list, `ingest.store.catalog.list_documents`); "the latest", "the oldest": by date.
PLACES = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3}
PLACES |= {"4th": 3, "fifth": 4, "5th": 4, "last": -1}
BY_DATE = {"latest": True, "newest": True, "most recent": True, "oldest": False, "earliest": False}
PLACED = re.compile(rf"^(?P<place>{'|'.join([*PLACES, *BY_DATE])})(?: one)?$", re.I)


def placed_article(topic: str, documents: list[DocumentInfo]) -> DocumentInfo | None:
    """The article a topic names by its place alone ("first", "second one", "latest"); None
    when the topic is not a place, or the library has no article there."""
    found = PLACED.match(" ".join(topic.lower().split()))
    listed = [d for d in documents if not d.duplicate_of]
    if found is None or not listed:
        return None
    place = found.group("place").lower()
    if place in BY_DATE:
        dated = [d for d in listed if d.date]
        if not dated:
            return None
        return (max if BY_DATE[place] else min)(dated, key=lambda d: (d.date, d.doc_id))
    index = PLACES[place]
    return listed[index] if index < len(listed) else None


PLACE_IN_QUESTION = re.compile(
    rf"\bthe ({'|'.join([*PLACES, *BY_DATE, *lengths.LONGER])})"
    r"(?: one| (?:article|story|piece|report|document))",
    re.I,
)


def placed_in(
    question: str, documents: list[DocumentInfo], passages_of: lengths.Passages
) -> DocumentInfo | None:
    """The article a question names by its place anywhere in it ("title of the second
    article?"), or by its length, read from its passages ("the shorter article"), if any."""
    found = PLACE_IN_QUESTION.search(question)
    if found is None:
        return None
    if found.group(1).lower() in lengths.LONGER:
        return lengths.by_length(found.group(1), documents, passages_of)
    return placed_article(found.group(1), documents)


def named_or_placed(question: str, filters: Filters, reading: Reading) -> DocumentInfo | None:
    """The one article the question names, by its place or length ("the second article") or
    by its subject ("the Milipol piece"); None when it names none, or several match alike."""
    placed = placed_in(question, reading.documents, reading.passages_of)
    named = article_reference(question)
    if placed is None and named:
        placed, _, _ = matched_article(named, filters, reading)
    return placed


MATCHED = 0.75  # of the subject's words, weighted by rarity, that the matching article uses
CANDIDATES = 5


def matched_article(
    topic: str, filters: Filters, reading: Reading
) -> tuple[DocumentInfo | None, list[DocumentInfo], bool]:
    """The article a question names by its subject ("the olive harvest article"): the one whose
    title uses the subject's words, or else the only one whose passages read do. When none
    does, or several do alike, no article, the closest candidates and whether several matched:
    an answer about the wrong article, stated confidently, is worse than asking which one."""
    placed = placed_article(topic, reading.documents) or lengths.by_length(
        topic, reading.documents, reading.passages_of
    )
    if placed is not None:
        return placed, [], False
    hits = reading.search(topic or "article", filters, 10)
    catalog = {d.doc_id: d for d in reading.documents if not d.duplicate_of}
    texts: dict[str, str] = {}
    for hit in hits:
        doc_id = hit.node.metadata.get("doc_id")
        if doc_id in catalog:
            texts[doc_id] = f"{texts.get(doc_id, '')} {hit.node.get_content()}"
    wanted = {t: reading.tools.idf(t) for t in _matchable(topic, reading.tools.vocabulary)}
    total = math.fsum(wanted.values())
    if not total or not texts:  # "who wrote the article?": the one the search finds first
        first = next(iter(texts), None)
        return (catalog[first] if first else None), [], False

    def share(text: str) -> float:
        used = lang.covered(set(wanted), set(lang.terms(text)))
        return math.fsum(wanted[t] for t in used) / total

    scored = [
        (share(catalog[d].title or ""), share(f"{catalog[d].title or ''} {text}"), catalog[d])
        for d, text in texts.items()
    ]
    by_title = [s for s in scored if s[0] >= MATCHED]
    matching = by_title or [s for s in scored if s[1] >= MATCHED]
    if len(matching) == 1:
        return matching[0][2], [], False
    closest = sorted(matching or scored, key=lambda s: (-s[0], -s[1]))[:CANDIDATES]
    return None, [s[2] for s in closest], len(matching) > 1


def _matchable(topic: str, vocabulary: frozenset[str]) -> set[str]:
    """The subject's words an article can match. A word no article uses ("the flood of Chinese
    firms at Milipol" for "… Huge Influx of Chinese Firms") matches none and is left out while
    most of the words are used; when most are not ("the football transfer article"), no
    article is about them and every word counts, so none matches."""
    terms = set(lang.terms(topic))
    used = {t for t in terms if t in vocabulary} if vocabulary else terms
    return used if 2 * len(used) > len(terms) else terms


def named_scope(question: str, filters: Filters, reading: Reading) -> tuple[Filters, str | None]:
    """A fact question's filters narrowed to the one article it names ("how many cameras does
    the global reach article count?", "… according to the first article"), and a note saying
    which; the filters as they are when it names none, or no one article matches (a fact is
    then looked for in every article, where a list or a header would ask which one)."""
    scoped = within_named_article(question, filters, reading)
    if isinstance(scoped, Composition) or scoped is filters:
        return filters, None
    titles = [d.title or d.doc_id for d in reading.documents if d.doc_id in scoped.doc_ids]
    return scoped, f'Read only "{titles[0]}", the article the question names.' if titles else None


def unnamed(question: str, documents: Sequence[DocumentInfo] = ()) -> str:
    """The question with the article it names said as "it" ("How many cameras does it say
    China has?"): the article's title words are where to look, not what to look for, and the
    reader would otherwise take them for the subject (a Milipol figure for "cameras")."""
    if quoted := quoted_title(question, documents):
        return f"{question[: quoted[0].start()]}it{question[quoted[0].end() :]}"
    found = NAMED_ARTICLE.search(question)
    if found is None:
        titled = TITLED_ARTICLE.search(question)
        return f"{question[: titled.start()]}it{question[titled.end() :]}" if titled else question
    # From the last "the" of the match: "the surveillance network … according to the second
    # article" names "the second article", and the rest is the question's own.
    start = found.start() + [m.start() for m in re.finditer(r"\bthe\b", found.group(0), re.I)][-1]
    return f"{question[:start]}it{question[found.end() :]}"


def which_article(
    topic: str, candidates: list[DocumentInfo], several: bool, form: str
) -> Composition:
    """No article picked: which ones come closest, by title, for the user to name one."""
    titles = "; ".join(f'"{d.title or d.doc_id}"' for d in candidates)
    matching = "Several articles match" if several else "No article matches"
    closest = f" (closest: {titles}). Name the one you mean by its title." if titles else "."
    return Composition("refused", form=form, intro=f'{matching} "{topic}"{closest}')
