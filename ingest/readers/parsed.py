"""What each PDF and Word file gave when it was last parsed, kept by its bytes beside the index:
an unchanged file is not parsed again on every ingest (a 100,000-page PDF took 111 s each
time), and a file refused for overrunning a limit is not retried until it changes.

The key is the file's bytes with the parser's version and the limits, so a changed file, a new
parser or a raised limit reads it afresh; the folder is bounded, least recently used first.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

from ingest.models import Problem, SourceRecord
from ingest.readers.sandbox import Limits, Sandbox

# Bump when parsing a PDF or Word file changes what it gives for the same bytes.
PARSER_VERSION = "1"
KEPT_MB = 200


class ParsedCache:
    def __init__(self, folder: Path, kept_mb: int = KEPT_MB) -> None:
        self.folder = folder
        self.kept_bytes = kept_mb * 1_000_000

    @staticmethod
    def key(kind: str, data: bytes, limits: Limits) -> str:
        recipe = [kind, PARSER_VERSION, version("pypdf"), version("python-docx"), limits]
        digest = hashlib.sha256(repr(recipe).encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str, location: str, doc_id: str) -> SourceRecord | Problem | None:
        path = self.folder / f"{key}.json"
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            os.utime(path)  # recently used: kept longest
        except (OSError, ValueError):
            return None  # never parsed, or a damaged entry: parse again
        if "problem" in saved:
            return Problem(location, f"{saved['problem']} (found when this file was last read)")
        return SourceRecord(**{**saved["record"], "location": location, "doc_id": doc_id})

    def put(self, key: str, result: SourceRecord | Problem) -> None:
        if isinstance(result, Problem):
            saved: dict = {"problem": result.reason}
        else:
            saved = {"record": dataclasses.asdict(result)}
        path = self.folder / f"{key}.json"
        partial = path.with_suffix(".partial")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, path)  # a crash leaves the old entry or none, never half of one
        except OSError:  # a full disk or a read-only index: the file is parsed again next time
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)

    def prune(self) -> None:
        """Drop the least recently used entries beyond the folder's size."""
        try:
            entries = sorted(
                (p.stat().st_mtime, p.stat().st_size, p) for p in self.folder.glob("*.json")
            )
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.kept_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size


class Documents:
    """PDF and Word files read through the cache, parsed in the sandbox when not in it."""

    def __init__(self, limits: Limits, cache_folder: Path | None = None) -> None:
        self.limits = limits
        self.cache = ParsedCache(cache_folder) if cache_folder is not None else None
        self.sandbox = Sandbox(limits)

    def read(self, kind: str, data: bytes, location: str, doc_id: str) -> SourceRecord | Problem:
        if self.cache is None:
            return self.sandbox.parse(kind, data, location, doc_id)
        key = self.cache.key(kind, data, self.limits)
        kept = self.cache.get(key, location, doc_id)
        if kept is not None:
            return kept
        result = self.sandbox.parse(kind, data, location, doc_id)
        self.cache.put(key, result)
        return result

    def close(self) -> None:
        self.sandbox.close()
        if self.cache is not None:
            self.cache.prune()

    def __enter__(self) -> Documents:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
