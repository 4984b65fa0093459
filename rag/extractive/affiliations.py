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
# After the person's name, the whole title: ", chief operating officer at Apple", ", sales
# manager at GDU, …" (up to whose or where it is).
TITLE = r",\s+(?:an?\s+|the\s+)?(?P<title>[\w-]+(?:\s+[\w-]+){0,4}?)(?=\s+(?:at|of|for|with|in)\b|[,.;]|$)"
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


# "Is Yolen Ye GDU's CEO?", "Is Sylvain Shuang a GDU rep?", "Is Yolen Ye the CEO of GDU?": the
# job asked, with or without whose.
ROLE_ASKED = re.compile(
    r"^\s*(?:is|was)\s+(?P<person>[\w'’-]+(?:\s+[\w'’-]+){1,2}?)\s+(?:(?:an?|the)\s+)?"
    r"(?:(?P<owner>[\w&.-]+)['’]s\s+|(?P<named>(?-i:[A-Z])[\w&.-]*)\s+)?"
    rf"(?P<role>(?:[\w-]+\s+)?(?:{JOBS}))\b"
    r"(?:\s+(?:of|for|at|with)\s+(?:the\s+)?(?P<org>[\w&.-]+(?:\s+(?-i:[A-Z])[\w&.-]*)*))?"
    r"(?:\s+(?:for|in|across)\s+(?:the\s+)?(?P<area>[\w'’-]+(?:\s+[\w'’-]+){0,2}))?\s*[?.!]*\s*$",
    re.I,
)
# Where someone's job is: ", who represents the firm in francophone Africa", ", head of sales
# for Europe at Hytera".
AREA = re.compile(r"\b(?:in|for|across)\s+(?:the\s+)?((?:[\w'’-]+\s*){1,3})")
# One job, however written: the word that names it, after these.
SAME_JOB = {
    "rep": "representative",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "ceo": "chief executive",
    "salesman": "sales manager",
    "saleswoman": "sales manager",
}


# Words for many jobs: "Is she an executive?" is not answered by "sales manager".
CLASSES_OF_JOBS = {"executive", "official", "employee", "officer", "head"}
# Not an employer's name: "a rep for the company?" asks nothing of whose.
COMMON_EMPLOYERS = {"company", "firm", "group", "ministry", "police", "government", "agency"}


def job(person: str, sentence: str) -> str | None:
    """The job title the sentence gives `person`: ", sales manager at GDU" (sales manager),
    ", who represents the firm" (representative)."""
    name = re.escape(person.strip())
    titled = re.search(rf"\b{name}{TITLE}", sentence, re.I)
    if titled and re.search(rf"\b(?:{JOBS})\b", titled["title"], re.I):
        return titled["title"]
    return "representative" if re.search(rf"\b{name}{REFERRED}", sentence, re.I) else None


def _place(words: str) -> str | None:
    """The place a few words end on ("francophone Africa": Africa), if any."""
    split = words.split()
    return next((p for i in range(len(split)) if places.kinds(p := " ".join(split[i:]))), None)


def area(person: str, sentence: str) -> str | None:
    """The place the sentence gives `person`'s job, in the clause after the name."""
    name = re.search(rf"\b{re.escape(person.strip())}\b", sentence, re.I)
    if name is None:
        return None
    clause = re.split(r"[,.;:]", sentence[name.end() :].lstrip(" ,"), maxsplit=1)[0]
    return next((p for m in AREA.finditer(clause) if (p := _place(m.group(1)))), None)


def _same_job(asked: str, given: str) -> bool | None:
    """Whether two titles name one job: the job the question's last word names is in the
    sentence's title (a rep is a representative, a CEO a chief executive); None when the
    question says more of it than the sentence ("chief sales manager" against "sales manager")
    or names a class of jobs ("an executive", "an official")."""
    asked_words = " ".join(SAME_JOB.get(w, w) for w in lang.WORD.findall(asked.lower())).split()
    given_words = " ".join(SAME_JOB.get(w, w) for w in lang.WORD.findall(given.lower())).split()
    if asked_words[-1] in CLASSES_OF_JOBS and asked_words[-2:] != ["chief", "executive"]:
        return None
    if asked_words[-1] not in given_words:
        return False
    return True if set(asked_words) <= set(given_words) else None


def by_role(question: str, sentence: str, before: str = "") -> str | None:
    """ "Is Yolen Ye GDU's CEO?" against "… Yolen Ye, sales manager at GDU": another job, no;
    "Is Yolen Ye GDU's sales manager?": yes; another employer, no."""
    asked = ROLE_ASKED.search(question)
    if asked is None:
        return None
    given = job(asked["person"], sentence)
    if given is None:
        return None
    after, where = asked["org"], asked["area"]
    if after and places.kinds(after) and not where:  # "rep for Canada": where, not for whom
        after, where = None, after
    org = asked["owner"] or asked["named"] or after
    if org and (place := _place(org)):  # "a rep for francophone Africa?": where
        org, where = None, where or place
    if org and (org.lower() in {"its", "their", "his", "her"} | COMMON_EMPLOYERS):
        org = None
    if org and org[:1].islower() and not question.islower():
        return None  # "a sales manager for drones?", "head of sales?": no employer named
    if (same := _same_job(asked["role"], given)) is False:
        return "No"
    if where:  # "rep for Latin America?" against "… in francophone Africa"
        wanted_place, given_place = _place(where), area(asked["person"], sentence)
        if wanted_place and given_place and places.apart(wanted_place, given_place):
            return "No"
        same = same if wanted_place and given_place and wanted_place == given_place else None
    employed = employer(asked["person"], sentence, before)
    wanted, said = set(lang.terms(org or "")), set(lang.terms(employed or ""))
    if wanted and said and not wanted & said:
        return "No"
    return "Yes" if same and (not wanted or wanted <= said) else None


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
