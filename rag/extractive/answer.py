"""The default answerer: extractive and grounded.

It decides what the answer is, then quotes where it is said. The trained reader (`rag.reader`)
reads the first passages and proposes answer spans, each with a probability, and says how much it
prefers "no answer" in each passage. Sentences of the retrieved passages are scored against the
question by words (IDF-weighted overlap, the previous sentence counting for half: "The company..."
after a sentence about Hytera is about Hytera), by the reader's spans they hold, by holding the
kind of thing asked for and by meaning (the embedding model). The best span becomes the lead,
cited, followed by the sentence that says it. When another article gives a different answer as
firmly, both are shown under a notice that the sources disagree. A calibrated confidence over
this evidence, the reader's first, decides between stating the answer, offering the closest the
articles come, and saying they do not answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from llama_index.core.schema import NodeWithScore

from ingest.settings import Settings
from rag.extractive import (
    changes,
    confidence,
    contrasts,
    exceptions,
    followed,
    full_names,
    measures,
    reading,
    reasons,
    referents,
    scoring,
    spans,
    times,
    yesno,
)
from rag.extractive.candidates import (
    Candidate,
    candidates,
    candidates_of_sources,
    distinct_passages,
)
from rag.extractive.fragments import with_fragments
from rag.extractive.retold import retold, retold_rival
from rag.extractive.scoring import SentenceEmbeddings, Weights, by_kind, by_meaning, by_words
from rag.models import Citation
from rag.questions.analysis import Analysis, unknown_names
from rag.reader import Reader
from rag.words import nlp
from rag.words import text as lang


@dataclass
class Composition:
    """What the answer says, before it is worded: see `rag.extractive.phrasing`."""

    outcome: str  # answer, tentative or refused
    chosen: list[Candidate] = field(default_factory=list)
    lead: spans.Span | None = None
    rival: spans.Span | None = None
    see_also: list[Candidate] = field(default_factory=list)
    pool: list[Candidate] = field(default_factory=list)
    probability: float = 0.0
    evidence: dict[str, float] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # names asked about that no article uses
    form: str = "fact"  # or overview, articles, author, date, source, title (`rag.questions.forms`)
    intro: str | None = None  # a line before the quotes: "2 articles mention "Hytera":"
    notes: list[str] = field(default_factory=list)  # after each chosen quote, if any
    disputes: list[tuple[spans.Span, spans.Span]] = field(default_factory=list)  # a vs b
    items: list[tuple[str, int]] = field(default_factory=list)  # a list's names, by chosen index
    scope: str | None = None  # what the filters let the search read, when they hid anything
    summarised: int | None = None  # of `chosen`, how many an overview quotes (the rest: disputes)
    verdict: str | None = None  # "Yes" or "No" to a yes/no question, said by chosen[0]
    changed: bool = False  # lead and rival are a change over time, not a disagreement
    nameless: bool = False  # the question asks for a name and no passage read gives one
    another_time: str | None = None  # the year asked, where what was read tells of its own time
    told_instead: tuple[str, str] | None = None  # told of, asked: ("China", "US")
    reasoned: bool = False  # refused for what the passages say, not for finding nothing

    @property
    def abstained(self) -> bool:
        return self.outcome == "refused"


@dataclass
class Tools:
    """What composing an answer needs from the engine, loaded once."""

    embed: SentenceEmbeddings
    entities: nlp.Entities
    idf: Callable[[str], float]
    calibration: confidence.Calibration = field(default_factory=confidence.calibration)
    vocabulary: frozenset[str] = frozenset()  # every stemmed word of the index (empty: unknown)
    reader: Reader | None = None  # None: no spans, only sentences (`rag.reader.load`)

    def weights(self, terms: set[str]) -> dict[str, float]:
        """How rare each of `terms` is in the articles (`idf`), for the terms they use in some
        form (`lang.in_vocabulary`: "european" weighs as "europ"); a word no article uses
        cannot be matched and must not dilute those that can. With no vocabulary, every term."""
        if not self.vocabulary:
            return {t: self.idf(t) for t in terms}
        known = {t: lang.in_vocabulary(t, self.vocabulary) for t in terms}
        return {t: self.idf(word) for t, word in known.items() if word is not None}


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
    sentences = pool  # every sentence read: a retold copy of the lead's, a yes/no's followers
    unknown = unknown_names(question, tools.vocabulary) if tools.vocabulary else []
    if unknown and analysis.kind != "yesno":  # "held in London?" may be settled by "in Paris"
        return _unknown(pool, unknown)
    words = Weights.of(question, context, tools.idf)
    tuning = settings.answer
    # Another year is a yes/no question's "no" ("at the 2015 fair?" against "in 2017"): kept.
    years = set(lang.YEAR.findall(question)) if analysis.kind != "yesno" else set()
    by_words(pool, words, years, previous, tuning)
    read = reading.Read()
    if tools.reader is not None:
        read = reading.read(tools.reader, question, hits, pool, settings.reader.passages)
        reading.lift(read, settings.reader.sentence_weight)
    # Finding names and figures (spaCy) and embedding sentences are most of an answer's cost:
    # only the most promising sentences by words, rank and the reader are parsed, and of those
    # only the best by words, kind and rank are embedded and scored by meaning as well.
    pool = _best(pool, tuning.max_parsed)
    by_kind(pool, analysis, spans.asked(question), words.weights, tools.entities, tuning)
    pool = _best(pool, tuning.max_candidates)
    vectors = by_meaning(pool, question_vector, tools.embed)

    ranked = reading.versions(
        read, pool, analysis, words.weights, settings.reader, tuning.extra_ratio, question
    )
    if analysis.kind == "yesno":
        # No span answers whether: the sentences that settle it are quoted, with no yes or no
        # inferred from a keyword (the reader still chose which sentences those are).
        ranked = []
    ranked = times.asked_first(ranked, question)  # "in 2018?": 2018's version leads
    ranked = spans.names_first(question, ranked)  # "the name of the storm?": a name leads
    lead = ranked[0].lead if ranked else None
    other = spans.rival(
        ranked, tuning.conflict_ratio, tuning.copy_ratio, times.asked_years(question)
    )
    best = lead.candidate if lead is not None else pool[0]
    evidence = _evidence(best, lead, ranked, analysis, read)
    outcome, probability = _judged(best, lead, evidence, analysis, words, tools.calibration)
    # "What was the name of the company…?", every span read something else ("demonstration
    # stall") and its sentence naming nothing the question does not: the articles do not give
    # it. Refused, saying so, the closest passages listed. A sentence that holds another name
    # ("Tropical Storm Nicole is expected…") is offered as the closest the articles come.
    nameless = False
    if lead is not None and spans.not_a_name(question, lead):
        nameless = not spans.names_another(question, lead.candidate.text)
        lead, other = None, None  # no name read: no version, and no rival to it
        outcome = "refused" if nameless or outcome == "refused" else "tentative"
    # "Which Chinese company had its stand closed in 2017?" and "… the stand of one Chinese
    # firm …": the articles tell of it without its name; whatever else was read is not it.
    # "Who organises the fair?" and only "Organisers closed …": unnamed, the doer asked for.
    if (
        analysis.kind in {"organisation", "person", "agent"}
        and spans.left_unnamed(analysis.head, best.text)
        and scoring.mostly_about(best, set(words.asked), analysis)
    ) or (lead is not None and spans.doer_unnamed(question, lead, pool)):
        nameless, lead, other, outcome = True, None, None, "refused"
    elsewhen = times.another_time(question, lead, sentences) if lead is not None else None
    # "How many cameras … the US?" and a sentence counting China's: the articles tell of another.
    elsewhere = referents.another_country(question, best, pool) if lead is not None else None
    # "What share of Norinco's sales…?" and only "The company already makes 40%…", Hytera's:
    # nothing read is about the question's subject.
    another = lead is None and analysis.factoid and referents.read_of_another(question, best, pool)
    # The articles count something else, price something else, or tell of another time.
    otherwise = lead is not None and (
        measures.counts_other(question, lead)
        or measures.priced_other(analysis.kind, lead)
        or measures.target_date(question, lead)
        or elsewhen
        or elsewhere
    )
    if another or otherwise:
        outcome = "refused"
    elif (
        outcome == "refused"
        and analysis.kind in reasons.OPEN_KINDS
        and not unknown
        and reasons.close(best)
    ):
        outcome = "tentative"  # a why: no span, but a sentence close to it, offered
    if analysis.kind not in {"yesno", "reason"} and (
        side := contrasts.side_asked(question, analysis.kind, pool)
        or exceptions.above(question, pool)
        or full_names.longest(question, pool)
    ):  # "What is Norinco showing instead of weapons?": "… A rather than B"; "Which country had
        # more exhibitors than China?": "… save for host nation France"; "Hytera's full name?"
        return Composition("answer", [side.candidate], side, pool=pool, evidence=evidence)
    if analysis.kind == "yesno":
        after = followed.followers(question, pool[: yesno.READ], sentences)  # "the firm …"
        settled = yesno.verdict(question, pool[: yesno.READ] + after, pool + after, tools)
        yes = settled is not None and settled.word == "Yes"  # "… this year?": not 2017's yes
        told = times.told_instead(question, settled.candidate) if yes else None
        if settled is not None and told is None:  # an answer, however it scored
            chosen = [settled.candidate, settled.referred, *pool[:2]]  # "the firm": Hytera
            chosen = list({id(c): c for c in chosen if c is not None}.values())
            shown = 3 if settled.referred is not None else 2
            return Composition("answer", chosen[:shown], pool=pool, verdict=settled.word)
        if unknown:
            return _unknown(pool, unknown)
        if told is not None:
            outcome, otherwise, elsewhere = "refused", True, told
        elif outcome == "refused" and reasons.close(best) and yesno.bears_on(question, best.text):
            outcome = "tentative"  # unsettled: the closest sentences, with neither word
    if outcome == "tentative" and referents.names_unsaid(question, best):
        outcome = "refused"  # the closest, but about someone or something else
    if outcome == "refused":
        return Composition(
            outcome,
            see_also=distinct_passages(pool),
            pool=pool,
            probability=probability,
            evidence=evidence,
            nameless=nameless,
            another_time=elsewhen,
            told_instead=elsewhere,
            reasoned=bool(another or otherwise or nameless),
        )
    rival_span = other.lead if other is not None else None
    if rival_span is None and lead is not None and analysis.kind != "yesno":
        copied = retold(lead, sentences)
        if copied is not None:
            lead, rival_span = copied
        else:  # a later version's sentence retold with the lead's answer in it
            rival_span = retold_rival(lead, ranked, sentences)
    # A reason is seldom one span: a why is answered with the sentences that give it, from each
    # article that does ("expanding throughout the world" and "to conquer the global market").
    described = lead.candidate if lead is not None else None
    named = referents.named_for(lead, pool, tools.entities, analysis.kind) if lead else None
    if named is not None and rival_span is None:  # "the human rights group": Amnesty, just before
        lead, best = named, named.candidate
    picked = None if analysis.kind == "reason" else lead
    chosen = _select(pool, best, picked, rival_span, ranked, vectors, settings)
    if named is not None and lead is named and described not in chosen:
        chosen.insert(1, described)
    if analysis.kind != "yesno":  # "…: helmets, … riot troops." goes on: "And cameras, …"
        listed = with_fragments(chosen[:1], pool)
        chosen = [*listed, *(c for c in chosen[1:] if all(c is not x for x in listed))]
    if analysis.kind == "reason":
        chosen = reasons.with_context(best, pool, chosen, question)
    chosen += candidates_of_sources(pool, chosen, named_sources or [])
    composed = Composition(
        outcome, chosen, lead, rival_span, pool=pool, probability=probability, evidence=evidence
    )
    return _settled(composed, question, analysis)


def _unknown(pool: list[Candidate], unknown: list[str]) -> Composition:
    """The refusal of a question about names no article uses, with the passages read."""
    return Composition("refused", see_also=distinct_passages(pool), pool=pool, unknown=unknown)


def _settled(composed: Composition, question: str, analysis: Analysis) -> Composition:
    """A yes/no question's verdict, the sentence that settles it first ("**No**: … [1]"); and
    whether the two versions of a figure are a change over time rather than a dispute."""
    lead, rival = composed.lead, composed.rival
    composed.changed = (
        lead is not None
        and rival is not None
        and changes.over_time(lead.candidate, rival.candidate)
    )
    asked = analysis.kind == "yesno"  # every sentence read: a name said anywhere is said
    if asked and (settled := yesno.verdict(question, composed.chosen, composed.pool)):
        composed.verdict = settled.word
        others = [c for c in composed.chosen if c is not settled.candidate]
        composed.chosen = [settled.candidate, *others]
    return composed


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
        # The reader proposes a span almost everywhere: only one it prefers to "no answer" counts.
        has_span=(lead is not None and evidence["reader_margin"] > 0) or not analysis.factoid,
        about_focus=best.lexical >= 0.5 or scoring.mostly_about(best, set(words.asked), analysis),
        lone_keyword=scoring.lone_keyword(best, words.weights)
        or (analysis.factoid and lead is None),
        calibrated=calibrated,
    )
    return outcome, probability


def _best(pool: list[Candidate], count: int) -> list[Candidate]:
    pool.sort(key=lambda c: c.score, reverse=True)
    return pool[:count]


def _evidence(
    best: Candidate,
    lead: spans.Span | None,
    ranked: list[spans.Version],
    analysis: Analysis,
    read: reading.Read,
) -> dict[str, float]:
    evidence = {
        "sentence": best.score,
        "meaning": best.dense,
        "words": best.lexical,
        "span": float(lead is not None),
        "factoid": float(analysis.factoid),
        # The reader's case that some passage answers, on its logit scale (clipped: a passage
        # list the reader did not read, or read with certainty, must not dominate the sum).
        "reader_margin": min(max(read.margin, -8.0), 8.0) / 8.0 if read.margins else 0.0,
        "reader": lead.probability if lead is not None else 0.0,
    }
    if lead is not None:
        evidence["fit"] = lead.fit
        evidence["closeness"] = lead.closeness
        evidence["agreement"] = float(min(len(ranked[0].documents) - 1, 2))
        runner_up = ranked[1].score if len(ranked) > 1 else lead.candidate.score
        evidence["margin"] = ranked[0].score - runner_up
    return {k: round(v, 4) for k, v in evidence.items()}


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
