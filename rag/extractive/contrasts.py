"""Which side of a contrast a question asks for: "What is Norinco showing at Milipol instead of
weapons?", "what does norinco normally make instead of face recognition stuff?", "what weapons does
the piece say norinco is NOT showing", against "Chinese armaments firm Norinco is also present at
Milipol, but with facial recognition technology rather than assault rifles or battle tanks."

A sentence of the form "A rather than B" (or "instead of") says both sides plainly, and the reader,
trained on questions asking for what is said, reads one side for the other or refuses. So the side
is read from the sentence's words: the side the question's own "instead of X" does not name (A,
unless X shares a word with A: then B), or B, the side denied, when the question negates its verb.
"""

from __future__ import annotations

import re

from rag.extractive.candidates import Candidate
from rag.extractive.spans import Span
from rag.extractive.yesno import names_of
from rag.words import nlp
from rag.words import text as lang

MARKER = r"(?:rather than|instead of)"
# "… but with facial recognition technology rather than assault rifles or battle tanks."
CONTRASTED = re.compile(
    rf"(?P<before>[^,.;:]*?)\s+{MARKER}\s+(?P<b>[^,.;:()\"“”]+?)\s*(?=[,.;:()\"“”]|$)", re.I
)
ASKED_INSTEAD = re.compile(rf"\b{MARKER}\s+(?P<x>[^?.!,]+)", re.I)
NEGATED = re.compile(r"\b(?:not|n't|never)\b", re.I)
ASKS_WHAT = re.compile(r"^\s*(?:what|which)\b", re.I)
MOST_WORDS = 6


def _side_a(before: str) -> str | None:
    """The words just before the marker that are not stopwords ("facial recognition technology"
    of "… but with facial recognition technology"), at most `MOST_WORDS`."""
    words = before.split()
    tail: list[str] = []
    for word in reversed(words):
        if word.lower() in lang.STOPWORDS or len(tail) == MOST_WORDS:
            break
        tail.insert(0, word)
    return " ".join(tail) or None


def side_asked(question: str, sentences: list[Candidate]) -> Span | None:
    """The side of the first sentence setting two things against each other, about one of the
    question's names, that the question asks for; None when it asks for no side of a contrast."""
    instead = ASKED_INSTEAD.search(question)
    negated = NEGATED.search(question)
    if not (instead or negated) or not ASKS_WHAT.search(question):
        return None
    for candidate in sentences:
        found = CONTRASTED.search(candidate.text)
        text = f"{candidate.context} {candidate.text}"
        names = names_of(question, text)  # "norinco" typed in lower case too
        said = set(lang.terms(text))
        # About one of the question's names ("Norinco"; "the Paris fair" may be said elsewhere).
        if found is None or not any(set(lang.terms(n)) <= said for n in names):
            continue
        a, b = _side_a(found["before"]), found["b"].strip()
        if a is None:
            continue
        if instead:
            named = set(lang.terms(instead["x"]))
            denied = bool(named & set(lang.terms(a))) and not named & set(lang.terms(b))
        else:
            denied = True  # "what is Norinco NOT showing?": the side after "rather than"
        side = b if denied else a
        start = found.start("b") if denied else found.start("before") + found["before"].rindex(a)
        entity = nlp.Entity(start, start + len(side), side, "thing")
        return Span(candidate, entity, key=side.lower(), fit=1.0, closeness=1.0)
    return None
