"""What one article covers that another leaves out, and what two articles share, over the two
seed articles read whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.engine import Engine, get_engine
from rag.forms.coverage import asks
from rag.models import Filters
from tests.conftest import MILIPOL, SURVEILLANCE
from tests.test_ask import assert_grounded

MILIPOL_TITLE = "Milipol Security Fair Sees Huge Influx of Chinese Firms"
SURVEILLANCE_TITLE = "China surveillance tech seeks global reach"


@pytest.fixture(scope="module")
def engine(seed_index: Path) -> Engine:
    return get_engine(Settings(index_dir=seed_index))


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What does the first article cover that the second doesnt?", "only"),
        ("What's in the second article that the first leaves out?", "only"),
        ("What do the two articles have in common?", "common"),
        ("Compare how the two articles describe the number of cameras", None),
    ],
)
def test_what_a_comparison_asks_of_two_whole_articles(question, asked):
    assert asks(question) == asked


def test_what_the_first_article_covers_that_the_second_does_not(engine):
    answer = engine.ask("What does the first article cover that the second doesnt?")
    assert answer.text.startswith(
        'What "Milipol Security Fair Sees Huge Influx of Chinese Firms" covers that '
        '"China surveillance tech seeks global reach" does not:'
    )
    assert {c.doc_id for c in answer.citations} == {MILIPOL}
    said = " ".join(c.quote for c in answer.citations)
    assert "US-China trade war" in said and "5G computing" in said
    assert "170 million" not in said  # both articles count the cameras
    assert_grounded(answer, engine.settings)


def test_the_second_article_named_first_is_the_one_that_adds(engine):
    answer = engine.ask("What's in the second article that the first leaves out?")
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}
    assert "Hytera Communications Corporation" in answer.text and "Sylvain Shuang" in answer.text


def test_what_one_article_adds_hears_each_name_it_adds(engine):
    """Of the second article's sentences the first has nothing like, those naming what nothing
    chosen yet names come first: GDU, Hytera and the Uighurs, not two sentences on one of them."""
    said = engine.ask("What does the second article cover that the first one leaves out?").text
    assert all(name in said for name in ("GDU", "Hytera", "Uighurs"))


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("What does the second article say about Shenzhen that the first one doesn't?", "Huawei"),
        ("What does the second article cover about Xinjiang that the first leaves out?", "Uighur"),
    ],
)
def test_what_one_article_adds_on_a_topic_is_what_it_says_of_the_topic(engine, question, said):
    answer = engine.ask(question)
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}
    assert all(said in c.quote for c in answer.citations)
    assert_grounded(answer, engine.settings)


def test_a_topic_the_article_never_mentions_is_said_so(engine):
    answer = engine.ask("What does the first article say about Shenzhen that the second doesn't?")
    assert answer.abstained
    assert answer.text.startswith(f'"{MILIPOL_TITLE}" never mentions Shenzhen.')


def test_what_both_articles_say_pairs_a_sentence_of_each(engine):
    answer = engine.ask("What do the two articles have in common?")
    assert answer.text.startswith("What ")
    assert [c.doc_id for c in answer.citations[:2]] == [MILIPOL, SURVEILLANCE]
    assert_grounded(answer, engine.settings)


@pytest.mark.parametrize(
    "question, name",
    [
        ("Do both articles cover the Xinjiang crackdown?", "Xinjiang"),
        ("How do the two articles cover Norinco?", "Norinco"),
    ],
)
def test_a_comparison_on_a_name_one_article_never_uses_says_so(engine, question, name):
    """Both articles are compared, but one never names the topic: it is said, not left unsaid,
    and the other is quoted on it (a topic's first word is a name too: "Xinjiang crackdown")."""
    answer = engine.ask(question)
    assert answer.analysis.form == "compare"
    assert answer.text.startswith(
        f'Only "{SURVEILLANCE_TITLE}" mentions {name}; "{MILIPOL_TITLE}" never does.'
    )
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}
    assert name in answer.citations[0].quote
    assert_grounded(answer, engine.settings)


def test_a_comparison_within_articles_the_reader_picked_claims_nothing_of_the_others(engine):
    """The chat's filter, not the topic's name, narrowed the search: no "never does"."""
    answer = engine.ask(
        "Compare how the two articles cover Amnesty International",
        filters=Filters(doc_ids=[SURVEILLANCE]),
    )
    assert "never does" not in answer.text


def test_a_comparison_on_a_place_hears_the_article_that_names_it_otherwise(engine):
    """ "Europe" against "the EU's improved stance on personal privacy": both articles speak,
    and neither is said never to mention it."""
    answer = engine.ask("How do the two pieces differ in what they say about privacy in Europe?")
    assert "never does" not in answer.text
    quotes = {c.doc_id: c.quote for c in answer.citations}
    assert "EU’s improved stance on personal privacy" in quotes[MILIPOL]
    assert "impacts privacy" in quotes[SURVEILLANCE]
    assert_grounded(answer, engine.settings)


