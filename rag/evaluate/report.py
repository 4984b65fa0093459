"""metrics.json, answers.csv, report.md and a self-contained report.html (plots embedded, no
network, every piece of data escaped)."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
from pathlib import Path
from typing import Any

from rag.evaluate import metrics as m

# Two tables, so each fits a 1,400 px window: how well the right articles were found and cited,
# and how well the answers answered.
RETRIEVAL = ["hit@1", "hit@5", "mrr@10", "all_gold@5", "citation_precision", "citation_recall"]
ANSWERS = [
    "accuracy",
    "gold_read",
    "yes_no_accuracy",
    "f1",
    "faithfulness",
    "wrong_abstention",
    "abstention",
    "tentative",
    "words",
]
HEADLINE = RETRIEVAL + ANSWERS


def write_reports(out_dir: Path, records: list[dict], summary: dict[str, Any]) -> None:
    (out_dir / "metrics.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    write_answers_csv(out_dir / "answers.csv", records)
    plots = _plots(records, summary)
    for name, png in plots.items():
        (out_dir / f"{name}.png").write_bytes(png)
    failed = failures(records)
    (out_dir / "report.md").write_text(_markdown(summary, failed, list(plots)))
    (out_dir / "report.html").write_text(_html(summary, failed, plots))


def failures(records: list[dict]) -> list[dict]:
    """Every wrong answer, wrong refusal and answered unanswerable question (the worst first:
    wrong, then refused, then answered though unanswerable), then every question whose gold
    source was not among the first five documents."""

    def badness(record: dict) -> tuple:
        s = record["scores"]
        return (
            -(1 - s.get("accuracy", 1.0))
            - (1 - s.get("abstention", 1.0))
            - s.get("wrong_abstention", 0),
            s.get("f1", 1.0),
            s.get("mrr@10", 1.0),
        )

    failing = [r for r in records if badness(r)[0] < 0 or r["scores"].get("hit@5", 1.0) < 1]
    return sorted(failing, key=badness)


def what_went_wrong(record: dict) -> str:
    """One line: the kind of failure, and whether the gold answer was in what the answerer read
    (if not, retrieval is to blame; if so, the answerer)."""
    s = record["scores"]
    if s.get("abstention") == 0:
        kind = "answered, though unanswerable"
    elif s.get("wrong_abstention") == 1:
        kind = "refused, though answerable"
    elif s.get("accuracy") == 0:
        kind = "wrong answer"
    else:
        kind = "gold source not in the first five documents"
    if "gold_read" in s:
        kind += "; gold answer " + ("in" if s["gold_read"] else "not in") + " the passages read"
    return kind


def _rows(summary: dict[str, Any]) -> list[tuple[str, dict]]:
    return [("overall", summary["overall"]), *summary["by_type"].items()]


def _format(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _markdown(summary: dict[str, Any], failed: list[dict], plots: list[str]) -> str:
    run = summary["run"]
    lines = [
        "# citedesk evaluation",
        "",
        f"Questions: {run['rows']} from `{run['questions_file']}` ({run['asked']} asked in this run, "
        f"{run['resumed']} resumed, {run['skipped_rows']} malformed rows skipped); top-k "
        f"{run['top_k']}; store `{run['store']}`.",
        "",
    ]
    for title, columns in (("Retrieval and citations", RETRIEVAL), ("Answers", ANSWERS)):
        lines += [
            f"## {title}",
            "",
            "| group | questions | " + " | ".join(columns) + " | latency p50 / p95 ms |",
            "| --- | --- | " + " | ".join("---" for _ in columns) + " | --- |",
        ]
        for name, group in _rows(summary):
            latency = group["latency_ms"]
            lines.append(
                f"| {name} | {group['questions']} | "
                + " | ".join(_format(group.get(h)) for h in columns)
                + f" | {_format(latency['p50'])} / {_format(latency['p95'])} |"
            )
        lines.append("")
    lines += [
        f"Questions per second: {_format(run['questions_per_second'])} "
        f"({run['workers']} worker(s)).",
        "",
        f"## Failures ({len(failed)})",
        "",
    ]
    for record in failed:
        lines += [
            f"- **{record['question']}** (`{record['id']}`, {record['question_type']}): "
            f"{what_went_wrong(record)}",
            f"  - answer: {record['answer']}",
            f"  - gold: {' | '.join(record['gold_answers']) or '(unanswerable)'}; sources: "
            f"{', '.join(record['gold_sources']) or '–'}",
        ]
    lines += ["", "## Plots", ""] + [f"![{p}]({p}.png)" for p in plots]
    lines += ["", "## Definitions", ""] + [f"- **{k}**: {v}" for k, v in m.DEFINITIONS.items()]
    if summary["skipped_rows"]:
        lines += ["", "## Skipped rows", ""] + [f"- {p}" for p in summary["skipped_rows"]]
    return "\n".join(lines) + "\n"


def _html(summary: dict[str, Any], failed: list[dict], plots: dict[str, bytes]) -> str:
    e = html.escape
    run = summary["run"]
    tables = []
    for title, columns in (("Retrieval and citations", RETRIEVAL), ("Answers", ANSWERS)):
        head = "".join(f"<th>{e(h)}</th>" for h in ["group", "questions", *columns, "p50 / p95 ms"])
        body = []
        for name, group in _rows(summary):
            latency = (
                f"{_format(group['latency_ms']['p50'])} / {_format(group['latency_ms']['p95'])}"
            )
            cells = [name, group["questions"], *[group.get(h) for h in columns], latency]
            body.append("<tr>" + "".join(f"<td>{e(_format(c))}</td>" for c in cells) + "</tr>")
        tables.append(
            f'<h2>{e(title)}</h2><div class="wide"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )
    failed_html = "".join(
        f"<li><b>{e(r['question'])}</b> <code>{e(r['id'])}</code> ({e(r['question_type'])}): "
        f"{e(what_went_wrong(r))}<br>answer: {e(r['answer'])}<br>gold: "
        f"{e(' | '.join(r['gold_answers']) or '(unanswerable)')}"
        f"; sources: {e(', '.join(r['gold_sources']) or '–')}</li>"
        for r in failed
    )
    images = "".join(
        f'<figure><img alt="{e(name)}" src="data:image/png;base64,'
        f'{base64.b64encode(png).decode()}"><figcaption>{e(name)}</figcaption></figure>'
        for name, png in plots.items()
    )
    definitions = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in m.DEFINITIONS.items())
    skipped = "".join(f"<li>{e(p)}</li>" for p in summary["skipped_rows"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>citedesk evaluation</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; max-width: 1200px; }}
.wide {{ overflow-x: auto; }} li {{ overflow-wrap: anywhere; }}
table {{ border-collapse: collapse; font-size: .85em; }} td, th {{ border: 1px solid #ccc; padding: .3em .5em; }}
th {{ background: #f3f3f3; }} figure {{ display: inline-block; margin: 1em; }} img {{ max-width: 520px; }}
li {{ margin-bottom: .6em; }} dt {{ font-weight: bold; }}
</style></head><body>
<h1>citedesk evaluation</h1>
<p>{e(str(run["rows"]))} questions from <code>{e(run["questions_file"])}</code>: {e(str(run["asked"]))} asked in
this run, {e(str(run["resumed"]))} resumed, {e(str(run["skipped_rows"]))} malformed rows skipped. Top-k
{e(str(run["top_k"]))}; store <code>{e(run["store"])}</code>; {e(_format(run["questions_per_second"]))} questions per
second with {e(str(run["workers"]))} worker(s).</p>
{"".join(tables)}
<h2>Plots</h2>{images}
<h2>Failures ({len(failed)})</h2><ol>{failed_html}</ol>
<h2>Definitions</h2><dl>{definitions}</dl>
{"<h2>Skipped rows</h2><ul>" + skipped + "</ul>" if skipped else ""}
</body></html>
"""


