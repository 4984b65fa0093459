"""Generative answers through a real loopback HTTP server speaking the OpenAI and Ollama APIs:
what the model is sent, and what citedesk does with each kind of reply."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.desk import Desk
from rag.engine import Engine
from rag.extractive.notices import ABSTAIN_TEXT
from rag.llm.generate import SYSTEM_PROMPT
from rag.models import Answer
from tests.chat_server import free_port
from tests.conftest import SURVEILLANCE
from tests.llm_server import FakeLLM, Script, fake_llm

QUESTION = "How many Chinese companies are at Milipol?"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeLLM]:
    with fake_llm() as state:
        yield state


@pytest.fixture
def llm(server: FakeLLM) -> FakeLLM:
    server.requests.clear()
    server.script = Script()
    return server


def engine_for(index_dir: Path, url: str, backend: str = "openai-compatible", **extra) -> Engine:
    base = f"{url}/v1" if backend == "openai-compatible" else url
    return Engine(
        Settings(
            index_dir=index_dir,
            llm=backend,
            llm_base_url=base,
            llm_model="scripted",
            llm_timeout_s=extra.pop("timeout", 20),
            **extra,
        )
    )


def passage_number(engine: Engine, question: str, needle: str) -> int:
    """Which numbered source of the prompt holds `needle` (retrieval decides the order)."""
    retrieved = engine.ask(question, mode="extractive").retrieved[: engine.settings.retrieval.top_k]
    return next(p.rank for p in retrieved if needle in p.text)


def article_text(engine: Engine, doc_id: str) -> str:
    return Desk(engine.settings).article_texts([doc_id]).get(doc_id, "")


def test_a_supported_answer_is_kept_and_its_citation_quoted(seed_index, llm):
    engine = engine_for(seed_index, llm.url)
    n = passage_number(engine, QUESTION, "89 out of 1,100")
    llm.script = Script(reply=f"China has 89 of the 1,100 companies at the Milipol fair [{n}].")
    pieces = list(engine.stream(QUESTION))
    *deltas, answer = pieces
    assert len(deltas) > 3  # streamed word by word
    assert isinstance(answer, Answer) and answer.mode == "llm" and not answer.abstained
    assert answer.text == f"China has 89 of the 1,100 companies at the Milipol fair. [{n}]"
    assert [c.status for c in answer.claims] == ["verified"]
    (cited,) = answer.citations
    assert cited.n == n and cited.doc_id == SURVEILLANCE and "89 out of 1,100" in cited.quote
    assert article_text(engine, cited.doc_id)[cited.start : cited.end] == cited.quote
    assert answer.notice is None


def test_the_prompt_keeps_articles_out_of_the_system_message(seed_index, llm):
    engine = engine_for(seed_index, llm.url)
    llm.script = Script(reply="China has 89 companies there [1].")
    engine.ask(QUESTION)
    messages = llm.requests[-1]["body"]["messages"]
    assert llm.requests[-1]["path"] == "/v1/chat/completions"
    system = [m for m in messages if m["role"] == "system"]
    assert [m["content"] for m in system] == [SYSTEM_PROMPT]
    user = messages[-1]
    assert user["role"] == "user"
    assert user["content"].startswith("<<<SOURCES\n[1] ")
    block = user["content"].split("SOURCES>>>")[0]
    assert "89 out of 1,100 companies" in block
    assert f"Question: {QUESTION}" in user["content"].split("SOURCES>>>")[1]
    assert "89 out of" not in system[0]["content"]


def test_citation_numbers_that_match_no_passage_are_dropped(seed_index, llm):
    engine = engine_for(seed_index, llm.url)
    n = passage_number(engine, QUESTION, "89 out of 1,100")
    past = engine.settings.retrieval.top_k + 1  # one more than the passages the model was given
    llm.script = Script(
        reply=f"There are 89 Chinese companies [{n}][{past}]. France hosts it [99]."
    )
    answer = engine.ask(QUESTION)
    assert answer.dropped_citations == [past, 99]
    assert f"[{past}]" not in answer.text and "[99]" not in answer.text
    assert [c.status for c in answer.claims] == ["verified", "uncited"]
    assert "matched no source and were removed" in answer.notice


def test_a_claim_its_passage_does_not_support_is_unverified(seed_index, llm):
    engine = engine_for(seed_index, llm.url)
    n = passage_number(engine, QUESTION, "89 out of 1,100")
    llm.script = Script(
        reply=f"There are 500 Chinese companies at Milipol [{n}]. "
        f"Chinese debt to Europe doubled last year [{n}]."
    )
    answer = engine.ask(QUESTION)
    assert [c.status for c in answer.claims] == ["unverified", "unverified"]
    assert "unverified" in answer.notice
    assert answer.citations and answer.mode == "llm"


def test_a_claim_naming_someone_its_passage_does_not_is_unverified(seed_index, llm):
    engine = engine_for(seed_index, llm.url)
    n = passage_number(engine, QUESTION, "89 out of 1,100")
    llm.script = Script(
        reply=f"Human Rights Watch counted 89 of the 1,100 companies at the Milipol fair [{n}]."
    )
    answer = engine.ask(QUESTION)
    assert [c.status for c in answer.claims] == ["unverified"]


def test_a_reply_without_any_valid_citation_falls_back_to_quoting(seed_index, llm):
    engine = engine_for(seed_index, llm.url)
    llm.script = Script(reply="Chinese firms are everywhere these days, it is well known.")
    answer = engine.ask(QUESTION)
    assert answer.mode == "extractive"
    assert answer.notice.startswith("The language model's answer cited none of the sources")
    assert "89 out of 1,100" in answer.text


def test_not_in_the_sources_is_an_abstention(seed_index, llm):
    engine = engine_for(seed_index, llm.url)
    llm.script = Script(reply="NOT IN THE SOURCES.")
    answer = engine.ask("Who won the 2018 World Cup?")
    assert answer.abstained and answer.mode == "llm" and answer.text == ABSTAIN_TEXT
    assert answer.see_also


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        (Script(status=500), "the model's server failed"),
        (Script(raw="{this is not json"), "the model returned no answer"),
        (Script(reply="too late [1]", delay_s=3), "the model did not answer in time"),
    ],
)
def test_server_failures_fall_back_to_quoting(seed_index, llm, script, reason):
    engine = engine_for(seed_index, llm.url, timeout=1)
    llm.script = script
    answer = engine.ask(QUESTION)
    assert answer.mode == "extractive" and "89 out of 1,100" in answer.text
    assert answer.notice.startswith(f"The language model could not answer: {reason}")


def test_a_server_that_is_not_there(seed_index):
    answer = engine_for(seed_index, f"http://127.0.0.1:{free_port()}").ask(QUESTION)
    assert answer.mode == "extractive"
    assert "the model's server could not be reached" in answer.notice


def test_ollama(seed_index, llm):
    engine = engine_for(seed_index, llm.url, backend="ollama")
    n = passage_number(engine, QUESTION, "89 out of 1,100")
    llm.script = Script(reply=f"There are 89 Chinese companies at Milipol [{n}].")
    answer = engine.ask(QUESTION)
    assert llm.requests[-1]["path"] == "/api/chat"
    assert answer.mode == "llm" and [c.status for c in answer.claims] == ["verified"]
    assert llm.requests[-1]["body"]["messages"][0]["content"] == SYSTEM_PROMPT


def test_a_server_that_drips_tokens_meets_one_deadline_for_the_whole_answer(seed_index, llm):
    """Every token arrives well within the read timeout; the answer as a whole does not."""
    engine = engine_for(seed_index, llm.url, timeout=5, llm_deadline_s=2)
    llm.script = Script(reply=" ".join(["slowly"] * 200), drip_s=0.2)
    answer = engine.ask(QUESTION)
    assert answer.mode == "extractive" and "89 out of 1,100" in answer.text
    assert answer.notice.startswith(
        "The language model could not answer: the model did not finish its answer within 2 s"
    )


def test_a_huge_reply_is_cut_off_and_the_sources_quoted(seed_index, llm):
    engine = engine_for(seed_index, llm.url)
    llm.script = Script(reply="x" * 1_000_000, piece_chars=10_000)
    answer = engine.ask(QUESTION)
    assert answer.mode == "extractive" and "89 out of 1,100" in answer.text
    assert "the model's reply ran past 20,000 characters" in answer.notice


def test_a_server_echoing_the_api_key_never_shows_it(seed_index, llm):
    engine = engine_for(seed_index, llm.url, llm_api_key="sk-live-0123456789")
    llm.script = Script(status=401)
    answer = engine.ask(QUESTION)
    assert answer.notice.startswith("The language model could not answer: the model's server")
    assert "Authorization: Bearer [redacted]" in answer.notice
    assert "sk-live-0123456789" not in answer.model_dump_json()
    assert llm.requests[-1]["headers"]["Authorization"] == "Bearer sk-live-0123456789"


def test_a_citation_number_beyond_64_bits_is_text_not_a_crash(seed_index, llm):
    import orjson  # what the chat's API serialises with

    engine = engine_for(seed_index, llm.url)
    n = passage_number(engine, QUESTION, "89 out of 1,100")
    llm.script = Script(reply=f"There are 89 Chinese companies [{n}][18446744073709551616].")
    answer = engine.ask(QUESTION)
    assert answer.mode == "llm" and answer.claims[0].citations == [n]
    assert orjson.loads(orjson.dumps(answer.model_dump(mode="json")))["text"]


def test_every_model_setting_names_a_registered_backend():
    """`CITEDESK_LLM` accepts exactly the backends `rag.llm.backends` registers (and "none")."""
    from typing import get_args

    from ingest.settings import LLMSettings
    from rag.llm.backends import BACKENDS

    assert set(get_args(LLMSettings.model_fields["backend"].annotation)) == {"none", *BACKENDS}


def test_the_answer_modes_offered_follow_the_configuration(tmp_path: Path) -> None:
    """Quoting is always offered; a model's answers only once one is configured, and then
    they are the default (the chat's mode switch shows exactly these)."""
    plain = Desk(Settings(index_dir=tmp_path / "index"))
    assert plain.modes() == ["extractive"] and plain.default_mode() == "extractive"
    configured = Desk(Settings(index_dir=tmp_path / "index", llm="ollama"))
    assert configured.modes() == ["extractive", "llm"] and configured.default_mode() == "llm"
