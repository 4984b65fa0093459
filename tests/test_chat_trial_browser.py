"""The journalist's trial of the chat (issue 33), re-run in a real browser over the seed articles:
articles uploaded as Word, PDF and a news site's page, then asked about by their subject; a
list, a comparison and the disagreements kept to the articles they are about; page junk never
shown; years in questions over undated articles; a streamed answer never shows raw Markdown;
past conversations are dated."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.article_files import NEWS_PAGE_WITH_JUNK, write_docx, write_pdf
from tests.browser import ask, needs_chromium, status_says
from tests.chat_server import seed_chat

pytestmark = needs_chromium

OLIVES = [
    "By Carlos Mendez | Iberia Farm Weekly | 5 February 2024",
    "This year's olive harvest in Jaén fell by a third after the drought, growers said.",
    "Many small farms picked their trees a month early, said grower Rosa Ortega.",
]
BAKERY = [
    "By Lena Fischer | Rue Haute Courier | 21 October 2024",
    "The bakery on Rue Haute opened its doors again on Monday, six months after a fire.",
    "Neighbours queued for bread from dawn, owner Marc Petit said.",
]
AIRLINE_2017 = {
    "title": "Airline strike grounds flights",
    "url": "https://news.example/2017/strike",
    "source": "Wire Alpha",
    "published_at": "2017-06-02",
    "body": "Pilots of a regional airline went on strike in 2017, grounding 40 flights.",
}
JUNK = ["Video Ad Feedback", "Hide Caption", "Source: CNN", "newsletter"]


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seed_chat(tmp_path_factory.mktemp("trial"), [AIRLINE_2017]) as url:
        yield url


def _panel(page) -> str:
    """The sources of the latest answer, as shown."""
    return page.locator("#sources-panel .cd-turn:not([hidden])").inner_text()


def test_uploads_are_found_by_their_subject_with_bylines_and_without_page_junk(page, tmp_path):
    write_docx(tmp_path / "olives.docx", "Olive growers count their losses", OLIVES)
    write_pdf(tmp_path / "bakery.pdf", "Corner bakery reopens after fire", BAKERY)
    (tmp_path / "valencia.html").write_text(NEWS_PAGE_WITH_JUNK)
    page.click("text=Add articles")
    page.locator("#upload input[type=file]").set_input_files(
        [str(tmp_path / name) for name in ("olives.docx", "bakery.pdf", "valencia.html")]
    )
    status_says(page, "#upload-status", "Flood waters rise in Valencia")

    answer = ask(page, "When was the olive harvest article published?")
    assert "2024-02-05" in answer
    assert "Olive growers count their losses" in _panel(page)
    assert "Iberia Farm Weekly" in _panel(page)
    assert "Lena Fischer" in ask(page, "Who wrote the bakery article?")
    assert "two metres" in ask(page, "How far did the flood waters rise in Valencia?")
    assert "CNN · 2024-10-30" in _panel(page)
    overview = ask(page, "What does the Valencia article say?")
    assert "cars swept along the main avenue" in overview
    shown = overview + _panel(page)
    assert not [junk for junk in JUNK if junk in shown]


def test_an_article_no_title_or_text_names_is_said_not_guessed(page):
    answer = ask(page, "Who wrote the football transfer article?")
    assert answer.startswith('No article matches "football transfer"')
    assert not page.locator("#sources-panel .cd-turn:not([hidden]) .cd-citation").count()


def test_a_list_a_comparison_and_the_disagreements_keep_to_their_articles(page):
    quoted = ask(page, "Who is quoted in the China surveillance article?")
    assert "Sylvain Shuang" in quoted
    titles = page.locator("#sources-panel .cd-turn:not([hidden]) .cd-citation .cd-title")
    assert set(titles.all_inner_texts()) == {"China surveillance tech seeks global reach"}

    compared = ask(page, "How do the two articles differ on camera numbers?")
    assert "176 million" in compared and "170 million" in compared
    assert "Huawei" not in compared  # "a number of the companies" is no camera number
    disputed = ask(page, "What do the articles disagree on?")
    assert re.search(r"170 million.*176 million|176 million.*170 million", disputed, re.S)


def test_a_streamed_answer_never_shows_markdown_and_past_conversations_are_dated(page):
    page.evaluate(
        """() => {
            window.__raw = [];
            new MutationObserver(() => {
                const bot = [...document.querySelectorAll("#chat [data-testid='bot']")].pop();
                if (bot && bot.innerText.includes('**')) window.__raw.push(bot.innerText);
            }).observe(document.body, {subtree: true, childList: true, characterData: true});
        }"""
    )
    answer = ask(page, "How many cameras has China deployed?")
    assert "million" in answer
    assert page.evaluate("window.__raw") == []
    page.click("#new-conversation")
    page.locator("#past input").click()
    option = page.get_by_role("option", name=re.compile("^How many cameras has China deployed"))
    assert re.search(r"· \d{4}-\d{2}-\d{2} \d{2}:\d{2}", option.first.inner_text())


def test_years_in_questions_over_the_undated_seed_articles(page):
    """A year that qualifies something is a topic word; one named as a period narrows the search,
    which the question box says before the question is sent, and one click lifts it."""
    assert "2.76 billion" in ask(page, "How many cameras could China have by 2022?")
    incident = ask(page, "Tell me about the 2017 incident at Milipol")
    assert "handcuffs" in incident and "Pilots" not in incident
    page.fill("#question textarea", "What happened at the fair in 2017?")
    status_says(page, "#scope", "The question names 2017: only articles dated then")
    narrowed = ask(page, "What happened at the fair in 2017?")
    assert "Searched articles from" in narrowed
    page.fill("#question textarea", "What happened at the fair in 2017?")
    status_says(page, "#scope", "The question names 2017")
    page.locator("#question-dates input").uncheck()
    page.wait_for_function("!document.querySelector('#scope').innerText.includes('names 2017')")
    assert "Searched articles from" not in ask(page, "What happened at the fair in 2017?")
