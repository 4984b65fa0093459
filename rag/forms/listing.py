"""Which articles mention something: every article whose text names it, not only the few best
ranked by a search, each with the sentence that names it.

The articles are found by the store's full-text search over every passage (a regular
expression, case-insensitive, on word boundaries), so a name mentioned once in a long article
is found as surely as a headline subject. Copies (syndicated or re-posted articles, stored once
when identical, twice when edited but naming the subject in the same sentence) are listed with
their original and counted.
"""

from __future__ import annotations

import re

from llama_index.core.schema import NodeWithScore, TextNode
from llama_index.core.vector_stores.utils import build_metadata_filter_fn

from ingest.store import Store, StoredChunk
from ingest.store.catalog import DocumentInfo
from rag.extractive.answer import Composition, candidates
from rag.extractive.candidates import Candidate
from rag.forms.teasers import mentioning as teasers_mentioning
from rag.models import Filters
from rag.questions.analysis import topic_names
from rag.retrieval.retrieve import to_metadata_filters
from rag.words import places
from rag.words import text as lang
from rag.words.text import STOPWORDS

# How a listing opens when no article has the phrase whole, only each of its words in a passage;
# and how it says a word of the phrase no passage uses, left out of the search.
WORDS_APART = "No article uses the phrase"
LEFT_OUT = "none uses"


def left_words_out(found: Composition) -> bool:
    """The listing was found only by leaving out a word no passage uses."""
    return LEFT_OUT in (found.intro or "")


def phrase_pattern(subject: str) -> str:
    """A case-insensitive pattern for the subject's words in order, on word boundaries, with
    any spacing between them and an optional plural ("drone" finds "drones"); a leading "the"
    is dropped ("the trade war" finds "the US-China trade war")."""
    words = re.findall(r"[\w'’.-]+", re.sub(r"^\s*(?:the|a|an)\s+", "", subject, flags=re.I))
    body = r"\s+".join(re.escape(word) for word in words)
    return rf"(?i)\b{body}(?:s|es)?\b"


def subject_pattern(subject: str) -> str:
    """`phrase_pattern`, or for a country, continent, region or bloc every name news uses for it
    and its people's word (`rag.words.places.pattern_for`): an article on "the EU's stance" or
    "European buyers" mentions Europe. What it finds is checked by `said_in`."""
    return places.pattern_for(subject) if _a_place(subject) else phrase_pattern(subject)


def said_in(subject: str, text: str) -> list[str]:
    """How `text` names `subject` (`subject_pattern`), a place never as part of another's name
    ("Latin America" does not name the US)."""
    if _a_place(subject):
        return places.mentioned(subject, text)
    return [m.group(0) for m in re.finditer(phrase_pattern(subject), text)]


def _a_place(subject: str) -> bool:
    """A name of a country, continent, region or bloc; not a short word in lower case ("us")."""
    short = len(re.sub(r"^the\s+", "", subject, flags=re.I)) <= 3 and subject.islower()
    return not short and bool(places.kinds(subject) & {"country", "continent", "region", "bloc"})


def content_words(subject: str) -> list[str]:
    """The subject's content words, for a subject the articles never use as a phrase: "the
    electric shock handcuffs" finds "handcuffs that deliver electric shocks". Empty for a
    one-word subject (its phrase is its word)."""
    words = [w for w in re.findall(r"[\w'’.-]+", subject.lower()) if w not in STOPWORDS]
    return words if len(words) > 1 else []


def stored_hits(rows: list[StoredChunk]) -> list[NodeWithScore]:
    """Stored passages as the retriever's hits, in the order given."""
    return [
        NodeWithScore(node=TextNode(id_=row.id, text=row.text, metadata=row.metadata), score=0.0)
        for row in rows
    ]


def listed(
    subject: str, store: Store, documents: list[DocumentInfo], filters: Filters
) -> Composition:
    """Every stored passage that uses the phrase, within the chat's article, outlet and date
    filters, listed by article; each subject's, when the question asks for several."""
    subject, oldest_first = sort_order(subject)
    contrasted = AND_WHICH_NOT.search(subject)  # "the trade war and which doesn't"
    subject = AND_WHICH_NOT.sub("", subject)
    several = subjects(subject)
    catalog = {d.doc_id: d for d in documents}
    if len(several) > 1:
        found = [_listed(s, oldest_first, store, catalog, filters) for s in several]
        return together(several, found)
    found = _listed(subject, oldest_first, store, catalog, filters)
    return with_the_rest(found, documents, filters) if contrasted else found


