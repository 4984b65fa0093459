"""Relative time in a question, resolved against the day it is asked about ("as of").

News questions say "this week", "last month", "this year" or "since 2020". Each is read against
the as-of day (today unless the caller sets one); the engine ranks the articles dated in the
period first (`Engine._by_date`), and every question prefers recent articles a little, so
"recently", "latest" and "now" need no words of their own. A handful of English forms, written here rather than taken
from `dateparser` (not installed; its 200 languages and free-text dates would read "new" or
"may" as dates): each form is one line below, table-tested in `tests/test_when.py`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name.lower(): number
    for number, names in enumerate(zip(calendar.month_name, calendar.month_abbr, strict=True))
    for name in names
    if name
} | {"sept": 9}
MONTH = r"(?P<month>january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"


@dataclass(frozen=True)
class Period:
    """A span of days the question asks about."""

    start: date
    end: date

    def shown(self) -> str:
        """ "18–24 June 2022", "June 2022", "2022"."""
        if self.start == self.end:
            return _day(self.start)
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return (
                str(self.start.year)
                if self.start.year == self.end.year
                else (f"{self.start.year}–{self.end.year}")
            )
        if self.start.year == self.end.year and self.start.month == self.end.month:
            return f"{self.start.day}–{_day(self.end)}"
        return f"{_day(self.start)} – {_day(self.end)}"


def _day(day: date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _last(month: int, today: date) -> int:
    """The year of the latest `month` on or before today: "in March" asked in June 2022 is
    March 2022, asked in January 2023 it is March 2022 too."""
    return today.year if month <= today.month else today.year - 1


def _forms(today: date) -> list[tuple[re.Pattern[str], object]]:
    """(pattern, the period it names) for each relative form, the more specific first."""
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    previous_month_end = first - timedelta(days=1)

    def since(match: re.Match[str]) -> tuple[date, date]:
        if match.group("year"):
            return date(int(match.group("year")), 1, 1), today
        month = MONTHS[match.group("month").lower()]
        return date(_last(month, today), month, 1), today

    def in_month(match: re.Match[str]) -> tuple[date, date]:
        month = MONTHS[match.group("month").lower()]
        year = int(match.group("year")) if match.group("year") else _last(month, today)
        start, end = _month_span(year, month)
        return start, min(end, today)

    return [
        (re.compile(r"\btoday\b|\bthis morning\b|\btonight\b", re.I), (today, today)),
        (re.compile(r"\byesterday\b", re.I), (today - timedelta(days=1),) * 2),
        (
            re.compile(r"\b(?:this|past) weekend\b", re.I),
            (today - timedelta(days=(today.weekday() + 2) % 7 or 7), today),
        ),
        (re.compile(r"\b(?:this|the past|past) week\b", re.I), (today - timedelta(days=6), today)),
        (
            re.compile(r"\blast week\b", re.I),
            (monday - timedelta(days=7), monday - timedelta(days=1)),
        ),
        (re.compile(r"\bthis month\b", re.I), (first, today)),
        (
            re.compile(r"\blast month\b", re.I),
            (previous_month_end.replace(day=1), previous_month_end),
        ),
        (re.compile(r"\bthis year\b", re.I), (date(today.year, 1, 1), today)),
        (
            re.compile(r"\blast year\b", re.I),
            (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        ),
        (re.compile(rf"\bsince (?:(?P<year>(?:19|20)\d\d)|{MONTH})\b", re.I), since),
        (
            re.compile(
                rf"\b(?:in|during|throughout|from) (?:early |late |mid-?)?{MONTH}\.?(?: (?P<year>(?:19|20)\d\d))?\b",
                re.I,
            ),
            in_month,
        ),
    ]


def period(question: str, today: date) -> Period | None:
    """The period the question names, read against `today` (the as-of day); None when it names
    none (a year alone is read by `rag.questions.hints.date_range`, which knows the articles' dates)."""
    for pattern, found in _forms(today):
        match = pattern.search(question)
        if match is None:
            continue
        start, end = found(match) if callable(found) else found
        if start <= end:
            return Period(start, end)
    return None
