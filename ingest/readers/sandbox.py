"""PDF and Word files parsed in a child process under a time limit, a memory limit and a cap on
the text taken, so one hostile file is refused by name instead of exhausting the machine or
holding the ingest lock for hours: a 3 MB .docx can unpack to gigabytes of XML, and a 2 MB PDF
whose ten thousand pages share one content stream takes days to read.

A Word file's archive is checked before it is parsed at all (`check_archive`). The child is
started once per ingest and reused; a file that overruns a limit kills it and the next file gets
a fresh one. Outcomes are remembered by the file's bytes (`ingest.readers.parsed.ParsedCache`).
"""

from __future__ import annotations

import io
import multiprocessing
import threading
import zipfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from ingest.models import Problem, SourceRecord
from ingest.settings.ingest import IngestSettings

# Legitimate Word XML compresses 5-50 times (a table of empty cells near 100); bombs, thousands.
MAX_RATIO = 200
MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class Limits:
    """What parsing one file may cost: the `CITEDESK_PARSE_…` settings."""

    timeout_s: float
    memory_mb: int
    max_chars: int
    max_unpacked_mb: int

    @classmethod
    def of(cls, ingest: IngestSettings) -> Limits:
        return cls(
            timeout_s=ingest.parse_timeout_s,
            memory_mb=ingest.parse_memory_mb,
            max_chars=ingest.parse_max_chars,
            max_unpacked_mb=ingest.parse_max_unpacked_mb,
        )


def check_archive(data: bytes, location: str, limits: Limits) -> Problem | None:
    """Refuse a Word file whose zip would unpack to more than the limit, or at a ratio no
    document has, before any of it is decompressed (the sizes are in the zip's directory; the
    parser reads the real bytes later, and a member that lies about its size fails its CRC)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        return Problem(
            location, f"not a readable Word .docx file ({error}); save it again as .docx from Word"
        )
    if len(members) > MAX_MEMBERS:
        return Problem(
            location,
            f"this Word file's archive holds {len(members):,} parts (a document has tens): "
            "refused as a possible zip bomb",
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_mb * 1_000_000:
        return Problem(
            location,
            f"this Word file would unpack to {unpacked / 1e6:,.0f} MB, over the "
            f"{limits.max_unpacked_mb:,} MB limit: refused as a possible zip bomb (raise "
            "CITEDESK_PARSE_MAX_UNPACKED_MB if it is a genuine document)",
        )
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            return Problem(
                location,
                f"this Word file's {member.filename} is compressed "
                f"{member.file_size // max(member.compress_size, 1):,} times (a document's XML "
                "compresses tens of times): refused as a possible zip bomb",
            )
    return None


def _serve(conn: Connection, memory_mb: int) -> None:
    """The child: parse what the parent sends, one file at a time, until the pipe closes."""
    from ingest.readers import pdf_and_word

    _limit_memory(memory_mb)
    while True:
        try:
            kind, data, location, doc_id, max_chars = conn.recv()
        except EOFError:
            return
        try:
            result: Any = pdf_and_word.PARSERS[kind](data, location, doc_id, max_chars)
        except MemoryError:
            result = Problem(location, _over_memory(memory_mb))
        conn.send(result)


def _limit_memory(memory_mb: int) -> None:
    """Cap the child's address space at what it uses now plus `memory_mb` (Linux; elsewhere the
    time limit still holds)."""
    try:
        import resource

        with open("/proc/self/status") as status:
            used = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize"))
    except (ImportError, OSError, StopIteration):
        return
    cap = used + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _over_memory(memory_mb: int) -> str:
    return (
        f"reading it needed more than the {memory_mb:,} MB a file may use, and it was stopped; "
        "it is not read again until the file changes (raise CITEDESK_PARSE_MEMORY_MB if it is "
        "a genuine document)"
    )


class Sandbox:
    """One child process that parses documents; killed and replaced when a file overruns."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def parse(self, kind: str, data: bytes, location: str, doc_id: str) -> SourceRecord | Problem:
        if kind == "docx" and (problem := check_archive(data, location, self.limits)):
            return problem
        with self._lock:
            conn = self._started()
            conn.send((kind, data, location, doc_id, self.limits.max_chars))
            try:
                if conn.poll(self.limits.timeout_s):
                    return conn.recv()
            except (EOFError, OSError):
                self._stop()
                return Problem(location, _over_memory(self.limits.memory_mb))
            self._stop()
            return Problem(
                location,
                f"reading it took longer than {self.limits.timeout_s:g} s and was stopped (a PDF "
                "whose pages share one huge content stream does this); it is not read again until "
                "the file changes (raise CITEDESK_PARSE_TIMEOUT_S if it is a genuine document)",
            )

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _started(self) -> Connection:
        if self._conn is None or self._process is None or not self._process.is_alive():
            # spawn, not fork: the parent runs threads (embedding, chunking) a fork would copy
            # mid-flight.
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            self._process = context.Process(
                target=_serve, args=(child, self.limits.memory_mb), daemon=True
            )
            self._process.start()
            child.close()
            self._conn = parent
        return self._conn

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
