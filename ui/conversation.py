"""A conversation in the chat: answering into it (streamed, a few renders a second), its export
files, and keeping it in the browser so it can be opened again. `ui.chat` lays out the page and
wires its events to these."""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from rag.export import conversation_docx, conversation_markdown
from rag.models import Answer, Filters
from ui import render

if TYPE_CHECKING:
    from rag.desk import Desk

RENDER_EVERY_S = 0.1
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
EXPORT_KEEP_S = 600


class Handlers:
    """What the page's events run: answering (streamed into the chat, or as JSON for the API),
    and the example questions, all through the desk (which loads the engine on first use)."""

    def __init__(self, desk: Desk, exports: ExportFolder) -> None:
        self.desk = desk
        self.exports = exports

    @functools.cached_property
    def first_examples(self) -> tuple[str, ...]:
        """Made once, from the index as the first page load finds it."""
        return tuple(self.desk.example_questions())

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
        as_of: str = "",
        date_from: str = "",
        date_to: str = "",
        question_dates: bool = True,
    ) -> Iterator[tuple]:
        question = (question or "").strip()
        if not question:
            yield shown, conversation, panels, gr.update(), "", answers, gr.update(), gr.update()
            return
        filters = dated_filters(
            doc_ids or [], picked or [], as_of, date_from, date_to, question_dates is not False
        )
        turn = len(panels) + 1  # this answer's citations are a{turn}-cite-n
        shown = [*shown, {"role": "user", "content": render.escape_markdown(question)}]
        # The question shows at once, with one state line until the answer streams in.
        searching = render.searching_line(
            len(doc_ids or []) or self.desk.article_count(), bool(doc_ids)
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
        for piece in self.desk.stream(question, conversation, filters, int(top_k), mode=mode):
            if isinstance(piece, Answer):
                answer = piece
                break
            text += piece
            # Re-rendering the whole answer on every token is quadratic in its length (a long
            # reply took a minute); a few renders a second look the same to a reader.
            if time.monotonic() - shown_at < RENDER_EVERY_S:
                continue
            shown_at = time.monotonic()
            yield pending(render.streaming_markdown(text, turn=turn))
        assert answer is not None
        reply = render.chat_message(answer, turn)
        conversation = [
            *conversation,
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.text},
        ]
        panel_html = render.sources_panel(answer, turn)
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
        as_of: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        question_dates: bool = True,
    ) -> dict:
        """Answer a question; returns the answer text, its citations and timings as JSON.
        `as_of`: a day (YYYY-MM-DD) to ask as of; later articles are not searched.
        `date_from`, `date_to`: only articles dated in between (days, YYYY-MM-DD).
        `question_dates`: false to search every date although the question names a period."""
        try:
            filters = dated_filters(
                doc_ids or [], sources or [], as_of, date_from, date_to, question_dates is not False
            )
        except ValueError:
            raise gr.Error("doc_ids and sources must be lists of strings.") from None
        if isinstance(top_k, float) and top_k.is_integer():
            top_k = int(top_k)  # JSON clients may send 5.0
        try:
            answer = self.desk.ask(question, filters=filters, top_k=top_k, mode=mode)
        except ValueError as error:
            raise gr.Error(str(error)) from None
        return answer.model_dump(mode="json")


def dated_filters(
    doc_ids: list,
    sources: list,
    as_of: str | None,
    date_from: str | None,
    date_to: str | None,
    question_dates: bool = True,
) -> Filters:
    """The filters of a question from the chat or the API, its days read (a clear error for a
    day that is not one, or a range that holds none); `question_dates`: whether a period the
    question names narrows it."""
    low, high = as_of_day(date_from, "From"), as_of_day(date_to, "To")
    if low and high and low > high:
        raise gr.Error(f"From {low} is after To {high}: no article can be dated both.")
    return Filters(
        doc_ids=doc_ids,
        sources=sources,
        as_of=as_of_day(as_of),
        date_from=low,
        date_to=high,
        question_dates=question_dates,
    )


def as_of_day(text: str | None, label: str = "As of") -> date | None:
    """A day typed in the chat or sent to the API; a clear error for anything else. Only
    YYYY-MM-DD, the form the chat's scope line accepts (ui/scope_line.js): Python would also
    read "20220624" or "2022-W25", and the line would call them wrong."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        if not DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise gr.Error(
            f"{label} {text!r} is not a day: write it as YYYY-MM-DD (2022-06-24), or leave it "
            "empty."
        ) from None


def new_conversation() -> tuple:
    return [], [], [], render.EMPTY_PANEL, "", [], gr.update(value=None), gr.update(value=None)


MAX_SAVED = 20  # conversations kept in the browser (each holds its answers' sources)


def saved_conversations(
    saved: list, current: str | None, shown: list, conversation: list, panels: list, answers: list
) -> tuple:
    """The current conversation stored (or updated) in the browser, newest last."""
    if not answers:
        return saved, current, gr.update()
    record = {
        "id": current or uuid.uuid4().hex,
        "title": answers[0]["question"][:80],
        "when": datetime.now().strftime("%Y-%m-%d %H:%M"),  # of its latest answer
        "shown": shown,
        "conversation": conversation,
        "panels": panels,
        "answers": answers,
    }
    kept = [r for r in saved or [] if r["id"] != record["id"]][-(MAX_SAVED - 1) :]
    kept.append(record)
    return kept, record["id"], gr.update(choices=past_choices(kept), value=record["id"])


def opened(wanted: str | None, saved: list, exports: ExportFolder) -> tuple:
    """A stored conversation back in the chat, its sources in the panel."""
    record = next((r for r in saved or [] if r["id"] == wanted), None)
    choices = gr.update(choices=past_choices(saved or []), value=wanted if record else None)
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


def past_choices(saved: list) -> list[tuple[str, str]]:
    """Each stored conversation by its first question, when it was last asked and, for a
    longer one, how many questions it holds: conversations that start alike are told apart."""
    return [(_label(r), r["id"]) for r in reversed(saved)]


def _label(record: dict) -> str:
    asked = len(record.get("answers") or [])
    more = f" ({asked} questions)" if asked > 1 else ""
    when = f" · {record['when']}" if record.get("when") else ""  # stored before it was kept
    return f"{record['title']}{when}{more}"


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
