"""A whole article in a few sentences: "the gist of the Milipol piece", "tl;dr of <title>",
"summarise both articles".

An overview of a subject picks the sentences closest to it (`rag.forms.overview`); an article has
no subject but itself, and the sentences closest to its title are the ones that restate it. A news
article puts its story in its first sentence and its particulars after: the figures, the firms,
the people. So the summary opens with the lede and takes one sentence from each later part of
the article (its sentences cut into as many runs as sentences are wanted), in each the one that
says most of what the article is about (closest to its centroid) and gives most particulars
(figures and names). That is the lead-and-coverage shape of extractive news summaries: the whole
article is heard, not its first paragraph five times over.
"""

from __future__ import annotations

import re

import numpy as np
from llama_index.core.schema import NodeWithScore

from rag.extractive.answer import Composition, Tools, candidates
from rag.extractive.candidates import Candidate
from rag.extractive.scoring import pool_entities

# What each particular (a name, figure or date, as `rag.words.nlp` reads them) adds to how central
# a sentence is, up to five: a summary's sentences carry the story's facts ("89 out of 1,100
# companies", "Norinco"), and a run without any still gives its most central sentence.
PARTICULAR = 0.1
# Articles summarised together are each given at least this many sentences: the lede and three
# more, enough to hear each one's particulars rather than its opening paragraph.
EACH = 4
MOST_PARTICULARS = 5


def article_summary(hits: list[NodeWithScore], tools: Tools, count: int) -> Composition:
    """`count` sentences of one article of `hits` (all its passages); of several, `count` shared
    between them but at least `EACH` each: each article's lede, then the best sentence of each
    later run of it."""
    articles: dict[str, list[Candidate]] = {}
    seen: set[tuple[str, int]] = set()
    for candidate in candidates(hits):
        key = (candidate.doc_id, candidate.start)
        if key not in seen:
            seen.add(key)
            articles.setdefault(candidate.doc_id, []).append(candidate)
    if not articles:
        return Composition("refused", form="overview")
    each = max(EACH, count // len(articles))
    chosen: list[Candidate] = []
    for sentences in articles.values():  # in the order their passages come
        sentences.sort(key=lambda c: c.start)
        chosen += _covering(sentences, tools, each)
    return Composition(
        "answer", chosen, pool=[c for s in articles.values() for c in s], form="overview"
    )


def _covering(sentences: list[Candidate], tools: Tools, count: int) -> list[Candidate]:
    """The lede, then from each of `count - 1` equal runs of the rest, its best sentence."""
    if len(sentences) <= count:
        return sentences
    vectors = tools.embed([c.text for c in sentences])
    centre = vectors.mean(axis=0)
    central = vectors @ (centre / (np.linalg.norm(centre) or 1.0))
    found = pool_entities(sentences, tools.entities)  # the labels stored at ingest
    particulars = np.array([min(len(names), MOST_PARTICULARS) for names in found])
    value = central + PARTICULAR * particulars
    rest = np.array_split(np.arange(1, len(sentences)), count - 1)
    return [sentences[0]] + [sentences[int(run[np.argmax(value[run])])] for run in rest if len(run)]


# What journalists call an article's opening paragraph: "What's the lede of the second article?",
# "the opening paragraph of …", "how does the Milipol piece open?".
LEDE = re.compile(
    r"\b(?:lede|lead paragraph|(?:opening|first|top|intro(?:ductory)?) (?:paragraph|par|para|"
    r"graf|lines?|sentences?)|intro\b|how does (?:it|the \w+(?: \w+)?) (?:open|begin|start))",
    re.I,
)


# And its end: "the last section of the influx article", "the conclusion of the first piece",
# "how does the influx article wrap up?"
# (not "the trade war ending", "prices ending up lower": the article's own ending).
ENDING = re.compile(
    r"\b(?:(?:last|closing|final|concluding) (?:paragraph|par|para|graf|section|part|lines?|"
    r"sentences?|bit)|(?:the|its)(?: \w+['’]s)? (?:conclusion|kicker|ending)"
    r"|how does (?:it|the (?:[\w'’-]+ ){0,3}?(?:article|story|piece|report|one)) "
    r"(?:end|close|conclude|finish|wrap up|wind up|sign off))\b",
    re.I,
)
# One sentence asked for: "the last sentence", "the opening line".
ONE_SENTENCE = re.compile(r"\b(?:sentence|line)\b(?!s)", re.I)


def asks_end_or_lede(question: str) -> bool:
    return bool(LEDE.search(question) or ENDING.search(question))


def lede(hits: list[NodeWithScore], question: str = "") -> Composition:
    """The article's first paragraph (its first passage: passages follow paragraphs), whole; or,
    asked for its end, its last paragraph (teasers of other stories are not its passages); of
    either, asked for one sentence or line, that sentence."""
    ending = bool(ENDING.search(question)) and not LEDE.search(question)
    edge = max if ending else min
    paragraph = edge(hits, key=lambda hit: int(hit.node.metadata.get("start", 0)), default=None)
    if paragraph is None:
        return Composition("refused", form="overview")
    sentences = sorted(candidates([paragraph]), key=lambda c: c.start)
    if ONE_SENTENCE.search(question):
        sentences = sentences[-1:] if ending else sentences[:1]
    return Composition("answer", sentences, pool=sentences, form="overview")
