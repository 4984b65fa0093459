"""Names, dates and figures found in stored passages once the articles are searchable: the
second stage of an ingest.

Why after, not beside, embedding: on two cores spaCy's recogniser cost about as much as the
embedding model (on the news corpus, 112 s with both side by side against 70 s without it), and
both want every core. Embedding first makes the articles searchable as soon as the model alone
allows; the labelling then has every core to itself, in worker processes. A passage still
waiting is answered all the same: the answerer finds its names itself (`rag.nlp`).

A run cut off here loses nothing: the passages still marked `entities.WAITING` are labelled by
the next ingest, whatever it finds changed.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from ingest import entities, faults

if TYPE_CHECKING:
    from ingest.models import IngestReport
    from ingest.progress import Progress
    from ingest.settings import Settings
    from ingest.writer import StoreWriter

Rows = dict[str, tuple[str, dict[str, Any]]]  # chunk id -> (text, metadata)
BATCH = 500  # passages per call (and per write)
# Fewer passages than this are labelled in this process: starting a worker (importing spaCy and
# loading its model) takes seconds, about what labelling 2,000 passages takes.
IN_PROCESS_UP_TO = 2_000


def label_waiting(
    writer: StoreWriter, settings: Settings, report: IngestReport, progress: Progress | None
) -> None:
    """Find the names in every chunk waiting for them, and store them."""
    if not settings.ingest.find_entities:
        return
    waiting = writer.chunks_waiting_for_labels()
    if not waiting:
        return
    started = time.perf_counter()
    task = progress.add_task("Finding names", total=len(waiting)) if progress else None
    batches = [waiting[start : start + BATCH] for start in range(0, len(waiting), BATCH)]
    faults.checkpoint("before_labels")
    done = 0
    try:
        for rows, labels in _labelled(writer, batches, settings):
            found = zip(rows.items(), map(entities.dump, labels), strict=True)
            writer.set_labels({chunk_id: (dumped, row[1]) for (chunk_id, row), dumped in found})
            done += len(rows)
            if progress and task is not None:
                progress.advance(task, len(rows))
    except Exception as error:  # the articles are stored and searchable: nothing is lost
        report.warnings.append(
            f"names were not found in {len(waiting) - done} of {len(waiting)} passages "
            f"({error}); answers find them in the sentences they read, and the next ingest "
            "tries again"
        )
    report.labelled_chunks += done
    report.label_seconds += time.perf_counter() - started


def _labelled(
    writer: StoreWriter, batches: list[list[str]], settings: Settings
) -> Iterator[tuple[Rows, list[entities.Labels]]]:
    """Each batch's rows (text and metadata by id) with their labels, in order; in worker
    processes when it is worth it."""
    model = settings.ingest.spacy_model
    workers = settings.ingest.label_workers or os.cpu_count() or 1
    if workers == 1 or sum(map(len, batches)) <= IN_PROCESS_UP_TO:
        for ids in batches:
            rows = writer.chunk_rows(ids)
            yield rows, entities.label([text for text, _ in rows.values()], model)
        return
    # "spawn": this process holds the embedding model's threads, which a fork would copy
    # half-way through their work.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: list[tuple[Rows, Future[list[entities.Labels]]]] = []
        for ids in batches:  # at most two batches a worker in flight: rows are read as needed
            if len(pending) >= 2 * workers:
                rows, future = pending.pop(0)
                yield rows, future.result()
            rows = writer.chunk_rows(ids)
            texts = [text for text, _ in rows.values()]
            pending.append((rows, pool.submit(entities.label, texts, model)))
        for rows, future in pending:
            yield rows, future.result()
