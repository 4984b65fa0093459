"""The teasers of other stories that close a page ("Similar articles"): ingest keeps them out
of the text (they never answer a question about the article) but stores them, so a question
that asks about them ("what's the SpaceX teaser about?", "which stories are listed under
Similar articles?") is answered from them, each quote cited as a teaser.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from llama_index.core.schema import NodeWithScore, TextNode

from ingest.settings import Settings
from rag.extractive import answer
from rag.extractive.answer import Composition, Tools
from rag.extractive.candidates import Candidate, distinct_passages
from rag.forms import named
from rag.forms.which_article import within_named_article
from rag.models import Filters
from rag.questions.analysis import ACCEPTS, Analysis, names_in
from rag.questions.forms import SECTION_PLACE
from rag.questions.nouns import FIGURES_OF_NOTE, NOUN_KIND
from rag.words import text as lang

if TYPE_CHECKING:
    from rag.forms import Reading

# A question about the teasers names them.
ASKED = re.compile(
    r"\b(?:teasers?|blurbs?|sidebar|side ?bar|trailers?|similar[- ](?:articles|stories)|"
    r"related(?:[- ](?:stor(?:y|ies)|articles|items|entries|links|box))|more stories|"
    r"recommended (?:articles|stories)|(?:the|this|that|which|what) (?:[\w-]+ ){0,2}(?:similar|related)[- ](?:article|story|piece|item|entry)|"
    r"(?:listed|shown|linked|recommended|suggested) as (?:similar|related))\b",
    re.IGNORECASE,
)
# "Which stories are listed…", "What are the similar articles?", "How many similar articles…":
# the teasers' headlines.
LISTED = re.compile(
    r"^(?:which|what) (?:\w+ )?(?:stories|articles|headlines|titles|teasers)\b"
    r"|^(?:list|name) the (?:\w+ )?(?:stories|articles|teasers|headlines)\b"
    r"|\b(?:stories|articles|headlines) (?:are |is )?listed\b|^what are the (?:similar|related)"
    r"|^how many (?:\w+ )?(?:stories|articles|teasers|headlines)\b"
    r"|^(?:what|which)(?:'s| is| are)? (?:listed|shown|linked|included) (?:under|in|below)\b",
    re.IGNORECASE,
)
# "What's the first item in the similar articles list?", "the last related story": one story by
# its place in the list, headline and blurb.
NTH_STORY = re.compile(
    rf"\b(?P<place>{'|'.join(SECTION_PLACE)}) (?:(?:similar|related|teased) (?:story|article)|"
    r"(?:(?:similar|related|teased) )?(?:item|entry|headline|teaser|link|one)"
    # "the first 'Similar articles' story", "the first story in the similar articles list"
    r"|['\"‘“]?(?:similar|related)[- ](?:articles|stories)['\"’”]? (?:story|article|item|entry|one)"
    r"|(?:story|article|item|entry) (?:in|under|from|of) (?:the )?['\"‘“]?(?:similar|related))\b",
    re.IGNORECASE,
)
# "Which article ends with a 'Similar articles' section?": the articles that have teasers.
OWNERS = re.compile(
    r"^\s*(?:which|what) (?:of the )?(?:two |both )?(?:articles?|pieces?|stor(?:y|ies)|pages?) "
    r"(?:\w+ )?(?:has|have|ends?|carr(?:y|ies)|includes?|contains?|features?|closes? with)\b",
    re.IGNORECASE,
)
# "Which related article is about rocket landings?": one teased story, picked by what it says,
# when it is this close in meaning (headline and blurb against the question: 0.29 for rocket
# landings and SpaceX, 0.41 for chip subsidies and the chips teaser; 0.19 for quantum computing
# and the chips teaser, 0.01 for football).
WHICH_ONE = re.compile(
    r"^\s*(?:which|what) (?:\w+ )?(?:article|story|piece|teaser|headline)\b.*?"
    r"\b(?:about|covers?|on|mentions?|deals? with|concerns?)\b",
    re.IGNORECASE,
)
CLOSE_STORY = 0.25
# "compare the two teasers", "how do the similar articles differ": each story, headline and blurb.
COMPARED = re.compile(r"\b(?:compar\w*|contrast\w*|differ\w*|versus|vs)\b", re.IGNORECASE)
# "What's the SpaceX teaser about?", "What does the chips teaser say?", "a one-line summary of the
# SpaceX teaser": the teaser itself; of no one teaser ("Summarize the 'Similar articles' bit"),
# every story, headline and blurb.
SUMMED = re.compile(
    r"\babout[?.!\s]*$|\b(?:summar\w*|sum up|gist|tl;?dr|overview|rundown|recap|outline|"
    r"brief(?:ing)? (?:me |us )?(?:on|about)|fill (?:me|us) in|(?:walk|run) (?:me|us) through|"
    r"lowdown|highlights|key points|main points|in a nutshell|in brief|in short|"
    r"(?:short|quick) version)\b",
    re.IGNORECASE,
)
WHOLE = re.compile(rf"{SUMMED.pattern}|\b(?:say|says)\b", re.IGNORECASE)


# "every person named in the article, sidebar included" ("incl the teasers", "plus the sidebar"):
# the article's names and the teasers'.
INCLUDED = re.compile(
    r"\b(?:sidebar|side ?bar|teasers?|trailers?|similar[- ]articles|related (?:stories|articles|links))"
    r"\s+(?:included|too|as well)\b"
    r"|\b(?:including|incl\.?|inc\.?|plus|and|with) (?:the |its )?(?:sidebar|side ?bar|teasers?|"
    r"trailers?|similar[- ]articles)\b",
    re.IGNORECASE,
)


def asks_about(question: str) -> bool:
    return ASKED.search(question) is not None


# "In the chip lobbying teaser, is Intel one of the producers?", "…, per the Reuters blurb?":
# where to look, said; not what is asked of the sentences there.
POINTER = re.compile(
    r"^\s*(?:in|per|according to|from)\s+the\s+(?:[\w'’-]+\s+){0,4}?(?:teaser|blurb|sidebar)"
    r"\s*,\s*|,?\s*(?:per|according to|in)\s+the\s+(?:[\w'’-]+\s+){0,4}?(?:teaser|blurb|sidebar)"
    r"(?=[?.!\s]*$)",
    re.IGNORECASE,
)


def unpointed(question: str) -> str:
    """The question without the words pointing at a teaser."""
    asked = POINTER.sub("", question, count=1).strip()
    return asked[:1].upper() + asked[1:] if asked else question


def outlets_credited(question: str, analysis: Analysis) -> bool:
    """A list of the news outlets credited ("Which news outlets are credited as sources?"), not
    asked of the teasers alone: an agency a teaser credits ("…, Reuters reported") is credited on
    the article's page too, so the teasers' outlets are listed with the articles', each marked
    as a teaser's."""
    return (
        analysis.form == "entities"
        and named.asked_noun(question, analysis.subject) == "outlets"
        and not NEWSPAPERS.search(question)  # a news agency ("Reuters reported") is no newspaper
        and not asks_about(question)
    )


