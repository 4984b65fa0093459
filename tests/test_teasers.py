"""The teasers of other stories closing a page ("Similar articles"): kept out of the text, kept
in the article's metadata, and answered from only when a question asks about them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.models import SourceRecord
from ingest.settings import Settings
from ingest.text.clean import clean_record
from rag.desk import Desk
from rag.words.nlp import entities_of
from tests.conftest import SEED_CORPUS, SURVEILLANCE


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


def test_ingest_keeps_the_teasers_apart_from_the_text_each_once():
    text = (SEED_CORPUS / SURVEILLANCE).read_text(encoding="utf-8")
    article = clean_record(SourceRecord(SURVEILLANCE, SURVEILLANCE, "text", text))
    assert article.teasers[0] == "Tech giants press for state funds for US chip makers"
    assert article.teasers[2] == "SpaceX scores first successful Starship landing"
    assert len(article.teasers) == 4 and "SpaceX" not in article.body


@pytest.mark.parametrize(
    "question",
    [
        "What stories are listed under 'Similar articles'?",
        "How many similar articles are in the box at the end?",
        "What's listed under Similar articles?",
    ],
)
def test_the_teasers_listed_are_cited_as_teasers(desk, question):
    answer = desk.ask(question)
    assert answer.text.startswith('2 stories teased under "Similar articles":')
    assert {c.part for c in answer.citations} == {"teaser"}
    assert all(desk.is_faithful(c) for c in answer.citations)


def test_the_teased_stories_compared_are_each_shown_headline_and_blurb(desk):
    answer = desk.ask("compare the two teasers in the similar box")
    assert answer.text.startswith('The 2 stories teased under "Similar articles", side by side:')
    assert "Starship" in answer.text and "lobbying group" in answer.text
    assert {c.part for c in answer.citations} == {"teaser"}


@pytest.mark.parametrize(
    "question",
    [
        "Summarize the 'Similar articles' bit at the end of the second article",
        "Briefly, what are the similar articles at the bottom of the second article about?",
        "Overview of the similar articles listed at the end of the second piece?",
        "Brief me on the 'Similar articles' stories under the second piece.",
        "Fill me in on the similar articles.",
    ],
)
def test_the_teased_stories_summarised_are_each_shown_headline_and_blurb(desk, question):
    answer = desk.ask(question)
    assert answer.text.startswith('The 2 stories teased under "Similar articles":')
    assert "CHIPS for America Act" in answer.text and "four failures" in answer.text
    assert {c.part for c in answer.citations} == {"teaser"}


@pytest.mark.parametrize(
    "question",
    ["Give me a one-line summary of the SpaceX teaser.", "What's the SpaceX story in a nutshell?"],
)
def test_one_teased_story_summarised_is_that_story(desk, question):
    answer = desk.ask(question)
    assert "Starship" in answer.text and "four failures" in answer.text
    assert "CHIPS" not in answer.text


def test_an_article_in_a_nutshell_is_its_summary(desk):
    answer = desk.ask("the surveillance piece in a nutshell")
    assert answer.analysis.form == "overview"
    assert answer.text.startswith("**China surveillance tech seeks global reach**: Chinese firms")


def test_a_question_about_a_teaser_is_answered_from_it(desk):
    answer = desk.ask("Who owns SpaceX according to the teaser story?")
    assert "Elon Musk" in answer.lead.text
    assert answer.citations[0].part == "teaser" and answer.citations[0].doc_id == SURVEILLANCE
    assert desk.is_faithful(answer.citations[0])


@pytest.mark.parametrize(
    ("question", "span"),
    [
        ("how many times did SpaceX fail before the landing, per the sidebar story?", "four"),
        ("Where did the Starship test mentioned in the sidebar take place?", "south Texas"),
        ("Where did the Starship test in the related blurb take place?", "south Texas"),
        ("where did the starship test in the related article take place", "south Texas"),
    ],
)
def test_a_question_pointing_at_the_teasers_gets_their_closest_answer_not_a_refusal(
    desk, question, span
):
    answer = desk.ask(question)
    assert answer.outcome in {"answer", "tentative"}
    assert answer.lead.text == span and answer.citations[0].part == "teaser"


@pytest.mark.parametrize(
    "question",
    ["Which article ends with a 'Similar articles' section?", "Which pieces have a sidebar?"],
)
def test_which_article_has_teasers_names_it(desk, question):
    answer = desk.ask(question)
    assert answer.text.startswith("The article that ends with teasers of other stories")
    assert "China surveillance tech seeks global reach" in answer.text
    assert {c.part for c in answer.citations} == {"teaser"}


def test_questions_in_the_articles_words_never_quote_a_teaser(desk):
    for question in ("What does Hytera sell?", "Who filed a complaint about the handcuffs?"):
        assert all(c.part != "teaser" for c in desk.ask(question).citations)


def test_one_word_shared_with_a_teaser_does_not_take_a_question_in_the_articles_words_there(desk):
    """ "majority" is a teaser's ("major consumers") and no article's; Hytera, its sales and
    China are the articles'."""
    answer = desk.ask("does hytera make the majority of its sales outside china?")
    assert answer.text.startswith("**No**: The company already makes 40% of its sales")
    assert all(c.part != "teaser" for c in answer.citations)
    # A name only a teaser gives keeps it there, whatever common words the articles share.
    teased = desk.ask("where did the latest Starship test take place")
    assert "south Texas" in teased.text and teased.citations[0].part == "teaser"


