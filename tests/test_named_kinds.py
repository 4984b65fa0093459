"""What a list of names lists: a people is not a person (the small spaCy model labels "Uighur",
in "China's Uighur minority", a person: it is listed as a group). Lists of things:
`tests/test_things.py`."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.settings import Settings
from rag.desk import Desk


def listed(text: str) -> list[str]:
    return re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", text, re.MULTILINE)


def test_a_people_written_in_the_plural_or_before_minority_is_a_group(seed_index: Path):
    desk = Desk(Settings(index_dir=seed_index))
    people = desk.ask("Who are all the named individuals in the second article?")
    assert listed(people.text) == ["Sylvain Shuang", "Yolen Ye"]
    groups = desk.ask("Which minority groups are mentioned?")
    assert "Uighur" in listed(groups.text)


def test_news_outlets_are_the_names_written_as_reporting_not_every_organisation(seed_index: Path):
    """The New York Times and Reuters (in a teaser, which credits it on the article's page) are
    outlets by their names; Amnesty International, Milipol and the EU are organisations, not news
    outlets."""
    desk = Desk(Settings(index_dir=seed_index))
    outlets = desk.ask("Which news organisations are referenced across the two articles?")
    assert {name.removeprefix("the ") for name in listed(outlets.text)} == {
        "Reuters",
        "New York Times",
    }
    assert outlets.text.startswith("2 outlets named in the articles and the teasers")
    newspapers = desk.ask("Which newspapers are mentioned?")  # a news agency is no newspaper
    assert [name.removeprefix("the ") for name in listed(newspapers.text)] == ["New York Times"]
    for asked in (
        "Which news outlets are mentioned anywhere in the second article, teasers included?",
        "which news outlets does the second article cite, incl the teasers?",
    ):
        names = {name.removeprefix("the ") for name in listed(desk.ask(asked).text)}
        assert names == {"Reuters", "New York Times"}


def test_a_story_s_sources_are_the_people_it_quotes_and_the_bodies_it_cites(seed_index: Path):
    """ "market research firm IHS Markit estimating …", "documents released by the New York
    Times": cited as sources beside the people quoted; who is quoted is still only people."""
    desk = Desk(Settings(index_dir=seed_index))
    sources = set(listed(desk.ask("List the sources in the second article").text))
    assert {"Sylvain Shuang", "Yolen Ye", "IHS Markit", "the New York Times"} <= sources
    assert "Hytera Communications Corporation" not in sources  # named, not cited
    quoted = desk.ask("who is quoted in the second article")
    assert set(listed(quoted.text)) == {
        "Sylvain Shuang",
        "Yolen Ye",
        "a representative of the state-owned firm (unnamed)",
    }


def test_politicians_are_the_people_named_with_an_office(seed_index: Path):
    """The articles quote a sales manager and a firm's representative, no politician; the
    teasers name "President Joe Biden" (and "billionaire Elon Musk", who holds no office): asked
    of the articles, they say they name none, then list the teasers'."""
    desk = Desk(Settings(index_dir=seed_index))
    none = desk.ask("Which politicians are mentioned?")
    assert none.text.startswith("The passages read name no politicians. 1 politician named in")
    assert listed(none.text) == ["Joe Biden"]
    teased = desk.ask("which politicians are mentioned in the teasers?")
    assert listed(teased.text) == ["Joe Biden"]


def test_things_asked_of_each_article_are_listed_article_by_article(seed_index: Path):
    """ "What tech does each article highlight?": the technologies, equipment and products each
    article names, not the firms; a verb before the thing ("firms offer …", "they constituted
    …") is no part of its kind."""
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask("What tech does each article highlight the Chinese firms showing?")
    names = listed(answer.text)
    assert (
        "5G computing and IoT tech (Milipol Security Fair Sees Huge Influx of Chinese Firms)"
        in names
    )
    assert "non-lethal equipment (China surveillance tech seeks global reach)" in names
    assert "torture devices (Milipol Security Fair Sees Huge Influx of Chinese Firms)" in names
    assert "China surveillance tech seeks global reach" in answer.text.splitlines()[2]


def test_public_figures_are_people_and_outlets_credited_are_listed(seed_index: Path):
    """ "Public figures" are people, not the figures a count gives; "credited as sources" asks for
    a list as "named" does."""
    desk = Desk(Settings(index_dir=seed_index))
    figures = desk.ask("Which public figures are named in the articles?")
    assert sorted(listed(figures.text)) == ["Sylvain Shuang", "Yolen Ye"]
    teased = desk.ask("Which public figures are named in the 'Similar articles' list?")
    assert {"Joe Biden", "Elon Musk"} <= set(teased.emphasis)
    credited = desk.ask("Which news outlets are credited as sources?")
    assert {name.removeprefix("the ") for name in listed(credited.text)} == {
        "Reuters",
        "New York Times",
    }
    # "credited with" the estimate asks for one name; "key figures" are numbers, not people
    assert desk.ask("Which companies are credited with the camera estimate?").text.startswith(
        "**IHS Markit**"
    )
    assert "figures named" not in desk.ask("Which key figures does the second article cite?").text
