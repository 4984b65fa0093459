"""The same ingest code writes to a real Chroma server (`chroma run` on loopback)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import StoreError, open_store
from ingest.store.catalog import list_documents
from rag.engine import Engine
from tests.conftest import MILIPOL, SURVEILLANCE
from tests.test_ingest import stored_chunks
from ui.harness import servers
from ui.harness.servers import free_port


@pytest.fixture
def chroma_server(chroma_process: tuple[str, subprocess.Popen]) -> str:
    return chroma_process[0]


@pytest.fixture
def chroma_process(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`chroma run` on a free loopback port: its URL and its process."""
    if shutil.which("chroma", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the chroma command is not installed beside this Python")
    with servers.chroma_server(tmp_path / "server-data") as running:
        yield running


def test_ingest_into_a_chroma_server(chroma_server, corpus, tmp_path, counting_model):
    settings = Settings(chroma_url=chroma_server, index_dir=tmp_path / "local", lock_timeout_s=0)
    report = ingest([corpus], settings, embed_model=counting_model)
    assert sorted(report.added) == [MILIPOL, SURVEILLANCE]
    assert not (tmp_path / "local" / "chroma").exists()  # nothing went to an embedded store

    documents = list_documents(open_store(settings))
    assert [d.doc_id for d in documents] == [MILIPOL, SURVEILLANCE]
    chunks = stored_chunks(settings)
    assert len(chunks) == report.chunks_written
    assert not [c for c in chunks if "SpaceX" in c["text"]]

    counting_model.reset()
    again = ingest([corpus], settings, embed_model=counting_model)
    assert counting_model.texts == [] and len(again.unchanged) == 2


def test_an_unreachable_server_is_a_clear_error(tmp_path):
    settings = Settings(chroma_url=f"http://127.0.0.1:{free_port()}", index_dir=tmp_path)
    with pytest.raises(StoreError, match="Cannot reach the Chroma server"):
        open_store(settings).client.heartbeat()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers, as a hung Chroma does."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_server_that_never_answers_times_out_with_its_name(silent_server, tmp_path):
    settings = Settings(chroma_url=silent_server, index_dir=tmp_path, chroma_timeout_s=1)
    with pytest.raises(StoreError, match=rf"The Chroma server at {silent_server} did not answer"):
        open_store(settings).client.heartbeat()


def test_questions_say_which_server_hangs_and_recover_when_it_is_back(
    chroma_process, corpus, tmp_path
):
    chroma_server, process = chroma_process
    settings = Settings(chroma_url=chroma_server, index_dir=tmp_path / "local", chroma_timeout_s=2)
    assert ingest([corpus], settings).ok
    engine = Engine(settings)
    server = psutil.Process(process.pid)
    server.suspend()  # SIGSTOP: connections are accepted by the kernel, nothing answers
    try:
        with pytest.raises(StoreError, match=rf"The Chroma server at {chroma_server} did not"):
            engine.ask("How many cameras has China deployed?")
    finally:
        server.resume()
    assert "170 million" in engine.ask("How many cameras has China deployed?").text
    server.terminate()
    server.wait(timeout=30)
    with pytest.raises(StoreError, match=rf"Cannot reach the Chroma server at {chroma_server}"):
        engine.ask("How many cameras has China deployed?")