# "Which article talks about the trade war and which doesn't?": those that do, and the rest.
AND_WHICH_NOT = re.compile(
    r"\s*,?\s+(?:and|or)\s+which(?:\s+(?:one|ones|article|articles|story|piece|report))?\s+"
    r"(?:does ?n['’]?t|does not|do ?n['’]?t|do not|is ?n['’]?t|is not)\b.*$",
    re.IGNORECASE,
)
FEW = 3  # articles in scope, at most, for the ones that do not mention it to be named


def admitted_articles(documents: list[DocumentInfo], filters: Filters) -> list[DocumentInfo] | None:
    """The articles (a copy stored once counted once) the chat's filters admit: those it selects,
    or all of them; None under an outlet or dates, where which ones is the search's to say."""
    if not filters.is_empty() and not filters.doc_ids:
        return None
    ids = set(filters.doc_ids or [d.doc_id for d in documents])
    return [d for d in documents if not d.duplicate_of and d.doc_id in ids]


def with_the_rest(
    found: Composition, documents: list[DocumentInfo], filters: Filters
) -> Composition:
    """The articles listed, and in a small library those that never mention it, named."""
    scope = admitted_articles(documents, filters)
    if found.abstained or scope is None or len(scope) > FEW or not found.intro:
        return found
    rest = [d for d in scope if d.doc_id not in {c.doc_id for c in found.chosen}]
    if not rest:
        said = found.intro.rstrip(":")  # '… (as "EU")' takes the note inside its brackets
        found.intro = (
            f"{said[:-1]}; every article does):"
            if said.endswith(")")
            else f"{said} (every article does):"
        )
        return found
    titles = ", ".join(f'"{d.title or d.doc_id}"' for d in rest)
    found.intro = f"{found.intro.rstrip(':')} ({titles} {'does' if len(rest) == 1 else 'do'} not):"
    return found


def _listed(
    subject: str,
    oldest_first: bool,
    store: Store,
    catalog: dict[str, DocumentInfo],
    filters: Filters,
) -> Composition:
    rows = _admitted(store.chunks_matching(subject_pattern(subject)), filters)
    words = content_words(subject)
    found = mentioning(subject, rows, catalog, oldest_first=oldest_first)
    if found.abstained and words:
        # Not as a phrase: the passages holding every word. A word no passage uses ("the 2.76
        # billion camera projection" where the articles estimate) is left out while most are used.
        holding = {w: _admitted(store.chunks_matching(subject_pattern(w)), filters) for w in words}
        used = [w for w in words if holding[w]]
        words = used if 2 * len(used) > len(words) else words
        rows = holding[max(words, key=len)]
        found = mentioning(subject, rows, catalog, words, oldest_first=oldest_first)
        left_out = [f'"{w}"' for w in holding if w not in words]
        if left_out and not found.abstained:
            found.intro = f"{found.intro[:-1]}; {LEFT_OUT} {', '.join(left_out)}:"
    if found.abstained and (other := _said_otherwise(subject, store, filters)):
        said, rows = other
        found = mentioning(said, rows, catalog, oldest_first=oldest_first)
        found.intro = found.intro.replace(f'"{said}"', f'"{subject}" (as "{said}")', 1)
    teased = teasers_mentioning(subject, store.documents_metadata()) if found.abstained else None
    return teased or found


def _said_otherwise(
    subject: str, store: Store, filters: Filters
) -> tuple[str, list[StoredChunk]] | None:
    """How the articles say a name of several words no passage uses as written: by its initials,
    three or more, written with capitals ("IoT" for "the Internet of Things"; not "US" for
    "Universal Studios", nor the word "it"). The form found and the passages using it; None
    when none does."""
    words = re.findall(r"[\w'’-]+", re.sub(r"^\s*(?:the|a|an)\s+", "", subject, flags=re.I))
    if len(words) < 3 or sum(w[:1].isupper() for w in words) < 2:
        return None
    pattern = rf"(?i)\b{re.escape(''.join(w[0] for w in words))}s?\b"
    rows = _admitted(store.chunks_matching(pattern), filters)
    said = [m.group(0) for r in rows for m in re.finditer(pattern, r.text)]
    said = [w for w in said if sum(c.isupper() for c in w) >= 2]
    return (said[0], [r for r in rows if said[0] in r.text]) if said else None


