"""The chat's library and phone layout in a real browser: PDF, Word and web-address articles
added and cited, an article read whole, corrected and deleted, and sources under each answer on
a 390x844 phone."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.article_files import LIBRARY_PAGE, web_server, write_docx, write_pdf
from tests.browser import ask, needs_chromium, open_chat, status_says
from tests.chat_server import seed_chat
from tests.conftest import ROOT

pytestmark = needs_chromium
# `UPDATE_SCREENSHOTS=1 make test` rewrites the README's screenshots; look at them before
# committing them.
SCREENSHOTS = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seed_chat(tmp_path_factory.mktemp("library")) as url:
        yield url


def test_a_pdf_a_word_file_and_a_web_address_are_added_and_cited(page, tmp_path):
    write_pdf(tmp_path / "release.pdf")
    write_docx(tmp_path / "tram.docx")
    before = int(re.search(r"Searching all (\d+) article", page.inner_text("#scope")).group(1))
    page.click("text=Add articles")
    page.locator("#upload input[type=file]").set_input_files(
        [str(tmp_path / "release.pdf"), str(tmp_path / "tram.docx")]
    )
    status = status_says(page, "#upload-status", "Added")
    assert "Added Harbour authority press release (uploads/release.pdf)" in status
    assert "Added Council approves tram line (uploads/tram.docx)" in status
    # The line under the question box counts them at once, without a reload.
    status_says(page, "#scope", f"Searching all {before + 2} articles")
    site = tmp_path / "site"
    site.mkdir()
    (site / "library.html").write_text(LIBRARY_PAGE)
    with web_server(site) as base:
        page.fill("#link textarea, #link input", f"{base}/library.html")
        page.click("#fetch")
        status = status_says(page, "#upload-status", "Harwick")
    assert "Added Harwick library reopens after flood repairs (links/" in status
    for question, quote, provenance in [
        ("How many containers did the Port of Valmara handle?", "4.2 million containers", None),
        ("By how many votes did Brindle approve the tram line?", "31 votes to 12", None),
        ("How many damaged books were replaced in Harwick?", "9,000 books", "Harwick Gazette"),
    ]:
        ask(page, question)
        cited = page.locator("#sources-panel .cd-turn:not([hidden]) .cd-citation").first
        assert quote in cited.locator("mark").first.inner_text()
        if provenance:
            assert provenance in cited.locator(".cd-meta").inner_text()


def test_the_library_shows_corrects_and_deletes_an_article(page, tmp_path):
    story = tmp_path / "ferry-strike.txt"
    story.write_text(
        "Ferry crews strike in Calmet\n\n"
        "Ferry crews in Calmet stopped work for 48 hours on Friday over a pay dispute.\n\n"
        "The union said 230 crew members joined the strike.\n"
    )
    page.click("text=Add articles")
    page.locator("#upload input[type=file]").set_input_files(str(story))
    status_says(page, "#upload-status", "Ferry crews strike in Calmet")

    page.click("text=Library: read, correct or delete an article")
    page.locator("#library-pick input").click()
    page.get_by_role(
        "option", name="Ferry crews strike in Calmet (uploads/ferry-strike.txt)"
    ).click()
    shown = status_says(page, "#library-article", "230 crew members")
    assert "Ferry crews in Calmet stopped work for 48 hours" in shown
    assert (
        page.input_value("#edit-title input, #edit-title textarea")
        == "Ferry crews strike in Calmet"
    )

    page.fill("#edit-outlet input, #edit-outlet textarea", "Calmet Courier")
    page.fill("#edit-date input, #edit-date textarea", "2024-03-08")
    page.click("#save-article")
    assert "Saved" in status_says(page, "#library-status", "Saved")
    assert "Calmet Courier (corrected)" in status_says(page, "#library-article", "(corrected)")
    ask(page, "How many crew members joined the strike in Calmet?")
    meta = page.locator("#sources-panel .cd-turn:not([hidden]) .cd-citation .cd-meta").first
    assert meta.inner_text().startswith("Calmet Courier · 2024-03-08")

    page.click("#delete-article")
    question = status_says(page, "#confirm-text", "Delete Ferry crews strike in Calmet")
    assert re.search(
        r"\(uploads/ferry-strike\.txt\) and its \d passages? from the index\?", question
    )
    counted = int(re.search(r"Searching all (\d+) article", page.inner_text("#scope")).group(1))
    page.click("#confirm-delete")
    assert "Deleted uploads/ferry-strike.txt." in status_says(page, "#library-status", "Deleted")
    status_says(page, "#scope", f"Searching all {counted - 1} articles")
    page.click("text=Articles and filters")
    page.wait_for_function(
        "!(document.querySelector('#articles')?.innerText || '').includes('ferry-strike')",
        timeout=30_000,
    )
    answer = ask(page, "How many crew members joined the strike in Calmet?")
    assert "230" not in answer


def test_on_a_phone_a_citation_opens_under_its_answer(browser, chat_url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_chat(page, chat_url)
    ask(page, "Who filed a complaint about the handcuffs?")
    answer = page.locator("#chat [data-testid='bot']").last
    answer.locator('a[href="#a1-cite-1"]').first.tap()
    listed = answer.locator(".cd-answer-sources")
    expect(listed).to_have_attribute("open", "", timeout=10_000)
    item = listed.locator(".cd-source.cd-active")
    expect(item).to_be_visible(timeout=10_000)
    assert "cd-source-1" in item.get_attribute("class") and "Amnesty" in item.inner_text()
    box = item.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844
    top = answer.bounding_box()
    assert top is not None and top["y"] < 844  # the answer is still on screen
    if SCREENSHOTS:
        page.screenshot(path=str(SCREENSHOTS / "phone.png"))
    page.click("text=Articles and filters")
    page.wait_for_function("document.querySelectorAll('#articles th').length >= 5")
    headers = page.locator("#articles th").all_inner_texts()
    assert [h.strip() for h in headers[:4]] == ["title", "outlet", "date", "passages"]
    page.close()


def test_each_answer_lists_its_own_sources_with_who_and_when(page):
    ask(page, "Who filed a complaint about the handcuffs?")
    ask(page, "How many targets can the GDU drones track?")
    first, second = page.locator("#chat [data-testid='bot']").all()[-2:]
    first.locator(".cd-answer-sources summary").click()
    assert "Amnesty" in first.locator(".cd-answer-sources").inner_text()
    second.locator(".cd-answer-sources summary").click()
    assert "GDU" in second.locator(".cd-answer-sources").inner_text()
    assert "Amnesty" not in second.locator(".cd-answer-sources").inner_text()


@pytest.mark.skipif(not SCREENSHOTS, reason="only when rewriting the README's screenshots")
def test_screenshots_for_the_readme(browser, chat_url):
    for scheme, name in (("light", "chat.png"), ("dark", "chat-dark.png")):
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
        open_chat(page, chat_url)
        ask(page, "How many cameras has China deployed?")
        page.locator("#chat [data-testid='bot']").last.locator('a[href="#a1-cite-1"]').first.click()
        page.screenshot(path=str(SCREENSHOTS / name))
        page.close()
