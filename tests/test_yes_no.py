"""Yes/no questions: "Yes" or "No" only when a quoted sentence settles it (`rag.extractive.yesno`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.extractive import read_back, restatement, yesno, yesno_figures
from rag.extractive.restatement import restated
from rag.words import text as lang


def said(answer) -> str:
    """The answer after any note on the words it searched for ("exhibitors" as the articles'
    "companies": `rag.words.text.in_known_words`)."""
    return re.sub(r'^Searched for "[^"]*"\.\s*', "", answer.text)


@pytest.fixture(scope="module")
def desk(seed_index: Path) -> Desk:
    return Desk(Settings(index_dir=seed_index))


def test_a_figure_above_the_one_asked_about_is_a_yes(desk):
    answer = desk.ask("Are there more than 1,000 companies at Milipol?")
    assert answer.text.startswith("**Yes**: The Milipol security fair")
    assert "over 1,100 companies" in answer.text.split("[1]")[0]


def test_most_is_more_than_half_so_forty_percent_is_a_no(desk):
    answer = desk.ask("Does Hytera make most of its sales outside China?")
    assert answer.text.startswith("**No**: The company already makes 40% of its sales")


def test_a_sentence_that_says_rather_than_is_a_no(desk):
    answer = desk.ask("Is Norinco showing assault rifles at Milipol?")
    assert answer.text.startswith("**No**:")
    assert "rather than assault rifles" in answer.text


@pytest.mark.parametrize(
    ("question", "denied"),
    [
        (
            "is norinco showing tanks at this years fair",
            "rather than assault rifles or battle tanks",
        ),
        ("Is China showing lethal weapons at Milipol?", "Chinese firms offer non-lethal equipment"),
    ],
)
def test_each_thing_a_contrast_denies_is_a_no_for_its_subject(desk, question, denied):
    """Any part of "rather than assault rifles or battle tanks"; "non-lethal" said of
    "Chinese firms" answers about China."""
    answer = desk.ask(question)
    assert answer.text.startswith("**No**:") and denied in answer.text


def test_a_general_verb_under_a_negation_denies_nothing(desk):
    """ "… asked that his name not be used" says nothing of whether the documents showed the
    system "was used against Uighurs"."""
    answer = desk.ask(
        "Did the New York Times publish government documents showing the surveillance system "
        "was used against Uighurs?"
    )
    assert not answer.text.startswith("**No**")
    assert "released by the New York Times" in answer.text


def test_another_verb_for_the_same_act_is_a_restatement(desk):
    answer = desk.ask(
        "Did Amnesty International lodge a complaint with the fair organizers over the shock "
        "handcuffs?"
    )
    assert answer.text.startswith("**Yes**: Amnesty International filed a complaint")


def test_another_act_where_the_question_s_verb_would_be_is_no_restatement(desk):
    """ "… having acquired firms in Britain" says every word of "Did Hytera sell firms in
    Britain?" but the one that matters; a verb no table knows may still be the word left out."""
    assert not desk.ask("Did Hytera sell firms in Britain?").text.startswith("**Yes**")
    assert desk.ask("Did Hytera buy firms in Britain?").text.startswith("**Yes**")
    assert desk.ask("Did Amnesty object to handcuffs that could shock people?").text.startswith(
        "**Yes**"
    )


def test_to_call_something_so_is_to_say_it_and_a_clause_aside_does_no_act(desk):
    """ "'It's the Silicon Valley of China,' said Yolen Ye, sales manager at GDU, which makes mini
    drones equipped with cameras": saying it calls Shenzhen (the "It" of the sentence before)
    so; what GDU makes, in the clause aside, is no other act; Hong Kong is not what "It" is."""
    answer = desk.ask("Did Yolen Ye call Shenzhen the Silicon Valley of China?")
    assert answer.text.startswith('**Yes**: "It\'s the Silicon Valley of China," said Yolen Ye')
    hong_kong = desk.ask("Did Yolen Ye call Hong Kong the Silicon Valley of China?")
    assert not hong_kong.text.startswith("**Yes**")


def test_what_an_article_is_asked_to_claim_is_the_question():
    """The article named scopes the question; its words are not words to restate."""
    assert yesno.claim_asked("Does the first article claim China has 176 million cameras?") == (
        "Does China has 176 million cameras?"
    )
    assert yesno.claim_asked("Did the Milipol piece say that Hytera was there?") == (
        "Did Hytera was there?"
    )
    asked = "Did the New York Times report that camps exist?"  # a claim of the Times itself
    assert yesno.claim_asked(asked) == asked


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Are the electric shock handcuffs banned in Europe?", "Yes"),
        ("Are the shock handcuffs allowed in Europe?", "No"),
    ],
)
def test_europe_asked_is_the_eu_said_beside_the_opposite(desk, question, word):
    """ "… for allowing it to display handcuffs … banned in the EU": banned stands by the EU."""
    assert desk.ask(question).text.startswith(f"**{word}**:")


def test_an_earlier_event_does_not_restate_this_year_s(desk):
    """The stand was closed at the previous fair, in 2017: no yes for this year's."""
    answer = desk.ask("Was the Chinese stand shut down at this year's fair?")
    assert not answer.text.startswith("**Yes**")
    assert "previous fair in 2017" in answer.text


def test_a_sentence_that_states_every_word_of_the_question_is_a_yes(desk):
    answer = desk.ask("Is China a world leader in facial recognition?")
    assert answer.text.startswith("**Yes**:")
    assert "world leader" in answer.text


def test_words_in_common_are_not_a_yes(desk):
    """GDU, not Norinco, sold a drone to Thailand: the sentence is quoted, with no verdict."""
    answer = desk.ask("Did Norinco sell drones to Thailand?")
    assert not answer.text.startswith(("**Yes**", "**No**"))


def test_what_was_done_at_first_and_is_now_otherwise_is_a_no_to_still(desk):
    answer = desk.ask("Is Beijing still denying that the camps exist?")
    assert answer.text.startswith("**No**: Beijing, after initially denying the camps existed, now")


