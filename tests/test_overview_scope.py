"""What an overview reads: the article a question places ("the second article"), a topic within
it ("the uighur stuff in the second article"), and the sentence that goes on with the story."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from ingest.store.catalog import DocumentInfo
from rag.engine import Engine, get_engine
from rag.forms.coverage import never_named
from rag.forms.overview import FIGURE, set_aside
from rag.forms.which_article import topic_in_named_article
from rag.words.text import terms
from tests.conftest import MILIPOL, SURVEILLANCE
from tests.test_ask import assert_grounded

VOCATIONAL = "now describes them as vocational schools"


@pytest.fixture(scope="module")
def engine(seed_index: Path) -> Engine:
    return get_engine(Settings(index_dir=seed_index))


@pytest.mark.parametrize("question", ["tl;dr of the second article?", "summarise the second story"])
def test_an_article_placed_in_the_library_is_summarised_alone(engine, question):
    answer = engine.ask(question)
    assert answer.analysis.form == "overview"
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}


def test_a_topic_within_a_placed_article_is_summarised_there_not_the_whole_article(engine):
    answer = engine.ask("brief rundown of the uighur stuff in the second article")
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}
    assert "Uighur minority" in answer.citations[0].quote
    assert "omnipresent at a Paris homeland security trade show" not in answer.text  # the lede
    assert_grounded(answer, engine.settings)


def test_a_topic_before_the_article_named_by_its_subject_is_summarised_there(engine):
    """ "the Shenzhen angle in the surveillance story": Shenzhen, within that article (not the
    whole article, whose words "surveillance" names); "the main thrust of …" names no topic."""
    answer = engine.ask("Walk me through the Shenzhen angle in the surveillance story.")
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}
    assert "Silicon Valley of China" in answer.text
    assert topic_in_named_article("the Shenzhen angle in the surveillance story") == (
        "surveillance",
        "Shenzhen angle",
    )
    assert topic_in_named_article("What's the main point of the Milipol piece?") is None


def test_a_sentence_taking_up_what_the_one_before_named_goes_on_with_its_story(engine):
    """ "Beijing, after initially denying the camps existed, …" names neither Uighurs nor
    Xinjiang, but "the camps" are the internment camps of the sentence before it."""
    answer = engine.ask("gist of the uighur / xinjiang part?")
    assert [VOCATIONAL in c.quote for c in answer.citations] == [False, False, True]


def test_one_sentence_closing_its_paragraph_comes_with_what_led_up_to_it(engine):
    """ "Concerns about the system thus appear to be well placed." is a paragraph of its own: the
    sentences of its article before it say what the concerns are."""
    answer = engine.ask("three bullet points on the main concerns raised by the two articles")
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == 3 and quotes[-1].startswith("Concerns about the system thus appear")
    assert "control its population" in quotes[1]
    assert_grounded(answer, engine.settings)


@pytest.mark.parametrize(
    "question",
    [
        "What's the subheading under the second article's headline?",
        "Give me the subhead of the second article verbatim.",  # an article's one subhead
        "What's the standfirst/subheading of the China surveillance piece?",
        "what's the subheading under the china surveillance headline",  # named by its headline
    ],
)
def test_the_subheading_of_an_article_is_its_standfirst(engine, question):
    answer = engine.ask(question)
    assert answer.analysis.form == "subtitle"
    assert answer.text.startswith(
        "**At Paris's Milipol fair, the country showcases non-lethal, but still worrisome"
    )


def test_the_subheading_of_an_article_without_a_standfirst_is_its_section_headings(engine):
    """The Milipol article has no standfirst but three sections; "the first subheading" is a
    section's heading either way."""
    for question in (
        "What's the subheading of the first article?",
        "What's the first subheading in the first article?",
    ):
        answer = engine.ask(question)
        assert "Heavy Police Surveillance on the Mainland" in answer.text, question


