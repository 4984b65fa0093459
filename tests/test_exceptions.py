"""A superlative granted with an exception ("the best represented … save for host nation France")
answers yes or no to a question that asks for the superlative, or sets the exception aside, and
names the one above the subject to a question asking which has more."""

from __future__ import annotations

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from rag.extractive.candidates import Candidate
from rag.extractive.exceptions import above, by_exception

SAID = (
    "With 89 out of 1,100 companies demonstrating their wares at the Milipol security trade "
    "fair, China is the best represented of the 53 nations present save for host nation France."
)


@pytest.mark.parametrize(
    "question, word",
    [
        ("Is China the country with the most exhibitors at Milipol?", "No"),
        ("Is China the single best represented nation at the fair, ahead of everyone?", "No"),
        ("Is China the best-represented foreign country at Milipol?", "Yes"),
        ("Apart from France, is China the best represented nation?", "Yes"),
        # the subject put above the exception by name: the sentence says otherwise
        ("Is China the best-represented nation at the fair, even ahead of France?", "No"),
        ("Is China the best represented nation, ahead of host France?", "No"),
        ("Is China the best represented nation at Milipol, ahead even of France?", "No"),
        # more than all the others: the superlative asked another way
        ("Does China have more exhibitors than every other foreign country at the fair?", "Yes"),
        ("Does China have more exhibitors than all the others at the fair?", "No"),
        ("Did China have more exhibitors than France at the fair?", "No"),
        ("Did France have more exhibitors than China?", "Yes"),
        ("Did China have more cameras than France?", None),  # not what the sentence ranks
        ("Did China have more exhibitors than France in 2017?", None),  # another year's fair
        # not what the sentence ranks, not its subject, or about the exception itself
        ("Is China the country with the most surveillance cameras?", None),
        ("Is Milipol the biggest fair in Paris?", None),
        ("Is France the best represented nation?", None),
    ],
)
def test_a_superlative_with_an_exception_settles_yes_or_no(question, word):
    assert by_exception(question, SAID) == word


def test_a_superlative_without_an_exception_is_left_to_the_other_readings():
    assert (
        by_exception("Is China the best represented nation?", "China is the best represented.")
        is None
    )


@pytest.mark.parametrize(
    "question, named",
    [
        ("Which country had more exhibitors than China?", "France"),
        ("which nation is better represented than China at the fair", None),  # not "more"
        ("Which country had more cameras than China?", None),  # not what the sentence ranks
        ("Which country had more exhibitors than France?", None),  # not granted to France
        ("Did France have more exhibitors than China?", None),  # a yes/no: `by_exception`
        ("Which country had more companies than China?", "France"),  # as the articles say it
        ("Which country had more exhibitors than the host?", None),
    ],
)
def test_the_exception_is_the_one_with_more_than_the_subject(question, named):
    said = Candidate(NodeWithScore(node=TextNode(text=SAID), score=0.0), 0, SAID, 0, len(SAID))
    found = above(question, [said])
    assert (found.entity.text if found else None) == named
