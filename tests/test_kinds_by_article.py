"""Which article names more of a kind: each article's names of the kind, read whole, the one
naming most first."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.engine import Engine
from rag.forms.kinds_by_article import asked_kind
from rag.models import Filters
from tests.test_ask import assert_grounded

# The people quoted in the second article: two by name, and the one who withheld a name.
SPEAKERS = (
    '"China surveillance tech seeks global reach": 3 (Yolen Ye, Sylvain Shuang, '
    "a representative of the state-owned firm (unnamed))"
)


@pytest.fixture(scope="module")
def settings(seed_index: Path) -> Settings:
    return Settings(index_dir=seed_index)


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    return Engine(settings)


@pytest.mark.parametrize(
    "question, kind",
    [
        (
            "Which article goes into more detail on individual Chinese companies?",
            ("companies", False),
        ),
        ("Which piece names specific companies and which doesn't?", ("companies", False)),
        ("Which of the articles quotes actual people, and who?", ("people", True)),
        ("Which article is more detailed about individual exhibitors?", ("companies", False)),
        ("which one mentions companies by name", ("companies", False)),
        (
            "Do both articles name specific Chinese companies, or only one of them?",
            ("companies", False),
        ),
        (
            "How do the two pieces source their info - does either quote people directly?",
            ("people", True),
        ),
        ("Which article quotes named individuals, and which quotes nobody?", ("people", True)),
        (
            "Which article actually quotes company reps, and how does the other handle it?",
            ("people", True),
        ),
        ("which of the two quotes named people from the companies?", ("people", True)),
        ("Compare how the two articles use quotes - who gets to speak in each?", ("people", True)),
        # A list on a topic, or no article asked for: other forms answer them.
        ("Which article names the specific companies banned by the US?", None),
        ("Which companies are named in the articles?", None),
        ("Which article goes into more detail on the 2017 incident?", None),
        ("Does either article quote the Norinco rep by name?", None),
    ],
)
def test_a_kind_asked_name_by_name_of_the_articles_is_read(question, kind):
    assert asked_kind(question) == kind


def test_the_article_naming_more_companies_comes_first_with_each_name_cited(engine, settings):
    answer = engine.ask("Which article goes into more detail on individual Chinese companies?")
    lines = answer.text.splitlines()
    assert lines[0] == "The companies named in each article, the most first:"
    assert lines[1].startswith('- "China surveillance tech seeks global reach": 5 (')
    assert lines[2] == '- "Milipol Security Fair Sees Huge Influx of Chinese Firms": none'
    names = re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE)
    assert {"GDU", "Hytera Communications Corporation", "Norinco", "Huawei"} <= set(names)
    assert_grounded(answer, settings)


def test_the_people_quoted_in_each_article_are_the_speakers(engine, settings):
    answer = engine.ask("Which of the articles quotes actual people, and who?")
    assert answer.text.startswith("The people quoted in each article, the most first:")
    assert SPEAKERS in answer.text
    assert_grounded(answer, settings)


def test_an_article_quoting_no_one_is_said_to_have_no_quotes(engine, settings):
    answer = engine.ask("Which article quotes named individuals, and which quotes nobody?")
    assert SPEAKERS in answer.text
    assert '"Milipol Security Fair Sees Huge Influx of Chinese Firms": no quotes' in answer.text
    assert_grounded(answer, settings)


def test_under_a_date_filter_the_articles_are_not_read_whole(engine):
    """Which articles dates admit is the search's to say: the list by article is not given."""
    answer = engine.ask(
        "Which article names more individual companies?",
        filters=Filters(date_from=date(2030, 1, 1)),
    )
    assert "in each article" not in answer.text
