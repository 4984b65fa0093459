"""Headless Debian Chromium driven by Playwright, for the chat's browser tests (the `browser`
and `page` fixtures are in conftest.py): its flags, `ask`, `type_into` and `status_says`."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
)


def open_chat(page, url: str) -> None:
    """Open the chat once its page load has filled it in from the index: the page is served
    before the engine loads, and the lists, the scope line and the examples follow."""
    page.goto(url)
    page.wait_for_selector("#question textarea")
    page.wait_for_function("/Searching/.test(document.querySelector('#scope')?.innerText || '')")


def ask(page, question: str) -> str:
    """Type a question, press Ask, wait for the answer to finish; return its text. Finished
    means the sources panel holds one more answer's sources (it is rendered only then) and
    every question shown has its answer."""
    turns = page.locator("#sources-panel .cd-turn").count()
    page.fill("#question textarea", question)
    page.click("#ask")
    page.wait_for_function(
        """turns => {
            const chat = document.querySelector('#chat');
            return document.querySelectorAll('#sources-panel .cd-turn').length === turns
                && chat.querySelectorAll("[data-testid='bot']").length
                    === chat.querySelectorAll("[data-testid='user']").length;
        }""",
        arg=turns + 1,
        timeout=60_000,
    )
    return page.locator("#chat [data-testid='bot']").last.inner_text()


def type_into(page, selector: str, text: str) -> None:
    """Click into a box, then type, as a person does. The click waits until the box stands still:
    typed into while its section was still opening, a box lost the text about one time in ten
    (the input event arrived and the box then showed its old value)."""
    page.click(selector)
    page.fill(selector, text)


def status_says(page, selector: str, text: str, timeout: float = 120_000) -> str:
    """Wait until the element shows `text` (a status line, the scope line under the question
    box); return what it says, spaces squeezed."""
    page.wait_for_function(
        "([selector, text]) => (document.querySelector(selector)?.innerText || '').includes(text)",
        arg=[selector, text],
        timeout=timeout,
    )
    return " ".join(page.inner_text(selector).split())
