"""Cut an article's body into passages of a few sentences, each with its exact offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.embedding import load_token_counter, token_counter_for
from ingest.settings import Settings


@dataclass(frozen=True)
class Chunk:
    text: str
    start: int
    end: int
    index: int
    n_tokens: int


@lru_cache(maxsize=4)
def _splitter(chunk_size: int, chunk_overlap: int, model_folder: str):
    from llama_index.core.node_parser import SentenceSplitter

    return SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=min(chunk_overlap, chunk_size // 2),
        tokenizer=token_counter_for(model_folder),
        paragraph_separator="\n\n",
    )


def chunk_body(body: str, settings: Settings) -> list[Chunk]:
    """Split with llama-index's sentence-aware splitter, then locate every chunk in the body.

    Offsets are found by searching forward from the previous chunk's start (chunks overlap), so
    `body[chunk.start:chunk.end] == chunk.text` always holds.
    """
    splitter = _splitter(
        settings.chunk_size, settings.chunk_overlap, settings.resolved_embed_model()
    )
    counter = load_token_counter(settings)
    chunks: list[Chunk] = []
    cursor = 0
    for text in splitter.split_text(body):
        start = body.find(text, cursor)
        if start < 0:
            start, text = _locate_loosely(body, text, cursor)
        if start < 0:
            continue
        chunks.append(Chunk(text, start, start + len(text), len(chunks), len(counter(text))))
        cursor = start + 1
    return chunks


def _locate_loosely(body: str, text: str, cursor: int) -> tuple[int, str]:
    """Find a chunk whose whitespace the splitter changed, returning the body's own span."""
    words = text.split()
    if not words:
        return -1, text
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.compile(pattern).search(body, cursor) or re.compile(pattern).search(body)
    if match is None:
        return -1, text
    return match.start(), match.group(0)
