"""A question about what someone claims asks either for their words ("What did the Norinco
representative say?") or for a thing they claim ("What accuracy rate does Norinco claim?"): the
second is a fact, refused when no sentence gives it, not the speaker's quotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.forms.quotes import asks_for_a_thing


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("What accuracy rate does Norinco claim for its facial recognition?", True),
        ("What's the name of the Norinco representative who was quoted?", True),
        ("What did the Norinco representative say?", False),
        ("What exactly did Yolen Ye say?", False),
        ("What else did Yolen Ye say?", False),
        ("What does GDU claim its drones can do?", False),
        ("What quote does the second article end on?", False),
        ("What claim does the Norinco spokesman make?", False),
    ],
)
def test_a_thing_asked_for_is_told_from_the_speakers_words(question, thing):
    assert asks_for_a_thing(question) is thing


def test_a_thing_claimed_that_no_sentence_gives_is_refused(seed_index: Path):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask("What accuracy rate does Norinco claim for its facial recognition?")
    assert answer.outcome == "refused"
    said = desk.ask("What did the Norinco representative say?")
    assert said.analysis.form == "quote" and "we realise this is a safe country" in said.text
