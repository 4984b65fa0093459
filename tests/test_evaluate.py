"""`citedesk eval`: every metric against values worked out by hand, then a real run."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rag.evaluate import metrics as m
from rag.evaluate.questions import load_questions
from rag.evaluate.run import aggregate, score_row
from rag.models import Answer, Citation, Passage
from tests.conftest import ROOT
from ui.cli import app

SEED_QUESTIONS = ROOT / "rag" / "data" / "seed_questions.jsonl"


# -- answers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "gold", "expected"),
    [
        ("With eighty-nine firms present. [1]", ["89"], True),
        ("Over 1,100 companies came.", ["1100 companies"], True),
        ("The Normans arrived. [2]", ["normans"], True),
        ("They had 100 stands.", ["10"], False),  # whole words only
        ("", ["89"], False),
    ],
)
def test_accuracy_normalises_before_matching(answer, gold, expected):
    assert m.contains_answer(answer, gold) is expected


def test_all_answers_needs_every_gold_answer():
    both = "170 million cameras [1] and 176 million cameras [2]"
    assert m.contains_answer(both, ["170 million", "176 million"], all_answers=True)
    assert not m.contains_answer("170 million cameras", ["170 million", "176 million"], True)


def test_yes_no_counts_only_a_leading_word():
    assert m.yes_no_match("Yes, the fair is in Paris. [1]", ["yes"])
    assert not m.yes_no_match("The fair is in Paris, yes.", ["yes"])
    assert not m.yes_no_match("", ["no"])


def test_token_f1_against_the_best_gold_answer():
    # "the" is dropped: predicted [cat, sat], gold [cat, sat, on, mat]: P 1, R 1/2, F1 2/3.
    assert m.token_f1("The cat sat [1]", ["dog", "cat sat on mat"]) == pytest.approx(2 / 3)
    assert m.token_f1("", ["anything"]) == 0.0


def test_retrieval_scores():
    scores = m.retrieval_scores(["a", "b", "c", "d"], {"c", "x"})
    assert scores["hit@1"] == 0 and scores["hit@3"] == 1
    assert scores["recall@3"] == 0.5 and scores["all_gold@10"] == 0
    assert scores["mrr@10"] == pytest.approx(1 / 3)


def test_citation_scores_count_a_duplicate_citation_once():
    cited = [("a", 0, 5), ("a", 0, 5), ("b", 1, 2)]
    assert m.citation_scores(cited, {"a"}) == {"citation_precision": 0.5, "citation_recall": 1.0}
    assert m.citation_scores([], {"a"}) == {"citation_precision": None, "citation_recall": 0.0}


def test_percentiles_are_nearest_rank():
    assert m.percentile([40, 10, 30, 20], 0.5) == 20
    assert m.percentile([40, 10, 30, 20], 0.95) == 40
    assert m.percentile([], 0.5) is None


# -- one row ---------------------------------------------------------------------------------


class Articles:
    """What the scorer asks of the desk: whether a quote is where its citation says."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    def is_faithful(self, cited: Citation) -> bool:
        return (self.texts.get(cited.doc_id) or "")[cited.start : cited.end] == cited.quote


ARTICLES = Articles({"a.txt": "Alpha has 89 firms. Beta has none.", "b.txt": "Gamma."})


def citation(n: int, doc_id: str, start: int, end: int, quote: str) -> Citation:
    return Citation(
        n=n,
        doc_id=doc_id,
        title=doc_id,
        quote=quote,
        start=start,
        end=end,
        score=0.5,
        chunk_id=f"{doc_id}-0",
    )


def answer(text: str, citations: list[Citation], abstained: bool = False) -> Answer:
    retrieved = [
        Passage(
            rank=1, doc_id="b.txt", chunk_id="b", title="", score=1, start=0, end=6, text="Gamma."
        ),
        Passage(
            rank=2, doc_id="a.txt", chunk_id="a", title="", score=0.5, start=0, end=34, text=""
        ),
    ]
    return Answer(
        question="q", text=text, citations=citations, abstained=abstained, retrieved=retrieved
    )


