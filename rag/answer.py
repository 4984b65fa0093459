"""The default answerer: extractive and grounded.

The answer is made of sentences taken verbatim from the retrieved passages, each followed by its
citation. Sentences are scored against the question by meaning (the embedding model) and by
words (IDF-weighted overlap), with a bonus for holding the kind of thing asked for (a number for
"how many", a name for "who", a date for "when"). When nothing scores well enough it says so
instead of answering; when sources give different figures it shows each, cited.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore

from ingest.settings import Settings
from rag import text as lang
from rag.models import Citation

ABSTAIN_TEXT = "The indexed articles do not answer this."
CONFLICT_NOTICE = "The sources give different figures."


@dataclass
class Candidate:
    """One sentence of a retrieved passage, with where it sits in its article."""

    node: NodeWithScore
    rank: int
    text: str
    start: int
    end: int
    dense: float = 0.0
    lexical: float = 0.0
    kind_match: bool = False
    score: float = 0.0

    @property
    def doc_id(self) -> str:
        return self.node.node.metadata["doc_id"]


@dataclass
class Composition:
    text: str
    chosen: list[Candidate]
    abstained: bool
    see_also: list[Candidate] = field(default_factory=list)
    pool: list[Candidate] = field(default_factory=list)
    notice: str | None = None


class SentenceEmbeddings:
    """Embeddings of candidate sentences, cached: the same passages come back question after
    question, and embedding them is most of the answer's cost."""

    def __init__(self, model: BaseEmbedding, size: int = 50_000) -> None:
        self.model = model
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # questions are answered from several threads

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            vectors = self.model.get_text_embedding_batch(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    known[text] = self._cache[text] = np.asarray(vector, dtype=np.float32)
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return np.stack([known[t] for t in texts])


def candidates(hits: list[NodeWithScore]) -> list[Candidate]:
    """Split each passage into sentences with offsets into the cleaned article."""
    found = []
    for rank, hit in enumerate(hits):
        passage = hit.node.get_content()
        base = int(hit.node.metadata.get("start", 0))
        for start, end in lang.sentence_spans(passage):
            sentence = passage[start:end]
            if lang.is_heading(sentence) or len(lang.WORD.findall(sentence)) < 3:
                continue
            found.append(Candidate(hit, rank, sentence, base + start, base + end))
    return found


def compose(
    question: str,
    question_vector: list[float],
    hits: list[NodeWithScore],
    embed: SentenceEmbeddings,
    idf: Callable[[str], float],
    settings: Settings,
    named_sources: list[str] | None = None,
) -> Composition:
    pool = candidates(hits)
    if not pool:
        return Composition(ABSTAIN_TEXT, [], True)
    question_terms = lang.terms(question)
    weights = {t: idf(t) for t in set(question_terms)}
    total_weight = sum(weights.values()) or 1.0
    kind = lang.asked_kind(question)
    for candidate in pool:
        present = lang.covered(set(weights), set(lang.terms(candidate.text)))
        candidate.lexical = sum(weights[t] for t in present) / total_weight
        candidate.kind_match = lang.has_kind(candidate.text, kind, set(weights))
        candidate.score = (
            settings.answer_lexical_weight * candidate.lexical
            + (settings.answer_kind_bonus if candidate.kind_match else 0.0)
            + settings.answer_rank_bonus / (1 + candidate.rank)
        )
    # Embedding candidate sentences is most of an answer's cost: only the most promising by
    # words, kind and rank are embedded and scored by meaning as well.
    pool.sort(key=lambda c: c.score, reverse=True)
    pool = pool[: settings.answer_max_candidates]
    vectors = embed([c.text for c in pool])
    dense = vectors @ np.asarray(question_vector, dtype=np.float32)
    for candidate, similarity in zip(pool, dense, strict=True):
        candidate.dense = float(similarity)
        candidate.score += candidate.dense
    pool.sort(key=lambda c: c.score, reverse=True)
    best = pool[0]
    if best.score < settings.abstain_below_score:
        return Composition(ABSTAIN_TEXT, [], True, see_also=distinct_passages(pool), pool=pool)
    if kind is not None and not best.kind_match:
        # A "how many" answer leads with a figure: the best sentence holding the kind of thing
        # asked for goes first when it scores nearly as well.
        holder = next((c for c in pool if c.kind_match), None)
        if holder is not None and holder.score >= best.score * settings.answer_extra_ratio:
            pool.remove(holder)
            pool.insert(0, holder)
    vectors_of = {c.text: v for c, v in zip(pool, vectors, strict=True)}
    chosen = _select(pool, vectors_of, settings, named_sources)
    notice = None
    if kind == "number":
        rival = _conflicting_figure(pool, chosen, settings)
        if rival is not None:
            chosen = [*chosen[:1], rival, *[c for c in chosen[1:] if c is not rival]]
            chosen = chosen[: settings.answer_max_sentences]
            notice = CONFLICT_NOTICE
    return Composition("", chosen, False, notice=notice, pool=pool)


def _select(
    pool: list[Candidate],
    vectors: dict[str, np.ndarray],
    settings: Settings,
    named_sources: list[str] | None,
) -> list[Candidate]:
    best = pool[0]
    chosen = [best]
    words = len(best.text.split())
    wanted_sources = [
        s for s in (named_sources or []) if s != best.node.node.metadata.get("source")
    ]
    for candidate in pool[1:]:
        if len(chosen) >= settings.answer_max_sentences:
            break
        source = candidate.node.node.metadata.get("source")
        needed = source in wanted_sources
        good = candidate.score >= best.score * settings.answer_extra_ratio
        if not (good or needed) or _redundant(candidate, chosen, vectors):
            continue
        length = len(candidate.text.split())
        if words + length > settings.answer_max_words and not needed:
            continue
        chosen.append(candidate)
        words += length
        if needed:
            wanted_sources.remove(source)
    return chosen


def _redundant(
    candidate: Candidate, chosen: list[Candidate], vectors: dict[str, np.ndarray]
) -> bool:
    for other in chosen:
        if candidate.doc_id == other.doc_id and candidate.start == other.start:
            return True
        if float(vectors[candidate.text] @ vectors[other.text]) > 0.9:
            return True
    return False


def _conflicting_figure(
    pool: list[Candidate], chosen: list[Candidate], settings: Settings
) -> Candidate | None:
    """A strong sentence from another article counting the same thing with a different figure
    ("170 million cameras" against "176 million cameras"): the sources disagree, and the user
    must see both."""
    best = pool[0]
    counted = lang.figures(best.text)
    if not counted:
        return None
    for candidate in pool[1:]:
        if candidate.score < best.score * settings.answer_conflict_ratio:
            return None
        if candidate.doc_id == best.doc_id:
            continue
        theirs = lang.figures(candidate.text)
        if any(
            thing in counted and not (values & counted[thing]) for thing, values in theirs.items()
        ):
            return candidate
    return None


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
        url=metadata.get("url"),
        quote=candidate.text,
        start=candidate.start,
        end=candidate.end,
        score=round(float(candidate.node.score or 0.0), 6),
        chunk_id=candidate.node.node.node_id,
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