def test_still_is_a_yes_only_where_the_sentence_says_it_holds_now(desk):
    """ "still call them vocational schools?" against "… now describes them as vocational
    schools": yes; "still sell drones to Thailand?" against "has already sold one … to Thailand",
    which says nothing of now: neither."""
    now = desk.ask("Does Beijing still call them vocational schools?")
    assert now.text.startswith("**Yes**: Beijing, after initially denying the camps existed")
    sold = desk.ask("Does GDU still sell drones to Thailand?")
    assert not sold.text.startswith(("**Yes**", "**No**"))


def test_a_part_of_a_whole_is_compared_when_the_question_qualifies_it(desk):
    """ "89 out of 1,100 companies": 89 are Chinese, 1,100 in all."""
    assert desk.ask("Were more than 100 Chinese companies at Milipol?").text.startswith("**No**")
    assert desk.ask("Are there fewer than 2,000 companies at Milipol?").text.startswith("**Yes**")


def test_the_same_count_in_other_words_is_compared(desk):
    answer = desk.ask("were there more than 50 countries at the fair")
    assert answer.text.startswith("**Yes**:") and "53 nations" in answer.text


def test_an_opposite_in_the_sentence_is_a_no(desk):
    answer = desk.ask("Is it easy for China to sell its surveillance technology in Europe?")
    assert answer.text.startswith("**No**:") and "difficult for it to sell" in answer.text


@pytest.mark.parametrize(
    "question, word",
    [
        ("Has the EU's stance on privacy weakened?", "No"),
        ("Has the EU's stance on privacy improved?", "Yes"),
    ],
)
def test_the_opposite_of_a_change_is_a_no(desk, question, word):
    """ "With the EU's improved stance on personal privacy …" against "weakened"."""
    assert said(desk.ask(question)).startswith(f"**{word}**:")


@pytest.mark.parametrize(
    "question",
    ["Is Intel one of the producers in the group?", "Is France one of the 53 nations?"],
)
def test_one_of_a_group_asks_whether_it_is_among_them_not_a_count(desk, question):
    """ "… and producers like Intel": "one" counts nothing in "is Intel one of the producers"."""
    assert "**Yes**: " in said(desk.ask(question))


def test_a_negation_next_to_the_question_words_is_a_no(desk):
    answer = desk.ask("Are the Chinese exhibitors selling lethal weapons at the show?")
    assert said(answer).startswith("**No**:") and "non-lethal" in answer.text


def test_a_question_settled_by_a_sentence_is_answered_whatever_the_reader_scored(desk):
    """No span answers whether: the sentence that restates the question is enough."""
    answer = desk.ask(
        "Did Amnesty International file a complaint about the electric-shock handcuffs?"
    )
    assert answer.outcome == "answer" and answer.text.startswith("**Yes**: Amnesty International")


def test_a_why_question_with_no_span_offers_its_closest_sentence_not_a_refusal(desk):
    answer = desk.ask("Why is Shenzhen significant here?")
    assert answer.outcome == "tentative"
    assert "Shenzhen region near Hong Kong" in answer.text


def test_a_why_answered_by_a_clause_of_cause_states_it(desk):
    """ "… this is a safe country because in most public spaces, we have this system …": the
    clause after "because" is the span (it was offered as the closest sentence, with no span)."""
    answer = desk.ask("Why does the Norinco spokesman think China is a safe country?")
    assert answer.outcome == "answer"
    assert answer.text.startswith(
        "**because in most public spaces, we have this system to secure the situation**"
    )


def test_a_why_quotes_the_sentences_that_give_reasons_not_only_the_best_span(desk):
    """Why the firms come is said in several sentences: "expanding throughout the world" is
    quoted although the reader's span is elsewhere."""
    answer = desk.ask("Why are Chinese firms showing up at the Milipol fair in such numbers?")
    assert len(answer.citations) >= 2
    assert "expanding throughout the world" in answer.text


def test_a_why_answered_by_thus_quotes_the_sentence_before_it_and_the_evidence_after_it(desk):
    """ "Concerns about the system thus appear to be well placed." is a paragraph of its own:
    the sentence before is what "thus" refers to, the next paragraph what bears it out."""
    answer = desk.ask("Why are concerns about China's surveillance system considered well placed?")
    quotes = [c.quote for c in answer.citations]
    placed = quotes.index("Concerns about the system thus appear to be well placed.")
    assert quotes[placed - 1].startswith("Coupled with facial recognition technology")
    assert quotes[placed + 1].startswith("According to a trove of government documents")
    assert "Uighur minority" in answer.text


def test_a_why_quotes_the_next_sentence_when_it_goes_on_with_the_same_story(desk):
    """Amnesty's complaint, then "The human rights group stated …": what it objected to."""
    answer = desk.ask("Why did Amnesty object to the shock handcuffs?")
    quotes = [c.quote for c in answer.citations]
    complaint = next(i for i, q in enumerate(quotes) if q.startswith("Amnesty International filed"))
    assert quotes[complaint + 1].startswith("The human rights group stated")
    assert "torture devices" in answer.text


def test_a_sentence_about_the_company_named_two_sentences_before_settles_it(desk):
    """ "The company already makes 40%…" follows "… the firm …" follows "… Hytera …"."""
    answer = desk.ask("Is Hytera already selling outside of China?")
    assert answer.text.startswith("**Yes**: The company already makes 40% of its sales")


def test_another_place_where_the_question_puts_one_is_a_no_the_firm_named_just_before(desk):
    """ "…said Sylvain Shuang, who represents the firm in francophone Africa", after a sentence
    about Hytera's stand."""
    answer = desk.ask("Does Sylvain Shuang represent Hytera in Asia?")
    assert answer.text.startswith('**No**: "Each police officer can have')
    same = desk.ask("Does Sylvain Shuang represent Hytera in francophone Africa?")
    assert same.text.startswith("**Yes**")


def test_an_unsettled_question_gets_the_closest_sentence_with_neither_word(desk):
    """Nothing says whether the handcuffs were shown this year: "at this year's fair" asks when,
    and what the reader reads there is no "No"."""
    answer = desk.ask("Were the shock handcuffs shown again at this year's fair?")
    assert answer.outcome == "tentative" and not answer.text.startswith(("**Yes**", "**No**"))