def test_an_article_that_uses_some_of_the_names_is_said_not_to_use_them_together():
    documents = [
        DocumentInfo(doc_id, title, None, None, 1, None, "done")
        for doc_id, title in ((MILIPOL, "Milipol"), (SURVEILLANCE, "Surveillance"))
    ]
    said = never_named(["Europe", "Norinco"], [SURVEILLANCE], documents)
    assert said == 'Only "Surveillance" mentions Europe and Norinco together; "Milipol" never does.'
    assert never_named(["Norinco"], [SURVEILLANCE], documents) == (
        'Only "Surveillance" mentions Norinco; "Milipol" never does.'
    )


@pytest.mark.parametrize(
    "question",
    ["explain like im 5 what these articles are about", "explain what these articles are about"],
)
def test_a_request_to_explain_the_articles_summarises_each(engine, question):
    answer = engine.ask(question)
    assert answer.outcome == "answer"
    assert {c.doc_id for c in answer.citations} == {MILIPOL, SURVEILLANCE}


def test_a_summary_asked_in_a_few_sentences_of_a_placed_article_is_of_it(engine):
    answer = engine.ask("In a couple sentences, what does the first article argue?")
    assert {c.doc_id for c in answer.citations} == {MILIPOL}
    assert len(answer.citations) >= 3


def test_each_name_a_topic_lists_is_heard_from(engine):
    answer = engine.ask(
        "What's the story with the companies profiled in the second article - GDU, Hytera, Norinco?"
    )
    for name in ("GDU", "Hytera", "Norinco"):
        assert any(name in c.quote for c in answer.citations), name
    assert_grounded(answer, engine.settings)


def test_a_described_agent_goes_on_with_the_story_before_it(engine):
    """ "The human rights group stated that they constituted torture devices" follows Amnesty's
    complaint about the handcuffs: a comparison of how each article describes them hears it."""
    answer = engine.ask("How do the two articles characterise the shock handcuffs?")
    quotes = [c.quote for c in answer.citations if c.doc_id == MILIPOL]
    assert any(q.startswith("Amnesty International filed a complaint") for q in quotes)
    assert any("constituted torture devices" in q for q in quotes)


def test_the_number_of_a_thing_no_article_names_is_read_from_the_figures(engine):
    """No article says "exhibitors": each article's sentences giving figures are compared."""
    answer = engine.ask("compare how the two articles describe the number of exhibitors")
    assert answer.outcome == "answer"
    assert "89 out of 1,100 companies" in answer.text and "over 1,100 companies" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "how does each article describe how many chinese firms are there",
        "One piece says 'a large volume' of Chinese firms; does the other quantify it?",
    ],
)
def test_how_many_of_a_thing_each_article_says_is_its_figure_or_amount_in_words(engine, question):
    """ "How many" asks a figure though "many" is no word an article's words are weighed by; an
    article that gives none is heard by the amount it says in words ("a large volume of Chinese
    tech firms"), and firms are counted as companies ("89 out of 1,100 companies")."""
    answer = engine.ask(question)
    assert answer.outcome == "answer"
    assert "89 out of 1,100 companies" in answer.text
    assert "a large volume of Chinese tech firms" in answer.text
    assert_grounded(answer, engine.settings)


def test_an_amount_in_words_is_a_figure():
    assert FIGURE.search("a large volume of Chinese tech firms")
    assert FIGURE.search("the huge influx of Chinese firms")
    assert not FIGURE.search("the large stand of Hytera")


def test_a_topic_word_the_articles_say_in_another_form_still_picks_the_sentences(engine):
    """ "European" where the articles say "Europe": the word weighs as theirs, not dropped as one
    no article uses (the sentences on China's other markets would outweigh it)."""
    answer = engine.ask(
        "Do the two articles contradict each other on the European market for Chinese "
        "surveillance tech?"
    )
    assert "difficult for it to sell the technology in Europe" in answer.text
    assert_grounded(answer, engine.settings)


def test_a_misspelt_request_word_is_no_part_of_the_topic(engine):
    answer = engine.ask("do the 2 articles dissagree on where the fair is")
    assert "about fair." in answer.text.split("\n")[0]


