"""Sentence splitting at ingest gives the same result however busy the machine is."""

from __future__ import annotations

from ingest.text.sentences import sentence_spans, sentence_tokenizer


def test_punkt_runs_without_a_wall_clock_limit():
    """NLTK 3.10 runs its regular expressions under a five-second wall-clock limit: a
    one-paragraph article of a megabyte took three seconds on an idle machine and failed on a
    busy one. Punkt's patterns are NLTK's own; the limit is off for them."""
    punkt = type(sentence_tokenizer()).span_tokenize.__globals__
    assert punkt["redos"].DEFAULT_TIMEOUT is None


def test_a_long_single_line_is_split_into_its_sentences():
    assert len(sentence_spans("A very long line about ports. " * 2_000)) == 2_000