NEWSPAPERS = re.compile(r"\b(?:news)?papers?\b", re.I)


# The forms a question about a teased story may be read as before its words show it is one.
TEASABLE = {"fact", "overview", "entities", "quote"}


# Words that ask why, not what about: "What's behind the push by tech giants …?".
ASKING = frozenset(lang.terms("behind reason reasons purpose motive motives"))


def only_teasers_speak_of(
    question: str,
    vocabulary: frozenset[str],
    teaser_words: frozenset[str],
    teaser_names: frozenset[str] = frozenset(),
) -> bool:
    """Most words of the question that no article uses are a teaser's ("Is Intel in the chip
    lobbying group?"; "where did the starship test happen", where no text says "happen"): it
    asks about a teased story without saying so, and the articles cannot answer it. A figure is
    no sign ("more than 50 countries?": the articles write "53"), and a name the articles use
    that no teaser does keeps the question on the articles ("What did Elon Musk say about
    Milipol?"). A name only a teaser gives, with none of the articles' and no more of the
    articles' own words than of the teasers', is a teased story's ("Which company did SpaceX
    acquire?")."""
    named = {t for name in names_in(question) for t in lang.terms(name)}
    articles_name = any(t in vocabulary and t not in teaser_words for t in named)
    asked = [t for t in lang.terms(question) if not any(c.isdigit() for c in t) and t not in ASKING]
    unknown = {t for t in asked if t not in vocabulary}
    teased = unknown & teaser_words
    # Where no name a teaser gives is asked (`teaser_names`: "Starship"), words only the articles
    # use count against it: "does hytera make the majority of its sales outside china?" shares
    # "majority" with a teaser ("major consumers") and three with the articles.
    own = {t for t in asked if t in vocabulary and t not in teaser_words}
    if named & teaser_names - vocabulary and len(own) <= len(teased):  # "SpaceX"
        return not articles_name  # not "Do the body cameras run on Microsoft software?"
    against = len(unknown - teaser_words) + (0 if teased & teaser_names else len(own))
    return len(teased) > against and not articles_name


