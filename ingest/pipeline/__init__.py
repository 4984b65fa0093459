"""`ingest()`: from files on disk to a consistent, incremental Chroma index and its BM25 twin.

Why not llama-index's `IngestionPipeline` with a docstore: its docstore is a second file that can
disagree with Chroma after a crash. Here Chroma is the only source of truth. Each document is
written in three steps, and its row in the documents collection is the commit record:

1. the document row is upserted with `state="pending"` and its new content hash;
2. new chunks are added, kept chunks get fresh metadata, stale chunks are deleted;
3. the row is marked `state="done"`.

A run killed anywhere leaves rows that are pending (redone, or removed if their file is gone) or
done (complete). Chunk ids derive from the embedding recipe, the document id and the chunk text,
so redoing a document re-embeds only chunks that are not stored yet.

The pipeline's room: `plan` decides, `batches` and `overlap` carry it out, `rows` and `writer`
shape and write what is stored, `labelling` finds names afterwards, `library` edits what is stored.
May import: every other room of `ingest`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.models import Article, IngestReport, Problem
from ingest.pipeline import faults
from ingest.pipeline.batches import Prepared, embed, form_batches, prepare
from ingest.pipeline.labelling import label_waiting
from ingest.pipeline.overlap import Overlapped
from ingest.pipeline.plan import (
    Planned,
    assign_duplicates,
    is_unchanged,
    orphaned_copies,
    plan_article,
    removals,
)
from ingest.pipeline.progress import Progress
from ingest.pipeline.reading import read_articles
from ingest.pipeline.rows import document_row, mean_vector
from ingest.pipeline.writer import ID_BATCH, StoreWriter
from ingest.settings import Settings
from ingest.store import EmbeddingServerError, Store, bm25, open_store, write_mark
from ingest.text.boilerplate import drop_outlet_lines
from ingest.text.dedup import near_duplicates

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding


def ingest(
    paths: Iterable[Path] | None = None,
    settings: Settings | None = None,
    *,
    prune: bool = False,
    embed_model: BaseEmbedding | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Bring the store in line with the articles under `paths` (default: the corpus folder)."""
    settings = settings or Settings()
    roots = [Path(p) for p in (paths or [settings.ingest.corpus_dir])]
    return locked_run(settings, lambda run: run.execute(roots, prune), embed_model, progress)