def test_a_question_in_the_teasers_words_alone_is_answered_from_them(desk):
    """No article speaks of SpaceX; its teaser does, and the answer says it is a teaser."""
    answer = desk.ask("Who owns SpaceX?")
    assert answer.text.startswith('From the teasers of other stories under "Similar articles":')
    assert "Elon Musk" in answer.text and answer.citations[0].part == "teaser"
    # the words that ask why are no sign either way
    why = desk.ask("What's behind the push by tech giants to form a chip lobbying group?")
    assert "offset the current market deficit" in why.text
    assert why.citations[0].part == "teaser"


@pytest.mark.parametrize(
    "question, starts",
    [
        ("In the chip lobbying teaser, is Intel one of the producers in the group?", "**Yes**:"),
        ("What did Biden ask Congress for, per the Reuters teaser?", "**$50 billion**"),
    ],
)
def test_the_words_pointing_at_a_teaser_are_not_asked_of_its_sentences(desk, question, starts):
    answer = desk.ask(question)
    intro = 'From the teasers of other stories under "Similar articles":'
    assert answer.text.startswith(intro)
    assert answer.text[len(intro) :].strip().startswith(starts)


@pytest.mark.parametrize(
    "question, intro",
    [
        (
            "What legislation gets mentioned in the second article?",
            'The passages read of "China surveillance tech seeks global reach" name no laws. '
            "1 law named in the teasers of other stories:",
        ),
        (
            "Which politicians are named in the articles?",
            "The passages read name no politicians. "
            "1 politician named in the teasers of other stories:",
        ),
    ],
)
def test_names_no_article_gives_are_listed_from_its_teasers_saying_so(desk, question, intro):
    answer = desk.ask(question)
    assert answer.text.startswith(intro)
    assert {c.part for c in answer.citations} == {"teaser"}


def test_an_act_is_a_law_whatever_the_recogniser_called_it():
    text = "funding for the CHIPS for America Act, for which President Joe Biden asked"
    found = entities_of(text, [])
    assert [(e.text, e.kind) for e in found if e.kind == "law"] == [
        ("CHIPS for America Act", "law")
    ]


def test_a_law_the_reader_cuts_short_is_given_whole(desk):
    """The reader reads "America Act"; the name it is part of is "the CHIPS for America Act"."""
    answer = desk.ask("Which act did Biden ask Congress to fund?")
    assert answer.lead is not None and answer.lead.text == "CHIPS for America Act"


def test_a_name_only_a_teaser_uses_is_listed_as_in_the_teasers_not_the_articles(desk):
    answer = desk.ask("Which stories mention Reuters?")
    assert answer.text.startswith('No article mentions "Reuters" in its text; the teasers')
    assert {c.part for c in answer.citations} == {"teaser"}
    assert desk.ask("Which articles mention Peru?").text == 'No article mentions "Peru".'


def test_names_of_a_kind_asked_of_the_teasers_are_listed_from_them(desk):
    """The firms the chips teaser names (labelled organisations) and the one the SpaceX teaser
    calls a company; the people, without SpaceX, which the recogniser takes for one."""
    companies = desk.ask("Which companies come up in the similar articles?")
    assert re.match(r"\d+ organisations named in the teasers of other stories:", companies.text)
    assert {"Amazon", "Apple", "Microsoft", "Google", "Intel", "SpaceX"} <= set(companies.emphasis)
    people = desk.ask("Who are the people named in the sidebar?")
    assert {"Joe Biden", "Elon Musk"} <= set(people.emphasis)
    assert "SpaceX" not in people.emphasis
    assert all(c.part == "teaser" for c in people.citations)


