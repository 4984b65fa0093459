"""Settings of the trained reader: which model, its window, and how much it moves the passages
read (`CITEDESK_READER__*`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class ReaderSettings(BaseModel):
    """The trained reader (`rag.reader`): the model that points at the answer inside a passage,
    or says the passage does not hold one."""

    model: Path | None = Field(
        None,
        description="A folder with model.onnx and tokenizer.json (an extractive QA export whose "
        "first token is the no-answer choice); unset: the bundled reader.",
    )
    max_tokens: int = Field(
        192, ge=32, le=512, description="The window the reader reads: question and passage."
    )
    stride: int = Field(64, ge=0, description="Tokens two windows of a longer passage share.")
    max_answer_tokens: int = Field(30, ge=1, description="The longest span it may answer.")
    threads: int = Field(
        0, ge=0, description="Windows read at once, one core each; 0: one per core."
    )
    passages: int = Field(
        8, ge=1, description="How many of the retrieved passages the reader reads per answer."
    )
    rerank_weight: float = Field(
        0.75,
        ge=0,
        description="How much the reader's case that a passage answers moves it up the passages "
        "read for a fact (0: the search's order).",
    )
    sentence_weight: float = Field(
        1.0, ge=0, description="For a sentence holding a span, times the span's probability."
    )
    min_probability: float = Field(
        0.05, ge=0, le=1, description="A span the reader gives less is not an answer."
    )
    kind_weight: float = Field(
        0.2,
        ge=0,
        description="For a span that is itself the kind of thing asked for (a figure for 'how "
        "many'), times how well its kind fits: 'lots' is a span, not a count.",
    )
    agreement_bonus: float = Field(
        0.25, ge=0, description="Per further article giving the same answer (two at most)."
    )
