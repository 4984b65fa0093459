"""How sure an answer is: a logistic regression over the evidence, fitted on development
questions (`python -m rag.evaluate.fit_confidence`), and the three outcomes it decides between.

- answer: the lead and its quote are stated as the answer;
- tentative: "the closest the articles come", when the evidence is partial;
- refused: nothing relevant was found.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel

FEATURES = (
    "sentence",  # the best sentence's score: meaning + words + kind + rank
    "meaning",  # its similarity to the question
    "words",  # the share of the question's weighted words it (and its neighbour) uses
    "span",  # 1 when a span of the expected kind was found
    "fit",  # how well that span's kind fits
    "closeness",  # how near it sits to the question's words
    "agreement",  # other articles giving the same answer (at most 2)
    "margin",  # its lead over the next answer
    "factoid",  # 1 when the question asks for a name, date or figure
    "reader",  # the reader's probability for the lead span
    "reader_margin",  # the reader's best span over "no answer", best passage (-1 to 1)
)


class Model(BaseModel):
    """A logistic regression over the evidence."""

    intercept: float = 0.0
    coefficients: dict[str, float] = {}

    def probability(self, evidence: dict[str, float]) -> float:
        z = self.intercept + sum(
            self.coefficients.get(k, 0.0) * evidence.get(k, 0.0) for k in FEATURES
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class Calibration(BaseModel):
    """Two models and their thresholds, as the fitting script writes them: whether the articles
    answer the question at all (below `tentative_at`: refuse), and whether the lead is right
    (from `answer_at`: state it)."""

    relevant: Model = Model()
    right: Model = Model()
    answer_at: float
    tentative_at: float
    fitted_on: dict[str, int] = {}
    notes: str = ""


@lru_cache(maxsize=1)
def calibration() -> Calibration:
    path = resources.files("rag") / "data" / "confidence.json"
    return Calibration.model_validate(json.loads(path.read_text(encoding="utf-8")))


def outcome(
    relevant: float,
    right: float,
    has_span: bool,
    about_focus: bool,
    lone_keyword: bool,
    calibrated: Calibration,
) -> str:
    """answer, tentative or refused. Two rules override the fitted thresholds: a sentence with a
    span of the expected kind (any sentence, for a question asking for a description) about the
    question's focus is never refused, and a lone keyword
    match (or, for a question asking for a name, date or figure, a sentence without one) is never
    stated as the answer."""
    if relevant < calibrated.tentative_at:
        result = "refused"
    elif right >= calibrated.answer_at:
        result = "answer"
    else:
        result = "tentative"
    if result == "refused" and has_span and about_focus:
        result = "tentative"
    if result == "answer" and lone_keyword:
        result = "tentative"
    return result
