"""Whom a person quoted works for, as news gives it: "said Yolen Ye, sales manager at GDU", "said
Sylvain Shuang, who represents the firm in francophone Africa" (the firm the sentence before
names: Hytera Communications Corporation). Asked "Is Yolen Ye with Hytera?", the sentence says
no (GDU); "Does Yolen Ye work for GDU?", yes.

Read only where the sentence names the person asked about and gives an employer in one of
those two shapes; a question naming no one, or an employer no sentence gives, is left to the
other readings (`rag.extractive.yesno`).
"""

from __future__ import annotations

import re

from rag.words import text as lang

# "Is Yolen Ye with GDU?", "Does Yolen Ye work for GDU?", "Is Sylvain Shuang from Hytera?",
# "Does Sylvain Shuang represent Hytera?", "Is Yolen Ye employed by GDU?".
ASKED = re.compile(
    r"^\s*(?:is|was|does|did)\s+(?P<person>[\w'’-]+(?:\s+[\w'’-]+){1,2}?)\s+"
    r"(?:with|from|at|of|represents?|work(?:s|ed)?\s+(?:for|at|with)|employed\s+(?:by|at)|"
    r"(?:an?\s+)?(?:employee|rep|representative|manager|spokes\w+)\s+(?:of|for|at))\s+"
    r"(?:the\s+)?(?P<org>[\w&.'’-]+(?:\s+(?-i:[A-Z])[\w&.'’-]*)*)",
    re.I,
)
# After the person's name: ", sales manager at GDU", ", a spokesman for Norinco".
TITLED = r",\s+(?:an?\s+|the\s+)?(?:(?!who\b)[\w-]+\s+){0,4}?(?:at|of|for|with)\s+(?P<org>(?-i:[A-Z])[\w&-]*)"
# After the person's name: ", who represents the firm", ", who works for the company".
REFERRED = (
    r",\s+who\s+(?:represents|works\s+for|heads|runs|speaks\s+for)\s+the\s+"
    r"(?:[\w-]+\s+)?(?:firm|company|group|corporation|manufacturer|maker)\b"
)
# A name as news writes an organisation: capitalised words, not the sentence's first word.
ORGANISATION = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*")


def by_affiliation(question: str, sentence: str, before: str = "") -> str | None:
    """Yes when the sentence gives the person asked about the employer asked, no when it gives
    another one; None when it gives none or does not name the person."""
    asked = ASKED.search(question)
    # An employer is a name: "at the fair" is none, but a question typed in lower case has none.
    if asked is None or (asked["org"][:1].islower() and not question.islower()):
        return None
    person = re.escape(asked["person"].strip())
    employer = None
    if titled := re.search(rf"\b{person}{TITLED}", sentence, re.I):
        employer = titled["org"]
    elif re.search(rf"\b{person}{REFERRED}", sentence, re.I):
        named = [m.group(0) for m in ORGANISATION.finditer(before.strip())]
        employer = named[-1] if named else None
    if employer is None:
        return None
    wanted, given = set(lang.terms(asked["org"])), set(lang.terms(employer))
    if not wanted or not given:
        return None
    if not (wanted <= given or given <= wanted):
        return "No"
    # The rest of the question must be said too: "… represent Hytera in Asia?" is not a yes.
    rest = set(lang.terms(question[asked.end() :]))
    return "Yes" if rest <= lang.covered(rest, set(lang.terms(f"{before} {sentence}"))) else None
