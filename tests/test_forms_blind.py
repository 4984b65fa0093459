"""The blind forms set and how an answer to it is judged (`python -m rag.evaluate.forms_blind`)."""

from __future__ import annotations

import json
from collections import Counter
from types import SimpleNamespace

from rag.evaluate.forms_blind import EXPECTED, HELD_OUT, QUESTIONS, chosen_splits, judged


def answer(text: str, form: str = "fact", outcome: str = "answer") -> SimpleNamespace:
    return SimpleNamespace(text=text, outcome=outcome, analysis=SimpleNamespace(form=form))


def test_the_set_has_its_blind_rounds_to_fit_on_and_held_out_halves_with_every_form_in_each():
    rows = [json.loads(line) for line in QUESTIONS.open(encoding="utf-8")]
    worded = [" ".join(row["question"].lower().split()) for row in rows]
    for prefix in ("fd", "fe", "ff", "fg", "fh", "fi", "fj", "fk", "fl", "fm", "fn"):
        later = [w for w, row in zip(worded, rows, strict=True) if row["id"] >= prefix]
        earlier = [w for w, row in zip(worded, rows, strict=True) if row["id"] < prefix]
        assert len(set(later)) == len(later) and not set(later) & set(earlier)
    splits = Counter(row["split"] for row in rows)
    assert splits == {
        "dev": 100,
        "dev2": 198,
        "dev3": 94,
        "dev4": 95,
        "dev5": 95,
        "dev6": 92,
        "dev7": 87,
        "dev8": 90,
        "dev9": 87,
        "dev10": 89,
        "dev11": 90,
        "dev12": 84,
        "dev13": 89,
        "dev14": 87,
        "dev15": 84,
        "dev16": 85,
        "dev17": 83,
        "dev18": 86,
        "dev19": 90,
        "dev20": 87,
        "dev21": 81,
        "test": 100,
        "test2": 99,
        "test3": 95,
        "test4": 89,
        "test5": 89,
        "test6": 83,
        "test7": 86,
        "test8": 83,
        "test9": 85,
        "test10": 84,
        "test11": 78,
        "test12": 83,
        "test13": 81,
        "test14": 80,
        "test15": 76,
        "test16": 77,
        "test17": 82,
        "test18": 84,
        "test19": 81,
        "test20": 74,
    }
    for split in splits:
        assert {row["form"] for row in rows if row["split"] == split} == set(EXPECTED)


def test_an_answer_is_right_when_it_states_every_expected_string():
    row = {"form": "fact", "answers": ["89"]}
    assert judged(row, answer("**89 out of 1,100** [1]")) == (True, True)
    assert judged(row, answer("53 [1]")) == (True, False)
    assert judged(row, answer("89", outcome="refused")) == (True, False)


def test_a_yes_no_question_needs_its_word_first_and_an_unanswerable_one_a_refusal():
    row = {"form": "yesno", "answers": ["yes", "40%"]}
    assert judged(row, answer("**Yes**: Hytera makes 40% of its sales abroad [1]")) == (True, True)
    assert judged(row, answer("Hytera makes 40% of its sales abroad [1]")) == (True, False)
    noted = 'Read only "China surveillance tech seeks global reach".\n\n**Yes**: … 40% … [1]'
    assert judged(row, answer(noted)) == (True, True)
    refused = {"form": "unanswerable", "answers": []}
    assert judged(refused, answer("The indexed articles do not answer this.", outcome="refused"))[1]
    assert judged({"form": "overview", "answers": []}, answer("…", form="fact")) == (False, True)


def test_a_form_is_right_by_where_a_question_pointing_there_is_answered_from():
    teased = {
        "form": "overview",
        "answers": [],
        "question": "What is the similar article about?",
    }
    assert judged(teased, answer("…", form="teasers"))[0]
    assert not judged(
        {**teased, "question": "What's the chip story about?"}, answer("…", "teasers")
    )[0]
    byline = {"form": "unanswerable", "answers": [], "question": "Who wrote the Milipol article?"}
    assert judged(byline, answer("No byline.", form="author", outcome="refused")) == (True, True)


def test_one_run_scores_several_splits_a_group_standing_for_each_of_its_splits_once():
    assert chosen_splits(["dev3"]) == ["dev3"]
    assert chosen_splits(["held-out"]) == HELD_OUT
    fitted = chosen_splits(["fitted", "dev2"])
    assert fitted[:3] == ["dev", "dev2", "dev3"] and len(fitted) == len(set(fitted))
    assert not set(fitted) & set(HELD_OUT)
