"""Questions about the articles themselves: who wrote one, when it was published, which outlet
ran it, what its headline and standfirst are. They are answered from what ingest kept of the
page's header (meta tags, the byline, JSON-LD, a record's fields) and cited to the article's
header, since no sentence of the text says them; what the header does not give is said plainly,
as a refusal (the articles do not answer it). Its section headings are cited in its text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from llama_index.core.schema import NodeWithScore, TextNode

from rag.extractive.answer import Composition
from rag.extractive.candidates import Candidate
from rag.extractive.spans import Span
from rag.forms.sections import headings
from rag.words import text as lang
from rag.words.nlp import Entity

FIELD_NAMES = {
    "author": "author",
    "date": "publication date",
    "source": "outlet",
    "title": "headline",
    "subtitle": "standfirst",
}


def header_line(metadata: dict[str, Any], subtitle: bool = False) -> str:
    """The article's header as one line: what a citation to it quotes (with the standfirst
    when that is what was asked)."""
    parts = [metadata.get("title") or metadata["doc_id"]]
    if subtitle and metadata.get("subtitle"):
        parts.append(str(metadata["subtitle"]))
    if metadata.get("author"):
        parts.append(f"by {metadata['author']}")
    if metadata.get("source"):
        parts.append(str(metadata["source"]))
    if metadata.get("date") or metadata.get("published_at"):
        parts.append(f"published {metadata.get('date') or metadata.get('published_at')}")
    return " · ".join(parts)


def header_candidate(metadata: dict[str, Any], subtitle: bool = False) -> Candidate:
    """The header as a citable candidate: its part is "header", with no offsets in the text."""
    line = header_line(metadata, subtitle)
    node = TextNode(id_=f"{metadata['doc_id']}#header", text=line, metadata=metadata)
    return Candidate(NodeWithScore(node=node, score=0.0), 0, line, 0, 0, part="header")


def captions(metadata: dict[str, Any]) -> Composition:
    """An article's photo captions, each cited: kept apart from the text at ingest (they never
    answer other questions), they say what a photo shows and where it was taken."""
    title = metadata.get("title") or metadata["doc_id"]
    found = [str(c) for c in metadata.get("captions") or []]
    if not found:
        header = header_candidate(metadata)
        return Composition(
            "answer", [header], form="photo", intro=f'"{title}" has no photo caption.'
        )
    chosen = [caption_candidate(metadata, n, caption) for n, caption in enumerate(found)]
    intro = f'The photo caption{"s" if len(found) > 1 else ""} of "{title}":'
    return Composition("answer", chosen, form="photo", intro=intro)


def about(field: str, metadata: dict[str, Any]) -> Composition:
    """The asked field of one article's header, cited; or that the header does not give it."""
    candidate = header_candidate(metadata, subtitle=field == "subtitle")
    value = metadata.get(field) or (metadata.get("published_at") if field == "date" else None)
    title = metadata.get("title") or metadata["doc_id"]
    if not value:
        return Composition(
            "refused", form="about", intro=f'"{title}" does not give its {FIELD_NAMES[field]}.'
        )
    value = str(value)
    offset = max(candidate.text.find(value), 0)
    entity = Entity(offset, offset + len(value), value, field)
    lead = Span(candidate, entity, key=value, fit=1.0, closeness=1.0)
    return Composition("answer", [candidate], lead=lead, form="about")


def about_each(field: str, documents: list[dict[str, Any]], total: int) -> Composition:
    """The asked field of several articles' headers, one cited line each ("the headlines of
    the articles"); `total` is how many the question covered, said when more than are listed."""
    chosen = [header_candidate(metadata, subtitle=field == "subtitle") for metadata in documents]
    name = FIELD_NAMES[field]
    values = [
        metadata.get(field) or (metadata.get("published_at") if field == "date" else "")
        for metadata in documents
    ]
    if not any(values):
        whose = "Neither article gives" if total == 2 else f"None of the {total} articles gives"
        return Composition("refused", form="about", intro=f"{whose} its {name}.")
    items = []
    for index, (metadata, value) in enumerate(zip(documents, values, strict=True)):
        title = metadata.get("title") or metadata["doc_id"]
        if not value:
            said = f"{title}: no {name} given"
        else:
            said = str(value) if field == "title" else f"{value} ({title})"
        items.append((said, index))
    plural = "es" if name.endswith("h") else "s"
    if total > len(chosen):
        intro = f"The {name}{plural} of the {len(chosen)} newest of {total} articles:"
    else:
        intro = f"The {name}{plural} of the {total} article{'s' if total != 1 else ''}:"
    return Composition("answer", chosen, form="headers", intro=intro, items=items)


