"""The one place that opens the store: Chroma (embedded or a server), its two collections, the
BM25 index kept beside it, and the ingest lock.

Collections:
- `<prefix>_chunks`: one row per passage, with its embedding, text and offsets; written through
  llama-index's `ChromaVectorStore` so retrieval can read it through the same abstraction.
- `<prefix>_documents`: one row per article, holding the cleaned text that offsets point into,
  its metadata and its ingest state. It is written last, so it is the ingest's commit record.

The store's room also holds what is derived from it and read back: `bm25`, `catalog` (reads without
a model), `precision`, `write_mark`.
May import: `ingest.settings`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ingest.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from llama_index.vector_stores.chroma import ChromaVectorStore

PAGE = 2000  # rows per Chroma read; bounds memory when walking a large collection


@dataclass(frozen=True)
class StoredChunk:
    """A passage as stored: its id, text and metadata (doc_id, offsets, title, source, date)."""

    id: str
    text: str
    metadata: dict[str, Any]


class _ProcessCache:
    """What this process knows of each embedded store's generation (see `Store.refresh`)."""

    def __init__(self) -> None:
        self.stamps: dict[str, str | None] = {}
        self.epoch = 0


_cache = _ProcessCache()


class StoreError(RuntimeError):
    """The store cannot be used as asked; the message says what to do."""


class EmbeddingServerError(StoreError):
    """The embedding server cannot embed; an ingest stops there (`ingest.embedding.server`)."""