def test_another_company_read_back_where_the_question_ends_is_a_no(desk):
    answer = desk.ask("Is Yolen Ye a sales manager at Norinco?")
    assert answer.text.startswith('**No**: "It\'s the Silicon Valley of China," said Yolen Ye')


@pytest.mark.parametrize(
    ("question", "word"),
    [
        # "projection"/"forecast" for "expected to expand", "figure" for "That number"
        ("Is the 2.76 billion camera figure a projection for 2022?", "**Yes**"),
        ("Is the 2.76 billion camera projection for the year 2025?", "**No**"),  # the year 2025
    ],
)
def test_a_forecast_is_said_as_news_says_it_and_its_year_is_compared(desk, question, word):
    answer = desk.ask(question)
    assert said(answer).startswith(f"{word}: That number is expected to expand to 2.76 billion")


def test_objecting_is_what_filing_a_complaint_does(desk):
    answer = desk.ask("Did Amnesty International object to handcuffs that give electric shocks?")
    assert said(answer).startswith("**Yes**: Amnesty International filed a complaint")


def test_a_name_of_several_words_is_read_back_as_one(desk):
    # "Human Rights Watch": which organisation was the complaint filed by? Amnesty International.
    answer = desk.ask("Was the complaint filed by Human Rights Watch?")
    assert said(answer).startswith("**No**: Amnesty International filed a complaint")


def test_another_thing_read_back_where_the_question_ends_is_a_no(desk):
    answer = desk.ask("Was the Chinese stand shut in 2017 because it was displaying firearms?")
    assert answer.text.startswith("**No**: Organisers closed the stand")
    assert "handcuffs" in answer.text.split("[1]")[0]


@pytest.mark.parametrize(
    "question",
    [
        "Is this year's Milipol being held in France?",  # Paris is in it
        "Is the Milipol fair hosted in Europe?",
        "has GDU already sold drones abroad?",  # how or where, not what: nothing read back
        "was the stand closed in 2017 because it was displaying restraints?",  # handcuffs may be
    ],
)
def test_what_is_read_back_is_no_no_when_it_may_be_the_question_s_own_thing(desk, question):
    assert not desk.ask(question).text.startswith("**No**")


def test_another_city_where_the_question_puts_one_is_a_no_a_country_holding_it_is_not(desk):
    assert desk.ask("Is the Milipol fair hosted in London?").text.startswith("**No**: The Milipol")
    assert not desk.ask("Is the Milipol fair hosted in France?").text.startswith("**No**")


def test_a_superlative_the_sentence_does_not_say_is_no_yes(desk):
    """ "The most exhibitors" is the question's point: a sentence about China's cameras, after
    one naming Milipol, restates none of it."""
    answer = desk.ask("Is China the nation with the most companies at Milipol?")
    assert not answer.text.startswith("**Yes**")


def test_a_name_of_two_words_counts_once_so_the_missing_verb_is_missed(desk):
    """ "headquartered" is half of what "Is Huawei headquartered in Hong Kong?" asks: Huawei and
    Hong Kong in one sentence do not say it."""
    answer = desk.ask("Is Huawei headquartered in Hong Kong?")
    assert not answer.text.startswith("**Yes**")


@pytest.mark.parametrize("question", ["Is Norinco a state-owned firm?", "is norinco state owned"])
def test_a_negation_in_another_clause_leaves_the_restatement_a_yes(desk, question):
    """ "… is not a new technology …," said a representative of the state-owned firm who asked
    that his name not be used: both negations deny other things; Norinco is the sentence before,
    typed in lower case or not."""
    answer = desk.ask(question)
    assert answer.text.startswith("**Yes**:")
    assert "state-owned firm" in answer.text.split("[1]")[0]


def test_another_year_is_read_for_a_yes_no_question_not_ranked_down(desk):
    """ "the 2019 fair?" against "the previous fair in 2017": the sentence naming another year
    is what settles it; "take place" and "incident" say only that something happened."""
    answer = desk.ask("Did the electric shock handcuffs incident take place at the 2019 fair?")
    assert answer.text.startswith("**No**: Organisers closed the stand of one Chinese firm")
    assert "previous fair in 2017" in answer.text.split("[1]")[0]


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # a negation after "but" may deny the statement itself
        (
            "Did Hytera buy Norsat?",
            "Hytera agreed to buy Norsat, but the deal was never completed.",
        ),
        ("Did the company pay the fine?", "The company was ordered to pay the fine, but has not."),
        # "take place" is light as a phrase; "take" alone is the question's verb
        ("Did Hytera take over Norsat?", "Hytera sold Norsat."),
    ],
)
def test_a_restatement_is_no_yes_when_a_clause_denies_it_or_its_verb_is_missing(question, sentence):
    assert yesno._by_restatement(question, sentence) is None


def test_a_share_outside_a_place_is_compared_as_its_complement_inside_it(desk):
    """ "40% of its sales outside of China": 60% in China, most of them."""
    answer = desk.ask("Did Hytera make most of its sales in China?")
    assert answer.text.startswith("**Yes**: The company already makes 40% of its sales outside")


def test_of_a_word_and_its_opposite_the_one_beside_the_question_s_other_words_counts(desk):
    """ "… for allowing it to display handcuffs … banned in the EU": "banned" stands by the EU."""
    assert desk.ask("Were the shock handcuffs banned in the EU?").text.startswith("**Yes**")
    assert desk.ask("Are the shock handcuffs allowed in the EU?").text.startswith("**No**")


def test_an_opposite_said_without_the_questions_word_is_a_no():
    """ "a private company?" against "… the state-owned firm …" (Norinco named just before)."""
    said = "… said a representative of the state-owned firm who asked that his name not be used."
    before = "Chinese armaments firm Norinco is also present at Milipol."
    assert yesno._by_restatement("Is Norinco a private firm?", said, before) == "No"


