"""Things of a kind, not names: "What technologies do the Chinese firms show off?" lists the
phrases the articles end with the kind's word, each cited, not the firms."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.forms import things
from tests.test_ask import assert_grounded
from tests.test_named_kinds import listed


@pytest.mark.parametrize(
    ("question", "noun", "family"),
    [
        ("What technologies do the Chinese firms show off?", "firms", "technologies"),
        ("List the products the Chinese firms are showing", "firms", "products"),
        ("Which technologies are named?", "technologies", "technologies"),
        ("Which companies are named?", "companies", None),
        ("List the tech firms mentioned", "tech firms", None),  # tech firms are firms
        ("Name the equipment makers mentioned", "makers", None),
    ],
)
def test_the_kind_of_thing_asked_for(question, noun, family):
    assert things.asked(question, noun) == family


def test_a_phrase_ends_in_the_kinds_word_and_a_word_before_a_noun_is_no_head():
    sentences = [
        "The market has a large volume of Chinese tech firms showing off the latest in facial "
        "recognition technology for security purposes.",
        "However, China's advancements in 5G computing and IoT tech are also of note.",
    ]
    found = [p for s in sentences for p in things._phrases(s, {"technology", "tech"})]
    assert found == ["facial recognition technology", "5G computing and IoT tech"]


def test_a_phrase_stops_at_a_comma_and_a_verb_in_ing():
    sentence = (
        "But contrary to weapons on display at other stands, non-lethal equipment is shown, "
        "and firms may have a hard time selling equipment."
    )
    assert things._phrases(sentence, {"equipment"}) == ["non-lethal equipment"]


def test_the_technologies_an_article_names_are_listed_each_cited(seed_index: Path):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask(
        "What technologies do the Chinese firms show off, according to the Milipol article?"
    )
    assert answer.text.startswith("2 technologies named:")
    assert listed(answer.text) == ["Facial recognition technology", "5G computing and IoT tech"]
    assert_grounded(answer, desk.settings)


def test_a_list_of_things_asked_before_any_kind_of_name_is_a_list(seed_index: Path):
    """No company, person or place among its first words: the things are the list."""
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask("Which technologies does the first article list as Chinese advances?")
    assert answer.analysis.form == "entities"
    assert listed(answer.text) == ["Facial recognition technology", "5G computing and IoT tech"]
    assert_grounded(answer, desk.settings)
