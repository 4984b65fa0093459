"""A sentence of a retrieved passage as the answerer weighs it: the unit that the answerer, the
span finder (`rag.extractive.spans`) and the other answer forms (`rag.forms.about`, `rag.forms.listing`,
`rag.forms.disagreements`) pass between them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from llama_index.core.schema import NodeWithScore

from ingest.text import entities
from ingest.text.sentences import sentence_spans
from rag.words import nlp
from rag.words import text as lang

# A sentence that lists: "…: helmets, bullet-proof vests and tactical clothing …".
LISTS = re.compile(r":\s*\S|,[^,]+,")


@dataclass
class Candidate:
    """One sentence of a retrieved passage, with where it sits in its article."""

    node: NodeWithScore
    rank: int
    text: str
    start: int
    end: int
    context: str = ""  # the sentence before it in the article
    labels: entities.Labels | None = None  # spaCy's, stored at ingest (None: not stored)
    part: str = "text"  # or "header" (title, author, outlet, date) or "caption" (`rag.forms.about`)
    entities: tuple[nlp.Entity, ...] = ()  # those of a kind the question accepts, not named by it
    dense: float = 0.0
    lexical: float = 0.0
    kind_fit: float = 0.0
    read: float = 0.0  # the reader's probability for the best span it holds
    score: float = 0.0

    @property
    def doc_id(self) -> str:
        return self.node.node.metadata["doc_id"]


def sentence_before(candidate: Candidate, read: list[Candidate]) -> Candidate | None:
    """The sentence read that comes just before `candidate` in its article, if it was read."""
    return next(
        (c for c in read if c.doc_id == candidate.doc_id and c.text == candidate.context), None
    )


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


def earlier_in_passage(candidate: Candidate) -> dict[str, str]:
    """Each sentence of the candidate's passage mapped to the one before it in the article (as
    `candidates` reads them): a chain of references is followed through sentences not read."""
    return {c.text: c.context for c in candidates([candidate.node])}


def candidates(hits: list[NodeWithScore]) -> list[Candidate]:
    """Split each passage into sentences with offsets into the cleaned article."""
    found = []
    for rank, hit in enumerate(hits):
        passage = hit.node.get_content()
        base = int(hit.node.metadata.get("start", 0))
        previous = hit.node.metadata.get("before", "")  # recorded at ingest
        labels = entities.parse(hit.node.metadata.get("entities"))
        opened: int | None = None  # where the passage's last candidate starts in it
        for start, end in sentence_spans(passage):
            sentence = passage[start:end]
            if lang.is_heading(sentence):
                continue
            if len(lang.WORD.findall(sentence)) < 3:
                # "… or riot troops. Jamming equipment.": a fragment goes on with the list of the
                # sentence it follows in its paragraph, never on its own ("Critics object." after
                # a sentence that lists nothing is left out, as before).
                if (
                    opened is not None
                    and LISTS.search(found[-1].text)
                    and "\n" not in passage[found[-1].end - base : start]
                ):
                    _extend(found[-1], passage, opened, end, base, labels)
                    previous = found[-1].text  # what the next sentence follows, as read
                continue
            found.append(Candidate(hit, rank, sentence, base + start, base + end, previous))
            if labels is not None:
                found[-1].labels = entities.within(labels, start, end)
            previous, opened = sentence, start
    return found


def _extend(
    candidate: Candidate,
    passage: str,
    start: int,
    end: int,
    base: int,
    labels: entities.Labels | None,
) -> None:
    candidate.text, candidate.end = passage[start:end], base + end
    if labels is not None:
        candidate.labels = entities.within(labels, start, end)


def candidates_of_sources(
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
