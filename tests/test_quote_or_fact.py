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


@pytest.mark.parametrize(
    ("question", "intro"),
    [
        ("how did the norinco guy describe china's safety?", "What the norinco guy said:"),
        (
            "How did the Norinco spokesman describe China's safety?",
            'What the articles quote from Norinco (none says "spokesman"):',
        ),
    ],
)
def test_a_speaker_asked_how_they_described_something_is_quoted(seed_index: Path, question, intro):
    answer = Desk(Settings(index_dir=seed_index)).ask(question)
    assert answer.analysis.form == "quote" and answer.text.startswith(intro)
    assert "this is a safe country" in answer.text


def test_a_title_no_article_uses_is_not_lent_to_the_one_quoted(seed_index: Path):
    """The article quotes Hytera's man in francophone Africa, never its chief executive."""
    answer = Desk(Settings(index_dir=seed_index)).ask("What did the Hytera CEO say?")
    assert answer.text.startswith('What the articles quote from Hytera (none says "CEO"):')
    assert "Sylvain Shuang" in answer.text
