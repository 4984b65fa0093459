"""What a caller of the engine may ask: every argument the API accepts, bounded, each refusal
saying what is allowed."""

from __future__ import annotations

from collections.abc import Collection

from rag.models import Filters

MAX_QUESTION_CHARS = 2_000
MAX_FILTER_VALUES = 1_000
MAX_TOP_K = 100


def check_request(
    question: object,
    filters: Filters | None,
    top_k: object,
    retrieve_k: object,
    mode: object,
    modes: Collection[str],
) -> None:
    """Every argument a caller of the API can send, bounded, with a message that says what is
    allowed: a bad argument must not reach the store as an internal error (50,000 document ids
    became "too many SQL variables")."""
    if not isinstance(question, str) or not question:
        raise ValueError("The question is empty.")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError(
            f"The question is {len(question):,} characters long; ask in at most "
            f"{MAX_QUESTION_CHARS:,}."
        )
    for name, values in (
        ("document ids", filters.doc_ids if filters else []),
        ("sources", filters.sources if filters else []),
    ):
        if len(values) > MAX_FILTER_VALUES:
            raise ValueError(
                f"{len(values):,} {name} were given; a question can be limited to at most "
                f"{MAX_FILTER_VALUES:,}."
            )
    for name, value, low in (("top_k", top_k, 1), ("retrieve_k", retrieve_k, 0)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= MAX_TOP_K:
            raise ValueError(f"{name} must be a whole number from {low} to {MAX_TOP_K}.")
    if mode is not None and mode not in modes:
        raise ValueError(f"mode must be {' or '.join(modes)}, not {mode!r}.")


def check_names(
    filters: Filters | None, doc_ids: Collection[str], source_names: Collection[str]
) -> None:
    """A filter naming no indexed article or outlet would search nothing and refuse every
    question as if the articles did not say: say which names are unknown instead."""
    if filters is None:
        return
    for what, given, known, where in (
        ("article id", filters.doc_ids, doc_ids, "`citedesk sources` lists the ids"),
        ("outlet", filters.sources, source_names, "`citedesk sources` lists them"),
    ):
        unknown = sorted(set(given).difference(known))  # no copy of every id per question
        if unknown and len(unknown) == len(set(given)):
            names = ", ".join(repr(name) for name in unknown[:5])
            raise ValueError(f"No indexed {what} is {names}; {where}.")
