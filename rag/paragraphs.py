"""The paragraph around each quote, filled in once per answer: front ends show a citation in
its paragraph without reading the store again, and `--json` gives the same context."""

from __future__ import annotations

from collections.abc import Callable

from rag.models import Answer


def around(body: str, start: int, end: int) -> tuple[str, str]:
    """The text of the quote's paragraph before `start` and after `end` (paragraphs are
    separated by a blank line in a cleaned article)."""
    opening = body.rfind("\n\n", 0, start)
    opening = 0 if opening < 0 else opening + 2
    closing = body.find("\n\n", end)
    closing = len(body) if closing < 0 else closing
    return body[opening:start], body[end:closing]


def in_paragraphs(answer: Answer, texts: Callable[[list[str]], dict[str, str]]) -> None:
    """Set each text citation's `before` and `after` from its article, read once per article;
    a header or caption quote has no paragraph around it. The texts read stay on the answer
    (`Answer.articles`, never serialised) for a front end's whole-article view."""
    cited = [c for c in (*answer.citations, *answer.see_also) if c.part == "text"]
    if not cited:
        return
    bodies = texts([c.doc_id for c in cited])
    answer.articles = bodies
    for citation in cited:
        body = bodies.get(citation.doc_id, "")
        if citation.stands_in(body):
            citation.before, citation.after = around(body, citation.start, citation.end)
