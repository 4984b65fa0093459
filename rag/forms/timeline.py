"""Timelines: what happened to a subject, oldest first, one cited sentence per article with the
article's date; the same event covered by several articles within days is one line.

"How has the strike developed?" asks for the order of events, which an overview (article by
article, the most relevant first) does not give. The sentences are chosen as an overview's
are (most about the subject, not repeating each other), one per article, then set in the order
of their articles' dates; undated articles come last. Another article's report of the same
event (dated within two days, saying nearly the same) is cited on the event's line.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from llama_index.core.schema import NodeWithScore

from ingest.settings import Settings
from rag.extractive.answer import Composition, Tools
from rag.extractive.candidates import Candidate
from rag.extractive.changes import published
from rag.forms import overview

SAME_EVENT_DAYS = 2  # articles this close, saying alike things, report one event
SAME_EVENT = 0.75  # cosine of their sentences


def timeline(
    topic: str, vector: list[float], hits: list[NodeWithScore], tools: Tools, settings: Settings
) -> Composition:
    composed = overview.overview(topic, vector, hits, tools, settings, per_article=1)
    composed.form = "timeline"
    if composed.abstained:
        return composed
    ordered = sorted(
        composed.chosen,
        key=lambda c: (published(c) is None, published(c) or date.min, c.start),
    )
    # Other articles' reports of the same event (the overview never takes a near-copy): cited
    # on the event's line.
    taken = {c.doc_id for c in ordered}
    others = [c for c in composed.pool if c.doc_id not in taken and published(c) is not None]
    vectors = np.asarray(tools.embed([c.text for c in [*ordered, *others]]))
    chosen: list[Candidate] = []
    items: list[tuple[str, int]] = []
    for index, candidate in enumerate(ordered):
        day = published(candidate)
        label = day.isoformat() if day else "undated"
        chosen.append(candidate)
        items.append((label, len(chosen) - 1))
        for position, other in enumerate(others, len(ordered)):
            if (
                day is not None
                and other.doc_id not in taken
                and abs((published(other) - day).days) <= SAME_EVENT_DAYS
                and float(vectors[position] @ vectors[index]) >= SAME_EVENT
            ):
                taken.add(other.doc_id)
                chosen.append(other)
                items.append((label, len(chosen) - 1))
    composed.chosen, composed.items, composed.summarised = chosen, items, None
    return composed
