"""Yes or no settled by a figure: a comparison in the question ("more than 1,000 companies?",
"most of its sales?") checked against the same kind of figure in a sentence ("over 1,100
companies", "40% of its sales outside of China"). Part of `rag.extractive.yesno`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from rag.questions.analysis import names_in
from rag.words import places
from rag.words import text as lang

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
ABOVE = r"more than|more then|over|above|at least|greater than|in excess of|exceeding"
BELOW = r"fewer than|fewer then|less than|less then|under|below|at most"
COMPARED = re.compile(
    rf"\b(?P<way>{ABOVE}|{BELOW})\s+{NUMBER}\s*(?P<percent>%|percent|per cent)?\s*"
    r"(?P<partitive>of (?:the|its|their) )?"  # "fewer than 100 of the exhibitors": a part
    r"(?:(?P<qualifier>(?-i:[A-Z])\w+)\s+)?(?P<unit>[a-z]+)?",
    re.IGNORECASE,
)
# A share said as a fraction, in per cent: "more than a third of its sales", "under half".
FRACTIONS = {
    "half": 50.0,
    "a half": 50.0,
    "one half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
    "two fifths": 40.0,
    "three fifths": 60.0,
    "four fifths": 80.0,
    "a tenth": 10.0,
    "one tenth": 10.0,
}
# "two thirds" or "two-thirds", as news writes them.
FRACTION = "|".join(f.replace(" ", r"[\s-]+") for f in sorted(FRACTIONS, key=len, reverse=True))
MOST = re.compile(
    rf"\b(?:(?P<most>most|the majority)|(?P<way>{ABOVE}|{BELOW})\s+(?P<fraction>{FRACTION}))"
    r"\s+of (?:its|their|the|his|her)\s+(?P<unit>[a-z]+)",
    re.I,
)
FIGURE = re.compile(
    rf"(?P<way>\b(?:{ABOVE}|{BELOW})\s+)?\b{NUMBER}\s*(?P<percent>%|percent|per cent)?\s*"
    r"(?:out of\s+(?P<whole>[\d,]+)\s+)?(?:of\s+(?:its|their|the)\s+)?(?P<unit>[a-z]+)?",
    re.IGNORECASE,
)


# Counts above ten spelled out ("over fifty countries", "thirty targets"), said in digits in a
# yes/no question and the sentences read for it alike, as news mostly writes them ("the 53
# nations", "up to 30 targets"); not an ordinal ("the twenty-first edition").
TEENS = [w for w, n in lang.SMALL_NUMBERS.items() if n > 10]
UNITS = [w for w, n in lang.SMALL_NUMBERS.items() if 0 < n < 10]
SPELLED = re.compile(
    rf"\b(?:(?P<teen>{'|'.join(TEENS)})|(?P<tens>{'|'.join(lang.TENS)})(?:[\s-](?P<unit>{'|'.join(UNITS)}))?)"
    r"\b(?![\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b)(?!-)",
    re.I,
)


def in_digits(question: str) -> str:
    """The question with counts from eleven to ninety-nine written in digits."""

    def digits(found: re.Match[str]) -> str:
        if found["teen"]:
            return str(lang.SMALL_NUMBERS[found["teen"].lower()])
        unit = lang.SMALL_NUMBERS[found["unit"].lower()] if found["unit"] else 0
        return str(lang.TENS[found["tens"].lower()] + unit)

    return SPELLED.sub(digits, question)


def _fraction(said: str) -> float:
    """ "two-thirds", "a third" in per cent."""
    return FRACTIONS[" ".join(re.split(r"[\s-]+", said.lower()))]


def _value(match: re.Match[str]) -> float:
    raw = match.group("n").lower()
    value = float(SMALL[raw]) if raw in SMALL else float(raw.replace(",", ""))
    return value * SCALE.get((match.group("scale") or "").lower(), 1.0)


PARTICIPLE = re.compile(r"\b([a-z]+(?:ed|en))\b", re.I)


def _acts_said(
    question: str, compared: re.Match[str] | None, unit: str | None, sentence: str
) -> bool:
    """The acts a count is asked of are said: "were … Uighurs detained?" is settled by "…
    Uighurs … have been rounded up" (`lang.SAME_ACT`), "… released?" or "… executed?" not."""
    if compared is None or not unit:
        return True
    counted = question.find(unit, compared.start()) + len(unit)  # the verb follows what it counts
    acts = PARTICIPLE.findall(question[counted:])
    wanted = set(lang.terms(" ".join(acts)))
    return wanted <= lang.covered(wanted, set(lang.terms(sentence)))


