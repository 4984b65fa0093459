"""Questions beyond one fact, over the seed corpus plus an uploaded web page with a byline, a date,
an outlet, a photo caption and a "Related articles" box: overviews, which articles mention
something, and questions about an article's header."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from rag.desk import Desk
from rag.engine import Engine
from rag.forms import quotes
from rag.questions.forms import question_form
from tests.conftest import MILIPOL, SEED_CORPUS, SURVEILLANCE
from tests.test_ask import assert_grounded

LYON_PAGE = """<!doctype html><html><head><title>Lyon tests facial recognition cameras</title>
<meta name="author" content="Claire Martin">
<meta property="article:published_time" content="2024-03-02T09:00:00Z">
<meta property="og:site_name" content="Lyon Daily">
</head><body><article>
<h1>Lyon tests facial recognition cameras</h1>
<p>The city of Lyon began testing facial recognition cameras supplied by Vigilink at its main
train station on Monday, the mayor's office said.</p>
<figure><img src="hall.jpg"><figcaption>Cameras above the Part-Dieu station hall.</figcaption>
</figure>
<p>Vigilink, a start-up based in Grenoble, said the trial would last six months and that no
images would be kept longer than a day.</p>
</article>
<aside><h2>Related articles</h2><ul><li>Drone maker Skyward raises funds</li></ul></aside>
</body></html>"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("forms")
    corpus = folder / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "lyon.html").write_text(LYON_PAGE)
    (corpus / "lyon-syndicated.html").write_text(LYON_PAGE)  # the same page, re-posted
    settings = Settings(index_dir=folder / "index")
    assert ingest([corpus], settings).ok
    return settings


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    return Engine(settings)


@pytest.mark.parametrize(
    "question, form, subject",
    [
        ("What happened at Milipol this year?", "overview", "Milipol this year"),
        ("Summarize what the articles say about Hytera", "overview", "Hytera"),
        ("Summarise what has been written about the trade war", "overview", "the trade war"),
        ("Tell me about GDU", "overview", "GDU"),
        ("What is the Lyon article about?", "overview", "the Lyon article"),
        ("Which articles mention Vigilink?", "articles", "Vigilink"),
        ("Which stories mention facial recognition?", "articles", "facial recognition"),
        ("Which of the two pieces covers the trade war?", "articles", "the trade war"),
        (
            "the 2.76 billion figure - which articles have it?",
            "articles",
            "the 2.76 billion figure",
        ),
        ("Hytera: which articles mention it?", "articles", "Hytera"),
        ("How does the influx article wrap up?", "overview", "the influx article"),
        ("Which of the two pieces covers more about Xinjiang?", "fact", None),  # a comparison
        # where the names are from is no part of the kind asked
        ("Which Chinese exhibitors are named in the second article?", "entities", "exhibitors"),
        (
            "What's the title of the last section of the first article?",
            "sections",
            "the first article",
        ),
        ("Who wrote the article about Lyon?", "author", "the article about Lyon"),
        ("When was the Lyon article published?", "date", "the Lyon article"),
        ("On what date was the Lyon article published?", "date", "the Lyon article"),
        ("Which outlet published the story on Lyon?", "source", "the story on Lyon"),
        ("What is the headline of the article about Lyon?", "title", "the article about Lyon"),
        ("Where was the photo in the Lyon article taken?", "photo", "the Lyon article"),
        ("What does the picture show?", "photo", ""),
        ("Which photo shows Hytera's stand?", "photo", "Hytera's stand"),
        ("Who is the photo credited to?", "photo", ""),
        ("What did the Norinco representative say?", "quote", "the Norinco representative"),
        ("What did Sylvain Shuang say about smartphones?", "quote", "Sylvain Shuang"),
        ("What does the article say about Hytera?", "overview", "Hytera"),
        ("What do the articles disagree on?", "disagreements", ""),
        ("Are there contradictions between the sources about cameras?", "disagreements", "cameras"),
        (
            "How do the articles differ on the number of cameras?",
            "compare",
            "the number of cameras",
        ),
        (
            "Compare how the two articles describe the 2017 incident",
            "compare",
            "the two articles describe the 2017 incident",
        ),
        ("Which companies are named in the articles?", "entities", "companies"),
        ("Who are the people quoted?", "entities", "people"),
        ("Who is quoted in the articles?", "entities", "quoted"),
        ("List every company mentioned", "entities", "company"),
        ("Summarise the articles", "overview", "the articles"),
        (
            "What are the main points of the surveillance article?",
            "overview",
            "the surveillance article",
        ),
        ("What's the news about Hytera?", "overview", "Hytera"),
        ("Where do the two sources differ?", "disagreements", ""),
        ("Is Norinco mentioned anywhere?", "articles", "Norinco"),
        ("compare the headlines", "title", "headlines"),
        ("What did Yolen Ye tell AFP?", "quote", "Yolen Ye"),
        ("how did the norinco guy describe china's safety?", "quote", "the norinco guy"),
        ("How do they each describe the 2017 incident?", "fact", None),  # the classifier's
        ("What did those human rights campaigners say?", "quote", "those human rights campaigners"),
        (
            "Do both articles project 2.76 billion cameras by 2022?",
            "disagreements",
            "2.76 billion cameras by 2022",
        ),
        # Questions about the news, not about an article: one fact.
        ("Which newspaper released the trove of government documents?", "fact", None),
        ("What does Hytera sell?", "fact", None),
        ("How many Chinese companies are at Milipol?", "fact", None),
    ],
)
def test_the_form_of_answer_comes_from_the_wording(question, form, subject):
    assert question_form(question) == (form, subject)


