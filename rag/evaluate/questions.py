"""Read a questions file (JSON Lines or CSV) into checked rows; bad rows become problems with
their line numbers, and the rest still run."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest.models import Problem
from rag.requests import MAX_QUESTION_CHARS

TRUE = {"true", "1", "yes", "y"}
FALSE = {"false", "0", "no", "n"}


@dataclass
class QuestionRow:
    id: str
    question: str
    line: int
    answers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    question_type: str = "all"
    answerable: bool = True
    all_answers: bool = False
    answers_if_conflict: list[str] = field(default_factory=list)
    as_of: date | None = None  # the day it is asked about: its `as_of` or `question_date`


def load_questions(path: Path) -> tuple[list[QuestionRow], list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(str(path), f"cannot read the questions file: {error}")]
    if path.suffix.lower() == ".csv":
        raw = _csv_rows(text, str(path))
    else:
        raw = _jsonl_rows(text, str(path))
    rows, problems, seen = [], [], {}
    for line, value in raw:
        if isinstance(value, Problem):
            problems.append(value)
            continue
        row = _check(value, line, f"{path}:{line}")
        if isinstance(row, Problem):
            problems.append(row)
        elif row.id in seen:
            problems.append(
                Problem(f"{path}:{line}", f"id {row.id!r} is already used on line {seen[row.id]}")
            )
        else:
            seen[row.id] = line
            rows.append(row)
    return rows, problems


def _jsonl_rows(text: str, location: str) -> list[tuple[int, dict | Problem]]:
    rows: list[tuple[int, dict | Problem]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            rows.append((number, Problem(f"{location}:{number}", f"invalid JSON: {error.msg}")))
            continue
        if not isinstance(value, dict):
            value = Problem(f"{location}:{number}", "expected a JSON object with a 'question'")
        rows.append((number, value))
    return rows


def _csv_rows(text: str, location: str) -> list[tuple[int, dict | Problem]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "question" not in reader.fieldnames:
        return [(1, Problem(f"{location}:1", "the CSV header has no 'question' column"))]
    rows: list[tuple[int, dict | Problem]] = []
    for record in reader:
        number = reader.line_num
        if None in record:
            rows.append((number, Problem(f"{location}:{number}", "more cells than header columns")))
            continue
        value: dict = {k: v for k, v in record.items() if v not in (None, "")}
        for name in ("answers", "sources", "answers_if_conflict"):
            if name in value:
                value[name] = [part.strip() for part in value[name].split("|") if part.strip()]
        rows.append((number, value))
    return rows


def _check(value: dict, line: int, location: str) -> QuestionRow | Problem:
    question = value.get("question")
    if not isinstance(question, str) or not question.strip():
        return Problem(location, "row has no 'question' text")
    if len(question) > MAX_QUESTION_CHARS:
        return Problem(
            location,
            f"the question is {len(question):,} characters long; questions are at most "
            f"{MAX_QUESTION_CHARS:,} (the chat's limit too)",
        )
    lists = {}
    for name in ("answers", "sources", "answers_if_conflict"):
        items = value.get(name, [])
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            return Problem(location, f"'{name}' must be a list of strings")
        lists[name] = [i for i in items if i.strip()]
    flags = {}
    for name, default in (("answerable", True), ("all_answers", False)):
        flag = _boolean(value.get(name, default))
        if flag is None:
            return Problem(location, f"'{name}' must be true or false, got {value.get(name)!r}")
        flags[name] = flag
    as_of = _day(value.get("as_of", value.get("question_date")))
    if isinstance(as_of, str):
        return Problem(location, as_of)
    row_id = value.get("id")
    if row_id is None:
        row_id = "q-" + hashlib.sha1(question.strip().encode()).hexdigest()[:10]
    return QuestionRow(
        id=str(row_id),
        question=question.strip(),
        line=line,
        answers=lists["answers"],
        sources=lists["sources"],
        question_type=str(value.get("question_type") or "all"),
        answerable=flags["answerable"],
        all_answers=flags["all_answers"],
        answers_if_conflict=lists["answers_if_conflict"],
        as_of=as_of,
    )


def _day(value: object) -> date | str | None:
    """The as-of day of a row, or what is wrong with it."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return f"'as_of' / 'question_date' must be a date like 2022-06-24, got {value!r}"


def _boolean(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE | FALSE:
        return value.strip().lower() in TRUE
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None