def _counted(match: re.Match[str]) -> str | None:
    """What a figure counts: the word after it, or the name before that word when the name is
    plural or the word a verb ("over two million Uighurs were detained?": Uighurs, not "were";
    "500,000 Uighurs rounded up?"; but "89 Chinese companies": companies, the Chinese a part)."""
    unit, qualifier = match["unit"], match["qualifier"]
    if qualifier and (
        not unit
        or unit.lower() in NOT_COUNTED
        or unit.lower().endswith("ed")  # "Uighurs rounded up"
        or (qualifier.endswith("s") and not qualifier.endswith("ss"))  # a plural name
    ):
        return qualifier
    return unit


# Words after a name that are no unit: a verb of being or having, a preposition.
NOT_COUNTED = set("were was are is have had has be been in at to of from for on by and or".split())


def _same_unit(one: str | None, other: str | None) -> bool:
    a, b = lang.terms(one or ""), lang.terms(other or "")
    return bool(a and b) and (a == b or lang.same_unit(a[0], b[0]))


def _says_unit(unit: str, sentence: str) -> bool:
    """The sentence gives a share of what the question's is of: "sales" for "money"."""
    if re.search(rf"\b{re.escape(unit)}", sentence, re.I):
        return True
    said = lang.terms(sentence)
    return any(lang.same_unit(u, t) for u in lang.terms(unit) for t in said)


TREND = re.compile(
    r"\b(?:rise|grow|increase|climb|fall|drop|decline|expand|shrink)s?\s+(?:to|above|below|past|over)\b",
    re.I,
)


def by_figure(question: str, sentence: str, before: str = "") -> str | None:
    """A comparison in the question checked against the same kind of figure in the sentence
    ("more than 100 Chinese companies?" against "89 out of 1,100 companies": the part, 89;
    "more than 1,000 companies?": the whole, 1,100)."""
    most, compared = MOST.search(question), COMPARED.search(question)
    if most is not None and most["fraction"]:  # "over two thirds of …": no count of two
        threshold = _fraction(most["fraction"])
        above = not re.match(BELOW, most["way"], re.I)
        percent, unit, part, partitive = True, most["unit"], False, False
    elif (asked := compared) is not None:
        threshold, above = _value(asked), not re.match(BELOW, asked.group("way"), re.I)
        percent, unit = bool(asked["percent"]), _counted(asked)
        partitive = bool(asked["partitive"]) and not percent  # not "50% of its sales"
        part = (bool(asked.group("qualifier")) and unit != asked["qualifier"]) or partitive
    elif most is not None:  # "most of its sales": more than half
        threshold, above, percent, unit = 50.0, True, True, most["unit"]
        part = partitive = False
    else:
        return None
    if not _acts_said(question, compared, unit, sentence) or (
        TREND.search(question) and not TREND.search(sentence)
    ):
        return None  # "expected to rise above 50%?": a change, not the figure said now
    # Of the question's subject: "Does Norinco make most of its sales abroad?" is not settled by
    # "The company already makes 40%…", which is about Hytera, named before it.
    said = set(lang.terms(f"{before} {sentence}"))
    if any(not lang.covered(set(lang.terms(n)), said) for n in names_in(question)):
        return None
    for figure in FIGURE.finditer(sentence):
        if bool(figure.group("percent")) != percent:
            continue
        if not percent and not _same_unit(unit, figure.group("unit")):
            continue
        if percent and not _says_unit(unit or "", sentence):
            continue
        if partitive and not figure.group("whole"):  # a part said of a whole: "89 out of 1,100"
            continue
        value = _value(figure)
        if figure.group("whole") and not part:  # "companies at Milipol?": all 1,100 of them
            value = float(figure.group("whole").replace(",", ""))
        if percent and not _same_place(question, sentence[figure.start() :]):
            continue  # "… of its sales in Britain?": the share said is of China, in or out
        if percent and _elsewhere(question) != _elsewhere(sentence[figure.start() :]):
            value = 100.0 - value  # "most of its sales in China?": 40% outside, 60% inside
        # "over one million" answers "over a million?": a bound of its own, on the same side.
        bound = figure.group("way") or ""
        same_side = bool(bound) and bool(re.match(BELOW, bound.strip(), re.I)) != above
        if same_side and value == threshold:
            return "Yes"
        return "Yes" if (value > threshold if above else value < threshold) else "No"
    return None


