"""Parts of an article asked for by name or by place: the photo's caption asked of "the caption",
one section heading asked by its place, the firms named as exhibitors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


def test_the_caption_asked_of_names_no_article_and_gives_every_caption(desk):
    answer = desk.ask("When was the photo in the caption taken?")
    assert answer.outcome == "answer"
    assert "Hytera Communications Corporation's stand few years ago" in answer.text


@pytest.mark.parametrize(
    "question, heading",
    [
        ("What's the title of the last section of the first article?", "US Trade Bans"),
        ("What is the second section heading of the first article?", "Involvement in Public"),
    ],
)
def test_a_section_asked_by_its_place_is_that_one_heading(desk, question, heading):
    answer = desk.ask(question)
    listed = re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE)
    assert len(listed) == 1 and listed[0].startswith(heading)


def test_exhibitors_are_the_firms_named_not_every_organisation(desk):
    answer = desk.ask("Which Chinese exhibitors are named in the second article?")
    listed = re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE)
    assert {"GDU", "Norinco", "Hytera Communications Corporation"} <= set(listed)
    assert "Amnesty International" not in listed and "Milipol" not in listed
