"""Which side of a contrast a question asks for: "What is Norinco showing at Milipol instead of
weapons?", "what does norinco normally make instead of face recognition stuff?", "what weapons does
the piece say norinco is NOT showing", against "Chinese armaments firm Norinco is also present at
Milipol, but with facial recognition technology rather than assault rifles or battle tanks."

A sentence of the form "A rather than B" (or "instead of") says both sides plainly, and the reader,
trained on questions asking for what is said, reads one side for the other or refuses. So the side
is read from the sentence's words: the side the question's own "instead of X" does not name (A,
unless X shares a word with A: then B), or B, the side denied, when the question negates a verb of
showing or offering. Only a sentence that says at least as many of the question's words as any
other read, and (for a negated question) every name it gives, is read so.
"""

from __future__ import annotations

import re

from rag.extractive.candidates import Candidate
from rag.extractive.spans import Span
from rag.questions.analysis import names_of
from rag.words import nlp
from rag.words import text as lang

MARKERS = r"\b(?:rather than|instead of)\s+"
MARKER = re.compile(MARKERS, re.I)
CLAUSE_END = re.compile(r"[,.;:()\"“”]")
ASKED_INSTEAD = re.compile(rf"{MARKERS}(?P<x>[^?.!,]+)", re.I)
# "what is Norinco NOT showing?": a verb of what is on show, denied.
NEGATED_SHOWING = re.compile(
    r"\b(?:not|n't|never)\s+(?:\w+\s+)?(?:show\w*|display\w*|exhibit\w*|offer\w*|bring\w*|"
    r"present\w*|feature\w*|sell\w*|market\w*)\b",
    re.I,
)
ASKS_WHAT = re.compile(r"^\s*(?:what|which)\b", re.I)
# A name, a place, a time or a figure is asked for, not a thing shown.
NOT_A_THING = {"person", "organisation", "agent", "place", "date", "quantity", "money", "percent"}
MOST_WORDS = 6


def _sides(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The offsets of side A, the words just before the marker that are not stopwords ("facial
    recognition technology" of "… but with facial recognition technology"), at most
    `MOST_WORDS`, and of side B, after the marker up to the clause's end. Scanned, not matched by
    one pattern, so a long sentence without punctuation costs one pass."""
    marker = MARKER.search(text)
    if marker is None:
        return None
    end = CLAUSE_END.search(text, marker.end())
    b = (marker.end(), end.start() if end else len(text))
    tail: list[re.Match[str]] = []
    for word in reversed(list(re.finditer(r"\S+", text[: marker.start()]))):
        if CLAUSE_END.search(word.group(0)) or word.group(0).lower() in lang.STOPWORDS:
            break
        if len(tail) == MOST_WORDS:
            break
        tail.insert(0, word)
    if not tail or b[1] <= b[0]:
        return None
    return (tail[0].start(), tail[-1].end()), b


def side_asked(question: str, kind: str, sentences: list[Candidate]) -> Span | None:
    """The side of the sentence setting two things against each other that the question asks
    for; None when it asks for no side of a contrast, or no sentence read says one about it."""
    instead = ASKED_INSTEAD.search(question)
    negated = NEGATED_SHOWING.search(question)
    if not (instead or negated) or not ASKS_WHAT.search(question) or kind in NOT_A_THING:
        return None
    asked = set(lang.terms(question))

    def about(candidate: Candidate) -> bool:
        """About one of the question's names ("Norinco"; "the Paris fair" may be said
        elsewhere); about all of them when the question only negates ("never sell to
        Thailand"). "on display at other stands" is about none."""
        text = f"{candidate.context} {candidate.text}"
        said = set(lang.terms(text))
        named = [terms for n in names_of(question, text) if (terms := set(lang.terms(n)))]
        covered = [terms <= said for terms in named]  # not "NOT", a word typed in capitals
        return any(covered) and (bool(instead) or all(covered))

    sentences = [c for c in sentences if about(c)]
    overlaps = [len(lang.covered(asked, set(lang.terms(c.text)))) for c in sentences]
    best = max(overlaps, default=0)
    for candidate, overlap in zip(sentences, overlaps, strict=True):
        sides = _sides(candidate.text)
        if sides is None or overlap < best:
            continue
        (a_start, a_end), (b_start, b_end) = sides
        a, b = candidate.text[a_start:a_end], candidate.text[b_start:b_end].strip()
        other = set(lang.terms(instead["x"])) if instead else set()
        denied = not instead or (
            bool(other & set(lang.terms(a))) and not other & set(lang.terms(b))
        )
        start, side = (b_start, b) if denied else (a_start, a)
        entity = nlp.Entity(start, start + len(side), side, "thing")
        return Span(candidate, entity, key=side.lower(), fit=1.0, closeness=1.0)
    return None


# What a sentence sets its subject against: "But contrary to weapons and ammunition on display at
# other stands, Chinese firms offer non-lethal equipment": not what the firms offer.
SET_AGAINST = re.compile(r"\b(?:contrary to|rather than|instead of|as opposed to|unlike)\s+", re.I)


def set_against(question: str, sentence: str, start: int, end: int) -> bool:
    """The span (`start:end` of the sentence) opens in what the sentence sets its subject against
    (up to the clause's end), and the question says none of that side's other words but a verb
    ("on display"): "what non-lethal gear are the chinese firms displaying?" is not answered by
    "weapons and ammunition", "what was on display at other stands?" is."""
    asked = set(lang.terms(question))
    for marker in SET_AGAINST.finditer(sentence):
        end_of_side = CLAUSE_END.search(sentence, marker.end())
        side_end = end_of_side.start() if end_of_side else len(sentence)
        if marker.end() <= start < side_end:  # it opens in that side, wherever it ends
            rest = sentence[marker.end() : start] + " " + sentence[end:side_end]
            # A verb of the act ("on display") says which side no more than the other does.
            return not asked & (set(lang.terms(rest)) - lang.ACT.keys())
    return False
