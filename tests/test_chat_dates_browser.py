"""The chat's as-of day, in a real browser: typed once, named by the question box, applied to
every question, and a day it cannot read is said plainly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import ask, needs_chromium
from tests.chat_server import running_chat
from tests.test_as_of import STRIKE
from tests.test_ask import indexed_records

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = indexed_records(tmp_path_factory.mktemp("dated-chat"), STRIKE)
    with running_chat(settings.store.index_dir) as url:
        yield url


def test_an_as_of_day_typed_in_the_chat_hides_later_articles(page):
    page.click("text=Articles and filters")
    page.fill("#as-of input", "2022-06-24")
    page.wait_for_function(
        "/Searching only articles published by 2022-06-24/"
        ".test(document.querySelector('#scope').innerText)",
        timeout=60_000,
    )
    answer = ask(page, "What is the latest on the Lorient dock strike?")
    assert "As of 24 June 2022: later articles were not searched." in answer
    assert "pay rise of 4%" not in answer


def test_a_day_the_chat_cannot_read_is_said_by_the_question_box_before_asking(page):
    page.click("text=Articles and filters")
    page.fill("#as-of input", "24/06/2022")
    page.wait_for_function(
        "/is not a day: write it as YYYY-MM-DD/.test(document.querySelector('#scope').innerText)",
        timeout=60_000,
    )
