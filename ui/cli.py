"""`citedesk`: a thin command line over the library. No logic of its own beyond presentation.

Heavy libraries (torch, chromadb, llama-index) are imported inside the commands, so `--help`
stays instant.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.markup import escape

from ingest.settings import SettingsError
from ui.harness.commands import register as register_harness
from ui.library_commands import register as register_library_commands
from ui.options import (
    ChromaUrl,
    IndexDir,
    LLMBackend,
    LLMBaseUrl,
    LLMModel,
    console,
    errors,
    fail,
    settings_with,
)
from ui.tables import print_table

if TYPE_CHECKING:
    pass

T = TypeVar("T")

app = typer.Typer(
    help="Question answering over a folder of news articles, with citations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders or web addresses (default: corpus/).")
    ] = None,
    prune: Annotated[bool, typer.Option(help="Remove documents whose files are gone.")] = False,
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Load, clean, chunk, embed and store articles; re-running only does what changed."""
    from ingest.store import StoreError
    from rag.desk import Desk

    settings = settings_with(index_dir=index_dir, chroma_url=chroma_url)
    roots = _fetched_roots(paths, settings)
    progress = _progress_bar("{task.description}", hidden=as_json)
    try:
        with progress:
            report = Desk(settings).add_files(roots, prune=prune, progress=progress)
    except StoreError as error:
        fail(str(error))
    if as_json:
        console.print_json(json.dumps(report.to_dict()))
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _progress_bar(label: str, hidden: bool = False) -> Any:
    """A progress bar on the error stream, shown only on a terminal, gone when done."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
        disable=hidden or not errors.is_terminal,
    )


def _fetched_roots(paths: list[str] | None, settings: Any) -> list[Path] | None:
    """The folders to ingest, with each web address fetched into the upload area first (the
    chat's link box uses the same code and area)."""
    from ingest.fetch import FetchError, fetch_page, is_web_address

    if not paths:
        return None
    roots = [Path(p) for p in paths if not is_web_address(p)]
    for address in (p for p in paths if is_web_address(p)):
        try:
            page = fetch_page(address, settings)
        except FetchError as error:
            fail(str(error))
        errors.print(f"fetched {address} → {page.path}", highlight=False)
        if settings.store.files_dir not in roots:
            roots.append(settings.store.files_dir)
    return roots


def _print_report(report: Any) -> None:
    for problem in report.skipped:
        errors.print(f"[yellow]skipped[/] {problem.location}: {problem.reason}", highlight=False)
    for warning in report.warnings:
        errors.print(f"[dim]note[/] {warning}", highlight=False)
    for duplicate, kept in report.duplicates:
        console.print(
            f"duplicate: {duplicate} has the same text as {kept}; stored once", highlight=False
        )
    for first, second, similarity in report.near_duplicates:
        console.print(
            f"near-duplicate: {first} ~ {second} (similarity {similarity:.2f})", highlight=False
        )
    if report.missing:
        console.print(
            f"{len(report.missing)} stored document(s) no longer found on disk; "
            "run with --prune to remove them",
            highlight=False,
        )
    rows = [
        ("store", report.store),
        ("files seen", report.files_seen),
        ("records seen", report.records_seen),
        ("added", len(report.added)),
        ("updated", len(report.updated)),
        ("unchanged", len(report.unchanged)),
        ("removed", len(report.removed)),
        ("repaired", len(report.repaired)),
        ("skipped", len(report.skipped)),
        ("ignored (not articles)", len(report.ignored)),
        ("duplicates", len(report.duplicates)),
        ("near-duplicates", len(report.near_duplicates)),
        ("chunks written", report.chunks_written),
        ("chunks deleted", report.chunks_deleted),
        ("chunks embedded", report.embedded_chunks),
        ("embedded tokens/s", f"{report.embedded_tokens_per_second:,.0f}"),
        ("seconds", f"{report.seconds:.1f}"),
    ]
    print_table(console, ("figure", "value"), rows, no_wrap=("value",))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    top_k: Annotated[int | None, typer.Option("--top-k", help="Passages to retrieve.")] = None,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", help="Only this document id (repeatable).")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source (repeatable).")
    ] = None,
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
    llm: LLMBackend = None,
    llm_base_url: LLMBaseUrl = None,
    llm_model: LLMModel = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as JSON.")] = False,
) -> None:
    """Answer a question from the indexed articles, citing every sentence."""
    settings = settings_with(
        index_dir=index_dir,
        chroma_url=chroma_url,
        llm=llm,
        llm_base_url=llm_base_url,
        llm_model=llm_model,
    )
    # A cold start imports libraries and loads the model and the index for seconds: say so on a
    # terminal, and stop before the answer streams so the spinner never mixes with it.
    waiting = (
        errors.status("Loading the index and searching the articles...", spinner="dots")
        if errors.is_terminal and not as_json
        else nullcontext()
    )
    with waiting:
        from ingest.store import StoreError
        from rag.desk import Desk
        from rag.models import Answer, Filters

    filters = Filters(doc_ids=doc or [], sources=source or [])
    try:
        with waiting:
            desk = Desk(settings)
            if as_json:
                answer = desk.ask(question, filters=filters, top_k=top_k)
                console.print_json(answer.model_dump_json())
                _nothing_left_to_write()
                return
            pieces = desk.stream(question, filters=filters, top_k=top_k)
            first = next(pieces)
        answer, streamed = None, ""
        for piece in chain([first], pieces):
            if isinstance(piece, Answer):
                answer = piece
            else:
                streamed += piece
                console.print(piece, end="", highlight=False, markup=False)
    except (StoreError, ValueError) as error:
        fail(str(error))
    console.print()
    _print_checks(answer, streamed)
    _print_sources(answer)
    _nothing_left_to_write()


