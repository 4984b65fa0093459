"""`citedesk bench`: citedesk against the stock llama-index pipeline and BM25 alone, side by side
in one run on the same machine, corpus and questions.

Ingest and cold starts run in fresh subprocesses (so each pipeline's peak memory and start-up are
its own); warm query timings run in this process after a warm-up. Every figure is the median of
`repeat` runs.
"""

from __future__ import annotations

import functools
import json
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.settings import Settings
from rag.evaluate import metrics as m
from rag.evaluate.questions import QuestionRow, load_questions
from rag.evaluate.run import GoldResolver
from ui.harness.servers import chat_command, free_port, wait_for_http
from ui.harness.synthetic import scaled_corpus
from ui.harness.workers import (
    STOCK_COLLECTION,
    machine,
    machine_line,
    run_worker,
    timed_command,
)
from ui.tables import markdown_lines

if TYPE_CHECKING:
    from rag.engine import Engine

DEFAULT_QUESTIONS = Path(__file__).parents[2] / "rag" / "data" / "seed_questions.jsonl"
PIPELINES = ("citedesk", "stock", "bm25")
RETRIEVE_K = 20
WARM_UP = 5


@dataclass
class BenchConfig:
    corpus: Path
    questions: Path
    out: Path
    repeat: int = 3
    scale: int = 1
    chroma_url: str | None = None
    workdir: Path | None = None
    answer_settings: dict[str, Any] = field(default_factory=dict)  # e.g. an LLM to compare


# -- the run -----------------------------------------------------------------------------------


def run_bench(config: BenchConfig) -> dict[str, Any]:
    workdir = config.workdir or config.out / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = (
        scaled_corpus(config.corpus, config.scale, workdir) if config.scale > 1 else config.corpus
    )
    rows, _ = load_questions(config.questions)
    figures: dict[str, dict[str, list[float]]] = {p: {} for p in PIPELINES}
    for run in range(config.repeat):
        index = workdir / f"run{run}"
        shutil.rmtree(index, ignore_errors=True)
        # In this order: the ingests build the indexes that everything after them reads.
        for measured in (
            _ingest_figures(corpus, index, config.chroma_url),
            _cold_figures(corpus, index, config.chroma_url, rows),
            _query_figures(index, config.chroma_url, rows, config.answer_settings),
            _serving_figures(index / "citedesk", config.chroma_url),
        ):
            for pipeline, values in measured.items():
                for name, value in values.items():
                    if value is not None:
                        figures[pipeline].setdefault(name, []).append(value)
        if run < config.repeat - 1:
            shutil.rmtree(index, ignore_errors=True)

    medians = {p: {k: statistics.median(v) for k, v in f.items()} for p, f in figures.items()}
    result = {
        "machine": machine(),
        "corpus": str(config.corpus),
        "scale": config.scale,
        "questions": str(config.questions),
        "question_count": len(rows),
        "repeat": config.repeat,
        "store": config.chroma_url or "embedded",
        "pipelines": medians,
        "ratios": _ratios(medians),
        "inconsistent": inconsistencies(medians),
    }
    config.out.mkdir(parents=True, exist_ok=True)
    (config.out / "bench.json").write_text(json.dumps(result, indent=2))
    (config.out / "bench.md").write_text(markdown_table(result))
    return result


Figures = dict[str, dict[str, float | None]]  # pipeline -> figure -> value (None: not measured)


