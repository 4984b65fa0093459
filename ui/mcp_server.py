"""citedesk as a Model Context Protocol server (the official `mcp` SDK), for desktop assistants
and agent frameworks that call tools: `citedesk mcp` over stdio, or streamable HTTP on loopback.

Four tools, each a thin call of `rag.desk.Desk`: `ask` (the cited answer, as structured content),
`search` (the best passages with their ids), `get_article` (an article's cleaned text and
details), `list_articles` (filtered by outlet or date, paged). A bad argument or an unknown id is
a tool error with the reason, never the end of the server.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ingest.settings import Settings

PAGE = 50  # articles per page of list_articles


def build_server(settings: Settings) -> Any:
    from mcp.server.mcpserver import MCPServer

    server = MCPServer(
        "citedesk",
        instructions="Answers questions from a folder of news articles; every claim is cited "
        "to the passage it comes from. Use `ask` for an answer, `search` for passages, "
        "`get_article` for an article's text and `list_articles` to see what is indexed.",
    )
    tools = Tools(settings)
    for tool in (tools.ask, tools.search, tools.get_article, tools.list_articles):
        server.tool(structured_output=True)(tool)
    return server


class Tools:
    """The server's tools: their signatures and docstrings are the schemas clients see."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _desk(self) -> Any:
        from rag.desk import get_desk

        return get_desk(self.settings)

    def ask(
        self,
        question: str,
        doc_ids: list[str] | None = None,
        sources: list[str] | None = None,
        as_of: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> dict[str, Any]:
        """Answer a question from the indexed articles. Returns the answer text with [n]
        markers, whether it was refused, and each citation (document id, title, outlet, date,
        the quoted sentence and its offsets). doc_ids / sources limit the articles searched;
        as_of (YYYY-MM-DD) hides articles published later; date_from / date_to (YYYY-MM-DD)
        search only articles dated in between."""
        from rag.models import Filters

        filters = Filters(
            doc_ids=doc_ids or [],
            sources=sources or [],
            as_of=_day(as_of, "as_of"),
            date_from=_day(date_from, "date_from"),
            date_to=_day(date_to, "date_to"),
        )
        try:
            answer = self._desk().ask(question, filters=filters)
        except ValueError as error:
            raise _error(str(error)) from None
        keys = ("n", "doc_id", "title", "source", "date", "author", "url", "quote", "start", "end")
        return {
            "answer": answer.text,
            "outcome": answer.outcome,
            "citations": [{k: getattr(c, k) for k in keys} for c in answer.citations],
        }

    def search(self, query: str, limit: int = 10) -> dict[str, Any]:
        """The passages that best match the query (hybrid dense and BM25 search), best first,
        each with its document id, title and offsets in the cleaned article."""
        if not 1 <= limit <= 50:
            raise _error(f"limit must be between 1 and 50, got {limit}")
        try:
            answer = self._desk().ask(query, top_k=limit, retrieve_k=limit)
        except ValueError as error:
            raise _error(str(error)) from None
        return {"passages": [p.model_dump() for p in answer.retrieved[:limit]]}

    def get_article(self, doc_id: str) -> dict[str, Any]:
        """An article's cleaned text (what citation offsets point into) and its details."""
        try:
            found = self._desk().article(doc_id)
        except ValueError:  # LibraryError: no such id
            raise _error(
                f"No article has the id {doc_id!r}: list_articles gives the ids there are."
            ) from None
        details = ("title", "source", "date", "author", "url")
        return {
            "doc_id": found.doc_id,
            **{k: found.metadata.get(k) for k in details},
            "text": found.text,
        }

    def list_articles(
        self,
        source: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        page: int = 1,
    ) -> dict[str, Any]:
        """The indexed articles (id, title, outlet, date), newest first, 50 a page; filtered by
        outlet and by date (YYYY-MM-DD, inclusive)."""
        low, high = _day(date_from, "date_from"), _day(date_to, "date_to")
        if page < 1:
            raise _error(f"page must be 1 or more, got {page}")
        kept = [
            d
            for d in self._desk().documents()
            if not d.duplicate_of
            and (source is None or d.source == source)
            and (low is None or (d.date and d.date[:10] >= low.isoformat()))
            and (high is None or (d.date and d.date[:10] <= high.isoformat()))
        ]
        kept.sort(key=lambda d: d.date or "", reverse=True)
        shown = kept[(page - 1) * PAGE : page * PAGE]
        return {
            "total": len(kept),
            "page": page,
            "pages": max(1, -(-len(kept) // PAGE)),
            "articles": [
                {"doc_id": d.doc_id, "title": d.title, "source": d.source, "date": d.date}
                for d in shown
            ],
        }


def _error(message: str) -> Exception:
    """A tool error: the client is told the reason, and the server goes on."""
    from mcp.server.mcpserver.exceptions import ToolError

    return ToolError(message)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _error(f"{name} must be a day like 2022-06-24, got {value!r}") from None


def serve(settings: Settings, http: bool = False, port: int = 8765) -> None:
    """Over stdio (the default: a client starts `citedesk mcp` itself), or streamable HTTP on
    127.0.0.1 only: the articles are not for the network without the chat's password."""
    server = build_server(settings)
    if http:
        server.run("streamable-http", host="127.0.0.1", port=port)
    else:
        server.run("stdio")
