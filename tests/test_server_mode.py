"""The same ingest code writes to a real Chroma server (`chroma run` on loopback)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.catalog import list_documents
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import StoreError, open_store
from rag.bench import free_port, wait_for_http
from tests.conftest import MILIPOL, SURVEILLANCE
from tests.test_ingest import stored_chunks


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if chroma is None:
        pytest.skip("the chroma command is not installed beside this Python")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_for_http(f"{url}/api/v2/heartbeat", server, 60):
            raise RuntimeError("chroma run did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


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
