"""The default answerer: extractive and grounded.

It decides what the answer is, then quotes where it is said. Sentences of the retrieved passages
are scored against the question by meaning (the embedding model), by words (IDF-weighted overlap,
the previous sentence counting for half: "The company..." after a sentence about Hytera is about
Hytera) and by holding the kind of thing asked for. Inside the best sentences, spans of the
expected kind (a name, a date, a figure) are the candidate answers; the best becomes the lead,
cited, followed by the sentence that says it. When another article gives a different answer as
firmly, both are shown under a notice that the sources disagree. A calibrated confidence decides
between stating the answer, offering the closest the articles come, and saying they do not answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore

from ingest import entities
from ingest.sentences import sentence_spans
from ingest.setting_sections import AnswerSettings
from ingest.settings import Settings
from rag import confidence, nlp, spans
from rag import text as lang
from rag.candidates import Candidate
from rag.models import Citation
from rag.question import ACCEPTS, Analysis, unknown_names
from rag.text_cache import TextCache


@dataclass
class Composition:
    """What the answer says, before it is worded: see `rag.phrasing`."""

    outcome: str  # answer, tentative or refused
    chosen: list[Candidate] = field(default_factory=list)
    lead: spans.Span | None = None
    rival: spans.Span | None = None
    see_also: list[Candidate] = field(default_factory=list)
    pool: list[Candidate] = field(default_factory=list)
    probability: float = 0.0
    evidence: dict[str, float] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # names asked about that no article uses
    form: str = "fact"  # or overview, articles, author, date, source, title (`rag.forms`)
    intro: str | None = None  # a line before the quotes: "2 articles mention "Hytera":"
    notes: list[str] = field(default_factory=list)  # after each chosen quote, if any
    disputes: list[tuple[spans.Span, spans.Span]] = field(default_factory=list)  # a vs b
    items: list[tuple[str, int]] = field(default_factory=list)  # a list's names, by chosen index
    scope: str | None = None  # what the filters let the search read, when they hid anything
    summarised: int | None = None  # of `chosen`, how many an overview quotes (the rest: disputes)

    @property
    def abstained(self) -> bool:
        return self.outcome == "refused"


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


def candidates(hits: list[NodeWithScore]) -> list[Candidate]:
    """Split each passage into sentences with offsets into the cleaned article."""
    found = []
    for rank, hit in enumerate(hits):
        passage = hit.node.get_content()
        base = int(hit.node.metadata.get("start", 0))
        previous = hit.node.metadata.get("before", "")  # recorded at ingest
        labels = entities.parse(hit.node.metadata.get("entities"))
        for start, end in sentence_spans(passage):
            sentence = passage[start:end]
            if lang.is_heading(sentence) or len(lang.WORD.findall(sentence)) < 3:
                continue
            found.append(Candidate(hit, rank, sentence, base + start, base + end, previous))
            if labels is not None:
                found[-1].labels = entities.within(labels, start, end)
            previous = sentence
    return found


@dataclass
class Tools:
    """What composing an answer needs from the engine, loaded once."""

    embed: SentenceEmbeddings
    entities: nlp.Entities
    idf: Callable[[str], float]
    calibration: confidence.Calibration = field(default_factory=confidence.calibration)
    vocabulary: frozenset[str] = frozenset()  # every stemmed word of the index (empty: unknown)


def compose(
    question: str,
    analysis: Analysis,
    question_vector: list[float],
    hits: list[NodeWithScore],
    tools: Tools,
    settings: Settings,
    named_sources: list[str] | None = None,
    previous: str = "",
    context: str = "",
) -> Composition:
    """Choose the answer. `previous` is the previous answer's text: a follow-up gets something
    new unless nothing else answers it. `context` is what the conversation is about (the previous
    question and answer): its words count for less than the question's own. Each of the
    `named_sources` the question names ("according to AFP and The Verge") is quoted when it has
    a candidate."""
    pool = candidates(hits)
    if not pool:
        return Composition("refused")
    unknown = unknown_names(question, tools.vocabulary) if tools.vocabulary else []
    if unknown:
        return Composition("refused", see_also=distinct_passages(pool), pool=pool, unknown=unknown)
    words = Weights.of(question, context, tools.idf)
    tuning = settings.answer
    by_words(pool, words, set(YEAR.findall(question)), previous, tuning)
    # Finding names and figures (spaCy) and embedding sentences are most of an answer's cost:
    # only the most promising sentences by words and rank are parsed, and of those only the
    # best by words, kind and rank are embedded and scored by meaning as well.
    pool = _best(pool, tuning.max_parsed)
    by_kind(pool, analysis, spans.asked(question), words.weights, tools.entities, tuning)
    pool = _best(pool, tuning.max_candidates)
    vectors = by_meaning(pool, question_vector, tools.embed)

    ranked = answer_versions(pool, analysis, words.weights, tuning)
    lead = ranked[0].lead if ranked else None
    other = spans.rival(ranked, tuning.conflict_ratio, tuning.copy_ratio)
    best = lead.candidate if lead is not None else pool[0]
    evidence = _evidence(best, lead, ranked, analysis)
    outcome, probability = _judged(best, lead, evidence, analysis, words, tools.calibration)
    if outcome == "refused":
        return Composition(
            outcome,
            see_also=distinct_passages(pool),
            pool=pool,
            probability=probability,
            evidence=evidence,
        )
    rival_span = other.lead if other is not None else None
    chosen = _select(pool, best, lead, rival_span, ranked, vectors, settings)
    chosen += _named_sources_quoted(pool, chosen, named_sources or [])
    return Composition(
        outcome, chosen, lead, rival_span, pool=pool, probability=probability, evidence=evidence
    )


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
        return cls(weights, asked, sum(asked.values()) or sum(weights.values()) or 1.0)


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
            (sum(weights[t] for t in own) + 0.5 * sum(weights[t] for t in nearby)) / words.total,
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


def answer_versions(
    pool: list[Candidate], analysis: Analysis, weights: dict[str, float], tuning: AnswerSettings
) -> list[spans.Version]:
    """The answers the best sentences give, grouped by what they say, best first (none for a
    question that asks for no span). The answer is looked for only in sentences nearly as good
    as the best: a span of the right kind in a weaker sentence is usually about something else."""
    strong = [c for c in pool if c.score >= pool[0].score * tuning.extra_ratio]
    found = spans.find_spans(strong, analysis, weights)
    for span in found:
        span.score = (
            span.candidate.score
            + tuning.span_fit_weight * span.fit
            + tuning.span_closeness_weight * span.closeness
        )
    return spans.versions(found, tuning.agreement_bonus) if analysis.factoid else []


def _judged(
    best: Candidate,
    lead: spans.Span | None,
    evidence: dict[str, float],
    analysis: Analysis,
    words: Weights,
    calibrated: confidence.Calibration,
) -> tuple[str, float]:
    """Whether to state the answer, offer it as the closest the articles come, or refuse; and
    the calibrated probability that it is right."""
    probability = calibrated.right.probability(evidence)
    outcome = confidence.outcome(
        calibrated.relevant.probability(evidence),
        probability,
        has_span=lead is not None or not analysis.factoid,
        about_focus=best.lexical >= 0.5 or _mostly_about(best, set(words.asked), analysis),
        lone_keyword=_lone_keyword(best, words.weights) or (analysis.factoid and lead is None),
        calibrated=calibrated,
    )
    return outcome, probability


def _best(pool: list[Candidate], count: int) -> list[Candidate]:
    pool.sort(key=lambda c: c.score, reverse=True)
    return pool[:count]


def _named_sources_quoted(
    pool: list[Candidate], chosen: list[Candidate], named_sources: list[str]
) -> list[Candidate]:
    """For each source the question names that no chosen sentence comes from, its best
    sentence."""
    extra: list[Candidate] = []
    for source in named_sources:
        heard = {c.node.node.metadata.get("source") for c in (*chosen, *extra)}
        own = next((c for c in pool if c.node.node.metadata.get("source") == source), None)
        if source not in heard and own is not None:
            extra.append(own)
    return extra


def pool_entities(pool: list[Candidate], model: nlp.Entities) -> list[tuple[nlp.Entity, ...]]:
    """From the labels stored at ingest; the model runs only on sentences stored without them."""
    unlabelled = iter(model([c.text for c in pool if c.labels is None]))
    return [
        nlp.entities_of(c.text, c.labels) if c.labels is not None else next(unlabelled)
        for c in pool
    ]


YEAR = re.compile(r"\b(?:19|20)\d\d\b")
REFERS = re.compile(
    r"^(?:it|he|she|they|this|these|its|his|her|their)\b|\bthe (?:company|firm|group|game|film"
    r"|movie|team|country|city|club|show|series|band|album|book|party|court|agency|ministry)\b",
    re.IGNORECASE,
)


def _other_year(candidate: Candidate, years: set[str]) -> bool:
    """The question is about 2021 and the sentence about 2019 only: another year's event."""
    if not years:
        return False
    said = set(YEAR.findall(candidate.text))
    return bool(said) and not (said & years) and not (set(YEAR.findall(candidate.context)) & years)