def _admitted(rows: list[StoredChunk], filters: Filters) -> list[StoredChunk]:
    """The rows the chat's article, outlet and date filters admit."""
    admitted = to_metadata_filters(filters)
    if admitted is None:
        return rows
    by_id = {r.id: r.metadata for r in rows}
    keep = build_metadata_filter_fn(lambda row_id: by_id[row_id], admitted)
    return [r for r in rows if keep(r.id)]


def mentioning(
    subject: str,
    rows: list[StoredChunk],
    catalog: dict[str, DocumentInfo],
    words: list[str] | None = None,
    oldest_first: bool = False,
) -> Composition:
    """One cited sentence per article that names `subject`, newest article first (oldest first
    when asked); with `words`: the rows hold those words of it but not the phrase, which the
    answer says."""
    words = words or []
    asked = words or [subject]
    rows = [row for row in rows if all(said_in(w, row.text) for w in asked)]
    # A place named as asked before its other names ("Europe" before "EU member states").
    literal = re.compile(phrase_pattern(subject))
    first: dict[str, StoredChunk] = {}
    for row in sorted(
        rows, key=lambda r: (not literal.search(r.text), int(r.metadata.get("start", 0)))
    ):
        first.setdefault(row.metadata["doc_id"], row)
    chosen: list[Candidate] = []
    for rank, hit in enumerate(stored_hits(list(first.values()))):
        sentences = candidates([hit])
        # The sentence saying most of the words, the first of those: "… as much as 2.76
        # billion cameras" rather than the one before it that counts cameras.
        said = [
            sum(bool(said_in(w, c.text)) for w in asked) + 0.5 * bool(literal.search(c.text))
            for c in sentences
        ]
        naming = [sentences[said.index(max(said))]] if sentences else []
        if naming:
            naming[0].rank = rank
            chosen.append(naming[0])
    if not chosen:
        return Composition("refused", form="articles", intro=f'No article mentions "{subject}".')

    def order(candidate: Candidate) -> tuple[int, str]:
        """Newest or oldest first; undated articles last either way."""
        day = _date_key(catalog.get(candidate.doc_id))
        return ((day or 99_999_999) if oldest_first else -day), candidate.doc_id

    chosen.sort(key=order)
    copies = _copies(catalog)
    # A story syndicated with small edits is stored twice (a near-duplicate); the same sentence
    # naming the subject in both lists it once, with the others named as its copies.
    kept: dict[str, Candidate] = {}
    for candidate in chosen:
        same = kept.setdefault(" ".join(candidate.text.lower().split()), candidate)
        if same is not candidate:
            copies.setdefault(same.doc_id, []).append(candidate.doc_id)
            copies[same.doc_id].extend(copies.get(candidate.doc_id, []))
    chosen = list(kept.values())
    notes = [_copies_note(copies.get(c.doc_id, [])) for c in chosen]
    count = f"{len(chosen)} article{'s' if len(chosen) != 1 else ''}"
    total = len(chosen) + sum(len(copies.get(c.doc_id, [])) for c in chosen)
    stored_once = f" ({total} counting copies)" if total > len(chosen) else ""
    verb = f"mention{'s' if len(chosen) == 1 else ''}"
    others = named_otherwise(subject, chosen) if not words else ""
    said = f'{count} {verb} "{subject}"{others}{stored_once}:'
    if words:
        said = (
            f'{WORDS_APART} "{subject}"; {count} {verb} each of its words '
            f"({', '.join(words)}) in one passage{stored_once}:"
        )
    return Composition("answer", chosen, form="articles", intro=said, notes=notes)


def named_otherwise(subject: str, chosen: list[Candidate]) -> str:
    """' (as "EU")': the other names of a place the sentences quoted use (`subject_pattern`),
    so a reader looking for "Europe" in them sees why they are listed."""
    literal = re.compile(phrase_pattern(subject))
    forms = {
        form: None
        for candidate in chosen
        if not literal.search(candidate.text)
        for form in said_in(subject, candidate.text)
    }
    return f" (as {', '.join(f'{chr(34)}{f}{chr(34)}' for f in forms)})" if forms else ""


