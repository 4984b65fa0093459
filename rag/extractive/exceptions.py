"""A superlative with an exception: "China is the best represented of the 53 nations present
save for host nation France". Asked "Is China the country with the most exhibitors?", it says
no (France has more); asked "Is China the best-represented foreign country?", yes (the host set
aside). Read only where the sentence names the question's subject and states the exception. Asked
"Which country had more exhibitors than China?", the exception is the answer (France).
"""

from __future__ import annotations

import re

from rag.extractive.candidates import Candidate
from rag.extractive.spans import Span
from rag.questions.analysis import names_in
from rag.words import nlp
from rag.words import text as lang

SUPERLATIVE = re.compile(
    r"\b(?:most|best|largest|biggest|highest|greatest|leading|top|number one|"
    r"ahead of (?:everyone|all|every\w*))\b",
    re.I,
)
# The exception granted after the superlative: "save for host nation France".
EXCEPT = re.compile(
    r"\b(?:save for|except(?: for)?|apart from|other than|second only to)\s+"
    r"(?P<role>(?:[a-z-]+\s+){0,3}?)(?P<who>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
)
# A question that sets the exception aside by name ("besides France") or, for a host, by kind
# ("the best-represented foreign country").
BY_NAME = re.compile(r"\b(?:other than|apart from|besides|except|excluding|after)\b", re.I)
NOT_HOST = re.compile(
    r"\b(?:foreign|overseas|visiting|guest|non-host|outside)\b"
    r"|\b(?:apart from|besides|except|excluding|other than|save for|after)\s+(?:the\s+)?host\b",
    re.I,
)


# "… even ahead of France?", "… including France?": the subject put above the exception, or
# the exception counted among those below it; the sentence denies both.
AHEAD = r"\b(?:ahead of|above|before|beating|outranking|topping|over|even|including)"


# "Did China have more exhibitors than France?": the one granted the superlative against the
# exception, either way round.
MORE_THAN = re.compile(r"\b(?:more|bigger|larger)\b.*\bthan\s+(?P<than>[A-Z][\w-]*)", re.I)
# "Does China have more exhibitors than every other foreign country?": a superlative asked as a
# comparison with all the rest.
ALL_OTHERS = re.compile(
    r"\bmore\b.*\bthan\s+(?:every|all|any)\s+(?:(?:the|of the)\s+)?others?\b", re.I
)
# "Does any nation have more exhibitors than China?": whether the superlative fails.
ANY_MORE_THAN = re.compile(
    r"\b(?:any|another|other)\s+(?:\w+\s+)?(?:country|countries|nation|nations|firm|firms|"
    r"company|companies|one)\b.*\bmore\b.*\bthan\b",
    re.I,
)


# "Which country had more exhibitors than China?", "Who has more stands than China?".
WHICH_MORE_THAN = re.compile(rf"^\s*(?:which|what|who)\b.*{MORE_THAN.pattern}", re.I)


def above(question: str, sentences: list[Candidate]) -> Span | None:
    """The one a superlative's exception puts above the question's subject, when the question
    asks which has more than it: "save for host nation France" answers "Which country had more
    exhibitors than China?" in a sentence granting China the superlative and saying one of the
    question's other words ("exhibitors" as "companies"). None otherwise."""
    asked = WHICH_MORE_THAN.search(question)
    if asked is None or asked["than"].lower() in lang.STOPWORDS:
        return None
    subject = asked["than"]
    for candidate in sentences:
        found = EXCEPT.search(candidate.text)
        if found is None or not _granted(subject, candidate.text[: found.start()]):
            continue
        if _ranks(question, [subject], candidate.text):
            who = found.group("who")
            entity = nlp.Entity(found.start("who"), found.end("who"), who, "place")
            return Span(candidate, entity, key=who.lower(), fit=1.0, closeness=1.0)
    return None


MORE = set(lang.terms("more bigger larger than had has have which what who one"))
KINDS = set(lang.terms("country countries nation nations"))


