"""A whole article summarised (`rag.forms.summary`): its lede, then one sentence from each later
part of it, the one that says most of the article's story and gives most particulars."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.forms.summary import asks_end_or_lede
from rag.models import Filters

SURVEILLANCE = "China surveillance tech seeks global reach"
INFLUX = "Milipol Security Fair Sees Huge Influx of Chinese Firms"


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


def _quoted(text: str) -> list[str]:
    """The sentences an answer quotes, in order, without their citation marks."""
    return [s.strip() for s in re.split(r"\[\d+\]", text) if s.strip()]


def test_the_gist_of_an_article_opens_with_its_lede(desk):
    answer = desk.ask(f"Give me the gist of '{SURVEILLANCE}'")
    assert answer.analysis.form == "overview"
    assert answer.text.startswith(f"**{SURVEILLANCE}**: Chinese firms are omnipresent at a Paris")


def test_the_gist_covers_the_whole_article_not_its_first_paragraph(desk):
    """The figures of its second paragraph and the Uighur crackdown near its end are both heard."""
    text = desk.ask(f"tl;dr of {SURVEILLANCE}").text
    assert "89 out of 1,100 companies" in text
    assert "Uighur minority" in text
    assert len(_quoted(text)) == 6


def test_summarising_both_articles_hears_each_from_its_lede_on(desk):
    text = desk.ask("Summarise both articles for me.").text
    influx, surveillance = text.split(f"**{SURVEILLANCE}**: ")
    assert influx.startswith(f"**{INFLUX}**: The Milipol security fair hosted this year in Paris")
    assert surveillance.startswith("Chinese firms are omnipresent at a Paris")
    assert len(_quoted(influx)) >= 4 and len(_quoted(surveillance)) >= 4


def test_summarising_articles_no_filter_admits_refuses_rather_than_fails(desk):
    answer = desk.ask("Summarise the articles", filters=Filters(date_from=date(2030, 1, 1)))
    assert answer.outcome == "refused"


def test_an_article_s_ending_is_asked_for_only_as_its_own():
    """ "the conclusion of the second article", not "the trade war ending"."""
    assert asks_end_or_lede("What's the conclusion of the second article?")
    assert asks_end_or_lede("what's the main argument of the influx article's last section")
    assert not asks_end_or_lede("Summarise what the article says about the trade war ending.")
    assert not asks_end_or_lede("What does it say about prices ending up lower?")


@pytest.mark.parametrize(
    "question, opening",
    [
        ("How does the influx article wrap up?", "The now-infamous US-China trade war"),
        ("How does the first article end?", "The now-infamous US-China trade war"),
        ("how does the second story begin", "Chinese firms are omnipresent at a Paris"),
    ],
)
def test_how_an_article_opens_or_ends_is_its_first_or_last_paragraph(desk, question, opening):
    answer = desk.ask(question)
    assert answer.analysis.form == "overview"
    assert answer.citations[0].quote.startswith(opening)
    assert not asks_end_or_lede("How does the trade war end?")


def test_one_sentence_asked_of_an_article_s_end_is_its_last_sentence(desk):
    answer = desk.ask("What's the last sentence of the first article?")
    assert len(answer.citations) == 1
    assert answer.citations[0].quote.startswith("With the EU’s improved stance on personal")
