"""Start `citedesk chat` as a real server on a free loopback port, for the UI and API tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_chat(index_dir: Path, *extra: str, timeout: float = 120) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = index_dir.parent / f"chat-{port}.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ui.cli",
                "chat",
                "--port",
                str(port),
                "--index-dir",
                str(index_dir),
                *extra,
            ],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ},
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    urllib.request.urlopen(f"{url}/gradio_api/info", timeout=2)
                    break
                except OSError as error:
                    if getattr(error, "code", None) == 401:  # up, and asking for a password
                        break
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"citedesk chat did not start:\n{log.read_text()}"
                        ) from None
                    time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
