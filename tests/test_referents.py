"""A sentence that refers back ("The company already makes 40%…") is about what it refers to
(`rag.extractive.referents`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    "question",
    [
        "What share of its sales does Hytera make abroad?",
        "At Milipol, what share of its sales does Hytera make abroad?",  # a setting, no subject
    ],
)
def test_a_sentence_about_the_company_named_before_it_answers_for_that_company(desk, question):
    answer = desk.ask(question)
    assert answer.outcome == "answer"
    assert answer.text.startswith("**40%**")


@pytest.mark.parametrize(
    "question",
    [
        "What share of Norinco's sales are made outside China?",
        "what share of norinco's sales are made outside china",
    ],
)
def test_it_is_no_answer_for_another_company(desk, question):
    answer = desk.ask(question)
    assert answer.outcome != "answer"
    assert not answer.text.startswith("**40%**")


def test_a_figure_only_a_sentence_about_another_company_gives_is_refused(desk):
    """ "The company already makes 40% of its sales outside of China" is Hytera's: no share of
    GDU's sales is given, and none is offered as the closest."""
    answer = desk.ask("What share of GDU's sales are made abroad?")
    assert answer.outcome == "refused"


def test_who_did_it_is_named_where_the_sentence_only_describes_them(desk):
    """ "The human rights group stated that they constituted torture devices": the group is
    Amnesty International, named in the sentence before; both sentences are cited."""
    answer = desk.ask("Who stated the handcuffs constituted torture devices?")
    assert answer.lead.text == "Amnesty International"
    quotes = " ".join(c.quote for c in answer.citations)
    assert "Amnesty International filed a complaint" in quotes
    assert "The human rights group stated" in quotes
    assert (
        desk.ask("Who filed a complaint about the handcuffs?").lead.text == "Amnesty International"
    )


@pytest.mark.parametrize(
    "question", ["internment camps are in which region", "Where are the internment camps?"]
)
def test_a_place_described_is_the_place_named_before_it(desk, question):
    """ "… internment camps across the fractious region." follows "… a crackdown in Xinjiang.":
    the region is Xinjiang (the place named last before it, not China), both sentences cited."""
    answer = desk.ask(question)
    assert answer.lead.text == "Xinjiang"
    quotes = " ".join(c.quote for c in answer.citations)
    assert "a crackdown in Xinjiang" in quotes and "across the fractious region" in quotes


def test_a_figure_the_articles_give_for_another_country_is_refused_saying_whose_it_is(desk):
    """The articles name the US (its trade war) but count China's cameras: no answer for the
    US, and the refusal says whose figure was read; asked of China, it is the answer."""
    answer = desk.ask("How many cameras does IHS Markit say the US has?")
    assert answer.outcome == "refused"
    assert 'The passages read tell of "China", not of "US".' in answer.text
    assert "176 million" in desk.ask("How many cameras does IHS Markit say China has?").text


def test_a_country_holding_the_city_the_sentence_names_is_not_another(desk):
    """ "hosted this year in Paris": a question about France is answered by it."""
    answer = desk.ask("How many companies are at the security fair in France?")
    assert answer.outcome == "answer"
    assert "1,100" in answer.text


def test_a_sentence_about_another_company_sets_no_bar_for_the_answer(desk):
    """ "The company already makes 40% of its sales outside of China" (Hytera's) says most of
    the question's words, but is about another subject: the count of Chinese exhibitors is read
    from the sentence that gives it."""
    answer = desk.ask("How many of the exhibitors are Chinese firms?")
    assert answer.outcome == "answer" and "**89 out of 1,100**" in answer.text
