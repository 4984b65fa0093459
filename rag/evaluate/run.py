"""`evaluate()`: answer every question of a file with the engine, score each row, and write
answers, metrics and the report. Resumable: rows already in `answers.jsonl` are not asked again."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.models import Problem
from ingest.settings import Settings
from ingest.store.catalog import DocumentInfo
from rag.desk import Desk, get_desk
from rag.evaluate import metrics as m
from rag.evaluate.questions import QuestionRow, load_questions
from rag.models import Answer, Filters

RETRIEVE_K = 20  # passages retrieved per question, so hit@10 counts ten distinct documents


@dataclass
class EvalResult:
    out_dir: Path
    records: list[dict]
    metrics: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    asked: int = 0
    resumed: int = 0


class GoldResolver:
    """Gold sources may be document ids, urls or titles; duplicates count as their kept copy."""

    def __init__(self, documents: list[DocumentInfo]) -> None:
        self.lookup: dict[str, str] = {}
        for doc in documents:
            kept = doc.duplicate_of or doc.doc_id
            for key in (doc.title.lower() if doc.title else None, doc.url, doc.doc_id):
                if key:
                    self.lookup[key] = kept

    def __call__(self, sources: list[str]) -> set[str]:
        return {self.lookup.get(s, self.lookup.get(s.lower(), s)) for s in sources}


def evaluate(
    questions: Path,
    out_dir: Path,
    settings: Settings | None = None,
    *,
    top_k: int | None = None,
    workers: int = 1,
    limit: int | None = None,
    force: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    dated: bool = True,
) -> EvalResult:
    """Answer every question not already answered in `out_dir` (a stopped run resumes where it
    stopped), then score them all and write the reports. With `dated`, each question is asked
    as of its row's `as_of` or `question_date`."""
    from rag.evaluate.report import write_reports

    rows, problems = load_questions(questions)
    rows = rows[:limit] if limit else rows
    out_dir.mkdir(parents=True, exist_ok=True)
    answers_path = out_dir / "answers.jsonl"
    if force:
        answers_path.unlink(missing_ok=True)
    done = _previous(answers_path, rows)
    pending = [row for row in rows if row.id not in done]
    desk = get_desk(settings)
    wall = _answer_all(pending, desk, top_k, workers, answers_path, done, on_progress, dated)
    records = [done[row.id] for row in rows]
    summary = aggregate(records)
    summary["run"] = {
        "questions_file": str(questions),
        "rows": len(rows),
        "asked": len(pending),
        "resumed": len(rows) - len(pending),
        "skipped_rows": len(problems),
        "workers": workers,
        "as_of": "each row's as_of / question_date" if dated else "none",
        "wall_seconds": round(wall, 3),
        "questions_per_second": round(len(pending) / wall, 2) if pending and wall else None,
        "top_k": top_k or desk.settings.retrieval.top_k,
        "retrieve_k": RETRIEVE_K,
        "store": desk.settings.store.location,
    }
    summary["definitions"] = m.DEFINITIONS
    summary["skipped_rows"] = [str(p) for p in problems]
    write_reports(out_dir, records, summary)
    return EvalResult(out_dir, records, summary, problems, len(pending), len(rows) - len(pending))


def _answer_all(
    pending: list[QuestionRow],
    desk: Desk,
    top_k: int | None,
    workers: int,
    answers_path: Path,
    done: dict[str, dict],
    on_progress: Callable[[int, int], None] | None,
    dated: bool = True,
) -> float:
    """Answer and score the questions in `workers` threads, each record appended to
    `answers_path` (and put in `done`) as soon as it is scored; returns the wall seconds."""
    resolve = GoldResolver(desk.documents())
    lock = threading.Lock()
    finished = 0

    def answer(row: QuestionRow) -> None:
        nonlocal finished
        started = time.perf_counter()
        filters = Filters(as_of=row.as_of) if row.as_of and dated else None
        result = desk.ask(row.question, filters=filters, top_k=top_k, retrieve_k=RETRIEVE_K)
        latency = (time.perf_counter() - started) * 1000
        read = top_k or desk.settings.retrieval.top_k
        record = score_row(row, result, latency, resolve(row.sources), desk, read)
        with lock, answers_path.open("a", encoding="utf-8") as output:
            output.write(json.dumps(record, ensure_ascii=False) + "\n")
            done[row.id] = record
            finished += 1
            if on_progress:
                on_progress(finished, len(pending))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(answer, pending))
    return time.perf_counter() - started


