"""Asking questions of the seed corpus: grounded, cited answers, and plain abstentions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import iterate, open_store
from rag.engine import Engine, get_engine
from rag.extractive.measures import _opposite_act
from rag.extractive.notices import ABSTAIN_TEXT, DISAGREE_NOTICE
from rag.models import Answer, Filters
from rag.questions.spelling import Spelling
from rag.words.text import terms
from tests.conftest import MILIPOL, SURVEILLANCE
from ui.cli import app


@pytest.fixture(scope="module")
def seed_settings(seed_index: Path) -> Settings:
    return Settings(index_dir=seed_index)


@pytest.fixture(scope="module")
def engine(seed_settings: Settings) -> Engine:
    return get_engine(seed_settings)


def cleaned_articles(settings: Settings) -> dict[str, str]:
    rows = iterate(open_store(settings).documents(), ["documents"])
    return {row["id"]: row["documents"] for row in rows}


def assert_grounded(answer: Answer, settings: Settings) -> None:
    """Every sentence ends with its marker, and every quote sits verbatim at its offsets."""
    articles = cleaned_articles(settings)
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    assert sorted(set(markers)) == [c.n for c in answer.citations]
    for citation in answer.citations + answer.see_also:
        assert articles[citation.doc_id][citation.start : citation.end] == citation.quote
        assert f"{citation.quote} [{citation.n}]" in answer.text or citation in answer.see_also
    for lead in (answer.lead, answer.rival):
        if lead is not None:
            cited = answer.citations[lead.n - 1]
            assert articles[cited.doc_id][lead.start : lead.end] == lead.text
            assert cited.start <= lead.start < lead.end <= cited.end
            assert f"**{lead.text}** [{lead.n}]" in answer.text


def test_names_and_figures_found_at_ingest_or_at_question_time_lead_alike(engine, corpus, tmp_path):
    """Passages are labelled by spaCy when stored; an index stored without the labels (built
    before they were, or with `entities_at_ingest` off) runs the model per question instead."""
    unlabelled = Settings(index_dir=tmp_path / "plain", entities_at_ingest=False)
    assert ingest([corpus], unlabelled).ok
    chunks = iterate(open_store(unlabelled).chunks(), ["metadatas"])
    assert not [row for row in chunks if "entities" in row["metadatas"]]
    for question in [
        "Who represents Hytera in francophone Africa?",
        "How many Chinese companies are at Milipol?",
        "Which market research firm estimated China's camera count?",
    ]:
        assert Engine(unlabelled).ask(question).lead.text == engine.ask(question).lead.text


def test_each_citation_carries_the_paragraph_around_its_quote(engine, seed_settings):
    answer = engine.ask("How many cameras has China deployed?")
    articles = cleaned_articles(seed_settings)
    assert answer.citations
    for cited in answer.citations:
        paragraphs = articles[cited.doc_id].split("\n\n")
        assert cited.before + cited.quote + cited.after in paragraphs


def test_how_many_chinese_companies(engine, seed_settings):
    answer = engine.ask("How many Chinese companies are at Milipol?")
    assert answer.outcome == "answer" and answer.analysis.kind == "quantity"
    # The count, not the total it is out of ("89 out of 1,100 companies").
    assert answer.lead.text.split()[0] == "89"
    assert answer.text.startswith(f"**{answer.lead.text}** [1]")
    assert answer.confidence is not None and 0 < answer.confidence <= 1
    first = answer.citations[0]
    assert first.doc_id == SURVEILLANCE and "89 out of 1,100" in first.quote
    assert first.title == "China surveillance tech seeks global reach"
    assert first.score > 0
    assert_grounded(answer, seed_settings)


def test_conflicting_figures_are_both_shown_and_flagged(engine, seed_settings):
    answer = engine.ask("How many cameras has China deployed?")
    assert answer.notice == DISAGREE_NOTICE and answer.text.startswith(DISAGREE_NOTICE)
    assert {answer.lead.text, answer.rival.text} == {"over 170 million", "176 million"}
    by_doc = {c.doc_id: c.quote for c in answer.citations}
    assert "170 million" in by_doc[MILIPOL]
    assert "176 million" in by_doc[SURVEILLANCE]
    # each version says who says it
    assert "according to Milipol Security Fair Sees Huge Influx of Chinese Firms" in answer.text
    assert_grounded(answer, seed_settings)


def test_a_rate_is_not_a_rival_count(engine):
    # "two cameras per person" counts cameras per person, not cameras, and "as much as 2.76
    # billion cameras around the country by 2022" is a forecast: the rival is 170 million. The
    # lead is a count, not "lots" ("And cameras, lots of cameras.").
    answer = engine.ask("How many cameras?")
    assert {answer.lead.text, answer.rival.text} == {"170 million", "176 million"}


@pytest.mark.parametrize(
    ("question", "kind", "lead"),
    [
        (
            "Which human rights group complained about the shock handcuffs?",
            "organisation",
            "Amnesty International",
        ),
        ("Who represents Hytera in francophone Africa?", "agent", "Sylvain Shuang"),
        ("What share of its sales does Hytera make outside China?", "percent", "40%"),
        ("Which city hosts the Milipol fair?", "place", "Paris"),
        ("How many nations are present at Milipol?", "quantity", "53"),
        (
            "Which market research firm estimated China's camera count?",
            "organisation",
            "IHS Markit",
        ),
    ],
)
def test_the_answer_leads_with_a_cited_span_of_the_kind_asked_for(
    engine, seed_settings, question, kind, lead
):
    answer = engine.ask(question)
    assert answer.analysis.kind == kind
    assert answer.outcome != "refused" and answer.lead.text == lead
    assert f"**{lead}** [1]" in answer.text
    assert answer.notice is None  # one answer, no disagreement
    assert_grounded(answer, seed_settings)


def test_a_sentence_about_the_company_counts_as_about_hytera(engine):
    """ "The company already makes 40%..." follows a sentence about Hytera."""
    answer = engine.ask("What percentage of Hytera's sales are made outside China?")
    assert answer.lead.text == "40%"
    assert "The company already makes 40%" in answer.citations[0].quote


def test_a_question_the_articles_only_touch_on_is_refused_with_the_closest_passages(engine):
    """The articles say much about China but give no population: the reader finds no answer in
    any passage, so no figure (a camera count) is offered as the closest they come."""
    answer = engine.ask("What is the population of China?")
    assert answer.abstained and answer.lead is None and answer.citations == []
    assert answer.text == ABSTAIN_TEXT
    assert any("China" in passage.quote for passage in answer.see_also)


def test_a_description_is_quoted_without_a_lead(engine, seed_settings):
    answer = engine.ask("What does Hytera sell?")
    assert answer.analysis.kind == "description" and answer.lead is None
    assert "communications gear" in answer.text
    assert_grounded(answer, seed_settings)


@pytest.mark.parametrize(
    "question", ["What is the population of China?", "What is the capital of Peru?"]
)
def test_a_lone_keyword_match_is_not_an_answer(engine, question):
    answer = engine.ask(question)
    assert answer.outcome != "answer"


def test_a_figure_that_counts_something_else_is_not_stated(engine):
    assert engine.ask("How many camps are there in Xinjiang?").abstained  # a million Uighurs


def test_the_count_of_what_is_asked_is_read_beside_another_count(engine):
    """ "With 89 out of 1,100 companies … the best represented of the 53 nations present": the
    reader offers the companies' figures; "how many nations" is answered by the nations' count."""
    answer = engine.ask("How many nations are represented at the Milipol security trade fair?")
    assert answer.lead is not None and answer.lead.text == "53"
    assert engine.ask("How many Chinese firms are at Milipol?").lead.text.startswith("89")


def test_a_relative_clause_tells_no_opposite_act_of_a_count():
    """ "released 300 prisoners who had been detained" counts releases."""
    sentence = "Authorities released 300 prisoners who had been detained during the protests."
    assert not _opposite_act("were released?", sentence, " prisoners who had been detained")
    rounded = "more than one million Uighurs … have been rounded up in camps."
    assert _opposite_act("have been released?", rounded, " Uighurs … have been rounded up")


def test_a_figure_that_counts_the_opposite_act_is_not_stated(engine):
    """ "more than one million Uighurs … have been rounded up" counts no one released."""
    assert engine.ask("How many Uighurs have been released from the camps so far?").abstained
    rounded_up = engine.ask("How many Uighurs have been rounded up?")
    assert rounded_up.lead is not None and rounded_up.lead.text == "more than one million"


def test_a_date_something_is_expected_by_is_not_when_it_was_done(engine):
    """ "expected to expand to 2.76 billion … by 2022" gives no day the estimate was published."""
    assert engine.ask("When did IHS Markit publish its camera estimate?").abstained
    by_then = engine.ask("By when could China have 2.76 billion cameras?")
    assert by_then.lead is not None and by_then.lead.text == "2022"


def test_one_of_a_set_counts_the_sets_head_noun(engine):
    """ "sold one of its camera equipped drones models to Thailand": one model, drones uncounted."""
    assert engine.ask("How many drones did GDU sell to Thailand?").abstained
    models = engine.ask("How many drone models has GDU sold to Thailand?")
    assert models.lead is not None and models.lead.text == "one"


def test_the_country_of_a_people_the_question_names_is_not_its_answer(engine):
    """ "Chinese" in the question: "China" is its own word, not the EU country asked for."""
    answer = engine.ask("Which EU countries have bought Chinese facial recognition systems?")
    assert "**China**" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "What was the name of the Chinese company whose stand was closed in 2017?",
        # "… the stand of one Chinese firm … Amnesty International": not the firm
        "What was the name of the Chinese company whose stand got closed in 2017?",
        "Which Chinese company had its stand shut down at the 2017 fair?",
    ],
)
def test_no_name_is_stated_where_the_articles_give_none(engine, question):
    """Refused, saying what is missing; the closest passages still listed."""
    answer = engine.ask(question)
    assert answer.abstained and answer.lead is None  # not "demonstration stall"
    assert answer.text == f"{ABSTAIN_TEXT} The passages read do not give the name asked for."
    assert any("2017" in passage.quote for passage in answer.see_also)


def test_names_of_several_the_articles_leave_unnamed_are_not_stated(engine):
    """ "… several companies that have booths in Milipol banned from holding contacts within the
    US": which ones is not said, and "Milipol" is no company."""
    answer = engine.ask("Which specific companies were banned from US contracts in the trade war?")
    assert answer.abstained and answer.lead is None
    assert "The passages read do not give the name asked for." in answer.text


