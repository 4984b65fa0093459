"""Articles embedded by a server that speaks OpenAI's /v1/embeddings (a scripted one on
loopback, real HTTP, the real `openai` client): searched with its vectors, never mixed with
another model's, and an ingest it fails mid-way loses nothing and is finished by the next."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.embedding import load_embed_model
from ingest.pipeline import ingest
from ingest.settings import Settings, SettingsError
from ingest.store import EmbeddingServerError, StoreError, open_store
from ingest.store.catalog import list_documents
from rag.engine import Engine
from tests.conftest import SEED_CORPUS
from tests.embedding_server import EmbeddingServer, embedding_server

KEY = "sk-newsroom-secret"


@pytest.fixture(scope="module")
def server() -> Iterator[EmbeddingServer]:
    local = load_embed_model(Settings())
    with embedding_server(local.get_text_embedding_batch) as running:
        yield running


@pytest.fixture
def fresh(server: EmbeddingServer) -> EmbeddingServer:
    server.requests.clear()
    server.fail_from, server.fail_next, server.status = None, 0, 500
    return server


def served(server: EmbeddingServer, index: Path, **embedding: object) -> Settings:
    return Settings(
        index_dir=index,
        lock_timeout_s=0,
        embedding={
            "backend": "openai-compatible",
            "base_url": server.url,
            "model": "minilm-on-a-gpu",
            "api_key": KEY,
            "max_retries": 0,
            **embedding,
        },
    )


def corpus_of(folder: Path, extra: int = 0) -> Path:
    """The seed articles, and `extra` short ones of their own."""
    shutil.copytree(SEED_CORPUS, folder, dirs_exist_ok=True)
    for n in range(extra):
        (folder / f"wire-{n}.txt").write_text(
            f"Harbour report {n}\n\nThe port of Lorient handled {n + 2} million containers in "
            f"month {n + 1}, officials said. Dockers worked {n + 10} extra shifts to clear it.\n",
            encoding="utf-8",
        )
    return folder


def test_articles_embedded_by_a_server_are_searched_with_its_vectors(fresh, tmp_path):
    settings = served(fresh, tmp_path / "index")
    assert ingest([corpus_of(tmp_path / "corpus")], settings).ok
    embedded = [r for r in fresh.requests if r["path"] == "/v1/embeddings"]
    assert embedded and all(r["body"]["model"] == "minilm-on-a-gpu" for r in embedded)
    assert all(r["headers"]["Authorization"] == f"Bearer {KEY}" for r in embedded)
    before = len(fresh.requests)
    answer = Engine(settings).ask("How many cameras has China already deployed?")
    assert len(fresh.requests) > before  # the question is embedded by the server too
    assert answer.citations and "million" in answer.text


def test_an_index_the_server_built_refuses_another_model(fresh, tmp_path):
    index = tmp_path / "index"
    assert ingest([corpus_of(tmp_path / "corpus")], served(fresh, index)).ok
    local = Settings(index_dir=index, lock_timeout_s=0)
    for use in (lambda: Engine(local), lambda: ingest([tmp_path / "corpus"], local)):
        with pytest.raises(StoreError, match=r"minilm-on-a-gpu \(openai-compatible server\)"):
            use()


def test_a_server_failing_mid_ingest_loses_nothing_and_the_next_ingest_finishes(fresh, tmp_path):
    index, folder = tmp_path / "index", tmp_path / "corpus"
    settings = served(fresh, index, batch_size=1)  # one request a passage
    assert ingest([corpus_of(folder)], settings).ok
    kept = {d.doc_id for d in list_documents(open_store(settings))}
    corpus_of(folder, extra=6)
    fresh.fail_from = len(fresh.requests) + 3
    with pytest.raises(EmbeddingServerError) as failed:
        ingest([folder], settings)
    message = str(failed.value)
    assert fresh.url in message and "HTTP 500" in message and "nothing stored was lost" in message
    assert KEY not in message  # the server echoed it; the error does not
    assert kept <= {d.doc_id for d in list_documents(open_store(settings))}
    fresh.fail_from = None
    report = ingest([folder], settings)
    assert report.ok and not report.skipped
    assert len(list_documents(open_store(settings))) == len(kept) + 6
    assert Engine(settings).ask("How many containers did the port of Lorient handle?").citations


def test_a_rate_limited_request_is_retried(fresh, tmp_path):
    fresh.fail_next, fresh.status = 1, 429
    settings = served(fresh, tmp_path / "index", max_retries=2)
    assert ingest([corpus_of(tmp_path / "corpus")], settings).ok
    assert len(fresh.requests) >= 2


def test_a_server_that_is_down_is_named_with_what_to_do(tmp_path):
    settings = Settings(
        index_dir=tmp_path / "index",
        embedding={
            "backend": "openai-compatible",
            "base_url": "http://127.0.0.1:9/v1",  # the discard port: nothing listens
            "model": "minilm-on-a-gpu",
            "max_retries": 0,
        },
    )
    with pytest.raises(
        EmbeddingServerError, match=r"cannot be reached.*CITEDESK_EMBEDDING__BASE_URL"
    ):
        ingest([corpus_of(tmp_path / "corpus")], settings)


def test_the_server_backend_needs_its_address_and_model():
    with pytest.raises((SettingsError, ValueError), match="CITEDESK_EMBEDDING__BASE_URL"):
        Settings(embedding={"backend": "openai-compatible"})
