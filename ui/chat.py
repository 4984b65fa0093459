"""The Gradio chat: questions in, streamed cited answers out, every citation one click away.

A thin front end: answering goes through `rag.engine`, uploads through `ingest.pipeline`, the
same code the CLI runs. This module only lays out components and renders what they return.
"""

from __future__ import annotations

import atexit
import functools
import secrets
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import gradio as gr

from ingest.settings import Settings
from rag.export import conversation_docx, conversation_markdown
from rag.models import Answer, Filters
from ui import render
from ui.library import article_choice, article_choices, build_sections

if TYPE_CHECKING:
    from ingest.catalog import DocumentInfo
    from rag.engine import Engine

RENDER_EVERY_S = 0.1
EXPORT_KEEP_S = 600


def _document_choices(
    documents: list[DocumentInfo],
) -> tuple[list[tuple[str, str]], list[str], list[list]]:
    choices = [article_choice(d) for d in documents if not d.duplicate_of]
    sources = sorted({d.source for d in documents if d.source})
    # The id last: on a phone the table scrolls sideways, and title, outlet and date come first.
    table = [
        [d.title, d.source or "", d.date or "", d.chunks if not d.duplicate_of else 0, d.doc_id]
        for d in documents
    ]
    return choices, sources, table


def build_app(settings: Settings) -> gr.Blocks:
    """The page needs nothing from the index to be served: the lists, the scope line and the
    example questions are filled in on page load, and the engine (models, the search index)
    loads on its first use, which `launch` starts as soon as the page is served."""

    def engine() -> Engine:
        from rag.engine import get_engine

        return get_engine(settings)

    handlers = Handlers(engine, ExportFolder())
    # The web server's copies of uploads are deleted after each upload; anything it left
    # behind (an upload cut off half-way) is swept hourly once a day old.
    with gr.Blocks(title="citedesk", analytics_enabled=False, delete_cache=(3600, 86400)) as app:
        page = _layout(settings, engine)
        _wire(app, page, handlers)
    return app


class Handlers:
    """What the page's events run: answering (streamed into the chat, or as JSON for the API),
    and the example questions. The engine is reached through `engine`, which loads it on first
    use."""

    def __init__(self, engine: Callable[[], Engine], exports: ExportFolder) -> None:
        self.engine = engine
        self.exports = exports

    @functools.cached_property
    def first_examples(self) -> tuple[str, ...]:
        """Made once, from the index as the first page load finds it."""
        return tuple(self.engine().example_questions())

    def respond(
        self,
        question: str,
        shown: list,
        conversation: list,
        panels: list,
        answers: list,
        doc_ids: list,
        picked: list,
        top_k: int,
        mode: str,
    ) -> Iterator[tuple]:
        question = (question or "").strip()
        if not question:
            yield shown, conversation, panels, gr.update(), "", answers, gr.update(), gr.update()
            return
        turn = len(panels) + 1  # this answer's citations are a{turn}-cite-n
        shown = [*shown, {"role": "user", "content": render.escape_markdown(question)}]
        filters = Filters(doc_ids=doc_ids or [], sources=picked or [])
        # The question shows at once, with one state line until the answer streams in.
        searching = render.searching_line(
            len(doc_ids or []) or self.engine().article_count(), bool(doc_ids)
        )

        def pending(content: str) -> tuple:
            """The chat with the answer so far; everything else as it was."""
            reply = {"role": "assistant", "content": content}
            kept = (conversation, panels, gr.update(), "", answers, gr.update(), gr.update())
            return [*shown, reply], *kept

        yield pending(searching)
        text = ""
        answer: Answer | None = None
        shown_at = 0.0
        for piece in self.engine().stream(question, conversation, filters, int(top_k), mode=mode):
            if isinstance(piece, Answer):
                answer = piece
                break
            text += piece
            # Re-rendering the whole answer on every token is quadratic in its length (a long
            # reply took a minute); a few renders a second look the same to a reader.
            if time.monotonic() - shown_at < RENDER_EVERY_S:
                continue
            shown_at = time.monotonic()
            yield pending(render.answer_markdown(text, turn=turn))
        assert answer is not None
        reply = render.chat_message(answer, turn)
        conversation = [
            *conversation,
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.text},
        ]
        panel_html = render.sources_panel(answer, self.engine().surroundings, turn)
        panels = [*panels, panel_html]
        answers = [*answers, answer.model_dump(mode="json")]
        shown = [*shown, {"role": "assistant", "content": reply}]
        exported = self.exports.write(answers)
        yield shown, conversation, panels, render.conversation_panel(panels), "", answers, *exported

    def ask_api(
        self,
        question: str,
        doc_ids: list[str] | None = None,
        sources: list[str] | None = None,
        top_k: int | None = None,
        mode: str | None = None,
    ) -> dict:
        """Answer a question; returns the answer text, its citations and timings as JSON."""
        try:
            filters = Filters(doc_ids=doc_ids or [], sources=sources or [])
        except ValueError:
            raise gr.Error("doc_ids and sources must be lists of strings.") from None
        if isinstance(top_k, float) and top_k.is_integer():
            top_k = int(top_k)  # JSON clients may send 5.0
        try:
            answer = self.engine().ask(question, filters=filters, top_k=top_k, mode=mode)
        except ValueError as error:
            raise gr.Error(str(error)) from None
        return answer.model_dump(mode="json")