def stated(part: str, quote: str, metadata: dict[str, Any]) -> bool:
    """A header, caption or teaser quote is what the article's stored metadata says."""
    if part == "header":
        return quote in (header_line(metadata), header_line(metadata, subtitle=True))
    if part == "teaser":
        return any(quote in str(t) for t in metadata.get("teasers") or [])
    return quote in [str(c) for c in metadata.get("captions") or []]


def photos_showing(
    topic: str, documents: list[dict[str, Any]], weight: Callable[[str], float]
) -> Composition | None:
    """Captions across the index that say the topic's words ("Which photo shows Hytera's
    stand?"): captions are kept out of the text answers are quoted from, so this is the one
    place they are searched. None when no caption says most of them."""
    wanted = {t: weight(t) for t in set(lang.terms(topic))}
    total = math.fsum(wanted.values()) or 1.0
    found: list[tuple[float, Candidate]] = []
    for metadata in documents:
        if metadata.get("duplicate_of"):
            continue  # an exact copy: its original is listed
        for number, caption in enumerate(str(c) for c in metadata.get("captions") or []):
            said = lang.covered(set(wanted), set(lang.terms(caption)))
            share = math.fsum(wanted[t] for t in said) / total
            if share >= 0.5:
                found.append((share, caption_candidate(metadata, number, caption)))
    if not found:
        return None
    found.sort(key=lambda f: -f[0])
    unique: dict[str, Candidate] = {}
    for _, candidate in found:
        unique.setdefault(candidate.text, candidate)  # a syndicated caption once
    chosen = list(unique.values())[:5]
    intro = f'Photo caption{"s" if len(chosen) > 1 else ""} saying "{topic}":'
    return Composition("answer", chosen, form="photo", intro=intro)


def every_caption(documents: list[dict[str, Any]], scope: list[str] | None) -> Composition | None:
    """The captions of the articles in scope that have any ("What does the photo caption say?"
    names no article): up to five, a syndicated one once. None when no article has a caption."""
    unique: dict[str, Candidate] = {}
    for metadata in documents:
        if scope and metadata["doc_id"] not in scope:
            continue
        for number, caption in enumerate(str(c) for c in metadata.get("captions") or []):
            unique.setdefault(caption, caption_candidate(metadata, number, caption))
    chosen = list(unique.values())[:5]
    titles = {c.node.metadata.get("title") or c.node.metadata["doc_id"] for c in chosen}
    if not titles:
        return None
    whose = f'of "{next(iter(titles))}"' if len(titles) == 1 else "in the articles"
    intro = f"The photo caption{'s' if len(chosen) > 1 else ''} {whose}:"
    return Composition("answer", chosen, form="photo", intro=intro)


def caption_candidate(metadata: dict[str, Any], number: int, caption: str) -> Candidate:
    node = TextNode(id_=f"{metadata['doc_id']}#caption-{number}", text=caption, metadata=metadata)
    return Candidate(NodeWithScore(node=node, score=0.0), 0, caption, 0, 0, part="caption")


def sections(articles: list[tuple[str, list[NodeWithScore]]]) -> Composition:
    """Articles' section headings (`rag.forms.sections`), in reading order, each cited where it stands
    in the text; for several articles, each heading after its article's title."""
    chosen: list[Candidate] = []
    items: list[tuple[str, int]] = []
    for title, passages in articles:
        for heading in headings(passages, title):
            said = heading.text if len(articles) == 1 else f"{title}: {heading.text}"
            items.append((said, len(chosen)))
            chosen.append(heading)
    whose = f'"{articles[0][0]}"' if len(articles) == 1 else f"the {len(articles)} articles"
    if not chosen:
        return Composition("refused", form="headers", intro=f"No section headings in {whose}.")
    count = f"{len(chosen)} section heading{'s' if len(chosen) > 1 else ''}"
    return Composition("answer", chosen, form="headers", intro=f"{count} in {whose}:", items=items)
