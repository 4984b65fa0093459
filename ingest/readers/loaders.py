"""Find article files, read them safely, and turn each into `SourceRecord`s.

Every failure becomes a `Problem` naming the file (and line) and what to do; nothing here raises
for bad input, so one bad file never stops the others.
"""

from __future__ import annotations

import atexit
import codecs
import functools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ingest.models import Problem, SourceRecord
from ingest.readers.html_text import parse_html
from ingest.readers.parsed import Documents
from ingest.readers.sandbox import Limits
from ingest.settings.ingest import IngestSettings

RECORD_TEXT_FIELDS = ("body", "text")
RECORD_OPTIONAL_FIELDS = ("url", "source", "published_at", "author", "category")
LATIN_LOOKALIKES = {
    "cp1250",
    "cp1252",
    "cp1254",
    "cp1257",
    "latin_1",
    "iso8859_2",
    "iso8859_9",
    "iso8859_15",
    "iso8859_13",
    "iso8859_16",
    "mac_latin2",
    "mac_roman",
}


@dataclass
class ScanResult:
    """What walking the paths found: files to read, problems, and files of other types."""

    files: list[tuple[Path, str]]  # (path, document id)
    problems: list[Problem]
    ignored: list[str]


def scan(paths: list[Path]) -> ScanResult:
    """List the supported files under each path; each path is the root its ids are relative to."""
    result = ScanResult(files=[], problems=[], ignored=[])
    for root in paths:
        if root.is_symlink() and not root.exists():
            result.problems.append(Problem(str(root), "broken symbolic link"))
        elif not root.exists():
            result.problems.append(Problem(str(root), "no such file or folder"))
        elif root.is_file():
            if root.suffix.lower() in SUPPORTED_SUFFIXES:
                result.files.append((root, root.name))
            else:
                result.problems.append(Problem(str(root), _unsupported(root)))
        else:
            _walk(root, result)
    return result


def _walk(root: Path, result: ScanResult) -> None:
    # followlinks=False: a symlinked folder cannot send the walk round a loop.
    for folder, dirs, names in os.walk(root, onerror=lambda e: _walk_error(e, result)):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                result.files.append((path, relative))
            else:
                result.ignored.append(relative)


def _walk_error(error: OSError, result: ScanResult) -> None:
    result.problems.append(Problem(str(error.filename), f"cannot list folder: {error.strerror}"))


def _unsupported(path: Path) -> str:
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type {path.suffix or '(none)'!r}; citedesk reads {kinds}"


def read_file(
    path: Path, doc_id: str, max_bytes: int, documents: Documents | None = None
) -> Iterator[SourceRecord | Problem]:
    """Yield the article(s) in one file, or the problems that kept them out. PDF and Word files
    are parsed by `documents` (an ingest's, with its cache), else by a shared sandbox."""
    location = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        yield Problem(location, _os_reason(error))
        return
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield Problem(location, _unsupported(path))
        return
    if reader.takes == "path":
        # Streamed line by line, so a large JSON Lines corpus needs no size limit.
        yield from reader.read(path, doc_id)
        return
    if size > max_bytes:
        yield Problem(
            location,
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; split it "
            "or raise CITEDESK_MAX_FILE_MB",
        )
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Problem(location, _os_reason(error))
        return
    if reader.takes == "document":
        kind = path.suffix.lower().lstrip(".")
        yield (documents or _shared_documents()).read(kind, data, location, doc_id)
        return
    decoded = decode(data, location)
    if isinstance(decoded, Problem):
        yield decoded
        return
    text, encoding = decoded
    if not text.strip():
        yield Problem(location, "file is empty")
        return
    yield from reader.read(text, location, doc_id, encoding)


def _plain(kind: str) -> Callable[[str, str, str, str], Iterator[SourceRecord]]:
    def read(text: str, location: str, doc_id: str, encoding: str) -> Iterator[SourceRecord]:
        yield SourceRecord(
            doc_id=doc_id, location=location, kind=kind, text=text, decoded_as=encoding
        )

    return read


