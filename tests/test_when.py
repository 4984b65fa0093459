"""Relative time read against the as-of day (`rag.questions.when`), and the as-of day itself."""

from __future__ import annotations

from datetime import date

import pytest

from rag.questions.when import period

FRIDAY = date(2022, 6, 24)


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("What did the Fed announce this week?", date(2022, 6, 18), FRIDAY),
        ("Who resigned yesterday?", date(2022, 6, 23), date(2022, 6, 23)),
        ("what happened today in Kyiv", FRIDAY, FRIDAY),
        ("Which team won last week?", date(2022, 6, 13), date(2022, 6, 19)),
        ("How much did prices rise this month?", date(2022, 6, 1), FRIDAY),
        ("What did the court rule last month?", date(2022, 5, 1), date(2022, 5, 31)),
        ("How many storms hit this year?", date(2022, 1, 1), FRIDAY),
        ("Who won the election last year?", date(2021, 1, 1), date(2021, 12, 31)),
        ("What has changed since 2020?", date(2020, 1, 1), FRIDAY),
        ("What happened in March?", date(2022, 3, 1), date(2022, 3, 31)),
        ("What happened in August?", date(2021, 8, 1), date(2021, 8, 31)),  # the last August
        ("What happened during March 2019?", date(2019, 3, 1), date(2019, 3, 31)),
        ("Who has led since March?", date(2022, 3, 1), FRIDAY),
    ],
)
def test_a_relative_period_is_read_against_the_as_of_day(question, start, end):
    named = period(question, FRIDAY)
    assert named is not None and (named.start, named.end) == (start, end)


def test_a_period_is_shown_in_words():
    assert period("What happened this week?", FRIDAY).shown() == "18–24 June 2022"
    assert period("What happened last year?", FRIDAY).shown() == "2021"


@pytest.mark.parametrize(
    "question",
    ["Who is the CEO of Tesla?", "What may happen to rates?", "How many cameras by 2022?"],
)
def test_a_question_without_relative_time_names_no_period(question):
    assert period(question, FRIDAY) is None
