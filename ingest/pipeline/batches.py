"""A batch of articles on its way into the store: formed before chunking, chunked and labelled,
then embedded. `ingest.pipeline` runs these stages side by side (`ingest.pipeline.overlap`) and writes
each batch under the commit protocol."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from ingest.pipeline.rows import chunk_ids, passage_nodes
from ingest.text.chunk import chunk_body

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import TextNode

    from ingest.models import IngestReport
    from ingest.pipeline.plan import Planned
    from ingest.settings import Settings


Item = TypeVar("Item")


@dataclass
class Prepared:
    """A batch of documents ready to embed and store."""

    plans: list[Planned]
    new_nodes: list[TextNode] = field(default_factory=list)
    kept_nodes: list[TextNode] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # stored chunk ids no longer in the articles
    token_ids: dict[str, list[int]] = field(default_factory=dict)  # counted when chunked


def form_batches(plans: list[Planned], settings: Settings) -> list[list[Planned]]:
    """Documents in groups of about `ingest.batch_chunks` chunks, counted before chunking
    (chunking is done batch by batch, beside the embedding): a news passage is a paragraph,
    or a part of one longer than `chunk_size` tokens (about four characters each)."""

    def passages(plan: Planned) -> int:
        body = plan.article.body
        return max(body.count("\n\n") + 1, len(body) // (4 * settings.ingest.chunk_size))

    return grouped(plans, passages, settings.ingest.batch_chunks)


def grouped(items: list[Item], size: Callable[[Item], int], limit: int) -> list[list[Item]]:
    """Items in order, a new group begun once a group holds `limit` (by `size`) or more: how
    an ingest batches its documents (and the bench's model-alone run, the same passages)."""
    groups: list[list[Item]] = [[]]
    held = 0
    for item in items:
        if held >= limit:
            groups.append([])
            held = 0
        groups[-1].append(item)
        held += size(item)
    return groups


def prepare(batch: list[Planned], existing: dict[str, set[str]], settings: Settings) -> Prepared:
    """A batch's chunks as nodes (labelled), split into those to embed and those already
    stored (`existing`: chunk ids by document)."""
    prepared = Prepared(batch)
    counted: dict[str, list[int]] = {}
    for plan in batch:
        plan.chunks = chunk_body(plan.article.body, settings, counted)
        plan.chunk_ids = chunk_ids(settings.embedding.identity, plan.article.doc_id, plan.chunks)
        had = existing.get(plan.article.doc_id, set())
        for node in passage_nodes(plan, settings):
            (prepared.kept_nodes if node.node_id in had else prepared.new_nodes).append(node)
        prepared.stale.extend(sorted(had - set(plan.chunk_ids)))
    prepared.token_ids = {n.text: counted[n.text] for n in prepared.new_nodes if n.text in counted}
    return prepared


def embed(prepared: Prepared, model: BaseEmbedding, report: IngestReport) -> None:
    """Embed the batch's new chunks, each distinct text once (syndicated paragraphs repeat),
    in order of length: the model runs texts of one length together, and pads a batch to its
    longest. The time and the tokens go to `report`. The local model takes the token ids
    counted when the batch was chunked (each passage's text is what it embeds)."""
    from llama_index.core.schema import MetadataMode

    from ingest.embedding.onnx import OnnxEmbedding

    started = time.perf_counter()
    by_text: dict[str, list[TextNode]] = defaultdict(list)
    for node in prepared.new_nodes:
        by_text[node.get_content(metadata_mode=MetadataMode.EMBED)].append(node)
    texts = sorted(by_text, key=lambda t: int(by_text[t][0].metadata["n_tokens"]))
    ids = [prepared.token_ids.get(text) for text in texts]
    prepared.token_ids = {}
    if isinstance(model, OnnxEmbedding) and all(sequence is not None for sequence in ids):
        vectors = model.embed_token_ids(ids)  # type: ignore[arg-type]
    else:
        vectors = model.get_text_embedding_batch(texts)
    for text, vector in zip(texts, vectors, strict=True):
        for node in by_text[text]:
            node.embedding = vector
    report.embed_seconds += time.perf_counter() - started
    report.embedded_chunks += len(texts)
    report.embedded_tokens += sum(int(by_text[t][0].metadata["n_tokens"]) for t in texts)
