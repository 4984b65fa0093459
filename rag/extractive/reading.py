"""The reader's spans as the extractive answerer's candidate answers.

The reader reads the first passages an answer retrieved, each with the sentence stored before
it (what "The company…" refers to), in one batch. Each span it proposes is placed in the
candidate sentence that holds it, with its offsets in the cleaned article, so it can be cited
and quoted like any sentence. Its probability is the answer's main evidence: it lifts the
sentence that holds it (`lift`), it scores the span among the versions of the answer
(`versions`), and the reader's preference for "no answer" in every passage read (`Read.margin`)
is what refusals are decided on (`rag.extractive.confidence`). spaCy's labels only help: a span that is a
name, date or figure of the kind asked for gets its `fit`, and its kind tells how to compare two
spellings ("170 million" and "170,000,000").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from llama_index.core.schema import NodeWithScore

from ingest.settings.reader import ReaderSettings
from rag.extractive import contrasts, measures, reasons, referents, spans
from rag.extractive.candidates import Candidate
from rag.questions.analysis import ACCEPTS, Analysis, country_forms
from rag.reader import Reader
from rag.words import nlp, places
from rag.words import text as lang


@dataclass
class Read:
    """What the reader found in the passages an answer reads."""

    spans: list[spans.Span] = field(default_factory=list)  # best first, placed in candidates
    margins: list[float] = field(default_factory=list)  # per passage: best span over "no answer"

    @property
    def margin(self) -> float:
        """The reader's strongest case that some passage answers (below 0: none does)."""
        return max(self.margins, default=-math.inf)


def read(
    reader: Reader, question: str, hits: list[NodeWithScore], pool: list[Candidate], count: int
) -> Read:
    """The reader over the first `count` passages; its spans placed in `pool`'s sentences (a span
    in the sentence before a passage, or across two sentences, is left out: it is not citable as
    one sentence of that passage)."""
    texts, shifts = _texts(hits[:count])
    readings = reader.read(question, texts)
    placed: list[spans.Span] = []
    for hit, reading, shift in zip(hits, readings, shifts, strict=False):
        base = int(hit.node.metadata.get("start", 0))
        sentences = [c for c in pool if c.node is hit]
        for proposed in reading.spans:
            if proposed.start < shift:
                continue
            start, end = base + proposed.start - shift, base + proposed.end - shift
            home = next((c for c in sentences if c.start <= start and end <= c.end), None)
            if home is not None:
                entity = nlp.Entity(start - home.start, end - home.start, proposed.text, "")
                span = spans.Span(home, entity, "", 0.0, 0.0, probability=proposed.probability)
                placed.append(span)
    return Read(sorted(placed, key=lambda s: -s.probability), [r.margin for r in readings])


def _texts(hits: list[NodeWithScore]) -> tuple[list[str], list[int]]:
    """Each passage as the reader reads it, after the sentence stored before it, and where the
    passage itself starts in that text."""
    texts, shifts = [], []
    for hit in hits:
        before = hit.node.metadata.get("before", "")
        prefix = f"{before} " if before else ""
        texts.append(prefix + hit.node.get_content())
        shifts.append(len(prefix))
    return texts, shifts


MARGIN_CLIP = 10.0  # a margin beyond this says no more about which passage answers


def reranked(
    reader: Reader | None, question: str, hits: list[NodeWithScore], tuning: ReaderSettings
) -> list[NodeWithScore]:
    """The passages the reader reads, re-ordered by the search's rank and the reader's case
    that each answers (`rerank_weight` times its margin over "no answer", clipped, against
    1/(1 + rank)); the rest as found. The answerer then reads them from the reader's cache.
    On the dev splits, the right article first: news 0.79 -> 0.83, SQuAD 0.94 -> 0.97, RGB's
    plain set in the first five 0.75 -> 0.85."""
    count = min(tuning.passages, len(hits))
    if reader is None or tuning.rerank_weight <= 0 or count < 2:
        return hits
    readings = reader.read(question, _texts(hits[:count])[0])

    def value(rank: int) -> float:
        margin = max(min(readings[rank].margin, MARGIN_CLIP), -MARGIN_CLIP)
        return 1 / (1 + rank) + tuning.rerank_weight * margin / MARGIN_CLIP

    order = sorted(range(count), key=value, reverse=True)
    return [hits[rank] for rank in order] + hits[count:]


def lift(found: Read, weight: float) -> None:
    """Each sentence holding a span scores more by the span's probability (the best one)."""
    for span in found.spans:
        span.candidate.read = max(span.candidate.read, span.probability)
    for candidate in {id(s.candidate): s.candidate for s in found.spans}.values():
        candidate.score += weight * candidate.read