def test_an_overview_hears_from_every_article_in_reading_order(engine, settings):
    answer = engine.ask("What happened at Milipol this year?")
    assert answer.outcome == "answer" and answer.analysis.form == "overview"
    assert 3 <= len(answer.citations) <= settings.answer.overview_sentences
    cited = [c.doc_id for c in answer.citations]
    assert {MILIPOL, SURVEILLANCE} <= set(cited)
    # Article by article, each in the order it is written, each headed by its title.
    assert cited == sorted(cited, key=cited.index)
    for doc_id in set(cited):
        starts = [c.start for c in answer.citations if c.doc_id == doc_id]
        assert starts == sorted(starts)
    assert answer.text.startswith(f"**{answer.citations[0].title}**")
    assert len({c.quote for c in answer.citations}) == len(answer.citations)
    assert_grounded(answer, settings)


def test_an_article_named_by_its_title_is_summarised_from_itself(engine, settings):
    answer = engine.ask("What does 'China surveillance tech seeks global reach' report?")
    assert answer.analysis.form == "overview" and len(answer.citations) >= 3
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}
    assert_grounded(answer, settings)


def test_which_articles_mention_lists_each_with_the_sentence_that_names_it(engine, settings):
    answer = engine.ask("Which articles mention facial recognition?")
    assert answer.analysis.form == "articles"
    assert answer.text.startswith('3 articles mention "facial recognition" (4 counting copies):')
    # The newest first; the re-posted copy is stored once and listed with its original.
    assert answer.citations[0].doc_id in {"lyon.html", "lyon-syndicated.html"}
    assert {c.doc_id for c in answer.citations} - {"lyon.html", "lyon-syndicated.html"} == {
        MILIPOL,
        SURVEILLANCE,
    }
    assert all("facial recognition" in c.quote for c in answer.citations)
    assert "(also stored as lyon" in answer.text
    assert_grounded(answer, settings)


def test_a_phrase_no_article_uses_is_found_by_its_words_and_the_answer_says_so(engine, settings):
    answer = engine.ask("Which articles mention the electric shock handcuffs?")
    assert answer.text.startswith(
        'No article uses the phrase "the electric shock handcuffs"; 2 articles mention each of '
        "its words (electric, shock, handcuffs) in one passage:"
    )
    assert {c.doc_id for c in answer.citations} == {MILIPOL, SURVEILLANCE}
    assert all("handcuffs" in c.quote for c in answer.citations)
    assert_grounded(answer, settings)


def test_a_word_no_article_uses_is_left_out_of_the_words_looked_for(engine, settings):
    """The articles estimate 2.76 billion cameras; none calls it a projection."""
    answer = engine.ask("Which articles cite the 2.76 billion camera projection?")
    assert answer.text.startswith(
        'No article uses the phrase "2.76 billion camera projection"; 2 articles mention each of '
        'its words (2.76, billion, camera) in one passage; none uses "projection":'
    )
    assert {c.doc_id for c in answer.citations} == {MILIPOL, SURVEILLANCE}
    assert all("2.76 billion" in c.quote for c in answer.citations)
    assert_grounded(answer, settings)


def test_a_subject_said_in_other_words_is_offered_by_meaning_and_the_answer_says_so(
    engine, settings
):
    """No article says "wildfire monitoring"; one sells drones "for use in monitoring forest
    fires". Something no article speaks of, and a name none uses, are still refused."""
    answer = engine.ask("Which story talks about wildfire monitoring?")
    assert answer.outcome == "tentative"
    assert answer.text.startswith(
        'No article uses the words "wildfire monitoring"; these speak of it in other words:'
    )
    assert [c.doc_id for c in answer.citations] == [SURVEILLANCE]
    assert "monitoring forest fires" in answer.citations[0].quote
    assert_grounded(answer, settings)
    for absent in ("Which article mentions electric cars?", "Which article mentions Tesla?"):
        assert engine.ask(absent).abstained


def test_what_an_article_named_by_its_subject_says_about_something_is_read_in_it(engine):
    answer = engine.ask("What does the surveillance tech article tell us about GDU?")
    assert answer.analysis.form == "overview"
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}
    assert "mini drones" in answer.text and "Thailand" in answer.text


def test_each_of_two_things_compared_is_heard_from(engine):
    """Both firms are in one article, whose two best sentences on them are about Hytera."""
    answer = engine.ask("Compare the products of GDU and Hytera.")
    quotes = [c.quote for c in answer.citations]
    assert any("GDU" in q for q in quotes) and any("Hytera" in q for q in quotes)


