"""Whether the articles agree, asked as a yes/no question (`rag.forms.agreement`): a point of
difference settles it; no point of difference settles it only when each article states the
question's figures and names."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Do the two pieces agree that China has 176 million cameras?", "No"),
        ("Do the articles disagree on the number of cameras?", "Yes"),
    ],
)
def test_a_point_the_articles_differ_on_answers_whether_they_agree_or_differ(
    desk, question, verdict
):
    answer = desk.ask(question)
    assert answer.text.startswith(f"**{verdict}**: The articles disagree about")
    assert "170 million" in answer.text and "176 million" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Do both articles say there will be 2.76 billion by 2022?",
        # "cameras" and "China" in the sentence "That number is expected to expand to 2.76
        # billion …" refers back to
        "Do both articles say China could have 2.76 billion cameras by 2022?",
        # how near the figure is and the word for a count are no words to find: "over 1,100
        # companies" and "89 out of 1,100 companies" both give 1,100
        "Do both articles give around 1,100 as the number of exhibitors?",
    ],
)
def test_what_each_article_states_alike_is_a_yes_with_each_article_quoted(desk, question):
    answer = desk.ask(question)
    assert "**Yes**: each article read here says it;" in answer.text
    assert len({c.doc_id for c in answer.citations}) == 2


@pytest.mark.parametrize(
    "question",
    [
        "Do both articles say 6 billion cameras by 2022?",  # a figure is whole: not "2.76"
        "Do both articles say 100 companies are at Milipol?",  # nor "1,100"
        # nor "2.76 million" "2.76 billion", whatever the sentence before counts
        "Do both articles say China will have 2.76 million cameras by 2022?",
        # each article in one sentence: not "2.76 billion" from one and "already deployed" from
        # the other figure it is shown for
        "Do both articles say 2.76 billion cameras were already deployed in 2022?",
        # a word of the topic ("conflict") does not turn "agree?" into "differ?"
        "Do both articles agree on how many cameras China has deployed in its conflict with the "
        "Uighurs?",
    ],
)
def test_no_yes_from_part_of_a_figure_words_spread_over_sentences_or_a_topic_word(desk, question):
    assert not desk.ask(question).text.startswith("**Yes**")


def test_no_point_of_difference_is_no_verdict_when_one_article_never_states_it(desk):
    """The Milipol piece never says 89 firms: that they do not differ is no Yes."""
    answer = desk.ask("Do both articles say 89 Chinese firms attend?")
    assert not answer.text.startswith(("**Yes**", "**No**"))


def test_no_point_of_difference_is_no_no_to_whether_they_differ(desk):
    """They may differ in what no figure or date says: what each says is shown, unjudged."""
    answer = desk.ask("Do the articles disagree on how many companies are at Milipol?")
    assert answer.text.startswith("No two articles read here give different figures")


def test_a_question_about_one_article_gets_no_verdict_on_agreement(desk):
    """Answered by the disagreements form or not, "Does the first piece claim …?" asks nothing
    of the articles together; nor is "every person" every article."""
    answer = desk.ask(
        "Does the first piece claim that the projected figure equals two cameras for every person?"
    )
    assert not answer.text.startswith(("**Yes**", "**No**: The articles disagree"))


def test_a_point_of_difference_on_another_matter_settles_nothing(desk):
    """Both camera counts say "already": that is no answer on whether the firms sell abroad."""
    answer = desk.ask(
        "Do they contradict each other on whether Chinese firms are already selling overseas?"
    )
    assert not answer.text.startswith(("**Yes**", "**No**"))
    # nor is the camera count listed as a point they disagree on about it
    assert "The articles disagree about" not in answer.text


def test_any_point_of_difference_answers_whether_there_is_any(desk):
    assert desk.ask("Any contradictions between the two pieces?").text.startswith(
        "**Yes**: The articles disagree on 1 point:"
    )


def test_a_year_asked_is_said_on_both_sides_of_a_point_of_difference(desk):
    """Both articles give 2.76 billion by 2022; the camera counts of now differ, and are said to
    differ, but not as a difference on the 2022 projection (`disagreements.about`)."""
    answer = desk.ask("Do the articles disagree on the 2022 camera projection?")
    assert answer.text.startswith(
        "No two articles read here give different figures or dates about 2022 camera projection."
    )
    assert "2.76 billion" in answer.text
