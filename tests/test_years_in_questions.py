"""A year in a question is a topic word first: undated articles are never hidden by it, and it
narrows the search only when the question asks about a period ("in 2017")."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from rag.engine import Engine
from rag.extractive.times import told_of_another_time
from rag.models import Filters
from rag.questions.hints import date_range
from tests.conftest import SEED_CORPUS
from tests.test_ask import write_records


@pytest.fixture(scope="module")
def mixed_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The two undated seed articles beside dated news from 2017 and 2022."""
    folder = tmp_path_factory.mktemp("mixed")
    shutil.copytree(SEED_CORPUS, folder / "corpus")
    write_records(
        folder / "corpus" / "news.jsonl",
        [
            {
                "title": "Airline strike grounds flights",
                "url": "https://news.example/2017/strike",
                "source": "Wire Alpha",
                "published_at": "2017-06-02",
                "body": "Pilots of a regional airline went on strike in 2017, grounding 40 flights.",
            },
            {
                "title": "Stadium opens",
                "url": "https://news.example/2022/stadium",
                "source": "Wire Alpha",
                "published_at": "2022-03-14",
                "body": "A new football stadium with 30,000 seats opened in Lyon in 2022.",
            },
        ],
    )
    settings = Settings(index_dir=folder / "index")
    assert ingest([folder / "corpus"], settings).ok
    return Engine(settings)


def test_a_year_that_qualifies_something_is_not_a_period():
    dates = ["2017-06-02", "2022-03-14"]
    assert date_range("How many cameras could China have by 2022?", dates) is None
    assert date_range("Tell me about the 2017 incident at Milipol", dates) is None
    assert date_range("What happened at the fair in 2017?", dates) is not None
    # beside another year, a year compared with it: "scores in 2022 compared with 2018"
    assert date_range("Which scores dropped in 2022 compared with 2018?", dates) is None


def test_a_year_after_the_as_of_day_is_the_future_spoken_of_not_a_period(mixed_engine):
    """Asked on 1 January 2020, "plan to merge in 2022" is about plans reported before then."""
    asked = "Which airline pilots plan to strike again in 2022?"
    answer = mixed_engine.ask(asked, filters=Filters(as_of=date(2020, 1, 1)))
    assert "Searched articles from" not in answer.text
    assert "https://news.example/2017/strike" in {p.doc_id for p in answer.retrieved}
    later = mixed_engine.ask(asked, filters=Filters(as_of=date(2023, 1, 1)))
    assert later.text.startswith("Searched articles from 2022")


def test_an_undated_article_is_not_hidden_by_a_year_in_the_question(mixed_engine):
    answer = mixed_engine.ask("How many cameras could China have by 2022?")
    assert answer.outcome != "refused"
    assert "2.76 billion" in answer.text


def test_a_period_keeps_undated_articles_and_drops_those_dated_outside_it(mixed_engine):
    answer = mixed_engine.ask("What happened at Milipol in 2017?")
    searched = {p.doc_id for p in answer.retrieved}
    assert "https://news.example/2022/stadium" not in searched
    assert any(doc_id.endswith(".txt") for doc_id in searched)  # the undated seed articles


def test_the_dates_in_a_question_can_be_left_unread(mixed_engine):
    """The chat's one click that lifts a year's narrowing."""
    answer = mixed_engine.ask(
        "What happened at Milipol in 2017?", filters=Filters(question_dates=False)
    )
    assert "Searched articles from" not in answer.text
    assert answer.outcome != "refused"


def test_a_refusal_under_a_period_says_undated_articles_were_searched_too(mixed_engine):
    answer = mixed_engine.ask("Which rugby team won the cup in 2022?")
    assert answer.outcome == "refused"
    assert "articles dated 2022-01-01 to 2022-12-31 and those without a date" in answer.text


def test_an_overview_of_a_named_subject_reads_only_the_articles_that_name_it(mixed_engine):
    """ "The 2017 incident at Milipol": not the 2017 airline strike."""
    answer = mixed_engine.ask("Tell me about the 2017 incident at Milipol")
    cited = {c.doc_id for c in answer.citations}
    assert cited and all(doc_id.endswith(".txt") for doc_id in cited)