def test_the_articles_named_all_together_name_no_one_article(engine):
    """ "the articles" is every article: the overview is of Shenzhen, not a search for an
    article titled "picture paint of Shenzhen"."""
    answer = engine.ask("What's the picture the articles paint of Shenzhen?")
    assert answer.analysis.form == "overview" and not answer.abstained
    assert "Huawei" in answer.text and "Silicon Valley of China" in answer.text


def test_two_kinds_of_place_asked_together_list_every_place(engine):
    answer = engine.ask("list the cities and regions mentioned in the global reach article")
    assert {"Paris", "Shenzhen", "Hong Kong", "Xinjiang"} <= {
        item.split("**")[1] for item in answer.text.splitlines() if item.startswith("- **")
    }


def test_which_article_covers_one_thing_and_which_another_lists_each(engine, settings):
    answer = engine.ask("Which article covers the Uighurs and which covers Vigilink?")
    assert answer.text.startswith('The articles that mention "Uighurs" and "Vigilink":')
    by_subject = {c.doc_id: c.quote for c in answer.citations}
    assert "Uighurs" in by_subject[SURVEILLANCE]
    assert {"lyon.html", "lyon-syndicated.html"} & set(by_subject)
    assert '(on "Uighurs")' in answer.text and '(on "Vigilink")' in answer.text
    assert_grounded(answer, settings)


def test_a_kind_written_as_a_plural_acronym_is_no_unknown_name(engine):
    answer = engine.ask(
        "Which organisations are cited as sources - research firms, newspapers, NGOs?"
    )
    assert not answer.abstained and "Amnesty International" in answer.text


def test_a_name_only_a_related_box_uses_is_in_no_article(engine):
    answer = engine.ask("Which articles mention Vigilink?")
    assert [c.doc_id for c in answer.citations] in (["lyon.html"], ["lyon-syndicated.html"])
    refused = engine.ask("Which articles mention Skyward?")  # only in the "Related articles" box
    assert refused.abstained and refused.text == 'No article mentions "Skyward".'


@pytest.mark.parametrize(
    "question, lead",
    [
        ("Who wrote the article about Lyon?", "Claire Martin"),
        ("When was the Lyon article published?", "2024-03-02"),
        ("Which outlet published the story on Lyon?", "Lyon Daily"),
        (
            "What is the headline of the article about Lyon?",
            "Lyon tests facial recognition cameras",
        ),
        ("Who wrote the article that mentions Vigilink?", "Claire Martin"),
        ("When was the story covering Vigilink published?", "2024-03-02"),
    ],
)
def test_questions_about_an_article_are_answered_from_its_header(engine, question, lead):
    answer = engine.ask(question)
    assert answer.outcome == "answer" and answer.lead is not None and answer.lead.text == lead
    (header,) = answer.citations
    assert header.part == "header" and header.location == "the article's header"
    assert header.quote[answer.lead.start : answer.lead.end] == lead
    assert answer.text.startswith(f"**{lead}** [1]")


@pytest.mark.parametrize(
    "question", ["What are the headlines of the articles?", "What were the titles of the stories?"]
)
def test_the_headlines_of_the_articles_are_each_articles_once(engine, settings, question):
    answer = engine.ask(question)
    originals = [d for d in Desk(settings).documents() if not d.duplicate_of]
    assert answer.text.startswith(f"The headlines of the {len(originals)} articles:\n\n- **")
    assert {c.quote.split(" · ")[0] for c in answer.citations} == {d.title for d in originals}
    assert all(c.part == "header" for c in answer.citations)


def test_who_wrote_the_articles_names_each_author_and_each_article_without_one(engine):
    answer = engine.ask("Who wrote these stories?")
    assert "\n- **Claire Martin (Lyon tests facial recognition cameras)** [" in answer.text
    assert "- **China surveillance tech seeks global reach: no author given** [" in answer.text


def test_a_field_no_article_gives_is_refused_plainly(seed_index):
    answer = Engine(Settings(index_dir=seed_index)).ask("When were the articles published?")
    assert answer.abstained and answer.text == "Neither article gives its publication date."


def test_what_the_header_does_not_give_is_a_refusal_that_says_so(engine):
    answer = engine.ask("Who wrote the article about Hytera?")
    assert answer.outcome == "refused" and answer.lead is None and not answer.citations
    assert answer.text == '"China surveillance tech seeks global reach" does not give its author.'


def test_the_standfirst_is_cited_to_the_header(engine):
    answer = engine.ask("What's the subtitle of the global reach article?")
    assert answer.analysis.form == "subtitle"
    assert answer.lead.text == (
        "At Paris's Milipol fair, the country showcases non-lethal, but still worrisome military "
        "devices"
    )
    assert answer.citations[0].part == "header" and answer.citations[0].doc_id == SURVEILLANCE


@pytest.mark.parametrize(
    "question",
    [
        "What does the standfirst say?",
        "How does the subheadline characterize the devices China shows?",
    ],
)
def test_the_standfirst_asked_of_no_article_is_the_one_article_that_has_one(engine, question):
    """Of the two articles only one has a line under its headline: a question about "the
    standfirst" can mean no other (not a quote of what China said, not the closest passage)."""
    answer = engine.ask(question)
    assert answer.analysis.form == "subtitle"
    assert answer.lead.text.endswith("non-lethal, but still worrisome military devices")
    assert answer.citations[0].part == "header" and answer.citations[0].doc_id == SURVEILLANCE


