"""The yes/no trap set is two halves of 60, each verdict scored by its bold opening word."""

from __future__ import annotations

import json
from collections import Counter

from rag.evaluate.yesno_traps import QUESTIONS, tally, verdict_of


def test_the_set_is_split_in_two_halves_of_every_kind():
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    assert Counter(row["split"] for row in rows) == {"read": 60, "counted": 60}
    assert Counter(row["expected"] for row in rows) == {"yes": 40, "no": 50, "neither": 30}


def test_a_verdict_is_the_bold_word_an_answer_line_opens_on():
    assert verdict_of("**Yes**: Hytera makes 40% of its sales outside China [1]") == "yes"
    assert verdict_of('Read only "…".\n\n**No**: The company already makes 40% … [1]') == "no"
    assert verdict_of("The closest the articles come: … no … [1]") == "neither"


def test_a_yes_to_a_question_denied_or_unsettled_is_a_false_yes():
    counts = tally(
        [("no", "yes"), ("neither", "yes"), ("yes", "yes"), ("yes", "no"), ("no", "neither")]
    )
    assert counts["false yes"] == 2 and counts["right yes"] == 1 and counts["wrong no"] == 1
    assert sum(v for k, v in counts.items() if k != "questions") == counts["questions"] == 5
