"""Which of a question's words a text uses (`rag.words.text.covered`), and in which form the
articles use a question's word (`in_vocabulary`, `in_known_words`)."""

from __future__ import annotations

import pytest

from rag.words.text import covered, in_known_words, in_vocabulary, terms


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


def test_a_place_and_its_initials_are_one_word():
    assert used("Can firms sell in Europe?", "firms in EU member nations") == {"firm", "europ"}
    assert used("Is it banned in the EU?", "banned across Europe") == {"ban", "eu"}
    assert used("Did it open firms in the UK?", "opened firms in Britain") == {"open", "firm", "uk"}


def test_verbs_for_one_act_are_one_word():
    assert used("Did Amnesty lodge a complaint?", "Amnesty filed a complaint") == {
        "amnesti",
        "lodg",
        "complaint",
    }
    assert used("Did Hytera buy firms?", "having acquired firms") == {"buy", "firm"}
    assert used("Did Hytera sell firms?", "having acquired firms") == {"firm"}


def test_a_word_and_the_word_with_land_after_it_are_one_only_for_a_country():
    assert used("the main island", "the mainland") == set()
    assert used("a home security show", "a homeland security show") == {"secur", "show"}


ARTICLES = frozenset(terms("Chinese companies find it hard to sell in Europe, say the people"))


def test_a_word_the_articles_use_in_another_form_is_known_in_that_form():
    assert in_vocabulary("european", ARTICLES) == "europ"
    assert in_vocabulary("compani", ARTICLES) == "compani"
    assert in_vocabulary("market", ARTICLES) is None
    assert in_vocabulary("polici", frozenset(terms("police"))) is None  # policy is not police


def test_a_counted_thing_no_article_names_is_asked_as_the_articles_name_it():
    assert in_known_words("How many exhibitors are Chinese?", ARTICLES) == (
        "How many companies are Chinese?"
    )
    assert in_known_words("Which country had more exhibitors?", ARTICLES) == (
        "Which country had more companies?"
    )
    assert in_known_words("How does the exhibitor count compare?", ARTICLES) == (
        "How does the company count compare?"  # counted, said after it
    )


def test_a_question_whose_words_the_articles_use_is_left_as_asked():
    assert in_known_words("Which companies sell in Europe?", ARTICLES) == (
        "Which companies sell in Europe?"
    )
    assert in_known_words("How many states?", ARTICLES) == "How many states?"  # maybe American
    assert in_known_words("Where did they do business?", ARTICLES) == "Where did they do business?"
    assert in_known_words("Were citizens rounded up?", ARTICLES) == "Were citizens rounded up?"
    assert in_known_words("How many exhibitors?", frozenset()) == "How many exhibitors?"


@pytest.mark.parametrize(
    "question",
    [
        "Is Huawei an exhibitor?",  # not counted
        "Is Exhibitor Magazine quoted?",  # a name
        "How many of the exhibitors' stands were closed?",  # the stands are counted
    ],
)
def test_a_word_not_counted_or_part_of_a_name_is_left_as_asked(question):
    assert in_known_words(question, ARTICLES) == question
