"""`Desk`: the one service the CLI and the chat call, for questions and for the library.

Questions need the answering engine (the embedding model, BM25, spaCy: seconds to load), so it
loads on the first question; listing, reading, correcting and deleting articles, the counts and
an ingest need only the store, so `citedesk sources` or `delete` never wait for a model. Once the
engine is loaded, every read goes through its lock and every change through `Engine.changing`:
questions in flight keep the state loaded before a change, and the next one sees it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ingest.settings import Settings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from ingest.models import IngestReport
    from ingest.pipeline.library import ArticleRecord
    from ingest.pipeline.progress import Progress
    from ingest.store import Store
    from ingest.store.catalog import DocumentInfo
    from rag.engine import Engine
    from rag.models import Answer, Citation, Filters

T = TypeVar("T")


class Desk:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._engine: Engine | None = None
        self._store: Store | None = None

    @property
    def engine(self) -> Engine:
        """The answering engine, loaded on first use (one per configuration per process)."""
        return self._engine or self.load()

    def load(self) -> Engine:
        """Load the answering engine now, so the first question does not wait for it (the
        chat does this once its page is served)."""
        if self._engine is None:
            from rag.engine import get_engine

            self._engine = get_engine(self.settings)
        return self._engine

    def warm_in_background(self) -> None:
        """Build what the first questions would otherwise wait for (the spelling dictionary) in
        a thread of its own: the chat calls it once the engine is loaded."""
        threading.Thread(target=self.engine.warm, name="citedesk-warm", daemon=True).start()

    # Questions.

    def ask(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Filters | None = None,
        top_k: int | None = None,
        retrieve_k: int | None = None,
        mode: str | None = None,
    ) -> Answer:
        """The answer with its citations, each quote in its paragraph (see `Engine.stream`)."""
        return self.engine.ask(question, history, filters, top_k, retrieve_k, mode)

    def stream(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Filters | None = None,
        top_k: int | None = None,
        mode: str | None = None,
    ) -> Iterator[str | Answer]:
        """The answer's text piece by piece, then the complete `Answer`."""
        return self.engine.stream(question, history, filters, top_k, mode=mode)

    def example_questions(self, count: int = 3) -> list[str]:
        return self.engine.example_questions(count)

    # The library.

    def article_count(self) -> int:
        """Articles stored (a copy stored once counts once): what an unfiltered question reads."""
        if self._engine is not None:
            return self._engine.article_count()
        return sum(not d.duplicate_of for d in self.documents())

    def documents(self) -> list[DocumentInfo]:
        """The indexed articles, for pickers and lists."""
        from ingest.store.catalog import list_documents

        return self._reading(list_documents)

    def modes(self) -> list[str]:
        """The ways this configuration can answer ("extractive", and "llm" when a language
        model is configured): the modes a front end offers."""
        from rag.answerers import ANSWERERS

        return [name for name, answerer in ANSWERERS.items() if answerer.available(self.settings)]

    def default_mode(self) -> str:
        from rag.answerers import default_mode

        return default_mode(self.settings)

    def article(self, doc_id: str) -> ArticleRecord:
        """An article's whole cleaned text and stored metadata (LibraryError if unknown)."""
        from ingest.pipeline.library import read_article

        return self._reading(lambda store: read_article(store, doc_id))

    def article_texts(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The cleaned texts of some articles, in one read: what citation offsets point into."""
        from ingest.store.catalog import article_texts

        return self._reading(lambda store: article_texts(store, list(doc_ids)))

    def stats(self) -> dict[str, Any]:
        """Counts and where the store lives."""
        from ingest.store.catalog import stats

        return self._reading(stats)

    def is_faithful(self, citation: Citation) -> bool:
        """The quote is what the article says where the citation says it is: at its offsets in
        the text, or in the stored header, captions or teasers."""
        from rag.forms.about import stated

        if citation.part == "text":
            body = self.article_texts([citation.doc_id]).get(citation.doc_id, "")
            return citation.stands_in(body)
        metadata = self._reading(lambda store: store.document_metadata(citation.doc_id))
        return stated(citation.part, citation.quote, metadata or {"doc_id": ""})

    # Changes.

    def add_files(
        self,
        roots: list[Path] | None = None,
        *,
        prune: bool = False,
        progress: Progress | None = None,
        embed_model: BaseEmbedding | None = None,
    ) -> IngestReport:
        """Ingest files and folders (default: the corpus folder); with `prune`, articles whose
        files are gone are deleted. By default a loaded engine lends its model: a second copy
        would cost memory."""
        from ingest.pipeline import ingest

        model = embed_model or (self._engine.embed_model if self._engine is not None else None)
        return self._changing(
            lambda: ingest(roots, self.settings, prune=prune, progress=progress, embed_model=model)
        )

    def correct(self, doc_id: str, changes: dict[str, str | None]) -> IngestReport:
        """Correct an article's title, outlet, date or author (see `ingest.pipeline.library.correct`)."""
        from ingest.pipeline.library import correct

        return self._changing(lambda: correct(doc_id, changes, self.settings))

    def remove(self, doc_ids: list[str]) -> IngestReport:
        """Delete articles and their uploaded files (see `ingest.pipeline.library.remove`)."""
        from ingest.pipeline.library import remove

        return self._changing(lambda: remove(doc_ids, self.settings))

    def _changing(self, change: Callable[[], IngestReport]) -> IngestReport:
        return self._engine.changing(change) if self._engine is not None else change()

    def _reading(self, read: Callable[[Store], T]) -> T:
        with self._store_for_reading() as store:
            return read(store)

    @contextmanager
    def _store_for_reading(self) -> Iterator[Store]:
        if self._engine is not None:
            with self._engine.reading() as store:
                yield store
            return
        if self._store is None:
            from ingest.store import open_store

            self._store = open_store(self.settings)
        with self._store.server_errors():
            yield self._store


_desks: dict[str, Desk] = {}
_desks_lock = threading.Lock()


def get_desk(settings: Settings | None = None) -> Desk:
    """One desk per configuration per process, so the chat's handlers and a CLI command share
    what they load."""
    settings = settings or Settings()
    key = settings.model_dump_json()
    with _desks_lock:
        return _desks.setdefault(key, Desk(settings))