def _plots(records: list[dict], summary: dict[str, Any]) -> dict[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plots: dict[str, bytes] = {}

    def save(name: str, figure: Any) -> None:
        buffer = io.BytesIO()
        figure.tight_layout()
        figure.savefig(buffer, format="png", dpi=90)
        plt.close(figure)
        plots[name] = buffer.getvalue()

    figure, axis = plt.subplots(figsize=(5.5, 3.2))
    axis.hist([r["latency_ms"] for r in records], bins=30, color="#e8590c")
    axis.set_xlabel("milliseconds per question")
    axis.set_ylabel("questions")
    axis.set_title("Latency")
    save("latency", figure)

    with_gold = [r for r in records if "mrr@10" in r["scores"]]
    if with_gold:
        ks = list(range(1, 11))
        curve = []
        for k in ks:
            curve.append(sum(_hit_at(r, k) for r in with_gold) / len(with_gold))
        figure, axis = plt.subplots(figsize=(5.5, 3.2))
        axis.plot(ks, curve, marker="o", color="#1c7ed6")
        axis.set_xlabel("k (distinct documents)")
        axis.set_ylabel("hit@k")
        axis.set_ylim(0, 1.02)
        axis.set_title("Gold source found within the first k documents")
        save("hit_at_k", figure)

    groups = summary["by_type"]
    figure, axis = plt.subplots(figsize=(5.5, 3.2))
    names = list(groups)
    values = [groups[n].get("accuracy", groups[n].get("abstention", 0.0)) or 0.0 for n in names]
    axis.bar(names, values, color="#37b24d")
    axis.set_ylim(0, 1)
    axis.set_ylabel("accuracy or abstention")
    axis.set_title("Score by question type")
    axis.tick_params(axis="x", labelrotation=20)
    save("score_by_type", figure)
    return plots


def _hit_at(record: dict, k: int) -> float:
    gold = set(record["gold_doc_ids"])
    ranked: list[str] = []
    for passage in record["retrieved"]:
        if passage["doc_id"] not in ranked:
            ranked.append(passage["doc_id"])
    return float(bool(gold & set(ranked[:k])))


def write_answers_csv(path: Path, records: list[dict]) -> None:
    columns = [
        "id",
        "question",
        "question_type",
        "answer",
        "abstained",
        "citations",
        "latency_ms",
        *m.SCORE_NAMES,
    ]
    with path.open("w", newline="", encoding="utf-8") as output:
        writer = csv.writer(output)
        writer.writerow(columns)
        for r in records:
            citations = " | ".join(f"[{c['n']}] {c['source']}" for c in r["citations"])
            writer.writerow(
                [
                    r["id"],
                    r["question"],
                    r["question_type"],
                    r["answer"],
                    r["abstained"],
                    citations,
                    r["latency_ms"],
                    *[r["scores"].get(name, "") for name in m.SCORE_NAMES],
                ]
            )