def row(**fields):
    from rag.evaluate.questions import QuestionRow

    return QuestionRow(**{"id": "r1", "question": "How many firms?", "line": 1, **fields})


def test_a_correct_cited_answer():
    good = citation(1, "a.txt", 0, 19, "Alpha has 89 firms.")
    record = score_row(
        row(answers=["89"], sources=["a.txt"]),
        answer("Alpha has 89 firms. [1]", [good]),
        12.0,
        {"a.txt"},
        ARTICLES,
    )
    scores = record["scores"]
    assert scores["accuracy"] == 1.0 and scores["wrong_abstention"] == 0.0
    assert scores["hit@1"] == 0.0 and scores["hit@3"] == 1.0 and scores["mrr@10"] == 0.5
    assert scores["citation_precision"] == 1.0 and scores["citation_recall"] == 1.0
    assert scores["faithfulness"] == 1.0 and scores["words"] == 4
    assert record["citations"][0] == {
        "n": 1,
        "source": "a.txt",
        "title": "a.txt",
        "quote": "Alpha has 89 firms.",
        "start": 0,
        "end": 19,
        "score": 0.5,
    }
    assert record["retrieved"][0]["doc_id"] == "b.txt"


def test_a_quote_not_at_its_offsets_is_unfaithful():
    moved = citation(1, "a.txt", 1, 20, "Alpha has 89 firms.")
    true = citation(2, "b.txt", 0, 6, "Gamma.")
    record = score_row(
        row(answers=["89"]), answer("x [1] y [2]", [moved, true]), 1.0, set(), ARTICLES
    )
    assert record["scores"]["faithfulness"] == 0.5


def test_an_abstention_on_an_answerable_question():
    record = score_row(
        row(answers=["89"], sources=["a.txt"]),
        answer("The indexed articles do not answer this.", [], abstained=True),
        1.0,
        {"a.txt"},
        ARTICLES,
    )
    scores = record["scores"]
    assert scores["accuracy"] == 0.0 and scores["wrong_abstention"] == 1.0
    assert "words" not in scores and "faithfulness" not in scores
    assert scores["citation_recall"] == 0.0 and scores["citation_precision"] is None


def test_unanswerable_questions_score_abstention_only():
    abstained = score_row(
        row(answerable=False), answer("…", [], abstained=True), 1, set(), ARTICLES
    )
    answered = score_row(
        row(answerable=False),
        answer("Beta has none. [1]", [citation(1, "a.txt", 20, 34, "Beta has none.")]),
        1,
        set(),
        ARTICLES,
    )
    assert abstained["scores"] == {"abstention": 1.0, "flagged": 0.0, "tentative": 0.0}
    assert answered["scores"]["abstention"] == 0.0 and "accuracy" not in answered["scores"]


def test_no_gold_means_no_retrieval_or_citation_scores():
    record = score_row(
        row(), answer("Alpha. [1]", [citation(1, "a.txt", 0, 5, "Alpha")]), 1, set(), ARTICLES
    )
    assert set(record["scores"]) == {
        "wrong_abstention",
        "words",
        "faithfulness",
        "flagged",
        "tentative",
    }


def test_an_empty_answer_scores_zero():
    record = score_row(row(answers=["89"]), answer("", []), 1, set(), ARTICLES)
    assert record["scores"]["accuracy"] == 0.0 and record["scores"]["words"] == 0


def test_yes_no_gold_is_reported_apart():
    record = score_row(
        row(answers=["Yes"]),
        answer("Yes, it is. [1]", [citation(1, "b.txt", 0, 6, "Gamma.")]),
        1,
        set(),
        ARTICLES,
    )
    assert record["scores"]["yes_no_accuracy"] == 1.0 and "accuracy" not in record["scores"]


