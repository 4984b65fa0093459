"""A question about "the X article" answers about the article whose title or text says X, and
asks which one when none or several do, instead of picking one (issue 33 item 1)."""

from __future__ import annotations

import re

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.engine import Engine
from rag.forms.which_article import article_reference, topic_in_named_article, unnamed
from tests.conftest import MILIPOL, SURVEILLANCE
from tests.test_ask import indexed_records


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return Engine(
        indexed_records(
            tmp_path_factory.mktemp("named"),
            [
                {
                    "title": "Olive growers count their losses",
                    "url": "https://news.example/olive-growers",
                    "author": "Ana Ruiz",
                    "published_at": "2024-11-02",
                    "body": "This year's olive harvest in Jaén fell by a third after the drought, "
                    "growers said. Many small farms picked their trees a month early.",
                },
                {
                    "title": "Olive oil prices soar in shops",
                    "url": "https://news.example/olive-oil",
                    "author": "Tom Baker",
                    "published_at": "2024-11-05",
                    "body": "A litre of olive oil now costs twice what it did two years ago, "
                    "supermarkets said, blaming poor crops across southern Europe.",
                },
                {
                    "title": "Corner bakery reopens after fire",
                    "url": "https://news.example/bakery",
                    "author": "Lena Fischer",
                    "published_at": "2024-10-21",
                    "body": "The bakery on Rue Haute opened its doors again on Monday, six months "
                    "after a fire destroyed its ovens. Neighbours queued for bread from dawn.",
                },
            ],
        )
    )


def test_the_article_named_by_its_subject_is_the_one_whose_title_says_it(engine):
    answer = engine.ask("Who wrote the bakery article?")
    assert "Lena Fischer" in answer.text
    assert {c.doc_id for c in answer.citations} == {"https://news.example/bakery"}


def test_a_subject_only_the_text_of_one_article_has_picks_that_article(engine):
    answer = engine.ask("When was the olive harvest article published?")
    assert "2024-11-02" in answer.text
    assert {c.doc_id for c in answer.citations} == {"https://news.example/olive-growers"}


def test_two_articles_that_match_alike_are_listed_not_picked(engine):
    answer = engine.ask("Who wrote the olive article?")
    assert answer.outcome == "refused"
    assert answer.text.startswith('Several articles match "olive"')
    assert '"Olive growers count their losses"' in answer.text
    assert '"Olive oil prices soar in shops"' in answer.text
    assert "Ana Ruiz" not in answer.text and "Tom Baker" not in answer.text


def test_a_word_no_article_uses_does_not_hide_the_article_the_rest_names(engine):
    """ "the bakery that burned" is the bakery article: no article says "burned"."""
    answer = engine.ask("Who wrote the article about the corner bakery that burned?")
    assert "Lena Fischer" in answer.text
    assert {c.doc_id for c in answer.citations} == {"https://news.example/bakery"}


def test_no_article_on_the_subject_is_said_with_the_closest_titles(engine):
    answer = engine.ask("Who wrote the article about the football transfer?")
    assert answer.outcome == "refused"
    assert answer.text.startswith('No article matches "football transfer"')


def test_a_list_bounded_by_an_article_stays_inside_it(seed_index):
    desk = Desk(Settings(index_dir=seed_index))
    quoted = desk.ask("who is quoted in the China surveillance article?")
    assert {c.doc_id for c in quoted.citations} == {SURVEILLANCE}
    # No one speaks in quotation marks there: what it reports was said is given instead.
    nobody = desk.ask("Who is quoted in the Milipol article?")
    assert nobody.text.startswith(
        'The passages read of "Milipol Security Fair Sees Huge Influx of Chinese Firms" quote no '
        "one directly; they report what was said:"
    )
    assert "The human rights group stated that they constituted torture devices" in nobody.text
    assert {c.doc_id for c in nobody.citations} == {MILIPOL}
    assert desk.ask("Which politicians are quoted?").outcome == "refused"  # a kind: none said
    # "what quotes are in …" asks who is quoted there, and the article may be named in full
    quotes = desk.ask("What quotes are in the China surveillance tech seeks global reach article?")
    assert quotes.text.startswith("3 people quoted:")
    assert {c.doc_id for c in quotes.citations} == {SURVEILLANCE}


def test_an_overview_follows_the_sentences_that_refer_back_to_its_subject(seed_index):
    """ "The company already makes 40%…" names no Hytera: it follows a quotation from "the firm",
    which follows "the stand of Hytera Communications Corporation"."""
    answer = Desk(Settings(index_dir=seed_index)).ask("Tell me about Hytera")
    assert "40% of its sales outside of China" in answer.text


def test_a_fact_asked_of_one_article_is_read_only_there_and_says_so(seed_index):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask(
        "How many cameras does China have according to the Milipol Security Fair article?"
    )
    assert answer.text.startswith(
        'Read only "Milipol Security Fair Sees Huge Influx of Chinese Firms", the article the '
        "question names."
    )
    assert "170 million" in answer.lead.text
    assert {c.doc_id for c in answer.citations} == {"000_c3babbc9e666e485.txt"}


