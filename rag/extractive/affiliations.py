"""Whom a person quoted works for, as news gives it: "said Yolen Ye, sales manager at GDU", "said
Sylvain Shuang, who represents the firm in francophone Africa" (the firm the sentence before
names: Hytera Communications Corporation). Asked "Is Yolen Ye with Hytera?", the sentence says
no (GDU); "Does Yolen Ye work for GDU?", yes.

Read only where the question asks about employment ("with", "work for", "represent", "employed
by", "a spokesman for"; not "from", "at" or "of", which ask where someone is or comes from),
names an organisation (not a place), and the sentence names the person with a job title and an
employer, or says whom the person represents; anything else is left to the other readings
(`rag.extractive.yesno`).
"""

from __future__ import annotations

import re

from rag.words import places
from rag.words import text as lang

JOBS = (
    r"manager|director|head|chief|executive|ceo|president|officer|spokes\w+|representative|rep|"
    r"employee|engineer|analyst|founder|chairman|chairwoman|official|salesman|saleswoman"
)
# "Is Yolen Ye with GDU?", "Does Yolen Ye work for GDU?", "Does Sylvain Shuang represent
# Hytera?", "Is Yolen Ye employed by GDU?", "Is Yolen Ye a spokesman for GDU?".
ASKED = re.compile(
    r"^\s*(?:is|was|does|did)\s+(?P<person>[\w'’-]+(?:\s+[\w'’-]+){1,2}?)\s+"
    r"(?:with|represents?|work(?:s|ed)?\s+(?:for|at|with)|employed\s+(?:by|at)|"
    rf"(?:an?\s+)?(?:[\w-]+\s+)?(?:{JOBS})\s+(?:of|for|at|with))\s+"
    r"(?:the\s+)?(?P<org>[\w&.-]+(?:\s+(?-i:[A-Z])[\w&.-]*)*)(?P<rest>.*)$",
    re.I,
)
# After the person's name, a job title and where: ", sales manager at GDU, …".
TITLED = rf",\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?(?:{JOBS})\b(?P<clause>[^,.;]*)"
EMPLOYER = re.compile(
    r"\b(?:at|of|for|with)\s+(?P<org>(?-i:[A-Z])[\w&-]*(?:\s+(?-i:[A-Z])[\w&-]*)*)"
)
# After the person's name: ", who represents the firm", ", who works for the company".
REFERRED = (
    r",\s+who\s+(?:represents|works\s+for|heads|runs|speaks\s+for)\s+the\s+"
    r"(?:[\w-]+\s+)?(?:firm|company|group|corporation|manufacturer|maker)\b"
)
# A name as news writes an organisation: capitalised words, not the sentence's first word.
ORGANISATION = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*")


def employer(person: str, sentence: str, before: str = "") -> str | None:
    """The organisation the sentence says `person` works for, if it says one."""
    name = re.escape(person.strip())
    if titled := re.search(rf"\b{name}{TITLED}", sentence, re.I):
        found = [m["org"] for m in EMPLOYER.finditer(titled["clause"])]
        return next((org for org in reversed(found) if not places.kinds(org)), None)
    if re.search(rf"\b{name}{REFERRED}", sentence, re.I):  # the firm the sentence before names
        named = [m.group(0) for m in ORGANISATION.finditer(before.strip())]
        return next((org for org in reversed(named) if not places.kinds(org)), None)
    return None


def by_affiliation(question: str, sentence: str, before: str = "") -> str | None:
    """Yes when the sentence gives the person asked about the employer asked, no when it gives
    another one; None when it gives none, does not name the person, or the question offers a
    choice ("with Hytera or GDU?") or names a place."""
    asked = ASKED.search(question)
    # An employer is a name: "a manager at the fair" is none, but a question typed in lower case
    # has none.
    if asked is None or (asked["org"][:1].islower() and not question.islower()):
        return None
    if places.kinds(asked["org"]) or re.match(r"\s*(?:or|and)\b", asked["rest"], re.I):
        return None
    given = employer(asked["person"], sentence, before)
    wanted, said = set(lang.terms(asked["org"])), set(lang.terms(given or ""))
    if not wanted or not said:
        return None
    if not wanted & said:
        return "No"
    if not wanted <= said:
        return None  # "with GDU Thailand?": more than the sentence says
    # The rest of the question must be said too: "… represent Hytera in Asia?" is not a yes.
    rest = set(lang.terms(asked["rest"]))
    return "Yes" if rest <= lang.covered(rest, set(lang.terms(f"{before} {sentence}"))) else None