def test_the_standfirst_of_an_article_named_is_its_own_or_none(engine):
    """Only one article has a standfirst; asked of the other by name, it says so."""
    answer = engine.ask("What is the subtitle of the Milipol Security Fair article?")
    assert answer.text == (
        '"Milipol Security Fair Sees Huge Influx of Chinese Firms" does not give its standfirst.'
    )


def test_section_headings_are_listed_in_reading_order_each_cited_in_the_text(engine):
    answer = engine.ask("list the section headings in the Milipol Security Fair article")
    assert answer.text.startswith('3 section headings in "Milipol Security Fair Sees Huge')
    assert [c.quote for c in answer.citations] == [
        "Heavy Police Surveillance on the Mainland",
        "Involvement in Public Tech Fair is a Concern",
        "US Trade Bans on Some Companies as Well",
    ]
    assert {c.part for c in answer.citations} == {"text"}


@pytest.mark.parametrize(
    ("question", "heading"),
    [
        ("Which section of the Milipol article deals with the trade war?", "US Trade Bans"),
        ("Which section of the Milipol article mentions 5G and IoT?", "US Trade Bans"),
        ("what section deals with the fair being a concern - whats it called?", "Involvement"),
        ("under which heading does the milipol article talk about amnesty", "Involvement"),
    ],
)
def test_the_section_asked_for_by_what_it_covers_is_the_one_that_says_it(engine, question, heading):
    answer = engine.ask(question)
    assert answer.text.startswith("The one on ")
    assert [c.quote.split()[0] for c in answer.citations] == [heading.split()[0]]
    assert answer.citations[0].quote.startswith(heading)


def test_a_section_asked_for_by_what_no_section_says_lists_them_all_saying_so(engine):
    answer = engine.ask("which section of the Milipol article covers the Uighurs?")
    assert answer.text.startswith('No section says "the Uighurs"; 3 section headings')
    # of an article named by its subject that has no sections: said so
    other = engine.ask("What section of the surveillance article covers Norinco?")
    assert other.text == 'No section headings in "China surveillance tech seeks global reach".'


def test_articles_are_named_by_their_place_in_the_library(engine):
    assert engine.ask("title of the second article?").lead.text == (
        "China surveillance tech seeks global reach"
    )
    first = engine.ask("Who wrote the first article?")
    assert (
        first.text
        == '"Milipol Security Fair Sees Huge Influx of Chinese Firms" does not give its author.'
    )


def test_how_many_articles_lists_every_headline_a_copy_counted_once(engine):
    answer = engine.ask("How many articles are there?")
    assert answer.text.startswith("The headlines of the 3 articles:")


def test_the_cli_says_a_header_citation_is_the_header(settings, tmp_path: Path):
    from typer.testing import CliRunner

    from ui.cli import app

    index = ["--index-dir", str(settings.store.index_dir)]
    result = CliRunner().invoke(app, ["ask", "Who wrote the article about Lyon?", *index])
    assert result.exit_code == 0, result.output
    assert "**Claire Martin** [1]" in result.output
    assert "the article's header)" in result.output


def test_an_article_named_by_its_subject_is_summarised_whole(engine):
    answer = engine.ask("What is the Lyon article about?")
    assert answer.analysis.form == "overview"
    assert len(answer.citations) == 2 and len({c.doc_id for c in answer.citations}) == 1
    assert "Grenoble" in answer.text  # a sentence that does not say "Lyon" is the article's too


def test_a_photo_is_described_by_its_caption_which_answers_nothing_else(engine):
    answer = engine.ask("Where was the photo in the Lyon article taken?")
    assert answer.analysis.form == "photo"
    (caption,) = answer.citations
    assert (
        caption.part == "caption" and caption.quote == "Cameras above the Part-Dieu station hall."
    )
    assert answer.text.endswith("Cameras above the Part-Dieu station hall. [1]")
    other = engine.ask("Which station hall has cameras above it?")
    assert all(c.part == "text" and "Part-Dieu" not in c.quote for c in other.citations)


@pytest.mark.parametrize(
    "question",
    ["compare the photos of the two articles", "does either article have a photo? compare"],
)
def test_photos_compared_are_each_article_s_caption(engine, question):
    answer = engine.ask(question)
    assert answer.analysis.form == "photo"
    assert answer.citations and {c.part for c in answer.citations} == {"caption"}


def test_what_someone_said_is_their_quoted_words_with_the_attribution(engine, settings):
    """The speaker is named in the sentence before: "Chinese armaments firm Norinco is also
    present…", then "…," said a representative of the state-owned firm"."""
    answer = engine.ask("What did the Norinco representative say?")
    assert answer.analysis.form == "quote"
    (quoted,) = answer.citations
    assert quoted.quote.startswith('"In China, facial recognition is not a new technology')
    assert "said a representative of the state-owned firm" in quoted.quote
    assert answer.text.startswith("What the Norinco representative said:")
    assert_grounded(answer, settings)


