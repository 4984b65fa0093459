"""The records that flow through ingest: what a loader found, what the cleaner made of it, and
what went wrong."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceRecord:
    """One article as read from disk, before cleaning.

    `location` is what a person needs to find it again in error messages: the file, and for a
    record in a JSON Lines file, its line.
    """

    doc_id: str
    location: str
    kind: str  # "text", "markdown", "html", "record", "pdf" or "docx"
    text: str
    title: str | None = None
    subtitle: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    author: str | None = None
    category: str | None = None
    captions: list[str] = field(default_factory=list)
    decoded_as: str = "utf-8"


@dataclass
class Article:
    """A cleaned article: `body` is the only text that answers questions and that offsets point
    into; everything else is metadata or was dropped."""

    doc_id: str
    location: str
    title: str
    body: str
    subtitle: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    author: str | None = None
    category: str | None = None
    captions: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass
class Problem:
    """Something skipped, with where and why, phrased for the person who has to fix it."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"
