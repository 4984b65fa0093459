"""The records that flow through ingest: what a loader found, what the cleaner made of it, what
went wrong, and what an ingest did."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
    # The teasers of other stories closing the page ("Similar articles"): never the text, kept
    # so a question about them can be answered from them (`rag.forms.teasers`).
    teasers: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass
class Problem:
    """Something skipped, with where and why, phrased for the person who has to fix it."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass
class IngestReport:
    """What an ingest did, for the summary table and for tests."""

    files_seen: int = 0
    records_seen: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (duplicate, kept)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    chunks_written: int = 0
    chunks_deleted: int = 0
    embedded_chunks: int = 0
    embedded_tokens: int = 0
    embed_seconds: float = 0.0
    labelled_chunks: int = (
        0  # names found in them after they were stored (`ingest.pipeline.labelling`)
    )
    label_seconds: float = 0.0
    seconds: float = 0.0
    store: str = ""
    freed_files: list[str] = field(default_factory=list)  # files no stored article comes from

    @property
    def ok(self) -> bool:
        return not self.skipped

    @property
    def searchable_seconds(self) -> float:
        """Until every article written was searchable: before names were found in them."""
        return self.seconds - self.label_seconds

    @property
    def embedded_tokens_per_second(self) -> float:
        return self.embedded_tokens / self.embed_seconds if self.embed_seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped"] = [{"location": p.location, "reason": p.reason} for p in self.skipped]
        data["embedded_tokens_per_second"] = round(self.embedded_tokens_per_second, 1)
        data["searchable_seconds"] = round(self.searchable_seconds, 3)
        return data
