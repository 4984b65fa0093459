"""Names, dates and figures found in stored passages once the articles are searchable: the
second stage of an ingest.

Why after, not beside, embedding: on two cores spaCy's recogniser cost about as much as the
embedding model (on the news corpus, 112 s with both side by side against 70 s without it), and
both want every core. Embedding first makes the articles searchable as soon as the model alone
allows; the labelling then has every core to itself, in worker processes. A passage still
waiting is answered all the same: the answerer finds its names itself (`rag.words.nlp`).

A run cut off here loses nothing: the passages still marked `entities.WAITING` are labelled by
the next ingest, whatever it finds changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from typing import IO, TYPE_CHECKING, Any

from ingest.pipeline import faults
from ingest.text import entities

if TYPE_CHECKING:
    from ingest.models import IngestReport
    from ingest.pipeline.progress import Progress
    from ingest.pipeline.writer import StoreWriter
    from ingest.settings import Settings

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
    with _workers(workers, model) as processes:
        for start in range(0, len(batches), workers):
            rows = [writer.chunk_rows(ids) for ids in batches[start : start + workers]]
            for worker, each in zip(processes, rows, strict=False):
                worker.send([text for text, _ in each.values()])
            for worker, each in zip(processes, rows, strict=False):
                yield each, worker.receive()


class _Worker:
    """One `ingest.pipeline.label_worker` process, one batch in flight: the whole batch is written
    before its labels are read, so neither side waits on a full pipe."""

    def __init__(self, model: str, errors: IO[bytes]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ingest.pipeline.label_worker", model],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )

    def send(self, texts: list[str]) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(texts) + "\n")
            self.process.stdin.flush()
        except OSError:  # it stopped before reading: its error output says why
            raise RuntimeError("a process finding names stopped") from None

    def receive(self) -> list[entities.Labels]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("a process finding names stopped")
        return json.loads(line)


@contextmanager
def _workers(count: int, model: str) -> Iterator[list[_Worker]]:
    """Processes of their own, not `multiprocessing`'s: its "spawn" start re-runs the calling
    script's top level in each worker (a script that calls `ingest()` without a `__main__`
    guard would ingest again there), and "fork" would copy the embedding model's threads
    half-way through their work. A worker that stops is reported by its last error line."""
    # An error file each: workers that stop together would interleave their tracebacks in one.
    with ExitStack() as files:
        errors = [files.enter_context(tempfile.TemporaryFile()) for _ in range(count)]
        processes = [_Worker(model, each) for each in errors]
        stopped: RuntimeError | None = None
        try:
            yield processes
        except RuntimeError as error:
            stopped = error
        finally:
            for worker in processes:
                if worker.process.stdin:
                    with suppress(OSError):  # one that stopped has closed its end
                        worker.process.stdin.close()
            for worker in processes:
                try:
                    worker.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.process.kill()
        if stopped is not None:  # read once every worker has ended: each error output whole
            raise RuntimeError(_last_error(errors) or str(stopped)) from None


def _last_error(files: list[IO[bytes]]) -> str | None:
    """The last line a stopped worker wrote, of the first worker that wrote any."""
    for errors in files:
        errors.seek(0)
        said = errors.read().decode(errors="replace").strip().splitlines()
        if said:
            return said[-1]
    return None
