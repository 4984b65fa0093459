"""An ingest killed with SIGKILL at any step loses nothing already stored, and the next ingest
repairs the index to match the files exactly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from tests.conftest import MILIPOL, ROOT, SURVEILLANCE
from tests.test_ingest import assert_consistent, stored_chunks, stored_documents

# Each checkpoint in ingest/pipeline.py, in the order a run reaches them.
CRASH_POINTS = [
    "start",
    "documents_pending",
    "chunks_added",
    "chunks_pruned",
    "documents_done",
    "aliases_pending",
    "removal_pending",
    "before_bm25",
    "after_bm25",
]


def changed_corpus(corpus: Path) -> None:
    """Every kind of change at once: an edit, a new article, a duplicate and a deletion."""
    path = corpus / SURVEILLANCE
    path.write_text(path.read_text().replace("With 89 out of", "With 91 out of"))
    (corpus / "new.txt").write_text(
        "Drone makers court police buyers\n\nGDU showed drones that track 30 targets at once."
    )
    shutil.copy(corpus / MILIPOL, corpus / "dup.txt")
    (corpus / "old.txt").unlink()


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_killed_ingest_is_repaired_by_the_next_one(
    point: str, corpus: Path, settings: Settings, counting_model
):
    (corpus / "old.txt").write_text("An old story\n\nThis article will be deleted from disk.")
    ingest([corpus], settings, embed_model=counting_model)
    milipol_chunks = sorted(c["id"] for c in stored_chunks(settings) if c["doc_id"] == MILIPOL)
    changed_corpus(corpus)

    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "ingest",
            str(corpus),
            "--prune",
            "--index-dir",
            str(settings.index_dir),
        ],
        cwd=ROOT,
        env={**os.environ, "CITEDESK_CRASH_AT": point},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    # Nothing that was complete before the crash and untouched by it was lost.
    after_crash = stored_documents(settings)
    assert after_crash[MILIPOL]["state"] == "done"
    assert (
        sorted(c["id"] for c in stored_chunks(settings) if c["doc_id"] == MILIPOL) == milipol_chunks
    )

    ingest([corpus], settings, embed_model=counting_model, prune=True)
    assert_consistent(settings, corpus)
    documents = stored_documents(settings)
    assert documents["dup.txt"]["duplicate_of"] == MILIPOL
    texts = [c["text"] for c in stored_chunks(settings)]
    assert any("With 91 out of" in t for t in texts)
    assert not any("With 89 out of" in t or "will be deleted" in t for t in texts)
