"""Answers written by a language model: ask it, check every claim of its reply against the
passage it cites (`rag.llm.generate.check_reply`), and quote the sources instead when the model
fails, runs over its deadline or cites nothing."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

from rag.extractive import answer as answering
from rag.extractive.candidates import distinct_passages
from rag.extractive.notices import ABSTAIN_TEXT
from rag.llm import backends as llms
from rag.llm import generate

if TYPE_CHECKING:
    from llama_index.core.llms import LLM
    from llama_index.core.schema import NodeWithScore

    from ingest.settings import Settings

Quote = Callable[[str], Generator[str, None, dict]]
"""The extractive answer under a notice saying why the model's was not shown."""


def generated(
    llm: Callable[[], LLM],
    question: str,
    passages: list[NodeWithScore],
    history: list[dict] | None,
    tools: answering.Tools,
    settings: Settings,
    quote: Quote,
    see_also: Callable[[], answering.Composition],
) -> Generator[str, None, dict]:
    """Yields the reply as it arrives, returns the Answer's fields."""
    reply = ""
    try:
        messages = generate.build_messages(question, passages, history)
        for delta in generate.stream_reply(llm(), messages, settings):
            reply += delta
            yield delta
    except llms.LLMUnavailable as error:
        yield "\n\n"
        return (
            yield from quote(
                f"The language model could not answer: {error}. Quoting the sources instead."
            )
        )
    checked = generate.check_reply(
        reply, passages, tools.embed, tools.idf, settings, tools.entities
    )
    if checked.abstained:
        pool = distinct_passages(see_also().pool)
        return {
            "text": ABSTAIN_TEXT,
            "abstained": True,
            "mode": "llm",
            "see_also": [answering.citation(n, c) for n, c in enumerate(pool, 1)],
        }
    if not checked.has_valid_citation:
        yield "\n\n"
        return (
            yield from quote(
                "The language model's answer cited none of the sources, so it is not shown. "
                "Quoting the sources instead."
            )
        )
    notices = []
    if checked.dropped:
        numbers = ", ".join(f"[{n}]" for n in checked.dropped)
        notices.append(f"Citations {numbers} matched no source and were removed.")
    if any(claim.status != "verified" for claim in checked.claims):
        notices.append("Sentences marked unverified are not supported by the passage they cite.")
    return {
        "text": checked.text,
        "citations": checked.citations,
        "claims": checked.claims,
        "dropped_citations": checked.dropped,
        "mode": "llm",
        "notice": " ".join(notices) or None,
    }
