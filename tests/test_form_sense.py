"""The form of answer read from a question's meaning when no pattern of `rag.questions.forms` places it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.embedding import load_embed_model
from ingest.settings import Settings
from rag.desk import Desk
from rag.questions.analysis import analyse
from rag.questions.form_model import FormModel, wordings_digest
from rag.questions.form_sense import (
    BLIND,
    LABEL_FORM,
    MODEL,
    SQUAD_FACTS,
    FormSense,
    Sensed,
    adopt,
    framed_subject,
    load_examples,
    shipped_vectors,
    unit_rows,
)


@pytest.fixture(scope="module")
def sense() -> FormSense:
    return FormSense(load_embed_model(Settings()).get_text_embedding_batch)


def form_of(sense: FormSense, question: str) -> str:
    vector = load_embed_model(Settings()).get_query_embedding(question)
    return adopt(analyse(question), question, sense.sense(question, vector)).form


def test_the_classifier_is_fitted_on_the_wordings_and_the_blind_dev_half_never_its_test_half():
    examples = load_examples()
    fitted = {question for question, _ in examples}
    blind = [json.loads(line) for line in BLIND.open(encoding="utf-8")]
    assert len(fitted) >= 1400
    assert all(row["question"] not in fitted for row in blind if row["split"].startswith("test"))
    squad = [json.loads(line)["question"] for line in SQUAD_FACTS.open(encoding="utf-8")]
    assert len(squad) == 200 and {label for q, label in examples if q in set(squad)} == {"fact"}


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("rundown on the chinese companies at milipol", "chinese companies at milipol"),
        ("where is elon musk mentioned", "elon musk"),
        ("Does any article mention the Uighurs?", "Uighurs"),
        ("Does either article mention IoT?", "IoT"),
        ("any mention of the trade war in either story?", "trade war"),
        ("Where does Elon Musk come up?", "Elon Musk"),
        ("Summarise evrything in the collection.", ""),  # a typo of a framing word frames
        ("new contracts signed by reporters", "new contracts signed by reporters"),
    ],
)
def test_the_subject_is_what_is_left_when_the_framing_words_are_stripped(question, subject):
    assert framed_subject(question) == subject


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("tl;dr of the piece on the floods", "overview"),
        ("does any story cite the UN", "articles"),
        ("any conflicting numbers between the reports", "disagreements"),
        ("How many companies are at the fair?", "fact"),
        ("Who is the sales manager at GDU?", "fact"),
    ],
)
def test_wordings_no_pattern_knows_are_read_by_meaning(sense, question, form):
    assert analyse(question).form == "fact"  # no pattern places them
    assert form_of(sense, question) == form


def test_a_pattern_that_matches_is_certain(sense):
    question = "Which articles mention Hytera?"
    assert form_of(sense, question) == "articles"
    assert analyse(question).subject == "Hytera"


@pytest.mark.parametrize(
    "question",
    [
        "What part does Amnesty International play in each article's account?",
        "Apart from drones, which gadgets does each piece say the Chinese firms brought?",
        "in what light does each of the two stories show Huawei",
    ],
)
def test_each_article_asked_of_is_a_comparison_whatever_the_wordings_vote(question):
    """What each article says is heard from each, even where the nearest wordings are facts."""
    adopted = adopt(analyse(question), question, Sensed("fact", 0.9))
    assert adopted.form == "compare"
    spoken = "Who said each police officer can see the situation on a smartphone?"
    assert adopt(analyse(spoken), spoken, Sensed("fact", 0.9)).form == "fact"
    # A field of each article's header is that field, for each of them.
    pictured = "What photo does each article carry?"
    assert adopt(analyse(pictured), pictured, Sensed("about", 0.9)).form == "photo"
    # Nor a yes/no asked of each.
    mentioned = "Is Huawei mentioned in each article?"
    assert adopt(analyse(mentioned), mentioned, Sensed("fact", 0.9)).form != "compare"


def test_a_list_of_no_known_kind_stays_a_fact_with_the_overview_to_fall_back_on(sense):
    """Names are listed by kind (companies, people, places), things by theirs ("technologies":
    `rag.forms.things`); "advantages" is neither: a fact, and the sentences on them if the fact
    finds none. A person's name asked for has no such fallback: its refusal stands."""
    question = "list the advantages"
    adopted = adopt(analyse(question), question, Sensed("entities", 0.9))
    assert adopted.form == "fact" and adopted.unclear == "overview"
    question = "list the technologies"
    adopted = adopt(analyse(question), question, Sensed("entities", 0.9))
    assert (adopted.form, adopted.subject) == ("entities", "technologies")
    question = "What is the name of the spokesman quoted?"
    adopted = adopt(analyse(question), question, Sensed("entities", 0.9))
    assert adopted.form == "fact" and adopted.unclear is None


def test_an_outlet_asked_of_something_other_than_an_article_is_a_question_about_the_news():
    news = "Which newspaper published the trove of government documents?"
    assert adopt(analyse(news), news, Sensed("about", 0.9)).form == "fact"
    for asked in ("Which outlet ran this?", "Which outlet published the surveillance article?"):
        assert adopt(analyse(asked), asked, Sensed("about", 0.9)).form == "source"


