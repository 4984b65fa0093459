"""Looking after what is indexed: read an article whole, correct its metadata, delete it.

Each change runs under the ingest lock through the ingest's own commit protocol
(`pipeline.IngestRun`), so a correction or a deletion killed half-way is finished or undone by the
next ingest exactly like an interrupted ingest, and questions meanwhile see one state or the
other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.models import IngestReport
from ingest.pipeline import IngestRun, locked_run
from ingest.settings import Settings
from ingest.store import Store
from ingest.text.dates import iso_date

# What a person may correct, by the name the article's metadata uses.
EDITABLE = {"title": "title", "source": "outlet", "published_at": "date", "author": "author"}
MAX_FIELD_CHARS = 300  # a headline, an outlet, a byline: a few hundred characters at most


class LibraryError(ValueError):
    """A correction or deletion that cannot be made, said so that the person can fix it."""


@dataclass
class ArticleRecord:
    """An article as stored: its cleaned text (what citations point into) and its metadata."""

    doc_id: str
    text: str
    metadata: dict[str, Any]

    @property
    def corrected(self) -> list[str]:
        """The fields a person changed, by their plain names."""
        fields = json.loads(self.metadata.get("corrections") or "{}")
        return [EDITABLE[name] for name in EDITABLE if name in fields]


def read_article(store: Store, doc_id: str) -> ArticleRecord:
    with store.server_errors():
        found = store.documents().get(ids=[doc_id], include=["documents", "metadatas"])
    if not found["ids"]:
        raise _unknown(doc_id)
    return ArticleRecord(doc_id, found["documents"][0] or "", found["metadatas"][0] or {})


def correct(doc_id: str, changes: dict[str, str | None], settings: Settings) -> IngestReport:
    """Set an article's title, outlet, date or author; an empty value clears it (not the
    title). The correction is kept in the index and applied again whenever the file is
    re-ingested, so a later `citedesk ingest` does not undo it."""
    cleaned: dict[str, str | None] = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            allowed = ", ".join(EDITABLE)
            raise LibraryError(f"{name!r} cannot be corrected; the fields are {allowed}")
        if len(value or "") > MAX_FIELD_CHARS * 4:
            # checked before the whitespace is folded: a 10 MB value is refused unread
            raise LibraryError(_too_long(name, len(value or "")))
        value = " ".join((value or "").split()) or None
        if value is not None and len(value) > MAX_FIELD_CHARS:
            raise LibraryError(_too_long(name, len(value)))
        if name == "title" and value is None:
            raise LibraryError("an article needs a title; type one")
        if name == "published_at" and value is not None and iso_date(value) is None:
            raise LibraryError(f"{value!r} is not a date; write it like 2024-05-31")
        cleaned[name] = value
    return locked_run(settings, lambda run: _correct(run, doc_id, cleaned))


def shown_path(path: str, root: str | None = None) -> str:
    """A file as users are shown it: from its ingested folder's name down ("corpus/a.txt"),
    never the server's absolute path."""
    file = Path(path)
    base = Path(root) if root else file.parent
    if base not in (file, *file.parents):
        base = file.parent
    return str(Path(base.name) / file.relative_to(base))


def _too_long(name: str, length: int) -> str:
    return (
        f"the {EDITABLE[name]} is {length:,} characters; at most {MAX_FIELD_CHARS} are kept "
        "(every page of the chat carries it)"
    )


def remove(doc_ids: list[str], settings: Settings) -> IngestReport:
    """Delete articles from the index, and the uploaded or fetched file each came from (a file
    elsewhere, such as corpus/, is left on disk: the report says it comes back at the next
    ingest of its folder)."""
    report = locked_run(settings, lambda run: _remove(run, doc_ids))
    area = settings.store.files_dir.resolve()
    for path in report.freed_files:
        if area in Path(path).parents:
            Path(path).unlink(missing_ok=True)
        else:
            report.warnings.append(
                f"{shown_path(path)} is still on disk: it comes back at the next ingest of its "
                "folder unless you move or delete it"
            )
    return report


def _correct(run: IngestRun, doc_id: str, changes: dict[str, str | None]) -> None:
    _known(run, [doc_id])
    row = run.stored[doc_id]
    # Nothing to write when the form is saved as it was.
    changes = {name: value for name, value in changes.items() if row.get(name) != value}
    if changes:
        run.execute_correction(doc_id, changes)
    else:
        run.report.unchanged.append(doc_id)


def _remove(run: IngestRun, doc_ids: list[str]) -> None:
    _known(run, doc_ids)
    paths = {run.stored[doc_id].get("path") for doc_id in doc_ids}
    run.execute_removal(doc_ids)
    # A file that also held other articles (a JSON Lines feed) stays.
    still_used = {row.get("path") for row in run.stored.values()}
    run.report.freed_files = sorted(p for p in paths if p and p not in still_used)


def _known(run: IngestRun, doc_ids: list[str]) -> None:
    for doc_id in doc_ids:
        row = run.stored.get(doc_id)
        if row is None:
            raise _unknown(doc_id)
        if row.get("state") != "done":
            raise LibraryError(
                f"{doc_id!r} was left half-written by an interrupted ingest; run "
                "`citedesk ingest` first"
            )


def _unknown(doc_id: str) -> LibraryError:
    return LibraryError(f"no article {doc_id!r} in the index; `citedesk sources` lists them")