def test_a_name_given_where_the_kind_is_also_said_unnamed_is_still_the_answer(engine):
    assert engine.ask("Which company makes mini drones?").lead.text == "GDU"


def test_which_firms_asks_for_their_names_not_a_description(engine):
    """ "Several companies that have booths in Milipol" is what the article says: no firm named."""
    answer = engine.ask("Which specific companies at Milipol did the US ban?")
    assert answer.outcome != "answer" and answer.lead is None
    assert "banned from holding contacts" in answer.text or answer.see_also
    kind = engine.ask("Which type of companies showed facial recognition at Milipol?")
    assert kind.lead is not None and kind.lead.text == "Chinese tech firms"  # a kind, not a name


def test_a_question_about_a_name_no_article_uses_is_refused_and_says_which(engine):
    answer = engine.ask("What is the capital of Peru?")
    assert answer.abstained and answer.citations == []
    assert answer.text == f'{ABSTAIN_TEXT} None of them mentions "Peru".'
    assert answer.see_also  # the closest passages all the same


def test_a_misspelled_question_is_corrected_and_says_so(engine, seed_settings):
    answer = engine.ask("How many camras has Chna deployd?")
    assert answer.analysis.searched_for == "How many cameras has China deployed?"
    assert answer.text.startswith('Searched for "How many cameras has China deployed?".')
    assert {answer.lead.text, answer.rival.text} == {"over 170 million", "176 million"}
    assert_grounded(answer, seed_settings)


