"""A short load test in CI (the full one is `citedesk load-test`): concurrent API sessions on
loopback while another process ingests new articles into the index the chat is serving."""

from __future__ import annotations

import shutil

import pytest
from gradio_client import Client

from ingest.pipeline import ingest
from ingest.settings import Settings
from tests.chat_server import running_chat
from tests.conftest import SEED_CORPUS
from ui.harness.load_test import ingest_command, run_load

QUESTIONS = [
    "How many Chinese companies are at Milipol?",
    "How many cameras has China deployed?",
    "What did Amnesty International complain about?",
]


def test_answers_keep_coming_while_an_ingest_commits(tmp_path):
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    index = tmp_path / "index"
    assert ingest([tmp_path / "corpus"], Settings(index_dir=index)).ok
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "ferries.txt").write_text(
        "Ferries return to Brest\n\nTwelve ferries sailed from Brest on Monday after the storm.\n"
    )
    with running_chat(index) as url:
        single = run_load(url, 1, QUESTIONS, per_session=3, max_seconds=120)
        loaded = run_load(
            url,
            4,
            QUESTIONS,
            per_session=4,
            max_seconds=180,
            ingest_command=ingest_command([extra], index, None),
        )
        after = Client(url, verbose=False).predict(
            "How many ferries sailed from Brest?", api_name="/ask"
        )
    for result in (single, loaded):
        assert result.errors == [] and result.lost == 0
        assert result.answered == result.sent > 0
    assert loaded.ingest_returncode == 0
    assert "Twelve ferries" in after["text"]


def test_a_load_test_never_leaves_loopback():
    with pytest.raises(ValueError, match="loopback only"):
        run_load("http://10.0.0.5:7860", 1, QUESTIONS, 1, 1)
