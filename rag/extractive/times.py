"""The time and the edition a version is about, against the question's: "Who won Wimbledon in
2018?" is not answered by the 2022 final, "When was Splatoon 2 released?" not by Splatoon 1's
date, "Tesla's revenue in Q1 2021" not by Q2 2020's. Read from what the sentence (or the one
before it) states and from its article's date; a sentence that states nothing of the kind is
not judged by it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rag.words import text as lang
from rag.words.text import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from rag.extractive.candidates import Candidate
    from rag.extractive.spans import Span, Version

# Years a sentence places its event in: not "since 2018", "until 2015" or "(not 2017)", which are
# other times.
STATED_YEAR = re.compile(
    r"(?<!since )(?<!until )(?<!before )(?<!after )(?<!not )" + lang.YEAR.pattern, re.I
)
QUARTER = re.compile(
    r"\bQ([1-4])[\s-]*(?:of\s+)?((?:19|20)\d\d)\b"
    r"|\b(first|second|third|fourth) quarter (?:of )?((?:19|20)\d\d)\b"
    r"|\b((?:19|20)\d\d)[\s-]*Q([1-4])\b",
    re.I,
)
ORDINAL = {"first": "1", "second": "2", "third": "3", "fourth": "4"}
# A title with its number: "Splatoon 2", "Diablo 3", "Xenoblade Chronicles 2", "Rocky IV".
NUMBERED = re.compile(
    r"\b((?-i:[A-Z])[\w'’]+)\s+(\d{1,2}|[IVX]{1,4})\b(?![,.]?\d|\s*(?:%|percent))"
)


def years_stated(span: Span) -> set[str]:
    """The years the span's sentence (or the one before it) places it in, and its article's."""
    dated = str(span.candidate.node.node.metadata.get("date") or "")[:4]
    said = STATED_YEAR.findall(f"{span.candidate.context} {span.candidate.text}")
    return {*said, *([dated] if STATED_YEAR.fullmatch(dated) else [])}


def asked_years(question: str) -> set[str]:
    """The years a question asks about: "in 2018", not "since 2018"."""
    return set(STATED_YEAR.findall(question))


def asked_first(ranked: list[Version], question: str) -> list[Version]:
    """The versions about another quarter or another numbered title than the question's left
    out; of the rest, those whose sentence or article states a year the question names first,
    when the best does not ("Who won Wimbledon in 2018?": "Jul 14, 2018 ... Angelique Kerber
    has won…" before "Jul 9, 2022 ... Elena Rybakina won…")."""
    ranked = [v for v in ranked if not _another_edition(question, v.best.candidate.text)]
    years = asked_years(question)
    if not years or not ranked or years & years_stated(ranked[0].best):
        return ranked
    stating = [v for v in ranked if years & years_stated(v.best)]
    return [*stating, *(v for v in ranked if v not in stating)]


# "the previous fair in 2017": the year is said to be before the article's own time.
BEFORE_NOW = r"previous|prior|earlier|former"
EARLIER = rf"\b(?:{BEFORE_NOW}|last)\b"
# Words that say a sentence (or the one before it) tells of the past.
PAST = re.compile(rf"{EARLIER}|\bin the past\b|\bago\b|\bhistor(?:y|ically)\b", re.I)
# Words that place a sentence in its article's own time: "the fair hosted this year in Paris"
# ("now" and "current" are too common to say which time an article tells of).
# "this year", "this year's", "this years" (typed without its apostrophe)
PRESENT = re.compile(r"\bthis (?:year|month|week|season)(?=(?:['’]?s)?\b)", re.I)
# A question about a time to come ("the next Milipol", "next year's fair") and a sentence that
# speaks of one.
NEXT = re.compile(r"\b(?:the )?(?:next|upcoming|coming) (?:year'?s? )?[a-z][\w-]*\b", re.I)
SPEAKS_AHEAD = re.compile(
    r"\b(?:next|upcoming|will|plans?|planned|expected|set to|is to be|are to be)\b", re.I
)


def another_time(question: str, span: Span, read: list[Candidate]) -> str | None:
    """The year the question asks about, when the span's sentence states none (nor the one before
    it, nor its article's date) and its article tells of that year as another time than its own:
    one of its sentences read states the year, as an earlier time ("the previous fair in 2017"),
    or another speaks of its own year ("hosted this year"). A dated article is judged by its date
    elsewhere (`asked_first`).
    "How many Chinese companies exhibited at the 2017 Milipol?" is not answered by "With 89 out
    of 1,100 companies demonstrating their wares…", in an article that says "hosted this year"
    and "In 2017, a Chinese company was forced to close…"."""
    years = asked_years(question)
    article = [c.text for c in read if c.doc_id == span.candidate.doc_id]
    ahead = NEXT.search(question)
    if ahead and not years and not any(SPEAKS_AHEAD.search(text) for text in article):
        # "Where will the next Milipol be held?", read in an article of "the fair hosted this
        # year in Paris" that says nothing of the next one.
        now = any(PRESENT.search(text) for text in article)
        return re.sub(r"^The\b", "the", ahead.group(0)) if now else None
    if not years:
        return None
    if stated := years_stated(span):
        # "by 2025?" against "… as much as 2.76 billion cameras … by 2022": another year where
        # the question's stands.
        said = f"{span.candidate.context} {span.candidate.text}"
        return min(years) if not years & stated and _framed_alike(question, said) else None
    then = [text for text in article if years & set(STATED_YEAR.findall(text))]
    now = any(PRESENT.search(text) and not lang.YEAR.search(text) for text in article)
    past = any(
        re.search(rf"{EARLIER}\W+(?:\w+\W+){{0,4}}(?:{'|'.join(years)})\b", t, re.I) for t in then
    )
    if then:
        return min(years) if now or past else None
    # No sentence states the year asked, and the article tells of its own year after an earlier
    # one ("this year"; "in the past. In 2017, …"): a year before that earlier one is neither.
    earlier = [
        int(year)
        for c in read
        if c.doc_id == span.candidate.doc_id and PAST.search(f"{c.context} {c.text}")
        for year in STATED_YEAR.findall(c.text)
    ]
    return min(years) if now and earlier and int(max(years)) < min(earlier) else None


# The words that place a year: "by 2022", "in 2017", "for 2020".
FRAME = r"\b(by|in|for|during|until|through|of)\s+(?:the\s+(?:end|start)\s+of\s+)?"


def _framed_alike(question: str, sentence: str) -> bool:
    """The question's year and one the sentence states stand after the same word: "by 2025?"
    and "by 2022" are two answers to one when."""
    return bool(_frames(question) & _frames(sentence))


def _frames(text: str) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(FRAME + lang.YEAR.pattern, text, re.I)}


