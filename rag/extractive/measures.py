"""Figures that answer another question than the one asked: a count of other things ("how many
camps?" answered by a million Uighurs), no amount of money where one is asked, a target date
where the question asks when something happened.
"""

from __future__ import annotations

import itertools
import re

from rag.extractive import opposites, spans
from rag.extractive.candidates import Candidate
from rag.extractive.spans import Span
from rag.words import text as lang
from rag.words.nlp import Entity

HOW_MANY = re.compile(r"\bhow many ((?:[\w-]+ ){0,2}?[\w-]+?s)\b", re.IGNORECASE)


PARTITIVE = {"its", "their", "the", "his", "her", "our", "these", "those"}
# Where a noun phrase ends: a preposition, a conjunction or a verb of being or having.
PHRASE_ENDS = set(
    "to for in at on that which who with from by as and or but was were is are has have had "
    "will would".split()
)


def counts_other(question: str, span: Span) -> bool:
    """A figure that counts something other than what "how many X" asks: "how many camps?"
    answered "more than one million" (Uighurs), "how many visitors?" with "over 1,100"
    (companies). Only a figure whose own counted word is given, and differs, is judged."""
    asked = HOW_MANY.search(question)
    if asked is None or span.entity.kind not in {"quantity", "money", "percent"}:
        return False
    text = span.candidate.text
    if _opposite_act(question[asked.end() :], text, text[span.entity.end :]):
        return True
    if asked.group(1).lower() == "times":  # "how many times did it fail?": "four failures"
        return False
    wanted = lang.terms(asked.group(1))
    after = span.candidate.text[span.entity.end : span.entity.end + 80].split()
    # "one of its camera equipped drones models to Thailand": one of a set, the set's head noun
    # ("models") its counted word.
    if len(after) > 2 and after[0] == "of" and after[1].lower() in PARTITIVE:
        phrase = list(itertools.takewhile(lambda w: w.lower() not in PHRASE_ENDS, after[2:]))
        after = phrase[-1:] + after[2 + len(phrase) :] if phrase else after
    # Its own counted word: a plural noun right after it ("one million Uighurs"), not a verb
    # ("12 were killed") or "of" without "its".
    counted = re.sub(r"\W+$", "", after[0]) if after else ""
    if not wanted or not re.fullmatch(r"[A-Za-z-]{3,}s", counted) or not lang.terms(counted):
        return False
    near = lang.terms(" ".join(after[:5]))
    return not any(lang.same_unit(wanted[-1], term) for term in near)


def counts_asked(question: str, candidates: list[Candidate]) -> list[tuple[Candidate, Entity]]:
    """Each figure that counts what "how many X" asks, by the plural noun right after it (up to
    two words between: "the 53 nations present", "89 Chinese firms"): the reader may offer only
    the figure beside it ("89 out of 1,100 companies … the 53 nations present")."""
    asked = HOW_MANY.search(question)
    wanted = lang.terms(asked.group(1)) if asked else []
    if not wanted or asked.group(1).lower() == "times":
        return []
    found = []
    for candidate in candidates:
        for entity in candidate.entities:
            if entity.kind != "quantity" or spans.a_total(candidate.text, entity):
                continue
            after = candidate.text[entity.end : entity.end + 40].split()[:3]
            nouns = [re.sub(r"\W+$", "", w) for w in after]
            if any(lang.same_unit(wanted[-1], t) for w in nouns for t in lang.terms(w)):
                found.append((candidate, entity))
    return found


# The act a count is of: "how many Uighurs have been released", "… one million Uighurs … have
# been rounded up".
PASSIVE = re.compile(
    r"\b(?:have|has|had|were|was|are|is|been|be|got)\s+(?:been\s+)?(?:\w+ly\s+)?"
    r"([a-z]+(?:ed|en))\b",
    re.I,
)


def _opposite_act(asked: str, sentence: str, after: str) -> bool:
    """The question counts those to whom one thing was done, the figure those to whom its
    opposite was ("released" against "rounded up"), within the sentence's next dozen words and
    before a relative clause ("released 300 prisoners who had been detained" counts releases);
    never when the sentence says the act asked."""
    wanted = PASSIVE.search(asked)
    if wanted is None or set(lang.terms(wanted[1])) & set(lang.terms(sentence)):
        return False
    clause = RELATIVE.split(" ".join(after.split()[:14]), maxsplit=1)[0]
    done = PASSIVE.search(clause)
    return done is not None and opposites.opposed_acts(wanted[1], done[1])


RELATIVE = re.compile(r"\b(?:who|which|that|whom|whose)\b", re.I)


CURRENCY = re.compile(
    r"[$€£¥₹₩₽₺₦]|\b(?:dollars?|euros?|pounds?|yuan|yen|rupees?|francs?|pesos?|r[ou]{1,2}bles?|"
    r"riyals?|dirhams?|dinars?|liras?|lire|kron(?:a|or|e|er)|shekels?|naira|baht|ringgits?|"
    r"rupiahs?|zloty|forint|bitcoins?|usd|eur|gbp)\b|(?<!per )\bcents?\b",
    re.I,
)
NOT_MONEY = re.compile(
    r"%|\bper ?cent\b|^[\d,.]+(?:\s+(?:million|billion|thousand))?\s+[a-z-]{3,}s$", re.I
)


def priced_other(asked_kind: str | None, span: Span) -> bool:
    """A figure that is no amount of money where the question asks for one ("What was Tesla's
    revenue?" answered "184,877 vehicles" or "TSLA 4.20%"): a share or a count of things, with
    no currency in it."""
    text = span.text.strip()
    if asked_kind != "money" or span.entity.kind == "money" or CURRENCY.search(text):
        return False
    # "176 million" of "… deployed 176 million cameras": the count goes on after the span.
    counted = span.candidate.text[span.entity.end :].split()[:1]
    figure = " ".join([text, *counted]).rstrip(".,;:")  # not "5 million dollars"
    return bool(NOT_MONEY.search(text)) or (
        not CURRENCY.search(figure) and bool(NOT_MONEY.search(figure))
    )


# "expected to expand … by 2022": the time a forecast is for, not when anything happened.
BY_THEN = re.compile(r"\bby\s+(?:the end of\s+)?$", re.I)
FORECAST = re.compile(
    r"\b(?:expect\w*|will|would|could|may|might|plans?|aims?|targets?|forecast\w*|projected|set to)\b",
    re.I,
)
WHEN_DONE = re.compile(r"\bwhen (?:did|was|were|had)\b", re.I)


def target_date(question: str, span: Span) -> bool:
    """A date a forecast is for ("expected to expand to 2.76 billion … by 2022") where the
    question asks when something was done ("When did IHS Markit publish its estimate?")."""
    text = span.candidate.text
    if span.entity.kind != "date" or not WHEN_DONE.search(question) or not FORECAST.search(text):
        return False
    return bool(BY_THEN.search(text[max(span.entity.start - 20, 0) : span.entity.start]))
