"""'Which article talks about X and which doesn't?': the articles that mention it, and in a small
library the ones that do not, named (`rag.forms.listing`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.models import Filters
from tests.conftest import MILIPOL


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


def test_the_article_that_does_not_mention_it_is_named(desk):
    answer = desk.ask("Which article talks about the trade war and which doesn't?")
    assert answer.text.startswith(
        '1 article mentions "the trade war" ("China surveillance tech seeks global reach" does not):'
    )
    assert [c.doc_id for c in answer.citations] == [MILIPOL]


def test_when_every_article_mentions_it_the_answer_says_so(desk):
    answer = desk.ask("Which articles mention Amnesty and which don't?")
    assert answer.text.startswith('2 articles mention "Amnesty" (every article does):')


def test_under_a_filter_only_the_articles_it_admits_are_named(desk):
    """The chat's selection is the library asked about: an article outside it is not said to
    lack anything."""
    answer = desk.ask(
        "Which article talks about the trade war and which doesn't?",
        filters=Filters(doc_ids=[MILIPOL]),
    )
    assert "China surveillance tech seeks global reach" not in answer.text
