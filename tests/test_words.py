"""Which of a question's words a text uses (`rag.words.text.covered`)."""

from __future__ import annotations

from rag.words.text import covered, terms


def used(question: str, text: str) -> set[str]:
    return covered(set(terms(question)), set(terms(text)))


def test_stems_sharing_a_five_letter_start_are_one_word():
    assert used("Did Amnesty complain?", "Amnesty filed a complaint") == {"amnesti", "complain"}


def test_a_five_letter_stem_is_not_a_longer_word_it_starts():
    assert used("the count of companies", "across the country") == set()


def test_a_country_is_said_by_its_people():
    assert used("Chinese companies", "China is the best represented") == {"chines"}


def test_a_people_is_said_by_its_land():
    assert used("the Thai drone", "sold to Thailand") == {"thai"}


def test_a_word_and_the_word_with_land_after_it_are_one_only_for_a_country():
    assert used("the main island", "the mainland") == set()
    assert used("a home security show", "a homeland security show") == {"secur", "show"}
