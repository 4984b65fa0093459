"""Named entities and figures in sentences: the candidate answers an answer's lead is chosen from.

spaCy's English pipeline finds people, organisations, places, dates and amounts; a few regular
expressions add the figures and years its small model misses or mislabels ("89" as a date).
The model's labels are stored with each passage at ingest (`ingest.text.entities`); for passages
stored without them, entities are found here and cached by sentence.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from ingest.text import entities as labelling
from rag.words.text import MONTHS as MONTH_NAMES
from rag.words.text_cache import TextCache

# spaCy's labels, grouped into the kinds of answer a question can expect.
LABEL_KIND = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "DATE": "date",
    "TIME": "date",
    "CARDINAL": "quantity",
    "QUANTITY": "quantity",
    "MONEY": "money",
    "PERCENT": "percent",
    "WORK_OF_ART": "work",
    "PRODUCT": "product",
    "EVENT": "event",
    "LAW": "law",
    "LANGUAGE": "language",
}
SCALE = r"(?:\s*(?:%|percent|per cent|million|billion|trillion|thousand|bn|m)\b)?"
FIGURE = re.compile(r"(?<![\w.])[$£€¥]?\s?\d[\d,]*(?:\.\d+)?" + SCALE, re.I)
YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)s?$")
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
DATE = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?\b|\b\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?\b|"
    rf"\b{MONTH}\s+\d{{4}}\b|\b(?:1[6-9]\d\d|20\d\d)\b"
)
# A run of capitalised words ("Kilimanjaro National Park", "The Last of Us"): the names the small
# model does not label, titles above all.
NAME = re.compile(r"\b[A-Z][\w'’&.-]*(?:\s+(?:of|the|and|de|for|in|on|&)?\s*[A-Z0-9][\w'’&.-]*)*")


NOT_NAMES = {"i", "the", "a", "an", "it", "he", "she", "they", "we", "but", "and", "in", "on"}


@dataclass(frozen=True)
class Entity:
    """A span of a sentence: [start, end) in the sentence, and the kind of thing it names."""

    start: int
    end: int
    text: str
    kind: str


class Entities:
    """Entities of sentences, cached; safe to call from several threads."""

    def __init__(self, model: str, size: int = 50_000) -> None:
        self.model = model
        self._cache = TextCache(self._find, size)
        self._model_lock = threading.Lock()  # one spaCy pipeline is not thread-safe

    def _find(self, texts: list[str]) -> list[tuple[Entity, ...]]:
        with self._model_lock:
            labelled = labelling.label(texts, self.model)
        return [entities_of(text, found) for text, found in zip(texts, labelled, strict=True)]

    def __call__(self, texts: list[str]) -> list[tuple[Entity, ...]]:
        return self._cache(texts)


def entities_of(text: str, labelled: list[tuple[int, int, str]]) -> tuple[Entity, ...]:
    """The model's entities, relabelled where it is wrong often, plus figures, dates and
    capitalised names it missed."""
    dates = list(DATE.finditer(text))
    found: list[Entity] = [
        Entity(m.start(), m.end(), m.group(0), "date") for m in dates if not _page_date(text, m)
    ]
    dated = [(m.start(), m.end()) for m in dates]
    for start, end, label in labelled:
        kind = LABEL_KIND.get(label)
        if kind is None or any(start < b and end > a for a, b in dated):
            continue
        span = text[start:end]
        if "(" in span and ")" not in span:  # "Egan Bernal (UAE Team Emirates"
            span = span[: span.index("(")].rstrip()
            end = start + len(span)
            if not span:
                continue
        if kind == "date" and re.fullmatch(r"\d[\d,.]*", span) and not YEAR.match(span):
            kind = "quantity"  # "89 are Chinese companies": a count, not a date
        if kind == "quantity" and YEAR.match(span):
            kind = "date"
        if kind == "quantity" and ("%" in span or re.search(r"\bper ?cent\b", span, re.I)):
            kind = "percent"
        found.append(Entity(start, end, span, kind))
    taken = [(e.start, e.end) for e in found] + dated

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for pattern, kind_of in ((FIGURE, _figure_kind), (NAME, None)):
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            span = match.group(0).rstrip(".,")
            end = start + len(span)
            if not span.strip() or not free(start, end):
                continue
            if kind_of is None:
                opening = not text[:start].strip(" \"“‘'(")
                if opening or len(span) < 2 or span.lower() in NOT_NAMES:
                    continue  # a sentence's first word is capitalised anyway
                kind = "name"
            else:
                kind = kind_of(span)
            found.append(Entity(start, end, span, kind))
            taken.append((start, end))
    found = [_as_law(e) for e in found]
    return tuple(sorted(found, key=lambda e: e.start))


# "the CHIPS for America Act", "the Paris Accord": a law by its last word, whatever the model
# called it (a name it missed, an organisation, a work).
LAW_HEAD = re.compile(r"\b(?:Act|Bill|Law|Treaty|Convention|Accord|Directive|Regulation)$")


def _as_law(entity: Entity) -> Entity:
    if entity.kind in {"name", "organisation", "product", "work"} and LAW_HEAD.search(entity.text):
        return Entity(entity.start, entity.end, entity.text, "law")
    return entity


def _page_date(text: str, match: re.Match[str]) -> bool:
    """A search snippet's own date ("Sep 11, 2021 ... Emma Raducanu won"): when the page was
    published, not what it says."""
    return match.start() == 0 and text[match.end() :].lstrip().startswith(("...", "…", "·", "—"))


def _figure_kind(span: str) -> str:
    if YEAR.match(span.strip()):
        return "date"
    if "%" in span or re.search(r"per ?cent", span, re.I):
        return "percent"
    if span.lstrip()[0] in "$£€¥":
        return "money"
    return "quantity"


NUMBER_WORDS = {
    "thousand": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}


MONTHS = {**MONTH_NAMES, "sept": 9}  # month names and abbreviations -> 1..12


def date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) as far as the text says them."""
    low = text.lower()
    year = re.search(r"\b(1[6-9]\d\d|20\d\d)\b", low)
    month = next((n for w, n in MONTHS.items() if re.search(rf"\b{w}\b", low)), None)
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"\b\d{4}\b", "", low))
    return (
        int(year.group(1)) if year else None,
        month,
        int(day.group(1)) if day and month else None,
    )


def normalise(text: str, kind: str) -> str:
    """A key under which two spellings of the same answer meet ("$1.65 billion" and "1.65bn";
    "The U.S." and "US"), and different answers do not ("1.65" and "10.65")."""
    value = text.lower().strip()
    if kind in {"quantity", "money", "percent"}:
        number = re.search(r"\d[\d,]*(?:\.\d+)?", value)
        if number:
            amount = float(number.group(0).replace(",", ""))
            scale = re.search(r"\b(thousand|million|billion|trillion|bn|m)\b", value)
            if scale:
                amount *= NUMBER_WORDS[scale.group(1)]
            unit = "%" if kind == "percent" else ("$" if kind == "money" else "")
            return f"{unit}{amount:g}"
    if kind == "date":
        year, month, day = date_parts(value)
        if year or month:
            return "date:" + "-".join("?" if p is None else str(p) for p in (year, month, day))
    value = re.sub(r"[’']s$", "", value)
    value = re.sub(r"^(the|a|an)\s+", "", value)
    value = re.sub(r"[^\w\s]", "", value)
    return re.sub(r"\s+", " ", value).strip()