def test_to_size_up_is_to_weigh_up_not_to_ask_for_figures(engine):
    """ "size up China's chances …" asks no size: the sentences on selling in Europe are heard,
    not only those giving a figure."""
    answer = engine.ask(
        "How does each article size up China's chances of selling its surveillance kit in Europe?"
    )
    quotes = " ".join(c.quote for c in answer.citations)
    assert "hard time selling equipment to EU member nations" in quotes
    assert "difficult for it to sell the technology in Europe" in quotes


def test_what_each_covers_that_the_other_does_not_is_asked_both_ways(engine):
    """Was refused: no article was named first or second. Each article's own points, three each,
    the first article's first."""
    answer = engine.ask("What does each article cover that the other doesn't?")
    assert answer.text.startswith(
        f'What each of "{MILIPOL_TITLE}" and "{SURVEILLANCE_TITLE}" covers that the other does not:'
    )
    by_article = [c.doc_id for c in answer.citations]
    assert by_article == [MILIPOL] * 3 + [SURVEILLANCE] * 3
    quotes = " ".join(c.quote for c in answer.citations)
    assert "US-China trade war" in quotes and "Hytera Communications Corporation" in quotes
    assert_grounded(answer, engine.settings)


@pytest.mark.parametrize(
    "question", ["How do the two articles differ?", "How do the two pieces differ in focus?"]
)
def test_two_articles_compared_with_no_topic_are_each_summarised_side_by_side(engine, question):
    """Each article from its lede, not "two cameras per person" for the question's "two"."""
    answer = engine.ask(question)
    assert answer.analysis.form == "compare" and answer.outcome == "answer"
    first = {}
    for citation in answer.citations:
        first.setdefault(citation.doc_id, citation.quote)
    assert first[MILIPOL].startswith("The Milipol security fair hosted this year in Paris")
    assert first[SURVEILLANCE].startswith("Chinese firms are omnipresent at a Paris homeland")


def test_an_article_that_says_part_of_what_a_comparison_asks_is_heard_from(engine):
    """ "… who was affected and what were the devices called": the second article tells the
    handcuffs' story in other words ("torture instruments"), far in meaning from the whole
    question, but in its words: both articles are quoted."""
    answer = engine.ask(
        "How is the handcuff episode told in each piece - who was hit and what were the devices called?"
    )
    quotes = {c.doc_id: c.quote for c in answer.citations}
    assert set(quotes) == {MILIPOL, SURVEILLANCE}
    assert "torture instruments" in quotes[SURVEILLANCE]
    assert_grounded(answer, engine.settings)


def test_a_word_of_a_phrase_the_articles_use_is_not_the_phrase(engine):
    """ "Trade war" is one thing: "a Paris homeland security trade show" does not speak to it."""
    answer = engine.ask("How does each article cover the trade war?")
    assert answer.citations and {c.doc_id for c in answer.citations} == {MILIPOL}
    assert "trade show" not in answer.text


@pytest.mark.parametrize("each", [1, 2, 3])
def test_a_comparison_quotes_up_to_its_set_number_of_sentences_from_each_article(seed_index, each):
    """`CITEDESK_ANSWER_COMPARE_SENTENCES` (3): each article is heard up to that many times on
    the topic, so a facet one gives only in its third sentence on it is still quoted; two of each
    always, a third only nearly as relevant as the article's best (the next test)."""
    settings = Settings(index_dir=seed_index).changed(answer_compare_sentences=each)
    answer = Engine(settings).ask("How do the two articles describe the Chinese firms at Milipol?")
    cited = [c.doc_id for c in answer.citations]
    counts = (cited.count(MILIPOL), cited.count(SURVEILLANCE))
    assert max(counts) == each and min(counts) >= min(each, 2)


def test_a_comparison_s_third_sentence_of_an_article_must_be_nearly_as_relevant_as_its_best(
    engine,
):
    """The camera counts: "That number is expected to expand to 2.76 billion …" joins the 176
    million, but Hytera's "40% of its sales", a figure on something else, does not."""
    settings = engine.settings.changed(answer_compare_sentences=3)
    answer = Engine(settings).ask("How do the articles differ on the number of cameras in China?")
    assert "2.76 billion, or nearly two for each citizen" in answer.text
    assert "40% of its sales" not in answer.text  # a third sentence of its article, but weak


def test_a_header_field_of_each_article_is_given_for_every_article(engine):
    """ "each article" asks of every one: the header form lists each, not a comparison of text."""
    headlines = engine.ask("What is the headline of each article?")
    assert headlines.text.startswith("The headlines of the 2 articles:")
    assert engine.ask("Who wrote each article?").text == "Neither article gives its author."
