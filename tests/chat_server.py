"""Start `citedesk chat` as a real server on a free loopback port, for the UI and API tests."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT
from ui.harness.servers import chat_command, free_port, wait_for_http

__all__ = ["chat_log", "free_port", "running_chat", "seed_chat"]


def chat_log(index_dir: Path, url: str) -> str:
    """What the server started by `running_chat(index_dir)` at `url` printed."""
    return _log_path(index_dir, int(url.rsplit(":", 1)[1])).read_text()


def _log_path(index_dir: Path, port: int) -> Path:
    return index_dir.parent / f"chat-{port}.log"


@contextmanager
def running_chat(index_dir: Path, *extra: str, timeout: float = 120) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = _log_path(index_dir, port)
    with log.open("w") as output:
        server = subprocess.Popen(
            chat_command(index_dir, port, *extra),
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ},
        )
        try:
            if not wait_for_http(f"{url}/gradio_api/info", server, timeout):
                raise RuntimeError(f"citedesk chat did not start:\n{log.read_text()}")
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


@contextmanager
def seed_chat(folder: Path, records: list[dict] | None = None) -> Iterator[str]:
    """A chat over an index of its own of the seed articles and news `records`, which its tests
    may change (upload, correct, delete)."""
    import shutil

    from ingest.pipeline import ingest
    from ingest.settings import Settings
    from tests.conftest import SEED_CORPUS
    from tests.test_ask import write_records

    shutil.copytree(SEED_CORPUS, folder / "corpus")
    if records:
        write_records(folder / "corpus" / "news.jsonl", records)
    assert ingest([folder / "corpus"], Settings(index_dir=folder / "index")).ok
    with running_chat(folder / "index") as url:
        yield url
