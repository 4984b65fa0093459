"""Settings of generative answers: the backend, its server and model (`CITEDESK_LLM__*`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr


class LLMSettings(BaseModel):
    """Generative answers (optional): any OpenAI-compatible server, or Ollama; every reply is
    checked against its passages before it is shown."""

    backend: Literal["none", "openai-compatible", "ollama"] = Field(
        "none", description="Answer with a language model instead of quoting sentences."
    )
    base_url: str | None = Field(None, description="e.g. http://127.0.0.1:8080/v1")
    model: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = Field(
        30.0, gt=0, description="How long one read from the model's server may wait."
    )
    deadline_s: float = Field(
        60.0, gt=0, description="The whole reply must arrive within this; else sources are quoted."
    )
    max_reply_chars: int = Field(
        20_000, ge=100, description="A longer reply is cut off and sources are quoted instead."
    )
    max_tokens: int = Field(300, ge=16)
    verify_min_similarity: float = Field(
        0.5, description="A cited claim needs this similarity to a sentence of its passage..."
    )
    verify_min_overlap: float = Field(
        0.5, description="...and this share of its key words in the passage, to count as verified."
    )
