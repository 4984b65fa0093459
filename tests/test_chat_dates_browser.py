"""The chat's as-of day and date range, in a real browser: typed once, named by the scope line
under the question box as they are typed (it is written in the browser, ui/scope_line.js),
applied to every question, and a day it cannot read or a range that holds none said plainly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import ask, needs_chromium, status_says, type_into
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
    type_into(page, "#as-of input", "2022-06-24")
    status_says(page, "#scope", "Searching only articles published by 2022-06-24")
    answer = ask(page, "What is the latest on the Lorient dock strike?")
    assert "As of 24 June 2022: later articles were not searched." in answer
    assert "pay rise of 4%" not in answer


@pytest.mark.parametrize("typed", ["24/06/2022", "2022-02-30", "20220624"])
def test_a_day_the_chat_cannot_read_is_said_by_the_question_box_before_asking(page, typed):
    unfiltered = " ".join(page.inner_text("#scope").split())
    assert unfiltered.startswith("Searching all ")
    page.click("text=Articles and filters")
    type_into(page, "#as-of input", typed)
    said = status_says(page, "#scope", "is not a day: write it as YYYY-MM-DD", timeout=10_000)
    assert said.startswith(f"As of '{typed}' is not a day")
    type_into(page, "#as-of input", "")
    assert status_says(page, "#scope", "Searching all ", timeout=10_000) == unfiltered


def test_a_range_that_ends_before_it_starts_is_said_before_asking(page):
    page.click("text=Articles and filters")
    type_into(page, "#date-from input", "2022-07-01")
    type_into(page, "#date-to input", "2022-06-01")
    status_says(page, "#scope", "From 2022-07-01 is after To 2022-06-01: no article can be both")


def test_a_date_range_typed_in_the_chat_searches_only_articles_dated_in_it(page):
    page.click("text=Articles and filters")
    type_into(page, "#date-from input", "2022-07-01")
    type_into(page, "#date-to input", "2022-07-31")
    status_says(page, "#scope", "Searching only articles dated 2022-07-01 to 2022-07-31")
    answer = ask(page, "What happened in the Lorient dock strike?")
    assert "pay rise of 4%" in answer
    assert "began a strike on Monday" not in answer
    panel = page.locator("#sources-panel .cd-turn").last.inner_text()
    assert "2022-07-05" in panel and "2022-06-20" not in panel
