"""Questions asked as of a day: later articles are not searched, relative time is read against
it, and the answer says what the dates did."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from ingest.settings import Settings
from rag.engine import Engine
from rag.evaluate.questions import load_questions
from rag.models import Filters
from tests.test_ask import indexed_records
from ui.cli import app

STARTED = "https://port.example/strike-begins"
ENDED = "https://port.example/strike-ends"
OLD = "https://port.example/harbour-2014"


STRIKE = [
    {
        "title": "Lorient dock strike begins",
        "url": STARTED,
        "published_at": "2022-06-20",
        "body": "Dock workers in Lorient began a strike on Monday over pay, the union said.",
    },
    {
        "title": "Lorient dock strike ends",
        "url": ENDED,
        "published_at": "2022-07-05",
        "body": "The dock strike in Lorient ended after two weeks with a pay rise of 4%.",
    },
]
HARBOUR_2014 = {
    "title": "Lorient harbour expands",
    "url": OLD,
    "published_at": "2014-03-01",
    "body": "Lorient's harbour opened a new dock for container ships in 2014.",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return indexed_records(
        tmp_path_factory.mktemp("as-of"), [*STRIKE, HARBOUR_2014]
    ).store.index_dir


@pytest.fixture(scope="module")
def engine(index) -> Engine:
    return Engine(Settings(index_dir=index))


def test_an_as_of_day_hides_the_articles_published_after_it(engine):
    answer = engine.ask(
        "What is the latest on the Lorient dock strike?", filters=Filters(as_of=date(2022, 6, 24))
    )
    assert ENDED not in {p.doc_id for p in answer.retrieved}
    assert "As of 24 June 2022: later articles were not searched." in answer.text


def test_the_article_nearest_the_as_of_day_leads(engine):
    later = engine.ask(
        "What happened at the Lorient docks?", filters=Filters(as_of=date(2022, 7, 8))
    )
    assert later.retrieved[0].doc_id == ENDED
    earlier = engine.ask(
        "What happened at the Lorient docks?", filters=Filters(as_of=date(2014, 3, 2))
    )
    assert earlier.retrieved[0].doc_id == OLD


def test_this_week_ranks_the_week_before_the_as_of_day_first_and_hides_nothing(engine):
    answer = engine.ask(
        "What happened in Lorient's harbour this week?", filters=Filters(as_of=date(2022, 6, 24))
    )
    assert answer.retrieved[0].doc_id == STARTED
    assert OLD in {p.doc_id for p in answer.retrieved}
    assert "Articles from 18–24 June 2022 first." in answer.text


@pytest.mark.parametrize(
    "question, order",
    [
        ("Which articles mention Lorient?", [ENDED, STARTED, OLD]),
        ("Which articles mention Lorient, newest first?", [ENDED, STARTED, OLD]),
        ("Which articles mention Lorient, oldest first?", [OLD, STARTED, ENDED]),
        ("Which articles mention Lorient in chronological order?", [OLD, STARTED, ENDED]),
    ],
)
def test_a_list_of_articles_is_newest_first_unless_asked_oldest_first(engine, question, order):
    answer = engine.ask(question)
    assert answer.text.startswith('3 articles mention "Lorient":')
    assert [c.doc_id for c in answer.citations] == order


def test_an_undated_article_in_a_dated_list_says_so_and_comes_last(tmp_path):
    undated = {
        "title": "Lorient fish market",
        "url": "https://port.example/fish-market",
        "body": "Lorient's fish market sold 300 tonnes of tuna, its director said.",
    }
    answer = Engine(indexed_records(tmp_path, [undated, *STRIKE])).ask(
        "Which articles mention Lorient?"
    )
    assert answer.text.splitlines()[-1].startswith("- **Lorient fish market** (undated):")
    assert "- **Lorient dock strike ends** (2022-07-05):" in answer.text


def test_the_cli_asks_as_of_a_day(index):
    result = CliRunner().invoke(
        app,
        [
            "ask",
            "How did the Lorient dock strike end?",
            "--as-of",
            "2022-06-24",
            "--index-dir",
            str(index),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert ENDED not in {p["doc_id"] for p in json.loads(result.output)["retrieved"]}


def test_the_cli_searches_only_articles_dated_between_two_days(index):
    asked = ["ask", "What happened in Lorient?", "--index-dir", str(index), "--json"]
    result = CliRunner().invoke(app, [*asked, "--from", "2022-01-01", "--to", "2022-06-30"])
    assert result.exit_code == 0, result.output
    assert {p["doc_id"] for p in json.loads(result.output)["retrieved"]} == {STARTED}
    backwards = CliRunner().invoke(app, [*asked, "--from", "2022-07-01", "--to", "2022-06-01"])
    assert backwards.exit_code == 2
    assert "--from 2022-07-01 is after --to 2022-06-01" in backwards.output


def test_an_eval_row_is_asked_as_of_its_question_date_and_a_bad_date_is_named(tmp_path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        json.dumps({"question": "Who struck?", "question_date": "2022-06-24"})
        + "\n"
        + json.dumps({"question": "Who won?", "as_of": "24/06/2022"})
        + "\n"
    )
    rows, problems = load_questions(questions)
    assert rows[0].as_of == date(2022, 6, 24)
    assert len(problems) == 1 and str(problems[0]).startswith(f"{questions}:2")
    assert "must be a date like 2022-06-24, got '24/06/2022'" in str(problems[0])
