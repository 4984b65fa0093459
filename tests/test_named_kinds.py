"""What a list of names lists: a people is not a person (the small spaCy model labels "Uighur",
in "China's Uighur minority", a person: it is listed as a group), and a list of things is not a
list of the firms that have them."""

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


def test_a_list_of_things_is_no_list_of_the_firms_that_have_them(seed_index: Path):
    """ "What technologies do the Chinese firms show off?" asks for technologies: the firms
    named in it are who shows them, and the answer is read as a fact, not a list of firms."""
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask(
        "What technologies do the Chinese firms show off, according to the Milipol article?"
    )
    assert "firms named" not in answer.text and "name no firms" not in answer.text
    assert "facial recognition" in answer.text
