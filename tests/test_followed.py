"""A yes/no question is settled by the passage after the one naming its subject, when that passage
goes on about it without the name (`rag.extractive.followed`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from ingest.store import open_store
from rag.desk import Desk
from rag.extractive.followed import passages_after
from rag.forms.listing import stored_hits
from tests.conftest import SURVEILLANCE


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


def test_the_firm_the_next_paragraph_refers_to_settles_the_question(desk):
    # "Chinese armaments firm Norinco is also present …", then '"In China, …," said a
    # representative of the state-owned firm …': neither "private" nor "Norinco" in it.
    answer = desk.ask("is norinco a private company?")
    assert answer.text.startswith('**No**: "In China, facial recognition is not a new technology')
    quotes = [c.quote for c in answer.citations]
    assert "the state-owned firm" in quotes[0]
    assert "Chinese armaments firm Norinco" in quotes[1]  # what "the firm" is, shown with it


def test_only_a_passage_that_refers_back_is_added(seed_index):
    store = open_store(Settings(index_dir=seed_index))
    rows = [r for r in store.chunks_of([SURVEILLANCE]) if "armaments firm Norinco" in r.text]
    (after,) = passages_after(store, "Is Norinco a private company?", stored_hits(rows))
    assert "said a representative of the state-owned firm" in after.node.get_content()
    # The question's subject is not named in the passage: nothing follows it.
    assert passages_after(store, "Is GDU a private company?", stored_hits(rows)) == []


def test_passages_are_read_by_their_place_in_an_article(seed_index):
    store = open_store(Settings(index_dir=seed_index))
    first, second = store.chunks_of([SURVEILLANCE])[:2]
    places = [(SURVEILLANCE, first.metadata["chunk_index"]), (SURVEILLANCE, 10_000)]
    assert store.chunks_at(places) == {places[0]: first}
    assert store.chunks_at([]) == {}
    both = [(SURVEILLANCE, r.metadata["chunk_index"]) for r in (first, second)]
    assert set(store.chunks_at(both)) == set(both)