def _print_checks(answer: Any, streamed: str) -> None:
    """What checking a model's reply changed or could not verify."""
    if answer.text != streamed.strip():
        # The model's reply was checked: markers dropped, or replaced by quoting.
        console.print("\nChecked answer:", style="bold")
        console.print(answer.text, highlight=False, markup=False)
    if answer.notice and answer.mode == "llm":
        console.print(answer.notice, style="yellow", highlight=False, markup=False)
    for claim in answer.claims:
        if claim.status != "verified":
            console.print(
                f"  {claim.status}: {claim.text}", style="yellow", highlight=False, markup=False
            )


def _print_sources(answer: Any) -> None:
    listed = answer.citations or answer.see_also
    if not listed:
        return
    console.print("\nSee also:" if answer.abstained else "\nSources:", style="bold")
    for citation in listed:
        marker = "-" if answer.abstained else f"[{citation.n}]"
        by = f"by {citation.author}" if citation.author else None
        details = ", ".join(x for x in (citation.source, citation.date, by) if x)
        console.print(
            f"{marker} {citation.title} ({citation.doc_id}{', ' + details if details else ''}, "
            f"{citation.location})",
            highlight=False,
            markup=False,
        )
        console.print(f"    “{citation.quote}”", highlight=False, markup=False, style="dim")


register_library_commands(app)


@app.command("eval")
def evaluate(
    questions: Annotated[Path, typer.Argument(help="Questions, JSON Lines or CSV.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for answers, metrics and report.")],
    top_k: Annotated[int | None, typer.Option("--top-k", help="Passages per answer.")] = None,
    workers: Annotated[int, typer.Option(help="Questions answered in parallel.")] = 1,
    limit: Annotated[int | None, typer.Option(help="Only the first N questions.")] = None,
    force: Annotated[
        bool, typer.Option(help="Ask again questions already answered in --out.")
    ] = False,
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
    llm: LLMBackend = None,
    llm_base_url: LLMBaseUrl = None,
    llm_model: LLMModel = None,
) -> None:
    """Answer a file of questions, score them, and write a report (resumable)."""
    from ingest.store import StoreError
    from rag.evaluate.run import evaluate as run_evaluation

    settings = settings_with(
        index_dir=index_dir,
        chroma_url=chroma_url,
        llm=llm,
        llm_base_url=llm_base_url,
        llm_model=llm_model,
    )
    if not questions.exists():
        fail(f"{questions}: no such file")
    progress = _progress_bar("Answering")
    task = progress.add_task("answering", total=None)
    try:
        with progress:
            result = run_evaluation(
                questions,
                out,
                settings,
                top_k=top_k,
                workers=workers,
                limit=limit,
                force=force,
                on_progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except StoreError as error:
        fail(str(error))
    _print_evaluation(result, out)
    if result.problems:
        raise typer.Exit(1)


def _print_evaluation(result: Any, out: Path) -> None:
    """The questions skipped, the headline scores and where the report is."""
    from rag.evaluate.report import HEADLINE

    for problem in result.problems:
        errors.print(f"[yellow]skipped[/] {problem.location}: {problem.reason}", highlight=False)
    overall = result.metrics["overall"]
    rows: list[tuple[str, object]] = [
        ("questions", len(result.records)),
        ("asked", result.asked),
        ("resumed", result.resumed),
    ]
    rows += [(name, f"{overall[name]:.3f}") for name in HEADLINE if name in overall]
    latency = overall["latency_ms"]
    if latency["p50"] is not None:
        rows.append(
            (
                "latency p50 / p95 / max ms",
                f"{latency['p50']:.0f} / {latency['p95']:.0f} / {latency['max']:.0f}",
            )
        )
    print_table(console, ("metric", "value"), rows)
    console.print(
        f"Report: {out / 'report.html'} (also report.md, metrics.json, answers.jsonl, answers.csv)",
        highlight=False,
    )


@app.command()
def chat(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7860,
    auth: Annotated[
        str | None, typer.Option(help="USER:PASSWORD to require (env CITEDESK_AUTH).")
    ] = None,
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
    llm: LLMBackend = None,
    llm_base_url: LLMBaseUrl = None,
    llm_model: LLMModel = None,
) -> None:
    """Serve the chat over the indexed articles (open the address it prints in a browser)."""
    from ingest.store import StoreError

    settings = settings_with(
        index_dir=index_dir,
        chroma_url=chroma_url,
        auth=auth,
        llm=llm,
        llm_base_url=llm_base_url,
        llm_model=llm_model,
    )
    from ui.serving import serving_policy

    try:
        settings, credentials = serving_policy(settings, host)
    except ValueError as error:
        fail(str(error))
    from ui.chat import launch

    try:
        launch(settings, host, port, credentials)
    except StoreError as error:
        fail(str(error))


_read_only_done = False


def _nothing_left_to_write() -> None:
    """Called by a command that only read the index, once its output is printed."""
    global _read_only_done
    _read_only_done = True


register_harness(app)


def main() -> None:
    try:
        app(prog_name="citedesk")
    except SettingsError as error:
        errors.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
        sys.exit(2)
    except SystemExit as done:
        if _read_only_done and done.code in (0, None):
            # An answer printed from an index only read leaves nothing to write or close, and
            # Python's teardown of the libraries answering loaded took 0.7 s of a 3.7 s
            # `citedesk ask` (measured on the seed index): the process ends at once instead.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        raise


if __name__ == "__main__":
    sys.exit(main())
