"""Overviews: what the articles say about something, in a few sentences chosen across articles.

"What happened at Milipol this year?" has no one answer to lead with. The sentences most about
the subject (by meaning and by its words) are chosen one at a time, each for how relevant it is
less how much it repeats one already chosen (maximal marginal relevance), then shown article by
article in reading order, each cited. An article named by its title is summarised from itself.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

import numpy as np
from llama_index.core.schema import NodeWithScore

from ingest.settings import Settings
from rag.extractive.answer import Composition, Tools, candidates
from rag.extractive.candidates import Candidate, distinct_passages
from rag.extractive.fragments import with_fragments
from rag.extractive.scoring import REFERS
from rag.words import text as lang

# "Camera numbers", "the casualty figures": the subject is the figures given for the thing, so a
# sentence must give one; the word itself matches sentences that only say "a number of".
FIGURE_WORDS = set(
    lang.terms(
        "number numbers figure figures count counts total totals estimate "
        "estimates statistics amount amounts"
    )
)
# "What kinds of products are the exhibitors bringing?": news says what is offered, shown or sold
# ("offer non-lethal equipment", "sports communications gear"); not "makes", which also makes
# "40% of its sales".
PRODUCTS = re.compile(
    r"\b(?:kinds?|types?|sorts?|range|variety)\s+of\s+(?:[\w-]+\s+)?(?:products?|goods|gear|"
    r"equipment|kit|wares|devices|merchandise|tech(?:nology)?)\b|\bproducts\b"
    # "(what) the chinese companies were exhibiting", "(what) GDU is showing and selling"
    r"|(?<!figures )(?<!numbers )(?<!data )(?<!statistics )(?<!results )"
    r"\b(?:is|are|was|were)\s+(?:\w+ing\s+and\s+)?(?:exhibit|show|display|offer|sell|showcas|"
    r"demonstrat|bring|peddl)\w*[?.!\s]*$",
    re.I,
)
OFFERED = set(lang.terms("offer show display showcase sell sport equipment gear devices equipped"))
# "what the state uses surveillance for", "what Beijing gets out of the tech", "why …": a sentence
# that says what something is for ("for their own gain", "efforts to control its population")
# says it, as much as the rarest word asked.
PURPOSE_ASKED = re.compile(
    r"\b(?:uses?|using|used|wants?|needs?)\b.*\bfor[?.!\s]*$|\bgets? out of\b|\bpurposes?\b"
    r"|\bto what end\b|\bwhy\b|\breasons?\b",
    re.I,
)
PURPOSE_SAID = re.compile(
    r"\bfor (?:their|its|his|her|our) own\b|\b(?:efforts?|bids?|attempts?|drive) to\b"
    r"|\b(?:in order|so as) to\b|\baimed at\b",
    re.I,
)
# A cue an overview's subject asks and how a sentence says it: products by what is offered,
# shown or sold (one word of OFFERED is enough), a purpose by PURPOSE_SAID.
CUES: tuple[tuple[re.Pattern[str], Callable[[str], bool]], ...] = (
    (PRODUCTS, lambda text: bool(OFFERED & set(lang.terms(text)))),
    (PURPOSE_ASKED, lambda text: bool(PURPOSE_SAID.search(text))),
)
# "how big china's camera network is", "the scale of the crackdown": its figures too.
SIZE = re.compile(
    r"^\W*(?:how\s+)?(?:big|large|widespread|extensive)\b(?!\W+picture)|\bhow (?:big|large|many|much)\b"
    r"|(?<![\w-])(?:size\b(?!\s+up\b)|scale\b)",  # not "size up": weigh up
    re.I,
)
SIZE_WORDS = set(lang.terms("big large many much widespread extensive size scale"))
# A figure, or an amount said in words ("a large volume of Chinese tech firms"): the words count
# for less, a figure in digits says more.
NUMERAL = re.compile(r"\d")
IN_WORDS_SHORTFALL = 0.1
FIGURE = re.compile(
    r"\d|\b(?:hundreds?|thousands?|millions?|billions?|dozens?|twice|half)\b"
    r"|\b(?:large|huge|vast|growing|small|record)\s+(?:volumes?|numbers?)\s+of\b|\binflux\b",
    re.I,
)
# A count for each one of a people, however it is said: "per person", "for each citizen", "a head".
RATIO = re.compile(
    r"\b(?:per|for each|for every|each|every|a)[\s-]+(?:person|citizen|resident|inhabitant|"
    r"individual|head|capita|people|persons|citizens|residents|inhabitants)\b",
    re.I,
)
# Said with a count: "two cameras per person", "nearly two for each citizen" (not "how a person
# is tracked").
PER_COUNT = re.compile(
    rf"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|half|a dozen)\s+"
    rf"(?:[\w-]+\s+){{0,2}}(?:{RATIO.pattern})",
    re.I,
)


# "besides the 2017 stall", "other than the camera figures": what the question has heard of.
SET_ASIDE = re.compile(
    r"\b(?:apart from|aside from|besides|other than|except(?: for)?|excluding|not counting)\s+"
    r"(?P<aside>(?:[^,;:?!.\s]|\.(?=\d))+(?:\s+(?!(?:in|of|on|for|about|and|or|that|which|"
    r"who|with|to|from|by|at|across|between)\b)(?:[^,;:?!.\s]|\.(?=\d))+)*)",
    re.I,
)


def set_aside(text: str) -> tuple[str, set[str]]:
    """The text without what it sets aside, and the words of what it sets aside."""
    found = SET_ASIDE.search(text)
    if found is None:
        return text, set()
    return (text[: found.start()] + text[found.end() :]).strip(), set(lang.terms(found["aside"]))


def without(hits: list[NodeWithScore], aside: set[str]) -> list[NodeWithScore]:
    """The passages that do not say what the question sets aside (half its words or more; a
    people is not its country: "countries other than China" keeps "Chinese firms"): "what
    controversies … besides the 2017 stall" is answered by the others."""
    if not aside:
        return hits
    said = [lang.covered(aside, set(lang.terms(h.node.get_content())), False) for h in hits]
    kept = [hit for hit, words in zip(hits, said, strict=True) if 2 * len(words) < len(aside)]
    return kept or hits  # all of them say it: it was the subject, not an aside


