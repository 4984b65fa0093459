"""Whether a source gave a name, read from how news writes of one who withheld it: "Did the Norinco
rep give his name?" against "… said a representative of the state-owned firm who asked that his
name not be used" is a No; "Did he stay anonymous?", a Yes.
"""

from __future__ import annotations

import re

from rag.questions.analysis import names_of
from rag.words import text as lang

# How news writes of a source who withheld a name.
ANONYMOUS = re.compile(
    r"\b(?:(?:his|her|their) name (?:not be|be withheld|was withheld|withheld)"
    r"|not to be (?:named|identified)|declined to be (?:named|identified)|anonymously"
    r"|condition of anonymity|without being (?:named|identified)"
    r"|declined to (?:give|provide|share) (?:his|her|their) (?:full )?name)\b",
    re.I,
)
ASKS_ANONYMOUS = re.compile(
    r"\b(?:anonymous(?:ly)?|anonymity|unnamed|nameless|withh[eo]ld|declin\w* to be (?:named|identified)|"
    r"not (?:to )?be (?:named|identified))\b",
    re.I,
)
# Whether they gave a name: "give his name?", "was the Norinco spokesman named?" (not "identified
# as state-owned", "named in the complaint").
ASKS_NAMED = re.compile(
    r"\b(?:give|gave|given|giving|reveal(?:ed)?|disclosed?|shared?|provided?|stated?|say|said|"
    r"tell|told)\s+(?:(?:his|her|their|a)\s+)?(?:full\s+|real\s+)?name\b"
    r"|\b(?:named|identified)\s*[?.!]*\s*$|\bby\s+(?:his\s+|her\s+|their\s+)?name\b|\bon\s+the\s+record\b",
    re.I,
)


def by_anonymity(question: str, sentence: str, before: str = "") -> str | None:
    """Whether someone gave their name, against a sentence saying they withheld it: no; whether
    they stayed anonymous: yes. The question's names must be in the sentence or in the one it
    refers back to ("the state-owned firm" after "… Norinco is also present …")."""
    if not ANONYMOUS.search(sentence):
        return None
    said = set(lang.terms(f"{before} {sentence}"))
    # "Did anyone decline to be named?" asks of no one in particular; "norinco" in lower case too.
    names = names_of(question, f"{before} {sentence}")
    if not names or not all(lang.covered(set(lang.terms(n)), said) for n in names):
        return None
    if ASKS_ANONYMOUS.search(question):
        return "Yes"
    return "No" if ASKS_NAMED.search(question) else None
