"""`citedesk`: a thin command line over the library. No logic of its own beyond presentation.

Heavy libraries (torch, chromadb, llama-index) are imported inside the commands, so `--help`
stays instant.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from ingest.settings import SettingsError
from ui import printing
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
    progress = printing.progress_bar("{task.description}", hidden=as_json)
    try:
        with progress:
            report = Desk(settings).add_files(roots, prune=prune, progress=progress)
    except StoreError as error:
        fail(str(error))
    if as_json:
        console.print_json(json.dumps(report.to_dict()))
    else:
        printing.ingest_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _fetched_roots(paths: list[str] | None, settings: Any) -> list[Path] | None:
    """The folders to ingest, with each web address fetched into the upload area first (the
    chat's link box uses the same code and area)."""
    from ingest.readers.fetch import FetchError, fetch_page, is_web_address

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


AsOf = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="Ask as of this day (YYYY-MM-DD): later articles are not searched, and 'this week' "
        "or 'last month' are read against it.",
    ),
]


DateFrom = Annotated[
    datetime | None,
    typer.Option("--from", formats=["%Y-%m-%d"], help="Only articles dated on or after this day."),
]
DateTo = Annotated[
    datetime | None,
    typer.Option("--to", formats=["%Y-%m-%d"], help="Only articles dated on or before this day."),
]


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
    as_of: AsOf = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as JSON.")] = False,
) -> None:
    """Answer a question from the indexed articles, citing every sentence."""
    if date_from and date_to and date_from > date_to:
        fail(f"--from {date_from:%Y-%m-%d} is after --to {date_to:%Y-%m-%d}: no article is both.")
    model = {"llm": llm, "llm_base_url": llm_base_url, "llm_model": llm_model}
    settings = settings_with(index_dir=index_dir, chroma_url=chroma_url, **model)
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

    filters = Filters(
        doc_ids=doc or [],
        sources=source or [],
        as_of=as_of and as_of.date(),
        date_from=date_from and date_from.date(),
        date_to=date_to and date_to.date(),
    )
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
    printing.checks(answer, streamed)
    printing.sources(answer)
    _nothing_left_to_write()


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
    dated: Annotated[
        bool,
        typer.Option(
            "--dated/--undated",
            help="Ask each question as of its row's as_of or question_date column.",
        ),
    ] = True,
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
    if out.exists() and not out.is_dir():
        fail(f"--out {out} is a file; give a folder for the answers and the report")
    progress = printing.progress_bar("Answering")
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
                dated=dated,
            )
    except StoreError as error:
        fail(str(error))
    printing.evaluation(result, out)
    if result.problems:
        raise typer.Exit(1)


@app.command("eval-reader")
def eval_reader(
    questions: Annotated[
        Path, typer.Argument(help="SQuAD-format JSON Lines: one paragraph a line, with qas.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder for predictions and scores.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N questions.")] = None,
    abstain: Annotated[
        bool, typer.Option(help='Let "no answer" win when the reader prefers it (counts wrong).')
    ] = False,
    reader_model: Annotated[
        Path | None, typer.Option(help="A reader folder (model.onnx, tokenizer.json).")
    ] = None,
) -> None:
    """The reader alone, given each question's gold passage: SQuAD exact match and F1."""
    from rag.reader import load
    from rag.reader.squad import ReaderFileError, beside_leaderboard, evaluate

    settings = settings_with(reader_model=reader_model)
    if not questions.exists():
        fail(f"{questions}: no such file")
    progress = printing.progress_bar("Reading")
    task = progress.add_task("reading", total=limit)
    try:
        reader = load(settings.reader)
        with progress:
            scores = evaluate(
                reader,
                questions,
                out,
                abstain=abstain,
                limit=limit,
                progress=lambda done: progress.update(task, completed=done),
            )
    except (ReaderFileError, FileNotFoundError) as error:
        fail(str(error))
    leaderboard = questions.parent / "leaderboard.json"
    rows = beside_leaderboard(leaderboard, questions.stem, scores) if leaderboard.exists() else []
    printing.reader_scores(scores, rows, out)


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
    from ui.serving import private_gradio_cache, serving_policy

    try:
        settings, credentials = serving_policy(settings, host)
    except ValueError as error:
        fail(str(error))
    private_gradio_cache()
    from ui.launch import launch

    try:
        launch(settings, host, port, credentials)
    except StoreError as error:
        fail(str(error))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None  # stopped (Ctrl+C, SIGTERM) before it finished starting


@app.command()
def mcp(
    http: Annotated[
        bool, typer.Option(help="Serve streamable HTTP on 127.0.0.1 instead of stdio.")
    ] = False,
    port: Annotated[int, typer.Option(help="Port for --http.")] = 8765,
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
) -> None:
    """Serve the index as an MCP server (tools: ask, search, get_article, list_articles), over
    stdio for a client that starts it, or --http on loopback."""
    from ui.mcp_server import serve

    serve(settings_with(index_dir=index_dir, chroma_url=chroma_url), http=http, port=port)


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
