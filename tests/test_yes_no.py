"""Yes/no questions: "Yes" or "No" only when a quoted sentence settles it (`rag.yesno`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


def test_a_figure_above_the_one_asked_about_is_a_yes(desk):
    answer = desk.ask("Are there more than 1,000 companies at Milipol?")
    assert answer.text.startswith("**Yes**: The Milipol security fair")
    assert "over 1,100 companies" in answer.text.split("[1]")[0]


def test_most_is_more_than_half_so_forty_percent_is_a_no(desk):
    answer = desk.ask("Does Hytera make most of its sales outside China?")
    assert answer.text.startswith("**No**: The company already makes 40% of its sales")


def test_a_sentence_that_says_rather_than_is_a_no(desk):
    answer = desk.ask("Is Norinco showing assault rifles at Milipol?")
    assert answer.text.startswith("**No**:")
    assert "rather than assault rifles" in answer.text


def test_a_sentence_that_states_every_word_of_the_question_is_a_yes(desk):
    answer = desk.ask("Is China a world leader in facial recognition?")
    assert answer.text.startswith("**Yes**:")
    assert "world leader" in answer.text


def test_words_in_common_are_not_a_yes(desk):
    """GDU, not Norinco, sold a drone to Thailand: the sentence is quoted, with no verdict."""
    answer = desk.ask("Did Norinco sell drones to Thailand?")
    assert not answer.text.startswith(("**Yes**", "**No**"))


def test_what_was_done_at_first_and_is_now_otherwise_is_a_no_to_still(desk):
    answer = desk.ask("Is Beijing still denying that the camps exist?")
    assert answer.text.startswith("**No**: Beijing, after initially denying the camps existed, now")


def test_still_with_nothing_that_changed_says_neither_word(desk):
    answer = desk.ask("Does Beijing still call them vocational schools?")
    assert not answer.text.startswith(("**Yes**", "**No**"))