def test_a_contraction_typed_without_its_apostrophe_gets_it_back_without_a_note(engine):
    answer = engine.ask("Whats Yolen Ye's job title")
    assert answer.analysis.searched_for is None or "What's" in answer.analysis.searched_for
    assert not answer.text.startswith("Searched for")
    assert "sales manager" in answer.text
    texts = ["China has deployed cameras."]
    spelling = Spelling(frozenset(terms(texts[0])), lambda: texts)
    assert spelling.correct("whats it doesnt say") == "what's it doesn't say"


def test_the_spelling_dictionary_is_read_once_and_only_when_needed():
    """A server builds it before the first question (`Engine.warm`); `citedesk ask` only for
    a question with a word the articles do not use."""
    reads = []

    def texts():
        reads.append(1)
        return ["China has deployed cameras."]

    spelling = Spelling(frozenset(terms("China has deployed cameras")), texts)
    assert spelling.correct("Has China deployed cameras?") == "Has China deployed cameras?"
    assert reads == []
    spelling.build()
    assert spelling.correct("Has Chna deployed camras?") == "Has China deployed cameras?"
    assert reads == [1]


def test_a_rare_english_word_written_as_a_name_is_the_name_mistyped_and_an_abbreviation_written_out():
    texts = ["The New York Times reported that China deployed cameras."]
    spelling = Spelling(frozenset(terms(texts[0])), lambda: texts)
    # "Chian" is English (of Chios), but rare: capitalised, it is China; lower-case, the word.
    assert (
        spelling.correct("Why does China sell outside Chian?")
        == "Why does China sell outside China?"
    )
    assert spelling.correct("Is it a chian vase?") == "Is it a chian vase?"
    # one edit from an English word, two from the articles' nearest ("privacy"): the English one
    texts.append("Privacy matters.")
    spelling = Spelling(frozenset(terms(" ".join(texts))), lambda: texts)
    assert spelling.correct("Is it a privat firm?") == "Is it a private firm?"
    assert spelling.correct("where is elon mentioned") == "where is elon mentioned"
    assert spelling.correct("What did the NYT report?") == "What did the New York Times report?"
    assert spelling.correct("What did the BBC report?") == "What did the BBC report?"


