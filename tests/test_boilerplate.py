"""Lines an outlet prints on many of its pages are dropped at ingest; a story its briefings
retell for a few days, a long paragraph and a short heading are kept (issue 33 item 3)."""

from __future__ import annotations

from pathlib import Path

from ingest.models import Article
from ingest.text.boilerplate import drop_outlet_lines
from rag.desk import Desk
from tests.test_ask import indexed_records

PROMO = "Follow every game: Latest NHL Scores and Schedules"
BRIEFING = "The heat wave scorching the West will last into the weekend, forecasters said."


def _article(n: int, body: list[str], day: str, source: str = "sports.example") -> Article:
    return Article(
        doc_id=f"a{n}",
        location=f"a{n}",
        title=f"Story {n}",
        body="\n\n".join(body),
        source=source,
        published_at=day,
    )


def _months_apart(paragraphs: list[str], source: str = "sports.example") -> list[Article]:
    return [
        _article(
            n,
            [f"Team {n} won its game {n} to {n + 1} on Sunday.", *paragraphs],
            f"2023-{n + 1:02d}-10",
            source,
        )
        for n in range(5)
    ]


def test_a_line_an_outlet_repeats_for_months_is_dropped_and_recorded():
    kept = drop_outlet_lines(_months_apart([PROMO, "Arizona"]))
    assert all(PROMO not in a.body and PROMO in a.dropped for a in kept)
    assert all(a.body.endswith("\n\nArizona") for a in kept)  # a heading labels what follows


def test_a_line_of_another_outlet_or_of_a_few_days_is_kept():
    articles = _months_apart([PROMO])[:2] + _months_apart([PROMO], "other.example")[2:]
    assert all(PROMO in a.body for a in drop_outlet_lines(articles))
    days = [_article(n, [f"Item {n} of the day.", BRIEFING], f"2023-07-0{n + 1}") for n in range(6)]
    assert all(BRIEFING in a.body for a in drop_outlet_lines(days))


def test_a_long_paragraph_repeated_is_a_story_retold_and_kept():
    story = " ".join([BRIEFING] * 5)
    assert all(story in a.body for a in drop_outlet_lines(_months_apart([story])))


def test_the_ingest_drops_the_line_and_answers_without_it(tmp_path: Path):
    records = [
        {
            "title": f"Team {n} wins",
            "url": f"https://sports.example/{n}",
            "source": "sports.example",
            "published_at": f"2023-{n + 1:02d}-10",
            "body": f"Team {n} beat its rivals by {n + 2} goals on Sunday, its coach said.\n\n{PROMO}",
        }
        for n in range(5)
    ]
    desk = Desk(indexed_records(tmp_path, records))
    assert PROMO not in desk.article("https://sports.example/3").text
    answer = desk.ask("Where can I follow the latest NHL scores and schedules?")
    assert all(PROMO not in c.quote for c in answer.citations)