def test_disagreements_over_a_large_library_are_found_between_articles_on_one_story(
    mixed_engine, monkeypatch
):
    """A library too large to read whole is read pair by pair of articles about the same
    thing: the seed articles' camera count, not figures from unrelated stories."""
    from rag import forms as formed

    monkeypatch.setattr(formed, "SCAN_WHOLE_INDEX", 5)
    monkeypatch.setattr(mixed_engine.settings.retrieval, "top_k", 1)  # a search reads 3 passages
    answer = mixed_engine.ask("What do the articles disagree on?")
    assert "**170 million**" in answer.text and "**176 million**" in answer.text
    assert "40 flights" not in answer.text and "30,000" not in answer.text


@pytest.fixture(scope="module")
def seed_engine(seed_index) -> Engine:
    return Engine(Settings(index_dir=seed_index))


def test_an_overview_of_a_year_summarises_what_is_placed_in_it(seed_engine):
    """ "In 2017, a Chinese company was forced to close…" and the sentence after it; not this
    year's fair."""
    answer = seed_engine.ask("What happened at Milipol in 2017?")
    assert answer.analysis.form == "overview"
    quotes = [c.quote for c in answer.citations]
    assert (
        quotes[0] == "In 2017, a Chinese company was forced to close down its demonstration stall."
    )
    assert all("this year" not in q and "1,100" not in q for q in quotes)


def test_a_figure_of_the_articles_own_time_is_no_answer_for_an_earlier_year(seed_engine):
    """The article places 2017 before its own time ("the previous fair in 2017"): its count of
    this fair's companies does not answer for 2017, and the refusal says why."""
    answer = seed_engine.ask("How many Chinese companies took part in the 2017 Milipol?")
    assert answer.outcome == "refused"
    assert "The passages read speak of their own time, not of 2017." in answer.text
    now = seed_engine.ask("How many Chinese companies take part in Milipol?")
    assert now.outcome != "refused" and "89" in now.text


def test_a_time_to_come_is_not_answered_by_the_articles_own_time(seed_engine):
    """ "hosted this year in Paris" says where this year's fair is, not the next one."""
    answer = seed_engine.ask("Where will the next Milipol be held?")
    assert answer.abstained
    assert "speak of their own time, not of the next Milipol" in answer.text
    assert seed_engine.ask("Where is the Milipol fair held this year?").lead.text == "Paris"


def test_a_figure_for_another_year_where_the_question_names_its_own_is_refused(seed_engine):
    """ "by 2025?" against "as much as 2.76 billion cameras … by 2022": another year stands
    where the question's does; asked by 2022, it is the answer."""
    answer = seed_engine.ask("How many cameras is China expected to have by 2025?")
    assert answer.outcome == "refused"
    assert "not of 2025" in answer.text
    assert "2.76 billion" in seed_engine.ask("How many cameras will China have by 2022?").text


def test_a_year_before_every_earlier_one_the_article_tells_of_is_not_its_own(seed_engine):
    """The article tells of this year's fair and, "in the past", of 2017: 2015 is neither."""
    answer = seed_engine.ask("How many companies exhibited at Milipol in 2015?")
    assert answer.outcome == "refused"
    assert "not of 2015" in answer.text


def test_a_year_that_only_names_something_places_no_quotation_in_another_time():
    """ "founded in 2015" and "last year" say nothing of when the quotation was said."""
    passage = (
        '"This plant makes us the largest battery maker in Europe," Jane Roe said at the opening. '
        "The company, founded in 2015, had its best year last year."
    )
    assert told_of_another_time("What did Jane Roe say at this year's opening?", passage) is None
    assert told_of_another_time("What did Jane Roe say in 2024?", passage) is None
    earlier = "It raised eyebrows in the past. In 2017, Amnesty filed a complaint."
    assert told_of_another_time("What did Amnesty say this year?", earlier) == "this year"
    assert told_of_another_time("What did Amnesty say in 2017?", earlier) is None
    assert told_of_another_time("What did Amnesty say this year?", earlier, dated=True) is None
