"""The `citedesk` command line: what a person types and sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

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
