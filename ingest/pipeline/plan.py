"""What an ingest will change, decided from the stored document rows and the articles read, before
anything is written: pure functions, so every case (an edit, a deleted file, an interrupted
write, a duplicate whose kept copy goes away) is a row in a table test (`tests/test_plan.py`).
`ingest.pipeline` reads the inputs and carries the plan out under the commit protocol.

`stored` is the documents collection as `{doc_id: metadata}`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ingest.models import Article
from ingest.settings import Settings
from ingest.text.chunk import Chunk
from ingest.text.dedup import body_hash, signature

# Bump when cleaning or chunking changes what would be stored for the same file: every document
# is then re-processed (chunks whose text did not change keep their embeddings).
PIPELINE_VERSION = "3"

Stored = dict[str, dict[str, Any]]


@dataclass
class Planned:
    """One article to be written (or checked), with what identifies its stored version."""

    article: Article
    content_hash: str
    body_hash: str
    path: str
    root: str
    duplicate_of: str | None = None
    chunks: list[Chunk] = field(default_factory=list)
    chunk_ids: list[str] = field(default_factory=list)

    @functools.cached_property
    def signature(self) -> str:
        """MinHash of the body, computed once however often the row is written."""
        return signature(self.article.body)


@dataclass
class Removals:
    remove: set[str] = field(default_factory=set)
    repaired: list[str] = field(default_factory=list)  # interrupted writes, undone
    missing: list[str] = field(default_factory=list)  # files gone, kept without --prune


def plan_article(article: Article, path: Path, root: Path, settings: Settings) -> Planned:
    """The article with the hash of everything that decides what is stored for it: its fields,
    its file and the recipe (pipeline version, model, chunking, labelling)."""
    resolved = str(path.resolve())
    fields = asdict(article)
    fields.pop("location")
    fields.pop("dropped")
    if not fields["teasers"]:
        fields.pop("teasers")  # articles without teasers keep the hashes they were stored with
    recipe = [
        PIPELINE_VERSION,
        settings.embedding.identity,
        settings.ingest.chunk_size,
        settings.ingest.chunk_overlap,
        *(["packed"] if settings.ingest.chunk_pack else []),  # unchanged hashes by default
        settings.ingest.find_entities and settings.ingest.spacy_model,
        resolved,
    ]
    content = json.dumps([recipe, fields], sort_keys=True, ensure_ascii=False)
    return Planned(
        article=article,
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
        body_hash=body_hash(article.body),
        path=resolved,
        root=str(root.resolve()),
    )


def is_unchanged(stored: Stored, plan: Planned) -> bool:
    """Stored whole, from the same content, and (for a copy) its kept copy still holds."""
    row = stored.get(plan.article.doc_id)
    if not row or row.get("state") != "done" or row.get("content_hash") != plan.content_hash:
        return False
    canonical_id = row.get("duplicate_of")
    if not canonical_id:
        return True
    canonical = stored.get(canonical_id, {})
    return (
        canonical.get("state") == "done"
        and not canonical.get("duplicate_of")
        and canonical.get("body_hash") == plan.body_hash
    )


def removals(
    stored: Stored,
    read: Iterable[str],
    roots: list[Path],
    read_ok: set[str],
    prune: bool,
    exists: Callable[[Path], bool] = Path.exists,
) -> Removals:
    """Stored documents not among those `read` this time: an interrupted write whose article is
    gone is removed; an article whose file is gone from an ingested folder is removed with
    `prune`, else reported missing. `read_ok` holds the files read without error: a document
    that such a file no longer holds is gone too."""
    resolved_roots = [r.resolve() for r in roots]
    planned = set(read)
    found = Removals()
    for doc_id, row in stored.items():
        if doc_id in planned:
            continue
        path = Path(row.get("path", ""))
        under_roots = any(path == r or r in path.parents for r in resolved_roots)
        gone = not exists(path) or str(path) in read_ok
        if row.get("state") != "done" and (gone or not under_roots):
            found.remove.add(doc_id)
            found.repaired.append(doc_id)
        elif under_roots and gone:
            if prune:
                found.remove.add(doc_id)
            else:
                found.missing.append(doc_id)
    return found


def orphaned_copies(stored: Stored, to_write: dict[str, Planned], to_remove: set[str]) -> list[str]:
    """Copies (exact duplicates) whose kept article is removed or changes its body: they must
    stand on their own again, so they are written too."""
    lost = set(to_remove) | {
        doc_id
        for doc_id, plan in to_write.items()
        if stored.get(doc_id, {}).get("body_hash") not in (None, plan.body_hash)
    }
    return [
        doc_id
        for doc_id, row in stored.items()
        if row.get("duplicate_of") in lost and doc_id not in to_remove and doc_id not in to_write
    ]


def assign_duplicates(
    stored: Stored, to_write: dict[str, Planned], to_remove: set[str]
) -> list[tuple[str, str]]:
    """Sets `duplicate_of` on each article to write whose body is already kept (stored and
    staying, or written before it in id order); returns the (copy, kept) pairs."""
    kept_by_body = {
        row["body_hash"]: doc_id
        for doc_id, row in sorted(stored.items())
        if row.get("state") == "done"
        and not row.get("duplicate_of")
        and row.get("body_hash")
        and doc_id not in to_write
        and doc_id not in to_remove
    }
    pairs = []
    for doc_id in sorted(to_write):
        plan = to_write[doc_id]
        kept = kept_by_body.setdefault(plan.body_hash, doc_id)
        if kept != doc_id:
            plan.duplicate_of = kept
            pairs.append((doc_id, kept))
    return pairs
