"""Sentences with their offsets: what a quote is cut from, and what ingest records as the sentence
before each passage (so "…who represents the firm" at the top of a passage is read with the
sentence about Hytera that ends the paragraph before it)."""

from __future__ import annotations

import bisect
import importlib.util
import re
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def sentence_tokenizer():
    """NLTK's trained English Punkt model, which llama-index ships in its package data.

    llama-index's own splitter uses an untrained Punkt that cuts after "Mr." and "U.S.", which
    would put half sentences in quotes; `ingest.text.chunk` gives it this one instead.
    """
    import llama_index.core

    bundled = Path(llama_index.core.__file__).parent / "_static" / "nltk_cache"
    with _nltk_parts():
        from nltk import data
        from nltk.tokenize.punkt import PunktTokenizer

        _without_wall_clock_limit()
        if str(bundled) not in data.path:
            data.path.append(str(bundled))
        return PunktTokenizer("english")


def _without_wall_clock_limit() -> None:
    """NLTK (3.10 on) runs every regular expression under a five-second wall-clock limit, a guard
    against patterns a caller supplies. Punkt's are NLTK's own, and linear; under the limit a long
    one-paragraph article failed to ingest whenever the machine was busy, and passed when it was
    idle. The article's size is bounded by `MAX_FILE_MB` instead, so the same file always gives
    the same result."""
    try:
        from nltk import redos
    except ImportError:  # an NLTK without the guard
        return
    redos.DEFAULT_TIMEOUT = None


@contextmanager
def _nltk_parts() -> Iterator[None]:
    """Import parts of NLTK without running `nltk/__init__.py`, which imports all of NLTK and
    SciPy's statistics (a second or more of every cold start) for one tokenizer. A placeholder
    parent package stands in while the parts load; all of it is taken away after, so a later
    `import nltk` elsewhere gets the real package."""
    if "nltk" in sys.modules:
        yield
        return
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("NLTK is missing: pip install nltk (it comes with llama-index)")
    placeholder = types.ModuleType("nltk")
    placeholder.__path__ = list(spec.submodule_search_locations)
    sys.modules["nltk"] = placeholder
    try:
        yield
    finally:
        # The parts loaded under the placeholder go too: a real `import nltk` loads its own
        # (a package only binds a submodule it loads itself); the tokenizer keeps these.
        for name in [n for n in sys.modules if n == "nltk" or n.startswith("nltk.")]:
            del sys.modules[name]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; sentences never cross a line break."""
    spans = []
    tokenizer = sentence_tokenizer()
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
