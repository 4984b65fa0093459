"""Ingest's three stages run side by side: while the model embeds one batch of chunks, the next
batch is labelled (spaCy) and the previous one is written to Chroma.

Why: embedding is about half of an ingest's time, and onnxruntime releases the interpreter while
it runs, so labelling and writing can use the time in between its calls (on 200 news articles
they were a third of the wall time, run one after the other). Why not llama-index's
`IngestionPipeline(num_workers=...)`: it runs whole transformations in worker processes with
no order between them, and the commit protocol needs each batch written in order, one at a
time, by one writer.

Each stage has one thread: spaCy pipelines are not thread-safe, and one writer keeps the
store's calls (and the crash tests' kill points) in the order the protocol sets.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

Batch = TypeVar("Batch")
Prepared = TypeVar("Prepared")


class Overlapped(Generic[Batch, Prepared]):
    """`prepare` on one thread (one batch ahead), `embed` on the caller's, `store` on a third
    (one batch behind). A batch whose stage fails goes to `failed` on the caller's thread once
    no other batch is being stored; `prepare_now` is for redoing it there."""

    def __init__(
        self,
        prepare: Callable[[Batch], Prepared],
        embed: Callable[[Prepared], None],
        store: Callable[[Prepared], None],
    ) -> None:
        self._prepare = prepare
        self._embed = embed
        self._store = store
        self._preparing: ThreadPoolExecutor | None = None

    def run(
        self,
        batches: list[Batch],
        failed: Callable[[Batch, Exception], None],
        meanwhile: Callable[[], object] | None = None,
    ) -> None:
        """`meanwhile` runs on the caller's thread while the first batch is prepared (loading
        the model, say)."""
        with (
            ThreadPoolExecutor(1, thread_name_prefix="ingest-prepare") as preparing,
            ThreadPoolExecutor(1, thread_name_prefix="ingest-store") as storing,
        ):
            self._preparing = preparing
            try:
                ahead = preparing.submit(self._prepare, batches[0]) if batches else None
                if meanwhile is not None:
                    meanwhile()
                behind: tuple[Batch, Future[None]] | None = None
                for index, batch in enumerate(batches):
                    assert ahead is not None
                    current = ahead
                    if index + 1 < len(batches):
                        ahead = preparing.submit(self._prepare, batches[index + 1])
                    try:
                        prepared = current.result()
                        self._embed(prepared)
                    except Exception as error:
                        _settle(behind, failed)
                        behind = None
                        failed(batch, error)
                        continue
                    _settle(behind, failed)
                    behind = (batch, storing.submit(self._store, prepared))
                _settle(behind, failed)
            except BaseException:
                # Interrupted: finish the batch being stored (the protocol makes any point safe,
                # this only saves redoing it) and prepare nothing more.
                preparing.shutdown(cancel_futures=True)
                raise
            finally:
                self._preparing = None

    def prepare_now(self, batch: Batch) -> Prepared:
        """`prepare` on its own thread, for a redo from `failed`."""
        if self._preparing is None:
            return self._prepare(batch)
        return self._preparing.submit(self._prepare, batch).result()


def _settle(
    stored: tuple[Batch, Future[None]] | None, failed: Callable[[Batch, Exception], None]
) -> None:
    """Wait for the batch being stored; hand it to `failed` if storing it raised."""
    if stored is None:
        return
    batch, future = stored
    try:
        future.result()
    except Exception as error:
        failed(batch, error)