def _layout(settings: Settings, engine: Callable[[], Engine]) -> SimpleNamespace:
    """The page's components, laid out; returned by name for `_wire`."""
    gr.Markdown("## citedesk — ask the articles, every sentence cited")
    conversation = gr.State([])
    panels = gr.State([])  # each answer's sources, in order
    answers = gr.State([])  # each answer, for the export
    # Conversations are kept in the browser (encrypted with a key kept in the index folder,
    # so they survive a restart of the chat), the current one's id in `current`.
    saved = gr.BrowserState(
        [], storage_key="citedesk-conversations", secret=_browser_secret(settings)
    )
    current = gr.State(None)
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="Conversation",
                elem_id="chat",
                height=480,
                sanitize_html=True,
                feedback_options=None,
                buttons=["copy"],
                layout="panel",
            )
            question = gr.Textbox(
                label="Question",
                placeholder="Ask about the indexed articles…",
                elem_id="question",
                lines=1,
            )
            scope = gr.Markdown("", elem_id="scope")
            with gr.Row():
                ask_button = gr.Button("Ask", variant="primary", elem_id="ask")
                new_button = gr.Button("New conversation", elem_id="new-conversation")
                export = gr.DownloadButton(
                    "Export conversation (Markdown)", value=None, elem_id="export"
                )
                export_docx = gr.DownloadButton("Export (.docx)", value=None, elem_id="export-docx")
            # Filled on page load (gr.Examples needs its samples when the page is built).
            examples = gr.Dataset(
                components=[question], samples=[], label="Try", type="values", visible=False
            )
            past = gr.Dropdown(
                [],
                value=None,
                label="Past conversations (kept in this browser)",
                elem_id="past",
            )
        with gr.Column(scale=2):
            panel = gr.HTML(render.EMPTY_PANEL, elem_id="sources-panel")
    with gr.Accordion("Articles and filters", open=False):
        with gr.Row():
            doc_picker = gr.Dropdown(
                [],
                multiselect=True,
                value=[],
                label="Only these articles",
                elem_id="doc-picker",
            )
            source_picker = gr.Dropdown(
                [],
                multiselect=True,
                value=[],
                label="Only these sources",
                elem_id="source-picker",
            )
        articles = gr.Dataframe(
            [],
            headers=["title", "outlet", "date", "passages", "id"],
            interactive=False,
            label="Indexed articles",
            elem_id="articles",
        )
    library_pick = build_sections(engine, _lists, [doc_picker, source_picker, articles])
    with gr.Accordion("Settings", open=False):
        top_k = gr.Slider(
            1,
            20,
            value=settings.top_k,
            step=1,
            label="Passages to read",
            info="How many of the best-matching passages each answer is drawn from: more "
            "finds answers spread over several articles, fewer keeps answers tighter.",
            elem_id="top-k",
        )
        # With no model configured there is one mode: no choice is offered.
        modes = ["extractive", "llm"] if settings.llm != "none" else ["extractive"]
        mode = gr.Radio(
            modes,
            value=modes[-1],
            label="Answer mode",
            elem_id="answer-mode",
            visible=len(modes) > 1,
            info=f"llm: {settings.llm_model} writes the answer and every sentence is checked "
            "against the passage it cites; extractive: answers quote the articles.",
        )
        if len(modes) == 1:
            gr.Markdown(
                "Answers quote the articles. Set `CITEDESK_LLM` to have a model write them.",
                elem_id="answer-mode-note",
            )
    return SimpleNamespace(
        question=question,
        chatbot=chatbot,
        conversation=conversation,
        panels=panels,
        answers=answers,
        doc_picker=doc_picker,
        source_picker=source_picker,
        top_k=top_k,
        mode=mode,
        panel=panel,
        export=export,
        export_docx=export_docx,
        saved=saved,
        current=current,
        past=past,
        ask_button=ask_button,
        new_button=new_button,
        examples=examples,
        scope=scope,
        articles=articles,
        library_pick=library_pick,
    )