def test_a_word_no_article_uses_is_the_english_word_one_slip_away_a_swap_first(engine):
    texts = ["China has deployed cameras."]
    spelling = Spelling(frozenset(terms(texts[0])), lambda: texts)
    assert spelling.correct("which artcle has cameras") == "which article has cameras"
    assert spelling.correct("which peice has cameras") == "which piece has cameras"
    assert spelling.correct("what know-how has it") == "what know-how has it"
    assert spelling.correct("which piece talks about jammers") == "which piece talks about jammers"
    # only a swap or a letter left out: a word the list lacks is not one letter off another
    assert spelling.correct("crypto lidar gmail baidu") == "crypto lidar gmail baidu"
    # the teasers' words are the index's words too: "spacex" is SpaceX's name, not "space"
    answer = engine.ask("which artcle mentions spacex?")
    assert answer.analysis.searched_for == "which article mentions spacex?"
    assert "SpaceX" in answer.text and not answer.abstained


def test_an_abbreviation_the_articles_write_out_finds_the_answer(engine):
    answer = engine.ask("Which minority was the system used against, according to the NYT?")
    assert answer.analysis.searched_for.endswith("according to the New York Times?")
    assert "Uighur" in answer.text and not answer.abstained


def test_a_possessive_is_not_a_misspelling(engine):
    answer = engine.ask("What percentage of Hytera's sales are made outside China?")
    assert answer.analysis.searched_for is None and not answer.text.startswith("Searched")


