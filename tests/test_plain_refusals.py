"""Small misuses each get one clear message and no traceback, and nothing else is lost."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ingest.models import Problem
from ingest.settings import Settings, SettingsError, unknown_variables
from rag.desk import Desk
from rag.models import Filters
from ui.cli import app
from ui.library import _added_message
from ui.uploads import UploadResult

runner = CliRunner()


def test_an_eval_row_with_an_overlong_question_is_skipped_and_the_rest_answered(
    seed_index, tmp_path
):
    questions = tmp_path / "questions.jsonl"
    rows = [
        {"id": "q1", "question": "Which city hosts the Milipol fair?", "answers": ["Paris"]},
        {"id": "q2", "question": "why " * 1000},
        {"id": "q3", "question": "How many nations are present at Milipol?", "answers": ["53"]},
    ]
    questions.write_text("".join(json.dumps(row) + "\n" for row in rows))
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["eval", str(questions), "--out", str(out), "--index-dir", str(seed_index)]
    )
    assert result.exit_code == 1, result.output  # some rows were skipped: the run says so
    assert "skipped" in result.output and ":2: the question is 4,000 characters" in result.output
    answered = [json.loads(line)["id"] for line in (out / "answers.jsonl").open()]
    assert answered == ["q1", "q3"]
    summary = json.loads((out / "metrics.json").read_text())
    (skipped,) = summary["skipped_rows"]
    assert skipped.endswith(
        ":2: the question is 4,000 characters long; questions are at most "
        "2,000 (the chat's limit too)"
    )


def test_eval_into_a_file_instead_of_a_folder_says_so(seed_index, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "Which city hosts the Milipol fair?"}\n')
    taken = tmp_path / "report.txt"
    taken.write_text("keep me")
    result = runner.invoke(
        app, ["eval", str(questions), "--out", str(taken), "--index-dir", str(seed_index)]
    )
    assert result.exit_code == 2 and "is a file; give a folder" in result.output
    assert taken.read_text() == "keep me"


@pytest.mark.parametrize("name", ["max_file_mb", "max_upload_mb"])
def test_an_unbounded_size_limit_is_refused(name, tmp_path):
    with pytest.raises(SettingsError, match=r"<= 100000"):
        Settings(index_dir=tmp_path, **{name: float("inf")})


def test_a_misspelt_variable_is_named_with_the_closest_setting():
    warnings = unknown_variables({"CITEDESK_TOPK": "3", "CITEDESK_TOP_K": "3", "HOME": "/x"})
    assert warnings == [
        "CITEDESK_TOPK is not a citedesk setting and is ignored; did you mean CITEDESK_TOP_K?"
    ]


def test_an_unknown_article_id_or_outlet_in_a_filter_is_named(seed_index):
    desk = Desk(Settings(index_dir=seed_index))
    with pytest.raises(ValueError, match=r"No indexed article id is 'nope\.txt'"):
        desk.ask("How many cameras?", filters=Filters(doc_ids=["nope.txt"]))
    with pytest.raises(ValueError, match="No indexed outlet is 'Le Monde'"):
        desk.ask("How many cameras?", filters=Filters(sources=["Le Monde"]))
    result = runner.invoke(
        app, ["ask", "How many cameras?", "--doc", "nope.txt", "--index-dir", str(seed_index)]
    )
    assert result.exit_code == 2 and "No indexed article id is 'nope.txt'" in result.output


def test_a_rejected_upload_is_not_also_said_to_be_unchanged(tmp_path):
    upload = tmp_path / "files" / "scan.pdf"
    result = UploadResult(stored=[upload])
    result.problems = [Problem(str(upload), "this PDF has no text layer")]
    message = _added_message(result, [])
    assert message == r"Rejected **scan\.pdf**: this PDF has no text layer"
