"""The commands that read or change the stored articles one by one (`sources`, `show`,
`correct`, `delete`, `stats`), added to `citedesk` by `register`. Each calls the desk (`rag.desk`,
as the chat does) through `_on_desk`, so a store that cannot be read ends the command with its
message, not a traceback; none of them loads a model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.markup import escape

from ui.options import ChromaUrl, IndexDir, console, errors, fail, settings_with
from ui.tables import print_table

if TYPE_CHECKING:
    from rag.desk import Desk

T = TypeVar("T")


def register(app: typer.Typer) -> None:
    for command in (sources, show, correct, delete, stats):
        app.command()(command)


def _on_desk(
    index_dir: Path | None,
    chroma_url: str | None,
    call: Callable[[Desk], T],
    *expected: type[Exception],
) -> T:
    """`call` on the desk of the configured store; a store that cannot be read (nothing
    ingested, a server down) or one of the `expected` errors ends the command with its
    message."""
    from ingest.store import StoreError
    from rag.desk import Desk

    desk = Desk(settings_with(index_dir=index_dir, chroma_url=chroma_url))
    try:
        return call(desk)
    except (StoreError, *expected) as error:
        fail(str(error))


def sources(
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the indexed documents: id, title, source, date and chunks."""
    documents = _on_desk(index_dir, chroma_url, lambda desk: desk.documents())
    if as_json:
        console.print_json(json.dumps([d.__dict__ for d in documents]))
        return
    rows = [
        (
            doc.doc_id,
            doc.title,
            doc.source or "",
            doc.date or "",
            f"= {doc.duplicate_of}" if doc.duplicate_of else doc.chunks,
        )
        for doc in documents
    ]
    print_table(console, ("id", "title", "source", "date", "chunks"), rows, no_wrap=("id",))


def show(
    doc_id: Annotated[str, typer.Argument(help="The article's id (see `citedesk sources`).")],
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print an article as stored: its details and the cleaned text citations point into."""
    from ingest.pipeline.library import LibraryError

    record = _on_desk(index_dir, chroma_url, lambda desk: desk.article(doc_id), LibraryError)
    if as_json:
        console.print_json(json.dumps({"id": doc_id, **record.metadata, "text": record.text}))
        return
    fields = ("title", "source", "published_at", "author", "url", "path")
    rows = [(name, str(record.metadata[name])) for name in fields if record.metadata.get(name)]
    print_table(console, ("field", "value"), rows, no_wrap=("field",))
    console.print(record.text, highlight=False, markup=False)


def correct(
    doc_id: Annotated[str, typer.Argument(help="The article's id (see `citedesk sources`).")],
    title: Annotated[str | None, typer.Option(help="The headline.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Who published it; '' clears it.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date, e.g. 2024-05-31.")] = None,
    author: Annotated[str | None, typer.Option(help="Byline; '' clears it.")] = None,
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
) -> None:
    """Correct an article's title, outlet, date or author; later ingests keep the correction."""
    from ingest.pipeline.library import EDITABLE, LibraryError

    given = dict(zip(EDITABLE, (title, outlet, date, author), strict=True))  # in its order
    changes = {name: value for name, value in given.items() if value is not None}
    if not changes:
        fail("nothing to correct: give --title, --outlet, --date or --author")
    report = _on_desk(
        index_dir, chroma_url, lambda desk: desk.correct(doc_id, changes), LibraryError
    )
    console.print("unchanged" if report.unchanged else f"corrected {doc_id}", highlight=False)


def delete(
    doc_ids: Annotated[list[str], typer.Argument(help="Article ids (see `citedesk sources`).")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
) -> None:
    """Delete articles from the index, and the uploaded or fetched files they came from."""
    from ingest.pipeline.library import LibraryError

    if not yes and not typer.confirm(f"Delete {', '.join(doc_ids)} from the index?"):
        raise typer.Exit(1)
    report = _on_desk(index_dir, chroma_url, lambda desk: desk.remove(doc_ids), LibraryError)
    for warning in report.warnings:
        errors.print(f"[dim]note[/] {escape(warning)}", highlight=False)
    console.print(f"deleted {', '.join(report.removed)}", highlight=False)


def stats(
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Counts and where the store lives."""
    figures = _on_desk(index_dir, chroma_url, lambda desk: desk.stats())
    if as_json:
        console.print_json(json.dumps(figures))
        return
    rows = [
        (name, ", ".join(value) if isinstance(value, list) else value)
        for name, value in figures.items()
    ]
    print_table(console, ("figure", "value"), rows, no_wrap=("value",))