def test_an_article_named_after_the_question_by_words_of_its_headline_is_read_alone(seed_index):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask(
        "How many cameras has China deployed, according to the story about the huge influx?"
    )
    assert answer.text.startswith(
        'Read only "Milipol Security Fair Sees Huge Influx of Chinese Firms"'
    )
    assert "170 million" in answer.lead.text
    # words no one headline says are the question's topic, not an article's name, nor are words
    # one headline says that the other article's text says too
    about = desk.ask("What does the article about Hytera say?")
    assert not about.text.startswith("Read only") and "Hytera" in about.text
    quoted = desk.ask("Who is quoted in the story about the Milipol fair?")
    assert quoted.text.startswith("3 people quoted:")


def test_an_article_named_by_its_headline_before_what_it_is_asked_to_say_is_read_alone(
    seed_index,
):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask(
        "Does the article about the huge influx of Chinese firms say some Milipol exhibitors "
        "have been banned in the US?"
    )
    assert answer.text.startswith(
        'Read only "Milipol Security Fair Sees Huge Influx of Chinese Firms"'
    )
    assert "**Yes**: The now-infamous US-China trade war" in answer.text
    # the headline's words end where the question's verb begins, not at its end
    mentions = desk.ask("Does the article about the huge influx mention Norinco?")
    assert mentions.text.startswith(
        '**No**: "Milipol Security Fair Sees Huge Influx of Chinese Firms" never mentions "Norinco"'
    )


def test_an_article_named_by_its_title_in_quotes_is_read_alone(seed_index):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask(
        "Does 'China surveillance tech seeks global reach' discuss US trade bans on Chinese "
        "companies?"
    )
    assert answer.text.startswith(
        '**No**: "China surveillance tech seeks global reach" never mentions "US trade bans'
    )
    assert [c.doc_id for c in answer.citations] == [MILIPOL]  # where they are discussed
    fact = desk.ask("Does 'China surveillance tech seeks global reach' say Hytera sells abroad?")
    assert fact.text.startswith('Read only "China surveillance tech seeks global reach"')
    # a quotation is no title: the question is read over every article, and is no question of
    # which article mentions something
    said = desk.ask("Did the Norinco rep say 'this is a safe country'?")
    assert not said.text.startswith("Read only")
    quoted = desk.ask("Did 'this is a safe country' refer to Xinjiang?")
    assert "**Yes**" not in quoted.text and "mentions" not in quoted.text
    # an apostrophe is no quotation mark
    doesnt = desk.ask("Doesn't 'China surveillance tech seeks global reach' mention drones?")
    assert doesnt.text.startswith('Read only "China surveillance tech seeks global reach"')
    dated = desk.ask("On what date was 'China surveillance tech seeks global reach' published?")
    assert dated.text == (
        '"China surveillance tech seeks global reach" does not give its publication date.'
    )


def test_a_question_pointing_at_one_article_gets_its_closest_sentence_not_a_refusal(seed_index):
    """The reader points at one article: what comes closest there is offered, marked as such
    (as a question about the teasers is), where the same words unscoped may be refused; a name no
    article uses is still refused by name."""
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask("Which line of the second article says the worries are justified?")
    assert answer.outcome == "tentative"
    assert "Concerns about the system thus appear to be well placed." in answer.text
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}
    peru = desk.ask("What does the first article say about Peru?")
    assert peru.outcome == "refused" and '"Peru"' in peru.text


@pytest.mark.parametrize(
    "question, named",
    [
        ("How many cameras does the global reach article count?", "global reach"),
        ("The Nation's Report Card is out. Which subject dropped?", None),  # a name, no article
        ("What did the minister say in the report?", None),  # no words name it
    ],
)
def test_a_name_ending_in_report_is_no_article_named(question, named):
    assert article_reference(question) == named


def test_the_second_article_is_the_second_in_the_library_list(seed_index):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask("How many cameras does the second article say China has?")
    assert answer.lead.text == "176 million"


def test_a_list_asked_where_lists_places_not_the_firms_it_names(seed_index):
    answer = Desk(Settings(index_dir=seed_index)).ask(
        "Where outside China have these firms sold or operated, per the second article?"
    )
    names = set(re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE))
    assert answer.text.split(":")[0].endswith("places named")
    assert {"Thailand", "Britain"} <= names and not {"China", "GDU", "Norinco"} & names


def test_the_article_a_question_names_is_said_as_it_and_the_rest_kept():
    asked = "what purpose does the surveillance network serve according to the second article"
    assert unnamed(asked) == "what purpose does the surveillance network serve according to it"
    assert unnamed("How many cameras does the global reach article count?") == (
        "How many cameras does it count?"
    )
    assert unnamed("What does China want, according to the piece on global reach?") == (
        "What does China want, according to it"
    )


@pytest.mark.parametrize(
    ("question", "found"),
    [
        (
            "What does the surveillance tech article tell us about GDU?",
            ("surveillance tech", "GDU"),
        ),
        ("What does the Milipol piece report on trade bans?", ("Milipol", "trade bans")),
        ("What did the Milipol article say happened on the first day?", None),
        ("Summarise the Milipol article.", None),
    ],
)
def test_what_is_asked_of_an_article_named_by_its_subject(question, found):
    assert topic_in_named_article(question) == found