def overview(
    subject: str,
    subject_vector: list[float],
    hits: list[NodeWithScore],
    tools: Tools,
    settings: Settings,
    one_article: bool = False,
    per_article: int | None = None,
    compared: bool = False,
) -> Composition:
    """Up to `overview_sentences` sentences about `subject` from the passages `hits`; with
    `one_article`, the hits are one article's and every sentence of it is about its subject;
    `compared`, a comparison: up to `compare_sentences` of each article, each article heard
    when it speaks to the subject (`_each_article`)."""
    if compared:
        per_article = settings.answer.compare_sentences
    pool = every = candidates(hits)
    asked = set(lang.terms(subject))
    counted = FIGURE_WORDS | (SIZE_WORDS if SIZE.search(subject) else set())
    # "how many chinese firms": "many" is no term, the pattern says it
    sized = bool(asked & counted) or bool(SIZE.search(subject))
    figures = sized and bool(asked - counted)
    if figures:
        asked -= counted
    weights = tools.weights(asked)  # not a word no article uses ("the 2017 incident")
    # "what kinds of products …", "what … uses it for": a sentence that says what is offered or
    # what something is for says it, as much as the rarest word asked (`CUES`).
    rarest = max(weights.values(), default=1.0)
    cues = [said for asked, said in CUES if asked.search(subject)]
    total = math.fsum(weights.values()) + rarest * len(cues) or 1.0
    # A sentence that refers back ("the firm", "The company already makes 40%…") is about what
    # the sentence before it names, down a chain of them: "Hytera's stand…", then a quotation
    # from "the firm", then "The company…".
    previous: dict[str, set[str]] = {}  # a sentence's text -> the subject's terms it is about
    ratio = RATIO.search(subject)  # "cameras per person": said "for each citizen" too
    # Counted, "firms" are "companies" and "nations" "countries" (`lang.same_unit`).
    cover = lang.covered_or_same_unit if figures else lang.covered
    for candidate in sorted(pool, key=lambda c: (c.doc_id, c.start)):
        said = cover(set(weights), set(lang.terms(candidate.text)))
        if ratio and PER_COUNT.search(candidate.text):
            said |= set(weights) & set(lang.terms(ratio.group(0)))
        if (
            REFERS.search(candidate.text)
            or DESCRIBED.search(candidate.text)
            or _takes_up(candidate)
        ):
            before = previous.get(candidate.context)
            if before is None:
                before = lang.covered(set(weights), set(lang.terms(candidate.context)))
            said |= before
        previous[candidate.text] = said
        shows = rarest * sum(said(candidate.text) for said in cues)
        candidate.lexical = (math.fsum(weights[t] for t in said) + shows) / total
        candidate.score = settings.answer.lexical_weight * candidate.lexical + (
            settings.answer.rank_bonus / (1 + candidate.rank)
        )
    pool = sorted(pool, key=lambda c: c.score, reverse=True)[: settings.answer.max_parsed]
    if not pool:
        return Composition("refused", form="overview")
    vectors = tools.embed([c.text for c in pool])
    for candidate, similarity in zip(pool, vectors @ np.asarray(subject_vector), strict=True):
        candidate.dense = float(similarity)
        candidate.score += candidate.dense
    about = [
        i
        for i, c in enumerate(pool)
        if one_article or c.dense >= settings.answer.overview_min_similarity or c.lexical >= 0.5
    ]
    if figures and not weights:  # "the number of exhibitors", a word no article uses: figures
        about = list(range(len(pool)))
    if figures and any(FIGURE.search(pool[i].text) for i in about):
        about = [i for i in about if FIGURE.search(pool[i].text)]
        for i in about:  # "over 1,100 companies" before "a large volume of … firms"
            pool[i].score -= 0.0 if NUMERAL.search(pool[i].text) else IN_WORDS_SHORTFALL
    # "What happened at Milipol in 2017?": the sentences placed in 2017 (or right after one
    # that is), when there are any; not this year's fair.
    years = set(lang.YEAR.findall(subject))
    dated = [
        i for i in about if years & set(lang.YEAR.findall(f"{pool[i].context} {pool[i].text}"))
    ]
    if years and dated:
        about = dated
    elif compared:
        about += _each_article(subject, pool, about, figures)
    if not about:
        return Composition("refused", see_also=distinct_passages(pool), pool=pool, form="overview")
    picked = _diverse(
        [pool[i] for i in about],
        vectors[about],
        settings.answer.overview_sentences,
        settings.answer.overview_diversity,
        per_article,
    )
    picked = with_fragments(picked, every)
    if len(picked) == 1:  # one sentence sums nothing up: its paragraph goes on with the story
        one = picked[0]
        after = [c for c in every if c.node is one.node and c.start > one.start][:GOES_ON]
        # or, when it closes its paragraph ("Concerns about the system thus appear to be well
        # placed.", a paragraph of its own), the sentences of its article that led up to it
        before = _led_up(one, every)
        picked += after or before
    return Composition("answer", _in_reading_order(picked), pool=pool, form="overview")


