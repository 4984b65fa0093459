"""Hybrid retrieval: dense search in Chroma fused with BM25 by weighted reciprocal rank fusion,
through llama-index's retriever abstractions, with metadata filters applied to both."""

from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any

from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TransformComponent
from llama_index.core.vector_stores.types import (
    FilterOperator,
    MetadataFilter,
    MetadataFilters,
)
from llama_index.core.vector_stores.utils import build_metadata_filter_fn
from llama_index.retrievers.bm25 import BM25Retriever

from ingest import bm25
from ingest.settings import Settings
from ingest.store import Store
from rag.models import Filters


def to_metadata_filters(filters: Filters | None) -> MetadataFilters | None:
    """Our filters in llama-index's vocabulary, which both Chroma and BM25 understand."""
    if filters is None or filters.is_empty():
        return None
    parts = []
    if filters.doc_ids:
        parts.append(
            MetadataFilter(key="doc_id", value=filters.doc_ids, operator=FilterOperator.IN)
        )
    if filters.sources:
        parts.append(
            MetadataFilter(key="source", value=filters.sources, operator=FilterOperator.IN)
        )
    if filters.date_from:
        value = int(filters.date_from.strftime("%Y%m%d"))
        parts.append(MetadataFilter(key="date_num", value=value, operator=FilterOperator.GTE))
    if filters.date_to:
        value = int(filters.date_to.strftime("%Y%m%d"))
        parts.append(MetadataFilter(key="date_num", value=value, operator=FilterOperator.LTE))
    return MetadataFilters(filters=parts)


class WeightedRankFusionRetriever(QueryFusionRetriever):
    """Reciprocal rank fusion with one weight per retriever.

    llama-index's own RRF ignores `retriever_weights` and identifies nodes by a hash of text and
    metadata; this keys by node id, so the same chunk from Chroma and from BM25's snapshot always
    counts once, and weighs each retriever's vote.
    """

    def __init__(self, *args, rank_constant: float = 60.0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rank_constant = rank_constant

    def _reciprocal_rerank_fusion(self, results: dict) -> list[NodeWithScore]:
        fused: dict[str, float] = {}
        nodes: dict[str, NodeWithScore] = {}
        for (_, index), found in results.items():
            weight = self._retriever_weights[index]
            ordered = sorted(found, key=lambda hit: hit.score or 0.0, reverse=True)
            for rank, hit in enumerate(ordered):
                node_id = hit.node.node_id
                nodes.setdefault(node_id, hit)
                fused[node_id] = fused.get(node_id, 0.0) + weight / (self.rank_constant + rank + 1)
        ranked = sorted(fused, key=lambda node_id: fused[node_id], reverse=True)
        return [NodeWithScore(node=nodes[i].node, score=fused[i]) for i in ranked]


class PositiveScores(BaseRetriever):
    """BM25 fills its top k with masked or term-less chunks scored 0; they are not matches and
    must not earn a rank in the fusion."""

    def __init__(self, inner: BaseRetriever) -> None:
        super().__init__()
        self.inner = inner

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [hit for hit in self.inner.retrieve(query_bundle) if (hit.score or 0) > 0]


class _FilteredBM25:
    """BM25 restricted per query: llama-index's BM25Retriever takes filters only when built, so
    each filtered query gets a shallow copy with its own weight mask (cached per filter)."""

    def __init__(self, retriever: BM25Retriever) -> None:
        self.retriever = retriever
        self._masks: OrderedDict[str, list[int]] = OrderedDict()

    def view(self, filters: MetadataFilters | None, top_k: int) -> BM25Retriever:
        view = copy.copy(self.retriever)
        view.similarity_top_k = min(top_k, len(self.retriever.corpus))
        if filters is None:
            return view
        key = filters.model_dump_json()
        if key not in self._masks:
            corpus = self.retriever.corpus
            keep = build_metadata_filter_fn(lambda i: corpus[int(i)], filters)
            self._masks[key] = [int(keep(str(i))) for i in range(len(corpus))]
            if len(self._masks) > 64:
                self._masks.popitem(last=False)
        view.corpus_weight_mask = self._masks[key]
        return view


class _ReadOnly(TransformComponent):
    """The search index's only transformation: it never ingests (`ingest.pipeline` does). Given
    none, llama-index builds its default splitter, loading a tiktoken vocabulary (a quarter of
    a second of every cold start) for nothing."""

    def __call__(self, nodes: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the search index is read-only; add articles with `citedesk ingest`")


class HybridSearch:
    """Dense + BM25 over the chunks of one store. Build once per process; `search` per question."""

    def __init__(self, store: Store, settings: Settings, embed_model: BaseEmbedding) -> None:
        self.store = store
        self.settings = settings
        self.embed_model = embed_model
        self.generation = 0
        self._load()

    def _load(self) -> None:
        self.index = VectorStoreIndex.from_vector_store(
            self.store.vector_store(), embed_model=self.embed_model, transformations=[_ReadOnly()]
        )
        loaded = bm25.load(self.store)
        self.bm25 = _FilteredBM25(loaded) if loaded is not None else None
        self._fingerprint = bm25.saved_fingerprint(self.store)
        self._chunk_count = self.store.chunks().count()
        self._epoch = self.store.epoch
        self.generation += 1

    def stale(self) -> bool:
        """Whether an ingest committed since the last load, in this process or another."""
        return (
            self.store.changed_elsewhere()
            or self._epoch != self.store.epoch
            or bm25.saved_fingerprint(self.store) != self._fingerprint
            or self.store.chunks().count() != self._chunk_count
        )

    def reload(self) -> None:
        if self.store.changed_elsewhere():
            self.store.reopen()
        self._load()

    def search(
        self, query: QueryBundle, filters: Filters | None, top_k: int
    ) -> list[NodeWithScore]:
        metadata_filters = to_metadata_filters(filters)
        depth = max(top_k, self.settings.retrieval.fusion_depth)
        retrievers = [self.index.as_retriever(similarity_top_k=depth, filters=metadata_filters)]
        weights = [self.settings.retrieval.dense_weight]
        if self.bm25 is not None:
            retrievers.append(PositiveScores(self.bm25.view(metadata_filters, depth)))
            weights.append(self.settings.retrieval.bm25_weight)
        fusion = WeightedRankFusionRetriever(
            retrievers,
            llm=MockLLM(),  # never called: num_queries=1 means no generated queries
            mode="reciprocal_rerank",
            similarity_top_k=top_k,
            num_queries=1,
            use_async=False,
            retriever_weights=weights,
            rank_constant=self.settings.retrieval.fusion_rank_constant,
        )
        return fusion.retrieve(query)
