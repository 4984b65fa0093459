"""Example questions for a first visit, made from what is actually in the index."""

from __future__ import annotations

import re

from ingest.store.catalog import DocumentInfo

FIGURE = re.compile(
    r"\b\d[\d,.]*(?:\s+(?:million|billion|thousand))?\s+(?:[a-z]+\s+){0,2}?([a-z]{4,}s)\b"
)


def example_questions(
    documents: list[DocumentInfo], sentences: list[str], count: int = 3
) -> list[str]:
    """One "how many" question per figure the articles mention, then one per article title.

    Deliberately simple: the questions only have to show what kind of question works, and they
    are built from the corpus itself, so each one has an answer in it.
    """
    questions: list[str] = []
    for sentence in sentences:
        match = FIGURE.search(sentence)
        if match:
            question = f"How many {match.group(1)}?"
            if question not in questions:
                questions.append(question)
        if len(questions) >= (count + 1) // 2:
            break
    for document in sorted(documents, key=lambda d: -d.chunks):
        if len(questions) >= count:
            break
        if not document.duplicate_of and document.title:
            questions.append(f"What does “{document.title}” report?")
    return questions[:count]