def test_own_as_a_verb_is_a_word_the_sentence_must_say(desk):
    """ "own" is a stopword, but "Does Hytera own firms in Thailand?" asks about owning: the
    sentence that says who Hytera's representative covers is no "No"."""
    answer = desk.ask("Does Hytera own firms in Thailand?")
    assert not answer.text.startswith(("**Yes**", "**No**"))


def test_an_easy_sale_asked_of_the_article_named_is_a_no_where_it_says_a_hard_time(desk):
    """ "easy … to EU countries" against "a hard time selling equipment to EU member nations"."""
    answer = desk.ask(
        "Does the Milipol article suggest Chinese firms will find it easy to sell to EU countries?"
    )
    assert answer.text.split("**No**: ")[1].startswith("With the EU’s improved stance")


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Are fewer than a hundred of the exhibitors at Milipol Chinese?", "Yes"),
        ("Are more than 50 of the companies at Milipol Chinese?", "Yes"),
    ],
)
def test_a_count_of_some_of_a_whole_is_compared_with_the_part(desk, question, word):
    """ "N of the exhibitors" counts a part: 89 out of 1,100, not the 1,100."""
    answer = desk.ask(question)
    assert said(answer).startswith(f"**{word}**: With 89 out of 1,100 companies")


def test_a_share_compared_is_read_from_the_share_said():
    """ "50% of its sales": a percentage of a whole, not a count of some of it."""
    sentence = "The company already makes 40% of its sales outside of China."
    assert (
        yesno_figures.by_figure("Are more than 50% of its sales outside China?", sentence) == "No"
    )
    assert (
        yesno_figures.by_figure("Are more than 30 percent of its sales abroad?", sentence) == "Yes"
    )


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        (
            "Has GDU already sold drones abroad?",
            "GDU, for instance has already sold one of its camera equipped drones models to "
            "Thailand for use in monitoring forest fires.",
        ),
        (
            "Does GDU make drones fitted with cameras?",
            "Yolen Ye is sales manager at GDU, which makes mini drones equipped with cameras.",
        ),
        (
            "has hytera bought companies in other countries",
            "Hytera already makes 40% of its sales outside of China, owing in part to having "
            "acquired firms in Britain, Canada and Spain.",
        ),
    ],
)
def test_a_word_left_out_or_said_another_way_is_still_a_yes(question, sentence):
    """One word of four or more left out, or said another way the word lists know ("equipped"
    for "fitted"): a restatement."""
    assert yesno._by_restatement(question, sentence) == "Yes"


@pytest.mark.parametrize(
    "question",
    [
        "Did Thailand sell camera drones to GDU?",
        "Has China not deployed 176 million cameras?",
        "Is Norinco showing battle tanks rather than facial recognition technology?",
        "Was Hytera acquired by firms in Britain, Canada and Spain?",
        "Do experts estimate there may be as much as 2.76 million cameras around China by 2022?",
        "Does the first article say the Chinese government cannot utilize these advancements?",
    ],
)
def test_roles_swapped_a_scale_changed_or_a_negation_added_is_never_a_yes(desk, question):
    """Who sold to whom, who acquired whom, millions for billions, "cannot" for "can": every
    word in common, and still not what the articles say."""
    assert not said(desk.ask(question)).startswith("**Yes**")


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Do Chinese firms offer non-lethal equipment?", "Yes"),
        ("Do Chinese firms offer helmets and bullet-proof vests?", "Yes"),
        ("Are Chinese firms offering lethal equipment?", "No"),
    ],
)
def test_non_denies_the_word_it_is_joined_to_and_not_when_the_question_says_it(
    desk, question, word
):
    """ "Chinese firms offer non-lethal equipment: helmets, bullet-proof vests …" denies
    "lethal", not "offer", and says what a question saying "non-lethal" says."""
    assert said(desk.ask(question)).startswith(f"**{word}**: But contrary to weapons")


def test_do_hytera_s_sales_reach_beyond_china_is_a_yes(desk):
    """The issue's own example: "beyond China" is "outside of China" (`lang.SAME_SENSE`)."""
    answer = desk.ask("Do Hytera's sales reach beyond China?")
    assert said(answer).startswith("**Yes**: The company already makes 40% of its sales outside")


def test_two_words_of_a_long_question_missing_are_no_restatement():
    """ "selling rifles" is not said, whatever else is: no yes from words in common."""
    question = (
        "Did organisers close the stand of one Chinese firm at the 2017 fair for selling rifles "
        "to Amnesty International?"
    )
    sentence = (
        "Organisers closed the stand of one Chinese firm at the previous fair in 2017 after human "
        "rights campaigners from Amnesty International called them out."
    )
    assert yesno._by_restatement(question, sentence) is None


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Did the Norinco representative give his name?", "No"),
        ("did the norinco guy give his name", "No"),
        ("Did the Norinco rep stay anonymous?", "Yes"),
        ("did the norinco representative go on the record by name?", "No"),
        ("Did the Norinco rep speak anonymously?", "Yes"),
    ],
)
def test_a_source_who_asked_that_his_name_not_be_used_gave_none(desk, question, word):
    answer = desk.ask(question)
    assert said(answer).startswith(f"**{word}**:")
    assert "asked that his name not be used" in answer.citations[0].quote


def test_a_withheld_name_says_nothing_of_someone_else_s(desk):
    answer = desk.ask("Did Yolen Ye give his name?")
    assert not answer.text.startswith(("**Yes**", "**No**"))


@pytest.mark.parametrize(
    "question",
    [
        "Does China already have two cameras per citizen?",
        "Has China already deployed 2.76 billion cameras?",
    ],
)
def test_a_sentence_opening_on_that_keeps_the_hedge_of_the_one_it_refers_to(desk, question):
    """ "That works out to two cameras per person" refers to "as much as 2.76 billion cameras …
    by 2022": a forecast, not what China has already."""
    assert not desk.ask(question).text.startswith("**Yes**")


def test_a_sentence_opening_on_it_says_what_was_done_not_the_plan_before_it(desk):
    """ "It has already asked US lawmakers … for which President Joe Biden has asked Congress to
    provide $50 billion", after "… revealed plans to set a lobbying group …": "it" is the group,
    and what it did is no plan (a teaser of another story, read as any passage)."""
    answer = desk.ask("Did Biden ask Congress for $50 billion for the CHIPS act?")
    assert "**Yes**: It has already asked US lawmakers" in answer.text


