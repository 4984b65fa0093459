"""Over two hundred hostile files and rows in one ingest: each bad one gets one clear message
naming it, the good ones beside them are indexed, and the index stays consistent."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from tests import hostile
from tests.test_ingest import stored_chunks, stored_documents


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile") / "inbox"
    made = hostile.build(root)
    settings = Settings(index_dir=root.parent / "index", lock_timeout_s=0)
    return made, settings, ingest([root], settings)


def test_the_set_is_large_and_varied(hostile_run):
    made, _, _ = hostile_run
    assert made.count >= 200
    assert len(made.bad_files) >= 40 and len(made.bad_rows) >= 100


def test_every_bad_file_and_row_gets_exactly_one_message(hostile_run):
    made, _, report = hostile_run
    root = made.root
    files = {str(root / r) for r in made.bad_files}
    rows = {f"{root / r.rsplit(':', 1)[0]}:{r.rsplit(':', 1)[1]}" for r in made.bad_rows}

    def named(location: str) -> str:
        # A broken JSON file is reported at the line where parsing failed.
        head, _, line = location.rpartition(":")
        return head if head in files and line.isdigit() else location

    counts = Counter(named(problem.location) for problem in report.skipped)
    unexpected = {
        p.location: p.reason for p in report.skipped if named(p.location) not in files | rows
    }
    assert set(counts) == files | rows, (unexpected, (files | rows) - set(counts))
    assert set(counts.values()) == {1}
    assert all(len(problem.reason) > 10 for problem in report.skipped)
    assert not report.ok


def test_the_huge_file_is_refused_by_size_without_being_read(hostile_run):
    _made, _, report = hostile_run
    (problem,) = [p for p in report.skipped if p.location.endswith("size/huge.txt")]
    assert problem.reason.startswith("file is 50.0 MB, over the 20 MB limit")


def test_good_and_odd_but_readable_files_are_indexed(hostile_run):
    made, settings, _ = hostile_run
    documents = stored_documents(settings)
    for relative in hostile.GOOD:
        if relative.endswith(".jsonl"):
            assert "https://wire.example/wheat" in documents
        else:
            assert relative in documents, relative
    for relative in made.tolerated:
        if relative.endswith(".jsonl"):
            assert any(doc_id.startswith(f"{relative}#") for doc_id in documents), relative
        else:
            assert relative in documents, relative


def test_the_index_is_consistent(hostile_run):
    _, settings, report = hostile_run
    documents = stored_documents(settings)
    chunks = stored_chunks(settings)
    assert all(d["state"] == "done" for d in documents.values())
    for doc_id, doc in documents.items():
        mine = [c for c in chunks if c["doc_id"] == doc_id]
        assert len(mine) == doc["chunk_count"], doc_id
        for chunk in mine:
            assert doc["text"][chunk["start"] : chunk["end"]] == chunk["text"]
    assert not [c for c in chunks if "var x = 1;" in c["text"]]  # scripts are never text
    assert report.duplicates  # the feeds repeat one another's bodies


def test_a_second_run_repeats_the_messages_and_embeds_nothing(hostile_run):
    made, settings, first = hostile_run
    again = ingest([made.root], settings)
    assert again.embedded_chunks == 0
    assert sorted(p.location for p in again.skipped) == sorted(p.location for p in first.skipped)
    assert again.removed == [] and again.added == []


def test_nothing_stored_is_lost_when_a_file_turns_bad(tmp_path: Path):
    root = tmp_path / "inbox"
    root.mkdir()
    (root / "story.txt").write_text("Ferries return\n\nTwelve ferries sailed on Monday.\n")
    settings = Settings(index_dir=tmp_path / "index")
    ingest([root], settings)
    (root / "story.txt").write_bytes(b"\x00\x01garbage")
    report = ingest([root], settings, prune=True)
    assert next(p.reason for p in report.skipped).startswith("binary file")
    assert "story.txt" in stored_documents(settings)  # kept: the file is unreadable, not gone