def _one(read: Callable[..., SourceRecord | Problem]) -> Callable[..., Iterator]:
    return lambda *args: iter([read(*args)])


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot read: permission denied"
    return f"cannot read: {error.strerror or error}"


def decode(data: bytes, location: str) -> tuple[str, str] | Problem:
    """Decode bytes as UTF-8, else by BOM, else by charset detection, else refuse.

    Returns the text and the encoding used, so a fallback decoding can be reported.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
    ):
        if data.startswith(bom) and not (
            bom == codecs.BOM_UTF16_LE and data.startswith(codecs.BOM_UTF32_LE)
        ):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                return Problem(
                    location,
                    f"starts with a {encoding} byte-order mark but is not "
                    f"valid {encoding} (byte {error.start})",
                )
    if b"\x00" in data[:8192]:
        return Problem(location, "binary file (contains NUL bytes); convert it to text first")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            # A file cut off in the middle of its last character: keep what is whole.
            return data[: error.start].decode("utf-8"), "utf-8 (truncated last character dropped)"
    sample = data[:1_000_000]
    if _mostly_ascii(sample) and _decodes(data, "cp1252"):
        # Mostly-ASCII text with a few other bytes is Western (a £, an é, a curly quote):
        # detection on so few bytes guesses cp932 or cp775 and turns £15.8m into ｣15.8m.
        return data.decode("cp1252"), "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None or best.encoding is None:
        return Problem(location, "not text in any known encoding; save it as UTF-8")
    encoding = best.encoding
    if encoding in LATIN_LOOKALIKES and _decodes(data, "cp1252"):
        # Detection cannot tell Western from Central European single-byte text on short
        # samples; Western (Windows-1252, a superset of printable Latin-1) is far likelier.
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return Problem(location, f"not valid UTF-8 and not valid {encoding}; save it as UTF-8")
    if _control_share(text) > 0.05:
        return Problem(location, "binary file (mostly control characters); convert it to text")
    return text, encoding


ASCII_BYTES = bytes(range(0x80))


def _mostly_ascii(data: bytes) -> bool:
    """At most one byte in five outside ASCII: no CJK, Cyrillic or Greek text looks like that."""
    high = len(data.translate(None, ASCII_BYTES))  # what is left once ASCII is deleted
    return high * 5 <= len(data)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _control_share(text: str) -> float:
    sample = text[:100_000]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(sample)


def _html_record(markup: str, location: str, doc_id: str, encoding: str) -> SourceRecord:
    page = parse_html(markup)
    return SourceRecord(
        doc_id=doc_id,
        location=location,
        kind="html",
        text="\n\n".join(page.paragraphs),
        title=page.h1 or page.meta.get("title") or page.title,
        subtitle=page.meta.get("subtitle"),
        url=page.meta.get("url"),
        source=page.meta.get("source"),
        published_at=page.meta.get("published_at") or (page.times[0] if page.times else None),
        author=page.meta.get("author"),
        category=page.meta.get("category"),
        captions=page.captions,
        decoded_as=encoding,
    )


def _read_jsonl(path: Path, doc_id: str) -> Iterator[SourceRecord | Problem]:
    location = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        yield Problem(location, _os_reason(error))
        return
    with handle:
        seen_any = False
        for number, raw in enumerate(handle, start=1):
            line_location = f"{location}:{number}"
            decoded = decode(raw, line_location)
            if isinstance(decoded, Problem):
                yield decoded
                continue
            line = decoded[0].strip()
            if not line:
                continue
            seen_any = True
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield Problem(line_location, f"invalid JSON: {error.msg} at column {error.colno}")
                continue
            except RecursionError:
                yield Problem(line_location, "JSON nested too deeply")
                continue
            yield _record(value, line_location, f"{doc_id}#{number}", decoded[1])
        if not seen_any:
            yield Problem(location, "file is empty")


def _read_json(
    text: str, location: str, doc_id: str, encoding: str
) -> Iterator[SourceRecord | Problem]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        yield Problem(
            f"{location}:{error.lineno}",
            f"invalid JSON: {error.msg} at column {error.colno}; nothing in this file was read",
        )
        return
    except RecursionError:
        yield Problem(location, "JSON nested too deeply")
        return
    if isinstance(value, dict) and not any(k in value for k in RECORD_TEXT_FIELDS):
        lists = [v for v in value.values() if isinstance(v, list)]
        value = lists[0] if len(lists) == 1 else value
    records = value if isinstance(value, list) else [value]
    if not records:
        yield Problem(location, "the JSON holds no records (an empty list)")
        return
    lines = _record_lines(text, len(records)) if isinstance(value, list) else [1]
    for record, line in zip(records, lines, strict=False):
        yield _record(record, f"{location}:{line}", f"{doc_id}#{line}", encoding)


def _record_lines(text: str, count: int) -> list[int]:
    """Line on which each top-level array element starts, for ids and messages."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    lines = []
    while len(lines) < count:
        while text[position] in " \t\r\n,":
            position += 1
        lines.append(text.count("\n", 0, position) + 1)
        _, position = decoder.raw_decode(text, position)
    return lines


