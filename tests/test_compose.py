"""The answerer's stages, on real sentences and the real embedding model."""

from __future__ import annotations

import numpy as np
import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from ingest.embedding import load_embed_model
from ingest.settings import Settings
from rag.extractive.answer import candidates
from rag.extractive.scoring import SentenceEmbeddings, by_meaning
from rag.extractive.spans import Span, not_a_name
from rag.words.nlp import Entity

PASSAGE = (
    "Hytera sells radios to police forces. "
    "The weather in Paris was mild on Tuesday. "
    "Hytera makes two-way radios and body cameras for the police."
)


def test_scoring_by_meaning_sorts_the_pool_and_keeps_each_sentence_its_own_vector(
    settings: Settings,
) -> None:
    embed = SentenceEmbeddings(load_embed_model(settings))
    hit = NodeWithScore(node=TextNode(text=PASSAGE, metadata={"doc_id": "a.txt"}), score=1.0)
    pool = candidates([hit])
    # Words put the weather first; meaning must reorder the pool.
    for candidate, score in zip(pool, (0.0, 5.0, 0.0), strict=True):
        candidate.score = score
    question = embed.model.get_query_embedding("What does Hytera sell?")

    vector_of = by_meaning(pool, question, embed)

    assert [c.score for c in pool] == sorted((c.score for c in pool), reverse=True)
    for candidate in pool:
        own = embed([candidate.text])[0]
        assert np.allclose(vector_of[id(candidate)], own)


@pytest.mark.parametrize(
    ("span", "named"),
    [
        ("Tropical Storm Nicole", True),
        ("the EU", True),
        ("rare November hurricane", False),
        ("demonstration stall", False),
        ("Organisers closed the stand of one Chinese firm at the previous fair", False),
    ],
)
def test_a_name_is_a_few_words_most_of_them_capitalised_the_first_among_them(span, named):
    before = "The answer the article gave was "
    sentence = f"{before}{span} in the end."
    hit = NodeWithScore(node=TextNode(text=sentence, metadata={"doc_id": "a.txt"}), score=1.0)
    (candidate,) = candidates([hit])
    found = Span(candidate, Entity(len(before), len(before) + len(span), span, ""), "", 0.0, 0.0)
    assert not_a_name("What was the name of the storm?", found) is not named
    assert not not_a_name("What hit Florida?", found)  # only a question asking for a name
