"""A follow-up's pronoun stands for what the previous question was about."""

from __future__ import annotations

import pytest

from rag.questions import hints
from rag.questions.hints import resolved


def conversation(question: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": "..."}]


@pytest.mark.parametrize(
    ("previous", "follow_up", "meant"),
    [
        (
            "What percentage of Hytera's sales are made outside China?",
            "and who represents them?",
            "and who represents Hytera?",
        ),
        ("What does Hytera sell?", "where are its offices?", "where are Hytera's offices?"),
        (
            "How many cameras has China deployed?",
            "and what does it plan next?",
            "and what does China plan next?",
        ),
        (
            "Who filed a complaint about the handcuffs?",
            "what about in 2017?",
            "what about in 2017?",
        ),
        ("what does hytera sell?", "and who represents them?", "and who represents them?"),
    ],
)
def test_a_pronoun_is_the_name_the_previous_question_asked_about(previous, follow_up, meant):
    assert resolved(follow_up, conversation(previous)) == meant


def test_a_question_that_is_no_follow_up_is_left_alone():
    question = "Who makes the shock handcuffs sold by Norinco at the fair this year in Paris?"
    assert resolved(question, conversation("What does Hytera sell?")) == question
    assert resolved("and who represents them?", None) == "and who represents them?"


@pytest.mark.parametrize(
    "asked, meant",
    [
        ("Can you summarize both articles in a few sentences?", "Summarize both articles?"),
        ("could you please list the Chinese firms briefly", "List the Chinese firms"),
        ("Would you tell me who wrote it?", "Tell me who wrote it?"),
        ("Can you see a link between them?", "Can you see a link between them?"),
        ("Could Hytera sell in Europe?", "Could Hytera sell in Europe?"),
    ],
)
def test_a_polite_frame_around_a_request_is_not_its_subject(asked, meant):
    assert hints.unframed(asked) == meant


def test_a_plural_left_open_is_the_plural():
    assert hints.unframed("Which article(s) mention the trade war?") == (
        "Which articles mention the trade war?"
    )
    assert hints.unframed("Which outlet(s) and bus(es)?") == "Which outlets and buses?"
    assert hints.unframed("Hytera (see above) sells abroad?") == "Hytera (see above) sells abroad?"


@pytest.mark.parametrize(
    ("asked", "meant"),
    [
        ("Verbatim: what did Yolen Ye call Shenzhen?", "What did Yolen Ye call Shenzhen?"),
        ("What did the Norinco rep say, in his own words?", "What did the Norinco rep say?"),
        ("how does beijing label the camps — exact term", "how does beijing label the camps"),
        (
            "What exact phrase does the first article use for China's privacy record?",
            "How does the first article describe China's privacy record?",
        ),
        ("What were Yolen Ye's exact words?", "What were Yolen Ye's words?"),
        ("How many words is the first article?", "How many words is the first article?"),
        (
            "What words do the articles use for the camps?",
            "How do the articles describe the camps?",
        ),
        (
            "How does the first piece describe China? Precise wording",
            "How does the first piece describe China",
        ),
        ("Was the figure reported inexactly?", "Was the figure reported inexactly?"),
        (
            "What language does the minority use for prayers?",
            "What language does the minority use for prayers?",
        ),
        ("Is that word for word?", "Is that word for word?"),
    ],
)
def test_a_request_for_the_articles_own_words_is_not_what_is_asked(asked, meant):
    """Every answer quotes its sentences as written: "verbatim", "in his own words" and "the exact
    phrase" ask nothing more, and "phrase" or "words" would be looked for in the articles."""
    assert hints.unframed(asked) == meant
