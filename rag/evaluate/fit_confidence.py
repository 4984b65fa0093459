"""Fit the answer's confidence on development questions and write `rag/data/confidence.json`.

    python -m rag.evaluate.fit_confidence squad:QUESTIONS.jsonl:INDEX_DIR news:...:... \\
        [--training rag/data/confidence_training.jsonl] [--out rag/data/confidence.json]

The sets used (2026-12-05): seed (`rag/data/seed_questions.jsonl`), squad
(`../shared/eval/questions/dev.jsonl`), news (`../shared/eval/news/questions.jsonl`), plain
(`../shared/eval/conflicts/plain_questions.jsonl`) and blind (`rag/data/forms_blind.jsonl`: its
fitted splits' fact and unanswerable questions over the seed index), each over its own index.

Each question is answered with every answer stated (no threshold), and labelled right when a
gold answer is in its lead (or, without a lead, in its quotes); unanswerable questions are
labelled wrong. Two logistic regressions over the evidence features (`rag.extractive.confidence.FEATURES`),
cross-validated: whether the question is answerable from the articles at all, and whether the
lead is right. The thresholds are chosen on the cross-validated probabilities: refuse below the
first's value that keeps wrong refusals of answerable questions at most `--max-wrong-refusals`;
state the answer (not "the closest the articles come") from the second's value where stated
answers are right at least `--stated-precision` of the time.

Needs scikit-learn (`pip install -e '.[dev]'`); answering with the result does not.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from ingest.settings import Settings
from rag.engine import Engine
from rag.evaluate import forms_blind, metrics
from rag.evaluate.questions import QuestionRow, load_questions
from rag.extractive import confidence
from rag.models import Answer

STATE_EVERYTHING = confidence.Calibration(answer_at=0.0, tentative_at=0.0)


def stating_everything(questions: Path, index_dir: Path) -> tuple[Engine, list[QuestionRow]]:
    """The questions, and an engine over their index that states every answer it finds; of the
    blind forms set (`rag/data/forms_blind.jsonl`), its fitted splits' facts and unanswerables."""
    if questions.resolve() == forms_blind.QUESTIONS.resolve():
        rows, problems = forms_blind.fact_rows(), []
    else:
        rows, problems = load_questions(questions)
    if problems:
        raise SystemExit(f"{questions}: {problems[0]}")
    engine = Engine(Settings(index_dir=index_dir))
    engine.tools.calibration = STATE_EVERYTHING
    return engine, rows


def span_golds(row: QuestionRow) -> list[str]:
    """The gold answers a span can hold (not "yes" or "no")."""
    return [g for g in row.answers if not metrics.is_yes_no(g)]


def lead_is_right(answer: Answer, golds: list[str]) -> bool:
    """A gold answer is in the lead or, without a lead, in the quoted sentences."""
    said = answer.lead.text if answer.lead else metrics.strip_markers(answer.text)
    return metrics.contains_answer(said, golds)


def collect(name: str, questions: Path, index_dir: Path) -> list[dict]:
    engine, rows = stating_everything(questions, index_dir)
    found = []
    for row in rows:
        answer = engine.ask(row.question)
        golds = span_golds(row)
        right = bool(row.answerable and golds and lead_is_right(answer, golds))
        if row.answerable and not golds:
            continue  # yes/no questions: no span to check
        found.append(
            {
                "set": name,
                "id": row.id,
                "answerable": row.answerable,
                "kind": answer.analysis.kind if answer.analysis else None,
                "right": right,
                **{k: answer.evidence.get(k, 0.0) for k in confidence.FEATURES},
            }
        )
    return found


def fit(training: list[dict], max_wrong_refusals: float, stated_precision: float) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    x = np.array([[r[k] for k in confidence.FEATURES] for r in training])
    y = np.array([r["right"] for r in training], dtype=int)
    answerable = np.array([r["answerable"] for r in training])
    relevant_model = LogisticRegression(C=1.0, max_iter=2000)
    relevant = cross_val_predict(
        relevant_model, x, answerable.astype(int), cv=5, method="predict_proba"
    )[:, 1]
    relevant_model.fit(x, answerable.astype(int))
    model = LogisticRegression(C=1.0, max_iter=2000)
    held_out = cross_val_predict(model, x, y, cv=5, method="predict_proba")[:, 1]
    model.fit(x, y)
    # Refuse below the largest threshold that keeps wrong refusals of answerable questions
    # within budget (measured on cross-validated probabilities, not the fitted ones).
    tentative_at = 0.0
    for threshold in np.unique(np.round(relevant, 3)):
        if np.mean(relevant[answerable] < threshold) <= max_wrong_refusals:
            tentative_at = float(threshold)
    candidates = np.unique(np.round(held_out, 3))
    answer_at = 1.0
    for threshold in sorted(candidates, reverse=True):
        stated = held_out >= threshold
        if stated.sum() >= 10 and y[stated].mean() >= stated_precision:
            answer_at = float(threshold)
    unanswerable = ~answerable
    report = {
        "questions": len(training),
        "right_when_stated_everything": round(float(y.mean()), 4),
        "cv_wrong_refusals": round(float(np.mean(relevant[answerable] < tentative_at)), 4),
        "cv_unanswerable_refused": round(float(np.mean(relevant[unanswerable] < tentative_at)), 4)
        if unanswerable.any()
        else None,
        "cv_stated_precision": round(float(y[held_out >= answer_at].mean()), 4)
        if (held_out >= answer_at).any()
        else None,
    }

    def coefficients(fitted: LogisticRegression) -> dict:
        return {
            "intercept": round(float(fitted.intercept_[0]), 5),
            "coefficients": {
                k: round(float(c), 5)
                for k, c in zip(confidence.FEATURES, fitted.coef_[0], strict=True)
            },
        }

    return {
        "relevant": coefficients(relevant_model),
        "right": coefficients(model),
        "answer_at": round(answer_at, 4),
        "tentative_at": round(tentative_at, 4),
        "fitted_on": {},
        "notes": json.dumps(report),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", help="NAME:QUESTIONS:INDEX_DIR")
    parser.add_argument("--training", type=Path, default=Path("rag/data/confidence_training.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("rag/data/confidence.json"))
    parser.add_argument("--max-wrong-refusals", type=float, default=0.08)
    parser.add_argument("--stated-precision", type=float, default=0.6)
    parser.add_argument(
        "--fit-on",
        default="seed,squad,news,plain,blind",
        help="Sets to fit on (the conflict set's right answer is both versions, not one lead).",
    )
    args = parser.parse_args()
    if args.sets:
        training = []
        for spec in args.sets:
            name, questions, index_dir = spec.split(":")
            training += collect(name, Path(questions), Path(index_dir))
        args.training.write_text("".join(json.dumps(r) + "\n" for r in training))
    else:  # refit from the saved training data
        training = [json.loads(line) for line in args.training.read_text().splitlines()]
    used = set(args.fit_on.split(","))
    training = [r for r in training if r["set"] in used]
    fitted = fit(training, args.max_wrong_refusals, args.stated_precision)
    sets: dict[str, int] = {}
    for row in training:
        sets[row["set"]] = sets.get(row["set"], 0) + 1
    fitted["fitted_on"] = sets
    args.out.write_text(json.dumps(fitted, indent=2) + "\n")
    print(json.dumps(fitted, indent=2))


if __name__ == "__main__":
    main()
