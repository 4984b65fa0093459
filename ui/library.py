"""The chat's library sections: add articles (files or a web address), read one whole, correct
its title, outlet, date or author, delete it.

Layout and wording only: every change goes through the desk (`Desk.add_files`, `correct`,
`remove`), which runs the ingest's code under the ingest's lock; after each change the chat's
lists are read again from the index.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from ingest.pipeline.library import EDITABLE, LibraryError, shown_path
from ingest.readers.fetch import FetchError
from ingest.readers.loaders import SUPPORTED_SUFFIXES
from ingest.store.catalog import DocumentInfo
from ui import render
from ui.serving import may_edit, through_proxy
from ui.uploads import UploadResult, add_link, add_uploads, in_files

if TYPE_CHECKING:
    from rag.desk import Desk

FIELDS = list(EDITABLE)  # title, source, published_at, author: the form's boxes, in order


class GradioProgress:
    """Lets the ingest pipeline's progress calls drive a Gradio progress bar (an
    `ingest.pipeline.progress.Progress`)."""

    def __init__(self, progress: gr.Progress) -> None:
        self.progress = progress
        self.tasks: dict[int, list[Any]] = {}

    def add_task(self, description: str, *, total: float | None = None) -> int:
        self.tasks[len(self.tasks)] = [description, total, 0]
        return len(self.tasks) - 1

    def advance(self, task_id: int, advance: float = 1) -> None:
        description, total, done = self.tasks[task_id]
        self.tasks[task_id][2] = done + advance
        self.progress((done + advance, max(total or 0, 1)), desc=description)


def article_choice(document: DocumentInfo) -> tuple[str, str]:
    """How an article is offered in a picker: its headline and id, and the id as the value."""
    return f"{document.title} ({document.doc_id})", document.doc_id


def article_choices(documents: list[DocumentInfo]) -> list[tuple[str, str]]:
    """Every stored article, copies included (a copy can be corrected or deleted too)."""
    return [article_choice(d) for d in documents]


class _LibraryActions:
    """What the "Add articles" and "Library" sections' events run; each returns the new values
    of the section's outputs, the lists (`lists(documents)`) included after a change."""

    def __init__(
        self,
        desk: Desk,
        lists: Callable[[list[DocumentInfo]], tuple],
        list_outputs: list[Any],
    ) -> None:
        self.desk = desk
        self.lists = lists
        self.list_outputs = list_outputs

    def refreshed(self, documents: list[DocumentInfo], **pick: Any) -> tuple:
        """The lists and the library's picker, from one read of the index."""
        return *self.lists(documents), gr.update(choices=article_choices(documents), **pick)

    def refused(self, request: gr.Request | None) -> str | None:
        """Why this user may not change the library, or None when they may."""
        username = getattr(request, "username", None)
        if may_edit(self.desk.settings, username):
            return None
        return (
            f"Only editors may add, correct or delete articles (CITEDESK_EDITORS); you are "
            f"logged in as {render.escape_markdown(username or 'nobody')}, who may only ask."
        )

    def upload(
        self,
        files: list[str] | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple:
        if not files:
            return gr.update(), *_untouched(self.list_outputs), gr.update(), gr.update()
        if message := self.refused(request):
            return message, *_untouched(self.list_outputs), gr.update(), None
        result = add_uploads(list(files), self.desk, GradioProgress(progress))
        documents = result.documents or self.desk.documents()
        # The web server's copies are deleted: the file list is cleared.
        return _added_message(result, documents), *self.refreshed(documents), None

    def fetched(
        self,
        address: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple:
        address = (address or "").strip()
        if message := self.refused(request):
            return message, *_untouched(self.list_outputs), gr.update(), gr.update()
        if not address:
            return (
                "Paste a web address first.",
                *_untouched(self.list_outputs),
                gr.update(),
                gr.update(),
            )
        try:
            proxied = through_proxy(dict(request.headers)) if request is not None else False
            result = add_link(address, self.desk, GradioProgress(progress), proxied)
        except FetchError as error:
            message = f"Not added: {render.escape_markdown(str(error))}"
            return message, *_untouched(self.list_outputs), gr.update(), gr.update()
        documents = result.documents or self.desk.documents()
        return _added_message(result, documents), *self.refreshed(documents), ""

    def opened(self, doc_id: str | None) -> tuple:
        if not doc_id:
            # The pick is emptied by a deletion too: its "Deleted ..." line stays.
            return *([""] * len(FIELDS)), gr.update(), "", gr.update(visible=False)
        try:
            record = self.desk.article(doc_id)
        except LibraryError as error:
            return *([""] * len(FIELDS)), str(error), "", gr.update(visible=False)
        values = [record.metadata.get(name) or "" for name in FIELDS]
        return *values, "", _article_html(record), gr.update(visible=False)

    def saved(self, request: gr.Request, doc_id: str | None, *values: str) -> tuple:
        if message := self.refused(request):
            return message, *_untouched(self.list_outputs), gr.update(), gr.update()
        if not doc_id:
            return (
                "Pick an article first.",
                *_untouched(self.list_outputs),
                gr.update(),
                gr.update(),
            )
        try:
            report = self.desk.correct(doc_id, dict(zip(FIELDS, values, strict=True)))
        except LibraryError as error:
            return (
                f"Not saved: {render.escape_markdown(str(error))}",
                *_untouched(self.list_outputs),
                gr.update(),
                gr.update(),
            )
        message = (
            "Nothing changed."
            if report.unchanged
            else "Saved; answers now cite the corrected details."
        )
        return (
            message,
            *self.refreshed(self.desk.documents()),
            _article_html(self.desk.article(doc_id)),
        )

    def asked_delete(self, doc_id: str | None, request: gr.Request) -> tuple:
        """The confirmation step; what it asks about is remembered on the server (the
        session's state), and only that article can then be deleted."""
        if message := self.refused(request):
            return gr.update(visible=False), "", message, None
        if not doc_id:
            return gr.update(visible=False), "", "Pick an article first.", None
        record = self.desk.article(doc_id)
        title = render.escape_markdown(record.metadata.get("title", doc_id))
        passages = record.metadata.get("chunk_count", 0)
        question = (
            f"Delete **{title}** ({render.escape_markdown(doc_id)}) and its {passages} "
            f"passage{'s' if passages != 1 else ''} from the index? Answers already given "
            "keep their quotes."
        )
        return gr.update(visible=True), question, "", doc_id

    def deleted(self, doc_id: str | None, confirmed: str | None, request: gr.Request) -> tuple:
        refusal = self.refused(request)
        if refusal is None and not doc_id:
            refusal = "Pick an article first."
        if refusal is None and confirmed != doc_id:
            refusal = (
                "Not deleted: confirm first (“Delete article…”, then “Yes, delete it”), for "
                "the article picked."
            )
        if refusal is not None:
            return (
                gr.update(visible=False),
                refusal,
                *_untouched(self.list_outputs),
                gr.update(),
                "",
                None,
            )
        try:
            report = self.desk.remove([doc_id])
        except LibraryError as error:
            return (
                gr.update(visible=False),
                str(error),
                *_untouched(self.list_outputs),
                gr.update(),
                "",
                None,
            )
        lines = [f"Deleted {render.escape_markdown(doc_id)}."]
        lines += [render.escape_markdown(w) for w in report.warnings]
        return (
            gr.update(visible=False),
            " ".join(lines),
            *self.refreshed(self.desk.documents(), value=None),
            "",
            None,
        )


def build_sections(
    desk: Desk,
    lists: Callable[[list[DocumentInfo]], tuple],
    list_outputs: list[Any],
) -> gr.Dropdown:
    """The "Add articles" and "Library" sections; `lists(documents)` gives fresh values for
    `list_outputs` (the pickers, the table) after every change. Returns the library's article
    picker, for the page load to fill (the engine loads after the page)."""
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    with gr.Accordion("Add articles", open=False):
        files = gr.File(
            file_count="multiple",
            file_types=sorted(SUPPORTED_SUFFIXES),
            elem_id="upload",
            label=f"Drop articles ({kinds})",
        )
        with gr.Row():
            link = gr.Textbox(
                label="Or paste a web address",
                placeholder="https://…",
                elem_id="link",
                scale=4,
            )
            fetch = gr.Button("Fetch and add", elem_id="fetch", scale=1)
        added = gr.Markdown(elem_id="upload-status")
    with gr.Accordion("Library: read, correct or delete an article", open=False):
        pick = gr.Dropdown([], value=None, label="Article", elem_id="library-pick")
        with gr.Row():
            boxes = [
                gr.Textbox(label=label.capitalize(), elem_id=f"edit-{label}")
                for label in EDITABLE.values()
            ]
        with gr.Row():
            save = gr.Button("Save corrections", elem_id="save-article")
            delete = gr.Button("Delete article…", variant="stop", elem_id="delete-article")
        with gr.Row(visible=False) as confirm_row:
            confirm_text = gr.Markdown(elem_id="confirm-text")
            confirm = gr.Button("Yes, delete it", variant="stop", elem_id="confirm-delete")
            cancel = gr.Button("Keep it", elem_id="cancel-delete")
        status = gr.Markdown(elem_id="library-status")
        article = gr.HTML(elem_id="library-article")

    actions = _LibraryActions(desk, lists, list_outputs)
    private = {"api_visibility": "private"}
    changed = [*list_outputs, pick]
    files.upload(actions.upload, files, [added, *changed, files], **private)
    for submitted in (link.submit, fetch.click):
        submitted(actions.fetched, link, [added, *changed, link], **private)
    confirmed = gr.State(None)  # the article the confirmation step asked about (server-side)
    pick.change(
        lambda doc_id: (*actions.opened(doc_id), None),
        pick,
        [*boxes, status, article, confirm_row, confirmed],
        **private,
    )
    save.click(actions.saved, [pick, *boxes], [status, *changed, article], **private)
    delete.click(
        actions.asked_delete, pick, [confirm_row, confirm_text, status, confirmed], **private
    )
    cancel.click(
        lambda: (gr.update(visible=False), None), None, [confirm_row, confirmed], **private
    )
    confirm.click(
        actions.deleted,
        [pick, confirmed],
        [confirm_row, status, *changed, article, confirmed],
        **private,
    )
    return pick


def _untouched(outputs: list[Any]) -> list[dict]:
    return [gr.update() for _ in outputs]


def _added_message(result: UploadResult, documents: list[DocumentInfo]) -> str:
    """Which articles were added, by headline and id; then what was refused and why."""
    lines = []
    if result.error:
        lines.append(f"Ingest failed: {render.escape_markdown(result.error)}")
    elif result.report is not None:
        titles = {d.doc_id: d.title for d in documents}
        for doc_id in result.report.added + result.report.updated:
            title = render.escape_markdown(titles.get(doc_id, doc_id))
            lines.append(f"Added **{title}** ({render.escape_markdown(doc_id)})")
        accepted = [
            path
            for path in result.stored
            if not any(in_files(problem, {str(path)}) for problem in result.problems)
        ]
        if not lines and accepted:
            lines.append("Already in the index, unchanged.")
    for problem in result.problems:
        name = Path(problem.location.split(":", 1)[0]).name
        lines.append(
            f"Rejected **{render.escape_markdown(name)}**: {render.escape_markdown(problem.reason)}"
        )
    return "\n\n".join(lines)


def _article_html(record: Any) -> str:
    """The article as stored: its details (corrected ones marked) and its whole cleaned text,
    the text that every citation's offsets point into."""
    corrected = set(record.corrected)
    rows = []
    for name, label in [*EDITABLE.items(), ("url", "address"), ("path", "file")]:
        value = record.metadata.get(name)
        if value and name == "path":
            value = shown_path(str(value), record.metadata.get("root"))
        if value:
            mark = " (corrected)" if label in corrected else ""
            rows.append(
                f"<tr><th>{html.escape(label)}</th><td>{html.escape(str(value))}{mark}</td></tr>"
            )
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record.text.split("\n\n"))
    return (
        f'<div class="cd-library"><table class="cd-details">{"".join(rows)}</table>'
        f'<div class="cd-fulltext">{paragraphs}</div></div>'
    )
