"""Grid-search the extractive answerer's span weights on development questions.

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

from ingest.settings import Settings
from rag.engine import Engine
from rag.evaluate import metrics
from rag.evaluate.fit_confidence import STATE_EVERYTHING
from rag.evaluate.questions import QuestionRow, load_questions

GRID = {
    "top_k": [10],
    "answer_span_closeness_weight": [0.3],
    "answer_agreement_bonus": [0.25, 0.4],
    "answer_conflict_ratio": [0.8, 0.9],
    "answer_copy_ratio": [0.5, 0.7],
}


def judge(engine: Engine, rows: list[QuestionRow], name: str) -> dict[str, float]:
    right = both = swapped = alarms = 0
    answerable = 0
    for row in rows:
        answer = engine.ask(row.question)
        text = metrics.strip_markers(answer.text)
        said = answer.lead.text if answer.lead else text
        flagged = metrics.says_sources_disagree(answer.text, answer.notice)
        golds = [g for g in row.answers if not metrics.is_yes_no(g)]
        if row.answerable and golds:
            answerable += 1
            right += metrics.contains_answer(said, golds)
        if name == "conflicts" and row.answers_if_conflict:
            shows_true = metrics.contains_answer(text, golds)
            shows_false = metrics.contains_answer(text, row.answers_if_conflict)
            both += shows_true and shows_false and flagged
            swapped += shows_false and not shows_true
        alarms += name == "plain" and flagged
    scores = {"right": right / max(answerable, 1)}
    if name == "conflicts":
        scores |= {"both_flagged": both / len(rows), "swapped_only": swapped / len(rows)}
    if name == "plain":
        scores["false_alarms"] = alarms / len(rows)
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
        rows, problems = load_questions(Path(questions))
        if problems:
            raise SystemExit(f"{questions}: {problems[0]}")
        engine = Engine(Settings(index_dir=Path(index_dir)))
        engine.tools.calibration = STATE_EVERYTHING
        loaded.append((name, engine, rows))
    done = set()
    if args.out.exists():
        done = {json.dumps(json.loads(line)["config"], sort_keys=True)
                for line in args.out.read_text().splitlines() if line.strip()}
    keys = list(GRID)
    for values in itertools.product(*GRID.values()):
        config = dict(zip(keys, values, strict=True))
        if json.dumps(config, sort_keys=True) in done:
            continue
        by_set = {}
        for name, engine, rows in loaded:
            engine.settings = engine.settings.model_copy(update=config)
            by_set[name] = judge(engine, rows, name)
        result = {"config": config, "objective": objective(by_set), "sets": by_set}
        with args.out.open("a") as out:
            out.write(json.dumps(result) + "\n")
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
