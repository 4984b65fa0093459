"""The side of a contrast a question asks for: "A rather than B" (`rag.extractive.contrasts`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk

SENTENCE = "Chinese armaments firm Norinco is also present at Milipol, but with facial recognition"


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("What is Norinco showing at Milipol instead of weapons?", "facial recognition technology"),
        (
            "What is Norinco showing off at the Paris fair instead of tanks and rifles?",
            "facial recognition technology",
        ),
        (
            "what does norinco normally make instead of face recognition stuff?",
            "assault rifles or battle tanks",
        ),
        (
            "what weapons does the piece say norinco is NOT showing",
            "assault rifles or battle tanks",
        ),
    ],
)
def test_the_side_the_question_does_not_name_or_the_one_it_denies_leads(desk, question, side):
    answer = desk.ask(question)
    assert answer.outcome == "answer"
    assert answer.text.startswith(f"**{side}** [1]")
    assert answer.citations[0].quote.startswith(SENTENCE)


def test_a_why_with_a_negation_is_no_contrast(desk):
    answer = desk.ask("Why did the Norinco rep not want to be named?")
    assert "**assault rifles" not in answer.text
