"""Grid-search the extractive answerer's reader weights on development questions.

    python -m rag.evaluate.tune_answerer squad:QUESTIONS.jsonl:INDEX_DIR news:...:... \\
        conflicts:...:... plain:...:... [--out tuning.jsonl]

Every answer is stated (the confidence thresholds are fitted afterwards, on the chosen weights, by
`rag.evaluate.fit_confidence`), so a configuration is judged on what it would say:
- answerable questions: a gold answer in the lead (or, without a lead, in the quoted sentences);
- a set named `conflicts` (true and swapped snippets): both versions shown under the notice, and
  the swapped one shown alone (the worst outcome);
- a set named `plain` (the same questions without swapped snippets): false alarms.
The objective weighs a false alarm or a swapped-only answer twice as much as a right lead.
Each line of `--out` is one configuration with its scores, so a run can be read or resumed.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from rag.engine import Engine
from rag.evaluate import metrics
from rag.evaluate.fit_confidence import lead_is_right, span_golds, stating_everything
from rag.evaluate.questions import QuestionRow

GRID = {
    "top_k": [10],
    "reader_sentence_weight": [0.5, 1.0],
    "reader_agreement_bonus": [0.1, 0.25],
    "answer_conflict_ratio": [0.6, 0.8],
    "answer_copy_ratio": [0.5],
}


def judge(engine: Engine, rows: list[QuestionRow], name: str) -> dict[str, float]:
    right = answerable = 0
    disagreements: dict[str, float] = {}
    for row in rows:
        answer = engine.ask(row.question)
        golds = span_golds(row)
        if row.answerable and golds:
            answerable += 1
            right += lead_is_right(answer, golds)
        text = "" if answer.abstained else metrics.strip_markers(answer.text)
        found = metrics.disagreement_scores(
            text, answer.notice, row.answers, row.answers_if_conflict
        )
        for key, value in found.items():
            disagreements[key] = disagreements.get(key, 0.0) + value
    scores = {"right": right / max(answerable, 1)}
    if name == "conflicts":
        scores |= {
            k: disagreements.get(k, 0.0) / len(rows) for k in ("both_flagged", "swapped_only")
        }
    if name == "plain":
        scores["false_alarms"] = disagreements["flagged"] / len(rows)
    return scores


def objective(by_set: dict[str, dict[str, float]]) -> float:
    rights = [s["right"] for name, s in by_set.items() if name != "conflicts"]
    total = sum(rights) / max(len(rights), 1)
    if "conflicts" in by_set:
        total += by_set["conflicts"]["both_flagged"] - 2 * by_set["conflicts"]["swapped_only"]
    if "plain" in by_set:
        total -= 2 * by_set["plain"]["false_alarms"]
    return round(total, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", help="NAME:QUESTIONS.jsonl:INDEX_DIR")
    parser.add_argument("--out", type=Path, default=Path("tuning.jsonl"))
    args = parser.parse_args()
    loaded = []
    for spec in args.sets:
        name, questions, index_dir = spec.split(":", 2)
        engine, rows = stating_everything(Path(questions), Path(index_dir))
        loaded.append((name, engine, rows))
    done = set()
    if args.out.exists():
        done = {
            json.dumps(json.loads(line)["config"], sort_keys=True)
            for line in args.out.read_text().splitlines()
            if line.strip()
        }
    keys = list(GRID)
    for values in itertools.product(*GRID.values()):
        config = dict(zip(keys, values, strict=True))
        if json.dumps(config, sort_keys=True) in done:
            continue
        by_set = {}
        for name, engine, rows in loaded:
            engine.settings = engine.settings.changed(**config)
            by_set[name] = judge(engine, rows, name)
        result = {"config": config, "objective": objective(by_set), "sets": by_set}
        with args.out.open("a") as out:
            out.write(json.dumps(result) + "\n")
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