def test_aggregates_skip_rows_a_score_does_not_apply_to():
    records = [
        {"question_type": "x", "latency_ms": 10, "scores": {"accuracy": 1.0}},
        {"question_type": "x", "latency_ms": 30, "scores": {"accuracy": 0.0}},
        {"question_type": "y", "latency_ms": 20, "scores": {"abstention": 1.0}},
    ]
    summary = aggregate(records)
    assert summary["overall"]["accuracy"] == 0.5 and summary["overall"]["accuracy_n"] == 2
    assert summary["overall"]["abstention"] == 1.0
    assert summary["by_type"]["y"]["questions"] == 1 and "accuracy" not in summary["by_type"]["y"]
    assert summary["overall"]["latency_ms"] == {"p50": 20, "p95": 30, "max": 30}


# -- questions files -------------------------------------------------------------------------


def test_malformed_rows_are_reported_with_their_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok", "question": "Fine?"}),
                "{broken",
                json.dumps({"answers": ["x"]}),
                json.dumps({"question": "Flag?", "answerable": "maybe"}),
                json.dumps({"id": "ok", "question": "Again?"}),
            ]
        )
    )
    rows, problems = load_questions(path)
    assert [r.id for r in rows] == ["ok"]
    assert [str(p) for p in problems] == [
        f"{path}:2: invalid JSON: Expecting property name enclosed in double quotes",
        f"{path}:3: row has no 'question' text",
        f"{path}:4: 'answerable' must be true or false, got 'maybe'",
        f"{path}:5: id 'ok' is already used on line 1",
    ]


def test_csv_questions(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        "id,question,answers,sources,answerable\n"
        'a,"How many, exactly?",89|eighty-nine,x.txt|y.txt,true\n'
        "b,Who?,,,no\n"
    )
    rows, problems = load_questions(path)
    assert problems == []
    assert rows[0].answers == ["89", "eighty-nine"] and rows[0].sources == ["x.txt", "y.txt"]
    assert rows[1].answerable is False


# -- a real run ------------------------------------------------------------------------------


def test_eval_on_the_seed_questions_then_resume(seed_index, tmp_path):
    questions = tmp_path / "questions.jsonl"
    first_twelve = SEED_QUESTIONS.read_text().splitlines(keepends=True)[:12]
    questions.write_text(
        "".join(first_twelve)
        + json.dumps({"id": "xss", "question": "<script>alert(1)</script>?"})
        + "\n{not json\n"
    )
    out = tmp_path / "out"
    command = [
        "eval",
        str(questions),
        "--out",
        str(out),
        "--index-dir",
        str(seed_index),
        "--workers",
        "2",
    ]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 1, result.output  # one malformed row was skipped
    assert f"{questions}:14: invalid JSON" in " ".join(result.output.split())
    answers = [json.loads(line) for line in (out / "answers.jsonl").read_text().splitlines()]
    assert len(answers) == 13
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["run"]["asked"] == 13 and metrics["run"]["skipped_rows"] == 1
    overall = metrics["overall"]
    assert overall["accuracy"] == 1.0 and overall["abstention"] == 1.0
    assert overall["faithfulness"] == 1.0 and overall["hit@5"] == 1.0
    assert set(metrics["by_type"]) >= {"figure", "fact", "unanswerable", "conflicting figures"}
    for name in ("answers.csv", "report.md", "latency.png", "hit_at_k.png", "score_by_type.png"):
        assert (out / name).exists()
    report = (out / "report.html").read_text()
    assert "<script>alert(1)</script>" not in report and "&lt;script&gt;alert(1)" in report
    assert "http://" not in report and "https://" not in report  # nothing to fetch

    again = CliRunner().invoke(app, command)
    assert json.loads((out / "metrics.json").read_text())["run"]["asked"] == 0
    summary = dict(line.split("\t") for line in again.output.splitlines() if "\t" in line)
    assert (summary["questions"], summary["asked"], summary["resumed"]) == ("13", "0", "13")
    CliRunner().invoke(app, [*command, "--force", "--limit", "3"])
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["run"]["asked"] == 3 and metrics["overall"]["questions"] == 3
