"""The BM25 index over the chunks, always derived from the Chroma collection.

It is saved beside the store with a fingerprint of the chunk ids it was built from; whoever loads
it checks the fingerprint against Chroma and rebuilds on any difference, so BM25 and Chroma can
never silently disagree, even after a crash between the two writes.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.store import Store, iterate

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

FINGERPRINT_FILE = "chunk-ids.sha256"


def chunk_fingerprint(store: Store) -> str:
    ids = sorted(row["id"] for row in iterate(store.chunks(), include=[]))
    digest = hashlib.sha256()
    for chunk_id in ids:
        digest.update(chunk_id.encode())
        digest.update(b"\n")
    return f"{len(ids)}:{digest.hexdigest()}"


def saved_fingerprint(store: Store) -> str | None:
    path = store.bm25_dir / FINGERPRINT_FILE
    return path.read_text().strip() if path.exists() else None


def is_current(store: Store) -> bool:
    return saved_fingerprint(store) == chunk_fingerprint(store)


def stored_nodes(store: Store) -> list[TextNode]:
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    nodes = []
    for row in iterate(store.chunks(), include=["metadatas", "documents"]):
        node = metadata_dict_to_node(row["metadatas"], text=row["documents"])
        nodes.append(node)
    return nodes


def rebuild(store: Store) -> int:
    """Rebuild from Chroma and swap it in atomically; returns the number of chunks indexed."""
    fingerprint = chunk_fingerprint(store)
    nodes = stored_nodes(store)
    target = store.bm25_dir
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if nodes:
        retriever = build_retriever(nodes)
        retriever.persist(str(staging), show_progress=False)
    (staging / FINGERPRINT_FILE).write_text(fingerprint + "\n")
    _swap(staging, target)
    return len(nodes)


def build_retriever(nodes: list[TextNode], top_k: int = 10) -> BM25Retriever:
    import Stemmer
    from llama_index.retrievers.bm25 import BM25Retriever

    return BM25Retriever.from_defaults(
        nodes=nodes, stemmer=Stemmer.Stemmer("english"), language="en", similarity_top_k=top_k
    )


def load(store: Store) -> BM25Retriever | None:
    """The saved retriever, rebuilt first if Chroma changed since it was saved; None if empty."""
    from llama_index.retrievers.bm25 import BM25Retriever

    if not is_current(store):
        rebuild(store)
    if not (store.bm25_dir / "params.index.json").exists():
        return None
    return BM25Retriever.from_persist_dir(str(store.bm25_dir))


def _swap(staging: Path, target: Path) -> None:
    """Replace `target` with `staging`; a crash leaves either one, and a missing or stale
    fingerprint makes the next reader rebuild."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