@pytest.mark.parametrize(
    ("question", "headline"),
    [
        ("Which related article is about rocket landings?", "SpaceX scores first"),
        ("which similar story covers chip subsidies", "Tech giants press for state funds"),
    ],
)
def test_one_teased_story_picked_by_its_subject_is_given_whole(desk, question, headline):
    """Picked by meaning: "rocket landings" is no word of the SpaceX teaser's headline."""
    answer = desk.ask(question)
    assert answer.text.startswith('The story teased under "Similar articles" that fits best:')
    assert answer.citations[0].quote.startswith(headline)
    assert {c.part for c in answer.citations} == {"teaser"}


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("list every person named in the surveillance tech article, sidebar included", "people"),
        (
            "Who are all the named individuals in the second article, trailer included?",
            "individuals",
        ),
    ],
)
def test_a_list_with_the_sidebar_included_names_the_article_s_people_and_the_teasers(
    desk, question, noun
):
    answer = desk.ask(question)
    assert answer.text.startswith(
        f"4 {noun} named in the article and the teasers of other stories:"
    )
    for name in ("Yolen Ye", "Sylvain Shuang", "Joe Biden", "Elon Musk"):
        assert f"**{name}**" in answer.text
    assert "**Uighur**" not in answer.text  # a people, not a person
    assert {c.part for c in answer.citations} == {"teaser", "text"}


@pytest.mark.parametrize(
    "question",
    ["Which news outlets are credited as sources?", "Which news organisations are referenced?"],
)
def test_the_news_outlets_credited_take_in_those_a_teaser_credits(desk, question):
    """ "…, Reuters reported" in a teaser credits Reuters on the article's page."""
    answer = desk.ask(question)
    assert answer.text.startswith(
        "2 outlets named in the articles and the teasers of other stories:"
    )
    assert {"Reuters", "the New York Times"} == set(answer.emphasis)
    assert {c.part for c in answer.citations} == {"teaser", "text"}
    assert answer.analysis.form == "entities"
    # an article without teasers, "sidebar included": its own passages, which name none
    milipol = desk.ask("which news outlets are mentioned in the Milipol article, sidebar included?")
    assert milipol.text == "The passages of the article name no outlets."


def test_the_related_item_is_a_teaser(desk):
    answer = desk.ask("Which companies are part of the chip lobbying group in the related item?")
    assert {"Amazon", "Apple", "Microsoft", "Google", "Intel"} <= set(answer.emphasis)
    assert {c.part for c in answer.citations} == {"teaser"}


def test_a_date_no_teaser_gives_is_refused_not_offered_as_the_closest(desk):
    """The Starship teaser says where and after how many failures, never when: a date asked of
    it is refused; a figure it gives is answered, and a name it gives is still offered."""
    assert desk.ask("What day did SpaceX's Starship prototype touch down?").outcome == "refused"
    # the reader's closest span ("Before the safe touchdown") is no date either
    assert desk.ask("When exactly did the Starship prototype land?").outcome == "refused"
    assert "**four**" in desk.ask("How many failures did SpaceX have before the landing?").text
    assert "Reuters" in desk.ask("Which news agency do the teaser blurbs credit?").text


@pytest.mark.parametrize(
    ("question", "place", "story"),
    [
        ("What's the first item in the similar articles list?", "first", "Tech giants press"),
        ("What is the last similar article?", "last", "SpaceX scores"),
        ("And the second related story?", "second", "SpaceX scores"),
        # not the teaser whose headline says "first"
        ("What is the first 'Similar articles' story about?", "first", "Tech giants press"),
    ],
)
def test_one_teased_story_by_its_place_in_the_list_is_given_whole(desk, question, place, story):
    answer = desk.ask(question)
    assert answer.text.startswith(f'The {place} story teased under "Similar articles":')
    assert story in answer.text and {c.part for c in answer.citations} == {"teaser"}


def test_a_place_past_the_end_of_the_teasers_says_how_many_there_are(desk):
    answer = desk.ask("What's the third related story?")
    assert answer.outcome == "refused"
    assert answer.text == 'Only 2 stories are teased under "Similar articles".'
