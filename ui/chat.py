"""The Gradio chat: questions in, streamed cited answers out, every citation one click away.

A thin front end: questions, uploads and the library go through `rag.desk`, the same service
the CLI calls. This module lays out the page and wires its events; a conversation's
answering, export and keeping are `ui.conversation`'s.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import gradio as gr

from ingest.settings import Settings
from rag.questions.hints import PERIOD_YEAR
from ui import conversation, render
from ui.library import article_choice, article_choices, build_sections

# The scope line under the question box, from the filters, the article count and a year the
# question names (see _wire); the pattern of such a year is the server's own.
SCOPE_LINE = (
    (Path(__file__).parent / "scope_line.js")
    .read_text(encoding="utf-8")
    .replace("__PERIOD_YEAR__", json.dumps(PERIOD_YEAR.pattern))
)

if TYPE_CHECKING:
    from ingest.store.catalog import DocumentInfo
    from rag.desk import Desk


def _document_choices(
    documents: list[DocumentInfo],
) -> tuple[list[tuple[str, str]], list[str], list[list]]:
    choices = [article_choice(d) for d in documents if not d.duplicate_of]
    sources = sorted({d.source for d in documents if d.source})
    # The id last: on a phone the table scrolls sideways, and title, outlet and date come first.
    newest = sorted(documents, key=lambda d: (d.date or "", d.doc_id), reverse=True)
    table = [
        [
            d.title,
            d.source or "",
            d.date or "undated",
            d.chunks if not d.duplicate_of else 0,
            d.doc_id,
        ]
        for d in newest
    ]
    return choices, sources, table


def build_app(settings: Settings) -> gr.Blocks:
    """The page needs nothing from the index to be served: the lists, the scope line and the
    example questions are filled in on page load, and the engine (models, the search index)
    loads on its first use, which `launch` starts as soon as the page is served."""

    from rag.desk import get_desk

    desk = get_desk(settings)
    handlers = conversation.Handlers(desk, conversation.ExportFolder())
    # The web server's copies of uploads are deleted after each upload; anything it left
    # behind (an upload cut off half-way) is swept hourly once a day old.
    with gr.Blocks(title="citedesk", analytics_enabled=False, delete_cache=(3600, 86400)) as app:
        page = _layout(settings, desk)
        _wire(app, page, handlers)
    return app


def _layout(settings: Settings, desk: Desk) -> SimpleNamespace:
    """The page's components, laid out in page order; returned by name for `_wire`."""
    gr.Markdown("## citedesk — ask the articles, every sentence cited")
    page = SimpleNamespace(
        conversation=gr.State([]),
        panels=gr.State([]),  # each answer's sources, in order
        answers=gr.State([]),  # each answer, for the export
        # Conversations are kept in the browser (encrypted with a key kept in the index
        # folder, so they survive a restart of the chat), the current one's id in `current`.
        saved=gr.BrowserState(
            [], storage_key="citedesk-conversations", secret=_browser_secret(settings)
        ),
        current=gr.State(None),
    )
    with gr.Row():
        with gr.Column(scale=3):
            _conversation_column(page)
        with gr.Column(scale=2):
            page.panel = gr.HTML(render.EMPTY_PANEL, elem_id="sources-panel")
    _filters(page)
    page.library_pick = build_sections(desk, _lists, _list_outputs(page))
    _answer_settings(page, settings, desk)
    return page


def _conversation_column(page: SimpleNamespace) -> None:
    """The conversation, the question box and its buttons, examples and past conversations."""
    page.chatbot = gr.Chatbot(
        label="Conversation",
        elem_id="chat",
        height=480,
        sanitize_html=True,
        feedback_options=None,
        buttons=["copy"],
        layout="panel",
    )
    page.question = gr.Textbox(
        label="Question",
        placeholder="Ask about the indexed articles…",
        elem_id="question",
        lines=1,
    )
    page.scope = gr.Markdown("", elem_id="scope")
    page.question_dates = gr.Checkbox(
        True,
        label="A year the question names ('in 2017') narrows the search",
        elem_id="question-dates",
        container=False,
    )
    with gr.Row():
        page.ask_button = gr.Button("Ask", variant="primary", elem_id="ask")
        page.new_button = gr.Button("New conversation", elem_id="new-conversation")
        page.export = gr.DownloadButton(
            "Export conversation (Markdown)", value=None, elem_id="export"
        )
        page.export_docx = gr.DownloadButton("Export (.docx)", value=None, elem_id="export-docx")
    # Filled on page load (gr.Examples needs its samples when the page is built).
    page.examples = gr.Dataset(
        components=[page.question], samples=[], label="Try", type="values", visible=False
    )
    page.past = gr.Dropdown(
        [],
        value=None,
        label="Past conversations (kept in this browser)",
        elem_id="past",
    )


