"""How the articles are put together, compared: "Compare the two headlines", "How are the two
articles laid out - section headings, photo?". What is compared is each article's header, its
section headings and its photo captions (what ingest kept of them, `rag.forms.about`), not its
sentences: a search of the text for "headline" would find none of them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from llama_index.core.schema import NodeWithScore

from rag.extractive.answer import Composition
from rag.extractive.candidates import Candidate
from rag.forms import about, headers
from rag.forms.sections import headings

if TYPE_CHECKING:
    from rag.forms import Reading
    from rag.models import Filters

# The parts of an article a comparison may ask about, by the words that name them.
PARTS = {
    "title": r"headlines?|(?:article|story|piece)s?['’]? titles?|titles? of (?:the |each |both )?"
    r"(?:two )?(?:articles?|pieces?|stories)",
    "subtitle": r"standfirsts?|subtitles?|sub-?headlines?|decks?|taglines?",
    "sections": r"(?:section )?headings?|sub-?head(?:ing)?s?|sections|cross-?heads?",
    "photo": r"photos?|captions?",
    "author": r"bylines?",
    "teasers": r"similar articles|teasers?|trailers?|related (?:articles|stories|links)",
}
# Words for the whole make-up of the articles, said of them (not "the structure of the
# surveillance network"): every part is compared.
ARTICLES = r"(?:articles?|pieces?|stories|story|reports?)"
WHOLE = re.compile(
    r"\bstructurally\b|\bextras\b|\blayouts?\b"
    rf"|\b(?:structure|format|formatting|organi[sz]ation|make-?up)s? of (?:the |each |both )?"
    rf"(?:two )?{ARTICLES}\b"
    rf"|\b{ARTICLES}['’]?\s+(?:structure|format|formatting|make-?up)\b"
    rf"|\b{ARTICLES}\s+(?:(?:are|is|were|was)\s+)?(?:laid out|structured|formatted|organi[sz]ed)\b",
    re.I,
)
ASKED = {part: re.compile(rf"\b(?:{words})\b", re.I) for part, words in PARTS.items()}
ORDER = ["title", "subtitle", "author", "sections", "photo", "teasers"]
LISTED = 10  # articles compared at most: a header is one read of the store per article


def asked_parts(question: str) -> list[str]:
    """The parts of the articles a comparison asks about, in reading order; every part for their
    layout or structure; none for a comparison of what they say."""
    if WHOLE.search(question):
        return ORDER
    return [part for part in ORDER if ASKED[part].search(question)]


def compared(parts: list[str], filters: Filters, reading: Reading) -> Composition:
    """Each article's asked parts, one cited line each, article by article in the library's
    order; a part an article lacks is said to be missing, cited to its header."""
    documents = headers.admitted_articles(filters, reading)[:LISTED]
    passages = reading.passages_of([d.doc_id for d in documents]) if "sections" in parts else []
    chosen: list[Candidate] = []
    items: list[tuple[str, int]] = []
    shown = 0
    for document in documents:
        metadata = reading.store.document_metadata(document.doc_id)
        if metadata is None:
            continue
        shown += 1
        own = [p for p in passages if p.node.metadata.get("doc_id") == document.doc_id]
        for said, candidate in _parts(parts, metadata, own):
            items.append((said, len(chosen)))
            chosen.append(candidate)
    if not chosen:
        return Composition("refused", form="headers")
    names = " and ".join(_NAMES[p] for p in parts) if len(parts) < len(ORDER) else "make-up"
    intro = f"The {names} of the {shown} articles:" if shown > 1 else f"The {names} of the article:"
    return Composition("answer", chosen, form="headers", intro=intro, items=items)


_NAMES = {
    "title": "headlines",
    "subtitle": "standfirsts",
    "sections": "section headings",
    "photo": "photo captions",
    "author": "bylines",
    "teasers": "teasers of other stories",
}


def _parts(
    parts: list[str], metadata: dict[str, Any], passages: list[NodeWithScore]
) -> list[tuple[str, Candidate]]:
    """(what is said of the part, its citation) for each asked part of one article; of its whole
    make-up, a standfirst or byline it lacks goes unsaid (a photo or headings it lacks is a
    difference in how it is laid out)."""
    title = metadata.get("title") or metadata["doc_id"]
    header = about.header_candidate(metadata, subtitle=True)
    whole = parts == ORDER
    lines: list[tuple[str, Candidate]] = []
    for part in parts:
        if part == "title":
            lines.append((f'"{title}" (headline)', header))
        elif part in {"subtitle", "author"}:
            value = metadata.get(part)
            name = "standfirst" if part == "subtitle" else "byline"
            if value or not whole:
                said = f'{name} "{value}"' if value else f"no {name}"
                lines.append((f'"{title}": {said}', header))
        elif part == "sections":
            found = headings(passages, title)
            lines += [(f'"{title}": section heading "{h.text}"', h) for h in found]
            if not found:
                lines.append((f'"{title}": no section headings', header))
        elif part == "photo":
            captions = [str(c) for c in metadata.get("captions") or []]
            lines += [
                (f'"{title}": photo caption "{c}"', about.caption_candidate(metadata, n, c))
                for n, c in enumerate(captions)
            ]
            if not captions:
                lines.append((f'"{title}": no photo', header))
        else:
            teasers = metadata.get("teasers") or []
            if teasers or not whole:
                count = (
                    f"{len(teasers)} teaser{'s' if len(teasers) != 1 else ''}"
                    if teasers
                    else "no teasers"
                )
                said = f"{count} of other stories"
                lines.append((f'"{title}": {said} ("Similar articles")', header))
    return lines
