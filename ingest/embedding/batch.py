"""A llama-index embedding model defined by one method: `_embed(texts) -> vectors`.

citedesk's own backends (onnxruntime over a local export, an OpenAI-compatible server) embed a
batch at once; llama-index asks for queries, texts and batches, synchronously and not. Each of
those is the batch method here, once.
"""

from __future__ import annotations

from abc import abstractmethod

from llama_index.core.base.embeddings.base import BaseEmbedding


class BatchEmbedding(BaseEmbedding):
    @abstractmethod
    def _embed(self, texts: list[str]) -> list[list[float]]:
        """One vector per text, in order."""

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embed([query])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)
