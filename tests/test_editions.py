"""A question about one edition, quarter or year is not answered from a sentence about another:
"Splatoon 1 … released in 2015" does not say when Splatoon 2 came out, and "revenue was
stagnant in Q2 2020" is not the first quarter of 2021; nor a question about money with a count
of cars. Snippets as a search engine returns them (RGB's style: the date, then the text, cut
where it skips)."""

from __future__ import annotations

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from rag.extractive.candidates import Candidate
from rag.extractive.measures import priced_other
from rag.extractive.spans import Span, Version, names_another
from rag.extractive.times import asked_first
from rag.words.nlp import Entity
from tests.test_disagreements import UNRELATED, build

OTHER_EDITIONS = [
    (
        "Metro Herald",
        None,
        "Apr 26, 2022 ... Splatoon 1 on the Wii U released in 2015 is still very much active and "
        "it doesn't take very long to find a game.",
    ),
    (
        "Evening Post",
        None,
        "Jul 27, 2021 ... Tesla's revenue was stagnant in Q2 2020, at $6.04 billion.",
    ),
    (
        "Coastal Times",
        None,
        "Jul 2, 2021 ... In the first six months of 2021, Nordvik delivered 184,877 vehicles in "
        "Q1 and ...",
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    return build(tmp_path_factory.mktemp("editions"), OTHER_EDITIONS + UNRELATED)


@pytest.mark.parametrize(
    "question, other",
    [
        ("When was Splatoon 2 released?", "2015"),
        ("What was Tesla's revenue in Q1 2021?", "$6.04 billion"),
    ],
)
def test_another_editions_figure_is_not_stated(engine, question, other):
    answer = engine.ask(question)
    assert answer.lead is None and f"**{other}**" not in answer.text


def test_a_count_of_things_is_no_amount_of_money(engine):
    answer = engine.ask("What was Nordvik's revenue in Q1 2021?")
    assert answer.abstained and "184,877" not in answer.text


def version(sentence: str, answer: str) -> Version:
    node = TextNode(text=sentence, metadata={"doc_id": sentence[:8]})
    candidate = Candidate(NodeWithScore(node=node, score=0.0), 0, sentence, 0, len(sentence))
    start = sentence.index(answer)
    entity = Entity(start, start + len(answer), answer, "date")
    return Version(answer.lower(), [Span(candidate, entity, answer.lower(), 1.0, 1.0)])


def test_the_edition_asked_is_kept_and_another_left_out():
    first = version("Splatoon 1 on the Wii U was released in 2015.", "2015")
    second = version("It was released on July 21, 2017, as Splatoon 2.", "July 21, 2017")
    assert asked_first([first, second], "When was Splatoon 2 released?") == [second]


def test_a_roman_numeral_is_the_same_number_and_a_date_is_no_edition():
    diablo = version("Diablo III came out on May 15, 2012, for Windows.", "May 15, 2012")
    march = version("The game came out on March 5, 2012.", "March 5, 2012")
    assert asked_first([diablo], "When was Diablo 3 released?") == [diablo]
    assert asked_first([march], "Was it released on March 3?") == [march]


def test_the_version_that_states_the_year_asked_leads():
    later = version(
        "Jul 9, 2022 ... Elena Rybakina won the final, ranked since 2018.", "Elena Rybakina"
    )
    right = version("Jul 14, 2018 ... Angelique Kerber has won the title.", "Angelique Kerber")
    assert asked_first([later, right], "Who won Wimbledon in 2018?") == [right, later]


def test_a_quarter_in_words_is_the_quarter_asked():
    said = version(
        "Revenue in the first quarter of 2021 was $10.4 billion, up from Q1 2020.", "$10.4 billion"
    )
    assert asked_first([said], "What was Tesla's revenue in Q1 2021?") == [said]


def test_a_share_is_no_amount_of_money_but_any_currency_is():
    share = version("Its sales grew 20 per cent last year.", "20 per cent").best
    pesos = version("The deal was worth 50 million pesos.", "50 million pesos").best
    assert priced_other("money", share)
    assert not priced_other("money", pesos)
    assert not priced_other("quantity", share)  # a share asked for is a share


def test_a_count_whose_thing_follows_the_figure_is_no_amount_of_money():
    """ "How much has China spent …?" and "deployed 176 million cameras": a count of cameras."""
    cameras = version("China has deployed 176 million cameras.", "176 million").best
    dollars = version("The city spent 5 million dollars on cameras.", "5 million").best
    assert priced_other("money", cameras)
    assert not priced_other("money", dollars)


def test_a_month_or_the_questions_people_are_no_other_name():
    question = "What was the name of the Chinese company whose stand was closed?"
    assert not names_another(question, "A company from China closed its stand in November.")
    assert names_another(question, "The stand of Hytera closed in November.")
