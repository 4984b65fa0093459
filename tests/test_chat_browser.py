"""The chat in a real browser: headless Chromium driven by Playwright against `citedesk chat`."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ingest.pipeline import ingest
from ingest.settings import Settings
from tests.browser import ask, needs_chromium, open_chat
from tests.chat_server import running_chat
from tests.conftest import SEED_CORPUS, SURVEILLANCE

HOSTILE = (
    "Ferries return to Brest\n\n"
    "The harbour master said <script>window.__pwned = 1; alert('script')</script> that 12 ferries "
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\"> sailed from Brest on Monday.\n\n"
    "Passengers were relieved after a week of storms kept every boat in port.\n\n"
    "The operator posted the new timetables at http://3232235777/login and at www.ferries.example "
    "and asked for questions at desk@ferries.example.\n"
)

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def chat_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    shutil.copytree(SEED_CORPUS, folder / "corpus")
    (folder / "corpus" / "hostile.txt").write_text(HOSTILE)
    assert ingest([folder / "corpus"], Settings(index_dir=folder / "index")).ok
    with running_chat(folder / "index") as url:
        yield url


def test_ask_then_open_a_citation(page):
    answer = ask(page, "How many cameras has China deployed?")
    assert "170 million" in answer and "176 million" in answer
    page.locator("#chat [data-testid='bot']").last.locator('a[href="#a1-cite-1"]').first.click()
    opened = page.locator("#a1-cite-1")
    expect(opened).to_have_class(re.compile(r"\bcd-active\b"), timeout=10_000)
    assert "China surveillance tech seeks global reach" in opened.inner_text()
    assert opened.locator("mark").first.inner_text().startswith("China is known for its heavy")
    assert not page.locator("#a1-cite-2").get_attribute("class").endswith("cd-active")


def test_the_lead_the_disagreement_and_a_tentative_answer_are_shown_as_such(page):
    ask(page, "How many cameras has China deployed?")
    bot = page.locator("#chat [data-testid='bot']").last
    assert bot.locator("strong").all_inner_texts()[:3] == [
        "The sources disagree.",
        "176 million",
        "over 170 million",
    ]
    shown = {}
    for question, check in (
        ("Which city hosts the Milipol fair?", lambda bot: bot.locator("strong").first),
        ("Sylvain Shuang represents which firm?", lambda bot: bot.locator("em").first),
    ):
        page.click("#new-conversation")
        page.wait_for_function("document.querySelector('#sources-panel .cd-sources h3') === null")
        ask(page, question)
        shown[question] = check(page.locator("#chat [data-testid='bot']").last).inner_text()
    assert shown == {
        "Which city hosts the Milipol fair?": "Paris",
        "Sylvain Shuang represents which firm?": "The closest the articles come:",
    }


def test_an_older_answers_citation_opens_its_own_passage(page):
    """Each answer keeps its sources: [1] of the first answer opens the Amnesty passage even
    after a second answer about GDU drones."""
    ask(page, "Who filed a complaint about the handcuffs?")
    ask(page, "How many targets can the GDU drones track?")
    first, second = page.locator("#chat [data-testid='bot']").all()[-2:]
    assert second.locator('a[href="#a2-cite-1"]').count() >= 1
    first.locator('a[href="#a1-cite-1"]').first.click()
    opened = page.locator("#a1-cite-1")
    # Assertions that wait (up to 10 s): on a busy machine the page may still be settling.
    expect(opened).to_be_visible(timeout=10_000)
    expect(opened).to_have_class(re.compile(r"\bcd-active\b"), timeout=10_000)
    assert "Amnesty International" in opened.inner_text()
    expect(page.locator("#a2-cite-1")).to_be_hidden()  # the later answer's sources are hidden
    second.locator('a[href="#a2-cite-1"]').first.click()
    expect(page.locator("#a2-cite-1")).to_be_visible(timeout=10_000)
    assert "GDU" in page.locator("#a2-cite-1").inner_text()
    expect(page.locator("#a1-cite-1")).to_be_hidden()


def test_follow_up_and_new_conversation(page):
    ask(page, "How many cameras has China deployed?")
    assert "2.76 billion" in ask(page, "And how many by 2022?")
    page.click("#new-conversation")
    # The chat and the sources panel are two outputs of one event: each may update first.
    page.wait_for_function(
        """() => document.querySelectorAll("#chat [data-testid='bot']").length === 0
            && document.querySelector('#sources-panel').innerText
                .includes('Citations of the last answer appear here')""",
        timeout=30_000,
    )


def test_an_abstention_looks_different(page):
    answer = ask(page, "Who won the 2018 World Cup?")
    assert "do not answer this" in answer and "See also" in answer
    assert "See also (not an answer)" in page.inner_text("#sources-panel")


def test_upload_a_file_then_ask_about_it(page, browser, tmp_path):
    story = tmp_path / "lighthouse.md"
    story.write_text(
        "# Lighthouse restored\n\nThe Kermorvan lighthouse was repainted by 14 volunteers in June.\n"
    )
    page.click("text=Add articles")
    page.locator("#upload input[type=file]").set_input_files(str(story))
    page.wait_for_function(
        "document.querySelector('#upload-status').innerText.includes('Added')", timeout=120_000
    )
    status = page.inner_text("#upload-status")
    assert "Added Lighthouse restored (uploads/lighthouse.md)" in status
    answer = ask(page, "How many volunteers repainted the Kermorvan lighthouse?")
    assert "14 volunteers" in answer
    # Lists reflect the index: after a reload, and in another window.
    other = browser.new_page()
    for shown in (page, other):
        open_chat(shown, page.url)
        shown.click("text=Articles and filters")
        shown.wait_for_function(
            "(document.querySelector('#articles')?.innerText || '').includes('lighthouse.md')",
            timeout=30_000,
        )
    other.close()


def test_a_rejected_upload_shows_why(page, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    page.click("text=Add articles")
    page.locator("#upload input[type=file]").set_input_files(str(empty))
    page.wait_for_function(
        "document.querySelector('#upload-status').innerText.includes('Rejected')", timeout=120_000
    )
    assert "Rejected empty.txt: file is empty" in page.inner_text("#upload-status")


def test_web_addresses_in_articles_are_text_not_links(page):
    answer = ask(page, "Where did the operator post the new timetables?")
    assert "http://3232235777/login" in answer and "www.ferries.example" in answer
    assert "desk@ferries.example" in answer
    links = page.eval_on_selector_all("#chat a", "links => links.map(a => a.href)")
    assert links and all("-cite-" in href for href in links)  # only the citation markers


def test_an_upload_cannot_rewrite_an_indexed_article(page, tmp_path):
    forged = tmp_path / "forged.jsonl"
    record = {"url": SURVEILLANCE, "title": "China surveillance tech seeks global reach"}
    record["text"] = "Only 3 out of 10 companies at the Milipol fair came from China."
    forged.write_text(json.dumps(record) + "\n")
    page.click("text=Add articles")
    page.locator("#upload input[type=file]").set_input_files(str(forged))
    page.wait_for_function(
        "document.querySelector('#upload-status').innerText.includes('Rejected')", timeout=120_000
    )
    status = " ".join(page.inner_text("#upload-status").split())
    assert f"Rejected forged.jsonl: document id '{SURVEILLANCE}' belongs to" in status
    answer = ask(page, "How many Chinese companies are at Milipol?")
    assert "89 out of 1,100" in answer and "3 out of 10" not in answer


def test_script_in_an_article_is_shown_not_run(page):
    answer = ask(page, "How many ferries sailed from Brest?")
    assert "<script>window.__pwned = 1;" in answer
    assert "<img src=x onerror=" in answer
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert page.locator("#chat img[src='x'], #sources-panel img, #chat script").count() == 0
    panel = page.inner_text("#sources-panel")
    assert "<script>" in panel and "onerror" in panel


def test_the_eval_report_lists_every_failure_and_fits_a_1400px_window(browser, tmp_path):
    """The report a user reads after `citedesk eval`: every wrong answer and answered
    unanswerable question, each saying whether the gold answer was in the passages read, in
    tables no wider than the window."""
    from rag.evaluate.run import evaluate

    folder = tmp_path / "eval"
    shutil.copytree(SEED_CORPUS, folder / "corpus")
    settings = Settings(index_dir=folder / "index")
    assert ingest([folder / "corpus"], settings).ok
    questions = folder / "questions.jsonl"
    rows = [
        {
            "id": "right",
            "question": "How many Chinese companies are at Milipol?",
            "answers": ["89"],
        },
        {"id": "wrong", "question": "Who represents Hytera?", "answers": ["Someone Else"]},
        {"id": "cup", "question": "Who won the 2018 World Cup?", "answerable": False},
        {"id": "drones", "question": "What does GDU make?", "answers": ["submarines"]},
    ]
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = evaluate(questions, folder / "out", settings=settings)
    report = (result.out_dir / "report.html").read_text()
    assert "Failures (2)" in report
    assert report.count("wrong answer; gold answer not in the passages read") == 2

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto((result.out_dir / "report.html").as_uri())
    widths = page.eval_on_selector_all("table", "tables => tables.map(t => t.scrollWidth)")
    assert widths and max(widths) <= 1400 - 2 * 32  # the body's margins
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    page.close()


CONTRAST = """() => {
    const channel = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    const luminance = rgb => {
        const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map(channel);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = el => {
        for (; el; el = el.parentElement) {
            const parts = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g);
            if (parts && (parts.length < 4 || Number(parts[3]) > 0.5)) {
                return getComputedStyle(el).backgroundColor;
            }
        }
        return "rgb(255, 255, 255)";
    };
    const failures = [];
    const texts = document.querySelectorAll("#sources-panel *, #chat .message-content *");
    for (const el of texts) {
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.offsetParent) continue;
        const fg = getComputedStyle(el).color, bg = background(el);
        const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
        const ratio = (a + 0.05) / (b + 0.05);
        if (ratio < 4.5) failures.push([el.textContent.trim().slice(0, 40), fg, bg, ratio.toFixed(2)]);
    }
    return failures;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_meets_wcag_aa_contrast_in_both_themes(browser, chat_url, scheme):
    """The highlighted quote, the notice, the muted and the meta text: 4.5:1 at least."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    open_chat(page, chat_url)
    ask(page, "How many cameras has China deployed?")  # a lead, a notice, quotes, marks
    page.locator('a[href="#a1-cite-1"]').first.click()
    failures = page.evaluate(CONTRAST)
    page.close()
    assert failures == [], "\n".join(" | ".join(f) for f in failures)


def test_example_questions_come_from_the_index_and_fill_the_question_box(page):
    """The page is served before the engine loads; the examples arrive with the page load."""
    example = page.get_by_role("button", name=re.compile(r"^(How many|What does)")).first
    asked = example.inner_text().strip()
    example.click()
    expect(page.locator("#question textarea")).to_have_value(asked)


def test_the_search_scope_is_shown_by_the_question_box(page):
    """A filter chosen in a closed section is named next to the input, and in a refusal."""
    assert re.search(r"Searching all \d+ articles\.", page.inner_text("#scope"))
    page.click("text=Articles and filters")
    page.locator("#doc-picker input").click()
    page.get_by_role("option", name="Milipol Security Fair Sees Huge Influx").click()
    page.wait_for_function(
        "/Searching only 1 of \\d+ articles/.test(document.querySelector('#scope').innerText)"
    )
    answer = ask(page, "Who represents Hytera in francophone Africa?")
    assert "Searched only the 1 selected article" in answer


def test_while_an_answer_is_found_the_question_shows_with_one_searching_line(page):
    """Everything the chat shows on the way is recorded (a MutationObserver sees every state,
    however brief): the question and one "Searching N articles…" line, and no timers."""
    page.evaluate(
        """() => {
            window.__seen = {searching: false, timers: false};
            new MutationObserver(() => {
                const chat = document.querySelector('#chat').innerText;
                if (/Searching \\d+ articles…/.test(chat)) window.__seen.searching = true;
                const shown = [...document.querySelectorAll(
                    '#chat .progress-text, #sources-panel .progress-text')].filter(
                    el => el.offsetParent !== null);
                if (shown.length) window.__seen.timers = shown[0].innerText;
            }).observe(document.body, {subtree: true, childList: true, characterData: true});
        }"""
    )
    ask(page, "What does Hytera sell?")
    assert page.evaluate("window.__seen") == {"searching": True, "timers": False}


def test_each_citation_says_who_and_when_and_opens_the_whole_article(page, tmp_path):
    """Provenance next to the quote (outlet, date, author when known; the id for an article
    without a header), and the whole cleaned article with the quote highlighted."""
    page.click("text=Add articles")
    story = tmp_path / "brest-ferries.html"
    story.write_text(
        "<html><head><title>Brest ferries sail again</title>"
        '<meta name="author" content="Yann Le Goff">'
        '<meta property="article:published_time" content="2024-02-03T08:00:00Z">'
        '<meta property="og:site_name" content="Ouest Wire"></head><body><article>'
        "<p>The Brest ferries sailed again on Saturday after the storm.</p>"
        "<p>Eleven crossings were planned for the weekend.</p></article></body></html>"
    )
    page.locator("#upload input[type=file]").set_input_files(str(story))
    page.wait_for_function(
        "document.querySelector('#upload-status').innerText.includes('Added')", timeout=120_000
    )
    ask(page, "How many crossings were planned for the weekend?")
    cited = page.locator("#a1-cite-1")
    assert "Ouest Wire · 2024-02-03 · by Yann Le Goff" in cited.locator(".cd-meta").inner_text()
    cited.locator("summary").click()
    whole = cited.locator(".cd-article .cd-passage")
    assert "The Brest ferries sailed again on Saturday" in whole.inner_text()
    assert whole.locator("mark").inner_text() == "Eleven crossings were planned for the weekend."


def test_copy_gives_plain_text_with_references_and_export_gives_markdown(browser, chat_url):
    page = browser.new_page(
        viewport={"width": 1400, "height": 1000}, permissions=["clipboard-read", "clipboard-write"]
    )
    open_chat(page, chat_url)
    ask(page, "How many Chinese companies are at Milipol?")
    bot = page.locator("#chat [data-testid='bot']").last
    assert "\\" not in (bot.get_attribute("aria-label") or "")  # read as shown
    page.locator("#chat .message-row").last.locator('button[aria-label="Copy message"]').click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("89 out of 1,100 [1]\n\nWith 89 out of 1,100 companies")
    assert '\nReferences:\n[1] "China surveillance tech seeks global reach"' in copied
    with page.expect_download() as download:
        page.click("#export")
    exported = Path(download.value.path()).read_text()
    assert exported.startswith("# citedesk conversation\n\n## 1. How many Chinese companies")
    assert "References:" in exported
    with page.expect_download() as download:
        page.click("#export-docx")
    from docx import Document

    word = [p.text for p in Document(download.value.path()).paragraphs]
    assert word[1] == "1. How many Chinese companies are at Milipol?" and "References:" in word
    page.close()


def test_conversations_survive_a_reload_and_stay_listed_after_a_new_one(page):
    ask(page, "Who filed a complaint about the handcuffs?")
    # Stored once the past conversations list names it.
    page.wait_for_function(
        "/^Who filed a complaint about the handcuffs\\? · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$/"
        ".test(document.querySelector('#past input')?.value)",
        timeout=30_000,
    )
    page.reload()
    page.wait_for_function(
        "(document.querySelector('#chat')?.innerText || '').includes('Amnesty International')",
        timeout=30_000,
    )
    assert "Amnesty International" in page.inner_text("#sources-panel")  # its sources too
    page.click("#new-conversation")
    page.wait_for_function("document.querySelectorAll(\"#chat [data-testid='bot']\").length === 0")
    ask(page, "How many targets can the GDU drones track?")
    page.wait_for_function(
        "(document.querySelector('#past input')?.value || '')"
        ".startsWith('How many targets can the GDU drones track? · ')",
        timeout=30_000,
    )
    page.locator("#past input").click()
    options = [o.replace("✓", "").strip() for o in page.get_by_role("option").all_inner_texts()]
    asked = [option.split(" · ")[0] for option in options[:2]]
    assert asked == [
        "How many targets can the GDU drones track?",
        "Who filed a complaint about the handcuffs?",
    ]
    page.get_by_role(
        "option", name=re.compile(r"^Who filed a complaint about the handcuffs")
    ).click()
    page.wait_for_function(
        "(document.querySelector('#chat')?.innerText || '').includes('Amnesty International')"
        " && !(document.querySelector('#chat')?.innerText || '').includes('GDU')",
        timeout=30_000,
    )
    page.locator('#chat a[href="#a1-cite-1"]').first.click()
    assert "Amnesty International" in page.locator("#a1-cite-1").inner_text()