def test_a_quotation_whose_speaker_is_named_is_not_the_words_of_the_firm_named_before(engine):
    """ "'It's the Silicon Valley of China,' said Yolen Ye, sales manager at GDU" follows the
    sentence naming Huawei: the words are GDU's man's, not Huawei's; Sylvain Shuang, "who
    represents the firm" named before, speaks for Hytera."""
    huawei = engine.ask("What did Huawei say?")
    assert "Silicon Valley of China" not in huawei.text
    hytera = engine.ask("What did Hytera say?")
    assert hytera.text.startswith("What Hytera said:") and "said Sylvain Shuang" in hytera.text


def test_a_speaker_named_again_by_surname_speaks_for_whom_the_sentence_before_names():
    """ "… said Shuang", after "Sylvain Shuang, who represents Hytera, …": Hytera's words still."""
    before = "Sylvain Shuang, who represents Hytera in Africa, showed the gear."
    assert not quotes._named_apart('"We sell across the region," said Shuang.', before, {"hytera"})
    huawei = "A number of the firms come from Shenzhen, home to Huawei."
    ye = '"It\'s the Silicon Valley of China," said Yolen Ye, sales manager at GDU.'
    assert quotes._named_apart(ye, huawei, {"huawei"})


def test_a_speaker_called_a_guy_is_whoever_speaks_for_the_firm(engine):
    answer = engine.ask("what did the norinco guy say about facial recognition?")
    assert answer.analysis.form == "quote"
    assert "facial recognition is not a new technology" in answer.citations[0].quote


def test_words_reported_as_the_speakers_count_as_what_they_said(engine, settings):
    answer = engine.ask("What does GDU claim its drones can do?")
    assert answer.analysis.form == "quote"
    assert "the GDU says the drones are capable of tracking up to 30 targets" in answer.text
    assert_grounded(answer, settings)


def test_who_said_quoted_words_names_the_speaker_and_the_firm_named_just_before(engine, settings):
    answer = engine.ask("who said 'we realise this is a safe country'?")
    assert answer.analysis.form == "quote"
    assert answer.text.startswith("Said by a representative of the state-owned firm:")
    before, said = answer.citations
    assert "Norinco" in before.quote and "we realise this is a safe country" in said.quote
    assert_grounded(answer, settings)
    named = engine.ask('Who said "It\'s the Silicon Valley of China"?')
    assert named.text.startswith("Said by Yolen Ye:") and len(named.citations) == 1
    nobody = engine.ask('Who said "the moon is made of green cheese"?')
    assert nobody.abstained
    assert nobody.text == 'No article has the words "the moon is made of green cheese".'


def test_words_reported_of_a_speaker_named_the_sentence_before_are_theirs(engine, settings):
    """ "The human rights group stated that they constituted torture devices" is Amnesty
    International's, named in the sentence before, which is quoted first for who and what."""
    answer = engine.ask("What did Amnesty International say?")
    assert answer.analysis.form == "quote" and answer.outcome == "answer"
    assert answer.text.startswith("What Amnesty International said:")
    before, said = answer.citations
    assert before.quote.startswith("Amnesty International filed a complaint")
    assert said.quote.startswith("The human rights group stated that they constituted torture")
    assert_grounded(answer, settings)


def test_a_group_only_named_after_a_preposition_is_not_the_one_referred_to_next(engine):
    """ "Amnesty International filed a complaint with the organizers…", then "The human rights
    group stated…": the group is Amnesty, so nothing is the organisers' words."""
    for question in (
        "What did Milipol's organisers say about Chinese participation this year?",
        "What did the organizers say?",
    ):
        answer = engine.ask(question)
        assert answer.analysis.form == "quote"
        assert not answer.text.startswith("What the organi")


def test_where_the_articles_disagree_lists_each_figure_with_both_sides_cited(engine, settings):
    answer = engine.ask("What do the articles disagree on?")
    assert answer.analysis.form == "disagreements" and answer.outcome == "answer"
    assert answer.text.startswith("The articles disagree on 1 point:")
    assert "**170 million** [1] according to Milipol Security Fair" in answer.text
    assert "against **176 million** [2] according to China surveillance tech" in answer.text
    # "one of its drones" and "two cameras per person" count different things.
    assert "**two**" not in answer.text and len(answer.citations) == 2
    assert_grounded(answer, settings)


def test_a_comparison_hears_each_article_and_flags_what_it_disagrees_on(engine, settings):
    answer = engine.ask("How do the articles differ on the number of cameras in China?")
    assert answer.analysis.form == "compare"
    assert {c.doc_id for c in answer.citations} >= {MILIPOL, SURVEILLANCE}
    assert "The sources disagree." in answer.text
    assert "**176 million**" in answer.text and "**170 million**" in answer.text
    assert_grounded(answer, settings)
    # "Camera numbers" asks for figures: "a number of the companies…" is not one.
    numbers = engine.ask("How do the two articles differ on camera numbers?")
    assert "Huawei" not in numbers.text and "176 million" in numbers.text

    incident = engine.ask("Compare how the two articles describe the 2017 incident")
    assert {c.doc_id for c in incident.citations} == {MILIPOL, SURVEILLANCE}
    assert "2017" in incident.text and "handcuffs" in incident.text
    assert "The sources disagree." not in incident.text  # the cameras are another matter