def _hits(metadatas: list[dict[str, Any]]) -> list[NodeWithScore]:
    return [
        NodeWithScore(
            node=TextNode(id_=f"{m['doc_id']}#teaser-{n}", text=str(t), metadata=m), score=0.0
        )
        for m in metadatas
        if not m.get("duplicate_of")
        for n, t in enumerate(m.get("teasers") or [])
    ]


def _teaser(hit: NodeWithScore, rank: int) -> Candidate:
    """A whole teaser as a citable candidate: its part is "teaser", with no offsets in the text."""
    text = hit.node.get_content()
    return Candidate(hit, rank, text, 0, len(text), part="teaser")


def _stories(hits: list[NodeWithScore]) -> list[list[int]]:
    """Each teased story as the indexes of its headline and the blurb right after it, if the
    blurb closes the same article's page."""
    texts = [h.node.get_content() for h in hits]

    def blurb(i: int) -> bool:
        doc = hits[i - 1].node.metadata.get("doc_id")
        return (
            i < len(hits)
            and not _is_headline(texts[i])
            and hits[i].node.metadata.get("doc_id") == doc
        )

    return [
        [i] + ([i + 1] if blurb(i + 1) else []) for i in range(len(hits)) if _is_headline(texts[i])
    ]


def _named_teaser(question: str, hits: list[NodeWithScore]) -> list[Candidate]:
    """The teaser whose headline uses most of the question's words, with the blurb after it."""
    asked = set(lang.terms(question)) - set(lang.terms("teaser sidebar similar articles bottom"))
    stories = _stories(hits)
    shared = [
        len(lang.covered(asked, set(lang.terms(hits[story[0]].node.get_content()))))
        for story in stories
    ]
    if not shared or not max(shared):
        return []
    return [_teaser(hits[i], i) for i in stories[shared.index(max(shared))]]


def _closest_teaser(
    vector: list[float], hits: list[NodeWithScore], tools: Tools
) -> list[Candidate]:
    """The teased story closest in meaning to the question, if close enough: a question picking
    one by its subject uses words of its own ("rocket landings")."""
    stories = _stories(hits)
    if not stories:
        return []
    texts = [" ".join(hits[i].node.get_content() for i in story) for story in stories]
    similar = tools.embed(texts) @ np.asarray(vector)
    best = int(np.argmax(similar))
    return [_teaser(hits[i], i) for i in stories[best]] if similar[best] >= CLOSE_STORY else []


def _names_asked(question: str) -> str | None:
    """The kind of names a question about the teasers asks for ("list the companies…", "who are
    the people…"), by a plural after a word that asks for a list; companies as organisations,
    since a teaser seldom says which names are firms ("major consumers like Amazon, Apple…")."""
    opening = re.findall(r"[a-z]+", question.lower())[:8]
    # A list is asked for by "list", "name", "which" or "who", and in the plural or after
    # "every": "what are the lobbying groups pushing for?" asks what they want, not which
    # groups there are; "name every person…" asks for all of them.
    if not opening or opening[0] not in {"list", "name", "which", "who"}:
        return None
    if FIGURES_OF_NOTE.search(" ".join(opening)):
        return "people"
    noun = next(
        (
            w
            for i, w in enumerate(opening)
            if (w in NOUN_KIND or w in named.OUTLET_NOUNS)
            and (w.endswith("s") or w == "people" or opening[i - 1] in {"every", "each", "all"})
        ),
        None,
    )
    if noun is None:
        return None
    # "which news outlets …", "news organisations": those the teasers write as reporting
    if noun in named.OUTLET_NOUNS or named.asked_noun(question, noun) == "outlets":
        return "outlets" if noun not in named.OUTLET_NOUNS else noun
    return "organisations" if NOUN_KIND[noun] == "organisation" else noun


