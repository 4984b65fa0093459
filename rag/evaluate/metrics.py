"""Scores for one answered question, and their aggregates. Pure functions, each defined in
`DEFINITIONS` (printed in every report) so a reader knows exactly what a figure counts."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable

from rag.words import text as lang

K_VALUES = (1, 3, 5, 10)

DEFINITIONS = {
    "hit@k": "share of questions with gold sources where a gold source is among the first k "
    "distinct documents retrieved",
    "recall@k": "share of a question's gold sources among the first k distinct documents, averaged",
    "all_gold@k": "share of questions where every gold source is among the first k documents",
    "mrr@10": "mean of 1/rank of the first gold document within the first 10 (0 if none)",
    "accuracy": "answerable questions with gold answers (not Yes/No) whose answer contains a gold "
    "answer after normalising case, punctuation, articles, thousands separators and number "
    "words (all of them when all_answers); an abstention scores 0",
    "yes_no_accuracy": "the same for Yes/No gold answers, matched only as the answer's first word",
    "f1": "token F1 between the answer (markers removed) and the best gold answer",
    "words": "answer length in words, citation markers excluded",
    "citation_precision": "share of distinct citations that point to a gold source",
    "citation_recall": "share of gold sources cited at least once",
    "faithfulness": "share of citations whose quote is found verbatim in the cited document at "
    "its start and end offsets (a header or caption citation: in the stored header or captions)",
    "gold_read": "answerable questions with gold answers: share whose gold answer is in the "
    "passages the answerer read (the most the answer could contain)",
    "wrong_abstention": "share of answerable questions the answer abstained on",
    "abstention": "share of unanswerable questions (answerable: false) the answer abstained on",
    "tentative": "share of answers given as the closest the articles come (not stated)",
    "flagged": "share of answers saying that the sources disagree (on questions without a "
    "disagreement: false alarms)",
    "both_flagged": "questions with a swapped answer in some sources (answers_if_conflict): "
    "share whose answer shows the true and the swapped answer and says the sources disagree",
    "swapped_only": "the same questions: share whose answer shows the swapped answer and not "
    "the true one",
}
DISAGREEMENT = re.compile(r"\b(disagree|differ|conflict)", re.I)

UNITS, TENS = lang.SMALL_NUMBERS, lang.TENS
MARKER = re.compile(r"\s*\[\d+\]")


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def _number_words(words: list[str]) -> list[str]:
    """'eighty nine' -> '89', 'one hundred and twenty' -> '120', 'one and two' -> '1 and 2'."""
    out: list[str] = []
    total = current = 0
    in_number = False
    previous = ""

    def flush() -> None:
        nonlocal total, current, in_number
        if in_number:
            out.append(str(total + current))
        total = current = 0
        in_number = False

    for word in words:
        joins = previous in TENS or previous in {"hundred", "thousand", "and"}
        if word in UNITS or word in TENS:
            if in_number and not joins:
                flush()
            current += UNITS.get(word, 0) + TENS.get(word, 0)
            in_number = True
        elif word == "hundred" and in_number:
            current *= 100
        elif word == "thousand" and in_number:
            total, current = total + current * 1000, 0
        elif word == "and" and in_number and previous in {"hundred", "thousand"}:
            pass
        else:
            if previous == "and" and in_number:
                flush()
                out.append("and")
            flush()
            out.append(word)
        previous = word
    if previous == "and" and in_number:
        flush()
        out.append("and")
    flush()
    return out


def normalize(text: str) -> str:
    text = strip_markers(text).lower()
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = text.replace("-", " ")
    text = "".join(" " if ch in string.punctuation or ch in "“”‘’–—" else ch for ch in text)
    words = [w for w in text.split() if w not in {"a", "an", "the"}]
    return " ".join(_number_words(words))


def is_yes_no(gold: str) -> bool:
    return normalize(gold) in {"yes", "no"}


def contains_answer(answer: str, golds: list[str], all_answers: bool = False) -> bool:
    text = f" {normalize(answer)} "
    found = [bool(normalize(g)) and f" {normalize(g)} " in text for g in golds]
    return all(found) if all_answers else any(found)


def yes_no_match(answer: str, golds: list[str]) -> bool:
    words = normalize(answer).split()
    return bool(words) and any(words[0] == normalize(g) for g in golds)


def token_f1(answer: str, golds: list[str]) -> float:
    predicted = normalize(answer).split()
    best = 0.0
    for gold in golds:
        expected = normalize(gold).split()
        common = sum((Counter(predicted) & Counter(expected)).values())
        if not common:
            continue
        precision, recall = common / len(predicted), common / len(expected)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def retrieval_scores(ranked: list[str], gold: set[str]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for k in K_VALUES:
        top = set(ranked[:k])
        scores[f"hit@{k}"] = float(bool(top & gold))
        scores[f"recall@{k}"] = len(top & gold) / len(gold)
        scores[f"all_gold@{k}"] = float(gold <= top)
    first = next((rank for rank, doc in enumerate(ranked[:10], 1) if doc in gold), None)
    scores["mrr@10"] = 1.0 / first if first else 0.0
    return scores


def citation_scores(cited: list[tuple[str, int, int]], gold: set[str]) -> dict[str, float | None]:
    distinct = list(dict.fromkeys(cited))
    if not distinct:
        return {"citation_precision": None, "citation_recall": 0.0}
    return {
        "citation_precision": sum(doc in gold for doc, _, _ in distinct) / len(distinct),
        "citation_recall": len({doc for doc, _, _ in distinct} & gold) / len(gold),
    }


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def says_sources_disagree(text: str, notice: str | None) -> bool:
    return bool(DISAGREEMENT.search(f"{notice or ''} {text}"))


def disagreement_scores(
    text: str, notice: str | None, answers: list[str], swapped: list[str]
) -> dict[str, float]:
    """Whether the answer says the sources disagree and, for a question some of whose sources
    give a swapped answer, whether it shows both versions under that notice or the swapped one
    alone."""
    flagged = says_sources_disagree(text, notice)
    scores = {"flagged": float(flagged)}
    if swapped:
        shows_true = contains_answer(text, answers)
        shows_swapped = contains_answer(text, swapped)
        scores["both_flagged"] = float(shows_true and shows_swapped and flagged)
        scores["swapped_only"] = float(shows_swapped and not shows_true)
    return scores


# Every score a row can have, in the order reports show them.
SCORE_NAMES = [
    *[f"{name}@{k}" for name in ("hit", "recall", "all_gold") for k in K_VALUES],
    "mrr@10",
    "accuracy",
    "yes_no_accuracy",
    "f1",
    "words",
    "citation_precision",
    "citation_recall",
    "faithfulness",
    "wrong_abstention",
    "abstention",
    "tentative",
    "flagged",
    "both_flagged",
    "swapped_only",
]
