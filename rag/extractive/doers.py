"""Who did it, asked of someone else: "Was it Human Rights Watch that complained about the
handcuffs?", "Did Human Rights Watch file the complaint …?" against "Amnesty International filed a
complaint …". A reading of `rag.extractive.yesno`: a No only when the name asked is one no sentence
read says, in part or whole, and a sentence opening on another named doer does the thing asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rag.extractive.restatement import CLEFT, restated
from rag.questions.analysis import names_in
from rag.words import places
from rag.words import text as lang

# The doer a sentence opens on: "Amnesty International filed a complaint …" (after an opening
# phrase of time or place: "In 2017, …").
DOER = re.compile(
    r"^(?:(?i:in|at|on|after|before|since)\b[^,]{1,40},\s*)?(?:The\s+)?"
    r"(?P<doer>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+(?P<next>[\w'’-]+)"
)
# What follows a doer: a verb in the past ("filed", "sold"), or a word before one ("has filed",
# "also filed"); not a noun its phrase goes on with ("The Chinese government", "Milipol security
# fair").
BETWEEN = set(
    "has have had was were is are also then later already reportedly recently said made sold "
    "took gave told won led held brought bought ran put sent kept paid built wrote found".split()
)


# "Did Human Rights Watch file the complaint …?": a doer, then what it did to a thing the question
# takes as known ("the complaint"): one event, so another's doing it answers no.
DID_THE = re.compile(
    r"^\s*(?:did|does|has|have|had)\s+(?P<who>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+\w+\s+"
    r"(?:(?:about|over|against|with|to|for|on|at|in)\s+)?the\b",
    re.I,
)


SOMEONE = set(
    "someone somebody anyone anybody everyone everybody nobody anything something people".split()
)


def unsaid_doer(question: str, read: Sequence[str]) -> set[str] | None:
    """The terms of the name "Was it X that …?" (or "Did X do the …?", `DID_THE`) asks about,
    when it is a name (capitalised, unless the whole question is lower case; not a place) that
    no sentence `read` says."""
    asked = CLEFT.search(question) or DID_THE.search(question)
    if asked is None:
        return None
    words = asked["who"].split()[: 1 if asked.re is CLEFT else None]  # "the firm": no name
    if not all(w[:1].isupper() for w in words) and not question.islower():
        return None
    if SOMEONE & {w.lower() for w in asked["who"].split()}:  # "did someone file it?": anyone
        return None
    who = set(lang.terms(asked["who"]))
    if not who or places.kinds(asked["who"]) or ACRONYMS.fullmatch(asked["who"]):
        return None
    # Part of a name the articles write as one ("Amnesty Intl", "Chinese Authorities").
    named = {w.lower() for text in read for name in names_in(text) for w in name.split()}
    if named & {w.lower() for w in asked["who"].split()}:
        return None
    return None if any(who <= lang.covered(who, set(lang.terms(t))) for t in read) else who


# "NGOs", "MPs": a kind of doer, not one.
ACRONYMS = re.compile(r"[A-Z]{2,}s")


def by_cleft(
    question: str, sentence: str, before: str, who: set[str], read: Sequence[str]
) -> str | None:
    """Another one doing what the question says `who` (`unsaid_doer`) did: no ("Was it Human
    Rights Watch that complained about the handcuffs?" against "Amnesty International filed a
    complaint … handcuffs …"), from a sentence that opens on another organisation or person as
    its doer and restates the rest, `who` said neither there nor in what it refers back to."""
    if who <= lang.covered(who, set(lang.terms(f"{before} {sentence}"))):
        return None
    doer = DOER.match(sentence)
    if doer is None or places.kinds(doer["doer"]) or not _a_name(doer["doer"], read):
        return None
    asked = set(lang.terms(question)) - who
    if set(lang.terms(doer["doer"])) & (asked | who):  # the same doer, or part of it
        return None
    # What the doer does follows it: "Amnesty International filed a complaint" (not "… for the
    # company displaying handcuffs", someone else's doing further on; not "The Milipol security
    # fair hosted …", whose doer is no name).
    does = set(lang.terms(" ".join(sentence[doer.start("next") :].split()[:6])))
    verb = doer["next"].lower()
    first = (
        verb in BETWEEN
        or verb.endswith("ed")
        or lang.covered(set(_doing(question)), set(lang.terms(verb)))
    )
    if not first or not lang.covered(asked, does):
        return None
    return "No" if restated(question, sentence, who, before) else None


@lru_cache(maxsize=256)
def _doing(question: str) -> frozenset[str]:
    """The terms of what the question says was done: "file" of "Did Human Rights Watch file the
    complaint?", "complained" of "Was it … that complained …?". Cached: `by_cleft` asks it of
    every candidate sentence."""
    asked = CLEFT.search(question) or DID_THE.search(question)
    if asked is None:
        return frozenset()
    after = question[asked.end("who") :].split()
    after = after[1:] if after and after[0].lower() in {"that", "who", "which"} else after
    return frozenset(lang.terms(after[0])) if after else frozenset()


def _a_name(words: str, read: Sequence[str]) -> bool:
    """Words a sentence opens on that are a name: several capitalised ("Amnesty International"),
    or written capitalised inside a sentence read ("at GDU"), not "Organisers"."""
    return len(words.split()) > 1 or any(words in names_in(text) for text in read)
