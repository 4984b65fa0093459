"""A name where the question's stands: another year, place, company or person in the slot the
question's name would fill, the rest of the question restated, is a No ("held in London?" against
"hosted this year in Paris"; "attributed to market research firm Gartner?" against "market
research firm IHS Markit estimating …"); and the names a story's headline gives, which every
sentence of it is about. Part of `rag.extractive.yesno`.
"""

from __future__ import annotations

import re

from rag.extractive.candidates import Candidate
from rag.extractive.restatement import restated
from rag.extractive.roles import NAMED
from rag.questions.analysis import country_forms, names_in
from rag.words import places
from rag.words import text as lang

PLACE_WORDS = "in|at|to|from|for|by|with|against"
AROUND = "outside|beyond|across|within|inside|near|around|throughout"  # where, of a headline's name


def headlined(question: str, candidate: Candidate) -> list[str]:
    """The question's names of where something happened ("at Milipol") that the sentence's
    headline gives: a story headlined "Milipol Security Fair Sees …" tells every sentence of
    Milipol, so "Was a Chinese stall shut down at Milipol in 2017?" is said by its "In 2017, a
    Chinese company was forced to close down its demonstration stall". Never a doer: "Did Milipol
    file a complaint?" is not said by "Amnesty International filed a complaint"."""
    title = set(lang.terms(candidate.node.node.metadata.get("title") or ""))
    return [
        name
        for name in names_in(question)
        if set(lang.terms(name)) <= title
        and re.search(rf"\b(?:{PLACE_WORDS}|{AROUND})\s+(?:the\s+)?{re.escape(name)}\b", question)
    ]


def by_substitution(question: str, sentence: str, before: str = "") -> str | None:
    """Another year or name where the question's stands, the rest of it restated: no ("the
    2015 fair?" against "the previous fair in 2017"; "held in London?" against "hosted this
    year in Paris", but not "hosted in France?": `rag.words.places`)."""
    years = set(lang.YEAR.findall(question))
    other_year = (
        years and not years & set(lang.YEAR.findall(sentence)) and lang.YEAR.search(sentence)
    )
    if other_year and restated(question, sentence, set(years), before):
        return "No"
    missing = _unsaid(question, sentence, before)
    # One name of one word, or a place of several ("Latin America"): never part of a name said.
    if len(missing) != 1 or (len(lang.terms(missing[0])) != 1 and not places.kinds(missing[0])):
        return None
    # The other name must stand where the question's does: after the same preposition.
    slot = re.search(rf"\b({PLACE_WORDS})\s+(?:the\s+)?{re.escape(missing[0])}\b", question)
    if slot is None:
        return None
    # "… against China's Uighur minority": the people, not its country.
    there = re.finditer(
        rf"\b{slot.group(1)}\s+(?:the\s+)?(?:[a-z]+\s+)?(?:{NAMED}['’]s\s+)?({LISTED})", sentence
    )
    asked = set(lang.terms(question))
    for match in there:  # every one listed there: "in Britain, Canada and Spain"
        names = lang.listed(match.group(1))
        others = [n for n in names if not set(lang.terms(n)) & asked]
        if others and all(_instead(missing[0], other) for other in others):
            return (
                "No" if restated(question, sentence, set(lang.terms(missing[0])), before) else None
            )
    return None


LISTED = rf"{NAMED}(?:(?:\s*,\s*|\s+and\s+|\s+or\s+){NAMED})*"


def _unsaid(question: str, sentence: str, before: str) -> list[str]:
    """The question's names neither the sentence nor what it refers back to says ("the firm" is
    Hytera, said just before)."""
    said = set(lang.terms(f"{before} {sentence}"))
    return [n for n in names_in(question) if not lang.covered(set(lang.terms(n)), said)]


def _instead(asked: str, other: str) -> bool:
    """`other` stands where `asked` would and cannot be it: another company or person, or a place
    that neither holds the other ("London" and "Paris"; not "France" or "Europe" and "Paris")."""
    if places.regions(asked) or places.regions(other):
        return places.apart(asked, other)
    return True


# The words a name stands beside: one or two words before it, after a word saying whose account
# or doing it is ("attributed to market research firm Gartner"), or, for a people, the noun after
# it ("an American company"). A slot that holds many ("home to … maker ZTE": Shenzhen is home to
# more than one) is not read.
SOURCE = r"\b(?:by|from|according to|attributed to|credited to)\s+(?:[\w-]+\s+){0,3}?"
BESIDE_BEFORE = r"\b((?:[a-z][\w-]*\s+){1,2})"
BESIDE_AFTER = r"\s+([a-z][\w-]*)"


def by_another_named(question: str, sentence: str, before: str = "") -> str | None:
    """Another name beside the same words the question's unsaid name stands beside, the rest of
    the question restated: "… attributed to market research firm Gartner?" against "… market
    research firm IHS Markit estimating …", "was an American company forced to close …?" against
    "a Chinese company was forced to close …": no."""
    missing = _unsaid(question, sentence, before)
    if len(missing) != 1:
        return None
    name = re.escape(missing[0])
    asked = set(lang.terms(question))
    contexts = [
        (rf"(?i:\b{re.escape(m.group(1).strip())})\s+(?:the\s+)?({LISTED})", m.group(1))
        for m in re.finditer(rf"{BESIDE_BEFORE}(?:the\s+)?{name}\b", question)
        if re.search(rf"{SOURCE}{re.escape(m.group(1))}(?:the\s+)?{name}\b", question, re.I)
    ]
    if _a_people(missing[0]):  # "an American company"
        contexts += [
            (rf"\b({NAMED})\s+(?i:{re.escape(m.group(1))})\b", m.group(1))
            for m in re.finditer(rf"\b{name}{BESIDE_AFTER}", question)
        ]
    for pattern, words in contexts:
        if not set(lang.terms(words)) - set(lang.terms(PLACE_WORDS.replace("|", " "))):
            continue  # a preposition alone says nothing of the slot (`by_substitution` reads it)
        for found in re.finditer(pattern, sentence):
            others = lang.listed(found.group(1))  # every one listed: "in Britain, Canada and Spain"
            if any(set(lang.terms(o)) & asked or not _instead(missing[0], o) for o in others):
                continue
            leave_out = set(lang.terms(missing[0]))
            return "No" if restated(question, sentence, leave_out, before) else None
    return None


def _a_people(name: str) -> bool:
    """A people's word, of a country or region: "American", "Chinese"."""
    return any(places.kinds(form) for form in country_forms(name.lower()) if len(form) >= 3)
