"""How the command line shows what the library returns: progress, the ingest report, an answer's
checks and sources, an evaluation's headline. Presentation only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ui.options import console, errors
from ui.tables import print_table

if TYPE_CHECKING:
    from rich.progress import Progress

    from ingest.models import IngestReport
    from rag.evaluate.run import EvalResult
    from rag.models import Answer


def progress_bar(label: str, hidden: bool = False) -> Progress:
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


def ingest_report(report: IngestReport) -> None:
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
        ("chunks labelled (names found)", report.labelled_chunks),
        ("searchable after seconds", f"{report.searchable_seconds:.1f}"),
        ("seconds", f"{report.seconds:.1f}"),
    ]
    print_table(console, ("figure", "value"), rows, no_wrap=("value",))


def checks(answer: Answer, streamed: str) -> None:
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


def sources(answer: Answer) -> None:
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


def evaluation(result: EvalResult, out: Path) -> None:
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


def reader_scores(scores: dict, leaderboard: list[tuple[str, float, float]], out: Path) -> None:
    """The reader's exact match and F1, then where they stand among published models."""
    print_table(
        console,
        ("metric", "value"),
        [
            ("questions", scores["questions"]),
            ("exact match", scores["exact_match"]),
            ("F1", scores["f1"]),
        ],
    )
    if leaderboard:
        print_table(
            console,
            ("model (published leaderboard)", "EM", "F1"),
            [(name, f"{em:.1f}", f"{f1:.1f}") for name, em, f1 in leaderboard],
        )
    console.print(
        f"Predictions: {out / 'predictions.jsonl'}; scores: {out / 'scores.json'}", highlight=False
    )
