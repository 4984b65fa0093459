"""Which article is longer: "Which of the two articles is longer?", and an article named by its
length ("why the longer article thinks the worries are justified").

An article's length is its own words as stored, its passages: not its photo captions or the other
stories' teasers under "Similar articles", which are stored apart. Only a few articles are compared
(`FEW`): each is read whole, and in a larger library "the longer article" names none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from llama_index.core.schema import NodeWithScore

from ingest.store.catalog import DocumentInfo
from rag.extractive.answer import Composition
from rag.forms.about import header_candidate

LONGER = {"longer": True, "longest": True, "shorter": False, "shortest": False}
BY_LENGTH = re.compile(rf"^(?P<word>{'|'.join(LONGER)})(?: one)?$", re.I)
FEW = 5
Passages = Callable[[list[str]], list[NodeWithScore]]


def word_counts(documents: list[DocumentInfo], passages_of: Passages) -> Counter[str]:
    """Each article's words, from one read of its stored passages."""
    counts: Counter[str] = Counter()
    for hit in passages_of([d.doc_id for d in documents]):
        counts[hit.node.metadata.get("doc_id", "")] += len(hit.node.get_content().split())
    return counts


def _ranked(
    word: str, documents: list[DocumentInfo], passages_of: Passages
) -> tuple[list[DocumentInfo], Counter[str], bool]:
    """The articles, the one `word` asks for ("longer", "shortest") first; their word counts; and
    whether the first two are as long."""
    counts = word_counts(documents, passages_of)
    ranked = sorted(documents, key=lambda d: counts[d.doc_id], reverse=LONGER[word.lower()])
    return ranked, counts, counts[ranked[0].doc_id] == counts[ranked[1].doc_id]


def by_length(
    topic: str, documents: list[DocumentInfo], passages_of: Passages
) -> DocumentInfo | None:
    """The article "the longer one" names among the few listed; None when the topic is not a
    length, the library is not a few articles, or two are as long."""
    found = BY_LENGTH.match(" ".join(topic.lower().split()))
    listed = [d for d in documents if not d.duplicate_of]
    if found is None or not 2 <= len(listed) <= FEW:
        return None
    ranked, _, tied = _ranked(found["word"], listed, passages_of)
    return None if tied else ranked[0]


def which_is(
    word: str,
    scope: list[DocumentInfo] | None,
    passages_of: Passages,
    metadata_of: Callable[[str], dict[str, Any] | None],
) -> Composition:
    """Each article in scope (those the chat's filters admit: `listing.admitted_articles`) with its
    length in words, the `word` asked for ("longer", "shortest") first, each cited by its header."""
    word = word.lower()
    if scope is None or not 2 <= len(scope) <= FEW:
        return Composition(
            "refused",
            form="about",
            intro=f"Lengths are compared among two to {FEW} articles: pick them in the article list.",
        )
    ranked, counts, tied = _ranked(word, scope, passages_of)
    headers = [m for d in ranked if (m := metadata_of(d.doc_id))]
    if len(headers) != len(ranked):
        return Composition("refused", form="about")
    chosen = [header_candidate(m) for m in headers]
    for rank, candidate in enumerate(chosen):
        candidate.rank = rank
    first = f'"{ranked[0].title or ranked[0].doc_id}"'
    lead = "None is longer than the others" if tied else f"{first} is the {word}"
    intro = f"{lead}, counting each article's own text (not captions or other stories' teasers):"
    items = [
        (f"{d.title or d.doc_id}: {counts[d.doc_id]:,} words", n) for n, d in enumerate(ranked)
    ]
    return Composition("answer", chosen, form="headers", intro=intro, items=items)