def _wire(app: gr.Blocks, page: SimpleNamespace, handlers: Handlers) -> None:
    """What each event runs, and what it reads and updates."""
    inputs = [page.question, page.chatbot, page.conversation, page.panels, page.answers]
    inputs += [page.doc_picker, page.source_picker, page.top_k, page.mode]
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
    shown_outputs = [
        page.chatbot,
        page.conversation,
        page.panels,
        page.panel,
        page.answers,
        page.export,
        page.export_docx,
    ]
    shown_outputs += [page.current, page.past]
    for asked in (page.question.submit, page.ask_button.click):
        asked(handlers.respond, inputs, outputs, **quiet).then(
            _saved, keep, [page.saved, page.current, page.past], api_visibility="private"
        )
    # A new conversation never loses the old one: it stays under "Past conversations".
    for started in (page.new_button.click, page.chatbot.clear):
        started(_new_conversation, None, outputs, api_visibility="private").then(
            lambda: (None, gr.update(value=None)),
            None,
            [page.current, page.past],
            api_visibility="private",
        )
    page.past.input(
        lambda wanted, kept: _opened(wanted, kept, handlers.exports),
        [page.past, page.saved],
        shown_outputs,
        api_visibility="private",
    )
    page.examples.click(
        lambda sample: sample[0], page.examples, page.question, api_visibility="private"
    )
    gr.api(handlers.ask_api, api_name="ask")
    for picker in (page.doc_picker, page.source_picker):
        picker.change(
            lambda picked, outlets: render.scope_line(
                picked, outlets, handlers.engine().article_count()
            ),
            [page.doc_picker, page.source_picker],
            page.scope,
            api_visibility="private",
        )
    # The lists are read from the index on every page load: an article uploaded in another
    # tab, or before a reload, is listed and can be picked.
    app.load(
        lambda: _on_load(handlers.engine(), handlers.first_examples),
        None,
        [
            page.doc_picker,
            page.source_picker,
            page.articles,
            page.scope,
            page.examples,
            page.library_pick,
        ],
        api_visibility="private",
    )
    app.load(
        lambda kept: _opened(kept[-1]["id"] if kept else None, kept, handlers.exports),
        [page.saved],
        shown_outputs,
        api_visibility="private",
    )


def _new_conversation() -> tuple:
    return [], [], [], render.EMPTY_PANEL, "", [], gr.update(value=None), gr.update(value=None)


def _on_load(engine: Engine, questions: tuple[str, ...]) -> tuple:
    """Everything the page shows from the index, from one read of its article list."""
    documents = engine.documents()
    scope = render.scope_line([], [], engine.article_count())
    examples = gr.Dataset(samples=[[q] for q in questions], visible=bool(questions))
    library = gr.update(choices=article_choices(documents))
    return *_lists(documents), scope, examples, library


def _lists(documents: list[DocumentInfo]) -> tuple:
    choices, sources, table = _document_choices(documents)
    return gr.update(choices=choices), gr.update(choices=sources), table


MAX_SAVED = 20  # conversations kept in the browser (each holds its answers' sources)


