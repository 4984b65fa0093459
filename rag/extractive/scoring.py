"""How the answerer scores a candidate sentence, in the order it does: by the question's words
and the passage's rank (`by_words`), by holding a name, date or figure of the kind asked for
(`by_kind`, on the best only), by meaning (`by_meaning`, on the best of those). The reader's spans
lift the sentences that hold them (`rag.extractive.reading`); `rag.extractive.answer` decides from both."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from ingest.settings.answer import AnswerSettings
from rag.extractive import spans
from rag.extractive.candidates import Candidate
from rag.questions.analysis import ACCEPTS, Analysis
from rag.words import nlp
from rag.words import text as lang
from rag.words.text_cache import TextCache


class SentenceEmbeddings:
    """Embeddings of candidate sentences, cached."""

    def __init__(self, model: BaseEmbedding, size: int = 50_000) -> None:
        self.model = model
        self._cache = TextCache(self._embed, size)

    def _embed(self, texts: list[str]) -> list[np.ndarray]:
        vectors = self.model.get_text_embedding_batch(texts)
        return [np.asarray(vector, dtype=np.float32) for vector in vectors]

    def __call__(self, texts: list[str]) -> np.ndarray:
        return np.stack(self._cache(texts))


@dataclass
class Weights:
    """How much each of the question's (stemmed) words counts: by IDF, the conversation's words
    (`context`) at 0.3 of their weight."""

    weights: dict[str, float]  # the question's words and the conversation's
    asked: dict[str, float]  # the question's own
    total: float  # what a sentence holding every word of the question scores

    @classmethod
    def of(cls, question: str, context: str, idf: Callable[[str], float]) -> Weights:
        weights = {t: 0.3 * idf(t) for t in set(lang.terms(context))}
        asked = {t: idf(t) for t in set(lang.terms(question))}
        weights.update(asked)
        # Out of the question's own words: the conversation's words help a sentence, but a
        # follow-up ("who represents Hytera?") is not half-answered by a sentence about the
        # previous answer.
        return cls(weights, asked, math.fsum(asked.values()) or math.fsum(weights.values()) or 1.0)


def by_words(
    pool: list[Candidate],
    words: Weights,
    years: set[str],
    previous: str,
    tuning: AnswerSettings,
) -> None:
    """Score each sentence by the question's words it holds (those only in the sentence before
    it count for half) and by its passage's rank; a repeat of the previous answer, or a sentence
    about another year than the question's, loses."""
    weights = words.weights
    for candidate in pool:
        own = lang.covered(set(weights), set(lang.terms(candidate.text)))
        nearby = lang.covered(set(weights) - own, set(lang.terms(candidate.context)))
        candidate.lexical = min(
            (math.fsum(weights[t] for t in own) + 0.5 * math.fsum(weights[t] for t in nearby))
            / words.total,
            1.0,
        )
        candidate.score = (
            tuning.lexical_weight * candidate.lexical
            + tuning.rank_bonus / (1 + candidate.rank)
            - (tuning.repeat_penalty if previous and candidate.text in previous else 0.0)
            - (tuning.other_year_penalty if _other_year(candidate, years) else 0.0)
        )


def by_kind(
    pool: list[Candidate],
    analysis: Analysis,
    question_text: str,
    weights: dict[str, float],
    model: nlp.Entities,
    tuning: AnswerSettings,
) -> None:
    """Find each sentence's names and figures of the kind asked for (not those the question
    itself names); a sentence holding one scores more, by how well the kind fits."""
    accepts = ACCEPTS.get(analysis.kind, {})
    for candidate, found in zip(pool, pool_entities(pool, model), strict=True):
        candidate.entities = tuple(
            e
            for e in found
            if e.kind in accepts and not spans.in_question(e, question_text, weights)
        )
        candidate.kind_fit = max((accepts[e.kind] for e in candidate.entities), default=0.0)
        candidate.score += tuning.kind_bonus * candidate.kind_fit


