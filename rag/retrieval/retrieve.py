"""Hybrid retrieval: dense search in Chroma fused with BM25 by weighted reciprocal rank fusion,
through llama-index's retriever abstractions, with metadata filters applied to both."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np
import Stemmer
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
from llama_index.core.vector_stores.utils import metadata_dict_to_node

from ingest.settings import Settings
from ingest.store import Store, bm25
from rag.models import Filters

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

STEMMER = Stemmer.Stemmer("english")


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


class BM25Hits(BaseRetriever):
    """One query's BM25 search (`ingest.store.bm25.ChunkIndex`), restricted by a row mask; the hits'
    texts and metadata are read from Chroma (the index keeps none). Chunks scored 0 (masked,
    or sharing no term with the query) are not matches and earn no rank in the fusion. The
    query is tokenized as llama-index's `BM25Retriever` does, so the scores are its scores."""

    def __init__(
        self, index: bm25.ChunkIndex, chunks: Collection, mask: np.ndarray | None, top_k: int
    ):
        super().__init__()
        self.index, self.chunks, self.mask, self.top_k = index, chunks, mask, top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        import bm25s

        tokens = bm25s.tokenize(
            query_bundle.query_str,
            stemmer=STEMMER,
            token_pattern=bm25.TOKEN_PATTERN,
            show_progress=False,
        )
        k = min(self.top_k, len(self.index.chunk_ids))
        rows, scores = self.index.bm25.retrieve(
            tokens, k=k, show_progress=False, weight_mask=self.mask
        )
        found = [(int(r), float(v)) for r, v in zip(rows[0], scores[0], strict=True) if v > 0]
        if not found:
            return []
        ids = [self.index.chunk_id(row) for row, _ in found]
        got = self.chunks.get(ids=ids, include=["documents", "metadatas"])
        nodes = {
            chunk_id: metadata_dict_to_node(metadata or {}, text=text)
            for chunk_id, text, metadata in zip(
                got["ids"], got["documents"], got["metadatas"], strict=True
            )
        }
        return [
            NodeWithScore(node=nodes[chunk_id], score=score)
            for chunk_id, (_, score) in zip(ids, found, strict=True)
            if chunk_id in nodes
        ]


class _FilteredBM25:
    """BM25 restricted per query by the question's filters, as a mask over the index's rows
    (cached per filter). `chunks` is the collection the hits are read from, opened with the
    index (opening it per query cost two calls to the store)."""

    def __init__(self, index: bm25.ChunkIndex, chunks: Collection) -> None:
        self.index = index
        self.chunks = chunks
        self._masks: OrderedDict[str, np.ndarray] = OrderedDict()

    def view(self, filters: MetadataFilters | None, top_k: int) -> BM25Hits:
        if filters is None:
            return BM25Hits(self.index, self.chunks, None, top_k)
        key = filters.model_dump_json()
        if key not in self._masks:
            self._masks[key] = _mask(self.index, filters)
            if len(self._masks) > 64:
                self._masks.popitem(last=False)
        return BM25Hits(self.index, self.chunks, self._masks[key], top_k)


def _mask(index: bm25.ChunkIndex, filters: MetadataFilters) -> np.ndarray:
    """1 for the rows the filters keep, 0 for the others: `to_metadata_filters`' filters (an
    article, an outlet among some; a date from, to), a row without a date never in a range."""
    keep = np.ones(len(index.chunk_ids), dtype=bool)
    columns = {
        "doc_id": (index.articles, index.article_of),
        "source": (index.outlets, index.outlet_of),
    }
    for condition in filters.filters:
        if condition.key in columns and condition.operator == FilterOperator.IN:
            names, of_row = columns[condition.key]
            wanted = np.flatnonzero(np.isin(names, [str(v) for v in condition.value]))
            keep &= np.isin(of_row, wanted)
        elif condition.key == "date_num" and condition.operator == FilterOperator.GTE:
            keep &= (index.date_nums > 0) & (index.date_nums >= condition.value)
        elif condition.key == "date_num" and condition.operator == FilterOperator.LTE:
            keep &= (index.date_nums > 0) & (index.date_nums <= condition.value)
        else:
            raise ValueError(f"BM25 cannot filter on {condition.key} {condition.operator}")
    return keep.astype(np.float32)


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
        self.bm25 = _FilteredBM25(loaded, self.store.chunks()) if loaded is not None else None
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
            retrievers.append(self.bm25.view(metadata_filters, depth))
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