def _another_edition(question: str, sentence: str) -> bool:
    """The sentence names the question's quarter or numbered title only with another number."""
    asked, said = _quarters(question), _quarters(sentence)
    if asked and said and not asked & said:
        return True
    for name, number in _numbered(question):
        numbers = {n for other, n in _numbered(sentence) if other == name}
        if numbers and number not in numbers:
            return True
    return False


ROMAN = {"i": 1, "v": 5, "x": 10}


def _quarters(text: str) -> set[tuple[str, str]]:
    """(quarter, year) pairs: "Q1 2021", "Q1-2021", "2021 Q1", "the first quarter of 2021"."""
    found = set()
    for q, year, word, year_in_words, year_first, q_after in QUARTER.findall(text):
        if q:
            found.add((q, year))
        elif word:
            found.add((ORDINAL[word.lower()], year_in_words))
        else:
            found.add((q_after, year_first))
    return found


# Capitalised words that name no title: "March 3", "Sept 11", "Friday 13".
NOT_TITLES = {*MONTHS, "sept", *WEEKDAYS}


def _numbered(text: str) -> list[tuple[str, int]]:
    """Titles with their number, "Diablo III" as "Diablo 3"; not dates ("March 3", "Friday 13")
    nor a common word that opens a sentence ("Which 2", "The 10")."""
    found = []
    for name, number in NUMBERED.findall(text):
        if name.lower() in NOT_TITLES or name.lower() in lang.STOPWORDS:
            continue
        found.append((name.lower(), int(number) if number.isdigit() else _roman(number.lower())))
    return found


def _roman(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def told_of_another_time(question: str, passage: str, dated: bool = False) -> str | None:
    """The time the question asks about ("this year", "2017"), when the undated passage tells of
    another: it opens a sentence on another year ("In 2017, …") or gives one as earlier ("the
    previous fair in 2017"), and, asked about this year, says nothing of this year. A year that
    only names something ("founded in 2015") and "last year" inside a quotation are no sign; a
    dated article is judged by its date elsewhere (`asked_first`)."""
    periods = {a or b for a, b in PERIOD.findall(passage)}
    if dated or not periods:
        return None
    if years := asked_years(question):
        return None if years & periods else min(years)
    asks_now = PRESENT.search(question)
    return asks_now.group(0).lower() if asks_now and not PRESENT.search(passage) else None


def framed(candidate: Candidate) -> set[str]:
    """The year an undated sentence is told in by the sentence of its paragraph that opens on it
    before it ("In 2017, a Chinese company was forced to close down its demonstration stall.
    Amnesty International filed a complaint …"), the last such before it; a year said elsewhere
    in the paragraph ("at the previous fair in 2017") frames nothing."""
    node = candidate.node.node
    if node.metadata.get("date"):
        return set()
    before = node.get_content()[: candidate.start - int(node.metadata.get("start", 0))]
    opened = OPENS_ON_YEAR.findall(before)
    return {opened[-1]} if opened else set()


def told_instead(question: str, candidate: Candidate) -> tuple[str, str] | None:
    """The year a sentence is told in (`framed`) and the time the question asks, where they
    differ: "did amnesty file any complaint this year?" against "In 2017, a Chinese company was
    forced to close down its demonstration stall. Amnesty International filed a complaint …";
    a sentence that says this year itself is of this year."""
    told = framed(candidate)
    if not told:
        return None
    if years := asked_years(question):
        return None if years & told else (min(told), min(years))
    asks_now = PRESENT.search(question)
    if asks_now is None or PRESENT.search(candidate.text):
        return None
    return min(told), asks_now.group(0).lower()


# A sentence opening on its year: "In 2017, …".
OPENS_ON_YEAR = re.compile(rf"(?:^|[.!?]\s+)In ({lang.YEAR.pattern})")
# The years a passage's events are placed in: "In 2017, …", "at the previous fair in 2017".
PERIOD = re.compile(
    rf"{OPENS_ON_YEAR.pattern}|\b(?:{BEFORE_NOW})\W+(?:\w+\W+){{0,4}}?({lang.YEAR.pattern})"
)
