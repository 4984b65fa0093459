"""Synthetic corpora for the scale rows: many copies of a real one that citedesk cannot store
once."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path


def scaled_corpus(corpus: Path, factor: int, workdir: Path) -> Path:
    """`factor` copies of the corpus with new ids, each copy's words shuffled within each
    sentence: the same vocabulary and sizes, but neither exact nor near duplicates (which
    citedesk would store once), so every copy is really chunked, embedded and searched."""
    from ingest.readers.loaders import read_file, scan

    target = workdir / f"corpus-x{factor}.jsonl"
    if target.exists():
        return target
    records = []
    for path, doc_id in scan([corpus]).files:
        for record in read_file(path, doc_id, 10**9):
            if hasattr(record, "text"):
                records.append(record)
    with target.open("w", encoding="utf-8") as output:
        for copy in range(factor):
            shuffle = random.Random(copy)
            for record in records:
                body = record.text if copy == 0 else _shuffled(record.text, shuffle)
                output.write(
                    json.dumps(
                        {
                            "title": record.title or record.doc_id,
                            "body": body,
                            "url": record.doc_id if copy == 0 else f"{record.doc_id}?copy={copy}",
                            "source": record.source,
                            "published_at": record.published_at,
                        }
                    )
                    + "\n"
                )
    return target


def _shuffled(text: str, shuffle: random.Random) -> str:
    """The words of each sentence in another order; lines and paragraphs stay as they are, so
    a copy is cut into passages as its original is."""
    lines = []
    for line in text.split("\n"):
        sentences = []
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            words = sentence.split()
            shuffle.shuffle(words)
            sentences.append(" ".join(words))
        lines.append(" ".join(sentences))
    return "\n".join(lines)