class Store:
    """An open citedesk store. Cheap to create; the Chroma client opens on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: ClientAPI | None = None
        self._epoch = -1

    @property
    def location(self) -> str:
        return self.settings.store.location

    @property
    def client(self) -> ClientAPI:
        if self._client is None or self._epoch != _cache.epoch:
            self._sync_process_cache()
            self._client = _connect(self.settings)
            self._epoch = _cache.epoch
        return self._client

    # An embedded Chroma store is cached once per process, and another process's writes leave
    # that cache stale (reads then fail with "Error finding id"). Every ingest stamps a
    # generation file before and after writing; a process that finds another process's stamp
    # drops Chroma's cache and reopens. A Chroma server needs none of this.

    @property
    def _generation_file(self) -> Path:
        return self.settings.store.index_dir / f"generation-{self.settings.store.collection}"

    def _read_generation(self) -> str | None:
        try:
            return self._generation_file.read_text()
        except OSError:
            return None

    def _sync_process_cache(self) -> None:
        if self.settings.store.chroma_url:
            return
        key = str(self._generation_file.resolve())
        current = self._read_generation()
        last = _cache.stamps.get(key, current)
        if current != last and (current or "").rsplit(" ", 1)[-1] != str(os.getpid()):
            from chromadb.api.client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
            _cache.epoch += 1
        _cache.stamps[key] = current

    def _stamp_generation(self) -> None:
        if self.settings.store.chroma_url:
            return
        stamp = f"{uuid.uuid4().hex} {os.getpid()}"
        staging = self._generation_file.with_suffix(".tmp")
        staging.write_text(stamp)
        staging.replace(self._generation_file)
        _cache.stamps[str(self._generation_file.resolve())] = stamp

    def changed_elsewhere(self) -> bool:
        """Whether another process wrote to the embedded store since this process last looked
        (one small file read: readers ask it per question)."""
        if self._client is None or self.settings.store.chroma_url:
            return False
        current = self._read_generation()
        last = _cache.stamps.get(str(self._generation_file.resolve()), current)
        return current != last and (current or "").rsplit(" ", 1)[-1] != str(os.getpid())

    def reopen(self) -> None:
        """Drop this process's cached copy of the store. Callers make sure no query is running:
        every client of the store in this process is reset."""
        self._sync_process_cache()
        self._client = None

    @property
    def epoch(self) -> int:
        """Changes whenever this process drops its cached stores (see `reopen`): what a reader
        loaded at another epoch is stale. A plain read, asked per question; the client reopens
        on its next use."""
        return _cache.epoch

    @property
    def max_batch_size(self) -> int:
        """The most rows one Chroma call may carry, as the client reports it."""
        return self.client.get_max_batch_size()

    @property
    def chunks_name(self) -> str:
        return f"{self.settings.store.collection}_chunks"

    @property
    def documents_name(self) -> str:
        return f"{self.settings.store.collection}_documents"

    def is_initialized(self) -> bool:
        """Whether anything was ever ingested here, without creating anything."""
        if (
            not self.settings.store.chroma_url
            and not (self.settings.store.index_dir / "chroma").exists()
        ):
            return False
        names = {getattr(c, "name", c) for c in self.client.list_collections()}
        return self.chunks_name in names and self.documents_name in names

    def chunks(self, create: bool = False) -> Collection:
        return self._collection(self.chunks_name, create, {"hnsw": {"space": "cosine"}})

    def documents(self, create: bool = False) -> Collection:
        return self._collection(self.documents_name, create, {"hnsw": {"space": "l2"}})

    def _collection(self, name: str, create: bool, configuration: dict[str, Any]) -> Collection:
        if create:
            collection = self.client.get_or_create_collection(
                name,
                embedding_function=None,
                configuration=configuration,
                metadata={"embed_model": self.settings.embedding.identity},
            )
        elif self.is_initialized():
            collection = self.client.get_collection(name, embedding_function=None)
        else:
            raise StoreError(
                f"Nothing has been ingested into {self.location} yet. Run "
                "`citedesk ingest corpus/` (or point --index-dir/--chroma-url at an index)."
            )
        # Another model's vectors would be searched wrongly, or mixed in: refused either way.
        built_with = (collection.metadata or {}).get("embed_model")
        if built_with and built_with != self.settings.embedding.identity:
            raise StoreError(
                f"The index at {self.location} was built with the embedding model {built_with!r}, "
                f"not {self.settings.embedding.identity!r}. Use another --index-dir (or "
                "collection), or set CITEDESK_EMBEDDING__MODEL, __BACKEND and __QUANTIZED back."
            )
        return collection

    def chunks_matching(self, pattern: str) -> list[StoredChunk]:
        """Every passage whose text matches a regular expression (Chroma's full-text `$regex`,
        in Rust's syntax): what a question about which articles mention something reads. All
        of them, a page at a time: "Which articles mention China?" of a large library lists
        every article that does, not those of the first page."""
        found: list[StoredChunk] = []
        while True:
            page = self._stored_chunks(
                where_document={"$regex": pattern}, limit=PAGE, offset=len(found)
            )
            found += page
            if len(page) < PAGE:
                return found

    def chunks_of(self, doc_ids: list[str], limit: int = 2000) -> list[StoredChunk]:
        """Every passage of these articles (none of none: Chroma refuses an empty `$in`)."""
        if not doc_ids:
            return []
        return self._stored_chunks(where={"doc_id": {"$in": doc_ids}}, limit=limit)

    def chunks_at(self, places: list[tuple[str, int]]) -> dict[tuple[str, int], StoredChunk]:
        """The passages at these places (article id, `chunk_index`), by place, in one read:
        those that exist."""
        wanted = [
            {"$and": [{"doc_id": doc_id}, {"chunk_index": index}]} for doc_id, index in places
        ]
        if not wanted:
            return {}
        where = wanted[0] if len(wanted) == 1 else {"$or": wanted}
        rows = self._stored_chunks(where=where, limit=len(wanted))
        return {(str(r.metadata.get("doc_id")), int(r.metadata["chunk_index"])): r for r in rows}

    def document_vectors(self) -> dict[str, list[float]]:
        """Each stored article's mean passage vector (kept for finding near-duplicates), by id;
        copies stored once are left out: which articles are about the same thing."""
        with self.server_errors():
            got = self.documents().get(include=["embeddings", "metadatas"])
        return {
            doc_id: list(vector)
            for doc_id, vector, metadata in zip(
                got["ids"], got["embeddings"], got["metadatas"], strict=True
            )
            if not (metadata or {}).get("duplicate_of")
        }

    def some_chunks(self, limit: int) -> list[StoredChunk]:
        """Up to `limit` passages, in storage order: all of a small collection."""
        return self._stored_chunks(limit=limit)

    def _stored_chunks(self, **query: Any) -> list[StoredChunk]:
        with self.server_errors():
            got = self.chunks().get(include=["documents", "metadatas"], **query)
        return [
            StoredChunk(row_id, text or "", metadata or {})
            for row_id, text, metadata in zip(
                got["ids"], got["documents"], got["metadatas"], strict=True
            )
        ]

    def documents_metadata(self) -> list[dict[str, Any]]:
        """Every article's stored metadata, each with its `doc_id`."""
        with self.server_errors():
            rows = iterate(self.documents(), ["metadatas"])
            return [{**(row["metadatas"] or {}), "doc_id": row["id"]} for row in rows]

    def document_metadata(self, doc_id: str) -> dict[str, Any] | None:
        """One article's stored metadata (title, author, outlet, dates, captions), or None."""
        with self.server_errors():
            got = self.documents().get(ids=[doc_id], include=["metadatas"])
        return {**(got["metadatas"][0] or {}), "doc_id": doc_id} if got["ids"] else None

    def vector_store(self, create: bool = False) -> ChromaVectorStore:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self.chunks(create=create))

    @property
    def bm25_dir(self) -> Path:
        """Local BM25 files; for a server, one folder per server and collection."""
        if self.settings.store.chroma_url:
            server = re.sub(
                r"[^A-Za-z0-9._-]+", "_", self.settings.store.chroma_url.split("://")[-1]
            )
            return (
                self.settings.store.index_dir
                / "bm25"
                / f"{server}-{self.settings.store.collection}"
            )
        return self.settings.store.index_dir / "bm25" / self.settings.store.collection

    @contextlib.contextmanager
    def server_errors(self) -> Iterator[None]:
        """A Chroma server's transport failures (refused, reset, timed out) as a StoreError that
        names the server; anything else passes through."""
        try:
            yield
        except Exception as error:
            import httpx

            if self.settings.store.chroma_url and isinstance(error, httpx.TransportError):
                raise StoreError(server_error_message(self.settings, error)) from None
            raise

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Only one ingest writes to an index at a time; a second waits, then refuses."""
        from filelock import FileLock, Timeout

        name = hashlib.sha256(
            f"{self.location}|{self.settings.store.collection}".encode()
        ).hexdigest()
        lock = FileLock(str(self.settings.store.index_dir / f"ingest-{name[:16]}.lock"))
        try:
            self.settings.store.index_dir.mkdir(parents=True, exist_ok=True)
            lock.acquire(timeout=self.settings.store.lock_timeout_s)
        except Timeout:
            raise StoreError(
                f"Another ingest is writing to {self.location} and did not finish within "
                f"{self.settings.store.lock_timeout_s:.0f} s. Wait for it, or raise "
                "CITEDESK_LOCK_TIMEOUT_S."
            ) from None
        except OSError as error:  # after Timeout, which is an OSError too
            raise StoreError(damaged_store_message(self.settings, error)) from None
        try:
            self._sync_process_cache()
            self._stamp_generation()
            try:
                yield
            finally:
                self._stamp_generation()
        finally:
            lock.release()


def _connect(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.store.chroma_url:
        url = urlparse(settings.store.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise StoreError(
                f"--chroma-url must look like http://HOST:PORT, got {settings.store.chroma_url!r}"
            )
        import httpx

        base = f"{url.scheme}://{url.netloc}"
        try:
            # chromadb's HTTP client waits forever (its httpx session has timeout=None and no
            # setting changes it), even while it is being created: ask the server first with a
            # timeout, then give the client's session one.
            httpx.get(f"{base}/api/v2/heartbeat", timeout=settings.store.chroma_timeout_s)
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client._server._session.timeout = httpx.Timeout(settings.store.chroma_timeout_s)  # type: ignore[attr-defined]
            return client
        except Exception as error:  # chromadb raises bare Exception/ValueError for refusals
            raise StoreError(server_error_message(settings, error)) from None
    path = settings.store.index_dir / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as error:  # chromadb wraps SQLite's refusals in its own InternalError
        raise StoreError(damaged_store_message(settings, error)) from None


def server_error_message(settings: Settings, error: BaseException) -> str:
    """A Chroma server that cannot be reached or does not answer, said so."""
    name = type(error).__name__
    if "timeout" in name.lower() or "timed out" in str(error).lower():
        return (
            f"The Chroma server at {settings.store.chroma_url} did not answer within "
            f"{round(settings.store.chroma_timeout_s)} s. Check that it is running and not overloaded, "
            "or raise CITEDESK_CHROMA_TIMEOUT_S."
        )
    return (
        f"Cannot reach the Chroma server at {settings.store.chroma_url} ({name}: {error}). Start it "
        "(e.g. `chroma run --path DATA --port PORT`) or fix --chroma-url; questions work again "
        "as soon as it is back."
    )


def damaged_store_message(settings: Settings, error: Exception) -> str:
    """What to say when the embedded store cannot be opened or read: which file, and how to get
    a working index back without touching the articles."""
    database = settings.store.index_dir / "chroma" / "chroma.sqlite3"
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    read_only = "readonly" in reason.replace("-", "").replace(" ", "").lower()
    if isinstance(error, PermissionError) or read_only:
        return (
            f"The index folder {settings.store.index_dir} cannot be written ({reason}). Give this user "
            "write access to it, or point --index-dir at a writable copy."
        )
    return (
        f"The index database {database} cannot be read ({reason}): it is damaged or is not a "
        f"citedesk index. Your articles are not affected. Move {settings.store.index_dir} aside and "
        f"run `citedesk ingest` again with --index-dir {settings.store.index_dir} to rebuild it."
    )


def iterate(
    collection: Collection, include: list[str], where: dict | None = None
) -> Iterator[dict]:
    """Walk a whole collection page by page, one row at a time."""
    offset = 0
    while True:
        page = collection.get(include=include, where=where, limit=PAGE, offset=offset)
        ids = page["ids"]
        for position, row_id in enumerate(ids):
            row: dict[str, Any] = {"id": row_id}
            for field in include:
                values = page.get(field)
                row[field] = values[position] if values is not None else None
            yield row
        if len(ids) < PAGE:
            return
        offset += PAGE


def open_store(settings: Settings | None = None) -> Store:
    """The store, with settings that follow its index's embedding precision (`following`)."""
    from ingest.store.precision import following

    return following(Store(settings or Settings()))
