"""The tone of two articles compared ("Which article is harsher in tone toward China?"): the
sentences where each writer judges rather than reports.

No model here scores a writer's stance (VADER, tried, scores the events told: torture, weapons,
not the writer), but the words news writers judge with are few and plain ("abysmally bad",
"worrisome", "appear to be well placed"), so each article's sentences are ranked by how many of
them they use, and the best of each is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rag.extractive.answer import Composition
from rag.extractive.candidates import Candidate
from rag.forms.about import header_candidate
from rag.words import text as lang

ASKS = re.compile(
    r"\b(?:tone|tones|harsh\w*|critical|negative|positive|alarmist|sympathetic|slant|stance|"
    r"tenor|even-handed|balanced)\b",
    re.I,
)
# Words a writer judges with, as terms: not what happened ("torture", "banned"), how it is seen.
JUDGING = set(
    lang.terms(
        "bad worse worst abysmal abysmally terrible awful poor worrisome worrying alarming "
        "troubling disturbing concerning controversial controversy infamous notorious dangerous "
        "sinister questionable dubious shocking appalling justified unjustified placed eyebrows "
        "indisputable fears"
    )
)
EACH = 2


def asks(question: str) -> bool:
    return ASKS.search(question) is not None


def compared(
    one: list[Candidate],
    other: list[Candidate],
    titles: tuple[str, str],
    headers: Sequence[dict[str, Any] | None] = (None, None),
) -> Composition:
    """Of each article, its sentences with the most words of judgement (at most `EACH`), in
    reading order; refused when neither judges. An article's standfirst (in its `headers`) is
    read first: it is where a writer's slant is put most plainly ("non-lethal, but still
    worrisome military devices")."""
    chosen: list[Candidate] = []
    for sentences, header in zip((one, other), headers, strict=True):
        if header and header.get("subtitle"):
            sentences = [header_candidate(header, subtitle=True), *sentences]
        judged = [(len(JUDGING & set(lang.terms(_own_words(c, header)))), c) for c in sentences]
        judging = (pair for pair in judged if pair[0])  # the standfirst first, when it judges
        best = sorted(judging, key=lambda p: (p[1].part != "header", -p[0]))[:EACH]
        chosen += sorted((c for _, c in best), key=lambda c: c.start)
    if not chosen:
        return Composition("refused", form="compare")
    intro = f'Where "{titles[0]}" and "{titles[1]}" judge rather than report:'
    return Composition("answer", chosen, form="compare", intro=intro)


def _own_words(candidate: Candidate, header: dict[str, Any] | None) -> str:
    """A sentence's text; of the header, only the standfirst, not the title or outlet its line
    also gives."""
    if candidate.part == "header" and header:
        return str(header.get("subtitle") or "")
    return candidate.text