def test_a_topic_word_the_articles_use_is_kept_though_it_looks_like_a_request_word(engine):
    """ "coupled" is near "couple", a request word, but the articles use it: it stays in the
    topic; only a typo no article uses ("dissagree") is dropped."""
    answer = engine.ask("Do the articles disagree on cameras coupled with facial recognition?")
    assert "about cameras coupled facial recognition." in answer.text.split("\n")[0]


@pytest.mark.parametrize(
    ("question", "doc_id", "opening"),
    [
        ("What's the lede of the second article getting at?", SURVEILLANCE, "Chinese firms are"),
        ("What does the first paragraph of the Milipol article say?", MILIPOL, "The Milipol"),
        # its end: the last paragraph of its own text, not the teasers of other stories after it
        ("what's the main argument of the influx article's last section", MILIPOL, "The now-"),
        ("What's the conclusion of the second article?", SURVEILLANCE, "Organisers closed"),
    ],
)
def test_the_lede_or_the_end_of_an_article_is_its_first_or_last_paragraph_whole(
    engine, question, doc_id, opening
):
    answer = engine.ask(question)
    assert {c.doc_id for c in answer.citations} == {doc_id}
    assert answer.citations[0].quote.startswith(opening)
    assert [c.start for c in answer.citations] == sorted(c.start for c in answer.citations)
    assert_grounded(answer, engine.settings)


def test_a_fragment_going_on_with_a_chosen_sentence_s_list_is_shown_after_it(engine):
    """ "Chinese firms offer non-lethal equipment: helmets, …", then "Jamming equipment." (too
    short to be read as a sentence of its own: part of the one before, `candidates`) and "And
    cameras, lots of cameras.": the list goes on in sentences with no verb of their own."""
    answer = engine.ask("Give an overview of the kinds of products Chinese firms are showcasing.")
    quotes = [c.quote for c in answer.citations]
    offer = next(i for i, q in enumerate(quotes) if "Chinese firms offer non-lethal" in q)
    assert quotes[offer].endswith("for special forces or riot troops. Jamming equipment.")
    assert quotes[offer + 1] == "And cameras, lots of cameras."
    assert_grounded(answer, engine.settings)  # the fragment cited at its place in the article
    # a fact's answer quotes the whole list too
    fact = engine.ask("List the types of equipment Chinese firms are offering instead of weapons.")
    quotes = [c.quote for c in fact.citations]
    assert quotes[0].startswith("But contrary to weapons") and quotes[1].startswith("And cameras")
    assert_grounded(fact, engine.settings)


@pytest.mark.parametrize(
    "question",
    [
        "compare the cameras-per-person ratio stated in each",
        "Any discrepancy in the cameras-per-person figure?",
    ],
)
def test_a_count_per_person_is_heard_however_each_article_says_it(engine, question):
    """ "two cameras per person" in one article, "nearly two for each citizen" in the other."""
    quotes = " ".join(c.quote for c in engine.ask(question).citations)
    assert "two cameras per person" in quotes and "nearly two for each citizen" in quotes


@pytest.mark.parametrize(
    "question",
    [
        "tl;dr of both articles together pls",  # the courtesy and "together" are no subject
        "brief me on the human rights side of this story across both articles",
    ],
)
def test_an_overview_of_both_articles_however_framed_is_of_both(engine, question):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and answer.analysis.form == "overview"
    assert {c.doc_id for c in answer.citations} == {MILIPOL, SURVEILLANCE}


def test_an_overview_of_how_big_something_is_gives_its_figures(engine):
    """ "how big china's camera network is" asks for its size: sentences that give a figure,
    not every sentence about cameras ("… body cameras to smartphones …")."""
    answer = engine.ask("give me the rundown on how big china's domestic camera network is")
    assert answer.analysis.form == "overview"
    assert "176 million" in answer.text
    assert all(FIGURE.search(c.quote) for c in answer.citations)


def test_an_overview_that_finds_one_sentence_goes_on_with_its_paragraph(engine):
    """One sentence on the trade war; the paragraph goes on to what those companies show."""
    answer = engine.ask("sum up what the first article says about the US trade war angle")
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].startswith("The now-infamous US-China trade war")
    assert any("5G computing and IoT tech" in q for q in quotes[1:])


