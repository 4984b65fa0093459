"""Drive a running `citedesk chat` with N concurrent `gradio_client` sessions on loopback, each
asking a bounded number of questions within a bounded time, optionally while an ingest runs, and
report throughput, latency, errors and lost answers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from rag.evaluate.metrics import percentile
from ui.serving import LOOPBACK


@dataclass
class LoadResult:
    sessions: int
    sent: int = 0
    answered: int = 0
    errors: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    ingest_seconds: float | None = None
    ingest_returncode: int | None = None

    @property
    def lost(self) -> int:
        """Questions sent that got neither an answer nor an error back."""
        return self.sent - self.answered - len(self.errors)

    def row(self) -> dict:
        return {
            "sessions": self.sessions,
            "questions": self.sent,
            "answered": self.answered,
            "errors": len(self.errors),
            "lost": self.lost,
            "questions_per_second": round(self.answered / self.seconds, 2) if self.seconds else 0,
            "p50_ms": percentile(self.latencies_ms, 0.5),
            "p95_ms": percentile(self.latencies_ms, 0.95),
            "ingest_seconds": self.ingest_seconds,
        }


def run_load(
    url: str,
    sessions: int,
    questions: list[str],
    per_session: int,
    max_seconds: float,
    auth: tuple[str, str] | None = None,
    ingest_command: list[str] | None = None,
) -> LoadResult:
    """One load level. Refuses any address but loopback: a load test never leaves the machine."""
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"load tests run against loopback only, not {host}")
    from gradio_client import Client

    result = LoadResult(sessions=sessions)
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def session(number: int) -> None:
        client = Client(url, auth=auth, verbose=False)
        for i in range(per_session):
            if time.monotonic() > deadline:
                return
            question = questions[(number + i) % len(questions)]
            with lock:
                result.sent += 1
            started = time.perf_counter()
            try:
                answer = client.predict(question, api_name="/ask")
            except Exception as error:  # what the server or the network did wrong, recorded
                with lock:
                    result.errors.append(f"{type(error).__name__}: {error}"[:200])
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if isinstance(answer, dict) and answer.get("text"):
                    result.answered += 1
                    result.latencies_ms.append(elapsed)
                else:
                    result.errors.append(f"malformed answer: {str(answer)[:120]}")

    ingest = None
    started = time.perf_counter()
    if ingest_command:
        ingest = subprocess.Popen(
            ingest_command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        list(pool.map(session, range(sessions)))
    result.seconds = time.perf_counter() - started
    if ingest is not None:
        result.ingest_returncode = ingest.wait(timeout=max(60.0, max_seconds))
        result.ingest_seconds = round(time.perf_counter() - started, 2)
    return result


def ingest_command(paths: list[Path], index_dir: Path | None, chroma_url: str | None) -> list[str]:
    command = [sys.executable, "-m", "ui.cli", "ingest", *map(str, paths)]
    if index_dir:
        command += ["--index-dir", str(index_dir)]
    if chroma_url:
        command += ["--chroma-url", chroma_url]
    return command