def test_a_question_the_articles_do_not_answer_abstains(engine, seed_settings):
    answer = engine.ask("Who won the 2018 World Cup?")
    assert answer.abstained and answer.text == ABSTAIN_TEXT
    assert answer.citations == []
    assert answer.see_also  # the closest passages, to look at
    assert_grounded(answer, seed_settings)


@pytest.mark.parametrize(
    "question", ["Did SpaceX land its Starship?", "What do tech giants want for chip makers?"]
)
def test_a_question_only_the_teasers_words_answer_is_answered_from_them_as_teasers(
    engine, question
):
    """No article's text speaks of SpaceX or chip makers; the teasers closing a page do. The
    answer says where it comes from and cites the teasers as teasers, never as the article."""
    answer = engine.ask(question)
    assert not answer.abstained
    assert answer.text.startswith('From the teasers of other stories under "Similar articles":')
    assert answer.citations and all(c.part == "teaser" for c in answer.citations)


def test_a_name_the_articles_use_keeps_a_question_on_them_whatever_the_teasers_say(engine):
    answer = engine.ask("What did Elon Musk say about Milipol?")  # Musk is only in a teaser
    assert answer.abstained
    assert answer.text.endswith('None of them mentions "Elon Musk".')
    figures = engine.ask("were there more than 50 countries at the fair")  # "$50 billion": a teaser
    assert all(c.part != "teaser" for c in figures.citations)


def test_a_name_only_a_teaser_gives_takes_the_question_to_the_teasers(engine):
    """ "SpaceX" is in no article's text, only in a teaser: the question is read there (most of
    its other words being the articles' does not make "None of them mentions SpaceX" true)."""
    answer = engine.ask("Which company did SpaceX acquire?")
    assert answer.analysis.form == "teasers"
    assert "None of them mentions" not in answer.text
    assert all(c.part == "teaser" for c in answer.citations)
    listed = engine.ask("Which companies are mentioned in the similar-articles trailers?")
    assert listed.analysis.form == "teasers" and "Amazon" in listed.text
    # More of the articles' own words than the teasers': a question about the articles.
    own = engine.ask("Do the body cameras run on Microsoft software?")
    assert own.analysis.form != "teasers"


def test_restricting_to_one_document(engine, seed_settings):
    answer = engine.ask("How many cameras has China deployed?", filters=Filters(doc_ids=[MILIPOL]))
    assert {c.doc_id for c in answer.citations} == {MILIPOL}
    assert answer.notice is None and answer.lead.text == "over 170 million"
    assert {p.doc_id for p in answer.retrieved} == {MILIPOL}


def test_a_follow_up_is_understood_with_the_question_before(engine):
    history = [
        {"role": "user", "content": "How many cameras has China deployed?"},
        {"role": "assistant", "content": "170 million [1]"},
    ]
    answer = engine.ask("And how many by 2022?", history=history)
    assert "2.76 billion" in answer.text


def test_a_follow_up_is_about_the_conversation_and_never_repeats_the_answer(engine):
    first = engine.ask("What percentage of Hytera's sales are made outside China?")
    history = [
        {"role": "user", "content": first.question},
        {"role": "assistant", "content": first.text},
    ]
    answer = engine.ask("and who represents them?", history=history)
    assert answer.analysis.follow_up and answer.analysis.kind == "agent"
    assert "Hytera" in answer.analysis.searched_for  # the conversation's subject joins the search
    assert answer.text.startswith('Searched for "and who represents Hytera?"')
    # "…said Sylvain Shuang, who represents the firm" opens its passage: the sentence about Hytera
    # that ends the paragraph before it was recorded at ingest and is read with it.
    assert answer.lead is not None and answer.lead.text == "Sylvain Shuang"
    assert answer.text != first.text