def _evidence(
    best: Candidate, lead: spans.Span | None, ranked: list[spans.Version], analysis: Analysis
) -> dict[str, float]:
    evidence = {
        "sentence": best.score,
        "meaning": best.dense,
        "words": best.lexical,
        "span": float(lead is not None),
        "factoid": float(analysis.factoid),
    }
    if lead is not None:
        evidence["fit"] = lead.fit
        evidence["closeness"] = lead.closeness
        evidence["agreement"] = float(min(len(ranked[0].documents) - 1, 2))
        runner_up = ranked[1].score if len(ranked) > 1 else lead.candidate.score
        evidence["margin"] = ranked[0].score - runner_up
    return {k: round(v, 4) for k, v in evidence.items()}


def _mostly_about(best: Candidate, question_terms: set[str], analysis: Analysis) -> bool:
    """Most of the question's words, not counting the kind it asks for, are in the sentence:
    "…having acquired firms in Britain, Canada and Spain" for "In which countries did Hytera
    acquire firms?", where "The company" stands for Hytera."""
    wanted = question_terms - set(lang.terms(analysis.head or ""))
    if len(wanted) < 3:
        return False
    return len(lang.covered(wanted, set(lang.terms(best.text)))) * 3 >= len(wanted) * 2


def _lone_keyword(best: Candidate, weights: dict[str, float]) -> bool:
    """One of several question words matched, and little else in common: not an answer."""
    if len(weights) < 3:
        return False
    present = lang.covered(set(weights), set(lang.terms(f"{best.context} {best.text}")))
    return len(present) <= 1 and best.dense < 0.5


