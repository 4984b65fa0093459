"""The BM25 index over the chunks, always derived from the Chroma collection.

It is saved beside the store with a fingerprint of the chunk ids it was built from and a checksum
of each of its files; whoever loads it checks both and rebuilds on any difference, so BM25 and
Chroma can never silently disagree, even after a crash between the two writes or a damaged file.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ingest import write_mark
from ingest.store import Store, StoreError, iterate

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

FINGERPRINT_FILE = "chunk-ids.sha256"


def chunk_fingerprint(store: Store) -> str:
    """The chunks' count and write mark (`ingest.write_mark`): two small reads. An index from
    before marks is fingerprinted by a hash of every chunk id, as it was then, until an ingest
    marks it."""
    mark = write_mark.current(store)
    if mark is not None:
        return f"{store.chunks().count()}:{mark}"
    ids = sorted(row["id"] for row in iterate(store.chunks(), include=[]))
    digest = hashlib.sha256()
    for chunk_id in ids:
        digest.update(chunk_id.encode())
        digest.update(b"\n")
    return f"{len(ids)}:{digest.hexdigest()}"


def saved_fingerprint(store: Store) -> str | None:
    """The chunk fingerprint the saved BM25 was built from (the manifest's first line)."""
    try:
        lines = (store.bm25_dir / FINGERPRINT_FILE).read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[0].strip() if lines else None


def damage(store: Store) -> str | None:
    """What is wrong with the saved BM25 files, if anything: a file missing, changed or extra
    compared with the checksums written when they were built."""
    folder = store.bm25_dir
    try:
        listed = (folder / FINGERPRINT_FILE).read_text().splitlines()[1:]
    except (OSError, UnicodeDecodeError):
        return f"the BM25 index in {folder} has no readable {FINGERPRINT_FILE}"
    expected = dict(reversed(line.split("  ", 1)) for line in listed if "  " in line)
    present = {p.name for p in folder.iterdir() if p.name != FINGERPRINT_FILE}
    for name in sorted(present | set(expected)):
        path = folder / name
        if name not in expected or not path.is_file() or _sha256(path) != expected[name]:
            return f"the BM25 index file {path} is damaged or does not belong there"
    return None


def is_current(store: Store) -> bool:
    return saved_fingerprint(store) == chunk_fingerprint(store) and damage(store) is None


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def stored_nodes(store: Store) -> list[TextNode]:
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    nodes = []
    for row in iterate(store.chunks(), include=["metadatas", "documents"]):
        node = metadata_dict_to_node(row["metadatas"], text=row["documents"])
        nodes.append(node)
    return nodes


def rebuild(store: Store) -> int:
    """Rebuild from Chroma and swap it in atomically; returns the number of chunks indexed.
    Run under the ingest's lock, which is why it may give an index from before marks its
    first."""
    if write_mark.current(store) is None:
        write_mark.advance(store.chunks())
    fingerprint = chunk_fingerprint(store)
    nodes = stored_nodes(store)
    target = store.bm25_dir
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if nodes:
        retriever = build_retriever(nodes)
        retriever.persist(str(staging), show_progress=False)
    checksums = [
        f"{_sha256(path)}  {path.name}" for path in sorted(staging.iterdir()) if path.is_file()
    ]
    (staging / FINGERPRINT_FILE).write_text("\n".join([fingerprint, *checksums]) + "\n")
    _swap(staging, target)
    return len(nodes)


def build_retriever(nodes: list[TextNode], top_k: int = 10) -> BM25Retriever:
    import Stemmer
    from llama_index.retrievers.bm25 import BM25Retriever

    return BM25Retriever.from_defaults(
        nodes=nodes, stemmer=Stemmer.Stemmer("english"), language="en", similarity_top_k=top_k
    )


def load(store: Store) -> BM25Retriever | None:
    """The saved retriever; None if the store is empty. If Chroma changed since it was saved (or
    its files are damaged), it is built in memory from Chroma instead: only an ingest writes the
    files (under the ingest lock), so a question never races an ingest for the folder, and a
    read-only index can still be searched. The next ingest saves it again."""
    from llama_index.retrievers.bm25 import BM25Retriever

    if not is_current(store):
        nodes = stored_nodes(store)
        return build_retriever(nodes) if nodes else None
    if not (store.bm25_dir / "params.index.json").exists():
        return None
    try:
        return BM25Retriever.from_persist_dir(str(store.bm25_dir))
    except Exception as error:  # a file changed between the check and the load
        raise StoreError(
            f"The BM25 index in {store.bm25_dir} cannot be read ({error}). Run `citedesk ingest` "
            "with the same index options: it rebuilds the BM25 index from the store."
        ) from None


def _swap(staging: Path, target: Path) -> None:
    """Replace `target` with `staging`; a crash leaves either one, and a missing or stale
    fingerprint makes the next reader rebuild."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
