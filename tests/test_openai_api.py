"""The OpenAI-compatible API on the chat's address, driven by the real `openai` client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from ingest.settings import Settings
from tests.chat_server import running_chat
from tests.conftest import SURVEILLANCE

KEY = "test-key-for-the-api"


@pytest.fixture(scope="module")
def base_url(seed_index: Path) -> Iterator[str]:
    os.environ["CITEDESK_API_KEY"] = KEY
    try:
        with running_chat(seed_index) as url:
            yield f"{url}/v1"
    finally:
        del os.environ["CITEDESK_API_KEY"]


@pytest.fixture(scope="module")
def client(base_url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=base_url, api_key=KEY, max_retries=0)


def test_the_models_are_the_answer_modes(client):
    assert [model.id for model in client.models.list()] == ["citedesk-extractive"]


def test_a_question_gets_the_cited_answer_with_its_references_and_structured_citations(client):
    reply = client.chat.completions.create(
        model="citedesk-extractive",
        messages=[{"role": "user", "content": "How many Chinese companies are at Milipol?"}],
    )
    content = reply.choices[0].message.content
    assert content.startswith("**89 out of 1,100** [1]")
    assert "\n\nReferences:\n- [1]" in content
    (first, *_) = reply.model_extra["citations"]
    assert first["doc_id"] == SURVEILLANCE and "89 out of 1,100" in first["quote"]


def test_a_follow_up_is_read_with_the_earlier_turns(client):
    first = "How many Chinese companies are at Milipol?"
    answer = client.chat.completions.create(
        model="citedesk-extractive", messages=[{"role": "user", "content": first}]
    )
    follow_up = client.chat.completions.create(
        model="citedesk-extractive",
        messages=[
            {"role": "user", "content": first},
            {"role": "assistant", "content": answer.choices[0].message.content},
            {"role": "user", "content": "And how many nations are present?"},
        ],
    )
    assert "53" in follow_up.choices[0].message.content


def test_an_answer_streams_as_openai_streams(client):
    chunks = list(
        client.chat.completions.create(
            model="citedesk-extractive",
            messages=[{"role": "user", "content": "How many Chinese companies are at Milipol?"}],
            stream=True,
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text.startswith("**89 out of 1,100** [1]") and "References:" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["citations"][0]["doc_id"] == SURVEILLANCE


def test_a_wrong_key_is_refused(base_url):
    wrong = openai.OpenAI(base_url=base_url, api_key="not-the-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError, match="Wrong or missing API key"):
        wrong.models.list()


def test_a_question_past_the_bound_is_refused_with_the_bound(client):
    with pytest.raises(openai.BadRequestError, match="4,000 characters long"):
        client.chat.completions.create(
            model="citedesk-extractive", messages=[{"role": "user", "content": "a" * 4000}]
        )


def test_an_unknown_model_is_named_with_those_there_are(client):
    with pytest.raises(openai.BadRequestError, match="citedesk-extractive"):
        client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "How many?"}]
        )


def test_beyond_loopback_without_a_key_the_api_says_to_set_one():
    from starlette.testclient import TestClient

    from ui.openai_api import OpenAICompatible

    async def gradio(scope, receive, send):  # what the API does not answer goes on to the chat
        raise AssertionError("the request reached the chat")

    api = OpenAICompatible(gradio, Settings(), key=None, open_access=False)
    reply = TestClient(api).get("/v1/models")
    assert reply.status_code == 401
    assert "set CITEDESK_API_KEY" in reply.json()["error"]["message"]


def test_wrong_keys_lock_the_address_out_as_wrong_passwords_do():
    from starlette.testclient import TestClient

    from ui.login_limit import LoginLimit
    from ui.openai_api import OpenAICompatible

    async def gradio(scope, receive, send):
        raise AssertionError("the request reached the chat")

    api = LoginLimit(
        OpenAICompatible(gradio, Settings(), key=KEY, open_access=False),
        max_failures=2,
        lockout_s=60,
    )
    client = TestClient(api)
    wrong = {"Authorization": "Bearer guess"}
    assert [client.get("/v1/models", headers=wrong).status_code for _ in range(2)] == [401, 401]
    locked = client.get("/v1/models", headers={"Authorization": f"Bearer {KEY}"})
    assert locked.status_code == 429 and "Too many failed logins" in locked.json()["detail"]
