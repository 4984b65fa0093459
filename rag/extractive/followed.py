"""What a passage goes on to say about the one a yes/no question asks of, without naming it.

"Is Norinco a private company?" is settled by '"In China, …," said a representative of the
state-owned firm …', the paragraph right after "Chinese armaments firm Norinco is also present
…". Neither the question's words nor its meaning rank that paragraph among those read: it says
"state-owned", not "private", and never "Norinco". So the passage after one that names the
question's subject is read too when it opens by referring back ("the firm", "it", "the
company"), and its sentence is weighed for the verdict with the one it refers to.
"""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore, TextNode

from ingest.store import Store
from ingest.text.sentences import sentence_spans
from rag.extractive.candidates import Candidate
from rag.extractive.scoring import REFERS
from rag.questions.analysis import names_of
from rag.words import text as lang

# Passages (and sentences) after the ones read, at most, added for a question.
FOLLOWED = 2


def _names_subject(question: str, text: str) -> bool:
    """The text says the question's first name ("is norinco state owned" names Norinco too)."""
    names = names_of(question, text)
    subject = set(lang.terms(names[0])) if names else set()
    return bool(subject) and subject <= lang.covered(subject, set(lang.terms(text)))


def passages_after(store: Store, question: str, hits: list[NodeWithScore]) -> list[NodeWithScore]:
    """Up to `FOLLOWED` passages, each the one right after a hit naming the question's subject,
    that open by referring back to it and were not read already (one store read for all)."""
    read = {hit.node.node_id for hit in hits}
    places = [
        (str(hit.node.metadata.get("doc_id")), int(hit.node.metadata["chunk_index"]) + 1)
        for hit in hits
        if hit.node.metadata.get("chunk_index") is not None
        and _names_subject(question, hit.node.get_content())
    ]
    stored = store.chunks_at(list(dict.fromkeys(places)))
    floor = min((hit.score or 0.0) for hit in hits) if hits else 0.0
    found: list[NodeWithScore] = []
    for place in places:
        row = stored.get(place)
        if row is None or row.id in read or not REFERS.search(_first_sentence(row.text)):
            continue
        read.add(row.id)
        node = TextNode(id_=row.id, text=row.text, metadata=row.metadata)
        found.append(NodeWithScore(node=node, score=floor))
        if len(found) == FOLLOWED:
            break
    return found


def _first_sentence(text: str) -> str:
    spans = sentence_spans(text)
    return text[spans[0][0] : spans[0][1]] if spans else ""


def followers(question: str, read: list[Candidate], every: list[Candidate]) -> list[Candidate]:
    """The sentences of `every` that come right after a sentence of `read` naming the question's
    subject and refer back to it, not read already: weighed for a yes or a no with it."""
    naming = {(c.doc_id, c.text) for c in read if _names_subject(question, c.text)}
    seen = {id(c) for c in read}
    return [
        c
        for c in every
        if (c.doc_id, c.context) in naming and REFERS.search(c.text) and id(c) not in seen
    ][:FOLLOWED]
