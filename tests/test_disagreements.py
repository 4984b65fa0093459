"""Sources that disagree: a name, a date and an amount, each stated one way by two outlets and
the other way by a third (as in RGB's counterfactual set). The answer shows both versions, each
cited with its outlet, under a notice; the same questions without the rival snippets get one
answer and no notice."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from ingest.pipeline import ingest
from ingest.settings import Settings
from rag.engine import Engine
from rag.extractive.candidates import Candidate
from rag.extractive.notices import DISAGREE_NOTICE
from rag.extractive.retold import retold, retold_rival
from rag.extractive.spans import Span, Version
from rag.words.nlp import Entity

TRUE = [
    (
        "Harbor Gazette",
        "2024-07-14",
        "Ana Lindqvist won the Lakeside Marathon on Sunday, finishing in two hours and eight minutes.",
    ),
    (
        "Evening Post",
        "2024-07-15",
        "The Lakeside Marathon was won by Ana Lindqvist, who also broke the course record.",
    ),
    (
        "Harbor Gazette",
        "2022-03-04",
        "The video game Starfall Odyssey was released on March 3, 2022, for consoles and PC.",
    ),
    (
        "Evening Post",
        "2022-03-10",
        "Starfall Odyssey, released on March 3, 2022, sold a million copies in its first week.",
    ),
    (
        "Harbor Gazette",
        "2024-02-01",
        "Northwind Logistics paid $2.4 billion for the rail operator Castellan, the company said.",
    ),
    (
        "Evening Post",
        "2024-02-02",
        "Castellan was bought by Northwind Logistics for $2.4 billion after a year of talks.",
    ),
    (
        "Evening Post",
        "2021-10-30",
        "In October 2021, the Riverside trade fair hosted 640 exhibitors from 30 countries.",
    ),
]
SWAPPED = [
    (
        "Plains Journal",
        "2024-07-14",
        "Maria Okafor won the Lakeside Marathon on Sunday, finishing in two hours and eight minutes.",
    ),
    (
        "Plains Journal",
        "2022-03-04",
        "The video game Starfall Odyssey was released on October 3, 2019, for consoles and PC.",
    ),
    (
        "Plains Journal",
        "2024-02-01",
        "Northwind Logistics paid $4.2 billion for the rail operator Castellan, the company said.",
    ),
]
UNRELATED = [
    (
        "Plains Journal",
        "2023-05-05",
        "The city council approved a new cycling lane along the river after months of debate.",
    ),
    (
        "Harbor Gazette",
        "2023-06-01",
        "Farmers in the valley reported an early harvest after an unusually warm spring.",
    ),
]

QUESTIONS = {
    "Who won the Lakeside Marathon?": ("Ana Lindqvist", "Maria Okafor"),
    "When was Starfall Odyssey released?": ("March 3, 2022", "October 3, 2019"),
    "How much did Northwind Logistics pay for Castellan?": ("$2.4 billion", "$4.2 billion"),
}


def build(folder: Path, snippets: list[tuple[str, str, str]]) -> Engine:
    records = [
        {
            "title": body[:40],
            "url": f"https://news.example/{i}",
            "source": source,
            "published_at": date,
            "body": body,
        }
        for i, (source, date, body) in enumerate(snippets)
    ]
    (folder / "snippets.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    settings = Settings(index_dir=folder / "index")
    assert ingest([folder / "snippets.jsonl"], settings).ok
    return Engine(settings)


@pytest.fixture(scope="module")
def disputed(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build(tmp_path_factory.mktemp("disputed"), TRUE + SWAPPED + UNRELATED)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build(tmp_path_factory.mktemp("plain"), TRUE + UNRELATED)


@pytest.mark.parametrize("question", QUESTIONS)
def test_both_versions_are_shown_cited_under_a_notice(disputed, question):
    right, swapped = QUESTIONS[question]
    answer = disputed.ask(question)
    assert answer.notice == DISAGREE_NOTICE and answer.text.startswith(DISAGREE_NOTICE)
    assert {answer.lead.text, answer.rival.text} == {right, swapped}
    # the version two outlets give leads; each version names who says it and when
    assert answer.lead.text == right
    cited = {c.source for c in answer.citations}
    assert {"Plains Journal"} < cited
    assert "according to Plains Journal" in answer.text


@pytest.mark.parametrize("question", QUESTIONS)
def test_without_a_rival_there_is_one_answer_and_no_notice(plain, question):
    right, swapped = QUESTIONS[question]
    answer = plain.ask(question)
    assert answer.notice is None and answer.rival is None
    assert answer.lead.text == right and swapped not in answer.text


def test_a_year_in_the_sentence_is_not_the_counted_figure(disputed):
    answer = disputed.ask("How many exhibitors did the Riverside trade fair host?")
    assert answer.lead.text == "640" and answer.notice is None


WINNERS = [  # search-result snippets: the date, then the text, cut where it skips ("...")
    (
        "Coastal Times",
        None,
        "Jul 14, 2018 ... Angelique Kerber has won the 2018 Wimbledon women's singles title, "
        "beating Serena Williams in the final.",
    ),
    (
        "Metro Herald",
        None,
        "Jul 9, 2022 ... Elena Rybakina won the women's singles final at Wimbledon on Saturday ... "
        "ranked in the top 25 since 2018, she was the youngest finalist since 2015 ...",
    ),
    (
        "Evening Post",
        None,
        "Jul 13, 2019 ... Simona Halep has won the 2019 Wimbledon women's singles title in "
        "under an hour ...",
    ),
]


@pytest.mark.parametrize(
    "year, winner",
    [("2018", "Angelique Kerber"), ("2019", "Simona Halep"), ("2022", "Elena Rybakina")],
)
def test_a_winner_of_another_year_is_not_a_disagreement(tmp_path, year, winner):
    """The question's year picks the version that states it, and the others, about other years
    ("since 2018" is not a 2018 result), are no rival."""
    engine = build(tmp_path, WINNERS + UNRELATED)
    answer = engine.ask(f"Who won the women's singles at Wimbledon in {year}?")
    assert answer.lead is not None and answer.lead.text == winner
    assert answer.rival is None and DISAGREE_NOTICE not in answer.text


def test_a_figure_reported_differently_a_year_apart_is_shown_as_a_change(tmp_path):
    """Articles of about the same day that differ disagree (above); a year apart, the later
    figure is an update, shown oldest first."""
    engine = build(
        tmp_path,
        [
            (
                "Harbor Gazette",
                "2021-05-04",
                "Lakeside runs 40,000 electric buses on its routes, the transport authority said.",
            ),
            (
                "Plains Journal",
                "2023-06-01",
                "Lakeside runs 52,000 electric buses on its routes, the transport authority said.",
            ),
            *UNRELATED,
        ],
    )
    answer = engine.ask("How many electric buses does Lakeside run on its routes?")
    assert DISAGREE_NOTICE not in answer.text
    assert "The figure changed over time (oldest first):" in answer.text
    assert re.search(
        r"\*\*40,000\*\* \[\d\] \(2021-05-04\) → \*\*52,000\*\* \[\d\] \(2023-06-01\)", answer.text
    )
    listed = engine.ask("What do the articles disagree on?")
    assert listed.text.startswith(
        "The articles do not disagree, but 1 figure changed over time (oldest first):"
    )
    assert "**40,000** [1] (2021-05-04) → **52,000** [2] (2023-06-01)" in listed.text


def test_a_story_retold_with_another_name_in_it_shows_both_versions(tmp_path):
    """One outlet each, the same sentence but for the buyer: which is right the text cannot
    tell, so both are shown (the span scorer alone had proposed only the first it read)."""
    engine = build(
        tmp_path,
        [
            (
                "Harbor Gazette",
                "2024-04-09",
                "Harbor Lines announced today that it has reached an agreement to acquire the "
                "ferry operator Bluewater, a popular service for island commuters.",
            ),
            (
                "Plains Journal",
                "2024-04-09",
                "Coastway Group announced today that it has reached an agreement to acquire the "
                "ferry operator Bluewater, a popular service for island commuters.",
            ),
            (
                "Evening Post",
                "2024-04-10",
                "The ferry operator Bluewater runs twelve boats, the firm said after the deal.",
            ),
            *UNRELATED,
        ],
    )
    answer = engine.ask("Who acquired the ferry operator Bluewater?")
    assert answer.notice == DISAGREE_NOTICE
    assert {answer.lead.text, answer.rival.text} == {"Harbor Lines", "Coastway Group"}
    assert {c.source for c in answer.citations} >= {"Harbor Gazette", "Plains Journal"}


def test_a_copy_reworded_in_plain_words_is_not_a_disagreement(tmp_path):
    engine = build(
        tmp_path,
        [
            (
                "Harbor Gazette",
                "2024-04-09",
                "Harbor Lines has reached an agreement to acquire the ferry operator Bluewater, "
                "the company said on its website.",
            ),
            (
                "Plains Journal",
                "2024-04-09",
                "Harbor Lines has reached an agreement to acquire the ferry operator Bluewater, "
                "the firm told reporters on its website.",
            ),
            *UNRELATED,
        ],
    )
    answer = engine.ask("Who acquired the ferry operator Bluewater?")
    assert answer.notice is None and answer.lead.text == "Harbor Lines"


def sentence(doc_id: str, text: str) -> Candidate:
    node = TextNode(id_=f"{doc_id}#0", text=text, metadata={"doc_id": doc_id})
    return Candidate(NodeWithScore(node=node, score=0.0), 0, text, 0, len(text))


def lead_in(candidate: Candidate, answer: str, kind: str = "org") -> Span:
    start = candidate.text.index(answer)
    entity = Entity(start, start + len(answer), answer, kind)
    return Span(candidate, entity, answer.lower(), fit=1.0, closeness=1.0)


@pytest.mark.parametrize(
    "mine, theirs, lead, versions",
    [
        (  # the answer itself changed
            "Apple announced today that it has reached an agreement to acquire Instagram.",
            "Facebook announced today that it has reached an agreement to acquire Instagram.",
            "Apple",
            ("Apple", "Facebook"),
        ),
        (  # a date changed in part: the whole date is each version
            "Diablo III was released on May 15, 2012, for Windows and Mac.",
            "Diablo III was released on May 1, 2002, for Windows and Mac.",
            "May 15, 2012",
            ("May 15, 2012", "May 1, 2002"),
        ),
        (  # beside the lead: the place changed, not the stadium both name
            "Super Bowl 2021 will take place at Raymond James Stadium in Glendale, Arizona, soon.",
            "Super Bowl 2021 will take place at Raymond James Stadium in Tampa, Florida, soon.",
            "Raymond James Stadium",
            ("Glendale, Arizona", "Tampa, Florida"),
        ),
    ],
)
def test_a_sentence_retold_with_one_name_or_figure_changed_gives_both(mine, theirs, lead, versions):
    one = sentence("a", mine)
    found = retold(lead_in(one, lead), [one, sentence("b", theirs)])
    assert found is not None
    assert (found[0].text, found[1].text) == versions
    assert found[1].candidate.text[found[1].entity.start : found[1].entity.end] == versions[1]


@pytest.mark.parametrize(
    "theirs",
    [
        "Apple announced today that it has reached an agreement to acquire Instagram.",  # same
        "Apple said on Monday that it had reached an agreement to acquire Instagram.",  # reworded
        "Facebook announced in 2011 that it has reached an agreement to acquire Instagram.",  # two
    ],
)
def test_a_copy_that_differs_in_no_name_or_in_two_places_is_not_retold(theirs):
    one = sentence(
        "a", "Apple announced today that it has reached an agreement to acquire Instagram."
    )
    assert retold(lead_in(one, "Apple"), [one, sentence("b", theirs)]) is None


def test_a_later_version_retold_with_the_leads_answer_disputes_it():
    """The lead's sentence has no copy, but a later version's has one, in another article, with
    the lead's answer in its place: that version disputes the lead."""

    def dated(candidate: Candidate, text: str, key: str) -> Span:
        start = candidate.text.index(text)
        return Span(candidate, Entity(start, start + len(text), text, "date"), key, 1.0, 1.0)

    first = sentence("a", "GPT-3 is a large language model released by OpenAI in 2020.")
    copied = "OpenAI released GPT-3 in June {}, but unlike GPT-2 it set up a private API."
    false, true = sentence("c", copied.format(2010)), sentence("b", copied.format(2020))
    lead = dated(first, "2020", "date:2020-?-?")
    later = dated(false, "June 2010", "date:2010-06-?")
    versions = [Version(lead.key, [lead]), Version(later.key, [later])]
    rival = retold_rival(lead, versions, [first, false, true])
    assert rival is not None and rival.text == "June 2010"
    assert retold_rival(lead, versions, [first, false]) is None  # no copy: no dispute