def test_a_quotation_opening_on_it_refers_back_to_the_sentence_before(desk):
    """ "'It's the Silicon Valley of China,' said Yolen Ye …" follows "… come from the Shenzhen
    region near Hong Kong": the quotation's "it" is Shenzhen, quoted with it."""
    answer = desk.ask("Is Shenzhen called the Silicon Valley of China?")
    assert answer.text.startswith('**Yes**: "It\'s the Silicon Valley of China," said Yolen Ye')
    assert "the Shenzhen region near Hong Kong" in answer.text


def test_the_sentence_referred_back_to_is_read_back_only_when_the_question_needs_it(desk):
    """Read with the sentence before it ("… home to telecommunications equipment maker Huawei"),
    the reader found Huawei, not GDU, for "which company is Yolen Ye from?"."""
    answer = desk.ask("is Yolen Ye from Norinco?")
    assert answer.text.startswith('**No**: "It\'s the Silicon Valley of China," said Yolen Ye')


def test_a_figure_in_words_is_never_the_word_a_restatement_leaves_out(desk):
    answer = desk.ask("Could China have three cameras per person by 2022?")
    assert not answer.text.startswith("**Yes**")


@pytest.mark.parametrize(
    "question",
    [
        "Apart from the host country, does any nation have more exhibitors than China?",
        "Besides France, does any country have more exhibitors than China?",
    ],
)
def test_whether_any_other_has_more_is_no_when_the_question_sets_the_exception_aside(
    desk, question
):
    """ "China is the best represented of the 53 nations present save for host nation France";
    a question that opens with a phrase before its verb is a yes/no question all the same."""
    answer = desk.ask(question)
    assert answer.analysis.kind == "yesno"
    assert said(answer).startswith("**No**: With 89 out of 1,100 companies")


def test_a_comparison_is_never_settled_by_words_in_common():
    sentence = (
        "China is the best represented of the 53 nations present save for host nation France."
    )
    assert (
        yesno._by_restatement("Does any nation have more exhibitors than China?", sentence) is None
    )


def test_a_people_named_in_the_question_is_its_country_in_the_sentence(desk):
    answer = desk.ask("was the thai drone meant for border surveillance?")
    assert answer.text.startswith("**No**: GDU, for instance has already sold")
    assert (
        "None of them mentions" not in desk.ask("What did the Thai buyer use GDU's drone for?").text
    )


@pytest.mark.parametrize(
    ("question", "not_said"),
    [
        ("Did anyone decline to be named?", "**No**"),  # no one named: not the anonymity rule's
        ("Is Norinco identified as state-owned?", "**No**"),  # identified as, not named
    ],
)
def test_the_anonymity_rule_answers_only_whether_a_named_source_gave_a_name(
    desk, question, not_said
):
    assert not desk.ask(question).text.startswith(not_said)


def test_the_host_set_aside_leaves_the_superlative_a_yes(desk):
    answer = desk.ask("Apart from the host country, does China have the most exhibitors?")
    assert said(answer).startswith("**Yes**: With 89 out of 1,100 companies")


def test_a_question_word_after_the_opening_phrase_is_no_yes_no_question(desk):
    assert desk.ask("Which firm, do the articles say, is state-owned?").analysis.kind != "yesno"


@pytest.mark.parametrize(
    "question",
    [
        "Does Hytera make around 40 per cent of its sales abroad?",
        "Does Hytera make 40 percent of its sales outside China?",
    ],
)
def test_a_share_said_in_words_or_hedged_is_the_sentences_figure(desk, question):
    """ "per cent" is the sentence's "%", and "around 40" its 40: restated, a yes."""
    assert said(desk.ask(question)).startswith("**Yes**: The company already makes 40%")


@pytest.mark.parametrize(
    "question, word",
    [
        ("Was it Human Rights Watch that complained about the handcuffs?", "No"),
        ("Was it Amnesty International that complained about the handcuffs?", "Yes"),
    ],
)
def test_who_did_it_asked_as_it_was_x_that_is_a_no_when_another_did(desk, question, word):
    """ "Amnesty International filed a complaint …": someone else's doing, restated."""
    assert said(desk.ask(question)).startswith(f"**{word}**")


@pytest.mark.parametrize(
    "question",
    [
        "Was it France that hosted the fair?",  # said elsewhere: "host nation France"
        "Was it Paris that hosted Milipol?",  # a place
        "Was it Norinco that displayed handcuffs?",  # the firm is never named
        "Was it Chinese firms that displayed handcuffs?",
    ],
)
def test_it_was_x_that_is_no_no_when_x_is_said_a_place_or_the_doer_unnamed(desk, question):
    assert not said(desk.ask(question)).startswith("**No**")


@pytest.mark.parametrize(
    "question",
    [
        "Does Hytera make around 40 per cent of its sales in China?",  # 40% is outside China
        "Is 40 per cent of Hytera's staff outside China?",  # of its sales
        "Are around 40 per cent of exhibitors Chinese?",
    ],
)
def test_a_share_of_something_else_or_on_the_other_side_is_no_yes(desk, question):
    assert not said(desk.ask(question)).startswith("**Yes**")


def test_a_share_of_the_subjects_money_is_its_sales_and_another_firms_settles_nothing(desk):
    """ "The company already makes 40% of its sales…" is about Hytera, named just before."""
    assert said(desk.ask("Does Hytera make most of its money abroad?")).startswith("**No**")
    assert not desk.ask("Does Norinco make most of its sales abroad?").text.startswith("**")


@pytest.mark.parametrize(
    "question, word",
    [
        ("Is China's camera count expected to hit 2.76 billion by 2022?", "Yes"),
        ("Is the 2.76 billion cameras figure a forecast for 2025?", "No"),
    ],
)
def test_words_about_a_figure_are_settled_by_the_figure(desk, question, word):
    assert desk.ask(question).text.startswith(f"**{word}**")