def by_meaning(
    pool: list[Candidate], question_vector: list[float], embed: SentenceEmbeddings
) -> dict[int, np.ndarray]:
    """Add each sentence's similarity in meaning to the question and sort the pool, best first;
    returns each sentence's vector by `id` of its candidate."""
    vectors = embed([c.text for c in pool])
    query = np.asarray(question_vector, dtype=np.float32)
    dense = vectors @ query
    # "It was released on July 21, 2017" or "..., who represents the firm" means little alone:
    # such a sentence is also read with the one before it.
    referring = [c for c in pool if c.context and REFERS.search(c.text)]
    if referring:
        read_along = embed([f"{c.context} {c.text}" for c in referring]) @ query
        along = {id(c): float(v) for c, v in zip(referring, read_along, strict=True)}
        dense = [max(float(d), along.get(id(c), -1.0)) for c, d in zip(pool, dense, strict=True)]
    for candidate, similarity in zip(pool, dense, strict=True):
        candidate.dense = float(similarity)
        candidate.score += candidate.dense
    vector_of = {id(c): v for c, v in zip(pool, vectors, strict=True)}
    pool.sort(key=lambda c: c.score, reverse=True)
    return vector_of


def pool_entities(pool: list[Candidate], model: nlp.Entities) -> list[tuple[nlp.Entity, ...]]:
    """From the labels stored at ingest; the model runs only on sentences stored without them."""
    unlabelled = iter(model([c.text for c in pool if c.labels is None]))
    return [
        nlp.entities_of(c.text, c.labels) if c.labels is not None else next(unlabelled)
        for c in pool
    ]


# A sentence that refers back: a pronoun or a demonstrative first (inside an opening quotation
# too: "'It's the Silicon Valley of China,' said …"), or "the company", "the group", ….
REFERS = re.compile(
    r"^[\"“‘']?(?:it|he|she|they|this|these|that|those|its|his|her|their)\b|\bthe (?:[\w-]+ )?(?:company|firm|group|game|film"
    r"|movie|team|country|city|club|show|series|band|album|book|party|court|agency|ministry)\b",
    re.IGNORECASE,
)


def _other_year(candidate: Candidate, years: set[str]) -> bool:
    """The question is about 2021 and the sentence about 2019 only: another year's event."""
    if not years:
        return False
    said = set(lang.YEAR.findall(candidate.text))
    return (
        bool(said)
        and not (said & years)
        and not (set(lang.YEAR.findall(candidate.context)) & years)
    )


def bm25_idf(retriever: object) -> Callable[[str], float]:
    """IDF of a stemmed term from the BM25 index's own counts (no second pass over the text);
    a term the corpus never uses gets the highest weight."""
    model = retriever.bm25  # type: ignore[attr-defined]
    counts = np.diff(model.scores["indptr"])
    total = int(model.scores["num_docs"])
    vocabulary = model.vocab_dict

    def idf(term: str) -> float:
        index = vocabulary.get(term)
        frequency = int(counts[index]) if index is not None and index < len(counts) else 0
        return math.log((total - frequency + 0.5) / (frequency + 0.5) + 1.0)

    return idf


def mostly_about(best: Candidate, question_terms: set[str], analysis: Analysis) -> bool:
    """Most of the question's words, not counting the kind it asks for, are in the sentence:
    "…having acquired firms in Britain, Canada and Spain" for "In which countries did Hytera
    acquire firms?", where "The company" stands for Hytera."""
    wanted = question_terms - set(lang.terms(analysis.head or ""))
    if len(wanted) < 3:
        return False
    return len(lang.covered(wanted, set(lang.terms(best.text)))) * 3 >= len(wanted) * 2


def lone_keyword(best: Candidate, weights: dict[str, float]) -> bool:
    """One of several question words matched, and little else in common: not an answer."""
    if len(weights) < 3:
        return False
    present = lang.covered(set(weights), set(lang.terms(f"{best.context} {best.text}")))
    return len(present) <= 1 and best.dense < 0.5
