"""A why whose best sentence only states what the question asks the reason for ("… has raised
some eyebrows in the past") is answered with the two sentences after it in its paragraph, where a
news story says what it was about; "What made X do Y?" asks why."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.questions.analysis import analyse


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    "question",
    [
        "What made Chinese participation in Milipol raise eyebrows before?",
        "what makes this chinese surveillance tech worrying?",
        "What caused the stand to close?",
    ],
)
def test_what_made_something_happen_asks_why(question):
    assert analyse(question).kind == "reason"


def test_what_makes_up_something_does_not_ask_why():
    assert analyse("What makes up the Chinese delegation?").kind != "reason"


@pytest.mark.parametrize(
    "question",
    [
        "Why was a Chinese company's stall closed in 2017?",
        "What made Chinese participation in Milipol raise eyebrows before?",
    ],
)
def test_the_sentences_after_a_restated_premise_give_the_reason(desk, question):
    answer = desk.ask(question)
    quotes = [c.quote for c in answer.citations]
    assert any(q.startswith("Amnesty International filed a complaint") for q in quotes)
    assert "handcuffs" in answer.text


def test_a_quotation_opening_the_next_paragraph_on_what_the_best_sentence_names_goes_with_it(desk):
    """ "… the Shenzhen region near Hong Kong - home to … Huawei." ends its paragraph; the next
    opens ""It's the Silicon Valley of China," said Yolen Ye": it says why Shenzhen matters."""
    answer = desk.ask("why is shenzhen significant here")
    quotes = [c.quote for c in answer.citations]
    assert "Shenzhen region near Hong Kong" in quotes[0]
    assert quotes[1].startswith('"It\'s the Silicon Valley of China," said Yolen Ye')


@pytest.mark.parametrize(
    ("question", "cause"),
    [
        (
            "How come Hytera makes so much of its revenue abroad?",
            "owing in part to having acquired firms in Britain, Canada and Spain",
        ),
        (
            "What reason does Beijing give for the camps in Xinjiang?",
            "aimed at dampening the allure of Islamist extremism and violence through education "
            "and job training",
        ),
        (  # a clause after the statement runs to its end, past a comma inside it
            "Why does the Norinco rep think China is a safe country?",
            "because in most public spaces, we have this system to secure the situation",
        ),
    ],
)
def test_a_clause_of_cause_or_purpose_is_the_reason_shown(desk, question, cause):
    """The reader, trained on questions asking for a thing named, reads the effect a why
    restates ("40%"); the clause after "owing in part to", "aimed at" or "because" is the why."""
    assert f"**{cause}**" in desk.ask(question).text


def test_a_figure_or_the_question_s_own_words_are_no_reason(desk):
    """ "thus appear to be well placed" restates what the question asks the reason for."""
    answer = desk.ask("Why are concerns about China's surveillance system considered well placed?")
    assert "**thus appear to be well placed**" not in answer.text
    assert "**Concerns about the system" not in answer.text
