"""Whom a person quoted works for, read from the shapes news gives it in, settles "Is X with Y?"."""

from __future__ import annotations

import pytest

from rag.extractive.affiliations import by_affiliation, by_role

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
        # where he is from, not whom he works for: a place no table knows ("Guangdong") reads
        # as a name
        ("Is Yolen Ye from Guangdong?", YE, "", None),
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


@pytest.mark.parametrize(
    "question",
    [
        "Is Yolen Ye at Milipol?",  # where he is, not whom he works for
        "Is Yolen Ye from China?",
        "Is Sylvain Shuang from Africa?",
        "Is Yolen Ye with China?",  # a place, not an employer
        "Is Yolen Ye with GDU Thailand?",  # more than the sentence says
        "Is Yolen Ye with Hytera or GDU?",  # a choice
    ],
)
def test_only_employment_by_a_named_organisation_is_settled(question):
    assert by_affiliation(question, YE) is None


def test_the_employer_is_the_organisation_after_the_title_not_a_place_or_a_later_name():
    said = "Hytera sells radios, said John Li, head of sales for Europe at Hytera, adding more."
    assert by_affiliation("Is John Li with Hytera?", said) == "Yes"
    added = "Prices rose, said John Li, adding that sales of Huawei fell."
    assert by_affiliation("Is John Li with Hytera?", added) is None
    before = "Meanwhile, radios made by Hytera were sold to buyers in Canada."
    represents = "Sales grew, said John Li, who represents the firm in Asia."
    assert by_affiliation("Is John Li with Hytera?", represents, before) == "Yes"


@pytest.mark.parametrize(
    "question, sentence, before, word",
    [
        ("Is Yolen Ye GDU's CEO?", YE, "", "No"),  # another job at the same firm
        ("is yolen ye the chief executive of gdu", YE, "", "No"),
        ("Is Yolen Ye a spokesman for GDU?", YE, "", "No"),
        ("Is Yolen Ye GDU's sales manager?", YE, "", "Yes"),
        ("Is Yolen Ye a manager at Hytera?", YE, "", "No"),  # the job, at another firm
        ("Is Sylvain Shuang a GDU rep?", SHUANG, HYTERA, "No"),  # "the firm": Hytera
        ("Is Sylvain Shuang a Hytera rep?", SHUANG, HYTERA, "Yes"),
        ("is sylvain shuang hytera's rep for latin america", SHUANG, HYTERA, "No"),  # Africa
        ("Is Sylvain Shuang Hytera's representative in Africa?", SHUANG, HYTERA, "Yes"),
        ("Is Sylvain Shuang Hytera's representative in Madrid?", SHUANG, HYTERA, "No"),
        ("Is Yolen Ye GDU's sales manager for Asia?", YE, "", None),  # no place given
        ("Is Sylvain Shuang a GDU rep?", YE, "", None),  # the sentence gives him no job
    ],
)
def test_the_job_a_sentence_gives_settles_whether_someone_holds_the_one_asked(
    question, sentence, before, word
):
    assert by_role(question, sentence, before) == word


LEE = "Prices will fall, said Anna Lee, chief executive of Acme, on Monday."


@pytest.mark.parametrize(
    "question, sentence, before, word",
    [
        ("Is Anna Lee the CEO of Acme?", LEE, "", "Yes"),  # a CEO is a chief executive
        ("Is Anna Lee Acme's chief executive?", LEE, "", "Yes"),
        ("Is Anna Lee Acme's chairman?", LEE, "", "No"),
        ("Is Anna Lee an Acme executive?", LEE, "", None),  # a class of jobs, not one
        ("Is Yolen Ye a sales executive at GDU?", YE, "", None),
        ("Is Sylvain Shuang a rep for the company?", SHUANG, HYTERA, "Yes"),  # no name asked
        ("Is Sylvain Shuang a rep for francophone Africa?", SHUANG, HYTERA, "Yes"),  # a place
        ("Is Yolen Ye a sales manager for drones?", YE, "", None),  # no employer named
    ],
)
def test_a_whole_title_is_read_and_only_a_named_employer_is_compared(
    question, sentence, before, word
):
    assert by_role(question, sentence, before) == word