# A figure the question states as it is ("Were there 60 nations at Milipol?"), in digits, not
# hedged ("about 60") or bounded ("more than 60", `COMPARED`).
STATED = re.compile(
    r"(?<![\w.,])(?P<n>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>thousand|million|billion|trillion))?"
    r"\s*(?P<percent>%|percent|per cent)?\s*(?:of (?:its|their|the) )?"
    r"(?:(?P<qualifier>(?-i:[A-Z])\w+)\s+)?(?P<unit>[a-z]+)",
    re.IGNORECASE,
)
NEAR_WORDS = r"about|around|roughly|approximately|nearly|almost"
HEDGE = re.compile(
    rf"\b(?:{NEAR_WORDS}|some|up to|as (?:much|many) as|estimated|an estimated)\s*$", re.I
)
# A most, said the same way by the question and the sentence ("up to 50 targets?" against "up
# to 30 targets"): the two figures compare as stated ones do.
UP_TO = re.compile(r"\b(?:up to|as (?:much|many) as)\s*$", re.I)


# "about half of its revenue": a share said as a hedged fraction, in per cent.
NEAR_FRACTION = re.compile(
    rf"\b(?:{NEAR_WORDS})\s+(?P<fraction>{FRACTION})\s+"
    r"(?:of\s+)?(?:its|their|the|his|her)\s+(?P<unit>[a-z]+)",
    re.I,
)


@dataclass(frozen=True)
class Asked:
    """The figure a question states: as it is, hedged ("about 2,000") or as a most ("up to 50")."""

    value: float
    percent: bool
    unit: str | None
    near: bool = False
    capped: bool = False


# What a figure at the question's end counts, said before it: "the camera count at", "the number
# of cameras is".
COUNT_OF = re.compile(
    r"\b(?:([a-z]+)\s+(?:count|total|tally|figure)|(?:number|count|total) of\s+([a-z]+))"
    r"\s+(?:at|of|to|is|was|as|reach|reached)?\s*$",
    re.I,
)


def _asked(question: str) -> Asked | None:
    """The first figure the question states that is no year, or a hedged fraction of a whole."""
    for m in STATED.finditer(question):
        if lang.YEAR.fullmatch(m["n"]):
            continue
        ahead = question[: m.start()]
        capped = bool(UP_TO.search(ahead))
        near = not capped and bool(HEDGE.search(ahead))
        value, unit = _value(m), _counted(m)
        if unit and unit.lower() in SCALE:  # "the camera count at 170 million?": cameras
            value *= SCALE[unit.lower()]
            unit = (found[1] or found[2]) if (found := COUNT_OF.search(ahead)) else None
            unit = None if unit and unit.lower() in lang.STOPWORDS else unit  # "the total"
        return Asked(value, bool(m["percent"]), unit, near, capped)
    if fraction := NEAR_FRACTION.search(question):
        return Asked(_fraction(fraction["fraction"]), True, fraction["unit"], near=True)
    return None


def exact_figure(question: str, sentence: str, literal: bool = False) -> str | None:
    """A figure the question states, against the same kind of figure the sentence states: "Yes"
    when one equals it, "No" when every one differs ("60 nations?" against "the 53 nations
    present"), "bound" when it settles nothing ("1,200 companies?" against "over 1,100"); None
    when the sentence gives no figure of that kind. A most stated by both ("up to 50 targets?"
    against "up to 30 targets") is compared as a figure is. A figure hedged on either side
    ("about 2,000 companies?", "over 1,100 companies") is near (`_near`). `literal`: the question
    asks what was said ("Does the first article say 176 million?"), so a bound's figure is the
    figure said ("over 170 million" says 170 million)."""
    if COMPARED.search(question) or MOST.search(question):
        return None
    asked = _asked(question)
    if asked is None:
        return None
    words = []
    for figure in FIGURE.finditer(sentence):
        if bool(figure["percent"]) != asked.percent or not _same_unit(asked.unit, figure["unit"]):
            continue
        if _elsewhere(question) != _elsewhere(sentence[figure.start() :]):
            return "bound"  # a share the other side of a place
        ahead = sentence[: figure.start()]
        said_cap = bool(UP_TO.search(ahead))
        values = [_value(figure)]
        if figure["whole"]:  # "89 out of 1,100 companies": the part or the whole, as asked
            values.append(float(figure["whole"].replace(",", "")))
        if (literal and not asked.near) or (asked.capped and said_cap):
            exact = True
        elif asked.capped:
            return "bound"
        else:
            way = figure["way"] or ("up to" if said_cap else "about" if HEDGE.search(ahead) else "")
            way = "" if literal else way  # what was said: the figure said, hedged by the question
            exact = not way and not asked.near
        if exact and asked.capped:  # "up to 20 targets?" against "up to 30": within what they can
            words.append("Yes" if any(asked.value <= value for value in values) else "No")
        elif exact:
            words.append("Yes" if asked.value in values else "No")
        else:  # the part or the whole of "89 out of 1,100", whichever is nearer
            words.append(_strongest({_near(asked, value, way) for value in values}))
    return _strongest(set(words)) if words else None