def _is_headline(paragraph: str) -> bool:
    return len(paragraph) <= 120 and not paragraph.rstrip().endswith(lang.SENTENCE_END)


def compose(
    question: str,
    analysis: Analysis,
    vector: list[float],
    metadatas: list[dict[str, Any]],
    tools: Tools,
    settings: Settings,
    text: list[NodeWithScore] | None = None,
) -> Composition:
    """The teasers' headlines when the question asks which there are; otherwise its answer read
    from the teasers as from any passage (names only they use are not unknown here). `text`:
    the articles' passages, for a list that takes in their names too ("sidebar included")."""
    hits = _hits(metadatas)
    kind = _names_asked(question)
    if not hits and text and kind:  # "…, sidebar included" of an article without one: its own
        return _names_listed(kind, hits, text, tools)
    if not hits:
        intro = 'No article here ends with teasers of other stories ("Similar articles").'
        return Composition("refused", form="teasers", intro=intro)
    if OWNERS.search(question):  # "Which article ends with a 'Similar articles' section?"
        first: dict[str, int] = {}  # each article's first teaser, cited for the article
        for rank, hit in enumerate(hits):
            first.setdefault(hit.node.metadata["doc_id"], rank)
        chosen = [_teaser(hits[rank], rank) for rank in first.values()]
        items = [(c.node.metadata.get("title") or c.doc_id, i) for i, c in enumerate(chosen)]
        which = "The articles that end" if len(chosen) > 1 else "The article that ends"
        intro = f'{which} with teasers of other stories ("Similar articles"):'
        return Composition("answer", chosen, form="headers", intro=intro, items=items)
    if SUMMED.search(question) and not _named_teaser(question, hits):
        stories = _stories(hits)
        chosen = [_teaser(hits[i], i) for story in stories for i in story]
        intro = f'The {len(stories)} stories teased under "Similar articles":'
        return Composition("answer", chosen, form="overview", intro=intro, summarised=len(chosen))
    if (nth := NTH_STORY.search(question)) and (stories := _stories(hits)):
        place = SECTION_PLACE[nth["place"].lower()]
        if place >= len(stories):
            counted = f"{len(stories)} stories are" if len(stories) != 1 else "1 story is"
            intro = f'Only {counted} teased under "Similar articles".'
            return Composition("refused", form="headers", intro=intro)
        chosen = [_teaser(hits[i], i) for i in stories[place]]
        intro = f'The {nth["place"].lower()} story teased under "Similar articles":'
        return Composition("answer", chosen, form="overview", intro=intro, summarised=len(chosen))
    if LISTED.search(question):
        chosen = [
            _teaser(hit, rank)
            for rank, hit in enumerate(hits)
            if _is_headline(hit.node.get_content())
        ]
        titles = {m["doc_id"]: m.get("title") or m["doc_id"] for m in metadatas}
        items = [(f"{c.text} (under {titles[c.doc_id]})", i) for i, c in enumerate(chosen)]
        intro = f'{len(chosen)} stories teased under "Similar articles":'
        return Composition("answer", chosen, form="headers", intro=intro, items=items)
    if COMPARED.search(question) and len(stories := _stories(hits)) > 1:  # "compare the teasers"
        chosen = [_teaser(hits[i], i) for story in stories for i in story]
        intro = f'The {len(stories)} stories teased under "Similar articles", side by side:'
        return Composition("answer", chosen, form="overview", intro=intro, summarised=len(chosen))
    if WHICH_ONE.search(question) and (teaser := _closest_teaser(vector, hits, tools)):
        intro = 'The story teased under "Similar articles" that fits best:'
        return Composition("answer", teaser, form="overview", intro=intro, summarised=len(teaser))
    if kind is not None:  # "list the companies in the sidebar"
        return _names_listed(kind, hits, text, tools)
    if WHOLE.search(question) and (teaser := _named_teaser(question, hits)):
        intro = 'The teaser of another story under "Similar articles":'
        return Composition("answer", teaser, form="overview", intro=intro, summarised=len(teaser))
    # The question points at a few paragraphs, all read: their closest answer is offered (as
    # tentative when unsure), not refused; names only the teasers use are not unknown.
    willing = tools.calibration.model_copy(update={"tentative_at": 0.0})
    quiet = replace(tools, vocabulary=frozenset(), calibration=willing)
    asked = unpointed(question)
    composed = answer.compose(asked, analysis, list(np.asarray(vector)), hits, quiet, settings)
    for candidate in composed.pool:
        candidate.part = "teaser"
    if (
        composed.outcome == "tentative"
        and analysis.kind in COUNTED
        and (composed.lead is None or composed.lead.entity.kind not in ACCEPTS[analysis.kind])
    ):
        # "On what date did the Starship landing happen?": no date in any teaser, nothing close
        # ("Before the safe touchdown" is the reader's span, not a date).
        return Composition("refused", see_also=distinct_passages(composed.pool), pool=composed.pool)
    if not composed.abstained:
        composed.intro = 'From the teasers of other stories under "Similar articles":'
    return composed


