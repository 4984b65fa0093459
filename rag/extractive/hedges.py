"""Whether a sentence hedges what a yes/no question asks: "may", "estimated", "expected to" in
the part of the sentence that says it, not elsewhere in it.

"With the EU's improved stance on personal privacy, Chinese firms may find that they have a
hard time selling …" states the improved stance; its "may" hedges the firms' hard time. A hedge
counts in a stretch between commas (or semicolons, colons, brackets, dashes) that holds at least
half of the question's words the sentence says; a condition, a report or an estimate ("If …",
"reportedly", "By some estimates, …") hedges all of it wherever it stands.
"""

from __future__ import annotations

import re

from rag.words import text as lang

HEDGED = re.compile(
    r"\b(?:may|might|could|would|expect|expects|expected|estimates?|estimated|if|whether|plans?|"
    r"reportedly|allegedly|possibly|perhaps|likely|suggests?|forecasts?|predicts?|projected|"
    r"projections?)\b",
    re.I,
)
# Hedges of the whole sentence wherever they stand: a condition, a report, an estimate ("If the
# deal goes through, …", "By some estimates, …", "Huawei, reportedly, sold …").
WHOLE = re.compile(
    r"\b(?:if|whether|reportedly|allegedly|possibly|perhaps|likely)\b"
    r"|\b(?:by|according to) (?:some|most|one|their|its|his|her|official) estimates?\b",
    re.I,
)
# "handcuffs that would deliver electric shocks": the hedge qualifies the thing, not the statement.
RELATIVE_HEDGE = re.compile(r"\b(?:that|which|who)\s+(?:may|might|could|would)\b", re.I)
# Where a stretch of a sentence ends: punctuation, not the words that open a clause.
STRETCH = re.compile(r"[,;:()]|\s[–—-]\s")


def hedges_anything(text: str) -> bool:
    """The text hedges something it states (not a thing it describes: "handcuffs that would …")."""
    return HEDGED.search(RELATIVE_HEDGE.sub(" ", text)) is not None


def hedged(question: str, sentence: str) -> bool:
    """The sentence hedges the part of it that says the question's words."""
    plain = RELATIVE_HEDGE.sub(" ", sentence)  # as `hedges_anything` reads it
    if not HEDGED.search(plain):
        return False
    if WHOLE.search(plain):
        return True
    asked = set(lang.terms(question))
    said = lang.covered(asked, set(lang.terms(plain)))
    for stretch in STRETCH.split(plain):
        if HEDGED.search(stretch) and 2 * len(lang.covered(said, set(lang.terms(stretch)))) >= len(
            said
        ):
            return True
    return False