def test_a_single_digit_figure_must_be_said_too(desk):
    answer = desk.ask("Is China's camera count expected to hit 3 billion by 2022?")
    assert not answer.text.startswith("**Yes**")


def test_it_was_x_that_is_no_no_where_another_name_does_something_else(desk):
    """ "Amnesty International filed a complaint … for the company displaying handcuffs": Amnesty
    complained; who displayed them is never named."""
    assert not said(desk.ask("Was it Hytera that displayed the handcuffs?")).startswith("**No**")


@pytest.mark.parametrize(
    "question, word",
    [
        ("Did Human Rights Watch file the complaint about the shock handcuffs?", "No"),
        ("did human rights watch file the complaint about the shock handcuffs", "No"),
        ("Did Amnesty International file the complaint about the handcuffs?", "Yes"),
    ],
)
def test_did_x_do_the_thing_is_a_no_when_another_named_doer_did_it(desk, question, word):
    """ "the complaint" is one known event: "Amnesty International filed a complaint …" is
    someone else's doing, restated, and Human Rights Watch is said nowhere."""
    assert said(desk.ask(question)).startswith(f"**{word}**")


@pytest.mark.parametrize(
    "question",
    [
        "did someone file the complaint",  # anyone: Amnesty did
        "Did Hytera display the handcuffs?",  # a name the articles say: never who is unnamed
        "Did China file the complaint?",  # a place
        # a name said in any sentence read, not only in those quoted
        "Did Hytera supply the government agencies on the mainland?",
        "was it hytera that sold drones to thailand",
        "Did Amnesty Intl file the complaint about the handcuffs?",  # part of a name said
        "Did NGOs file the complaint about the handcuffs?",  # a kind of doer
        "Did Chinese Authorities undertake the surveillance of its citizens?",
        # no doer opens the sentence: "The Milipol security fair hosted …", "The Chinese
        # government has been …"
        "Did Comexposium host the fair?",
        "Did Hikvision supply the government agencies on the mainland?",
    ],
)
def test_did_x_do_the_thing_is_no_no_for_anyone_a_name_said_or_a_place(desk, question):
    assert not said(desk.ask(question)).startswith("**No**")


@pytest.mark.parametrize(
    "question, word",
    [
        ("Does Hytera make more than a third of its sales abroad?", "Yes"),
        ("Does Hytera make less than a quarter of its sales abroad?", "No"),
        ("Does Hytera make over two thirds of its sales in China?", "No"),  # 60% in China
        ("Does Hytera make more than half of its sales abroad?", "No"),
        ("Does Hytera make more than one-third of its sales abroad?", "Yes"),
        ("Does Hytera make more than a third of its sales in Britain?", None),  # of China
    ],
)
def test_a_share_asked_as_a_fraction_is_compared_in_per_cent(question, word):
    sentence = "The company already makes 40% of its sales outside of China."
    before = "Meanwhile, the stand of Hytera Communications Corporation sports communications gear."
    assert yesno_figures.by_figure(question, sentence, before) == word


def test_another_region_where_the_question_puts_one_is_a_no_a_region_holding_it_is_not(desk):
    """ "Latin America" is a region of several words, apart from Britain, Canada and Spain;
    Southeast Asia holds Thailand, so "sold drones to Southeast Asia?" is never a no."""
    answer = desk.ask("Did Hytera acquire firms in Latin America?")
    assert said(answer).startswith("**No**: The company already makes 40% of its sales")
    assert not desk.ask("Did GDU sell drones to Southeast Asia?").text.startswith("**No**")
    # Canada, of "Britain, Canada and Spain", is in North America
    assert not desk.ask("Did Hytera acquire firms in North America?").text.startswith("**No**")


def test_an_unsettled_yes_no_whose_closest_sentence_only_names_the_same_company_is_refused(desk):
    """Nothing says whether Huawei had a stand; "… home to telecommunications equipment maker
    Huawei" says nothing of one: no closest sentence is offered as if it bore on it."""
    answer = desk.ask("Did Huawei have its own stand at Milipol this year?")
    assert answer.outcome == "refused"
    closest = desk.ask("Does Sylvain Shuang work in Africa?")  # "… in francophone Africa"
    assert closest.outcome == "tentative"


def test_a_yes_for_another_year_than_the_one_asked_is_refused_saying_which(desk):
    """ "In 2017, a Chinese company was forced to close down its demonstration stall. Amnesty
    International filed a complaint …": the complaint is 2017's, so asked about this year the
    articles do not say; asked about 2017, the year opening the paragraph is the sentence's."""
    answer = desk.ask("did amnesty file any complaint this year")
    assert answer.outcome == "refused"
    assert 'The passages read tell of "2017", not of "this year".' in answer.text
    then = desk.ask("Did Amnesty file a complaint in 2017?")
    assert said(then).startswith("**Yes**: Amnesty International filed a complaint")


def test_being_freed_is_no_denial_of_having_been_detained():
    """Release and detention are opposite acts for what a count is of, not for a yes/no: "freed
    the two journalists it had detained" says they were detained."""
    sentence = "The government freed the two journalists it had detained in March."
    assert yesno._by_restatement("Were the two journalists detained?", sentence) != "No"


def test_a_sentence_opening_on_it_stands_for_the_first_name_before_it():
    """ "It's the Silicon Valley of China," after "… the Shenzhen region near Hong Kong …": it is
    Shenzhen, not Hong Kong, that is called so."""
    sentence = '"It\'s the Silicon Valley of China," said Yolen Ye, sales manager at GDU.'
    before = "A number of the companies present come from the Shenzhen region near Hong Kong."
    assert restated("Is Shenzhen called the Silicon Valley of China?", sentence, before=before)
    assert not restated("Is Hong Kong called the Silicon Valley of China?", sentence, before=before)


def test_another_share_of_the_same_thing_is_a_no_from_the_company_named_two_sentences_before(desk):
    """ "The company already makes 40% of its sales outside of China" (Hytera, named two sentences
    before): 60% of its sales is another figure for the same share; a share of something else
    ("its staff") is not said at all."""
    answer = desk.ask("Does Hytera make 60 per cent of its sales outside China?")
    assert said(answer).startswith("**No**: The company already makes 40% of its sales")
    staff = said(desk.ask("Does Hytera make 40% of its staff outside China?"))
    assert not staff.startswith(("**No**", "**Yes**"))


