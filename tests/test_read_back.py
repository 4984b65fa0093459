"""A yes/no question's last part read back from a sentence (`rag.extractive.read_back`), with a
scripted reader and recogniser: which questions are turned into the one they hide, and when what
is read there settles "No"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pytest

from rag.extractive.read_back import read_back
from rag.reader import Reading, Span
from rag.words.nlp import Entity

STAND = (
    "Organisers closed the stand of one Chinese firm at the previous fair in 2017 after "
    "campaigners called them out for allowing it to display handcuffs that deliver shocks."
)
MANAGER = '"It\'s the Silicon Valley of China," said Yolen Ye, sales manager at GDU.'


@dataclass
class ScriptedReader:
    """Reads `answer` wherever it is in the passage, with `margin` over "no answer"; records
    the questions it was asked."""

    answer: str
    margin: float = 8.0
    asked: list[str] = field(default_factory=list)

    def read(self, question: str, passages: list[str], top: int = 3) -> list[Reading]:
        """Each of `answer`'s spans ("a|b": a, then b a little less sure) found in the passage."""
        self.asked.append(question)
        spans = []
        for rank, text in enumerate(self.answer.split("|")):
            start = passages[0].find(text)
            if start >= 0:
                spans.append(Span(text, start, start + len(text), 10.0 - 0.5 * rank, 0.9))
        if not spans:
            return [Reading([], 0.0)]
        return [Reading(spans, 10.0 - self.margin)]


NAMES = {"GDU": "organisation", "Norinco": "organisation", "Yolen Ye": "person"}
NAMES |= {"Chinese": "group", "French": "group", "China": "place", "Silicon Valley": "place"}
NAMES |= {"Paris": "place", "London": "place", "France": "place", "Asia": "place"}


def recognised(texts: list[str]) -> list[tuple[Entity, ...]]:
    return [
        tuple(
            Entity(m.start(), m.end(), name, kind)
            for name, kind in NAMES.items()
            for m in re.finditer(re.escape(name), text)
        )
        for text in texts
    ]


@dataclass
class Tools:
    reader: ScriptedReader
    entities: object = recognised

    def embed(self, texts: list[str]) -> np.ndarray:
        alike = {"restraints": [1.0, 0.1], "handcuffs": [1.0, 0.0], "firearms": [0.0, 1.0]}
        alike |= {"prisons": [0.0, 1.0], "vocational schools": [1.0, 0.0]}
        alike |= {"devices": [0.0, 1.0], "electric": [1.0, 0.0]}
        return np.array([alike.get(t, [0.5, 0.5]) for t in texts])


def test_the_thing_a_verb_ends_on_read_as_another_thing_is_a_no():
    tools = Tools(ScriptedReader("handcuffs"))
    question = "Was the stand closed in 2017 because it was displaying firearms?"
    assert read_back(question, STAND, "", tools) == "No"
    assert tools.reader.asked == ["what was the stand closed in 2017 because it was displaying?"]


def test_a_company_after_a_preposition_is_asked_which_company_and_must_read_one():
    tools = Tools(ScriptedReader("GDU"))
    assert read_back("Is Yolen Ye a sales manager at Norinco?", MANAGER, "", tools) == "No"
    assert tools.reader.asked == ["which company is Yolen Ye a sales manager at?"]
    place = Tools(ScriptedReader("Silicon Valley"))  # no company: nothing settled
    assert read_back("Is Yolen Ye a sales manager at Norinco?", MANAGER, "", place) is None
    # A longer span with the question's words around it does not hide the name inside it.
    longer = Tools(ScriptedReader("Yolen Ye, sales manager at GDU|GDU"))
    assert read_back("Is Yolen Ye a sales manager at Norinco?", MANAGER, "", longer) == "No"


def test_a_place_in_no_country_of_the_one_asked_is_a_no():
    tools = Tools(ScriptedReader("Paris"))
    sentence = "The fair was held this year in Paris."
    assert read_back("Was the fair held in London?", sentence, "", tools) == "No"
    assert tools.reader.asked == ["where was the fair held?"]


