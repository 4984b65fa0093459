"""What is in the store: the documents and the counts, read without loading any model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.store import Store, bm25, iterate


@dataclass
class DocumentInfo:
    doc_id: str
    title: str
    source: str | None
    date: str | None
    chunks: int
    duplicate_of: str | None
    state: str
    url: str | None = None
    path: str | None = None  # the file it was read from


def list_documents(store: Store) -> list[DocumentInfo]:
    rows = iterate(store.documents(), include=["metadatas"])
    documents = [document_info(row["id"], row["metadatas"] or {}) for row in rows]
    return sorted(documents, key=lambda d: d.doc_id)


def document_info(doc_id: str, meta: dict[str, Any]) -> DocumentInfo:
    """An article's entry in the list, from its row's metadata."""
    return DocumentInfo(
        doc_id=doc_id,
        title=meta.get("title", ""),
        source=meta.get("source"),
        date=meta.get("date") or meta.get("published_at"),
        chunks=int(meta.get("chunk_count", 0)),
        duplicate_of=meta.get("duplicate_of"),
        state=meta.get("state", "done"),
        url=meta.get("url"),
        path=meta.get("path"),
    )


def article_texts(store: Store, doc_ids: list[str]) -> dict[str, str]:
    """The cleaned texts of some articles, in one read: what citation offsets point into."""
    wanted = list(dict.fromkeys(doc_ids))
    if not wanted:
        return {}
    found = store.documents().get(ids=wanted, include=["documents"])
    return {i: text or "" for i, text in zip(found["ids"], found["documents"], strict=True)}


def stats(store: Store) -> dict[str, Any]:
    documents = list_documents(store)
    return {
        "store": store.location,
        "mode": "server" if store.settings.store.chroma_url else "embedded",
        "collections": [store.chunks_name, store.documents_name],
        "documents": sum(1 for d in documents if not d.duplicate_of),
        "duplicates": sum(1 for d in documents if d.duplicate_of),
        "incomplete": sum(1 for d in documents if d.state != "done"),
        "chunks": store.chunks().count(),
        "sources": len({d.source for d in documents if d.source}),
        "embed_model": store.settings.embedding.model,
        "bm25_index": str(store.bm25_dir),
        "bm25_current": bm25.is_current(store),
    }