def _select(
    pool: list[Candidate],
    best: Candidate,
    lead: spans.Span | None,
    rival: spans.Span | None,
    ranked: list[spans.Version],
    vector_of: dict[int, np.ndarray],
    settings: Settings,
) -> list[Candidate]:
    """The sentence that states the answer, then only what supports it: the rival version's
    sentence, another article saying the same, or (for questions without a span to look for)
    further sentences nearly as good and not a repeat."""
    chosen = [best]
    if rival is not None:
        chosen.append(rival.candidate)
    elif best is not pool[0]:
        chosen.append(pool[0])  # the best sentence by meaning and words, if the lead is wrong
    if lead is not None:
        support = [
            s.candidate
            for s in sorted(ranked[0].spans, key=lambda s: -s.score)
            if s.candidate.doc_id != best.doc_id and s.candidate not in chosen
        ]
        return [*chosen, *support[:1]][: settings.answer.max_sentences]
    words = len(best.text.split())
    for candidate in pool:
        if len(chosen) >= settings.answer.max_sentences:
            break
        if candidate in chosen or candidate.score < best.score * settings.answer.extra_ratio:
            continue
        if any(float(vector_of[id(candidate)] @ vector_of[id(c)]) > 0.9 for c in chosen):
            continue
        if words + len(candidate.text.split()) > settings.answer.max_words:
            continue
        chosen.append(candidate)
        words += len(candidate.text.split())
    return chosen


def distinct_passages(pool: list[Candidate], count: int = 2) -> list[Candidate]:
    """The best sentence of each of the first `count` passages: what "see also" shows."""
    seen: set[str] = set()
    picked = []
    for candidate in pool:
        if candidate.node.node.node_id not in seen:
            seen.add(candidate.node.node.node_id)
            picked.append(candidate)
        if len(picked) == count:
            break
    return picked


def citation(n: int, candidate: Candidate) -> Citation:
    metadata = candidate.node.node.metadata
    return Citation(
        n=n,
        doc_id=metadata["doc_id"],
        title=metadata.get("title", metadata["doc_id"]),
        source=metadata.get("source"),
        date=metadata.get("date") or metadata.get("published_at"),
        author=metadata.get("author"),
        url=metadata.get("url"),
        quote=candidate.text,
        start=candidate.start,
        end=candidate.end,
        score=round(float(candidate.node.score or 0.0), 6),
        chunk_id=candidate.node.node.node_id,
        part=candidate.part,
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
