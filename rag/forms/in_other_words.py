"""Articles that speak of a subject in other words: "which story talks about wildfire
monitoring?" where the article says "drones … for use in monitoring forest fires".

A list of articles that mention something searches their words first (`rag.forms.listing`);
when no passage holds them, the passages closest in meaning are offered instead of a refusal,
said as such and tentative, one sentence an article. A name no article uses ("Tesla") is not
looked for by meaning: something else close to it is not it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from llama_index.core.schema import NodeWithScore

from rag.extractive.answer import Composition, candidates
from rag.extractive.candidates import Candidate
from rag.words import text as lang

# The cosine of the subject and a sentence from which the sentence is taken to be about it;
# lower when the sentence shares one of its words. Set on 20 subjects said in other words and
# 20 the seed articles never speak of (session of 2026-12-06, fitted, not a result): the
# absent ones' closest sentences reached 0.35 at most and shared none of their words; 15 of the
# 20 said otherwise reached 0.40, or 0.30 with a word in common.
ALONE = 0.40
WITH_A_WORD = 0.30
MOST_ARTICLES = 3
# A subject is a few words naming something, not a clause the question's wording left in it
# ("specific companies and which doesn't"): that is looked for by its words only.
MOST_WORDS = 5
CLAUSE = re.compile(r"\b(?:which|what|who|whom|whose|where|when|why|how|not)\b|n't\b", re.I)


def looked_for_by_meaning(subject: str) -> bool:
    """A few words naming something: worth a search by meaning."""
    return bool(subject) and len(subject.split()) <= MOST_WORDS and not CLAUSE.search(subject)


def closest_in_meaning(
    subject: str,
    hits: list[NodeWithScore],
    embed: Callable[[list[str]], np.ndarray],
    subject_vector: list[float],
) -> Composition | None:
    """One sentence for each article (the closest few) whose sentence is about `subject` by
    meaning (`looked_for_by_meaning` first: the search is not made for a clause); None when no
    sentence comes close enough."""
    pool = candidates(hits)
    if not pool:
        return None
    asked = set(lang.terms(subject))
    similarities = embed([c.text for c in pool]) @ np.asarray(subject_vector)
    best: dict[str, tuple[float, Candidate]] = {}
    for candidate, similarity in zip(pool, similarities, strict=True):
        shares = bool(lang.covered(asked, set(lang.terms(candidate.text))))
        if similarity < (WITH_A_WORD if shares else ALONE):
            continue
        if candidate.doc_id not in best or similarity > best[candidate.doc_id][0]:
            best[candidate.doc_id] = (float(similarity), candidate)
    if not best:
        return None
    ranked = sorted(best.values(), key=lambda pair: pair[0], reverse=True)[:MOST_ARTICLES]
    chosen = [candidate for _, candidate in ranked]
    for rank, candidate in enumerate(chosen):
        candidate.rank = rank
    return Composition(
        "tentative",
        chosen,
        form="articles",
        intro=f'No article uses the words "{subject}"; these speak of it in other words:',
    )
