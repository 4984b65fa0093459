"""A timeline: what happened to a subject, oldest first, each line a cited sentence with its
article's date; two articles reporting one event within days are one line."""

from __future__ import annotations

import re

import pytest

from rag.engine import Engine
from rag.questions.forms import question_form
from tests.test_ask import indexed_records

STORIES = [
    (
        "2022-07-05",
        "Lorient dock strike ends",
        "The dock strike in Lorient ended after two weeks with a pay rise of 4%, the union said.",
    ),
    (
        "2022-06-20",
        "Lorient dockers walk out",
        "Dock workers in Lorient began a strike on Monday "
        "over pay, halting the port's container traffic.",
    ),
    (
        "2022-06-28",
        "Talks fail in Lorient",
        "Talks between the port and the union over the Lorient dock strike broke down on Tuesday.",
    ),
    (
        "2022-06-21",
        "Strike halts Lorient port",
        "Lorient dock workers began a strike over pay on "
        "Monday, halting container traffic at the port.",
    ),
    (
        "2022-06-25",
        "Bakery reopens",
        "The bakery on Rue Haute opened its doors again after a fire.",
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    records = [
        {"title": title, "url": f"https://port.example/{day}", "published_at": day, "body": body}
        for day, title, body in STORIES
    ]
    return Engine(indexed_records(tmp_path_factory.mktemp("timeline"), records))


@pytest.mark.parametrize(
    "question",
    [
        "How has the Lorient dock strike developed?",
        "Give me a timeline of the Lorient dock strike",
        "What happened with the Lorient dock strike since June?",
    ],
)
def test_a_timeline_is_asked_for_in_several_ways(question):
    assert question_form(question)[0] == "timeline"


def test_the_events_come_oldest_first_one_line_per_event(engine):
    answer = engine.ask("How has the Lorient dock strike developed?")
    lines = [line for line in answer.text.splitlines() if line.startswith("- **")]
    days = [re.match(r"- \*\*([\d-]+)\*\*", line).group(1) for line in lines]
    assert days == sorted(days) and days[0] == "2022-06-20" and days[-1] == "2022-07-05"
    assert "2022-06-21" not in days  # the walk-out told again the next day: the same line
    assert re.search(r"\[\d\] \[\d\]$", lines[0])  # both reports cited on it
    assert "Bakery" not in answer.text
