"""Which article is longer, and an article named by its length ("the shorter article")."""

from __future__ import annotations

from pathlib import Path

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from ingest.settings import Settings
from ingest.store.catalog import DocumentInfo
from rag.engine import Engine, get_engine
from rag.forms.lengths import by_length
from rag.models import Filters
from rag.questions.forms import question_form
from tests.conftest import MILIPOL, SURVEILLANCE


@pytest.fixture(scope="module")
def engine(seed_index: Path) -> Engine:
    return get_engine(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Which of the articles is longer?", "longer"),
        ("Which of the two articles is longer?", "longer"),
        ("which one is the shortest", "shortest"),
        ("What story is shorter?", "shorter"),
    ],
)
def test_which_article_is_longer_is_a_form_of_its_own(question, word):
    assert question_form(question) == ("length", word)


def test_the_longer_article_is_named_with_each_articles_words_each_cited_by_its_header(engine):
    answer = engine.ask("Which of the articles is longer?")
    assert answer.outcome == "answer"
    assert answer.text.startswith('"China surveillance tech seeks global reach" is the longer')
    assert [c.doc_id for c in answer.citations] == [SURVEILLANCE, MILIPOL]
    assert {c.part for c in answer.citations} == {"header"}
    words = [int(line.split(": ")[1].split()[0]) for line in answer.text.splitlines()[2:]]
    assert words[0] > words[1] > 0


def test_an_article_named_by_its_length_is_the_one_read(engine):
    shorter = engine.ask("Summarise the shorter article")
    assert shorter.analysis.form == "overview" and shorter.outcome == "answer"
    assert {c.doc_id for c in shorter.citations} == {MILIPOL}
    headline = engine.ask("What's the headline of the longer article?")
    assert headline.citations[0].doc_id == SURVEILLANCE


def test_lengths_are_compared_only_among_the_articles_the_filters_admit(engine):
    one = engine.ask("Which article is longer?", filters=Filters(doc_ids=[MILIPOL]))
    assert one.abstained and "two to 5 articles" in one.text


def test_two_articles_as_long_name_no_article():
    documents = [DocumentInfo(d, d, None, None, 1, None, "ready") for d in ("a.txt", "b.txt")]

    def passages_of(ids: list[str]) -> list[NodeWithScore]:
        text = "the same number of words in each"
        return [NodeWithScore(node=TextNode(text=text, metadata={"doc_id": i})) for i in ids]

    assert by_length("longer", documents, passages_of) is None
    assert by_length("the first", documents, passages_of) is None  # not a length