def _ingest_figures(corpus: Path, index: Path, chroma_url: str | None) -> Figures:
    """Each pipeline's ingest from nothing, in a fresh subprocess."""
    figures: Figures = {}
    for pipeline, task in (("citedesk", "ingest-citedesk"), ("stock", "ingest-stock")):
        result = run_worker(task, str(corpus), str(index / pipeline), chroma_url or "")
        figures[pipeline] = {
            "ingest_seconds": result["seconds"],
            # The stock pipeline is searchable when it ends; citedesk before it finds names.
            "searchable_seconds": result.get("searchable_seconds", result["seconds"]),
            "chunks": result["chunks"],
            # Tokens over the whole ingest's wall time, for both: cleaning, splitting,
            # duplicate detection, writing and BM25 count against citedesk's throughput.
            "embedded_tokens_per_second": result["embedded_tokens"] / result["seconds"],
            "ingest_peak_rss_mb": result["peak_rss_mb"],
        }
    alone = run_worker("embed-alone", str(corpus), str(index / "citedesk"), chroma_url or "")
    if alone["seconds"]:
        ours = figures["citedesk"]
        ours["model_tokens_per_second"] = alone["embedded_tokens"] / alone["seconds"]
        ours["ingest_share_of_model"] = (
            ours["embedded_tokens_per_second"] / ours["model_tokens_per_second"]
        )
    return figures


def _cold_figures(
    corpus: Path, index: Path, chroma_url: str | None, rows: list[QuestionRow]
) -> Figures:
    """Commands as a user runs them, each a new process: ingesting again what is stored, a
    first question, the help."""
    citedesk_cli = [sys.executable, "-m", "ui.cli"]
    location = ["--chroma-url", chroma_url] if chroma_url else []
    stored = ["--index-dir", str(index / "citedesk"), *location]
    question = rows[0].question if rows else "What happened?"
    stock_ask = [sys.executable, "-m", "ui.harness.workers", "cold-stock", str(index / "stock")]
    return {
        "citedesk": {
            "reingest_seconds": timed_command([*citedesk_cli, "ingest", str(corpus), *stored]),
            "cold_ask_seconds": timed_command([*citedesk_cli, "ask", question, *stored]),
            "help_seconds": timed_command([*citedesk_cli, "--help"]),
        },
        "stock": {
            "cold_ask_seconds": timed_command([*stock_ask, chroma_url or "", question]),
        },
    }


def _serving_figures(index: Path, chroma_url: str | None) -> Figures:
    ready, answered, rss = _serving(index, chroma_url)
    return {
        "citedesk": {
            "chat_ready_seconds": ready,
            "chat_first_answer_seconds": answered,
            "serving_rss_mb": rss,
        }
    }


def _query_figures(
    index: Path, chroma_url: str | None, rows: list[QuestionRow], answer_settings: dict[str, Any]
) -> Figures:
    """Warm timings and quality for the three pipelines, in this process."""
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from ingest.store import open_store
    from ingest.store.catalog import list_documents
    from rag.engine import Engine

    settings = Settings(index_dir=index / "citedesk", chroma_url=chroma_url)
    citedesk = Engine(settings.changed(**answer_settings))
    bm25_only = Engine(settings.changed(dense_weight=0.0))
    stock_store = open_store(Settings(index_dir=index / "stock", chroma_url=chroma_url))
    stock_index = VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=stock_store.client.get_collection(STOCK_COLLECTION)),
        embed_model=citedesk.embed_model,
    )
    stock = stock_index.as_retriever(similarity_top_k=RETRIEVE_K)
    resolve = GoldResolver(list_documents(citedesk.store))

    def retrieve(pipeline: str, question: str) -> list[str]:
        if pipeline == "stock":
            return _ranked_documents(stock.retrieve(question))
        return engine_retrieve(citedesk if pipeline == "citedesk" else bm25_only, question)

    questions = [r.question for r in rows]
    results: dict[str, dict[str, float | None]] = {}
    for pipeline in PIPELINES:
        engine = {"citedesk": citedesk, "bm25": bm25_only}.get(pipeline)
        if engine:
            engine.warm()  # as the chat does once it serves
        for question in questions[:WARM_UP]:
            retrieve(pipeline, question)
            if engine:
                engine.ask(question)
        retrieval_ms, answer_ms, ranked_lists, answers = [], [], [], []
        for question in questions:
            started = time.perf_counter()
            ranked_lists.append(retrieve(pipeline, question))
            retrieval_ms.append((time.perf_counter() - started) * 1000)
            if engine:
                started = time.perf_counter()
                answers.append(engine.ask(question))
                answer_ms.append((time.perf_counter() - started) * 1000)
        figures = latency_figures(retrieval_ms, answer_ms)
        for workers in (1, 2):
            # Each pass on a new engine: its caches (the sentences embedded and tagged for earlier
            # answers) start empty, so no question is answered from a pass that just answered it.
            work = Engine(engine.settings).ask if engine else functools.partial(retrieve, pipeline)
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(work, questions))
            figures[f"qps_{workers}_workers"] = len(questions) / (time.perf_counter() - started)
        figures.update(_quality(rows, ranked_lists, answers, resolve))
        results[pipeline] = figures
    return results