def _strongest(words: set[str]) -> str:
    """Of several figures' words, a yes if one says it, else a bound, else no."""
    return "Yes" if "Yes" in words else "bound" if "bound" in words else "No"


def _near(asked: Asked, value: float, way: str) -> str:
    """A figure hedged by the question ("about 2,000?") or the sentence ("over 1,100", "about",
    "up to"): the same within a tenth (a share: a tenth of it, or a point), another beyond a
    quarter (a share: a fifth of it, or three points), neither between. A floor ("more than")
    said of a round figure ("more than one million people") is no estimate: any figure above it
    may be true; said of a precise one ("over 1,100 companies") it is near the truth, and 2,000
    is another. Past a bound ("1,000 companies?" against "over 1,100") it is another, unless the
    question hedges it too and is close."""
    off = abs(asked.value - value)
    if asked.percent:
        close, far = off <= max(1.0, 0.1 * value), off > max(3.0, 0.2 * value)
    else:
        close, far = off <= 0.1 * max(value, 1.0), off > 0.25 * max(value, 1.0)
    above = bool(re.match(ABOVE, way, re.I))
    below = bool(re.match(BELOW, way, re.I)) or way == "up to"
    if (above and asked.value < value) or (below and asked.value > value):
        return "bound" if asked.near and close else "No"
    if close:
        return "Yes" if asked.near else "bound"
    if below or (above and _round(value)):
        return "bound"
    return "No" if far else "bound"


def _round(value: float) -> bool:
    """A figure of one significant digit: 200, one million, 50."""
    digits = str(int(value)).rstrip("0")
    return len(digits) <= 1


OUTSIDE = re.compile(r"\b(?:outside|abroad|overseas|beyond|foreign)\b", re.I)


def _elsewhere(text: str) -> bool:
    """A share counted outside a place ("40% of its sales outside of China"): 100 less, inside."""
    return bool(OUTSIDE.search(text))


# The place a share is counted in or out of: "in China", "outside of China".
PLACED = re.compile(
    r"\b(?:in|inside|within|outside(?: of)?|beyond)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
)


def _same_place(question: str, said: str) -> bool:
    """The question counts its share in or out of the place the sentence's share is counted
    against, or names no place: "most of its sales in China?" against "40% of its sales outside
    of China", not "… in Britain?"."""
    asked = [m["place"] for m in PLACED.finditer(question) if places.kinds(m["place"])]
    if not asked:
        return True
    there = next((m["place"] for m in PLACED.finditer(said) if places.kinds(m["place"])), None)
    return there is not None and bool(
        lang.covered(set(lang.terms(asked[0])), set(lang.terms(there)))
    )


# A share and what it is of: "40 per cent of its sales", "40% of Hytera's staff".
SHARE = re.compile(
    r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?:%|percent|per cent)\s+of\s+"
    r"(?:(?:its|their|the|his|her)\s+|[\w-]+['’]s\s+)?(?P<unit>[a-z]+)",
    re.I,
)


def share_differs(question: str, sentence: str, compared: Collection[str] = ()) -> bool:
    """The question states a share ("40 per cent of its sales in China") the sentence gives of
    something else, or on the other side of a place ("40% of its sales outside of China"), or
    does not give at all: a restatement of the rest says nothing of it. A share whose figure is
    among `compared` is checked against the sentence's figure elsewhere ("60% of its sales
    outside China?" against "40% of its sales outside of China": the same share, another
    figure), so here only what it is a share of, and where, must agree."""
    asked = SHARE.search(question)
    if asked is None:
        return False
    wanted = float(asked["n"].replace(",", ""))
    free = asked["n"] in compared
    for figure in FIGURE.finditer(sentence):
        same = free or _value(figure) == wanted
        if figure["percent"] and same and _says_unit(asked["unit"], sentence):
            return _elsewhere(question) != _elsewhere(sentence[figure.start() :])
    return True