# "… oldest first", "in chronological order", "newest first": how a list of articles is sorted,
# not what it is about.
SORTED = re.compile(
    r",?\s*\b(?:(?:oldest|earliest|newest|latest|most recent) first|(?:oldest|earliest) to "
    r"(?:newest|latest)|(?:newest|latest) to (?:oldest|earliest)|in chronological order|"
    r"chronologically|in (?:date )?order|by date)\b",
    re.IGNORECASE,
)


def sort_order(subject: str) -> tuple[str, bool]:
    """(the subject without its sort words, whether the list goes oldest first)."""
    found = SORTED.search(subject)
    if found is None:
        return subject, False
    newest = re.match(r"(?:newest|latest|most recent)\b", found.group().strip(" ,"), re.I)
    return SORTED.sub("", subject).strip(" ,;"), newest is None


# "which article covers the Uighurs and which covers the trade war": two subjects, each listed.
AND_WHICH = re.compile(
    r"\s+and\s+which(?:\s+(?:one|article|story|piece|report))?\s+(?:mentions?|covers?|"
    r"discuss(?:es)?|talks? about|is about|reports? on|refers? to|names?|quotes?|features?)\s+",
    re.IGNORECASE,
)


def subjects(subject: str) -> list[str]:
    """The subjects a list of articles is asked for, each without its article: "the Uighurs and
    which covers the US trade war" -> ["Uighurs", "US trade war"]."""
    parts = [re.sub(r"^\s*(?:the|a|an)\s+", "", p, flags=re.I) for p in AND_WHICH.split(subject)]
    return [p.strip() for p in parts if p.strip()]


def together(subjects: list[str], found: list[Composition]) -> Composition:
    """The lists for several subjects as one, each article's sentence noted with its subject;
    refused when no subject is mentioned."""
    answered = [(s, f) for s, f in zip(subjects, found, strict=True) if not f.abstained]
    if not answered:
        named = " or ".join(f'"{s}"' for s in subjects)
        return Composition("refused", form="articles", intro=f"No article mentions {named}.")
    chosen, notes = [], []
    for said, part in answered:
        chosen += part.chosen
        notes += [f' (on "{said}"){note}' for note in part.notes or [""] * len(part.chosen)]
    missing = [s for s, f in zip(subjects, found, strict=True) if f.abstained]
    intro = "The articles that mention " + " and ".join(f'"{s}"' for s in subjects) + ":"
    if missing:
        intro += " (none mentions " + " or ".join(f'"{s}"' for s in missing) + ")"
    return Composition("answer", chosen, form="articles", intro=intro, notes=notes)


def _date_key(info: DocumentInfo | None) -> int:
    digits = re.sub(r"\D", "", (info.date or "") if info else "")[:8]
    return int(digits) if digits else 0


def _copies(catalog: dict[str, DocumentInfo]) -> dict[str, list[str]]:
    """Each stored article's exact copies (stored once, under the first id)."""
    copies: dict[str, list[str]] = {}
    for info in catalog.values():
        if info.duplicate_of:
            copies.setdefault(info.duplicate_of, []).append(info.doc_id)
    return copies


def _copies_note(ids: list[str]) -> str:
    if not ids:
        return ""
    return f" (also stored as {', '.join(sorted(ids))})"


def naming(topic: str, filters: Filters, store: Store) -> Filters:
    """The filters narrowed to the articles that use the names the topic gives ("the 2017
    incident at Milipol": the articles that say Milipol, not a 2017 airline story), when some
    do; the filters as they are otherwise."""
    names = [n for n in topic_names(topic) if lang.terms(n)]
    if not names or filters.doc_ids:
        return filters
    found_in: set[str] | None = None
    for name in names:
        rows = [r for r in store.chunks_matching(subject_pattern(name)) if said_in(name, r.text)]
        found = {r.metadata.get("doc_id") for r in rows} - {None}
        found_in = found if found_in is None else found_in & found
    if not found_in:
        return filters
    return filters.model_copy(update={"doc_ids": sorted(found_in)})