def _filters(page: SimpleNamespace) -> None:
    """The articles and sources a question may be limited to, and the list of articles."""
    with gr.Accordion("Articles and filters", open=False):
        with gr.Row():
            page.doc_picker = gr.Dropdown(
                [],
                multiselect=True,
                value=[],
                label="Only these articles",
                elem_id="doc-picker",
            )
            page.source_picker = gr.Dropdown(
                [],
                multiselect=True,
                value=[],
                label="Only these sources",
                elem_id="source-picker",
            )
        page.as_of = gr.Textbox(
            "",
            label="As of (a day, YYYY-MM-DD; empty: today)",
            info="Articles published after it are not searched, and 'this week' or 'recently' "
            "mean the days before it: for questions about an archive.",
            placeholder="2022-06-24",
            max_lines=1,
            elem_id="as-of",
        )
        with gr.Row():
            page.date_from = gr.Textbox(
                "",
                label="Dated from (YYYY-MM-DD)",
                placeholder="2022-01-01",
                max_lines=1,
                elem_id="date-from",
            )
            page.date_to = gr.Textbox(
                "",
                label="Dated to (YYYY-MM-DD)",
                info="Only articles dated in between are searched (undated ones are not).",
                placeholder="2022-06-30",
                max_lines=1,
                elem_id="date-to",
            )
        # Newest first, with a search box over every row: a library of thousands is read here
        # (the table scrolls; a header click sorts by that column).
        page.articles = gr.Dataframe(
            [],
            headers=["title", "outlet", "date", "passages", "id"],
            interactive=False,
            label="Indexed articles (click a row to search only the articles clicked)",
            elem_id="articles",
            show_search="search",
            max_height=420,
        )
        # What "Searching all N articles" counts; the scope line reads it in the browser.
        page.count = gr.Number(0, visible=False, elem_id="article-count")
        # The years articles are dated in: a year the question names narrows only to those.
        page.years = gr.Textbox("", visible=False, elem_id="article-years")


def _answer_settings(page: SimpleNamespace, settings: Settings, desk: Desk) -> None:
    """How many passages an answer reads, and who words it."""
    with gr.Accordion("Settings", open=False):
        page.top_k = gr.Slider(
            1,
            20,
            value=settings.retrieval.top_k,
            step=1,
            label="Passages to read",
            info="How many of the best-matching passages each answer is drawn from: more "
            "finds answers spread over several articles, fewer keeps answers tighter.",
            elem_id="top-k",
        )
        # With no model configured there is one mode: no choice is offered.
        modes = desk.modes()
        page.mode = gr.Radio(
            modes,
            value=desk.default_mode(),
            label="Answer mode",
            elem_id="answer-mode",
            visible=len(modes) > 1,
            info=f"llm: {settings.llm.model} writes the answer and every sentence is checked "
            "against the passage it cites; extractive: answers quote the articles.",
        )
        if len(modes) == 1:
            gr.Markdown(
                "Answers quote the articles. Set `CITEDESK_LLM` to have a model write them.",
                elem_id="answer-mode-note",
            )


def _wire(app: gr.Blocks, page: SimpleNamespace, handlers: conversation.Handlers) -> None:
    """What each event runs, and what it reads and updates."""
    _wire_conversation(page, handlers)
    page.examples.click(
        lambda sample: sample[0], page.examples, page.question, api_visibility="private"
    )
    gr.api(handlers.ask_api, api_name="ask")
    page.articles.select(
        _picked_in_table, page.doc_picker, page.doc_picker, api_visibility="private"
    )
    # The scope line is written in the browser (SCOPE_LINE): no server event per edit, so it
    # follows each keystroke at once, in order.
    shown = [page.doc_picker, page.source_picker, page.count, *_days(page)]
    shown += [page.question, page.question_dates, page.years]
    scope = {"fn": None, "js": SCOPE_LINE, "inputs": shown, "outputs": page.scope}
    gr.on([box.change for box in shown], **scope)
    # The lists are read from the index on every page load: an article uploaded in another
    # tab, or before a reload, is listed and can be picked. The scope line follows.
    app.load(
        lambda: _on_load(handlers.desk, handlers.first_examples),
        None,
        [*_list_outputs(page), page.examples, page.library_pick],
        api_visibility="private",
    ).then(**scope)
    app.load(
        lambda kept: conversation.opened(kept[-1]["id"] if kept else None, kept, handlers.exports),
        [page.saved],
        _shown(page),
        api_visibility="private",
    )