def engine_retrieve(engine: Engine, question: str) -> list[str]:
    """The documents an engine's search ranks for a question (what a retrieval timing times:
    embedding the question and the hybrid search, no answering)."""
    from llama_index.core.schema import QueryBundle

    from rag.models import Filters

    vector = engine.embed_model.get_query_embedding(question)
    query = QueryBundle(query_str=question, embedding=vector)
    return _ranked_documents(engine.search.search(query, Filters(), RETRIEVE_K))


def _ranked_documents(hits: list) -> list[str]:
    ranked: list[str] = []
    for hit in hits:
        doc_id = hit.node.metadata.get("doc_id") or hit.node.ref_doc_id
        if doc_id not in ranked:
            ranked.append(doc_id)
    return ranked


def latency_figures(retrieval_ms: list[float], answer_ms: list[float]) -> dict[str, float | None]:
    return {
        "retrieval_p50_ms": m.percentile(retrieval_ms, 0.5),
        "retrieval_p95_ms": m.percentile(retrieval_ms, 0.95),
        "answer_p50_ms": m.percentile(answer_ms, 0.5),
        "answer_p95_ms": m.percentile(answer_ms, 0.95),
    }


def _quality(
    rows: list[QuestionRow], ranked_lists: list[list[str]], answers: list, resolve: GoldResolver
) -> dict:
    with_gold = [
        (r, ranked)
        for r, ranked in zip(rows, ranked_lists, strict=True)
        if r.sources and r.answerable
    ]
    quality: dict[str, float | None] = {}
    if with_gold:
        scores = [m.retrieval_scores(ranked, resolve(r.sources)) for r, ranked in with_gold]
        for name in ("hit@1", "hit@5", "mrr@10"):
            quality[name] = m.mean(s[name] for s in scores)
    if answers:
        answerable = [
            (r, a) for r, a in zip(rows, answers, strict=True) if r.answerable and r.answers
        ]
        unanswerable = [(r, a) for r, a in zip(rows, answers, strict=True) if not r.answerable]
        if answerable:
            quality["answer_containment"] = m.mean(
                float(not a.abstained and m.contains_answer(a.text, r.answers, r.all_answers))
                for r, a in answerable
            )
        if unanswerable:
            quality["abstention_accuracy"] = m.mean(float(a.abstained) for _, a in unanswerable)
    return quality


def _serving(index_dir: Path, chroma_url: str | None) -> tuple[float, float, float]:
    """Seconds from starting `citedesk chat` until it serves the page and until its first
    answer (the engine loads after the page is served), and its resident memory then."""
    import psutil
    from gradio_client import Client

    port = free_port()
    command = chat_command(index_dir, port, *(["--chroma-url", chroma_url] if chroma_url else []))
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_for_http(f"http://127.0.0.1:{port}/gradio_api/info", server, 180):
            return float("nan"), float("nan"), float("nan")
        ready = time.perf_counter() - started
        Client(f"http://127.0.0.1:{port}", verbose=False).predict("What happened?", api_name="/ask")
        answered = time.perf_counter() - started
        process = psutil.Process(server.pid)
        rss = sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
        return ready, answered, rss / 2**20
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- presenting --------------------------------------------------------------------------------

