"""Sentences with their offsets: what a quote is cut from, and what ingest records as the sentence
before each passage (so "…who represents the firm" at the top of a passage is read with the
sentence about Hytera that ends the paragraph before it)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _sentence_tokenizer():
    """NLTK's trained English Punkt model, which llama-index ships in its package data.

    llama-index's own splitter uses an untrained Punkt that cuts after "Mr." and "U.S.", which
    would put half sentences in quotes.
    """
    import llama_index.core
    import nltk
    from nltk.tokenize import PunktTokenizer

    bundled = str(Path(llama_index.core.__file__).parent / "_static" / "nltk_cache")
    if bundled not in nltk.data.path:
        nltk.data.path.append(bundled)
    return PunktTokenizer("english")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; sentences never cross a line break."""
    spans = []
    tokenizer = _sentence_tokenizer()
    for line in re.finditer(r"[^\n]+", text):
        for start, end in tokenizer.span_tokenize(line.group(0)):
            spans.append((line.start() + start, line.start() + end))
    return spans


def sentences_before(body: str, starts: list[int]) -> list[str]:
    """For each offset, the last sentence of `body` that ends at or before it ("" at the top)."""
    spans = sentence_spans(body)
    ends = [end for _, end in spans]
    before = []
    for start in starts:
        at = bisect.bisect_right(ends, start) - 1
        before.append(body[spans[at][0] : spans[at][1]] if at >= 0 else "")
    return before
