"""The BM25 index over the chunks, always derived from the Chroma collection.

What is saved is bm25s's index and, per chunk, its id, article, outlet and date (for the
filters): never the chunks' texts, which stay in Chroma and are read for the hits of a query
only. llama-index's `BM25Retriever` saves every chunk with its metadata beside the index (3 KB a
chunk: 470 MB at 10,000 articles) and holds it all in memory to answer; it was most of a large
index's start, of its ingest's and its server's memory. The scores are the same: the same
tokenizer, stemmer and stopwords on the same text (a chunk's text with its embedded metadata).

It is saved beside the store with a fingerprint of the chunk ids it was built from and a checksum
of each of its files; whoever loads it checks both and rebuilds on any difference, so BM25 and
Chroma can never silently disagree, even after a crash between the two writes or a damaged file.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest.store import Store, StoreError, iterate, write_mark

if TYPE_CHECKING:
    import bm25s

FINGERPRINT_FILE = "chunk-ids.sha256"
ROWS_FILE = "rows.npz"  # `ChunkIndex`'s columns
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
TOKENIZE_PAGE = 5_000  # chunks tokenized at a time


def chunk_fingerprint(store: Store) -> str:
    """The chunks' count and write mark (`ingest.store.write_mark`): two small reads. An index from
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
    if expected and (ROWS_FILE not in expected or not _has_columns(folder / ROWS_FILE)):
        return f"the BM25 index in {folder} is of an older format"
    present = {p.name for p in folder.iterdir() if p.name != FINGERPRINT_FILE}
    for name in sorted(present | set(expected)):
        path = folder / name
        if name not in expected or not path.is_file() or _sha256(path) != expected[name]:
            return f"the BM25 index file {path} is damaged or does not belong there"
    return None


def _has_columns(path: Path) -> bool:
    try:
        with np.load(path) as rows:  # reads the archive's list of files only
            return set(COLUMNS) <= set(rows.files)
    except (OSError, ValueError):
        return False


def is_current(store: Store) -> bool:
    return saved_fingerprint(store) == chunk_fingerprint(store) and damage(store) is None


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@dataclass
class ChunkIndex:
    """BM25 over the chunks (`bm25`, a bm25s index), row i being the chunk `chunk_ids[i]` (ASCII
    bytes) of the article `articles[article_of[i]]`, from the outlet `outlets[outlet_of[i]]`
    ("" for none), dated `date_nums[i]` (YYYYMMDD, 0 for none)."""

    bm25: bm25s.BM25
    chunk_ids: np.ndarray
    articles: np.ndarray
    article_of: np.ndarray
    outlets: np.ndarray
    outlet_of: np.ndarray
    date_nums: np.ndarray

    def chunk_id(self, row: int) -> str:
        return self.chunk_ids[row].decode()

    def columns(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in COLUMNS}


COLUMNS = ("chunk_ids", "articles", "article_of", "outlets", "outlet_of", "date_nums")


def build(store: Store) -> ChunkIndex | None:
    """The index of every stored chunk, read from Chroma page by page and tokenized a page at a
    time into one vocabulary: neither the chunks' metadata nor all their texts are held at once
    (tokenizing every text in one call was an ingest's peak of memory)."""
    import bm25s
    import Stemmer
    from llama_index.core.schema import MetadataMode
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    stemmer = Stemmer.Stemmer("english")
    vocabulary: dict[str, int] = {}
    token_ids: list[list[int]] = []
    page: list[str] = []

    def tokenize_page() -> None:
        tokens = bm25s.tokenize(
            page, stopwords="en", stemmer=stemmer, token_pattern=TOKEN_PATTERN, show_progress=False
        )
        ours = {
            i: vocabulary.setdefault(token, len(vocabulary)) for token, i in tokens.vocab.items()
        }
        token_ids.extend([ours[i] for i in ids] for ids in tokens.ids)
        page.clear()

    ids: list[str] = []
    articles: dict[str, int] = {}
    outlets: dict[str, int] = {}
    article_of: list[int] = []
    outlet_of: list[int] = []
    dates: list[int] = []
    for row in iterate(store.chunks(), include=["metadatas", "documents"]):
        metadata = row["metadatas"] or {}
        node = metadata_dict_to_node(metadata, text=row["documents"])
        page.append(node.get_content(metadata_mode=MetadataMode.EMBED))
        if len(page) >= TOKENIZE_PAGE:
            tokenize_page()
        ids.append(row["id"])
        article_of.append(articles.setdefault(metadata.get("doc_id", ""), len(articles)))
        outlet_of.append(outlets.setdefault(metadata.get("source") or "", len(outlets)))
        dates.append(int(metadata.get("date_num") or 0))
    if not ids:
        return None
    if page:
        tokenize_page()
    model = bm25s.BM25()
    model.index((token_ids, vocabulary), show_progress=False)
    return ChunkIndex(
        model,
        np.array([i.encode() for i in ids]),
        np.array(list(articles)),
        np.array(article_of, dtype=np.int32),
        np.array(list(outlets)),
        np.array(outlet_of, dtype=np.int32),
        np.array(dates, dtype=np.int64),
    )


def rebuild(store: Store) -> int:
    """Rebuild from Chroma and swap it in atomically; returns the number of chunks indexed.
    Run under the ingest's lock, which is why it may give an index from before marks its
    first."""
    if write_mark.current(store) is None:
        write_mark.advance(store.chunks())
    fingerprint = chunk_fingerprint(store)
    built = build(store)
    target = store.bm25_dir
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if built is not None:
        built.bm25.save(str(staging))
        np.savez(staging / ROWS_FILE, **built.columns())
    checksums = [
        f"{_sha256(path)}  {path.name}" for path in sorted(staging.iterdir()) if path.is_file()
    ]
    (staging / FINGERPRINT_FILE).write_text("\n".join([fingerprint, *checksums]) + "\n")
    _swap(staging, target)
    return len(built.chunk_ids) if built is not None else 0


def load(store: Store) -> ChunkIndex | None:
    """The saved index; None if the store is empty. If Chroma changed since it was saved (or
    its files are damaged, or are of the format before this one), it is built in memory from
    Chroma instead: only an ingest writes the files (under the ingest lock), so a question
    never races an ingest for the folder, and a read-only index can still be searched. The next
    ingest saves it again."""
    import bm25s

    if not is_current(store):
        return build(store)
    if not (store.bm25_dir / "params.index.json").exists():
        return None
    try:
        model = bm25s.BM25.load(str(store.bm25_dir), load_corpus=False)
        with np.load(store.bm25_dir / ROWS_FILE) as rows:
            return ChunkIndex(model, *(rows[name] for name in COLUMNS))
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