# Sentences after the one sentence an overview found, from its paragraph.
GOES_ON = 2


def _led_up(one: Candidate, every: list[Candidate]) -> list[Candidate]:
    """Up to `GOES_ON` sentences read right before `one` in its article, each ending where the
    next begins (a space or a paragraph break between them): none when one is missing."""
    led: list[Candidate] = []
    start = one.start
    while len(led) < GOES_ON:
        prior = [c for c in every if c.doc_id == one.doc_id and c.end <= start <= c.end + 3]
        if not prior:
            break
        led.insert(0, prior[0])
        start = prior[0].start
    return led


# A comparison hears from an article whose best sentence says this share of the subject's words
# (by weight), however far its meaning is from the whole question: "who was affected and what
# were the devices called" is said by "… handcuffs that deliver electric shocks … torture
# instruments" in words, not in meaning.
PART_SAID = 1 / 3


def _each_article(
    subject: str, pool: list[Candidate], about: list[int], figures: bool = False
) -> list[int]:
    """For a comparison, the best sentence of each article none of `about` is from, where it says
    part of the subject (`PART_SAID`) and no part of a phrase of it another sentence says whole
    ("trade show" is not "the trade war"): each article asked of is heard when it speaks to it.
    Asked for `figures` ("the scale of Chinese participation"), its best sentence giving one that
    says any of the subject ("a large volume of Chinese tech firms")."""
    words = [w.lower() for w in lang.WORD.findall(subject)]
    pairs = [f"{a} {b}" for a, b in pairwise(words) if lang.terms(a) and lang.terms(b)]
    phrases = [p for p in pairs if any(p in c.text.lower().replace("-", " ") for c in pool)]
    asked = set(lang.terms(subject))
    heard = {pool[i].doc_id for i in about}
    best: dict[str, int] = {}
    for index, candidate in enumerate(pool):
        if candidate.doc_id in heard:
            continue
        if not (FIGURE.search(candidate.text) if figures else candidate.lexical >= PART_SAID):
            continue
        # Some of it in the sentence's own words, not only in the one it takes up.
        own = lang.covered(asked, set(lang.terms(candidate.text)))
        if not own or _part_of(phrases, candidate.text):
            continue
        kept = best.get(candidate.doc_id)
        if kept is None or candidate.score > pool[kept].score:
            best[candidate.doc_id] = index
    return list(best.values())


def _part_of(phrases: list[str], text: str) -> bool:
    """The text says a word of one of the phrases but not the phrase."""
    said = set(lang.terms(text))
    lowered = text.lower().replace("-", " ")  # "trade-war" says "trade war"
    return any(set(lang.terms(p)) & said and p not in lowered for p in phrases)


