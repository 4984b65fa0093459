"""`citedesk mcp` over stdio, driven by the official MCP SDK's client: every tool on the seed
corpus, and a bad id answered as a tool error while the server goes on."""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from tests.conftest import ROOT, SURVEILLANCE


def calls(index: Path, *requests: tuple[str, dict]) -> tuple[list[str], list]:
    """Start the server as a client does, list its tools, make the calls in one session."""

    async def session() -> tuple[list[str], list]:
        server = StdioServerParameters(
            command=sys.executable,
            args=["-m", "ui.cli", "mcp", "--index-dir", str(index)],
            cwd=str(ROOT),
            env={"HF_HUB_OFFLINE": "1"},
        )
        async with stdio_client(server) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            tools = [tool.name for tool in (await client.list_tools()).tools]
            results = [await client.call_tool(name, arguments) for name, arguments in requests]
            return tools, results

    return anyio.run(session)


def test_every_tool_answers_and_a_bad_id_is_a_tool_error(seed_index):
    tools, (asked, searched, article, listed, unknown, after, dated) = calls(
        seed_index,
        ("ask", {"question": "How many Chinese companies are at Milipol?"}),
        ("search", {"query": "Hytera sales outside China", "limit": 3}),
        ("get_article", {"doc_id": SURVEILLANCE}),
        ("list_articles", {}),
        ("get_article", {"doc_id": "no-such-article"}),
        ("ask", {"question": "Who represents Hytera in francophone Africa?"}),
        ("ask", {"question": "Who represents Hytera?", "date_from": "2022-01-01"}),
    )
    assert sorted(tools) == ["ask", "get_article", "list_articles", "search"]
    answer = asked.structured_content
    assert answer["answer"].startswith("**89 out of 1,100** [1]")
    assert answer["citations"][0]["doc_id"] == SURVEILLANCE
    passages = searched.structured_content["passages"]
    assert len(passages) == 3 and passages[0]["doc_id"] == SURVEILLANCE
    assert article.structured_content["title"] == "China surveillance tech seeks global reach"
    assert "Hytera Communications Corporation" in article.structured_content["text"]
    assert listed.structured_content["total"] == 2
    assert unknown.is_error and "No article has the id 'no-such-article'" in unknown.content[0].text
    assert not after.is_error and "Sylvain Shuang" in after.structured_content["answer"]
    # The seed articles are undated: a date range holds neither, and the refusal says why.
    assert dated.structured_content["outcome"] == "refused"
    assert "dated 2022-01-01" in dated.structured_content["answer"]
