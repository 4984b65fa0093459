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
        # past a bound, or far beyond it: "over 1,100" is never written of 2,000
        ("Are there 1,000 companies?", "over 1,100 companies display", "No"),
        ("Are there 2,000 companies?", "over 1,100 companies display", "No"),
        ("Can the drones track 50 targets?", "capable of tracking up to 30 targets", "No"),
        # hedged by the question: near within a tenth, another beyond a quarter, neither between
        ("Were there about 50 nations?", NATIONS, "Yes"),
        ("Were there about 60 nations?", NATIONS, "bound"),
        ("Were there roughly 100 nations?", NATIONS, "No"),
        ("Were there about 2,000 companies?", EXHIBITORS, "No"),
        ("Were there around 1,150 companies?", "over 1,100 companies display", "Yes"),
        ("Does Hytera make about half its revenue abroad?", "makes 40% of its sales abroad", "No"),
        ("Does it make nearly half of its sales abroad?", "makes 48% of its sales abroad", "Yes"),
        ("Did about 10% of the staff quit?", "5% of the staff quit last year.", "No"),
        # a floor said of a round figure is no estimate: any figure above it may be true
        (
            "Were 2 million people displaced?",
            "more than one million people have been displaced",
            "bound",
        ),
        ("Did 500 people get arrested?", "Police arrested at least 200 people", "bound"),
        # hedged, against the part or the whole of "X out of Y", whichever is nearer
        (
            "Were there about 1,000 exhibitors?",
            "120 out of 1,000 exhibitors came from China",
            "Yes",
        ),
        ("Were there more than 60 nations?", NATIONS, None),  # compared: `by_figure`
        ("Was it held in 2019?", NATIONS, None),  # a year is no count
        ("Were there 60 companies?", NATIONS, None),  # no figure of that kind
    ],
)
def test_a_figure_stated_is_checked_against_the_same_kind_of_figure(question, sentence, word):
    assert exact_figure(question, sentence) == word


CAMERAS = "China has already deployed over 170 million cameras throughout the country"


def test_asked_what_was_said_a_bound_states_its_figure():
    """ "Does the first article say 176 million?" asks for the figure written, and "over 170
    million" writes 170 million; asked of the cameras themselves, it settles nothing."""
    assert exact_figure("Has China deployed 176 million cameras?", CAMERAS) == "bound"
    assert exact_figure("Has China 176 million cameras?", CAMERAS, literal=True) == "No"
    assert exact_figure("Has China 170 million cameras?", CAMERAS, literal=True) == "Yes"
    hedged = "Did about 90 Chinese companies exhibit?"  # the question's own hedge still holds
    assert exact_figure(hedged, EXHIBITORS, literal=True) == "Yes"


def test_an_article_asked_whether_it_says_another_figure_answers_no(desk):
    answer = desk.ask("Does the influx piece say China has deployed 176 million cameras?")
    assert "**No**: China has already deployed over 170 million cameras" in answer.text
    answer = desk.ask("Does the second article say China has deployed 176 million cameras?")
    assert "**Yes**" in answer.text


def test_a_hedged_figure_far_from_the_one_said_is_a_no(desk):
    answer = desk.ask("Were there about 2,000 companies at Milipol?")
    assert answer.text.startswith("**No**:")
    assert "1,100 companies" in answer.text


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


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Were more than 500,000 Uighurs rounded up?", "Yes"),
        ("Does the article say over two million Uighurs were detained?", "No"),  # one act
        ("Were more than 500,000 Uighurs released?", None),  # another act: the count says nothing
        ("Were more than 500,000 Uighurs executed?", None),
    ],
)
def test_a_count_of_a_people_is_compared_only_for_the_act_the_sentence_counts(desk, question, word):
    """ "more than one million Uighurs … have been rounded up": a count of Uighurs (a plural
    name before the verb is what is counted), of those rounded up, detained, not released."""
    answer = desk.ask(question)
    verdict = answer.text.split(":", 1)[0].strip("*") if answer.text.startswith("**") else None
    assert verdict == word


def test_a_figure_ending_the_question_counts_what_its_count_word_is_of():
    """ "the camera count at 170 million?": cameras, 170,000,000 of them (not "million" as what
    is counted)."""
    deployed = "China has already deployed over 170 million cameras throughout the country."
    assert exact_figure("Is the camera count at 176 million?", deployed, literal=True) == "No"
    assert exact_figure("Is the number of cameras 170 million?", deployed, literal=True) == "Yes"


@pytest.mark.parametrize(
    ("question", "word"),
    [
        # what the article says: its "over 170 million" says 170 million
        ("Does the first article put China's current camera count at 170 million?", "Yes"),
        ("Does the second article put China's camera count at 170 million?", "No"),
    ],
)
def test_what_an_article_named_puts_a_count_at(desk, question, word):
    assert f"**{word}**:" in desk.ask(question).text
