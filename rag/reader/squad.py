"""The reader alone on SQuAD-format questions with their gold passage (`citedesk eval-reader`),
scored by the official SQuAD v1.1 rules so the figures sit beside published leaderboards.

The rules are SQuAD's `evaluate-v1.1.py` (lower case, no punctuation, no articles a/an/the,
single spaces; exact match and token F1 against the best gold answer), written out here because
that script is not a package; `rag.evaluate.metrics` normalises more (number words, hyphens) for
our own answers and must not be used for a published comparison.
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rag.reader import Reader


class ReaderFileError(ValueError):
    """A line of the questions file is not a SQuAD paragraph; the message says which and why."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    context: str
    answers: list[str]


def normalize_answer(text: str) -> str:
    text = "".join(ch for ch in text.lower() if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def exact_match(prediction: str, answers: list[str]) -> float:
    return float(any(normalize_answer(prediction) == normalize_answer(a) for a in answers))


def f1(prediction: str, answers: list[str]) -> float:
    def one(gold: str) -> float:
        predicted, expected = normalize_answer(prediction).split(), normalize_answer(gold).split()
        common = sum((Counter(predicted) & Counter(expected)).values())
        if not common:
            return 0.0
        precision, recall = common / len(predicted), common / len(expected)
        return 2 * precision * recall / (precision + recall)

    return max((one(gold) for gold in answers), default=0.0)


def questions(path: Path) -> Iterator[Question]:
    """The questions of a SQuAD-format JSON Lines file (one paragraph a line, with `qas`)."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                paragraph = json.loads(line)
                context = paragraph["context"]
                for qa in paragraph["qas"]:
                    golds = [answer["text"] for answer in qa.get("answers", [])]
                    yield Question(str(qa["id"]), qa["question"], context, golds)
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise ReaderFileError(
                    f"{path}, line {number}: not a SQuAD paragraph ({error.__class__.__name__}: "
                    f"{error}); each line must be "
                    '{"context": ..., "qas": [{"id": ..., "question": ..., "answers": [...]}]}'
                ) from None


def predict(reader: Reader, question: Question, abstain: bool) -> str:
    """The reader's best span; empty when `abstain` and it prefers "no answer"."""
    reading = reader.read(question.question, [question.context], top=1)[0]
    if reading.best is None or (abstain and reading.margin < 0):
        return ""
    return reading.best.text


def evaluate(
    reader: Reader,
    path: Path,
    out: Path,
    abstain: bool = False,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, float]:
    """Writes `predictions.jsonl` and `scores.json` into `out`; returns the scores. Every
    question of these sets is answerable, so by default the best span is always given (as the
    leaderboard's models do); `abstain` lets the no-answer choice win and count as wrong."""
    out.mkdir(parents=True, exist_ok=True)
    exact = overlap = 0.0
    count = empty = 0
    with (out / "predictions.jsonl").open("w", encoding="utf-8") as written:
        for question in questions(path):
            if limit is not None and count >= limit:
                break
            prediction = predict(reader, question, abstain)
            written.write(json.dumps({"id": question.id, "prediction": prediction}) + "\n")
            exact += exact_match(prediction, question.answers)
            overlap += f1(prediction, question.answers)
            count += 1
            empty += not prediction
            if progress is not None:
                progress(count)
    scores = {
        "questions": count,
        "exact_match": round(100 * exact / max(count, 1), 2),
        "f1": round(100 * overlap / max(count, 1), 2),
        "no_answer": empty,
    }
    (out / "scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    return scores


REFERENCES = (
    "AllenNLP BiDAF (single model)",
    "BiDAF + Self Attention + ELMo (single model)",
    "InfoWord BERT baseline (base)",
)


def beside_leaderboard(
    leaderboard: Path, name: str, scores: dict[str, float], label: str = "citedesk reader"
) -> list[tuple[str, float, float]]:
    """Our scores among the published ones for the set `name` (`reddit`, `amazon`): the
    reference rows, the models just above and below ours, best first, as (model, EM, F1)."""
    table = json.loads(leaderboard.read_text(encoding="utf-8")).get(name)
    if table is None:
        return []
    published = sorted(
        (
            (row["name"], float(row[f"{name}_em"]), float(row[f"{name}_f1"]))
            for row in table["models"]
        ),
        key=lambda row: -row[2],
    )
    ours = (label, scores["exact_match"], scores["f1"])
    place = sum(1 for row in published if row[2] > ours[2])
    neighbours = {published[i][0] for i in (place - 1, place) if 0 <= i < len(published)}
    shown = [row for row in published if row[0] in REFERENCES or row[0] in neighbours]
    return sorted([*shown, ours], key=lambda row: -row[2])
