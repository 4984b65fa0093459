"""The ingest's calls to Chroma, as named operations on the two collections (`ingest.pipeline.rows` says
what their rows hold). Each call stays within the store's own batch limit (5,461 rows for the
embedded store) and the id filters' limit, however many rows it is given; the pipeline decides
the order (the commit protocol), this module only how each step reaches the store.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ingest.pipeline.rows import CHUNK_OPTIONAL
from ingest.store import Store, iterate, write_mark
from ingest.text.entities import WAITING

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode

ID_BATCH = 500  # ids per Chroma `$in` filter

Rows = dict[str, dict[str, Any]]


class StoreWriter:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.chunks = store.chunks(create=True)
        self.documents = store.documents(create=True)
        self._marked = False

    # -- reading what the ingest compares against ---------------------------------------------

    def document_rows(self) -> Rows:
        """Every document row's metadata, by id."""
        return {row["id"]: row["metadatas"] or {} for row in iterate(self.documents, ["metadatas"])}

    def chunk_count(self) -> int:
        return self.chunks.count()

    def chunk_ids_by_document(self, doc_ids: list[str] | None = None) -> dict[str, set[str]]:
        """Stored chunk ids by the document they belong to: of `doc_ids`, or of every chunk."""
        found: dict[str, set[str]] = defaultdict(set)
        filters: Iterable[dict | None] = (
            [None] if doc_ids is None else ({"doc_id": {"$in": p}} for p in self._slices(doc_ids))
        )
        for where in filters:
            for row in iterate(self.chunks, ["metadatas"], where=where):
                found[(row["metadatas"] or {}).get("doc_id", "")].add(row["id"])
        return found

    def document_body(self, doc_id: str) -> str:
        return self.documents.get(ids=[doc_id], include=["documents"])["documents"][0]

    def document_vector(self, doc_id: str) -> list[float]:
        got = self.documents.get(ids=[doc_id], include=["embeddings"])
        return list(got["embeddings"][0])

    def chunks_waiting_for_labels(self) -> list[str]:
        """The ids of chunks stored before their names were found (`ingest.pipeline.labelling`)."""
        return [row["id"] for row in iterate(self.chunks, [], where={"entities": WAITING})]

    def chunk_rows(self, chunk_ids: list[str]) -> dict[str, tuple[str, dict[str, Any]]]:
        """Chunks' texts and metadata, by id."""
        rows: dict[str, tuple[str, dict[str, Any]]] = {}
        for part in self._slices(chunk_ids):
            got = self.chunks.get(ids=part, include=["documents", "metadatas"])
            pairs = zip(got["documents"], got["metadatas"], strict=True)
            rows.update(zip(got["ids"], pairs, strict=True))
        return rows

    def chunk_vectors(self, chunk_ids: list[str]) -> dict[str, list[float]]:
        vectors: dict[str, list[float]] = {}
        for part in self._slices(chunk_ids):
            got = self.chunks.get(ids=part, include=["embeddings"])
            vectors.update(zip(got["ids"], (list(e) for e in got["embeddings"]), strict=True))
        return vectors

    # -- writing ------------------------------------------------------------------------------

    def upsert_documents(
        self, ids: list[str], vectors: list[list[float]], rows: list[dict], bodies: list[str]
    ) -> None:
        columns = (self._slices(column) for column in (ids, vectors, rows, bodies))
        for part_ids, part_vectors, part_rows, part_bodies in zip(*columns, strict=True):
            self.documents.upsert(
                ids=part_ids, embeddings=part_vectors, metadatas=part_rows, documents=part_bodies
            )

    def set_state(self, doc_ids: list[str], state: str) -> None:
        """The commit record: `pending` before a document's chunks change, `done` after."""
        for part in self._slices(doc_ids):
            self.documents.update(ids=part, metadatas=[{"state": state} for _ in part])

    def delete_documents(self, doc_ids: list[str]) -> None:
        for part in self._slices(doc_ids):
            self.documents.delete(ids=part)

    def add_chunks(self, nodes: list[TextNode]) -> Iterator[int]:
        """Adds embedded nodes; yields how many each call wrote."""
        self._changing()
        vector_store = self.store.vector_store(create=True)
        for part in self._slices(nodes):
            vector_store.add(part)
            yield len(part)

    def update_chunk_metadata(self, nodes: list[TextNode]) -> None:
        """New metadata for kept chunks (their text and vectors stay)."""
        from llama_index.core.vector_stores.utils import node_to_metadata_dict

        self._changing()
        for part in self._slices(nodes):
            self.chunks.update(
                ids=[n.node_id for n in part],
                # Chroma merges an update into the stored metadata: a field the article no
                # longer has (an author cleared in the library) is removed by naming it as None.
                metadatas=[
                    {
                        **dict.fromkeys(CHUNK_OPTIONAL),
                        **node_to_metadata_dict(n, remove_text=True, flat_metadata=True),
                    }
                    for n in part
                ],
            )

    def set_labels(self, labels: dict[str, tuple[str, dict[str, Any]]]) -> None:
        """The names found in chunks: by chunk id, the labels and the chunk's metadata as read.
        Written in the flat field and in the node llama-index stores (what answers read). Not a
        change the BM25 index depends on: the write mark stays."""
        ids = list(labels)
        for part in self._slices(ids):
            self.chunks.update(ids=part, metadatas=[_labelled(*labels[i]) for i in part])

    def delete_chunks(self, chunk_ids: list[str]) -> None:
        self._changing()
        for part in self._slices(chunk_ids):
            self.chunks.delete(ids=part)

    def _changing(self) -> None:
        """The chunks' mark advanced once, before this ingest's first change to them: the BM25
        index saved before is then stale until the ingest rebuilds it (`ingest.store.write_mark`)."""
        if not self._marked:
            write_mark.advance(self.chunks)
            self._marked = True

    @functools.cached_property
    def _step(self) -> int:
        return max(1, min(ID_BATCH, self.store.max_batch_size))

    def _slices(self, items: list[Any]) -> Iterator[list[Any]]:
        for offset in range(0, len(items), self._step):
            yield items[offset : offset + self._step]


def _labelled(labels: str, metadata: dict[str, Any]) -> dict[str, Any]:
    node = json.loads(metadata["_node_content"])
    node["metadata"]["entities"] = labels
    return {"entities": labels, "_node_content": json.dumps(node)}
