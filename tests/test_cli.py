"""The `citedesk` command line: what a person types and sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.settings import Settings, SettingsError
from tests.conftest import MILIPOL, ROOT, SURVEILLANCE
from ui.cli import app

runner = CliRunner()


def test_help_imports_no_heavy_library():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from ui.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = {'torch', 'chromadb', 'llama_index', 'transformers', 'gradio'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_ingest_then_list_sources_and_stats(corpus: Path, tmp_path: Path):
    index = ["--index-dir", str(tmp_path / "index")]
    result = runner.invoke(app, ["ingest", str(corpus), *index])
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "chunks written" in result.output

    result = runner.invoke(app, ["sources", "--json", *index])
    sources = {d["doc_id"]: d for d in json.loads(result.output)}
    assert sorted(sources) == [MILIPOL, SURVEILLANCE]
    assert sources[SURVEILLANCE]["title"] == "China surveillance tech seeks global reach"

    result = runner.invoke(app, ["stats", "--json", *index])
    stats = json.loads(result.output)
    assert stats["documents"] == 2 and stats["chunks"] > 2 and stats["bm25_current"] is True
    assert stats["store"] == str((tmp_path / "index").resolve())

    result = runner.invoke(app, ["ingest", str(corpus), "--json", *index])
    report = json.loads(result.output)
    assert report["embedded_chunks"] == 0 and len(report["unchanged"]) == 2


def test_a_skipped_file_is_named_and_the_exit_code_says_so(corpus: Path, tmp_path: Path):
    (corpus / "broken.jsonl").write_text('{"title": "x"\n')
    result = runner.invoke(app, ["ingest", str(corpus), "--index-dir", str(tmp_path / "i")])
    assert result.exit_code == 1
    assert f"skipped {corpus / 'broken.jsonl'}:1: invalid JSON" in " ".join(result.output.split())


def test_sources_before_any_ingest_explains_what_to_do(tmp_path: Path):
    result = runner.invoke(app, ["sources", "--index-dir", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert "Nothing has been ingested" in result.output
    assert "citedesk ingest corpus/" in result.output


def test_piped_lists_print_one_full_row_per_line(seed_index: Path):
    """`citedesk sources | grep`: a header, then tab-separated rows with ids and titles uncut,
    however narrow the terminal the pipe came from."""
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "sources", "--index-dir", str(seed_index)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "40"},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "id\ttitle\tsource\tdate\tchunks"
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert sorted(rows) == [MILIPOL, SURVEILLANCE]
    assert rows[SURVEILLANCE][1] == "China surveillance tech seeks global reach"
    assert all(len(row) == 5 for row in rows.values())


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_piped_answer_is_printed_whole(seed_index: Path, extra: list[str]):
    """`citedesk ask` ends its process as soon as the answer is printed (nothing is left to
    write): all of it still reaches the pipe, sources included."""
    question = "Who filed a complaint about the handcuffs?"
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ask", question, "--index-dir", str(seed_index), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    if extra:
        answer = json.loads(done.stdout)
        assert answer["citations"] and answer["text"]
    else:
        assert "Sources:" in done.stdout
        assert done.stdout.rstrip().endswith("”")  # the last source's quote


def test_every_table_is_plain_rows_when_piped(seed_index: Path, corpus: Path, tmp_path: Path):
    index = ["--index-dir", str(seed_index)]
    stats = runner.invoke(app, ["stats", *index]).output.splitlines()
    assert stats[0] == "figure\tvalue"
    figures = dict(line.split("\t") for line in stats[1:])
    assert figures["documents"] == "2" and figures["store"] == str(seed_index.resolve())

    report = runner.invoke(app, ["ingest", str(corpus), "--index-dir", str(tmp_path / "i")])
    rows = dict(line.split("\t") for line in report.output.splitlines() if "\t" in line)
    assert rows["added"] == "2" and rows["store"] == str((tmp_path / "i").resolve())
    assert not any(c in report.output for c in "┃│━─")


def test_flags_are_shown_as_flags_in_help():
    result = runner.invoke(app, ["sources", "--help"], env={"COLUMNS": "120"})
    help_line = next(line for line in result.output.splitlines() if "--json" in line)
    assert "BOOL" not in help_line.upper()
    assert "--help" in result.output and "<bool>" not in result.output.lower()


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "CITEDESK_TOP_K",
            "abc",
            "it must be an integer >= 1 and <= 100 (input should be a valid integer",
        ),
        ("CITEDESK_LLM", "gpt", "it must be one of none, openai-compatible, ollama."),
    ],
)
def test_a_bad_setting_names_the_variable_and_the_allowed_values(variable, value, expected):
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "sources", "--index-dir", "nowhere"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, variable: value},
    )
    message = " ".join(done.stderr.split())
    assert done.returncode == 2
    assert f"error: {variable}='{value}' is not a valid setting" in message
    assert expected in message
    assert "Traceback" not in done.stderr and "pydantic" not in done.stderr


def test_a_bad_option_value_names_the_option():
    with pytest.raises(SettingsError, match=r"--top-k=0 is not a valid setting.*>= 1"):
        Settings(top_k=0)
