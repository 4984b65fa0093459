"""A hedge counts where it hedges what the question asks (`rag.extractive.hedges`)."""

from __future__ import annotations

import pytest

from rag.extractive.hedges import hedged

PRIVACY = (
    "With the EU’s improved stance on personal privacy, Chinese firms may find that they have a "
    "hard time selling equipment to EU member nations."
)
CAMERAS = (
    "China has already deployed over 170 million cameras throughout the country, and some experts "
    "estimate that there may be as much as 2.76 billion cameras around the country by 2022."
)


def test_a_hedge_on_another_part_of_the_sentence_leaves_the_statement_stated():
    assert not hedged("Has the EU's stance on personal privacy improved?", PRIVACY)
    assert hedged("Will Chinese firms have a hard time selling to the EU?", PRIVACY)


def test_a_hedge_on_the_figure_asked_holds_whatever_else_the_sentence_states():
    assert hedged("Has China deployed 2.76 billion cameras?", CAMERAS)
    assert not hedged("Has China deployed over 170 million cameras?", CAMERAS)


def test_a_hedge_opening_the_sentence_holds_all_of_it():
    assert hedged(
        "Did China deploy 176 million cameras?",
        "It is likely that China deployed 176 million cameras.",
    )


def test_a_hedge_that_describes_a_thing_is_no_hedge_of_the_statement():
    assert not hedged(
        "Did Amnesty complain about handcuffs?",
        "Amnesty complained about handcuffs that would deliver electric shocks.",
    )


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        (
            "Will Huawei supply 5G equipment to Germany?",
            "If the deal goes through, Huawei will supply 5G equipment to Germany.",
        ),
        (
            "Are there 170 million cameras in China?",
            "By some estimates, there are 170 million cameras in China.",
        ),
        ("Did Huawei sell cameras to Xinjiang?", "Huawei, reportedly, sold cameras to Xinjiang."),
    ],
)
def test_a_condition_a_report_or_an_estimate_hedges_all_of_the_sentence(question, sentence):
    assert hedged(question, sentence)