def test_the_companies_named_are_the_names_the_articles_call_firms_each_cited_once(
    engine, settings
):
    answer = engine.ask("Which companies are named in the articles?")
    assert answer.analysis.form == "entities"
    names = re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE)
    assert {"Hytera Communications Corporation", "GDU", "Norinco", "IHS Markit", "Huawei"} <= set(
        names
    )
    # A trade fair, a charity and the EU carry organisation labels, but no article calls them firms.
    assert not {"Milipol", "Amnesty International", "EU"} & set(names)
    assert len(names) == len(set(names))
    assert_grounded(answer, settings)


def test_a_list_of_companies_with_an_adjective_is_still_a_list(engine):
    answer = engine.ask("list the Chinese companies that appear")
    assert answer.analysis.form == "entities"
    assert "- **GDU**" in answer.text and "**China**" not in answer.text


def test_a_people_typed_in_lower_case_qualifies_the_kind_not_the_sentences(engine):
    """ "the chinese companies": where they are from, not a word each sentence naming one must
    say (Hytera's stand is described without "China")."""
    answer = engine.ask("list the chinese companies named in the articles")
    names = set(re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE))
    assert {"GDU", "Hytera Communications Corporation", "Norinco", "Huawei"} <= names


def test_countries_asked_for_are_countries_and_cities_cities(engine, settings):
    """The recogniser labels Paris, France and Xinjiang alike: the places table tells them apart."""
    countries = engine.ask("Which countries do the articles mention?")
    names = set(re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", countries.text, re.MULTILINE))
    assert {"China", "France", "Thailand", "Britain", "Canada", "Spain"} <= names
    assert not {"Paris", "Beijing", "Shenzhen", "Xinjiang"} & names
    assert_grounded(countries, settings)
    cities = engine.ask("Which cities are named?")
    names = set(re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", cities.text, re.MULTILINE))
    assert {"Paris", "Beijing", "Shenzhen"} <= names
    assert not {"China", "France", "Thailand", "Xinjiang", "the Silicon Valley"} & names


def test_countries_or_blocs_are_the_countries_and_the_eu_not_paris(engine, settings):
    """The recogniser labels the EU an organisation; asked for with countries, it is a bloc."""
    answer = engine.ask("which countries or blocs are named in the first article")
    assert answer.text.startswith("3 countries and blocs named:")
    names = re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE)
    assert names == ["China", "US", "EU"]
    assert_grounded(answer, settings)
    organisations = engine.ask("Which organisations are named?").text
    assert "- **EU**" in organisations and "- **Paris**" not in organisations


def test_names_the_question_sets_aside_are_not_listed(engine):
    answer = engine.ask("Which countries outside China and France do the articles mention?")
    names = set(re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE))
    assert {"Thailand", "Britain"} <= names and not {"China", "France"} & names


def test_a_list_asked_about_something_names_only_what_is_said_with_it(engine, settings):
    """ "Hytera bought companies": the sentence saying so, Hytera named two sentences before it,
    gives the countries; France and Thailand, said elsewhere, are not listed."""
    answer = engine.ask("List the countries where Hytera bought companies")
    names = set(re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE))
    assert {"Britain", "Canada", "Spain"} <= names
    assert not {"France", "Thailand", "US"} & names
    assert_grounded(answer, settings)


def test_a_topic_no_name_of_the_kind_is_said_with_lists_them_all(engine):
    """No group is named in a sentence with Xinjiang (the Uighurs are in the next one, "the
    fractious region"): the whole list, not a refusal."""
    answer = engine.ask("Which minority groups are mentioned in connection with Xinjiang?")
    assert answer.outcome == "answer" and "- **Muslim** [" in answer.text


def test_minority_groups_are_peoples_not_organisations(engine, settings):
    answer = engine.ask("Which minority groups are mentioned?")
    assert answer.analysis.form == "entities"
    assert re.match(r"\d+ groups named:", answer.text)
    named = answer.text.split("\n\n", 1)[1]
    # spaCy's small model labels "Muslim", not "Uighurs": its sentence says both.
    assert "- **Muslim** [" in named and "Uighurs and other mostly Muslim minorities" in named
    assert "**Amnesty International**" not in named  # an organisation
    assert_grounded(answer, settings)


def test_the_people_quoted_are_the_speakers_not_the_names_inside_quotations(engine, settings):
    answer = engine.ask("Who are the people quoted?")
    names = re.findall(r"^- \*\*(.+?)\*\* \[\d+\]", answer.text, re.MULTILINE)
    # and the one quoted who withheld a name, as the article describes him
    assert names == [
        "Yolen Ye",
        "Sylvain Shuang",
        "a representative of the state-owned firm (unnamed)",
    ]
    assert_grounded(answer, settings)


