"""The tone of two articles compared: where each writer judges rather than reports
(`rag.forms.tone`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from tests.conftest import MILIPOL, SURVEILLANCE


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    "question",
    [
        "Which article is harsher in tone toward China?",
        "Compare the tone each piece takes on China's surveillance record.",
    ],
)
def test_each_article_is_quoted_where_its_writer_judges(desk, question):
    answer = desk.ask(question)
    assert answer.analysis.form == "compare"
    quotes = {c.doc_id: [] for c in answer.citations}
    for citation in answer.citations:
        quotes[citation.doc_id].append(citation.quote)
    assert any("abysmally bad" in q for q in quotes[MILIPOL])
    assert "Concerns about the system thus appear to be well placed." in quotes[SURVEILLANCE]


def test_a_standfirst_that_judges_is_quoted_first(desk):
    """The second article's standfirst calls the devices "non-lethal, but still worrisome": the
    writer's slant put most plainly, cited as the article's header."""
    answer = desk.ask("Contrast the tone of the two pieces.")
    own = [c for c in answer.citations if c.doc_id == SURVEILLANCE]
    assert own[0].part == "header" and "still worrisome military devices" in own[0].quote
    assert not any(c.part == "header" for c in answer.citations if c.doc_id == MILIPOL)