def _wire_conversation(page: SimpleNamespace, handlers: conversation.Handlers) -> None:
    """Asking, starting a new conversation and opening a past one; each answer saved in the
    browser."""
    inputs = [page.question, page.chatbot, page.conversation, page.panels, page.answers]
    inputs += [page.doc_picker, page.source_picker, page.top_k, page.mode, *_days(page)]
    inputs.append(page.question_dates)
    outputs = [
        page.chatbot,
        page.conversation,
        page.panels,
        page.panel,
        page.question,
        page.answers,
        page.export,
        page.export_docx,
    ]
    # One "searching…" line in the chat instead of Gradio's timers on every output.
    quiet = {"api_visibility": "private", "show_progress": "hidden"}
    keep = [page.saved, page.current, page.chatbot, page.conversation, page.panels, page.answers]
    for asked in (page.question.submit, page.ask_button.click):
        asked(handlers.respond, inputs, outputs, **quiet).then(
            conversation.saved_conversations,
            keep,
            [page.saved, page.current, page.past],
            api_visibility="private",
        )
    # A new conversation never loses the old one: it stays under "Past conversations".
    for started in (page.new_button.click, page.chatbot.clear):
        started(conversation.new_conversation, None, outputs, api_visibility="private").then(
            lambda: (None, gr.update(value=None)),
            None,
            [page.current, page.past],
            api_visibility="private",
        )
    page.past.input(
        lambda wanted, kept: conversation.opened(wanted, kept, handlers.exports),
        [page.past, page.saved],
        _shown(page),
        api_visibility="private",
    )


def _picked_in_table(picked: list[str] | None, selected: gr.SelectData) -> list[str]:
    """A row clicked in the articles table joins "Only these articles": in a library of
    thousands, the table's search and sorting find an article and a click picks it. A stored
    copy of another article (0 passages) is not offered in the picker, so not added."""
    row = selected.row_value or []
    picked = list(picked or [])
    if row and row[-1] not in picked and row[-2]:
        picked.append(row[-1])
    return picked


def _days(page: SimpleNamespace) -> list:
    """The days a question is asked with: as of, dated from, dated to."""
    return [page.as_of, page.date_from, page.date_to]


def _shown(page: SimpleNamespace) -> list:
    """What opening a saved conversation fills in."""
    return [
        page.chatbot,
        page.conversation,
        page.panels,
        page.panel,
        page.answers,
        page.export,
        page.export_docx,
        page.current,
        page.past,
    ]


def _on_load(desk: Desk, questions: tuple[str, ...]) -> tuple:
    """Everything the page shows from the index, from one read of its article list."""
    documents = desk.documents()
    examples = gr.Dataset(samples=[[q] for q in questions], visible=bool(questions))
    library = gr.update(choices=article_choices(documents))
    return *_lists(documents), examples, library


def _lists(documents: list[DocumentInfo]) -> tuple:
    """Fresh values for `_list_outputs`: a copy stored once is counted once."""
    choices, sources, table = _document_choices(documents)
    years = ",".join(sorted({d.date[:4] for d in documents if d.date}))
    return gr.update(choices=choices), gr.update(choices=sources), table, len(choices), years


def _list_outputs(page: SimpleNamespace) -> list:
    """What follows every change of the library: the pickers, the table, the article count,
    the years articles are dated in."""
    return [page.doc_picker, page.source_picker, page.articles, page.count, page.years]


def _browser_secret(settings: Settings) -> str:
    """The key Gradio's BrowserState signs conversations with in the browser: made once, kept
    beside the index, so a restarted chat can still read them. It is not a secret from the
    users: the page is given it. A damaged key file stops the chat with a message instead of
    silently replacing the key (which would lose every saved conversation)."""
    from ingest.store import StoreError

    path = settings.store.index_dir / "browser-state.key"
    if not path.exists() and not path.is_symlink():
        settings.store.index_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    restore = (
        "restore it from a backup, or delete it to start with a new key (conversations saved "
        "in browsers are then lost)"
    )
    try:
        secret = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not a text key"
        raise StoreError(f"Cannot read the conversation key {path}: {reason}; {restore}") from None
    if not secret or len(secret.split()) != 1:
        raise StoreError(f"The conversation key {path} is empty or damaged; {restore}")
    return secret