def test_the_chat_shows_lists_and_titles_as_markdown_and_quotes_as_text(engine):
    from ui.render import final_markdown

    answer = engine.ask("Which articles mention facial recognition?")
    shown = final_markdown(answer)
    assert "\n- **Lyon tests facial recognition cameras**" in shown
    assert "\\*\\*" not in shown  # no escaped bold left
    people = final_markdown(engine.ask("Who are the people quoted?"))
    assert "- **Yolen Ye** [\\[1\\]](#a1-cite-1)" in people
    assert '"It\'s the Silicon Valley of China,"' in people  # the quote itself stays text


def test_a_question_in_another_language_is_told_the_models_read_english(engine):
    answer = engine.ask("Combien d'entreprises chinoises sont au salon Milipol ?")
    assert answer.abstained and answer.text.startswith("This question looks like French.")
    assert "CITEDESK_LLM" in answer.text
    for english in ("Norinco facial recognition", "Hytera sales outside China"):
        assert not engine.ask(english).text.startswith("This question looks like")


def test_a_refusal_names_the_filter_that_may_hide_the_answer(engine):
    from rag.models import Filters

    only_milipol = Filters(doc_ids=[MILIPOL])
    answer = engine.ask("Who represents Hytera in francophone Africa?", filters=only_milipol)
    assert answer.abstained
    assert answer.text.endswith(
        "Searched only the 1 selected article; the answer may be in the others."
    )
    listed = engine.ask("Which articles mention Hytera?", filters=only_milipol)
    assert listed.text == 'No article mentions "Hytera". Searched only the 1 selected article.'


def test_articles_named_by_title_are_each_heard_in_a_comparison(engine, settings):
    answer = engine.ask(
        "Compare 'Milipol Security Fair Sees Huge Influx of Chinese Firms' and "
        "'China surveillance tech seeks global reach'"
    )
    assert answer.analysis.form == "compare"
    cited = [c.doc_id for c in answer.citations]
    assert cited.count(MILIPOL) >= 2 and cited.count(SURVEILLANCE) >= 2
    assert_grounded(answer, settings)


def test_an_edited_syndicated_copy_is_listed_with_its_original():
    """Stored twice (it is not an exact copy), but it names the subject in the same sentence."""
    from ingest.store import StoredChunk
    from ingest.store.catalog import DocumentInfo
    from rag.forms.listing import mentioning

    sentence = "Vigilink cameras went up in Lyon on Monday."
    rows = [
        StoredChunk("c1", f"{sentence} The trial lasts six months.", {"doc_id": "wire.txt"}),
        StoredChunk("c2", f"{sentence} Critics object.", {"doc_id": "reposted.txt"}),
        StoredChunk("c3", "Grenoble chose Vigilink too.", {"doc_id": "grenoble.txt"}),
    ]
    catalog = {
        doc_id: DocumentInfo(doc_id, doc_id, None, date, 1, None, "done")
        for doc_id, date in [
            ("wire.txt", "2024-03-02"),
            ("reposted.txt", "2024-03-03"),
            ("grenoble.txt", "2024-01-01"),
        ]
    }
    listed = mentioning("Vigilink", rows, catalog)
    assert [c.doc_id for c in listed.chosen] == ["reposted.txt", "grenoble.txt"]
    assert listed.intro == '2 articles mention "Vigilink" (3 counting copies):'
    assert listed.notes == [" (also stored as wire.txt)", ""]


def test_captions_are_searched_only_by_questions_about_photos(engine):
    answer = engine.ask("Which photo shows the Part-Dieu station hall?")
    assert answer.analysis.form == "photo"
    assert answer.citations and {c.part for c in answer.citations} == {"caption"}
    assert answer.citations[0].quote == "Cameras above the Part-Dieu station hall."
    assert answer.citations[0].doc_id in {"lyon.html", "lyon-syndicated.html"}


@pytest.mark.parametrize(
    "question",
    [
        "What does the photo caption say?",
        "What do the captions say?",
        "Which of the articles carries a photo, and what does its caption show?",
    ],
)
def test_a_caption_asked_of_no_article_is_every_caption_there_is(engine, question):
    answer = engine.ask(question)
    assert answer.analysis.form == "photo"
    assert {c.part for c in answer.citations} == {"caption"}
    quotes = {c.quote for c in answer.citations}
    assert "Cameras above the Part-Dieu station hall." in quotes  # once, though syndicated
    assert any(q.startswith("Photo: Hytera") for q in quotes) and len(quotes) == 2


def test_a_polite_request_is_answered_as_the_request(engine, settings):
    answer = engine.ask("Can you summarise the articles in a few sentences?")
    assert answer.analysis.form == "overview" and not answer.text.startswith("Searched for")
    assert len({c.doc_id for c in answer.citations}) >= 2
    assert_grounded(answer, settings)


def test_the_articles_as_a_whole_are_summarised_from_every_article(engine, settings):
    answer = engine.ask("Summarise the articles")
    assert answer.analysis.form == "overview"
    assert len({c.doc_id for c in answer.citations}) >= 2
    assert_grounded(answer, settings)


