"""The embedding model and its tokenizer, loaded once per process from a local folder.

The room of the embedding backends: `onnx` (the bundled model, no torch), `server` (OpenAI's
`/v1/embeddings`), both on `batch`'s one-method base.
May import: `ingest.store`, `ingest.settings`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.settings import Settings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding


@lru_cache(maxsize=4)
def _load_embed_model(folder: str, batch_size: int, max_tokens: int) -> BaseEmbedding:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    if not Path(folder).is_dir():
        raise RuntimeError(
            f"Embedding model folder {folder} does not exist; set CITEDESK_EMBED_MODEL to a local "
            "sentence-transformers folder (nothing is downloaded at run time)."
        )
    return HuggingFaceEmbedding(
        model_name=folder,
        device="cpu",
        embed_batch_size=batch_size,
        max_length=max_tokens,
        normalize=True,
        show_progress_bar=False,
    )


@lru_cache(maxsize=4)
def _load_onnx_model(
    model_file: str, folder: str, batch_size: int, max_tokens: int, threads: int
) -> BaseEmbedding:
    from ingest.embedding.onnx import OnnxEmbedding

    return OnnxEmbedding(
        Path(model_file),
        Path(folder),
        max_tokens,
        threads,
        embed_batch_size=batch_size,
    )


@lru_cache(maxsize=4)
def _load_server_model(
    base_url: str, model: str, key: str | None, batch_size: int, timeout_s: float, retries: int
) -> BaseEmbedding:
    from ingest.embedding.server import ServerEmbedding

    return ServerEmbedding(base_url, model, key, batch_size, timeout_s, retries)


def load_embed_model(settings: Settings) -> BaseEmbedding:
    """The configured embedding backend: onnxruntime over a cached export (default; no torch
    in the process), sentence-transformers on torch, or an OpenAI-compatible server. One model
    a process: an ingest run by the chat embeds with the model its questions use."""
    embedding = settings.embedding
    if embedding.backend == "openai-compatible":
        key = embedding.api_key.get_secret_value() if embedding.api_key else None
        return _load_server_model(
            embedding.base_url or "",
            embedding.model,
            key,
            embedding.batch_size,
            embedding.timeout_s,
            embedding.max_retries,
        )
    folder = embedding.resolved_model()
    if embedding.backend == "onnx":
        from ingest.embedding.onnx import onnx_file

        return _load_onnx_model(
            str(onnx_file(settings)),
            folder,
            embedding.batch_size,
            embedding.max_tokens,
            embedding.threads,
        )
    return _load_embed_model(folder, embedding.batch_size, embedding.max_tokens)


@lru_cache(maxsize=4)
def token_counter_for(folder: str) -> Callable[[str], list[int]]:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(folder) / "tokenizer.json"))
    # The shipped tokenizer truncates at 128 tokens, which would hide over-long chunks.
    tokenizer.no_truncation()
    tokenizer.no_padding()

    def encode(text: str) -> list[int]:
        return tokenizer.encode(text, add_special_tokens=False).ids

    return encode


def load_token_counter(settings: Settings) -> Callable[[str], list[int]]:
    """The embedding model's own tokenizer, so chunk sizes are measured in the tokens that
    count against its input window."""
    return token_counter_for(settings.embedding.resolved_model())
