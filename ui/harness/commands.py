"""The harness's commands (`bench`, `local-llm`, `load-test`), added to the `citedesk` command
line by `register`; their work is imported when they run, so `citedesk --help` stays fast."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ui.options import ChromaUrl, IndexDir, LLMBackend, LLMBaseUrl, LLMModel, console, errors, fail
from ui.tables import print_table

if TYPE_CHECKING:
    from ui.harness.bench import BenchConfig


def register(app: typer.Typer) -> None:
    app.command()(bench)
    app.command("local-llm")(local_llm)
    app.command("load-test")(load_test)


def bench(
    corpus: Annotated[Path, typer.Option(help="Articles to ingest (default: corpus/).")] = Path(
        "corpus"
    ),
    questions: Annotated[
        Path | None, typer.Option(help="Questions with gold answers (default: built-in).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for bench.json and bench.md.")] = Path(
        "bench-out"
    ),
    repeat: Annotated[int, typer.Option(help="Runs; each figure is their median.")] = 3,
    scale: Annotated[
        list[int] | None,
        typer.Option(
            help="Synthetic copies of the corpus (10, 100). Given more than once, a growth table "
            "of citedesk alone, each size on its own `chroma run` on loopback."
        ),
    ] = None,
    chroma_url: ChromaUrl = None,
    llm: LLMBackend = None,
    llm_base_url: LLMBaseUrl = None,
    llm_model: LLMModel = None,
) -> None:
    """Citedesk against the stock llama-index pipeline and BM25 alone, side by side."""
    _need_harness()
    from ui.harness.bench import DEFAULT_QUESTIONS, BenchConfig, run_bench

    factors = scale or [1]
    if any(factor < 1 for factor in factors):
        fail("--scale takes whole numbers of copies, 1 or more.")
    if len(factors) > 1:
        if chroma_url:
            fail(
                "--scale given more than once starts its own Chroma servers; leave out "
                "--chroma-url."
            )
        _scale_bench(corpus, questions or DEFAULT_QUESTIONS, out, factors)
        return
    config = BenchConfig(
        corpus=corpus,
        questions=questions or DEFAULT_QUESTIONS,
        out=out,
        repeat=repeat,
        scale=factors[0],
        chroma_url=chroma_url,
        # The answerer to compare: an LLM's answers are timed and scored like the extractive.
        answer_settings={
            name: value
            for name, value in (
                ("llm", llm),
                ("llm_base_url", llm_base_url),
                ("llm_model", llm_model),
            )
            if value is not None
        },
    )
    _print_bench(run_bench(config), config)


def _print_bench(result: dict, config: BenchConfig) -> None:
    from ui.harness.bench import PIPELINES, table_rows

    machine = result["machine"]
    print_table(
        console,
        ("figure", *PIPELINES, "citedesk / stock"),
        table_rows(result),
        title=f"{config.corpus} x{config.scale}, {result['question_count']} questions, median of "
        f"{config.repeat}; {machine['cores']} cores, {machine['ram_gib']} GiB",
    )
    console.print(
        f"Written: {config.out / 'bench.json'}, {config.out / 'bench.md'}", highlight=False
    )


def _need_harness() -> None:
    try:
        import psutil  # noqa: F401
    except ImportError:
        fail("citedesk bench needs its own packages: pip install 'citedesk[bench]'")


def _scale_bench(corpus: Path, questions: Path, out: Path, factors: list[int]) -> None:
    from ui.harness.scale import ScaleConfig, headers, run_scale, table_rows

    result = run_scale(ScaleConfig(corpus=corpus, questions=questions, out=out, factors=factors))
    machine = result["machine"]
    print_table(
        console,
        headers(result),
        table_rows(result),
        title=f"{corpus} at {len(factors)} sizes, {result['question_count']} questions; "
        f"{machine['cores']} cores, {machine['ram_gib']} GiB",
    )
    console.print(f"Written: {out / 'scale.json'}, {out / 'scale.md'}", highlight=False)


def local_llm(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8080,
    models: Annotated[Path, typer.Option(help="Where the assembled model file goes.")] = Path(
        ".citedesk/models"
    ),
) -> None:
    """Serve the bundled Gemma 3 270M as an OpenAI-compatible server on loopback."""
    import os

    from ui.harness.local_llm import MODEL_ALIAS, serve_command

    command = serve_command(models, port)
    errors.print(
        f"Serving {MODEL_ALIAS} on http://127.0.0.1:{port}/v1. Use it with:\n"
        f"  citedesk chat --llm openai-compatible --llm-base-url http://127.0.0.1:{port}/v1 "
        f"--llm-model {MODEL_ALIAS}",
        highlight=False,
    )
    os.execv(command[0], command)


def load_test(
    url: Annotated[
        str, typer.Option(help="The running chat, on loopback.")
    ] = "http://127.0.0.1:7860",
    sessions: Annotated[str, typer.Option(help="Concurrent sessions per level.")] = "1,8,32",
    per_session: Annotated[int, typer.Option(help="Questions each session asks.")] = 10,
    max_seconds: Annotated[float, typer.Option(help="Time limit per level.")] = 120.0,
    questions: Annotated[
        Path | None, typer.Option(help="Questions file (default: built-in).")
    ] = None,
    ingest: Annotated[
        list[Path] | None, typer.Option(help="Ingest these files during the largest level.")
    ] = None,
    auth: Annotated[str | None, typer.Option(help="USER:PASSWORD of the chat.")] = None,
    index_dir: IndexDir = None,
    chroma_url: ChromaUrl = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Load-test a running chat with concurrent API sessions (loopback only)."""
    from rag.evaluate.questions import load_questions
    from ui.harness.bench import DEFAULT_QUESTIONS
    from ui.harness.load_test import ingest_command, run_load

    rows, _ = load_questions(questions or DEFAULT_QUESTIONS)
    texts = [row.question for row in rows]
    credentials = tuple(auth.split(":", 1)) if auth else None
    levels = [int(n) for n in sessions.split(",") if n.strip()]
    results = []
    for level in levels:
        command = None
        if ingest and level == max(levels):
            command = ingest_command(ingest, index_dir, chroma_url)
        try:
            result = run_load(url, level, texts, per_session, max_seconds, credentials, command)
        except ValueError as error:
            fail(str(error))
        results.append(result.row())
    if as_json:
        console.print_json(json.dumps(results))
    else:
        columns = ("sessions", "questions", "answered", "errors", "lost", "q/s", "p50 ms")
        print_table(
            console,
            (*columns, "p95 ms", "ingest s"),
            [[round(v, 1) if isinstance(v, float) else v for v in row.values()] for row in results],
            title=f"Load on {url}",
        )
    if any(row["errors"] or row["lost"] for row in results):
        raise typer.Exit(1)
