"""What is stored, row by row: a passage's node (its text, offsets and metadata, as Chroma keeps
it through llama-index) and an article's row in the documents collection (its metadata and the
commit state). The pipeline writes these; the engine, the catalog and BM25 read them by these
names.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ingest.pipeline.plan import Planned
from ingest.settings import Settings
from ingest.text import entities
from ingest.text.chunk import Chunk
from ingest.text.dates import iso_date
from ingest.text.sentences import sentences_before

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode

# Chunk metadata an article may lack (`passage_nodes`): cleared explicitly when a chunk is updated.
CHUNK_OPTIONAL = (
    "source",
    "published_at",
    "date",
    "date_num",
    "url",
    "author",
    "before",
    "entities",
)


def passage_nodes(plan: Planned, settings: Settings) -> list[TextNode]:
    """The article's chunks as nodes: text, offsets, the sentence before each (for answers that
    need it), whether names are still to be found in it, and the article's metadata."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    article = plan.article
    shared = _without_none(
        {
            "doc_id": article.doc_id,
            "title": article.title,
            "source": article.source,
            "published_at": article.published_at,
            "date": iso_date(article.published_at),
            "date_num": _date_number(iso_date(article.published_at)),
            "url": article.url,
            "author": article.author,
        }
    )
    nodes = []
    before = sentences_before(article.body, [chunk.start for chunk in plan.chunks])
    # Names are found once the article is searchable (`ingest.pipeline.labelling`); until then a
    # passage is marked as waiting for them, and an answer finds them itself.
    waiting = {"entities": entities.WAITING} if settings.ingest.find_entities else {}
    for chunk, chunk_id, previous in zip(plan.chunks, plan.chunk_ids, before, strict=True):
        metadata = (
            _without_none(
                {
                    **shared,
                    "start": chunk.start,
                    "end": chunk.end,
                    "chunk_index": chunk.index,
                    "n_tokens": chunk.n_tokens,
                    "before": previous,
                }
            )
            | waiting
        )
        nodes.append(
            TextNode(
                id_=chunk_id,
                text=chunk.text,
                metadata=metadata,
                excluded_embed_metadata_keys=list(metadata),
                excluded_llm_metadata_keys=list(metadata),
                start_char_idx=chunk.start,
                end_char_idx=chunk.end,
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=article.doc_id)},
            )
        )
    return nodes


def document_row(plan: Planned, corrected: dict | None, state: str) -> dict[str, Any]:
    """An article's row in the documents collection; `state` is the commit record (pending or
    done, see `ingest.pipeline`)."""
    article = plan.article
    # None, not left out: the row is upserted, and Chroma keeps a field that is left out.
    return _empty_as_none(
        {
            "title": article.title,
            "subtitle": article.subtitle,
            "source": article.source,
            "url": article.url,
            "published_at": article.published_at,
            "date": iso_date(article.published_at),
            "author": article.author,
            "category": article.category,
            "captions": article.captions or None,
            "teasers": article.teasers or None,
            "location": article.location,
            "path": plan.path,
            "root": plan.root,
            "content_hash": plan.content_hash,
            "body_hash": plan.body_hash,
            "duplicate_of": plan.duplicate_of,
            "chunk_count": len(plan.chunk_ids),
            "minhash": None if plan.duplicate_of else plan.signature,
            "corrections": json.dumps(corrected) if corrected else None,
            "state": state,
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )


def chunk_ids(recipe: str, doc_id: str, chunks: list[Chunk]) -> list[str]:
    """Stable ids from the embedding recipe, the document id and the chunk's text (and how many
    identical chunks came before it in the same document)."""
    seen: dict[str, int] = defaultdict(int)
    ids = []
    for chunk in chunks:
        occurrence = seen[chunk.text]
        seen[chunk.text] += 1
        key = "\x00".join([recipe, doc_id, chunk.text, str(occurrence)])
        ids.append(hashlib.sha256(key.encode()).hexdigest()[:32])
    return ids


def mean_vector(vectors: list[list[float]]) -> list[float]:
    import numpy as np

    mean = np.mean(np.asarray(vectors, dtype=np.float32), axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    return (mean / norm).tolist()


def _date_number(iso: str | None) -> int | None:
    """20191120 for 2019-11-20: Chroma compares numbers, not strings, in range filters."""
    return int(iso.replace("-", "")) if iso else None


def _empty_as_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: None if v == "" else v for k, v in values.items()}


def _without_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ""}
