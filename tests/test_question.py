"""What a question asks for: the kind of answer, from its wording and head noun, and its focus."""

from __future__ import annotations

import pytest

from rag.questions.analysis import analyse, topic_names


@pytest.mark.parametrize(
    ("question", "kind", "head"),
    [
        ("Which human rights group complained about the shock handcuffs?", "organisation", "group"),
        ("In which countries does Hytera sell radios?", "place", "countries"),
        ("Which company makes drones?", "organisation", "company"),
        # the noun after an auxiliary acts: what it does is asked for, not a firm
        ("What do the Chinese firms offer?", "description", None),
        ("What are the Chinese firms offering at the fair?", "description", None),
        ("What is the name of the company making drones?", "organisation", "company"),
        ("What do you call a group of witches?", "organisation", "group"),
        ("What is the country hosting Milipol?", "place", "country"),  # the noun is asked
        ("What was the company showing handcuffs in 2017?", "organisation", "company"),
        # a people, not an organisation: "minority group", "ethnic group"
        ("Which minority group was the system used against?", "group", "minority"),
        ("Which ethnic group was detained in Xinjiang?", "group", "ethnic"),
        ("Which minority rights group complained?", "organisation", "group"),
        ("How many cameras has China deployed?", "quantity", None),
        ("How much did Facebook pay for Instagram?", "money", None),
        ("What share of its sales does Hytera make outside China?", "percent", None),
        ("What percentage of sales?", "percent", None),
        ("When was Splatoon 2 released?", "date", None),
        ("What year did Google buy YouTube?", "date", "year"),
        ("Who won the 2021 Tour de France?", "agent", None),
        ("Where is Milipol held?", "place", None),
        ("What did the Norinco representative say?", "quote", None),
        ("Why did Amnesty complain?", "reason", None),
        ("What reason does Beijing give for the camps?", "reason", None),
        ("whats the reason 5G and IoT advances are flagged as a problem?", "reason", None),
        ("What was the main cause of the complaint?", "reason", None),
        ("what was thailand's reason for buying the gdu drone", "reason", None),  # whose reason
        ("What is the purpose of the lobbying group?", "reason", None),
        ("How does Beijing justify the camps?", "reason", None),
        ("What's behind the push by tech giants to form a chip lobbying group?", "reason", None),
        ("What lies behind China's camera build-up?", "reason", None),
        ("What does Hytera sell?", "description", None),
        # the head ends where the verb begins: a virus, not the officials
        ("Which virus is making health officials reconsider?", "description", "virus"),
    ],
)
def test_the_expected_kind_of_answer_comes_from_the_wording(question, kind, head):
    analysis = analyse(question)
    assert (analysis.kind, analysis.head) == (kind, head)


def test_the_focus_is_what_the_answer_must_be_about():
    analysis = analyse("How many cameras has China deployed?")
    assert analysis.focus == ["China", "cameras", "deployed"]
    assert analysis.factoid


def test_a_description_is_not_a_factoid():
    assert not analyse("What does Hytera sell?").factoid


def test_named_sources_and_follow_ups_are_recorded():
    analysis = analyse("and who represents them?", follow_up=True, sources=["Le Monde"])
    assert analysis.follow_up and analysis.sources == ["Le Monde"]


@pytest.mark.parametrize(
    "topic, names",
    [
        ("Xinjiang crackdown", ["Xinjiang"]),
        ("The Norinco stand", ["Norinco"]),
        ("China's surveillance of its own people", ["China"]),
        ("what the US and EU said", ["US", "EU"]),
    ],
)
def test_a_topic_s_first_word_is_a_name_when_capitalised(topic, names):
    """A topic is cut from a question: capitalised at its start only because it is a name."""
    assert topic_names(topic) == names