def test_an_edition_of_a_fair_says_when_and_is_not_read_back_as_a_thing():
    """ "at the 2017 edition of Milipol" names an occasion: "Milipol" is not the slot of a "which
    company …" question, so "Organisers closed the stand …" is no No."""
    assert (
        read_back._tail(
            "Was a Chinese firm's stand shut down at the 2017 edition of Milipol".split(),
            set(lang.terms("Organisers closed the stand of one Chinese firm in 2017")),
        )
        is None
    )


def test_at_first_is_said_by_initially_and_even_only_stresses(desk):
    answer = desk.ask("Did Beijing at first even deny that the camps existed?")
    assert said(answer).startswith("**Yes**: Beijing, after initially denying the camps existed")


def test_another_people_where_the_question_puts_one_is_a_no(desk):
    """ "… the surveillance system was used against China's Uighur minority": against Tibetans is
    a No, though no article names them (the country before the people is not what stands there)."""
    answer = desk.ask("Was the surveillance system used against the Tibetans?")
    assert said(answer).startswith("**No**: According to a trove of government documents")


def test_a_name_the_headline_gives_is_said_by_every_sentence_of_the_story(desk):
    """ "Milipol Security Fair Sees …": the first article's "In 2017, a Chinese company was forced
    to close down its demonstration stall" is of Milipol, though the sentence does not say it."""
    answer = desk.ask("Was a Chinese stall shut down at Milipol in 2017?")
    assert said(answer).startswith("**Yes**: In 2017, a Chinese company was forced to close")
    opened = said(desk.ask("Was a Chinese stall opened at Milipol in 2017?"))
    assert opened.startswith("**No**: In 2017, a Chinese company was forced to close")


def test_a_forecast_asked_as_projected_is_a_yes_from_the_sentence_that_estimates_it(desk):
    """ "Projected" is what "That number is expected to expand to …" says; and it hedges as the
    other sentence's "estimate … may be" does: the sentence before that one ("The Chinese
    government has been undertaking …") holds "China" but none of the words after "projected",
    so it says nothing of what "projected" stands for."""
    answer = desk.ask("Is China projected to have 2.76 billion cameras by 2022?")
    assert said(answer).startswith("**Yes**: That number is expected to expand to 2.76 billion")
    assert not restatement.replaced(
        "Is China projected to have 2.76 billion cameras by 2022?",
        "China has already deployed over 170 million cameras throughout the country, and some "
        "experts estimate that there may be as much as 2.76 billion cameras around the country by "
        "2022.",
        "The Chinese government has been undertaking surveillance of its citizens.",
    )


def test_a_size_said_the_other_way_is_a_no(desk):
    answer = desk.ask("Does GDU make large drones equipped with cameras?")
    assert said(answer).startswith('**No**: "It\'s the Silicon Valley of China," said Yolen Ye')


def test_what_was_done_to_the_subject_is_never_the_word_left_out(desk):
    """ "fined" is the point of the question: the stand closed in 2017 says nothing of a fine."""
    question = "Was the Chinese company fined after its stand was closed in 2017?"
    assert not said(desk.ask(question)).startswith(("**Yes**", "**No**"))
    assert restatement._undergone(question) == set(lang.terms("fined"))
    assert restatement._undergone("Was the stand shut down in 2017?") == set(lang.terms("shut"))


def test_a_question_about_next_year_is_not_settled_by_this_year_s_fair(desk):
    answer = desk.ask("Will Milipol be held in Paris again next year?")
    assert not said(answer).startswith(("**Yes**", "**No**"))
    assert said(desk.ask("Was Milipol held in Paris this year?")).startswith("**Yes**")


def test_counts_spelled_out_are_read_as_the_digits_the_sentences_write():
    assert yesno_figures.in_digits("Can its drones follow as many as thirty targets?") == (
        "Can its drones follow as many as 30 targets?"
    )
    assert yesno_figures.in_digits("over fifty-three nations, twelve firms") == (
        "over 53 nations, 12 firms"
    )
    assert yesno_figures.in_digits("one of its drones") == "one of its drones"


def test_a_spelled_out_count_and_a_share_in_fifths_are_compared(desk):
    follow = desk.ask("According to GDU, can its drones follow as many as thirty targets?")
    assert said(follow).startswith("**Yes**: GDU, for instance has already sold")
    share = desk.ask("Does Hytera earn roughly two-fifths of its revenue abroad?")
    assert said(share).startswith("**Yes**: The company already makes 40% of its sales")


@pytest.mark.parametrize(
    "question, opening",
    [
        # "characterise" is "describe"; "today" says when
        ("Does Beijing today characterise the camps as vocational schools?", "Beijing, after"),
        # "expect" hedges as the sentence's "estimate … may be" does
        ("Do experts expect China's camera count to hit 2.76 billion by 2022?", "China has"),
    ],
)
def test_another_word_for_the_same_act_or_hedge_is_a_restatement(desk, question, opening):
    assert said(desk.ask(question)).startswith(f"**Yes**: {opening}")


@pytest.mark.parametrize(
    "question, opening",
    [
        # "the Shenzhen region" is Shenzhen: "located" is left out, no word changed
        ("Is Shenzhen located near Hong Kong?", "And a number of the companies"),
        # watching is monitoring
        ("Was the drone that GDU sold to Thailand meant for watching forest fires?", "GDU, for"),
    ],
)
def test_a_place_named_with_its_region_and_watching_as_monitoring_are_restatements(
    desk, question, opening
):
    assert said(desk.ask(question)).startswith(f"**Yes**: {opening}")


@pytest.mark.parametrize(
    "question",
    [
        "Is Huawei located in Hong Kong?",  # the sentence says near, not in
        "Do many of the companies come from the Shenzhen city near Hong Kong?",  # another head
    ],
)
def test_no_verdict_where_the_place_is_said_otherwise(desk, question):
    assert not said(desk.ask(question)).startswith(("**Yes**", "**No**"))


