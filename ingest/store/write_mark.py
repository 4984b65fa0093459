"""A mark on the chunks collection, replaced before any of its rows change.

What is derived from the chunks (the BM25 index) records the mark it was built at, and a reader
compares marks (one small read) instead of hashing every chunk id: at 10,000 articles that was
155,000 ids read over HTTP, most of a 20 s cold start. An ingest cut off after the mark changed
and before the BM25 index was rebuilt leaves the marks different, so the reader rebuilds, as a
changed id did before. The mark is in the collection's own metadata, so an embedded store and a
Chroma server keep it alike.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

    from ingest.store import Store

KEY = "citedesk_writes"


def current(store: Store) -> str | None:
    """The chunks' mark as stored now (a fresh read), or None for an index from before marks."""
    return (store.chunks().metadata or {}).get(KEY)


def advance(collection: Collection) -> str:
    """A new mark, before a change to the collection's rows."""
    mark = uuid.uuid4().hex
    collection.modify(metadata={**(collection.metadata or {}), KEY: mark})
    return mark
