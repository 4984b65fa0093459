"""Files dropped in the chat and pages fetched from a web address: kept inside the upload area,
whatever their names say, within a size limit; what is rejected is deleted, so it neither fills
the disk nor reappears in later uploaders' messages."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.models import Problem
from ingest.readers.fetch import fetch_page
from ingest.readers.loaders import SUPPORTED_SUFFIXES
from ui.serving import not_fetching_private

if TYPE_CHECKING:
    from ingest.models import IngestReport
    from ingest.store.catalog import DocumentInfo
    from rag.desk import Desk

UPLOAD_FOLDER = "uploads"


@dataclass
class UploadResult:
    report: IngestReport | None = None
    problems: list[Problem] = field(default_factory=list)  # this upload's files only
    stored: list[Path] = field(default_factory=list)
    error: str | None = None
    documents: list[DocumentInfo] | None = None  # the store's articles after the ingest


def add_uploads(files: list[str], desk: Desk, progress: Any = None) -> UploadResult:
    """Copy the uploaded files into the upload area and ingest it; the temporary copies the web
    server made are deleted, and so is every file that gave no article."""
    settings = desk.settings
    area = settings.store.files_dir
    max_bytes = int(settings.ingest.max_upload_mb * 1_000_000)
    try:
        stored, refused = store_uploads(files, area, max_bytes)
    finally:
        for original in files:
            with contextlib.suppress(OSError):
                os.remove(original)
    result = UploadResult(problems=refused, stored=stored)
    return _ingested(result, desk, progress) if stored else result


def add_link(address: str, desk: Desk, progress: Any = None, proxied: bool = False) -> UploadResult:
    """Fetch a web address into the upload area and ingest it like a dropped file: a page that
    gives no article is deleted and its reason reported. Raises `FetchError` when nothing came.
    A `proxied` request (forwarded by a reverse proxy) never fetches from private addresses
    unless the settings allow it outright."""
    settings = not_fetching_private(desk.settings) if proxied else desk.settings
    page = fetch_page(address, settings)
    return _ingested(UploadResult(stored=[page.path]), desk, progress)


def _ingested(result: UploadResult, desk: Desk, progress: Any) -> UploadResult:
    """Ingest the upload area; report the problems of this upload's files only, and delete
    every one of them that gave no article."""
    try:
        result.report = desk.add_files([desk.settings.store.files_dir], progress=progress)
    except Exception as error:  # a lock held by another ingest, a store error
        result.error = str(error)
        return result
    mine = {str(path) for path in result.stored}
    result.problems += [p for p in result.report.skipped if in_files(p, mine)]
    result.documents = desk.documents()
    indexed = {d.path for d in result.documents}
    for path in result.stored:
        if str(path.resolve()) not in indexed:
            path.unlink(missing_ok=True)
    return result


def in_files(problem: Problem, files: set[str]) -> bool:
    """Whether a problem is about one of `files` (its location is the file, or "file:line")."""
    return problem.location in files or problem.location.rsplit(":", 1)[0] in files


def safe_name(name: str) -> str:
    """A plain file name: no folders (`../../x` and `/etc/x` become `x`), no control characters,
    no leading dots."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base or "upload.txt"


def store_uploads(
    files: list[str], area: Path, max_bytes: int = 20_000_000
) -> tuple[list[Path], list[Problem]]:
    """Copy uploaded temp files into `area/uploads/`; refuse types ingest cannot read and files
    over `max_bytes`, before copying anything."""
    folder = area / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stored, refused = [], []
    for original in files:
        name = safe_name(Path(original).name)
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            refused.append(Problem(name, f"not an article file; citedesk reads {kinds}"))
            continue
        size = Path(original).stat().st_size
        if size > max_bytes:
            refused.append(
                Problem(
                    name,
                    f"{size / 1e6:.2f} MB is over the {max_bytes / 1e6:g} MB upload limit "
                    "(CITEDESK_MAX_UPLOAD_MB)",
                )
            )
            continue
        target = folder / name
        if folder.resolve() not in target.resolve().parents:
            refused.append(Problem(name, "file name points outside the upload area"))
            continue
        shutil.copyfile(original, target)
        stored.append(target)
    return stored, refused
