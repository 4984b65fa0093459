"""The side of a contrast a question asks for: "A rather than B" (`rag.extractive.contrasts`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.extractive.contrasts import _sides

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


@pytest.mark.parametrize(
    "question",
    [
        "Why did the Norinco rep not want to be named?",  # a why
        "Which company is not Chinese?",  # a name asked for
        "What did Norinco never sell to Thailand?",  # a name the sentence does not say
        "What equipment do Chinese firms offer instead of weapons?",  # another sentence says more
    ],
)
def test_no_contrast_is_read_where_the_question_asks_for_something_else(desk, question):
    answer = desk.ask(question)
    assert "**assault rifles" not in answer.text
    assert "**facial recognition technology**" not in answer.text


def test_sides_are_found_whatever_the_spacing_and_in_one_pass():
    text = "Norinco is present, but with facial  recognition\ntechnology rather than battle tanks."
    (a_start, a_end), (b_start, b_end) = _sides(text)
    assert text[a_start:a_end] == "facial  recognition\ntechnology"
    assert text[b_start:b_end] == "battle tanks"
    assert _sides("word " * 3000 + "rather than tanks") is not None


@pytest.mark.parametrize(
    "question",
    [
        "what non-lethal gear are the chinese firms showing? list it",
        "What kinds of non-lethal gear are the Chinese firms displaying?",
    ],
)
def test_what_a_sentence_sets_its_subject_against_is_not_the_answer(desk, question):
    """ "But contrary to weapons and ammunition on display at other stands, Chinese firms offer
    non-lethal equipment: helmets, …": the firms' gear is the helmets, not the weapons."""
    answer = desk.ask(question)
    assert answer.lead is not None and answer.lead.text.startswith("helmets, bullet-proof vests")


def test_what_the_other_side_is_asked_for_it_is_read(desk):
    answer = desk.ask("What was on display at other stands?")
    assert answer.lead is not None and answer.lead.text == "weapons and ammunition"