def _names_listed(
    kind: str, hits: list[NodeWithScore], text: list[NodeWithScore] | None, tools: Tools
) -> Composition:
    """The names of the kind in the teasers, and in the articles' own sentences (first) when
    `text` is given ("…, sidebar included")."""
    pool = [_teaser(hit, rank) for rank, hit in enumerate(hits)]
    where = ["the teasers of other stories"] if hits else []
    if text is not None:
        pool = [*answer.candidates(text), *pool]
        several = len({h.node.metadata.get("doc_id") for h in text}) > 1
        where.insert(0, f"the article{'s' if several else ''}")
    listed = named.named(kind, False, pool, tools, f"The passages of {' and '.join(where)}")
    if not listed.abstained:
        listed.intro = f"{listed.intro[:-1]} in {' and '.join(where)}:"
    return listed


# Kinds of answer a teaser either gives or does not: a date or a figure, not a name it may say
# without the reader marking it ("which news agency …?" and "…, Reuters reported").
COUNTED = {"date", "quantity", "money", "percent"}


def from_teasers(
    question: str, analysis: Analysis, filters: Filters, reading: Reading
) -> Composition:
    """From the teasers closing the pages of the articles the filters admit."""
    text = None
    # "every person named in the article, sidebar included"; the news outlets credited
    if INCLUDED.search(question) or outlets_credited(question, analysis):
        scoped = within_named_article(question, filters, reading)
        if isinstance(scoped, Composition):
            return scoped  # no one article matches the one named: which ones come closest
        filters = scoped
        ids = filters.doc_ids or [d.doc_id for d in reading.documents if not d.duplicate_of]
        text = reading.passages_of(ids)
    metadatas = _admitted(filters, reading)
    vector = reading.embed(question)
    return compose(question, analysis, vector, metadatas, reading.tools, reading.settings, text)


def _admitted(filters: Filters, reading: Reading) -> list[dict[str, Any]]:
    """The stored metadata (teasers included) of the articles the filters pick, or of all."""
    return [
        m
        for m in reading.store.documents_metadata()
        if not filters.doc_ids or m["doc_id"] in filters.doc_ids
    ]


def named_instead(
    noun: str, refused: Composition, filters: Filters, reading: Reading
) -> Composition | None:
    """Names of a kind no article's own sentences give, listed from the teasers that close the
    articles the filters admit ("What legislation gets mentioned in the second article?": the
    CHIPS for America Act, in its teaser), saying where they are from; None when they give none."""
    hits = _hits(_admitted(filters, reading))
    if not hits:
        return None
    listed = _names_listed(noun, hits, None, reading.tools)
    if listed.abstained:
        return None
    listed.intro = f"{refused.intro} {listed.intro}"
    return listed


def mentioning(subject: str, metadatas: list[dict[str, Any]]) -> Composition | None:
    """When no article's text uses the subject: the teasers that do ("Which stories mention
    Reuters?"), said to be teasers of other stories; None when none does either."""
    wanted = re.compile(rf"\b{re.escape(subject)}\b", re.IGNORECASE)
    found = [
        _teaser(hit, rank)
        for rank, hit in enumerate(_hits(metadatas))
        if wanted.search(hit.node.get_content())
    ]
    if not found:
        return None
    intro = (
        f'No article mentions "{subject}" in its text; the teasers of other stories under '
        '"Similar articles" at the end of its page do:'
    )
    return Composition("answer", found, form="articles", intro=intro)
