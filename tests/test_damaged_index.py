"""A damaged index says which file is wrong and what to do, from every command, with no
traceback; what ingest can derive again (BM25, from Chroma) it rebuilds."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.settings import Settings
from ingest.store import bm25, open_store, write_mark
from ui.cli import app

runner = CliRunner()


@pytest.fixture
def index(seed_index: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(seed_index, copy)
    return copy


def _damage_database(index: Path, how: str) -> Path:
    database = index / "chroma" / "chroma.sqlite3"
    if how == "truncated":
        os.truncate(database, 20_000)
    else:
        database.write_bytes(b"not a database, just some bytes\n" * 5000)
    return database


@pytest.mark.parametrize("how", ["truncated", "not a database"])
@pytest.mark.parametrize(
    "command",
    [["sources"], ["stats"], ["ask", "How many cameras?"], ["ingest", "corpus"], ["chat"]],
)
def test_a_damaged_database_is_named_with_what_to_do(index: Path, how: str, command: list[str]):
    database = _damage_database(index, how)
    result = runner.invoke(app, [*command, "--index-dir", str(index)])
    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"The index database {database} cannot be read" in message
    assert f"Move {index} aside and run `citedesk ingest` again" in message
    assert "Traceback" not in result.output


def test_garbage_bm25_files_are_rebuilt_by_the_next_ingest(index: Path, seed_index: Path):
    corpus = seed_index.parent / "corpus"  # the folder the index was built from
    settings = Settings(index_dir=index)
    store = open_store(settings)
    broken = store.bm25_dir / "params.index.json"
    broken.write_text("garbage")
    assert bm25.damage(store) == f"the BM25 index file {broken} is damaged or does not belong there"

    result = runner.invoke(app, ["ingest", str(corpus), "--index-dir", str(index)])

    assert result.exit_code == 0, result.output
    assert f"the BM25 index file {broken} is damaged" in " ".join(result.output.split())
    assert bm25.damage(store) is None and bm25.is_current(store)


def test_questions_survive_garbage_bm25_files(index: Path):
    store = open_store(Settings(index_dir=index))
    (store.bm25_dir / "data.csc.index.npy").write_bytes(b"\x93NUMPY garbage")
    result = runner.invoke(
        app, ["ask", "How many cameras has China deployed?", "--index-dir", str(index)]
    )
    assert result.exit_code == 0, result.output
    assert "170 million" in result.output


def test_chunks_changed_after_the_bm25_index_was_saved_make_it_stale(index: Path, seed_index):
    """An ingest cut off between changing the chunks and saving BM25 again: the chunks' write
    mark (`ingest.store.write_mark`) moved, so readers build BM25 from Chroma and the next ingest saves
    it; no chunk id has to be read to know it."""
    store = open_store(Settings(index_dir=index))
    assert bm25.is_current(store)
    write_mark.advance(store.chunks())
    assert not bm25.is_current(store)
    result = runner.invoke(
        app, ["ask", "How many cameras has China deployed?", "--index-dir", str(index)]
    )
    assert result.exit_code == 0 and "170 million" in result.output
    corpus = seed_index.parent / "corpus"
    assert runner.invoke(app, ["ingest", str(corpus), "--index-dir", str(index)]).exit_code == 0
    assert bm25.is_current(store)


@pytest.fixture
def read_only(index: Path) -> Iterator[Path]:
    """The index folder on a read-only mount (root writes through file permissions)."""
    mounted = subprocess.run(["mount", "--bind", str(index), str(index)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {mounted.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(index)], check=True)
        yield index
    finally:
        if subprocess.run(["umount", str(index)], capture_output=True).returncode != 0:
            # Busy: a file the command opened there is still held by this process (seen once in
            # a full CI run, after `ask`); detached now, the mount goes when it is let go.
            subprocess.run(["umount", "--lazy", str(index)], check=True)


@pytest.mark.parametrize("command", [["sources"], ["ask", "How many cameras?"], ["ingest"]])
def test_a_read_only_index_folder_says_so(read_only: Path, command: list[str]):
    result = runner.invoke(app, [*command, "--index-dir", str(read_only)])
    message = " ".join(result.output.split())
    assert result.exit_code == 2, result.output
    assert f"The index folder {read_only} cannot be written" in message
    assert "Give this user write access to it" in message
