"""`citedesk bench --scale 10 --scale 100`: how citedesk grows with its corpus, on a Chroma server.

Each size is `factor` copies of the corpus (`ui.harness.synthetic.scaled_corpus`: new ids, words shuffled,
so nothing is stored once as a duplicate), ingested into a fresh `chroma run` on loopback: the
server's memory and disk are its own, as in a newsroom's deployment. At each size: the ingest
(a new process), a re-ingest with nothing changed, a cold `citedesk ask`, warm retrieval and
answers in a serving process (and its memory after them), and the server's memory and disk.
Growth is each figure over the smallest size's.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.evaluate.questions import load_questions
from ui.harness.bench import ROWS as BENCH_ROWS
from ui.harness.bench import WARM_UP, engine_retrieve, latency_figures
from ui.harness.servers import chroma_server
from ui.harness.synthetic import scaled_corpus
from ui.harness.workers import machine, machine_line, run_worker, timed_command
from ui.tables import markdown_lines

_SHARED = {key: (key, label, fmt) for key, label, fmt in BENCH_ROWS}
ROWS = [
    ("articles", "articles", "{:,.0f}"),
    ("chunks", "chunks", "{:,.0f}"),
    *(
        _SHARED[key]
        for key in (
            "ingest_seconds",
            "searchable_seconds",
            "embedded_tokens_per_second",
            "ingest_peak_rss_mb",
            "reingest_seconds",
            "cold_ask_seconds",
            "retrieval_p50_ms",
            "retrieval_p95_ms",
            "answer_p50_ms",
            "answer_p95_ms",
        )
    ),
    ("serving_rss_mb", "serving RSS MB (after the questions)", "{:,.0f}"),
    ("server_rss_mb", "Chroma server RSS MB", "{:,.0f}"),
    ("server_disk_mb", "Chroma server data on disk MB", "{:,.0f}"),
]


@dataclass
class ScaleConfig:
    corpus: Path
    questions: Path
    out: Path
    factors: list[int]
    workdir: Path | None = None


def run_scale(config: ScaleConfig) -> dict[str, Any]:
    """Every size in turn, smallest first; the files are written after each size, so a long
    run that is stopped leaves the sizes it finished."""
    workdir = config.workdir or config.out / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    config.out.mkdir(parents=True, exist_ok=True)
    rows, _ = load_questions(config.questions)
    sizes: dict[int, dict[str, float]] = {}
    result: dict[str, Any] = {}
    for factor in sorted(set(config.factors)):
        sizes[factor] = _measure(config, factor, workdir, rows[0].question if rows else "What?")
        result = _result(config, len(rows), sizes)
        (config.out / "scale.json").write_text(json.dumps(result, indent=2))
        (config.out / "scale.md").write_text(markdown_table(result))
    return result


def _measure(config: ScaleConfig, factor: int, workdir: Path, question: str) -> dict[str, float]:
    corpus = scaled_corpus(config.corpus, factor, workdir) if factor > 1 else config.corpus
    folder = workdir / f"x{factor}"
    shutil.rmtree(folder, ignore_errors=True)
    index = folder / "index"
    with chroma_server(folder / "server") as (url, server):
        ingested = run_worker("ingest-citedesk", str(corpus), str(index), url)
        cli = [sys.executable, "-m", "ui.cli"]
        where = ["--index-dir", str(index), "--chroma-url", url]
        served = run_worker(
            "serve", str(config.questions), str(index), url, module="ui.harness.scale"
        )
        figures = {
            "articles": ingested["articles"],
            "chunks": ingested["chunks"],
            "ingest_seconds": ingested["seconds"],
            "searchable_seconds": ingested["searchable_seconds"],
            "embedded_tokens_per_second": ingested["embedded_tokens"] / ingested["seconds"],
            "ingest_peak_rss_mb": ingested["peak_rss_mb"],
            "reingest_seconds": timed_command([*cli, "ingest", str(corpus), *where]),
            "cold_ask_seconds": timed_command([*cli, "ask", question, *where]),
            **served,
            "server_rss_mb": _rss_mb(server.pid),
            "server_disk_mb": _disk_mb(folder / "server"),
        }
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def _result(config: ScaleConfig, questions: int, sizes: dict[int, dict[str, float]]) -> dict:
    base = min(sizes)
    return {
        "machine": machine(),
        "corpus": str(config.corpus),
        "questions": str(config.questions),
        "question_count": questions,
        "sizes": {str(f): figures for f, figures in sizes.items()},
        "growth": {
            str(f): {k: v / sizes[base][k] for k, v in figures.items() if sizes[base].get(k)}
            for f, figures in sizes.items()
            if f != base
        },
    }


def serve_figures(questions: Path, index_dir: Path, chroma_url: str | None) -> dict[str, Any]:
    """Warm retrieval and answer timings over the questions, in this (serving) process."""
    from ingest.settings import Settings
    from rag.engine import Engine

    engine = Engine(Settings(index_dir=index_dir, chroma_url=chroma_url))
    engine.warm()  # as the chat does once it serves
    asked = [r.question for r in load_questions(questions)[0]]
    for question in asked[:WARM_UP]:
        engine.ask(question)
    retrieval_ms, answer_ms = [], []
    for question in asked:
        started = time.perf_counter()
        engine_retrieve(engine, question)
        retrieval_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        engine.ask(question)
        answer_ms.append((time.perf_counter() - started) * 1000)
    return {**latency_figures(retrieval_ms, answer_ms), "serving_rss_mb": _rss_mb()}


def _rss_mb(pid: int | None = None) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def table_rows(result: dict[str, Any]) -> list[list[str]]:
    factors = list(result["sizes"])
    rows = []
    for key, label, fmt in ROWS:
        cells = [
            fmt.format(result["sizes"][f][key]) if key in result["sizes"][f] else "–"
            for f in factors
        ]
        growth = [
            f"{result['growth'][f][key]:.1f}x" if key in result["growth"][f] else "–"
            for f in factors[1:]
        ]
        rows.append([label, *cells, *growth])
    return rows


def headers(result: dict[str, Any]) -> list[str]:
    factors = list(result["sizes"])
    return ["figure", *(f"x{f}" for f in factors), *(f"x{f} / x{factors[0]}" for f in factors[1:])]


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        f"Corpus `{result['corpus']}` at {', '.join('x' + f for f in result['sizes'])}, "
        f"{result['question_count']} questions from `{result['questions']}`, each size on its "
        f"own `chroma run` on loopback; one run on {machine_line(result['machine'])}.",
        "",
        *markdown_lines(headers(result), table_rows(result)),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    """The serving worker's entry point (not a user command)."""
    task, questions, index_dir, chroma_url = sys.argv[1:]
    assert task == "serve"
    print(json.dumps(serve_figures(Path(questions), Path(index_dir), chroma_url or None)))


if __name__ == "__main__":
    main()