def test_an_act_the_question_asks_too_is_no_other_act(desk):
    # "grow … by buying": the sentence's acquiring is the question's buying, and its "makes 40% of
    # its sales" a light verb, not another act
    grew = desk.ask("Did Hytera grow abroad partly by buying up foreign firms?")
    assert said(grew).startswith("**Yes**: The company already makes 40% of its sales")
    germany = desk.ask("Did Hytera grow abroad by buying companies in Germany?")
    assert said(germany).startswith("**No**: The company already makes 40% of its sales")
    # selling is still another act than acquiring, even with the acquiring asked of the firms
    for other in (
        "Did Hytera sell firms in Britain?",
        "Did Hytera sell firms it acquired in Britain?",
    ):
        assert not said(desk.ask(other)).startswith(("**Yes**", "**No**"))


def test_a_question_that_says_a_word_and_its_opposite_is_turned_by_neither(desk):
    both = desk.ask(
        "Did SpaceX have four failed landings before its first successful Starship landing?"
    )
    assert "**No**" not in both.text
    # the sentence's own words settle it
    assert (
        "**Yes**: Before the safe touchdown" in desk.ask("Did SpaceX concede four failures?").text
    )


def test_the_show_is_the_trade_fair(desk):
    # "at the show" against "… at the Milipol security trade fair, … the 53 nations present"
    assert said(desk.ask("were there 60 countries at the show")).startswith("**No**: With 89")


@pytest.mark.parametrize(
    "question",
    ["Is Yolen Ye from China?", "is yolen ye from china?", "Is Yolen Ye from China originally?"],
)
def test_where_someone_is_from_is_said_with_from(desk, question):
    # "It's the Silicon Valley of China," said Yolen Ye: China named, not where he is from
    assert not said(desk.ask(question)).startswith(("**Yes**", "**No**"))


def test_the_show_is_the_fair_but_a_trade_show_stays_one(desk):
    said_so = desk.ask("Were Chinese firms omnipresent at a Paris homeland security trade show?")
    assert said(said_so).startswith("**Yes**: Chinese firms are omnipresent")


def test_a_terrible_record_is_an_abysmally_bad_one_and_follow_is_track():
    assert lang.covered({"terribl"}, set(lang.terms("abysmally bad"))) == {"terribl"}
    assert lang.covered(set(lang.terms("follow")), set(lang.terms("tracking")))
    assert lang.covered(set(lang.terms("failed")), set(lang.terms("four failures")))


@pytest.mark.parametrize(
    "question, word",
    [
        # another name beside the same words: a firm for a firm, a people for a people
        (
            "Was the 176 million camera estimate attributed to market research firm Gartner?",
            "No",
        ),
        (
            "Was the 176 million camera estimate attributed to market research firm IHS Markit?",
            "Yes",
        ),
        ("In 2017, was an American company forced to close down its demonstration stall?", "No"),
    ],
)
def test_another_name_beside_the_words_the_question_s_name_stands_beside_is_a_no(
    desk, question, word
):
    assert said(desk.ask(question)).startswith(f"**{word}**")


@pytest.mark.parametrize(
    "question",
    [
        # a headline's name is where things happened, never who did them
        "Is Milipol undertaking surveillance of its citizens?",
        "Did Milipol file a complaint with the organizers?",
        # next year's fair is not settled by this year's, whatever the city
        "Will Milipol be held in London next year?",
        # Shenzhen is home to more than one maker: Huawei's name does not rule out another
        "Is Shenzhen home to telecommunications equipment maker ZTE?",
    ],
)
def test_no_verdict_where_a_reading_would_overreach(desk, question):
    assert not said(desk.ask(question)).startswith(("**Yes**", "**No**"))


def test_counts_are_spelled_the_same_way_on_both_sides_and_ordinals_are_left_alone():
    assert yesno_figures.in_digits("the twenty-first edition") == "the twenty-first edition"
    sentence = "Twenty-one firms attended the fair."
    assert yesno._by_exact("Did 21 firms attend the fair?", yesno_figures.in_digits(sentence)) == (
        "Yes"
    )


def test_a_stance_taken_back_is_a_no_to_always_and_no_verdict_to_confirm(desk):
    """ "after initially denying the camps existed, now describes them as …": Beijing did not
    always admit it; whether it confirms it now the sentence does not say in those words."""
    always = said(desk.ask("Did Beijing always admit that the camps existed?"))
    assert always.startswith("**No**: Beijing, after initially denying")
    consistently = said(desk.ask("Has Beijing consistently acknowledged the camps' existence?"))
    assert consistently.startswith("**No**: Beijing, after initially denying")
    confirm = said(desk.ask("Did Beijing confirm the camps existed?"))
    assert not confirm.startswith(("**Yes**", "**No**"))


@pytest.mark.parametrize(
    "question, word",
    [
        # called one thing where the sentence calls it another
        (
            "Does Beijing describe the camps as prisons aimed at dampening the allure of Islamist extremism?",
            "No",
        ),
        ("Does Beijing describe the camps as vocational schools?", "Yes"),
        # "foreign" sales are those outside China
        ("Does Hytera make more than half of its sales from foreign markets?", "No"),
        # a change asked ("expected to rise above") is not the share said now
        ("Is Hytera's share of foreign sales expected to rise above 50%?", None),
    ],
)
def test_what_something_is_called_and_which_share_is_asked(desk, question, word):
    answer = said(desk.ask(question))
    if word is None:
        assert not answer.startswith(("**Yes**", "**No**"))
    else:
        assert answer.startswith(f"**{word}**")


def test_a_denial_the_question_makes_too_is_no_no(desk):
    """ "nothing new?" and "facial recognition is not a new technology" say the same; "a new
    technology?" is denied."""
    same = said(
        desk.ask("Did Norinco's representative say facial recognition is nothing new in China?")
    )
    assert not same.startswith("**No**")
    other = desk.ask(
        "Did Norinco's representative say facial recognition is a new technology in China?"
    )
    assert said(other).startswith("**No**")