def test_an_overview_of_kinds_of_products_quotes_what_is_offered_shown_or_sold(engine):
    """No article says "products": what the firms offer is what they bring, not their sales."""
    answer = engine.ask("What kinds of products are the exhibitors bringing?")
    quotes = [c.quote for c in answer.citations]
    assert any("Chinese firms offer non-lethal equipment" in q for q in quotes)
    assert not any("makes 40% of its sales" in q for q in quotes)


def test_an_overview_of_what_a_firm_is_showing_quotes_what_it_offers_and_sells(engine):
    answer = engine.ask("overview of what GDU is showing and selling")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "sold one of its camera equipped drones models to Thailand" in quotes


def test_what_the_coverage_says_is_what_every_article_says(engine):
    """ "the coverage" is all the articles, not one to be named by its subject."""
    answer = engine.ask(
        "Rundown of what the coverage says about China's domestic camera surveillance"
    )
    assert not answer.text.startswith("Several articles match")
    assert {c.doc_id for c in answer.citations} == {MILIPOL, SURVEILLANCE}
    assert "2.76 billion" in answer.text


def test_what_a_comparison_sets_aside_is_not_what_it_quotes(engine):
    """ "apart from the camera figures": the passages that give them are set aside, and the
    comparison quotes what else each article says of surveillance in China."""
    plain = engine.ask("How do the articles compare on surveillance in China?")
    assert any("million cameras" in c.quote for c in plain.citations)
    answer = engine.ask(
        "How do the articles compare on surveillance in China, apart from the camera figures?"
    )
    assert answer.analysis.form == "compare"
    assert {c.doc_id for c in answer.citations} == {MILIPOL, SURVEILLANCE}
    assert not any("million cameras" in c.quote for c in answer.citations)
    besides = engine.ask("Compare what the articles say about human rights, besides the 2017 stall")
    assert not any("2017" in c.quote for c in besides.citations)


@pytest.mark.parametrize(
    ("question", "kept", "aside"),
    [
        (
            "How do they compare on camera numbers, not counting the 2.76 billion forecast?",
            "How do they compare on camera numbers, ?",
            "2.76 billion forecast",
        ),
        (
            "How do the articles differ on anything other than cameras in their coverage of firms?",
            "How do the articles differ on anything  in their coverage of firms?",
            "cameras",
        ),
    ],
)
def test_what_is_set_aside_ends_at_its_noun_phrase_and_keeps_its_figures(question, kept, aside):
    """A decimal point is no end of the phrase; "in their coverage" is the topic again."""
    assert set_aside(question) == (kept, set(terms(aside)))


def test_a_story_asked_across_the_two_pieces_names_no_one_article(engine):
    """ "the big-picture story about … across the two pieces": a topic over both articles, not an
    article to find by the words "big-picture story about …"."""
    answer = engine.ask(
        "What's the big-picture story about Chinese companies going global across the two pieces?"
    )
    assert answer.outcome == "answer"
    assert "conquer the global market" in answer.text


@pytest.mark.parametrize(
    ("question", "names"),
    [
        (
            "Quick overview of the individual companies profiled in the China surveillance tech piece?",
            {"GDU", "Norinco", "Huawei"},
        ),
        ("Summarize the people quoted in the articles", {"Yolen Ye", "Sylvain Shuang"}),
    ],
)
def test_an_overview_of_names_one_by_one_lists_each_with_its_sentence(engine, question, names):
    answer = engine.ask(question)
    for name in names:
        assert f"**{name}**" in answer.text
    assert_grounded(answer, engine.settings)


def test_an_overview_of_what_is_said_of_a_kind_stays_an_overview(engine):
    answer = engine.ask("Summarize what the articles say about the Chinese firms at the fair")
    assert "named:" not in answer.text


def test_what_something_is_used_for_is_answered_by_the_sentences_saying_what_it_is_for(engine):
    """ "… efforts to control its population", "… for their own gain": each article's purpose,
    not its camera counts."""
    answer = engine.ask("Compare what each says the Chinese state uses surveillance for.")
    assert "efforts to control its population" in answer.text
    assert "for their own gain" in answer.text
    assert_grounded(answer, engine.settings)
