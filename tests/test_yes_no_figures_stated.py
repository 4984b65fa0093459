"""Yes/no questions that state a figure as it is: "Were there 60 nations at Milipol?"
(`rag.extractive.yesno`, `rag.extractive.yesno_figures.exact_figure`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.extractive.yesno_figures import exact_figure

NATIONS = "China is the best represented of the 53 nations present save for host nation France."
EXHIBITORS = "With 89 out of 1,100 companies demonstrating their wares at the Milipol fair"


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    ("question", "sentence", "word"),
    [
        ("Were there 60 nations at Milipol?", NATIONS, "No"),
        ("Were there 53 countries at Milipol?", NATIONS, "Yes"),  # a country is a nation
        ("Are there 89 Chinese companies at Milipol?", EXHIBITORS, "Yes"),  # the part
        ("Are there 1,100 companies at Milipol?", EXHIBITORS, "Yes"),  # the whole
        ("Were there 89 companies from China at Milipol?", EXHIBITORS, "Yes"),  # the part
        ("Were 89 of the companies Chinese?", EXHIBITORS, "Yes"),
        ("Can the drones track 20 targets?", "capable of tracking up to 30 targets", "bound"),
        # a most said the same way by both compares as a figure does
        ("Can the drones follow up to 50 targets?", "capable of tracking up to 30 targets", "No"),
        ("Can the drones track up to 30 targets?", "capable of tracking up to 30 targets", "Yes"),
        ("Can the drones track up to 20 targets?", "capable of tracking up to 30 targets", "Yes"),
        ("Are there 1,200 companies?", "over 1,100 companies display", "bound"),
        ("Were there about 60 nations?", NATIONS, None),  # hedged: not stated as it is
        ("Were there more than 60 nations?", NATIONS, None),  # compared: `by_figure`
        ("Was it held in 2019?", NATIONS, None),  # a year is no count
        ("Were there 60 companies?", NATIONS, None),  # no figure of that kind
    ],
)
def test_a_figure_stated_is_checked_against_the_same_kind_of_figure(question, sentence, word):
    assert exact_figure(question, sentence) == word


def test_another_figure_of_the_same_kind_is_a_no(desk):
    answer = desk.ask("Were there 60 nations at Milipol?")
    assert answer.text.startswith("**No**: With 89 out of 1,100 companies")
    assert "53 nations" in answer.text


def test_the_figure_asked_is_never_the_word_a_restatement_may_leave_out(desk):
    """One article says 176 million cameras, the other "over 170 million": neither is a yes
    to 200 million, and a bound settles nothing."""
    for question in (
        "Has China deployed 200 million cameras?",
        "Has China deployed 170 million cameras?",
    ):
        answer = desk.ask(question)
        assert not answer.text.startswith(("**Yes**", "**No**")), question
