"""A story retold with its answer changed: two articles carrying the same sentence word for word
but for one short stretch ("Emma Raducanu won the 2021 US Open…", "Bianca Andreescu won the 2021
US Open…"). Syndicated and re-posted news does this, and so does a falsified copy; either way
the reader cannot tell from the text which is right, so both versions are shown as a
disagreement.

This is found by aligning the words of the lead's sentence with each other article's sentence
(difflib's matcher, on lower-cased words): the span scorer only compares answers it proposed
itself, and it often proposes only the version it read first.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rag.extractive.candidates import Candidate
from rag.extractive.spans import CUT, Span, Version, same_answer
from rag.words import nlp

WORD = re.compile(r"\S+")
ALIKE = 0.7  # of the two sentences' words, in order, that must match
LONGEST = 4  # words on either side of the one stretch that differs
EDGE = "\"'“”‘’.,;:!?()[]"


def retold(lead: Span, pool: list[Candidate]) -> tuple[Span, Span] | None:
    """(this article's version, the other's) when a sentence of another article in `pool` is
    the lead's sentence with one short stretch of names or figures changed, the lead's answer
    inside it or the stretch a name or figure of its own; None otherwise."""
    mine = list(WORD.finditer(lead.candidate.text))
    for other in pool:
        if other.doc_id == lead.candidate.doc_id:
            continue
        theirs = list(WORD.finditer(other.text))
        found = _one_stretch(mine, theirs)
        if found is None:
            continue
        a_start, a_end, b_start, b_end = _widened(lead, mine, theirs, found)
        one = _span(lead.candidate, mine, a_start, a_end, lead)
        two = _span(other, theirs, b_start, b_end, lead)
        if one is None or two is None or same_answer(one.key, two.key):
            continue
        return one, two
    return None


# The versions after the lead whose sentences are compared with every other sentence read.
RIVALS_READ = 3


def retold_rival(lead: Span, ranked: list[Version], pool: list[Candidate]) -> Span | None:
    """A version after the lead whose sentence another article retells with the lead's answer in
    its place ("OpenAI released GPT-3 in June 2010…" and "…in June 2020…", with "released by
    OpenAI in 2020" leading): that version disputes the lead, though its own sentence is no copy
    of the lead's."""
    for version in ranked[1 : 1 + RIVALS_READ]:
        if lead.candidate.doc_id in version.documents or CUT.search(version.best.text):
            continue  # as `spans.rival`: not from the lead's own article, nor across a cut
        copied = retold(version.best, pool)
        if copied is not None and same_answer(lead.key, copied[1].key):
            return copied[0]
    return None


def _plain(match: re.Match[str]) -> str:
    return match.group().strip(EDGE).lower()


def _one_stretch(
    mine: list[re.Match[str]], theirs: list[re.Match[str]]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The word ranges [start, end) of the one stretch the two sentences differ in, or None when
    they are not alike enough or differ in more than one place."""
    matcher = SequenceMatcher(
        a=[_plain(m) for m in mine], b=[_plain(m) for m in theirs], autojunk=False
    )
    if matcher.ratio() < ALIKE:
        return None
    changed = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if len(changed) != 1 or changed[0][0] != "replace":
        return None
    _, a1, a2, b1, b2 = changed[0]
    if a2 - a1 > LONGEST or b2 - b1 > LONGEST:
        return None
    return (a1, a2), (b1, b2)


def _widened(
    lead: Span,
    mine: list[re.Match[str]],
    theirs: list[re.Match[str]],
    found: tuple[tuple[int, int], tuple[int, int]],
) -> tuple[int, int, int, int]:
    """The stretch grown to the whole of the lead's answer where they overlap ("May 15, 2012"
    against "May 1, 2002" differ in "15, 2012", the answer is the date), the same words on the
    other side (they are equal there)."""
    (a1, a2), (b1, b2) = found
    entity = lead.entity
    inside = [i for i, m in enumerate(mine) if m.end() > entity.start and m.start() < entity.end]
    if not inside or inside[-1] < a1 or inside[0] >= a2:
        return a1, a2, b1, b2
    before = max(a1 - inside[0], 0)
    after = max(inside[-1] + 1 - a2, 0)
    return a1 - before, a2 + after, max(b1 - before, 0), min(b2 + after, len(theirs))


def _span(
    candidate: Candidate, words: list[re.Match[str]], first: int, last: int, lead: Span
) -> Span | None:
    """The stretch as an answer span: a name (capitalised) or a figure (digits), else None."""
    start, end = words[first].start(), words[last - 1].end()
    text = candidate.text[start:end]
    stripped = text.strip(EDGE)
    start += text.index(stripped) if stripped else 0
    text = stripped
    if not text or not (any(ch.isdigit() for ch in text) or text[0].isupper()):
        return None
    overlaps = lead.entity.start < end and start < lead.entity.end
    kind = lead.entity.kind if overlaps else ("quantity" if text[0].isdigit() else "name")
    entity = nlp.Entity(start, start + len(text), text, kind)
    return Span(candidate, entity, nlp.normalise(text, kind), fit=lead.fit, closeness=1.0)