def locked_run(
    settings: Settings,
    step: Callable[[IngestRun], None],
    embed_model: BaseEmbedding | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """One change to the store (an ingest, a correction, a removal) under the ingest lock,
    timed and reported."""
    store = open_store(settings)
    started = time.perf_counter()
    report = IngestReport(store=store.location)
    with store.server_errors(), store.lock():
        step(IngestRun(store, store.settings, report, embed_model, progress))
    report.seconds = time.perf_counter() - started
    return report


class IngestRun:
    """One ingest under the lock. Split into steps so each reads as its own paragraph."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        report: IngestReport,
        embed_model: BaseEmbedding | None,
        progress: Progress | None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.report = report
        self._embed_model = embed_model
        self.progress = progress
        self.writer = StoreWriter(store)
        self._paths: dict[str, tuple[Path, Path]] = {}  # document id -> (file, ingested root)
        self.stored: dict[str, dict[str, Any]] = self.writer.document_rows()
        self._had_documents = bool(self.stored)  # so BM25 files were built before
        # Metadata a person corrected in the library: applied again whenever the file is read.
        self.corrections: dict[str, dict[str, str | None]] = {
            doc_id: json.loads(row["corrections"])
            for doc_id, row in self.stored.items()
            if row.get("corrections")
        }

    # -- the steps -------------------------------------------------------------------------

    def execute(self, roots: list[Path], prune: bool) -> None:
        faults.checkpoint("start")
        found = read_articles(roots, self.settings, self.stored, self.report, self.progress)
        articles = drop_outlet_lines([self._corrected(article) for article in found.articles])
        self._paths.update(found.paths)
        needs_rewrite = self._check_chunk_counts()
        plans = {a.doc_id: self._plan(a) for a in articles}
        to_write = {
            doc_id: plan
            for doc_id, plan in plans.items()
            if doc_id in needs_rewrite or not is_unchanged(self.stored, plan)
        }
        gone = removals(self.stored, plans, roots, found.read_ok, prune)
        self.report.repaired.extend(gone.repaired)
        self.report.missing.extend(gone.missing)
        self._commit(plans, to_write, gone.remove, needs_rewrite)

    def execute_correction(self, doc_id: str, changes: dict[str, str | None]) -> None:
        """Rewrite one stored article with corrected metadata; its file is not read again, and
        its chunks keep their embeddings (only their metadata changes)."""
        self.corrections[doc_id] = {**self.corrections.get(doc_id, {}), **changes}
        article = self._corrected(self._article_from_store(doc_id))
        plans = {doc_id: self._plan(article)}
        self._commit(plans, dict(plans), set())

    def execute_removal(self, doc_ids: list[str]) -> None:
        """Remove stored articles by id, whether or not their files still exist."""
        self._commit({}, {}, set(doc_ids))

    def _commit(
        self,
        plans: dict[str, Planned],
        to_write: dict[str, Planned],
        to_remove: set[str],
        needs_rewrite: set[str] | None = None,
    ) -> None:
        """Write and remove under the commit protocol, then bring BM25 in line."""
        for doc_id in orphaned_copies(self.stored, to_write, to_remove):
            if doc_id in plans:
                to_write[doc_id] = plans[doc_id]
            else:
                to_write[doc_id] = self._plan(self._article_from_store(doc_id))
        self.report.duplicates.extend(assign_duplicates(self.stored, to_write, to_remove))
        for doc_id in sorted(plans.keys() - to_write.keys()):
            self.report.unchanged.append(doc_id)
        for doc_id in sorted(to_write):
            (self.report.updated if doc_id in self.stored else self.report.added).append(doc_id)

        self._write_canonicals([p for p in to_write.values() if p.duplicate_of is None])
        self._write_aliases([p for p in to_write.values() if p.duplicate_of is not None])
        self._remove(sorted(to_remove))
        self._report_near_duplicates(set(to_write))
        damaged = bm25.damage(self.store)
        if damaged and self._had_documents:
            self.report.warnings.append(f"{damaged}; rebuilt it from the store")
        # An index from before write marks gets its first, so readers stop hashing every id.
        unmarked = write_mark.current(self.store) is None
        stale = unmarked or bm25.saved_fingerprint(self.store) != bm25.chunk_fingerprint(self.store)
        if to_write or to_remove or needs_rewrite or damaged or stale:
            faults.checkpoint("before_bm25")
            bm25.rebuild(self.store)
            faults.checkpoint("after_bm25")
        label_waiting(self.writer, self.settings, self.report, self.progress)

    def _corrected(self, article: Article) -> Article:
        return replace(article, **self.corrections.get(article.doc_id, {}))

    def _plan(self, article: Article) -> Planned:
        path, root = self._paths[article.doc_id]
        return plan_article(article, path, root, self.settings)

    def _check_chunk_counts(self) -> set[str]:
        """Repair what no crash of ours can cause but a failed server call or a hand edit can:
        chunks that belong to no document, and documents whose chunk count is off."""
        expected = {
            doc_id: int(row.get("chunk_count", 0))
            for doc_id, row in self.stored.items()
            if row.get("state") == "done" and not row.get("duplicate_of")
        }
        if self.writer.chunk_count() == sum(expected.values()) and not any(
            row.get("state") != "done" for row in self.stored.values()
        ):
            return set()
        actual = self.writer.chunk_ids_by_document()
        stray = [cid for doc_id, ids in actual.items() if doc_id not in self.stored for cid in ids]
        if stray:
            self._delete_chunks(stray)
            self.report.repaired.extend(sorted({d for d in actual if d not in self.stored}))
        wrong = {d for d, n in expected.items() if len(actual.get(d, ())) != n}
        self.report.repaired.extend(sorted(wrong))
        return wrong

    def _article_from_store(self, doc_id: str) -> Article:
        """A stored article as it was written (its file is not read), planned from where it
        was found."""
        row = self.stored[doc_id]
        self._paths[doc_id] = (Path(row["path"]), Path(row["root"]))
        body = self.writer.document_body(doc_id)
        return Article(
            doc_id=doc_id,
            location=row.get("location", doc_id),
            title=row.get("title", doc_id),
            body=body,
            subtitle=row.get("subtitle"),
            url=row.get("url"),
            source=row.get("source"),
            published_at=row.get("published_at"),
            author=row.get("author"),
            category=row.get("category"),
            captions=list(row.get("captions") or []),
            teasers=list(row.get("teasers") or []),
        )

    def _write_canonicals(self, plans: list[Planned]) -> None:
        if not plans:
            return
        existing = self.writer.chunk_ids_by_document([p.article.doc_id for p in plans])
        task = (
            self.progress.add_task("Embedding articles", total=len(plans))
            if self.progress
            else None
        )
        stages = Overlapped(
            prepare=lambda batch: prepare(batch, existing, self.settings),
            embed=lambda prepared: self._embed(prepared, task),
            store=self._store,
        )

        def write_each(batch: list[Planned], error: Exception) -> None:
            """One document at a time after a batch failed, so one bad document (or a store
            call it alone breaks) never keeps the others out; each failure is reported by its
            file. What was left pending is redone by the next ingest. An embedding server that
            cannot embed stops the ingest: it would fail every document the same way."""
            if isinstance(error, EmbeddingServerError):
                raise error
            if len(batch) == 1:
                self._failed(batch[0], error)
                return
            for plan in batch:
                try:
                    prepared = stages.prepare_now([plan])
                    self._embed(prepared, task)
                    self._store(prepared)
                except Exception as each:
                    self._failed(plan, each)

        # Both threads import llama-index for the first time below (the chunker on the preparing
        # thread, the embedding model on this one); a package first imported from two threads
        # at once can fail half-way (a CI run: KeyError: 'llama_index.core'), so it is imported
        # here, whole, before they start.
        import llama_index.core  # noqa: F401

        stages.run(form_batches(plans, self.settings), write_each, meanwhile=self._model)

    def _failed(self, plan: Planned, error: Exception) -> None:
        doc_id = plan.article.doc_id
        for names in (self.report.added, self.report.updated):
            if doc_id in names:
                names.remove(doc_id)
        self.report.skipped.append(
            Problem(plan.article.location, f"could not be stored: {error}; run the ingest again")
        )

    def _store(self, prepared: Prepared) -> None:
        """A prepared, embedded batch written under the commit protocol."""
        batch, new_nodes, kept_nodes = prepared.plans, prepared.new_nodes, prepared.kept_nodes
        vectors = {node.node_id: node.embedding for node in new_nodes}
        vectors.update(self.writer.chunk_vectors([n.node_id for n in kept_nodes]))

        self._upsert_documents(batch, vectors, state="pending")
        faults.checkpoint("documents_pending")
        for written in self.writer.add_chunks(new_nodes):
            self.report.chunks_written += written
        faults.checkpoint("chunks_added")
        self.writer.update_chunk_metadata(kept_nodes)
        if prepared.stale:
            self._delete_chunks(prepared.stale)
        faults.checkpoint("chunks_pruned")
        self.writer.set_state([p.article.doc_id for p in batch], "done")
        faults.checkpoint("documents_done")
        for plan in batch:
            self.stored[plan.article.doc_id] = self._metadata(plan, "done")
            plan.chunks = []  # written: holding every passage's text to the end cost memory

    def _embed(self, prepared: Prepared, task: Any) -> None:
        if prepared.new_nodes:
            embed(prepared, self._model(), self.report)
        if self.progress and task is not None:
            self.progress.advance(task, len(prepared.plans))

    def _model(self) -> BaseEmbedding:
        if self._embed_model is None:
            from ingest.embedding import load_embed_model

            self._embed_model = load_embed_model(self.settings)
        return self._embed_model

    def _upsert_documents(
        self, plans: list[Planned], vectors: dict[str, list[float]], state: str
    ) -> None:
        self.writer.upsert_documents(
            [p.article.doc_id for p in plans],
            [
                mean_vector([vectors[cid] for cid in p.chunk_ids])
                if p.chunk_ids
                else self.writer.document_vector(p.duplicate_of or "")
                for p in plans
            ],
            [self._metadata(p, state) for p in plans],
            [p.article.body for p in plans],
        )

    def _metadata(self, plan: Planned, state: str) -> dict[str, Any]:
        return document_row(plan, self.corrections.get(plan.article.doc_id), state)

    def _write_aliases(self, plans: list[Planned]) -> None:
        """Exact duplicates: a document row pointing at the kept copy, and no chunks of its own."""
        if not plans:
            return
        existing = self.writer.chunk_ids_by_document([p.article.doc_id for p in plans])
        self._upsert_documents(plans, {}, state="pending")
        faults.checkpoint("aliases_pending")
        self._delete_chunks([cid for ids in existing.values() for cid in ids])
        self.writer.set_state([p.article.doc_id for p in plans], "done")
        for plan in plans:
            self.stored[plan.article.doc_id] = self._metadata(plan, "done")

    def _remove(self, doc_ids: list[str]) -> None:
        for start in range(0, len(doc_ids), ID_BATCH):
            part = doc_ids[start : start + ID_BATCH]
            self.writer.set_state(part, "pending")
            faults.checkpoint("removal_pending")
            existing = self.writer.chunk_ids_by_document(part)
            self._delete_chunks([cid for ids in existing.values() for cid in ids])
            self.writer.delete_documents(part)
            for doc_id in part:
                self.stored.pop(doc_id, None)
                if doc_id not in self.report.repaired:
                    self.report.removed.append(doc_id)

    def _report_near_duplicates(self, written: set[str]) -> None:
        signatures = {
            doc_id: row["minhash"]
            for doc_id, row in self.stored.items()
            if row.get("minhash") and not row.get("duplicate_of")
        }
        self.report.near_duplicates = near_duplicates(
            signatures, written, self.settings.ingest.near_duplicate_threshold
        )

    def _delete_chunks(self, chunk_ids: list[str]) -> None:
        self.writer.delete_chunks(chunk_ids)
        self.report.chunks_deleted += len(chunk_ids)
