"""The chat over a library larger than a page of choices (105 articles), in a real browser: any
article is found by typing in the picker or in the table's search, and the table is newest
first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import needs_chromium, status_says, type_into
from tests.chat_server import running_chat
from tests.test_ask import indexed_records

pytestmark = needs_chromium

STORIES = [
    {
        "title": f"Story number {n:03d} about town {n}",
        "url": f"https://towns.example/{n}",
        "published_at": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "body": f"Town {n} opened a new bridge with {n} lanes, its council said.",
    }
    for n in range(105)
]


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = indexed_records(tmp_path_factory.mktemp("large-library"), STORIES)
    with running_chat(settings.store.index_dir) as url:
        yield url


def test_the_last_of_105_articles_is_found_by_typing_in_the_picker(page):
    page.click("text=Articles and filters")
    page.click("#doc-picker input")
    type_into(page, "#doc-picker input", "town 104")
    option = page.locator("#doc-picker li[role=option]").first
    assert option.inner_text().startswith("Story number 104 about town 104")
    option.click()
    status_says(page, "#scope", "Searching only 1 of 105 articles", timeout=60_000)


def test_the_articles_table_is_newest_first_and_searches_every_row(page):
    page.click("text=Articles and filters")
    grid = page.locator("#articles [role=grid]")
    assert grid.get_attribute("aria-rowcount") == "106"  # a header and every article
    newest = max(story["published_at"] for story in STORIES)
    first_row = page.locator("#articles [role=row][data-index='0']")
    assert newest in first_row.inner_text()
    type_into(page, "#articles input[placeholder='Search...']", "town 104")
    page.wait_for_function(
        "(document.querySelector('#articles .virtual-body')?.innerText || '').includes('town 104')"
        " && !(document.querySelector('#articles .virtual-body')?.innerText || '')"
        ".includes('town 103')",
        timeout=30_000,
    )


def test_a_row_clicked_in_the_table_is_searched_alone(page):
    """The table is how a library of thousands is browsed: sorted, searched, and a click picks."""
    page.click("text=Articles and filters")
    type_into(page, "#articles input[placeholder='Search...']", "town 57")
    row = page.locator("#articles .virtual-body [role=row]", has_text="town 57")
    row.locator("[role=gridcell]").first.click()
    status_says(page, "#scope", "Searching only 1 of 105 articles", timeout=60_000)
    picked = page.locator("#doc-picker").inner_text()
    assert "Story number 057 about town 57" in picked
