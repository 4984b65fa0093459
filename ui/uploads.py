"""Files dropped in the chat: kept inside the upload area, whatever their names say."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.models import Problem

UPLOAD_FOLDER = "uploads"


def safe_name(name: str) -> str:
    """A plain file name: no folders (`../../x` and `/etc/x` become `x`), no control characters,
    no leading dots."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base or "upload.txt"


def store_uploads(files: list[str], area: Path) -> tuple[list[Path], list[Problem]]:
    """Copy uploaded temp files into `area/uploads/`; refuse types ingest cannot read."""
    folder = area / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stored, refused = [], []
    for original in files:
        name = safe_name(Path(original).name)
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            refused.append(Problem(name, f"not an article file; citedesk reads {kinds}"))
            continue
        target = folder / name
        if folder.resolve() not in target.resolve().parents:
            refused.append(Problem(name, "file name points outside the upload area"))
            continue
        shutil.copyfile(original, target)
        stored.append(target)
    return stored, refused
