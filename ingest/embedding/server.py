"""Embeddings from a server that speaks OpenAI's `/v1/embeddings`, for archives too big for a
laptop's cores: text-embeddings-inference, vLLM, Ollama, llama.cpp's server or a hosted API.

The official `openai` client does the HTTP: it retries rate limits (429), server errors (5xx),
timeouts and dropped connections with exponential back-off, `max_retries` times, and never
retries a refused key or a bad request. What it cannot fix becomes one `EmbeddingServerError`
naming the server and what to do, with the key never in it. Vectors are normalised here, as the
bundled model's are: citedesk scores meaning by dot products.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import PrivateAttr

from ingest.embedding.batch import BatchEmbedding
from ingest.store import EmbeddingServerError


class ServerEmbedding(BatchEmbedding):
    """A llama-index embedding model whose vectors come from an OpenAI-compatible server."""

    _client: Any = PrivateAttr()
    _base_url: str = PrivateAttr()
    _secret: str = PrivateAttr()

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None,
        batch_size: int,
        timeout_s: float,
        max_retries: int,
    ) -> None:
        from openai import OpenAI

        super().__init__(model_name=model, embed_batch_size=batch_size)
        self._base_url = base_url
        self._secret = api_key or ""
        self._client = OpenAI(
            base_url=base_url,
            api_key=api_key or "none",  # the client insists on one; local servers ignore it
            timeout=timeout_s,
            max_retries=max_retries,
        )

    @classmethod
    def class_name(cls) -> str:
        return "ServerEmbedding"

    def _embed(self, texts: list[str]) -> list[list[float]]:
        import openai

        where = f"The embedding server at {self._base_url} (model {self.model_name!r})"
        try:
            data = self._client.embeddings.create(model=self.model_name, input=texts).data
        except openai.APIStatusError as error:
            said = self._redacted(str(getattr(error, "message", "") or error))[:200]
            raise EmbeddingServerError(
                f"{where} answered HTTP {error.status_code}: {said}. Check "
                "CITEDESK_EMBEDDING__MODEL and CITEDESK_EMBEDDING__API_KEY; nothing stored was "
                "lost, and the next ingest goes on from there."
            ) from None
        except openai.APIConnectionError as error:  # refused, reset or timed out, after retries
            raise EmbeddingServerError(
                f"{where} cannot be reached ({type(error).__name__}). Start it, or set "
                "CITEDESK_EMBEDDING__BASE_URL; nothing stored was lost, and the next ingest goes "
                "on from there."
            ) from None
        vectors = [item.embedding for item in sorted(data, key=lambda item: item.index)]
        if len(vectors) != len(texts) or len({len(v) for v in vectors}) > 1:
            raise EmbeddingServerError(
                f"{where} returned {len(vectors)} vectors for {len(texts)} texts; it does not "
                "embed as OpenAI's /v1/embeddings does."
            )
        found = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(found, axis=1, keepdims=True)
        return (found / np.where(norms == 0, 1.0, norms)).tolist()

    def _redacted(self, text: str) -> str:
        return text.replace(self._secret, "[key]") if self._secret else text
