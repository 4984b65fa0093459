"""An onnxruntime model run on several cores at once, one core per run: the embedding model's
groups of texts of one length, the reader's windows.

Why not one run at a time on every core: the runs are small (a group of a few texts, one window
of 192 tokens), so the cores spend much of a run waiting for each other, and a core taken by other
work (an ingest chunks and writes beside the model) stalls both. One session serves every thread
(onnxruntime's `run` may be called from several at once); the scores are those of a run alone.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any


def one_core_runs(model: Path, threads: int, name: str) -> tuple[Any, ThreadPoolExecutor | None]:
    """The model's session, each run on one core, and a pool of `threads` workers to run it on
    (0: one per core this process may use); no pool for one."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    workers = threads or len(os.sched_getaffinity(0)) or 1
    pool = ThreadPoolExecutor(workers, thread_name_prefix=name) if workers > 1 else None
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    return session, pool
