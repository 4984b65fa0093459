"""Count the yes/no verdicts on questions written to trap word matching
(`rag/data/yesno_traps.jsonl`): 120 by a helper that read only the two seed articles (never the
code), on 2026-12-07: 40 the articles say in other words (yes), 50 that keep most of a sentence's
words and change one thing (no), 30 the articles do not settle (neither).

    python -m rag.evaluate.yesno_traps --index-dir INDEX [--split read|counted]

The odd-numbered half (`read`) may be read while building; of the even-numbered half
(`counted`) only these counts are looked at. A false Yes (a Yes to a question the articles deny
or do not settle) is the error that matters most: a user takes it as the article's word.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from ingest.settings import Settings
from rag.desk import Desk

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "yesno_traps.jsonl"
VERDICT = re.compile(r"(?m)^\*\*(yes|no)\*\*", re.IGNORECASE)


def verdict_of(text: str) -> str:
    """ "yes" or "no" where an answer line opens on the verdict in bold; "neither" otherwise."""
    found = VERDICT.search(text)
    return found.group(1).lower() if found else "neither"


def tally(pairs: list[tuple[str, str]]) -> dict[str, int]:
    """(expected, given) pairs as the counts that matter: false Yes, wrong No, right ones, and a
    yes or no left unsettled; they add up to the questions."""
    counts = Counter(pairs)
    return {
        "false yes": counts[("no", "yes")] + counts[("neither", "yes")],
        "wrong no": counts[("yes", "no")] + counts[("neither", "no")],
        "right yes": counts[("yes", "yes")],
        "right no": counts[("no", "no")],
        "right neither": counts[("neither", "neither")],
        "unsettled yes": counts[("yes", "neither")],
        "unsettled no": counts[("no", "neither")],
        "questions": len(pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True, help="An index of corpus/.")
    parser.add_argument("--split", choices=["read", "counted"], default="read")
    args = parser.parse_args()
    desk = Desk(Settings(index_dir=args.index_dir))
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    pairs = [
        (row["expected"], verdict_of(desk.ask(row["question"]).text))
        for row in rows
        if row["split"] == args.split
    ]
    for name, count in tally(pairs).items():
        print(f"{name}\t{count}")


if __name__ == "__main__":
    main()
