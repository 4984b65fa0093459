"""The chat server's API through `gradio_client`, its password, and what it refuses."""

from __future__ import annotations

import json
from datetime import date

import gradio as gr
import pytest
from gradio_client import Client
from typer.testing import CliRunner

from tests.chat_server import chat_log, running_chat
from tests.conftest import ROOT, SURVEILLANCE
from ui.cli import app
from ui.conversation import as_of_day
from ui.render import MARKDOWN_SPECIAL, answer_markdown, escape_markdown, streaming_markdown
from ui.uploads import safe_name, store_uploads


def test_the_ask_endpoint_returns_the_answer_as_data(seed_index):
    with running_chat(seed_index) as url:
        client = Client(url, verbose=False)
        assert "/ask" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        answer = client.predict("How many Chinese companies are at Milipol?", api_name="/ask")
    started = chat_log(seed_index, url)
    assert f"citedesk chat on {url}/" in started
    assert "share=True" not in started  # sharing is refused: never suggest it
    assert "89" in answer["text"] and answer["abstained"] is False
    first = answer["citations"][0]
    assert first["doc_id"] == SURVEILLANCE and "89 out of 1,100" in first["quote"]
    assert {"n", "title", "start", "end", "score"} <= set(first)


def test_a_password_is_asked_and_checked(seed_index):
    with running_chat(seed_index, "--auth", "editor:s3cret") as url:
        with pytest.raises(Exception, match=r"(?i)login|auth|401|credentials"):
            Client(url, auth=("editor", "wrong"), verbose=False)
        client = Client(url, auth=("editor", "s3cret"), verbose=False)
        answer = client.predict("How many cameras has China deployed?", api_name="/ask")
    assert "170 million" in answer["text"]


def test_listening_beyond_loopback_needs_a_password(seed_index):
    result = CliRunner().invoke(app, ["chat", "--host", "0.0.0.0", "--index-dir", str(seed_index)])
    assert result.exit_code == 2
    assert "--auth USER:PASSWORD" in " ".join(result.output.split())


def test_article_text_is_shown_as_text():
    hostile = '<img src=x onerror="alert(1)"> *bold* [link](http://evil) <script>x()</script>'
    shown = escape_markdown(hostile)
    assert "<" not in shown and "](" not in shown and "*bold*" not in shown
    assert answer_markdown("Claim one. [1] Claim two. [2]") == (
        r"Claim one\. [\[1\]](#a1-cite-1) Claim two\. [\[2\]](#a1-cite-2)"
    )


def test_an_answer_streams_without_raw_bold_marks():
    # Half-way through the lead: no asterisks show, the citation is already a link.
    assert streaming_markdown("**89 out of 1,100** [1] With 89") == (
        r"89 out of 1,100 [\[1\]](#a1-cite-1) With 89"
    )


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("../../x.txt", "x.txt"),
        ("/etc/passwd.md", "passwd.md"),
        ("..\\..\\y.html", "y.html"),
        ("a\nb.txt", "ab.txt"),
        (".hidden.txt", "hidden.txt"),
    ],
)
def test_upload_names_cannot_leave_the_upload_area(name, stored):
    assert safe_name(name) == stored


def test_uploads_are_copied_into_the_area_and_other_types_refused(tmp_path):
    (tmp_path / "notes.tmp").write_text("Title\n\nBody.")
    (tmp_path / "story.txt").write_text("Title\n\nBody.")
    paths, refused = store_uploads(
        [str(tmp_path / "notes.tmp"), str(tmp_path / "story.txt")], tmp_path / "area"
    )
    assert paths == [tmp_path / "area" / "uploads" / "story.txt"]
    assert [p.location for p in refused] == ["notes.tmp"]
    assert refused[0].reason.startswith("not an article file")


def test_repeated_wrong_passwords_lock_the_address_out(seed_index):
    with running_chat(seed_index, "--auth", "editor:s3cret") as url:
        statuses = [_login(url, "editor", f"guess-{n}") for n in range(8)]
        right = _login(url, "editor", "s3cret")
    assert statuses[:5] == [400] * 5  # checked, and refused
    assert statuses[5:] == [429] * 3  # no longer checked at all
    assert right == 429  # even the right password waits out the lockout


def _login(url: str, user: str, password: str) -> int:
    import urllib.error
    import urllib.parse
    import urllib.request

    form = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with urllib.request.urlopen(f"{url}/login", data=form, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_pages_of_other_origins_cannot_drive_the_chat(seed_index):
    with running_chat(seed_index) as url:
        body = json.dumps({"data": ["How many cameras has China deployed?"]}).encode()
        own = _post(f"{url}/gradio_api/call/ask", body, {"Origin": url})
        other = _post(f"{url}/gradio_api/call/ask", body, {"Origin": "http://127.0.0.1:9"})
        plain = _post(f"{url}/gradio_api/call/ask", body, {})
    assert own[0] == 200 and plain[0] == 200  # the chat's own page, and API clients
    assert other[0] == 403 and "Requests from pages at http://127.0.0.1:9" in other[1]


def test_bad_api_arguments_get_a_clear_message(seed_index):
    with running_chat(seed_index) as url:
        client = Client(url, verbose=False)
        too_many = [f"doc-{n}" for n in range(50_000)]
        with pytest.raises(Exception, match="50,000 document ids were given"):
            client.predict("How many cameras?", too_many, api_name="/ask")
        with pytest.raises(Exception, match="top_k must be a whole number from 1 to 100"):
            client.predict("How many cameras?", None, None, 10**6, api_name="/ask")
        with pytest.raises(Exception, match="mode must be extractive or llm"):
            client.predict("How many cameras?", None, None, None, "magic", api_name="/ask")
        with pytest.raises(Exception, match="ask in at most 2,000"):
            client.predict("why " * 1000, api_name="/ask")
        assert "170 million" in client.predict("How many cameras?", api_name="/ask")["text"]


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("typed", ["20220624", "2022-W25", "24/06/2022", "2022-02-30"])
def test_a_day_is_read_only_as_the_scope_line_reads_it(typed):
    with pytest.raises(gr.Error, match="is not a day: write it as YYYY-MM-DD"):
        as_of_day(typed, "From")
    assert as_of_day(" 2022-06-24 ") == date(2022, 6, 24)


def test_the_scope_line_escapes_what_the_answers_escape():
    """The scope line is written in the browser: its Markdown escaping is render's, in JS."""
    assert f"/{MARKDOWN_SPECIAL.pattern}/g" in (ROOT / "ui" / "scope_line.js").read_text()
