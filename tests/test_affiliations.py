"""Whom a person quoted works for, read from the shapes news gives it in, settles "Is X with Y?"."""

from __future__ import annotations

import pytest

from rag.extractive.affiliations import by_affiliation

YE = (
    '"It\'s the Silicon Valley of China," said Yolen Ye, sales manager at GDU, which makes mini '
    "drones equipped with cameras."
)
SHUANG = (
    '"Each police officer can have the tactical situation displayed on their smartphone," said '
    "Sylvain Shuang, who represents the firm in francophone Africa."
)
HYTERA = (
    "Meanwhile, the stand of Hytera Communications Corporation sports communications gear that "
    "integrate images from body cameras to smartphones equipped with big antennas."
)


@pytest.mark.parametrize(
    "question, sentence, before, word",
    [
        ("Does Yolen Ye work for GDU?", YE, "", "Yes"),
        ("Is Yolen Ye with Hytera?", YE, "", "No"),
        ("is yolen ye employed by gdu", YE, "", "Yes"),
        # "the firm" is the one the sentence before names
        ("Is Sylvain Shuang with GDU?", SHUANG, HYTERA, "No"),
        ("Does Sylvain Shuang represent Hytera?", SHUANG, HYTERA, "Yes"),
        # no employer given, another person, or no person asked about
        ("Is Sylvain Shuang with GDU?", SHUANG, "", None),
        ("Is Sylvain Shuang with GDU?", YE, "", None),
        ("Is GDU based in Shenzhen?", YE, "", None),
    ],
)
def test_the_employer_a_sentence_gives_settles_yes_or_no(question, sentence, before, word):
    assert by_affiliation(question, sentence, before) == word


def test_a_place_the_person_spoke_at_is_no_employer():
    said = "The plan is sound, said Jane Roe, who spoke at Milipol on Tuesday."
    assert by_affiliation("Is Jane Roe with Milipol?", said) is None


def test_where_the_person_works_is_not_part_of_the_employer_asked():
    question = "Does Sylvain Shuang represent Hytera in francophone Africa?"
    assert by_affiliation(question, SHUANG, HYTERA) == "Yes"
    assert by_affiliation("Is Yolen Ye a manager at the fair?", YE) is None