def versions(
    found: Read,
    pool: list[Candidate],
    analysis: Analysis,
    weights: dict[str, float],
    tuning: ReaderSettings,
    strong: float,
    question: str = "",
) -> list[spans.Version]:
    """The reader's answers in the sentences still in the pool, grouped by what they say, best
    first. A span scores as its sentence does (words, meaning, kind, rank and the reader's best
    span in it), less what it falls short of that best span: the reader's probabilities are
    comparable within a passage, not across passages, so a confident span in a passage about
    something else (the director of another film) must not beat a likely one in the passage
    the question is about. A span takes the kind of the name or figure spaCy found at the same
    place (for its key, and its fit to the question's kind: one signal, never a gate). A span
    made only of the `question`'s own words is not its answer ("dinosaur" for "the skeleton of
    which dinosaur?"), nor one in lower case that says the thing it asks which of ("fossilized
    dinosaur skeleton", where "Yangtze River" names a river), unless the question offers a
    choice ("Paris or London?")."""
    own = set() if re.search(r"\bor\b", question, re.I) else set(lang.terms(question))
    head = set(lang.terms(analysis.head or ""))
    # Only in sentences nearly as good as the best: a confident span in a weaker sentence is
    # usually about something else (the reader reads passages one at a time).
    # Not as good as a sentence about someone else, which answers nothing ("The company already
    # makes 40%…", Hytera's, for "How many of the companies are Chinese firms?").
    subject = referents.subject(question, pool) if question else None
    earlier = {c.text: c.context for c in pool}
    of_another = {id(c) for c in pool if referents.about_another(subject, c, earlier)}
    own_subject = [c.score for c in pool if id(c) not in of_another]
    kept = {id(c) for c in pool if c.score >= max(own_subject, default=0.0) * strong}
    accepts = ACCEPTS.get(analysis.kind, {})
    # "Which country …?" wants a country or its people ("Iranian"); not "the country's … society".
    owned = analysis.head and re.search(rf"\b{analysis.head}['’]s\b", question, re.I)
    wanted_places = places.asked_kinds(analysis.head or "") if not owned else set()
    chosen = []
    for span in found.spans:
        if id(span.candidate) not in kept or span.probability < tuning.min_probability:
            continue
        shortfall = span.candidate.read - span.probability
        span.score = span.candidate.score - tuning.sentence_weight * shortfall
        kind = _kind_at(span)
        span.entity = _whole_name(span) or nlp.Entity(
            span.entity.start, span.entity.end, span.entity.text, kind
        )
        span.key = nlp.normalise(span.text, kind)
        if not span.key or spans.a_total(span.candidate.text, span.entity):
            continue
        if id(span.candidate) in of_another:
            continue  # "The company already makes 40%…" is Hytera's, not Norinco's
        if contrasts.set_against(question, span.candidate.text, span.entity.start, span.entity.end):
            continue  # "contrary to weapons and ammunition …, Chinese firms offer …"
        if wanted_places and not any(
            places.kinds(p) & wanted_places for p in [span.text, *country_forms(span.text.lower())]
        ):
            continue  # "Which EU countries …?": a country, not "Europe" or a clause
        said = lang.terms(span.text)
        described = re.sub(r"^(?:a|an|the)\s+", "", span.text, flags=re.I)
        generic = bool(head & set(said)) and described.islower()  # not "Yangtze River"
        if own and (all(_asked(t, own) for t in said) or generic):
            continue  # the question's words, or what it asks which of ("fossilized dinosaur")
        if analysis.kind == "reason" and reasons.no_reason(question, span.text, kind):
            continue  # "40%" for "How come Hytera makes so much of its revenue abroad?"
        span.fit = accepts.get(kind, 0.0)
        span.score += tuning.kind_weight * span.fit
        span.closeness = spans.closeness(span.candidate, span.entity, weights)
        chosen.append(span)
    if analysis.kind == "reason":  # "owing in part to having acquired firms …": the cause
        kept_pool = [c for c in pool if id(c) in kept and id(c) not in of_another]
        for candidate, start, end in reasons.cause_clauses(question, kept_pool):
            text = candidate.text[start:end]
            entity = nlp.Entity(start, end, text, "span")
            clause = spans.Span(candidate, entity, key=text.lower(), fit=1.0, closeness=1.0)
            clause.score = candidate.score + tuning.kind_weight
            chosen.append(clause)
    # "How many nations …?" where the reader read "89 out of 1,100 companies … the 53 nations
    # present": the count of what is asked, in a sentence it read, is read too; the others go.
    spoken = {id(s.candidate) for s in chosen}  # every one of a kept sentence
    counted = measures.counts_asked(question, [c for c in pool if id(c) in spoken])
    beside = {id(c) for c, _ in counted}
    chosen = [
        s for s in chosen if id(s.candidate) not in beside or not measures.counts_other(question, s)
    ]
    for candidate, entity in counted:
        key = nlp.normalise(entity.text, entity.kind)
        count = spans.Span(candidate, entity, key, 1.0, spans.closeness(candidate, entity, weights))
        count.score = candidate.score + tuning.kind_weight
        chosen.append(count)
    return spans.versions(chosen, tuning.agreement_bonus)


# Kinds of name the reader may cut short: "America Act" of "the CHIPS for America Act".
WHOLE_NAMES = {"law", "work", "event", "product"}


def _whole_name(span: spans.Span) -> nlp.Entity | None:
    """The name of a kind in `WHOLE_NAMES` that holds the span and runs past it."""
    for entity in span.candidate.entities:
        holds = entity.start <= span.entity.start and span.entity.end <= entity.end
        longer = entity.end - entity.start > span.entity.end - span.entity.start
        if entity.kind in WHOLE_NAMES and holds and longer:
            text = entity.text.strip(QUOTES)  # a title's quotation marks are not its name
            start = entity.start + entity.text.index(text)
            return nlp.Entity(start, start + len(text), text, entity.kind)
    return None


QUOTES = "\"'“”‘’ "


def _kind_at(span: spans.Span) -> str:
    """The kind of the entity that spaCy found overlapping the span, if any."""
    for entity in span.candidate.entities:
        if entity.start < span.entity.end and span.entity.start < entity.end:
            return entity.kind
    return "span"


def _asked(term: str, own: set[str]) -> bool:
    """A word of the question, or its country for its people ("China" for "Chinese")."""
    return term in own or any(lang.demonym_of(term, word) for word in own)
