"""Yes or no, said only where a quoted sentence settles it; otherwise the closest sentences, with
neither word.

No model here can tell whether a sentence entails a question (no entailment data is bundled),
so only three readings are trusted, each one a sentence stating the question's own terms:
- a figure compared: "more than 1,000 companies?" against "over 1,100 companies" (yes), "most of
  its sales" against "40% of its sales" (no);
- a contrast: "showing assault rifles?" against "… rather than assault rifles" (no);
- a change: "still deny …?" against "after initially denying …, now …" (no);
- a restatement: every content word of the question in one sentence that neither negates nor
  hedges it ("Is China a world leader in facial recognition?" against "… facial recognition
  technology, in which China is also a world leader") (yes).
A keyword or two in common is never a yes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag import text as lang
from rag.candidates import Candidate
from rag.question import names_in

SMALL = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a dozen": 12,
    "a hundred": 100,
    "a thousand": 1000,
}
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER = (
    r"(?P<n>\d[\d,]*(?:\.\d+)?|"
    + "|".join(SMALL)
    + r")(?:\s*(?P<scale>thousand|million|billion|trillion))?"
)
ABOVE = r"more than|over|above|at least|greater than|in excess of|exceeding"
BELOW = r"fewer than|less than|under|below|at most"
COMPARED = re.compile(
    rf"\b(?P<way>{ABOVE}|{BELOW})\s+{NUMBER}\s*(?P<percent>%|percent|per cent)?\s*(?P<unit>[a-z]+)?",
    re.IGNORECASE,
)
MOST = re.compile(
    r"\b(?:most|the majority|more than half) of (?:its|their|the|his|her)\s+(?P<unit>[a-z]+)", re.I
)
FIGURE = re.compile(
    rf"\b{NUMBER}\s*(?P<percent>%|percent|per cent)?\s*(?:of\s+(?:its|their|the)\s+)?(?P<unit>[a-z]+)?",
    re.IGNORECASE,
)
CONTRAST = re.compile(
    r"\b(?:rather than|instead of|not|never|no longer|nor)\s+((?:\S+\s+){0,5}\S+)", re.I
)
NEGATED = re.compile(r"\b(?:not|never|no|nor|neither|n't|denied|denies|deny|without)\b", re.I)
HEDGED = re.compile(
    r"\b(?:may|might|could|would|expected|estimates?|estimated|if|whether|plans?|reportedly|"
    r"allegedly|possibly|perhaps|likely)\b",
    re.I,
)


@dataclass(frozen=True)
class Verdict:
    """Yes or no, and the sentence that says so."""

    word: str  # "Yes" or "No"
    candidate: Candidate


def verdict(question: str, sentences: list[Candidate]) -> Verdict | None:
    """The first of the sentences (best first) that settles the yes/no question, if any."""
    for reading in (_by_figure, _by_contrast, _by_change, _by_restatement):
        for candidate in sentences:
            word = reading(question, candidate.text)
            if word is not None:
                return Verdict(word, candidate)
    return None


def _value(match: re.Match[str]) -> float:
    raw = match.group("n").lower()
    value = float(SMALL[raw]) if raw in SMALL else float(raw.replace(",", ""))
    return value * SCALE.get((match.group("scale") or "").lower(), 1.0)


def _same_unit(one: str | None, other: str | None) -> bool:
    return bool(one and other) and lang.terms(one) == lang.terms(other) != []


def _by_figure(question: str, sentence: str) -> str | None:
    """A comparison in the question checked against the same kind of figure in the sentence."""
    asked = COMPARED.search(question)
    if asked is not None:
        threshold, above = _value(asked), not re.match(BELOW, asked.group("way"), re.I)
        percent = bool(asked.group("percent"))
        unit = asked.group("unit")
    elif (most := MOST.search(question)) is not None:
        threshold, above, percent, unit = 50.0, True, True, most.group("unit")
    else:
        return None
    for figure in FIGURE.finditer(sentence):
        if bool(figure.group("percent")) != percent:
            continue
        if not percent and not _same_unit(unit, figure.group("unit")):
            continue
        if percent and not re.search(rf"\b{re.escape(unit or '')}", sentence, re.I):
            continue
        value = _value(figure)
        return "Yes" if (value > threshold if above else value < threshold) else "No"
    return None


def _by_contrast(question: str, sentence: str) -> str | None:
    """ "Is Norinco showing assault rifles?" and "… rather than assault rifles": no."""
    asked = set(lang.terms(question))
    for match in CONTRAST.finditer(sentence):
        denied = lang.terms(match.group(1))[:2]
        if len(denied) >= 1 and set(denied) <= asked and _shares_subject(question, sentence):
            return "No"
    return None


STILL = re.compile(r"\bstill\s+(\w+)", re.I)
ONCE = re.compile(
    r"\b(?:initially|at first|originally|previously|formerly|once|used to)\s+(\w+)", re.I
)
NOW = re.compile(r"\b(?:now|no longer|since then|today|has since|have since)\b", re.I)


def _by_change(question: str, sentence: str) -> str | None:
    """ "Does Beijing still deny the camps exist?" and "Beijing, after initially denying the
    camps existed, now describes them as…": what was done once and is now otherwise: no."""
    asked = STILL.search(question)
    once = ONCE.search(sentence)
    if asked is None or once is None or not NOW.search(sentence[once.end() :]):
        return None
    verb = lang.terms(asked.group(1))
    done = lang.terms(once.group(1))
    if verb and done and verb[0][:4] == done[0][:4] and _shares_subject(question, sentence):
        return "No"
    return None


def _shares_subject(question: str, sentence: str) -> bool:
    """The question's names are the sentence's: a contrast about someone else settles nothing."""
    return all(name.lower() in sentence.lower() for name in names_in(question))


def _by_restatement(question: str, sentence: str) -> str | None:
    """Every content word of the question in the sentence, neither negated nor hedged: yes."""
    wanted = set(lang.terms(question))
    if len(wanted) < 2 or NEGATED.search(sentence) or HEDGED.search(sentence):
        return None
    if lang.covered(wanted, set(lang.terms(sentence))) == wanted:
        return "Yes"
    return None