def test_an_article_s_own_words_are_a_fact_not_a_quotation_of_a_name_in_the_question():
    """ "How does the second article word China's position …?" asks what the article says,
    not what China is quoted saying; "What did the Norinco rep say …?" asks for a quotation."""
    worded = "How does the second article word China's position in surveillance tech development?"
    assert adopt(analyse(worded), worded, Sensed("quote", 0.9)).form == "fact"
    for quoted in (
        "What did the Norinco rep say in the second article?",
        "What did the piece say the Norinco representative said about China?",  # reported
    ):
        adopted = adopt(analyse(quoted), quoted, Sensed("quote", 0.9))
        assert (adopted.form, adopted.subject) == ("quote", "Norinco")


def test_whether_someone_said_something_is_a_yes_or_no_not_a_quotation():
    """Only the fact answer says **Yes** or **No**: the quotation form would quote it unsettled."""
    asked = (
        'Did the Norinco representative say, "In China, facial recognition is a new technology"?'
    )
    assert adopt(analyse(asked), asked, Sensed("quote", 0.9)).form == "fact"


def test_one_name_asked_for_in_the_singular_is_a_fact_not_a_list():
    one = "Members of which group are suing Donald Trump for defamation?"
    assert adopt(analyse(one), one, Sensed("entities", 0.9)).form == "fact"
    several = "Which minority groups are mentioned in the coverage?"
    assert adopt(analyse(several), several, Sensed("entities", 0.9)).form == "entities"


def test_the_article_named_by_a_header_question_leaves_out_which_heading_it_asks_for():
    question = "What's the last section of the Milipol piece called?"
    adopted = adopt(analyse(question), question, Sensed("about", 0.9))
    assert (adopted.form, adopted.subject) == ("sections", "Milipol piece")


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Which company reps are interviewed?", "reps"),  # people, named by their firm
        ("Which minority groups are mentioned?", "minority"),  # a people, not organisations
        ("Which companies appear?", "companies"),
    ],
)
def test_a_list_s_kind_is_its_head_when_people_are_named_by_what_they_work_for(question, subject):
    assert adopt(analyse(question), question, Sensed("entities", 0.9)).subject == subject


def test_things_no_recogniser_names_are_answered_by_the_sentences_naming_them(seed_index: Path):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask("Which technologies does the Milipol influx article bring up?")
    assert answer.outcome != "refused"
    assert "facial recognition" in answer.text and "5G computing and IoT tech" in answer.text


def test_a_summary_asked_another_way_gets_the_overview_not_a_refusal(seed_index: Path):
    desk = Desk(Settings(index_dir=seed_index))
    answer = desk.ask("Give me the gist of the China surveillance tech seeks global reach article")
    assert answer.outcome != "refused"
    assert answer.text.startswith("**China surveillance tech seeks global reach**")
    assert "[3]" in answer.text  # several of its sentences, each cited


def test_disagreements_on_a_topic_are_about_that_topic(seed_index: Path):
    """The seed articles disagree on the camera count, not on the number of exhibitors."""
    desk = Desk(Settings(index_dir=seed_index))
    off_topic = desk.ask("Do the articles disagree on how many companies are at Milipol?")
    assert "170 million" not in off_topic.text
    assert off_topic.text.startswith("No two articles read here give different figures")
    on_topic = desk.ask("do the artciles contradict each other about chinese surveillance cameras")
    assert "**170 million**" in on_topic.text and "**176 million**" in on_topic.text


def test_the_shipped_vectors_are_those_of_the_labelled_wordings():
    """Edit the wordings, then run `python -m rag.questions.form_sense` (a stale file is only slower)."""
    wordings = [question for question, _ in load_examples()]
    model = load_embed_model(Settings())
    assert shipped_vectors(wordings, model.get_text_embedding_batch) is not None


def test_the_shipped_model_is_current_and_predicts_as_scikit_learn_does():
    """The fitted model ships as arrays predicted with numpy (no scikit-learn import, no fit on
    a cold start); its probabilities are scikit-learn's own."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    examples = load_examples()
    wordings = [question for question, _ in examples]
    labels = [LABEL_FORM[label] for _, label in examples]
    shipped = FormModel.load(MODEL, wordings_digest(wordings, labels))
    assert shipped is not None, "run `python -m rag.questions.form_sense`"
    embed = load_embed_model(Settings()).get_text_embedding_batch
    units = unit_rows(shipped_vectors(wordings, embed))
    grams = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    features = hstack([grams.fit_transform(wordings), csr_matrix(units)]).tocsr()
    classifier = LogisticRegression(C=4.0, max_iter=3000).fit(features, labels)
    asked = ["tl;dr of the  Hytera bit?", "Where is Elon Musk mentioned", "who said it's x?"]
    asked_units = unit_rows(embed(asked))
    expected = classifier.predict_proba(
        hstack([grams.transform(asked), csr_matrix(asked_units)]).tocsr()
    )
    for question, unit, row in zip(asked, asked_units, expected, strict=True):
        got = shipped.probabilities(question, unit)
        assert [got[name] for name in classifier.classes_] == pytest.approx(row, abs=1e-4)
