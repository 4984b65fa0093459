"""Retrieve, answer, cite: `from rag import ask` (heavy libraries load on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rag.models import Answer


def ask(question: str, *args: Any, **kwargs: Any) -> Answer:
    """Answer a question over the store configured by `Settings`; see `rag.desk.Desk.ask`."""
    from rag.desk import get_desk

    settings = kwargs.pop("settings", None)
    return get_desk(settings).ask(question, *args, **kwargs)
