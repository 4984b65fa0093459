"""Where the sources disagree, over a topic rather than one question: every figure and date that
two articles give differently for the same thing, each side cited.

The same test as a single question's disagreement (`spans.contradicts`: the same place of like
sentences, different answers, neither sentence naming both), run over every pair of sentences
from different articles that are close in meaning.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

from ingest.settings import Settings
from ingest.store import Store
from rag.extractive import spans
from rag.extractive.answer import Tools
from rag.extractive.candidates import Candidate
from rag.extractive.scoring import pool_entities
from rag.words import nlp
from rag.words import text as lang

DISPUTED_KINDS = {"quantity", "money", "percent", "date"}
MIN_WORDS = 6


def find(
    pool: list[Candidate], tools: Tools, settings: Settings
) -> list[tuple[spans.Span, spans.Span]]:
    """Disagreements among the sentences of `pool`, the closest pairs first, one per pair of
    sentences."""
    found: list[spans.Span] = []
    # A line of listings ("602-745-3000, ticketmaster.com.") states no fact to dispute.
    pool = [c for c in pool if len(c.text.split()) >= MIN_WORDS]
    for candidate, entities in zip(pool, pool_entities(pool, tools.entities), strict=True):
        for entity in entities:
            # "one of its drones" and "two cameras per person" count different things: only
            # figures written in digits are compared.
            if entity.kind in DISPUTED_KINDS and any(ch.isdigit() for ch in entity.text):
                key = nlp.normalise(entity.text, entity.kind)
                found.append(spans.Span(candidate, entity, key, fit=1.0, closeness=1.0))
    if len(found) < 2:
        return []
    sentences = list({id(s.candidate): s.candidate for s in found}.values())
    vectors = dict(zip(map(id, sentences), tools.embed([c.text for c in sentences]), strict=True))
    pairs = []
    for one, other in combinations(found, 2):
        if not spans.contradicts(one, other):
            continue
        likeness = float(vectors[id(one.candidate)] @ vectors[id(other.candidate)])
        if likeness >= settings.answer.disagreement_min_similarity:
            pairs.append((likeness, one, other))
    pairs.sort(key=lambda p: p[0], reverse=True)
    seen: set[tuple[int, int]] = set()
    disputes = []
    for _, one, other in pairs:
        key = (id(one.candidate), id(other.candidate))
        if key in seen:
            continue
        seen.add(key)
        disputes.append((one, other))
    return disputes[: settings.answer.overview_sentences]


ON_TOPIC = 0.3  # of the topic's words, by weight, that each side's sentence must use
# Words that say when or how far, not what: "already selling overseas" is not about cameras
# "already deployed".
WHEN_SAID = set(lang.terms("already still now yet ever again also currently"))


def about(
    pair: tuple[spans.Span, spans.Span],
    topic: str,
    tools: Tools,
    share: float = ON_TOPIC,
    aside: frozenset[str] | set[str] = frozenset(),
    peoples: bool = False,
) -> bool:
    """Whether both sides of a disagreement are about the topic asked: each sentence uses
    `share` of the topic's words but those set `aside` (weighted by rarity), so a dispute over
    the camera count is not reported for a question about the number of exhibitors. A word no
    article uses ("the camera count") tests nothing, and a country does not say its people
    ("China" is not "what the Chinese firms showcase") unless `peoples`."""
    wanted = tools.weights(set(lang.terms(topic)) - aside - WHEN_SAID)
    total = math.fsum(wanted.values())
    if not total:
        return True
    # A year asked is said on both sides: the camera counts of now are not "the 2022 projection".
    years = set(lang.YEAR.findall(topic))
    for side in pair:
        if years - set(lang.YEAR.findall(f"{side.candidate.context} {side.candidate.text}")):
            return False
        used = lang.covered(set(wanted), set(lang.terms(side.candidate.text)), peoples=peoples)
        if math.fsum(wanted[t] for t in used) / total < share:
            return False
    return True


def closest(
    disputes: list[tuple[spans.Span, spans.Span]], tools: Tools
) -> list[tuple[spans.Span, spans.Span]]:
    """Disagreements found apart (one per pair of articles), those whose two sentences say the
    most alike things first: the surest that both sides speak of the same thing."""
    if len(disputes) < 2:
        return disputes
    texts = [s.candidate.text for pair in disputes for s in pair]
    vectors = tools.embed(texts)
    likeness = [float(vectors[2 * i] @ vectors[2 * i + 1]) for i in range(len(disputes))]
    order = sorted(range(len(disputes)), key=lambda i: -likeness[i])
    return [disputes[i] for i in order]


SAME_TOPIC = 0.8  # cosine of two articles' mean passage vectors: about the same thing
MOST_PAIRS = 12


def same_topic_pairs(store: Store) -> list[tuple[str, str]]:
    """The pairs of articles most alike, most alike first: in a library too large to read
    whole, disagreements are looked for between articles about the same thing."""
    vectors = store.document_vectors()
    ids = list(vectors)
    if len(ids) < 2:
        return []
    matrix = np.asarray([vectors[i] for i in ids], dtype=np.float32)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    alike = np.triu(matrix @ matrix.T, k=1)
    rows, cols = np.nonzero(alike >= SAME_TOPIC)
    ranked = sorted(zip(rows, cols, strict=True), key=lambda rc: -alike[rc])[:MOST_PAIRS]
    return [(ids[r], ids[c]) for r, c in ranked]