def _record(
    value: object, location: str, fallback_id: str, encoding: str
) -> SourceRecord | Problem:
    if not isinstance(value, dict):
        return Problem(
            location, f"expected a JSON object with 'title' and 'body', got {type(value).__name__}"
        )
    text = next((value[k] for k in RECORD_TEXT_FIELDS if k in value), None)
    if not isinstance(text, str) or not text.strip():
        return Problem(location, "record has no 'body' or 'text' string")
    fields: dict[str, str | None] = {}
    for name in ("title", *RECORD_OPTIONAL_FIELDS):
        field_value = value.get(name)
        if field_value is None or field_value == "":
            fields[name] = None
        elif isinstance(field_value, str | int | float) and not isinstance(field_value, bool):
            fields[name] = str(field_value).strip()
        else:
            return Problem(
                location, f"field '{name}' must be a string, got {type(field_value).__name__}"
            )
    return SourceRecord(
        doc_id=fields["url"] or fallback_id,
        location=location,
        kind="record",
        text=text,
        title=fields["title"],
        url=fields["url"],
        source=fields["source"],
        published_at=fields["published_at"],
        author=fields["author"],
        category=fields["category"],
        decoded_as=encoding,
    )


@dataclass(frozen=True)
class Reader:
    """How one kind of file becomes records: `takes` says what `read` is given (the path, to
    stream it; the decoded text with its encoding). A "document" (PDF, Word) is parsed in
    `ingest.readers.sandbox`'s child process instead."""

    read: Callable[..., Iterator[SourceRecord | Problem]] | None
    takes: Literal["path", "document", "text"]


@functools.cache
def _shared_documents() -> Documents:
    """PDF and Word parsing for callers without an ingest's own (one sandbox per process), under
    the default limits."""
    documents = Documents(Limits.of(IngestSettings()))
    atexit.register(documents.close)
    return documents


# Readers by file suffix: a new format is one entry here (the chat's upload box, the folder scan
# and the error messages all take the list from it).
READERS: dict[str, Reader] = {
    ".txt": Reader(_plain("text"), "text"),
    ".text": Reader(_plain("text"), "text"),
    ".md": Reader(_plain("markdown"), "text"),
    ".markdown": Reader(_plain("markdown"), "text"),
    ".html": Reader(_one(_html_record), "text"),
    ".htm": Reader(_one(_html_record), "text"),
    ".json": Reader(_read_json, "text"),
    ".jsonl": Reader(_read_jsonl, "path"),
    ".ndjson": Reader(_read_jsonl, "path"),
    ".pdf": Reader(None, "document"),
    ".docx": Reader(None, "document"),
}
SUPPORTED_SUFFIXES = set(READERS)