def test_a_name_given_to_a_thing_is_asked_what_it_is_called():
    """ "call the camps | prisons": the name after the thing a naming verb names."""
    tools = Tools(ScriptedReader("vocational schools"))
    sentence = "Beijing now describes the camps as vocational schools."
    assert read_back("Does Beijing call the camps prisons?", sentence, "", tools) == "No"
    assert tools.reader.asked == ["what does Beijing call the camps?"]


def test_what_a_thing_is_described_as_is_asked_what_it_is_described_as():
    """ "describe the camps as | prisons": without it, three words of four said made a Yes."""
    tools = Tools(ScriptedReader("vocational schools"))
    sentence = "Beijing now describes the camps as vocational schools."
    question = "Does Beijing describe the camps as prisons?"
    assert read_back(question, sentence, "", tools) == "No"
    assert tools.reader.asked == ["what does Beijing describe the camps as?"]


def test_a_people_is_asked_what_nationality():
    tools = Tools(ScriptedReader("Chinese"))
    question = "Was the 2017 stand that displayed handcuffs run by a French company?"
    assert read_back(question, STAND, "", tools) == "No"
    assert tools.reader.asked[0].startswith("what nationality was the 2017 stand")


@pytest.mark.parametrize(
    ("question", "sentence", "answer", "elsewhere"),  # elsewhere: the other sentences read
    [
        # the question's own thing in other words
        (
            "Was the stand closed in 2017 because it was displaying restraints?",
            STAND,
            "handcuffs",
            "",
        ),
        # negated or conditional: a sale to one place says nothing of them
        ("Is Yolen Ye not a sales manager at Norinco?", MANAGER, "GDU", ""),
        ("Could Yolen Ye be a sales manager at Norinco?", MANAGER, "GDU", ""),
        # an example is not the whole list
        (
            "Did GDU sell its drones to Vietnam?",
            "GDU sold drones to buyers such as Thailand.",
            "Thailand",
            "",
        ),
        # a place that holds the one read, or a place read where the question's does not stand
        ("Was the fair held in France?", "The fair was held this year in Paris.", "Paris", ""),
        (
            "Was the fair held in Asia?",
            "The fair was held this year while Paris slept.",
            "Paris",
            "",
        ),
        # another sentence read names the question's last part after all
        (
            "Is Yolen Ye a sales manager at Norinco?",
            MANAGER,
            "GDU",
            ["Yolen Ye was a sales manager at Norinco until May."],
        ),
        # not confident enough
        (
            "Was the stand closed in 2017 because it was displaying firearms?",
            STAND,
            "handcuffs@3",
            "",
        ),
        # how or when, not what
        ("Did organisers close the stand in 2017 at first?", STAND, "handcuffs", ""),
        ("Were the handcuffs shown again at this year's fair?", STAND, "organisers", ""),
        # a piece of what the reader read as the question's own words ("electric" of "electric
        # shocks" for "the shock handcuffs"), the question split inside "torture devices"
        (
            "Did Amnesty call the shock handcuffs torture devices?",
            "Amnesty International called out handcuffs that deliver electric shocks, torture tools.",
            "electric shocks|electric",
            "",
        ),
        (
            "Did Amnesty call the shock handcuffs torture devices?",
            "Amnesty International called out handcuffs that deliver the electric shocks, torture tools.",
            "electric|the electric shocks",
            "",
        ),
    ],
)
def test_nothing_is_settled_where_what_is_read_may_not_contradict(
    question, sentence, answer, elsewhere
):
    text, _, margin = answer.partition("@")
    tools = Tools(ScriptedReader(text, float(margin or 8.0)))
    assert read_back(question, sentence, "", tools, elsewhere or []) is None


def test_a_span_in_the_sentence_referred_back_to_settles_nothing_here():
    before = "The stand displayed handcuffs."
    sentence = "Organisers closed it in 2017 for what it was displaying."
    tools = Tools(ScriptedReader("handcuffs"))
    question = "Was the stand closed in 2017 because it was displaying firearms?"
    assert read_back(question, sentence, before, tools) is None
    assert tools.reader.asked  # it was read: what was read is not in the sentence