def test_streaming_yields_the_text_then_the_answer(engine):
    pieces = list(engine.stream("What did Amnesty International complain about?"))
    *text, final = pieces
    assert isinstance(final, Answer) and not final.abstained
    assert "".join(text) == final.text
    assert "handcuffs" in final.text
    assert set(final.timings) == {"retrieve_ms", "answer_ms", "total_ms"}


def test_the_cli_prints_the_answer_and_its_sources(seed_settings):
    index = ["--index-dir", str(seed_settings.store.index_dir)]
    result = CliRunner().invoke(app, ["ask", "How many Chinese companies are at Milipol?", *index])
    assert result.exit_code == 0, result.output
    assert "89 out of 1,100" in result.output and "Sources:" in result.output
    assert f"({SURVEILLANCE}, characters " in result.output

    result = CliRunner().invoke(app, ["ask", "How many cameras?", "--json", *index])
    answer = json.loads(result.output)
    assert set(answer["citations"][0]) >= {
        "n",
        "doc_id",
        "title",
        "source",
        "date",
        "quote",
        "start",
        "end",
        "score",
    }


def test_asking_before_ingesting_says_how_to_ingest(tmp_path):
    result = CliRunner().invoke(app, ["ask", "Anything?", "--index-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "Run `citedesk ingest corpus/`" in " ".join(result.output.split())


def write_records(path: Path, records: list[dict]) -> None:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")


def indexed_records(folder: Path, records: list[dict]) -> Settings:
    """The records as a JSON Lines file in `folder`, ingested into `folder/index`: its
    settings."""
    write_records(folder / "records.jsonl", records)
    settings = Settings(index_dir=folder / "index")
    assert ingest([folder], settings).ok
    return settings


@pytest.fixture(scope="module")
def wire_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Four reports on one port from two news agencies, in two months."""
    return Engine(
        indexed_records(
            tmp_path_factory.mktemp("wires"),
            [
                {
                    "title": "Port traffic",
                    "url": "https://a.example/1",
                    "source": "Wire Alpha",
                    "published_at": "2024-10-03",
                    "body": "The harbour of Lorient handled 4 million containers in September, officials said.",
                },
                {
                    "title": "Port strike",
                    "url": "https://a.example/2",
                    "source": "Wire Alpha",
                    "published_at": "2024-11-12",
                    "body": "Dock workers in Lorient went on strike for better pay on Tuesday.",
                },
                {
                    "title": "Harbour figures",
                    "url": "https://b.example/1",
                    "source": "Daily Beta",
                    "published_at": "2024-11-20",
                    "body": "Lorient's harbour moved 3.6 million containers in September, the port authority said.",
                },
                {
                    "title": "Fishing quotas",
                    "url": "https://b.example/2",
                    "source": "Daily Beta",
                    "published_at": "2024-10-21",
                    "body": "Fishermen in Lorient protested against new quotas set by the European Union.",
                },
            ],
        )
    )


def test_a_question_naming_two_sources_hears_from_both(wire_engine):
    answer = wire_engine.ask(
        "What do Wire Alpha and Daily Beta report about containers in Lorient?"
    )
    assert {c.source for c in answer.citations} == {"Wire Alpha", "Daily Beta"}


def test_a_question_naming_one_source_uses_only_it(wire_engine):
    answer = wire_engine.ask("According to Daily Beta, how many containers did Lorient handle?")
    assert {c.source for c in answer.citations} == {"Daily Beta"}
    assert "3.6 million" in answer.text


def test_a_month_in_the_question_picks_articles_from_that_month(wire_engine):
    answer = wire_engine.ask("What happened in Lorient in the October articles?")
    assert answer.retrieved and all(
        p.doc_id.startswith(("https://a.example/1", "https://b.example/2"))
        for p in answer.retrieved
    )


def test_filters_by_source_and_date(wire_engine):
    from datetime import date

    answer = wire_engine.ask(
        "What happened in Lorient?",
        filters=Filters(sources=["Wire Alpha"], date_from=date(2024, 11, 1)),
    )
    assert [p.doc_id for p in answer.retrieved] == ["https://a.example/2"]


def test_words_of_a_headline_are_not_unknown_names(engine):
    answer = engine.ask(
        "How many cameras does the 'Huge Influx of Chinese Firms' article say China has deployed?"
    )
    assert answer.outcome != "refused" and "170 million" in answer.text


def test_a_common_word_in_capitals_said_in_other_words_is_no_unknown_name(engine):
    """ "CCTV" is cameras: no article says it, but none is refused for it; and a mismatch asked
    of the figure is a Yes with the two counts."""
    answer = engine.ask("Is there a mismatch in the CCTV deployment figure reported for China?")
    assert "None of them mentions" not in answer.text
    assert "**Yes**: The articles disagree" in answer.text
    assert "170 million" in answer.text and "176 million" in answer.text
    # but "CCTV" said of what the articles say is not a camera: no Yes lends them to a broadcaster
    assert not engine.ask(
        "Did CCTV report that China has deployed 176 million cameras?"
    ).text.startswith("**Yes**")


def test_a_yes_no_question_is_settled_by_a_sentence_that_restates_all_but_one_of_its_words(engine):
    """ "Hosted this year in Paris" says it with one word of four changed ("held"): a yes with
    that sentence first (`tests/test_yes_no.py` has the other verdicts); no span in bold."""
    answer = engine.ask("Is the Milipol fair held in Paris?")
    assert answer.analysis.kind == "yesno" and answer.lead is None
    assert answer.text.startswith("**Yes**: The Milipol security fair hosted this year in Paris")


def test_a_yes_no_question_about_a_place_no_article_names_is_a_no_where_another_is_read(engine):
    """The reader reads "Paris" where the question puts London, a city in another country
    (`rag.extractive.read_back`, `rag.words.places`)."""
    answer = engine.ask("Is the Milipol fair held in London?")
    assert answer.text.startswith("**No**: The Milipol security fair hosted this year in Paris")


def test_a_yes_no_question_about_a_place_no_article_names_is_refused_and_says_which(engine):
    answer = engine.ask("Is Hytera's gear used by police officers in Germany?")
    assert answer.outcome == "refused" and "Germany" in answer.text


def test_what_a_which_question_asks_for_is_not_its_own_answer(tmp_path):
    """ "Which dinosaur?" is not answered "dinosaur", nor "fossilized dinosaur"; a name is."""
    body = (
        "A 76 million-year-old fossilized dinosaur skeleton, the only specimen of its kind "
        "available for private ownership, will be auctioned off this month in New York City, "
        "Sotheby's announced Tuesday. The auction house expects bids above $5 million."
    )
    record = {"title": "Skeleton for sale", "url": "https://c.example/1", "body": body}
    (tmp_path / "unnamed").mkdir()
    engine = Engine(indexed_records(tmp_path / "unnamed", [record]))
    unnamed = engine.ask("Sotheby's is selling the skeleton of which dinosaur?")
    assert unnamed.lead is None or "dinosaur" not in unnamed.lead.text
    assert not unnamed.text.startswith("Searched for")  # "Sotheby's" is the article's own word
    (tmp_path / "named").mkdir()
    named = Engine(
        indexed_records(
            tmp_path / "named",
            [{**record, "body": body.replace("dinosaur skeleton", "Gorgosaurus skeleton")}],
        )
    ).ask("Sotheby's is selling the skeleton of which dinosaur?")
    assert named.lead is not None and named.lead.text == "Gorgosaurus"


def test_a_word_typed_short_is_written_out_where_the_articles_use_the_whole_word():
    text = "a representative of the state-owned firm; government documents"
    spelling = Spelling(frozenset(terms(text)), lambda: [text])
    assert spelling.correct("Who is Hytera's rep in Africa?") == (
        "Who is Hytera's representative in Africa?"
    )
    assert spelling.correct("Reps of which firms are quoted?") == (
        "Representatives of which firms are quoted?"
    )
    assert spelling.correct("Who leaked the govt documents?") == (
        "Who leaked the government documents?"
    )
    assert spelling.correct("Who is the CEO's exec?") == "Who is the CEO's exec?"  # unknown
    assert spelling.correct("Did the REP speak?") == "Did the REP speak?"  # a name
    assert spelling.correct("Gov Newsom spoke") == "Gov Newsom spoke"  # a title


def test_a_figure_typed_short_is_written_out_where_the_articles_use_the_word():
    text = "as much as 2.76 billion cameras; over 170 million"
    spelling = Spelling(frozenset(terms(text)), lambda: [text])
    assert spelling.correct("is the 2.76bn camera projection for 2030") == (
        "is the 2.76 billion camera projection for 2030"
    )
    assert spelling.correct("Are there 170m cameras?") == "Are there 170 million cameras?"
    assert spelling.correct("Is it 5k cameras?") == "Is it 5k cameras?"  # no "thousand" written


def test_a_verb_news_uses_for_the_same_act_finds_the_answer(engine):
    """ "manufacture" for "makes": "GDU, which makes mini drones equipped with cameras"."""
    answer = engine.ask("What does GDU manufacture?")
    assert answer.outcome != "refused"
    assert answer.lead is not None and answer.lead.text.startswith("mini drones")


def test_a_full_name_asked_for_is_the_longest_name_the_articles_write_that_holds_it(engine):
    for question in ("What's Hytera's full company name?", "What is the full name of Hytera?"):
        answer = engine.ask(question)
        assert answer.lead is not None and answer.lead.text == "Hytera Communications Corporation"
    assert engine.ask("What's the full name of Tesla?").abstained  # no article names it
    eu = engine.ask("What's the full name of the EU?")  # "… banned in the EU.": no longer name
    assert eu.lead is None or eu.lead.text.rstrip(".") != "EU"


def test_a_country_asked_for_is_answered_by_a_country_or_not_at_all(engine):
    """ "Which country …?" wants a country: France hosts Milipol; no article names an EU
    country that bought Chinese cameras, and "Europe" (a continent) is no answer to it."""
    assert engine.ask("Which country hosts Milipol?").lead.text == "France"
    answer = engine.ask("Which EU countries have already bought Chinese surveillance equipment?")
    assert answer.outcome == "refused"


def test_what_a_named_kind_does_is_asked_not_a_list_of_that_kind(engine):
    """ "What do the Chinese firms offer?": what they offer, not which firms there are; "What was
    the company showing handcuffs in 2017?" asks for the company, which no article names."""
    offered = engine.ask("What do the Chinese firms offer?")
    assert offered.analysis.form == "fact" and offered.lead.text == "non-lethal equipment"
    unnamed = engine.ask("What was the company showing handcuffs in 2017?")
    assert unnamed.outcome == "refused"


def test_a_doer_the_articles_call_only_by_what_they_do_is_not_named(engine):
    """ "Organisers closed the stand …": the articles never name the organisers, and "Chinese
    companies' participation in the Milipol fair" does not say who organises it."""
    answer = engine.ask("Who organises the Milipol fair?")
    assert answer.outcome == "refused"
    assert "The passages read do not give the name asked for." in answer.text
    assert engine.ask("Who released the government documents?").lead.text == "New York Times"


def test_the_closest_passage_is_not_offered_when_it_says_none_of_the_question_s_names(engine):
    """ "What products did Huawei display?": the handcuffs another firm displayed are not the
    closest the articles come to Huawei's products; a sentence naming Huawei still is."""
    assert engine.ask("What products did Huawei display at the fair?").outcome == "refused"
    # the one said to have done it, not another name the sentence says ("Milipol")
    assert engine.ask("What products did Huawei exhibit at Milipol?").outcome == "refused"
    closest = engine.ask("Did Huawei have its own stand at Milipol?")
    assert closest.outcome == "tentative" and "maker Huawei" in closest.text
