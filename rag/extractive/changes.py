"""A figure that changed over time, told apart from sources that disagree.

Two dated articles that give different figures for the same thing a month or more apart are
more likely reporting a change ("170 million cameras" in one year, "200 million" the next) than
contradicting each other: the answer shows it as a change, oldest first, not under "The sources
disagree". Articles of about the same time, undated ones, or sentences that put their figure at
the same moment ("in 2019", "by 2022") still disagree.
"""

from __future__ import annotations

import re
from datetime import date

from rag.extractive.candidates import Candidate

APART_DAYS = 30  # articles this far apart report a change, not a contradiction
MOMENT = re.compile(r"\b(?:in|by|as of|at the end of|since) (?:\w+ )?((?:19|20)\d\d)\b", re.I)


def published(candidate: Candidate) -> date | None:
    value = candidate.node.node.metadata.get("date")
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def over_time(one: Candidate, other: Candidate) -> bool:
    """Whether two sentences giving different figures report a change between their dates."""
    first, second = published(one), published(other)
    if first is None or second is None or abs((second - first).days) < APART_DAYS:
        return False
    moments = set(MOMENT.findall(one.text)) & set(MOMENT.findall(other.text))
    return not moments  # "by 2022" in both: the same moment, seen differently
