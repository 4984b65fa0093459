"""'Does the second article mention 5G at all?': yes with the article's sentence, or no, with the
articles that do (`rag.forms.whether_mentioned`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from ingest.store import open_store
from rag.desk import Desk
from rag.questions.forms import question_form
from tests.conftest import MILIPOL, SURVEILLANCE


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Does the second article mention 5G at all?", "5G"),
        ("Does the first piece talk about Huawei?", "Huawei"),
        ("did the Milipol story ever mention drones", "drones"),
        ("Does the story about global reach mention drones?", "drones"),
        ("Does 'China surveillance tech seeks global reach' discuss 5G?", "5G"),
    ],
)
def test_whether_an_article_mentions_something_is_asked_by_pattern(question, subject):
    assert question_form(question) == ("articles", subject)


def test_the_article_named_mentions_it_yes_with_its_sentence(desk):
    answer = desk.ask("Does the first piece talk about 5G at all?")
    assert answer.text.startswith(
        '**Yes**: "Milipol Security Fair Sees Huge Influx of Chinese Firms" mentions "5G":'
    )
    assert [c.doc_id for c in answer.citations] == [MILIPOL]
    assert "5G computing" in answer.citations[0].quote


def test_the_article_named_never_mentions_it_no_with_the_articles_that_do(desk):
    answer = desk.ask("Does the second article mention 5G at all?")
    assert answer.text.startswith(
        '**No**: "China surveillance tech seeks global reach" never mentions "5G"; '
        "1 other article does:"
    )
    assert [c.doc_id for c in answer.citations] == [MILIPOL]


def test_no_article_mentions_it_no_citing_the_article_named(desk):
    answer = desk.ask("Does the second article mention Tesla?")
    assert answer.text.startswith(
        '**No**: "China surveillance tech seeks global reach" never mentions "Tesla", '
        "nor does any other article:"
    )
    (header,) = answer.citations
    assert header.doc_id == SURVEILLANCE and header.part == "header"


def test_with_no_article_named_any_article_mentioning_it_is_a_yes(desk):
    answer = desk.ask("Do the articles mention Huawei?")
    assert answer.text.startswith('**Yes**: 1 article mentions "Huawei":')


def test_both_articles_is_a_yes_only_when_each_mentions_it(desk):
    both = desk.ask("Do both articles mention Amnesty International?")
    assert both.text.startswith('**Yes**: 2 articles mention "Amnesty International"')
    one = desk.ask("Do both articles mention Huawei?")
    assert one.text.startswith(
        '**No**: 1 article mentions "Huawei" '
        '("Milipol Security Fair Sees Huge Influx of Chinese Firms" does not):'
    )


def test_both_or_just_one_is_a_comparison_not_a_yes_or_no():
    assert question_form("Do both articles cover the Xinjiang crackdown?")[0] != "articles"
    asked = "Does one article bring up the trade war and the other not?"
    assert question_form(asked)[0] != "articles"


@pytest.mark.parametrize(
    "question",
    [
        "Does the first article mention every Chinese firm by name?",  # "every" is the subject's
        "Does the first article discuss the EU banning Chinese firms?",  # "banning" is in neither
    ],
)
def test_a_subject_not_said_as_asked_gets_the_listing_without_a_verdict(desk, question):
    answer = desk.ask(question)
    assert not answer.text.startswith(("**Yes**", "**No**"))


def test_two_things_named_in_one_passage_of_the_article_are_a_yes(desk):
    answer = desk.ask("Does the first article bring up 5G and IoT?")
    assert answer.text.startswith(
        '**Yes**: "Milipol Security Fair Sees Huge Influx of Chinese Firms" mentions each word '
        'of "5G and IoT" in one passage:'
    )
    assert "5G computing and IoT tech" in answer.text


def test_is_it_the_article_that_mentions_it_is_asked_of_that_article(desk):
    assert question_form("Is it the second article that covers the Uighur crackdown?") == (
        "articles",
        "the Uighur crackdown",
    )
    answer = desk.ask("Is it the first article that mentions Hytera?")
    assert answer.text.startswith(
        '**No**: "Milipol Security Fair Sees Huge Influx of Chinese Firms" never mentions "Hytera"'
    )


def test_either_of_two_things_gets_no_verdict(desk):
    answer = desk.ask("Does the first article mention Hytera or GDU?")  # listed, no verdict
    assert not answer.text.startswith(("**Yes**", "**No**"))


def test_two_things_named_in_passages_of_their_own_are_each_looked_for(desk):
    answer = desk.ask("Does the second article mention Hytera and Norinco?")
    assert answer.text.startswith(
        '**Yes**: "China surveillance tech seeks global reach" mentions each of "Hytera" and '
        '"Norinco":'
    )
    quotes = [c.quote for c in answer.citations]
    assert any("Hytera Communications" in q for q in quotes)
    assert any("armaments firm Norinco" in q for q in quotes)
    said = desk.ask("Does the first article mention privacy and security?").text
    assert said.startswith('**Yes**: "Milipol Security Fair Sees Huge Influx of Chinese Firms"')


def test_one_of_two_things_the_article_never_mentions_is_a_no_naming_it(desk):
    answer = desk.ask("Does the first article mention privacy and drones?")
    assert answer.text.startswith(
        '**No**: "Milipol Security Fair Sees Huge Influx of Chinese Firms" never mentions "drones":'
    )
    assert [c.doc_id for c in answer.citations] == [MILIPOL]  # its "privacy", cited


def test_two_things_only_another_article_mentions_are_a_no_citing_that_article(desk):
    answer = desk.ask("Does the first article mention Hytera and Norinco?")
    assert answer.text.startswith(
        '**No**: "Milipol Security Fair Sees Huge Influx of Chinese Firms" never mentions '
        '"Hytera" or "Norinco"; where other articles do:'
    )
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}


def test_two_things_no_article_mentions_are_a_no_with_nothing_to_quote(desk):
    answer = desk.ask("Do the articles mention Samsung and Sony?")
    assert answer.text.startswith('**No**: No article mentions "Samsung" or "Sony".')
    assert answer.citations == []


def test_a_thing_no_article_mentions_is_said_once(desk):
    answer = desk.ask("Do the articles mention Huawei and Samsung?")
    assert answer.text.startswith('**No**: No article mentions "Samsung":')
    assert "Huawei" in answer.citations[0].quote


def test_a_place_is_mentioned_by_another_of_its_names_which_the_answer_says(desk):
    """The Milipol article never writes "Europe" but says "most EU member states"."""
    answer = desk.ask("Does the Milipol article mention Europe?")
    assert answer.text.startswith(
        '**Yes**: "Milipol Security Fair Sees Huge Influx of Chinese Firms" mentions "Europe" '
        '(as "EU"):'
    )
    listed = desk.ask("Which articles mention Europe?")
    assert listed.text.startswith('2 articles mention "Europe" (as "EU"):')
    assert "in Europe" in next(c.quote for c in listed.citations if c.doc_id == SURVEILLANCE)


def test_every_passage_naming_it_is_read_however_many_pages_they_fill(
    desk, seed_index, monkeypatch
):
    """A name in more passages than one read of the store holds: every page is read, so no
    article naming it is left out of the list."""
    import ingest.store

    store = open_store(Settings(index_dir=seed_index))
    whole = {row.id for row in store.chunks_matching("(?i)chin")}
    monkeypatch.setattr(ingest.store, "PAGE", 3)
    paged = store.chunks_matching("(?i)chin")
    assert len(whole) > 3 and {row.id for row in paged} == whole and len(paged) == len(whole)
    listed = desk.ask("Which articles mention China?")
    assert listed.text.startswith('2 articles mention "China"')