ROWS = [
    ("ingest_seconds", "ingest: wall seconds", "{:.1f}"),
    ("searchable_seconds", "ingest: seconds until searchable", "{:.1f}"),
    ("chunks", "ingest: chunks", "{:.0f}"),
    ("embedded_tokens_per_second", "ingest: embedded tokens / wall s", "{:,.0f}"),
    ("model_tokens_per_second", "the embedding model alone: tokens / s", "{:,.0f}"),
    ("ingest_share_of_model", "ingest's tokens / s against the model alone", "{:.0%}"),
    ("ingest_peak_rss_mb", "ingest: peak RSS MB", "{:,.0f}"),
    ("reingest_seconds", "re-ingest unchanged: seconds (new process)", "{:.2f}"),
    ("retrieval_p50_ms", "retrieval p50 ms (warm)", "{:.1f}"),
    ("retrieval_p95_ms", "retrieval p95 ms (warm)", "{:.1f}"),
    ("answer_p50_ms", "full answer p50 ms (warm)", "{:.1f}"),
    ("answer_p95_ms", "full answer p95 ms (warm)", "{:.1f}"),
    ("qps_1_workers", "questions / s, 1 worker (unseen)", "{:.1f}"),
    ("qps_2_workers", "questions / s, 2 workers (unseen)", "{:.1f}"),
    ("cold_ask_seconds", "cold start to first answer: s", "{:.2f}"),
    ("chat_ready_seconds", "citedesk chat serves its page: s", "{:.2f}"),
    ("chat_first_answer_seconds", "citedesk chat first answer (from start): s", "{:.2f}"),
    ("help_seconds", "citedesk --help: s", "{:.2f}"),
    ("serving_rss_mb", "serving RSS MB (citedesk chat)", "{:,.0f}"),
    ("hit@1", "hit@1", "{:.3f}"),
    ("hit@5", "hit@5", "{:.3f}"),
    ("mrr@10", "MRR@10", "{:.3f}"),
    ("answer_containment", "answer containment", "{:.3f}"),
    ("abstention_accuracy", "abstention on unanswerable", "{:.3f}"),
]


def inconsistencies(medians: dict[str, dict[str, float]]) -> list[str]:
    """Rows that contradict each other: one worker cannot answer faster than one question per
    median answer time allows (with a margin for the spread)."""
    found = []
    for pipeline, values in medians.items():
        each_ms = values.get("answer_p50_ms") or values.get("retrieval_p50_ms")
        qps = values.get("qps_1_workers")
        if each_ms and qps and qps > 1.5 * 1000 / each_ms:
            found.append(
                f"{pipeline}: {qps:.1f} questions/s with one worker, but a median of "
                f"{each_ms:.0f} ms each allows about {1000 / each_ms:.1f}"
            )
    return found


def _ratios(medians: dict[str, dict[str, float]]) -> dict[str, float]:
    ours, stock = medians["citedesk"], medians["stock"]
    return {k: ours[k] / stock[k] for k in ours if stock.get(k)}


def table_rows(result: dict[str, Any]) -> list[list[str]]:
    pipelines = result["pipelines"]
    rows = []
    for key, label, fmt in ROWS:
        cells = [fmt.format(pipelines[p][key]) if key in pipelines[p] else "–" for p in PIPELINES]
        ratio = result["ratios"].get(key)
        rows.append([label, *cells, f"{ratio:.2f}" if ratio is not None else "–"])
    return rows


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        f"Corpus `{result['corpus']}` (x{result['scale']}), {result['question_count']} questions "
        f"from `{result['questions']}`, store: {result['store']}; median of {result['repeat']} "
        f"run(s) on {machine_line(result['machine'])}.",
        "",
        *markdown_lines(
            ["figure", "citedesk", "stock llama-index", "BM25 only", "citedesk / stock"],
            table_rows(result),
        ),
    ]
    lines += [f"\nInconsistent rows: {line}" for line in result.get("inconsistent", [])]
    return "\n".join(lines) + "\n"