def _saved(
    saved: list, current: str | None, shown: list, conversation: list, panels: list, answers: list
) -> tuple:
    """The current conversation stored (or updated) in the browser, newest last."""
    if not answers:
        return saved, current, gr.update()
    record = {
        "id": current or uuid.uuid4().hex,
        "title": answers[0]["question"][:80],
        "shown": shown,
        "conversation": conversation,
        "panels": panels,
        "answers": answers,
    }
    kept = [r for r in saved or [] if r["id"] != record["id"]][-(MAX_SAVED - 1) :]
    kept.append(record)
    return kept, record["id"], gr.update(choices=_past_choices(kept), value=record["id"])


def _opened(wanted: str | None, saved: list, exports: ExportFolder) -> tuple:
    """A stored conversation back in the chat, its sources in the panel."""
    record = next((r for r in saved or [] if r["id"] == wanted), None)
    choices = gr.update(choices=_past_choices(saved or []), value=wanted if record else None)
    if record is None:  # the chat, its sources and the two exports as they are
        return *(gr.update() for _ in range(7)), None, choices
    panels = record["panels"]
    return (
        record["shown"],
        record["conversation"],
        panels,
        render.conversation_panel(panels),
        record["answers"],
        *exports.write(record["answers"]),
        record["id"],
        choices,
    )


def _past_choices(saved: list) -> list[tuple[str, str]]:
    return [(r["title"], r["id"]) for r in reversed(saved)]


def _browser_secret(settings: Settings) -> str:
    """The key conversations are encrypted with in the browser: made once, kept beside the
    index, so a restarted chat can still read them."""
    path = settings.index_dir / "browser-state.key"
    if not path.exists():
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


class ExportFolder:
    """Where the export buttons' files are written, one folder per chat server, removed when
    it exits. Gradio copies a button's file into its own cache (which `delete_cache` empties)
    as it sends the button to the browser, so a file here only has to outlive that copy: each
    write removes the exports older than `keep_s`. Without this every answer left its two files
    in the temporary folder for good."""

    def __init__(self, keep_s: float = EXPORT_KEEP_S) -> None:
        self.keep_s = keep_s
        self.path = Path(tempfile.mkdtemp(prefix="citedesk-export-"))
        atexit.register(shutil.rmtree, self.path, True)

    def write(self, answers: list[dict]) -> tuple[str, str]:
        """The conversation as Markdown and as Word files with full references."""
        now = time.time()
        for old in self.path.iterdir():
            if now - old.stat().st_mtime > self.keep_s:
                shutil.rmtree(old, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(dir=self.path))
        parsed = [Answer.model_validate(a) for a in answers]
        markdown = folder / "citedesk-conversation.md"
        markdown.write_text(conversation_markdown(parsed))
        word = conversation_docx(parsed, folder / "citedesk-conversation.docx")
        return str(markdown), str(word)


def launch(settings: Settings, host: str, port: int, auth: tuple[str, str] | None) -> None:
    from starlette.middleware import Middleware

    from ui.login_limit import LoginLimit
    from ui.same_origin import SameOrigin

    app = build_app(settings)
    app.queue(default_concurrency_limit=settings.chat_concurrency)
    allowed = [o.strip() for o in settings.allowed_origins.split(",") if o.strip()]
    middleware = [Middleware(SameOrigin, allowed=allowed)]
    if auth:
        middleware.append(
            Middleware(
                LoginLimit,
                max_failures=settings.login_max_failures,
                lockout_s=settings.login_lockout_s,
            )
        )
    app.launch(
        app_kwargs={"middleware": middleware},
        server_name=host,
        server_port=port,
        share=False,
        auth=auth,
        show_error=True,
        max_file_size=int(settings.max_upload_mb * 1_000_000),
        footer_links=["api"],
        css=render.CSS,
        head=render.HEAD,
        # Gradio's own banner suggests share=True, which citedesk refuses: print our own line.
        quiet=True,
        enable_monitoring=False,
        mcp_server=False,
        ssr_mode=False,
        prevent_thread_lock=True,
    )
    print(f"citedesk chat on {app.local_url} (Ctrl+C to stop)", flush=True)
    # The page is served already (importing what answering needs takes seconds); the engine
    # loads now rather than at the first question, and an index that cannot be opened stops
    # the chat with its message.
    from rag.engine import get_engine

    try:
        get_engine(settings)
    except BaseException:
        app.close()
        raise
    app.block_thread()