def _ranks(question: str, names: list[str], sentence: str) -> bool:
    """The sentence ranks what the question compares ("exhibitors", said as "companies"; not
    "cameras"), in the year it asks about if it names one."""
    words = set(lang.terms(question)) - {t for n in names for t in lang.terms(n)} - MORE - KINDS
    said = set(lang.terms(sentence))
    if set(lang.YEAR.findall(question)) - set(lang.YEAR.findall(sentence)):
        return False  # "in 2017?": the sentence ranks this year's
    return bool(words) and bool(lang.covered_or_same_unit(words, said))


def _granted(subject: str, before_exception: str) -> bool:
    """The text gives `subject` the superlative: "China is the best represented …"."""
    return bool(
        re.search(
            rf"\b{re.escape(subject)}\W+(?:is|are|was|were|remains|ranks)\s+(?:\w+\s+){{0,3}}?"
            rf"(?:{SUPERLATIVE.pattern})",
            before_exception,
            re.I,
        )
    )


def by_exception(question: str, sentence: str, before: str = "") -> str | None:
    """Yes or no to a superlative the sentence grants with an exception; None when it states
    none, does not name the question's subject, or the question asks about the exception. Asked
    whether any other has more, the exception is the yes, unless the question sets it aside
    ("Apart from the host country, does any nation have more exhibitors than China?": no)."""
    found = EXCEPT.search(sentence)
    any_more = ANY_MORE_THAN.search(question)
    all_others = ALL_OTHERS.search(question)  # names no one the subject is set against
    more = None if all_others else MORE_THAN.search(question)
    if found is None or not (SUPERLATIVE.search(question) or all_others or any_more or more):
        return None
    named = names_in(question)
    names = [set(lang.terms(n)) for n in named]
    excepted = set(lang.terms(found.group("who")))
    # The question's subject, its first name but the exception, is the one the sentence grants
    # the superlative to: "China is the best represented … save for …".
    subject = next((n for n, t in zip(named, names, strict=True) if not t & excepted), None)
    granted = subject is not None and _granted(subject, sentence[: found.start()])
    if not granted or not _about(question, sentence, names):
        return None
    host = "host" in found.group("role").lower()
    if more and not any_more:  # "Did China have more exhibitors than France?": no, France did
        if not _ranks(question, named, sentence):
            return None
        than = set(lang.terms(more["than"]))
        if than & excepted:
            return "No"
        named_exception = any(n & excepted for n in names)
        return "Yes" if named_exception and than <= set(lang.terms(subject)) else None
    if any_more:
        aside = BY_NAME.search(question) and (
            any(n & excepted for n in names) or (host and re.search(r"\bhost", question, re.I))
        )
        return "No" if aside or (host and NOT_HOST.search(question)) else "Yes"
    if any(n & excepted for n in names):
        if BY_NAME.search(question):
            return "Yes"
        ahead = (
            rf"{AHEAD}(?:\s+(?:even|of))*\s+(?:the\s+)?(?:host\s+(?:\w+\s+)?)?"
            rf"{re.escape(found['who'])}\b"
        )
        return "No" if re.search(ahead, question, re.I) else None
    return "Yes" if host and NOT_HOST.search(question) else "No"


# Words that frame a superlative rather than say what it is of.
FRAMING = set(lang.terms("country nation firm company one single everyone everybody ahead all"))


def _about(question: str, sentence: str, names: list[set[str]]) -> bool:
    """The sentence is about what the question ranks: it names every name the question does,
    and a second name or one of the question's other words ("represented"), so "the most
    surveillance cameras?" is not read in a sentence about exhibitors."""
    said = set(lang.terms(sentence))
    if not all(n <= said for n in names):
        return False
    words = set(lang.terms(SUPERLATIVE.sub(" ", question))) - set().union(*names) - FRAMING
    return len(names) >= 2 or bool(lang.covered(words, said))