def each_heard(chosen: list[Candidate], pool: list[Candidate], names: list[str]) -> list[Candidate]:
    """Of several names a question lists ("the companies profiled - GDU, Hytera, Norinco", "the
    products of GDU and Hytera"), the best sentence of the pool (best first) for each one no
    chosen sentence names: each is part of the subject."""
    if len(names) < 2:
        return chosen
    chosen = list(chosen)
    for name in names:
        said = re.compile(rf"\b{re.escape(name)}\b", re.I)
        if not any(said.search(c.text) for c in chosen):
            chosen += [c for c in pool if said.search(c.text)][:1]
    return chosen


def each_named(composed: Composition, names: list[str]) -> Composition:
    """An overview with each name the question lists heard from (`each_heard`), in reading order."""
    if len(names) < 2 or composed.abstained:
        return composed
    composed.chosen = _in_reading_order(each_heard(composed.chosen, composed.pool, names))
    return composed


# "Beijing, after initially denying the camps existed, now describes them as vocational schools"
# after "… rounded up in a network of internment camps": a definite noun the sentence before
# names goes on with its story.
DEFINITE = re.compile(r"\bthe\s+(?P<noun>[a-z][\w-]+(?:\s+[a-z][\w-]+)?)")


# "The human rights group stated that they constituted torture devices" after "Amnesty
# International filed a complaint…": a described agent goes on with the story before it.
DESCRIBED = re.compile(
    r"\bthe (?:[\w-]+ ){1,2}(?:company|firm|group|agency|ministry|organi[sz]ation|campaigners?)\b",
    re.IGNORECASE,
)


def _takes_up(candidate: Candidate) -> bool:
    """The sentence names with "the" a thing the sentence before it named."""
    nouns = {t for m in DEFINITE.finditer(candidate.text) for t in lang.terms(m["noun"])}
    return bool(nouns & set(lang.terms(candidate.context)))


FURTHER = 0.8  # of the article's best relevance, for a comparison's third sentence of it


def _diverse(
    pool: list[Candidate],
    vectors: np.ndarray,
    count: int,
    diversity: float,
    per_article: int | None = None,
) -> list[Candidate]:
    """Maximal marginal relevance. Hand-written because llama-index's
    `get_top_k_mmr_embeddings` discounts only by the most recent pick and scores relevance by the
    embedding alone; an overview must not repeat any sentence already chosen, and the subject's
    words count as well as its meaning. A near-copy (a syndicated sentence) is never taken."""
    relevance = np.array([c.score for c in pool])
    similar = vectors @ vectors.T
    repeats = similar
    weak = np.zeros(len(pool), dtype=bool)  # below FURTHER of its article's best relevance
    if per_article is not None:
        # A comparison wants each article's sentence on the same point: only a repeat within
        # one article counts against a sentence (a near-copy in another is still never taken).
        articles = np.array([c.doc_id for c in pool])
        repeats = np.where(articles[:, None] == articles[None, :], similar, 0.0)
        strongest = {doc: relevance[articles == doc].max() for doc in set(articles)}
        weak = relevance < FURTHER * np.array([strongest[doc] for doc in articles])
    chosen: list[int] = []
    while len(chosen) < min(count, len(pool)):
        overlap = repeats[:, chosen].max(axis=1) if chosen else np.zeros(len(pool))
        value = (1 - diversity) * relevance - diversity * overlap
        value[chosen] = -np.inf
        if chosen:
            value[similar[:, chosen].max(axis=1) > 0.9] = -np.inf
        if per_article is not None:  # a comparison hears from each article in turn
            taken = Counter(pool[i].doc_id for i in chosen)
            full = [i for i, c in enumerate(pool) if taken[c.doc_id] >= per_article]
            value[full] = -np.inf
            # Past two, an article's sentence must be nearly as relevant as its best.
            value[[i for i, c in enumerate(pool) if weak[i] and taken[c.doc_id] >= 2]] = -np.inf
        best = int(np.argmax(value))
        if not np.isfinite(value[best]):
            break
        chosen.append(best)
    return [pool[i] for i in chosen]


def _in_reading_order(picked: list[Candidate]) -> list[Candidate]:
    """Article by article (the article with the most relevant sentence first), each in the
    order its sentences are written."""
    first_seen: dict[str, int] = {}
    for index, candidate in enumerate(picked):
        first_seen.setdefault(candidate.doc_id, index)
    return sorted(picked, key=lambda c: (first_seen[c.doc_id], c.start))
