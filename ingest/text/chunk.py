"""Cut an article's body into passages of a few sentences, each with its exact offsets.

Passages follow the article's paragraphs: a news paragraph is already a unit of a few sentences,
so a citation points at something the writer meant to stand together, and an edit to one
paragraph re-embeds only that paragraph's passages. A short heading is kept with the paragraph it
introduces; a paragraph longer than `chunk_size` tokens is cut by llama-index's sentence-aware
splitter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from ingest.embedding import token_counter_for
from ingest.settings import Settings
from ingest.text.sentences import sentence_tokenizer

if TYPE_CHECKING:
    from llama_index.core.node_parser import SentenceSplitter

TokenCounter = Callable[[str], list[int]]

HEADING_MAX_TOKENS = 24
SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")")


@dataclass(frozen=True)
class Chunk:
    text: str
    start: int
    end: int
    index: int
    n_tokens: int


@lru_cache(maxsize=4)
def _splitter(chunk_size: int, chunk_overlap: int, model_folder: str) -> SentenceSplitter:
    """llama-index's sentence-aware splitter, cutting sentences with the trained Punkt model
    `ingest.text.sentences` uses: its default loads all of NLTK and SciPy's statistics (over a
    second of each ingest that meets a long paragraph) for a Punkt that cuts after "Mr."."""
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.node_parser.text.utils import split_by_sentence_tokenizer_internal

    return SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=min(chunk_overlap, chunk_size // 2),
        tokenizer=token_counter_for(model_folder),
        paragraph_separator="\n\n",
        chunking_tokenizer_fn=partial(
            split_by_sentence_tokenizer_internal, tokenizer=sentence_tokenizer()
        ),
    )


def chunk_body(
    body: str, settings: Settings, counted: dict[str, list[int]] | None = None
) -> list[Chunk]:
    """Passages with `body[chunk.start:chunk.end] == chunk.text` for every chunk.

    `counted` keeps each text's token ids: a paragraph is counted once although headings,
    packing, splitting and the chunk's own size all ask, and the ingest hands the ids of the
    passages to the embedding model instead of tokenizing them again."""
    folder = settings.embedding.resolved_model()
    count = _remembered(token_counter_for(folder), {} if counted is None else counted)
    window = settings.embedding.max_tokens - 2  # room for the model's [CLS] and [SEP]
    chunks: list[Chunk] = []
    sections = _sections(body, count)
    if settings.ingest.chunk_pack:
        sections = _packed(body, sections, count, settings.ingest.chunk_size)
    for heading_start, start, end in sections:
        text = body[start:end]
        if len(count(text)) <= settings.ingest.chunk_size:
            pieces = [(0, text)]
        else:
            splitter = _splitter(settings.ingest.chunk_size, settings.ingest.chunk_overlap, folder)
            pieces = _locate(text, splitter.split_text(text))
        for number, (offset, piece) in enumerate(pieces):
            begin = start + offset
            if number == 0 and heading_start is not None:
                with_heading = body[heading_start : begin + len(piece)]
                if len(count(with_heading)) <= window:
                    begin, piece = heading_start, with_heading
            chunks.append(Chunk(piece, begin, begin + len(piece), len(chunks), len(count(piece))))
    return chunks


def _remembered(count: TokenCounter, counted: dict[str, list[int]]) -> TokenCounter:
    def remembered(text: str) -> list[int]:
        ids = counted.get(text)
        if ids is None:
            ids = counted[text] = count(text)
        return ids

    return remembered


def _sections(body: str, count: TokenCounter) -> list[tuple[int | None, int, int]]:
    """Paragraph spans as (start of the headings before it, start, end)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", body)]
    sections: list[tuple[int | None, int, int]] = []
    heading: int | None = None
    for start, end in spans:
        if _is_heading(body[start:end], count):
            heading = start if heading is None else heading
            continue
        sections.append((heading, start, end))
        heading = None
    if heading is not None:  # headings closing the body stand on their own
        sections.append((None, heading, spans[-1][1]))
    return sections


def _packed(
    body: str, sections: list[tuple[int | None, int, int]], count: TokenCounter, size: int
) -> list[tuple[int | None, int, int]]:
    """Consecutive paragraphs joined while they fit in `size` tokens: news paragraphs are a
    sentence or two, so one passage per paragraph made six to thirteen times the stock
    pipeline's chunks. A heading starts a new passage; a paragraph over `size` stays alone (and
    is split)."""
    packed: list[tuple[int | None, int, int]] = []
    for heading, start, end in sections:
        if packed and heading is None:
            first_heading, first_start, _ = packed[-1]
            begin = first_start if first_heading is None else first_heading
            if len(count(body[begin:end])) <= size:
                packed[-1] = (first_heading, first_start, end)
                continue
        packed.append((heading, start, end))
    return packed


def _is_heading(text: str, count: TokenCounter) -> bool:
    return not text.rstrip().endswith(SENTENCE_END) and len(count(text)) <= HEADING_MAX_TOKENS


def _locate(text: str, pieces: list[str]) -> list[tuple[int, str]]:
    """Where each split piece sits in `text`; overlapping pieces are searched from the previous
    piece's start, and a piece whose whitespace the splitter changed is matched loosely."""
    located = []
    cursor = 0
    for piece in pieces:
        start = text.find(piece, cursor)
        if start < 0:
            pattern = r"\s+".join(re.escape(word) for word in piece.split())
            match = re.compile(pattern).search(text, cursor) if pattern else None
            if match is None:
                continue
            start, piece = match.start(), match.group(0)
        located.append((start, piece))
        cursor = start + 1
    return located