def test_every_form_a_question_can_take_has_its_composer():
    """A form `rag.questions.forms` recognises is answered as that form: only an overview is composed by
    the default composer."""
    from rag.forms import COMPOSERS
    from rag.questions.forms import FORMS

    assert {form for form, _ in FORMS} - set(COMPOSERS) == {"overview"}


def test_every_source_listed_says_its_date_or_that_it_has_none(engine):
    from ui.render import sources_panel

    panel = sources_panel(engine.ask("Which articles mention facial recognition?"))
    assert "Lyon Daily · 2024-03-02" in panel
    assert "undated · <code>" in panel  # the seed articles give no date


def test_articles_named_in_a_disagreement_question_are_where_to_look_not_the_topic(seed_index):
    engine = Engine(Settings(index_dir=seed_index))
    answer = engine.ask(
        "Is the camera count in the Huge Influx piece inconsistent with the global reach piece?"
    )
    assert answer.text.startswith("**Yes**: The articles disagree about camera count on 1 point:")
    assert "**170 million**" in answer.text and "**176 million**" in answer.text


def test_a_story_no_title_tells_is_the_topic_of_a_disagreement_question(seed_index):
    engine = Engine(Settings(index_dir=seed_index))
    answer = engine.ask(
        "Do the articles tell the Amnesty story the same way, or are there differences?"
    )
    assert answer.text.startswith(
        "No two articles read here give different figures or dates about Amnesty. What each says:"
    )
    assert "170 million" not in answer.text and "Amnesty International" in answer.text
    numbers = engine.ask("Where do the two articles' numbers not line up?")
    assert numbers.text.startswith("The articles disagree on 1 point:")
    # "none about it", and a disagreement over another figure said to be one
    per_person = engine.ask("Are the cameras per person figures consistent across both articles?")
    assert per_person.text.startswith(
        "No two articles read here give different figures or dates about cameras per person. "
        "They differ on another figure, shown after. What each says:"
    )


def test_a_section_named_in_the_question_is_summarised_from_its_own_sentences(engine):
    answer = engine.ask("Summarize the 'Heavy Police Surveillance on the Mainland' section.")
    assert answer.text.startswith('The section "Heavy Police Surveillance on the Mainland":')
    assert "170 million cameras" in answer.text
    assert "Amnesty" not in answer.text  # the next section's


@pytest.mark.parametrize(
    "question",
    [
        "Under the heading 'Involvement in Public Tech Fair is a Concern', what is described?",
        "Which article carries the section 'Involvement in Public Tech Fair is a Concern'?",
        "Whats the gist of the section about concerns over public tech fairs?",  # by its words
    ],
)
def test_a_section_quoted_after_the_word_heading_is_read_from_its_own_sentences(engine, question):
    answer = engine.ask(question)
    assert answer.text.startswith('The section "Involvement in Public Tech Fair is a Concern":')
    assert "handcuffs" in answer.text and "Milipol Security Fair Sees" in answer.text


def test_a_part_about_a_topic_is_not_a_section(engine):
    answer = engine.ask("What's the gist of the part about Hytera?")
    assert not answer.text.startswith("The section") and "Hytera" in answer.text


def test_an_overview_of_an_article_named_anywhere_in_the_question_reads_that_article(engine):
    answer = engine.ask("In a few lines, what's the main thrust of the surveillance tech piece?")
    assert answer.text.startswith("**China surveillance tech seeks global reach**: Chinese firms")
    assert {c.doc_id for c in answer.citations} == {SURVEILLANCE}


def test_the_overall_picture_is_the_story_not_a_photo(engine):
    answer = engine.ask("What's the overall picture of Chinese firms' global ambitions?")
    assert answer.analysis.form == "overview" and "conquer the global market" in answer.text
    assert engine.ask("What does the picture show?").analysis.form == "photo"


def test_asked_for_in_their_own_words_what_someone_said_is_still_a_quote(engine):
    answer = engine.ask("what did the hytera guy say, in his own words?")
    assert answer.analysis.form == "quote"
    assert answer.citations[0].quote.startswith('"Each police officer can have')


@pytest.mark.parametrize(
    "question",
    [
        "What did Amnesty say at this year's (not 2017) fair?",
        "What did Amnesty say about this years fair?",  # typed without the apostrophe
    ],
)
def test_what_someone_said_at_another_time_than_the_one_asked_is_refused(engine, question):
    """Amnesty is quoted in the paragraphs about 2017 ("in the past. In 2017, …"), not this
    year."""
    answer = engine.ask(question)
    assert answer.outcome == "refused"
    assert "The articles quote Amnesty only about another time, not this year." in answer.text
    assert engine.ask("What did Amnesty say in 2017?").outcome == "answer"


def test_a_subject_said_by_its_initials_is_found(engine):
    answer = engine.ask("Does anything about the Internet of Things come up?")
    assert answer.outcome == "answer" and '"Internet of Things" (as "IoT")' in answer.text


def test_initials_are_found_only_written_as_initials(engine):
    """ "Information Technology" is "IT", never the word "it"; "Universal Studios" is not "US"."""
    for name in ("Information Technology", "Universal Studios"):
        answer = engine.ask(f"Which article mentions {name}?")
        assert "(as " not in answer.text.split("\n")[0]
