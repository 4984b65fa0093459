"""An ingest killed with SIGKILL at any step loses nothing already stored, and the next ingest
repairs the index to match the files exactly.

The killed ingest commits one document per batch, so every step is reached several times: each
kill point below is a step and the how-many-th time it is reached.
"""

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
from tests.conftest import MILIPOL, ROOT, SEED_CORPUS, SURVEILLANCE
from tests.test_ingest import assert_consistent, stored_chunks, stored_documents

STEPS_PER_BATCH = ["documents_pending", "chunks_added", "chunks_pruned", "documents_done"]
CRASH_POINTS = [
    "start",
    *[f"{step}:{n}" for step in STEPS_PER_BATCH for n in (1, 2, 3, 4)],
    "aliases_pending",
    "removal_pending",
    "before_bm25",
    "after_bm25",
    "before_labels",
]
NEW_ARTICLES = {
    f"new{i}.txt": f"Drone makers court buyers {i}\n\nModel {i} tracks {10 * i} targets at once."
    for i in (1, 2, 3)
}


def change_everything(corpus: Path) -> None:
    """Every kind of change at once: an edit, new articles, a duplicate and a deletion."""
    path = corpus / SURVEILLANCE
    path.write_text(path.read_text().replace("With 89 out of", "With 91 out of"))
    for name, text in NEW_ARTICLES.items():
        (corpus / name).write_text(text)
    shutil.copy(corpus / MILIPOL, corpus / "dup.txt")
    (corpus / "old.txt").unlink()


def test_there_are_at_least_twenty_kill_points():
    assert len(CRASH_POINTS) >= 20


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_killed_ingest_is_repaired_by_the_next_one(point: str, tmp_path: Path):
    corpus, settings = tmp_path / "corpus", Settings(index_dir=tmp_path / "index")
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "old.txt").write_text("An old story\n\nThis article will be deleted.")
    assert ingest([corpus], settings).ok
    milipol_chunks = sorted(c["id"] for c in stored_chunks(settings) if c["doc_id"] == MILIPOL)
    change_everything(corpus)

    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "ingest",
            str(corpus),
            "--prune",
            "--index-dir",
            str(settings.store.index_dir),
        ],
        cwd=ROOT,
        env={**os.environ, "CITEDESK_CRASH_AT": point, "CITEDESK_INGEST_BATCH_CHUNKS": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

    # Nothing that was complete before the crash and untouched by it was lost.
    after_crash = stored_documents(settings)
    assert after_crash[MILIPOL]["state"] == "done"
    milipol_now = sorted(c["id"] for c in stored_chunks(settings) if c["doc_id"] == MILIPOL)
    assert milipol_now == milipol_chunks

    report = ingest([corpus], settings, prune=True)
    assert report.ok
    assert_consistent(settings, corpus)
    documents = stored_documents(settings)
    assert documents["dup.txt"]["duplicate_of"] == MILIPOL
    assert set(NEW_ARTICLES) <= set(documents)
    texts = [c["text"] for c in stored_chunks(settings)]
    assert any("With 91 out of" in t for t in texts)
    assert not any("With 89 out of" in t or "will be deleted" in t for t in texts)


@pytest.mark.parametrize(
    ("command", "point"),
    [
        (["correct", MILIPOL, "--outlet", "Asia Times"], "documents_pending"),
        (["correct", MILIPOL, "--outlet", "Asia Times"], "chunks_pruned"),
        (["delete", MILIPOL, "--yes"], "removal_pending"),
    ],
)
def test_a_killed_correction_or_deletion_is_finished_or_undone_by_the_next_ingest(
    command: list[str], point: str, tmp_path: Path
):
    corpus, settings = tmp_path / "corpus", Settings(index_dir=tmp_path / "index")
    shutil.copytree(SEED_CORPUS, corpus)
    assert ingest([corpus], settings).ok
    killed = subprocess.run(
        [sys.executable, "-m", "ui.cli", *command, "--index-dir", str(settings.store.index_dir)],
        cwd=ROOT,
        env={**os.environ, "CITEDESK_CRASH_AT": point},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert stored_documents(settings)[MILIPOL]["state"] == "pending"
    assert ingest([corpus], settings).ok
    assert_consistent(settings, corpus)
    documents = stored_documents(settings)
    assert documents[MILIPOL]["state"] == "done"
    if command[0] == "correct":  # the correction was recorded first: it is finished
        assert documents[MILIPOL]["source"] == "Asia Times"
