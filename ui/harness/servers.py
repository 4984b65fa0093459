"""Servers the harness and the tests start on loopback: the chat, a Chroma server, and waiting
for them to answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A free TCP port on loopback, for a server started next."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chat_command(index_dir: Path, port: int, *extra: str) -> list[str]:
    """`citedesk chat` on loopback over an index, as a subprocess command line."""
    return [
        sys.executable,
        "-m",
        "ui.cli",
        "chat",
        "--port",
        str(port),
        "--index-dir",
        str(index_dir),
        *extra,
    ]


def wait_for_http(url: str, process: subprocess.Popen, timeout: float) -> bool:
    """Poll `url` until it answers (a 401 counts: the server is up, asking for a password);
    False if the process exits or the time runs out first."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return True
        except urllib.error.HTTPError as error:
            if error.code == 401:
                return True
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)


@contextmanager
def chroma_server(data: Path, timeout_s: float = 60) -> Iterator[tuple[str, subprocess.Popen]]:
    """`chroma run` on a free loopback port over `data`: its URL and its process."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if chroma is None:
        raise RuntimeError("the chroma command is not installed beside this Python")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_for_http(f"{url}/api/v2/heartbeat", server, timeout_s):
            raise RuntimeError(f"chroma run did not start on {url}")
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=30)
