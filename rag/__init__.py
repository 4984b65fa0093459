"""Retrieve, answer, cite: `from rag import ask` (heavy libraries load on first use).

Rooms, in the order a question goes through them: `questions` (what it asks), `retrieval`,
`reader` (the trained model), `extractive` (the quoted answer), `forms` (answers beyond one fact),
`llm` (answers a language model writes); `words` beneath them all. The front door stays here:
`desk` (the service the front ends call), `engine`, `answerers`, `models` (what an answer is).
May import: `ingest`; never `ui`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rag.models import Answer


def ask(question: str, *args: Any, **kwargs: Any) -> Answer:
    """Answer a question over the store configured by `Settings`; see `rag.desk.Desk.ask`."""
    from rag.desk import get_desk

    settings = kwargs.pop("settings", None)
    return get_desk(settings).ask(question, *args, **kwargs)
