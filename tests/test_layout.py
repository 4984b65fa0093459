"""A comparison of how the articles are put together (headlines, standfirsts, section headings,
photos, teasers) lists those parts of each article, cited, instead of searching the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.forms.layout import ORDER, asked_parts


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    "question, parts",
    [
        ("Compare the two headlines' angles.", ["title"]),
        (
            "Which article has more section headings, and how do the photos compare?",
            ["sections", "photo"],
        ),
        ("Compare how the two articles are laid out (section headings, photo etc.).", ORDER),
        ("Structurally, how do the two articles differ - subheads, extras?", ORDER),
        ("How is each article structured?", ORDER),
        # what the articles say, not how they are laid out
        ("Compare the structure of the surveillance network described in the articles", []),
        ("How do the articles differ on the number of cameras?", []),
    ],
)
def test_the_parts_a_comparison_asks_about(question, parts):
    assert asked_parts(question) == parts


def test_the_two_headlines_compared_are_each_article_s_headline(desk):
    answer = desk.ask("Compare the two headlines' angles.")
    assert answer.outcome == "answer"
    assert '"Milipol Security Fair Sees Huge Influx of Chinese Firms" (headline)' in answer.text
    assert '"China surveillance tech seeks global reach" (headline)' in answer.text


def test_the_layout_compared_gives_each_article_s_headings_photo_and_what_it_lacks(desk):
    answer = desk.ask("Compare how the two articles are laid out (section headings, photo etc.).")
    text = answer.text
    assert 'section heading "Heavy Police Surveillance on the Mainland"' in text
    assert '"Milipol Security Fair Sees Huge Influx of Chinese Firms": no photo' in text
    assert '"China surveillance tech seeks global reach": no section headings' in text
    assert "photo caption \"Photo: Hytera Hytera Communications Corporation's stand" in text
    assert "standfirst \"At Paris's Milipol fair" in text
    assert "no byline" not in text  # of the whole make-up, only what an article has or lacks
    # each line cited: a heading where it stands in the text, the rest to the article's header
    assert len(answer.citations) == text.count("\n- ")
