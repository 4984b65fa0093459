"""An ingest's first step: every file under the roots read and cleaned into articles, each
problem recorded for the report. Nothing is written to the store here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.models import Article, IngestReport, Problem
from ingest.pipeline.progress import Progress
from ingest.readers.loaders import read_file, scan
from ingest.readers.parsed import Documents
from ingest.readers.sandbox import Limits
from ingest.settings import Settings
from ingest.text.clean import clean_record


@dataclass
class Found:
    articles: list[Article] = field(default_factory=list)
    # Files read without a problem: only their documents may be removed by --prune.
    read_ok: set[str] = field(default_factory=set)
    paths: dict[str, tuple[Path, Path]] = field(default_factory=dict)  # id -> (file, root)


def read_articles(
    roots: list[Path],
    settings: Settings,
    stored: dict[str, dict[str, Any]],
    report: IngestReport,
    progress: Progress | None,
) -> Found:
    """Read and clean every file under `roots`; `stored` is the store's document rows, by id
    (an id stored from another folder is not taken over)."""
    files = scan(roots)
    report.skipped.extend(files.problems)
    report.ignored.extend(files.ignored)
    report.files_seen = len(files.files)
    task = progress.add_task("Reading files", total=len(files.files)) if progress else None
    with Documents(Limits.of(settings.ingest), settings.store.index_dir / "parsed") as documents:
        reading = _Reading(roots, stored, report, settings, documents)
        for path, doc_id in files.files:
            reading.file(path, doc_id)
            if progress and task is not None:
                progress.advance(task)
    reading.found.articles = list(reading.articles.values())
    return reading.found


@dataclass
class _Reading:
    """One ingest's reading: what was found so far, and where problems go."""

    roots: list[Path]
    stored: dict[str, dict[str, Any]]
    report: IngestReport
    settings: Settings
    documents: Documents
    found: Found = field(default_factory=Found)
    articles: dict[str, Article] = field(default_factory=dict)

    def file(self, path: Path, doc_id: str) -> None:
        """One file's articles, its problems into the report."""
        file_ok = True
        max_bytes = int(self.settings.ingest.max_file_mb * 1_000_000)
        for item in read_file(path, doc_id, max_bytes, self.documents):
            if isinstance(item, Problem):
                # Any problem in a file keeps --prune away from the documents it held.
                self.report.skipped.append(item)
                file_ok = False
                continue
            self.report.records_seen += 1
            if item.decoded_as not in {"utf-8", "utf-8-sig"}:
                self.report.warnings.append(f"{item.location}: read as {item.decoded_as}")
            self._keep(clean_record(item), path)
        if file_ok:
            self.found.read_ok.add(str(path.resolve()))

    def _keep(self, article: Article | Problem, path: Path) -> None:
        if isinstance(article, Problem):
            self.report.skipped.append(article)
        elif article.doc_id in self.articles:
            first = self.articles[article.doc_id].location
            self.report.skipped.append(
                Problem(
                    article.location,
                    f"document id {article.doc_id!r} is already used by {first}; give each "
                    "record a unique url",
                )
            )
        elif claim := claimed_elsewhere(self.stored.get(article.doc_id), path, self.roots):
            self.report.skipped.append(
                Problem(article.location, f"document id {article.doc_id!r} {claim}")
            )
        else:
            self.articles[article.doc_id] = article
            self.found.paths[article.doc_id] = (path, root_of(path, self.roots))


def claimed_elsewhere(row: dict[str, Any] | None, path: Path, roots: list[Path]) -> str | None:
    """Why a document stored as `row` may not be written from `path`: it belongs to another
    file under another folder. Ids are shown to every user, so without this an upload (a JSON
    record whose `url` is a corpus article's id) could silently replace that article."""
    if not row or row.get("path") in (None, str(path.resolve())):
        return None
    if row.get("root") in (None, str(root_of(path, roots).resolve())):
        return None
    return (
        f"belongs to {row['path']} (ingested from {row['root']}) and "
        "is not replaced from another folder; give this article its own id (another url or "
        "file name), or delete the other one first"
    )


def root_of(path: Path, roots: list[Path]) -> Path:
    """The root folder `path` was found under (its own folder for a file given by itself)."""
    for root in roots:
        if path == root or root in path.parents:
            return root
    return path.parent