def _previous(path: Path, rows: list[QuestionRow]) -> dict[str, dict]:
    """Rows answered by an earlier run of the same file, matched by id and question text."""
    if not path.exists():
        return {}
    wanted = {row.id: row.question for row in rows}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by an interrupted run is asked again
        if wanted.get(record.get("id")) == record.get("question"):
            found[record["id"]] = record
    return found


def score_row(
    row: QuestionRow,
    answer: Answer,
    latency_ms: float,
    gold: set[str],
    desk: Desk,
    read: int | None = None,
) -> dict[str, Any]:
    """The answer as `answers.jsonl` records it, with its scores. `read`: how many of the
    retrieved passages the answerer read (its top_k; None: all)."""
    return {
        "id": row.id,
        "question": row.question,
        "question_type": row.question_type,
        "answerable": row.answerable,
        "gold_answers": row.answers,
        "gold_sources": row.sources,
        "gold_doc_ids": sorted(gold),
        "answer": answer.text,
        "abstained": answer.abstained,
        "outcome": answer.outcome,
        "confidence": answer.confidence,
        "expected_kind": answer.analysis.kind if answer.analysis else None,
        "lead": answer.lead.text if answer.lead else None,
        "evidence": answer.evidence,
        "notice": answer.notice,
        "citations": [
            {
                "n": c.n,
                "source": c.doc_id,
                "title": c.title,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
                "score": c.score,
            }
            for c in answer.citations
        ],
        "retrieved": [
            {"doc_id": p.doc_id, "chunk_id": p.chunk_id, "score": p.score} for p in answer.retrieved
        ],
        "latency_ms": round(latency_ms, 2),
        "scores": scores_of(row, answer, gold, desk, read),
    }


def scores_of(
    row: QuestionRow, answer: Answer, gold: set[str], desk: Desk, read: int | None
) -> dict[str, Any]:
    """Retrieval and citation scores against the gold articles, the answer's against the gold
    answers (or, for an unanswerable question, whether it abstained), and faithfulness."""
    ranked: list[str] = []
    for passage in answer.retrieved:
        if passage.doc_id not in ranked:
            ranked.append(passage.doc_id)
    text = m.strip_markers(answer.text) if not answer.abstained else ""
    scores: dict[str, Any] = {}
    if gold:
        scores.update(m.retrieval_scores(ranked, gold))
        cited = [(c.doc_id, c.start, c.end) for c in answer.citations]
        scores.update(m.citation_scores(cited, gold))
    if row.answerable:
        scores["wrong_abstention"] = float(answer.abstained)
        golds = [g for g in row.answers if not m.is_yes_no(g)]
        yes_no = [g for g in row.answers if m.is_yes_no(g)]
        if golds:
            scores["accuracy"] = float(m.contains_answer(text, golds, row.all_answers))
            scores["f1"] = m.token_f1(text, golds)
            passages = " ".join(p.text for p in answer.retrieved[:read])
            scores["gold_read"] = float(m.contains_answer(passages, golds, row.all_answers))
        if yes_no:
            scores["yes_no_accuracy"] = float(m.yes_no_match(text, yes_no))
    else:
        scores["abstention"] = float(answer.abstained)
    scores.update(m.disagreement_scores(text, answer.notice, row.answers, row.answers_if_conflict))
    scores["tentative"] = float(answer.outcome == "tentative")
    if not answer.abstained:
        scores["words"] = len(text.split())
    if answer.citations:
        faithful = 0
        for citation in answer.citations:
            faithful += desk.is_faithful(citation)
        scores["faithfulness"] = faithful / len(answer.citations)
    return scores


def aggregate(records: list[dict]) -> dict[str, Any]:
    """Means of each score over the rows it applies to, overall and per question type."""

    def summarise(group: list[dict]) -> dict[str, Any]:
        result: dict[str, Any] = {"questions": len(group)}
        for name in m.SCORE_NAMES:
            values = [r["scores"].get(name) for r in group]
            counted = [v for v in values if v is not None]
            if counted:
                result[name] = round(m.mean(counted), 4)
                result[f"{name}_n"] = len(counted)
        latencies = [r["latency_ms"] for r in group]
        result["latency_ms"] = {
            "p50": m.percentile(latencies, 0.5),
            "p95": m.percentile(latencies, 0.95),
            "max": max(latencies, default=None),
        }
        return result

    types = sorted({r["question_type"] for r in records})
    kinds = sorted({str(r.get("expected_kind")) for r in records})
    return {
        "overall": summarise(records),
        "by_type": {t: summarise([r for r in records if r["question_type"] == t]) for t in types},
        "by_expected_kind": {
            k: summarise([r for r in records if str(r.get("expected_kind")) == k]) for k in kinds
        },
    }
