"""A scripted embedding server on loopback, speaking OpenAI's /v1/embeddings, that records every
request. The GPU servers a newsroom would use cannot run here; this stands in for them over real
HTTP, so the client under test is the real `openai` client.

Its vectors are the bundled model's own (`EchoModel`), so what a server embeds can be searched
like a local index; a script makes it fail: every request from the n-th on, or the next few.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from tests.llm_server import RecordingHandler, serving


@dataclass
class EmbeddingServer:
    url: str
    embed: Callable[[list[str]], list[list[float]]]
    requests: list[dict] = field(default_factory=list)
    fail_from: int | None = None  # requests from this one on (counting from 0) fail
    fail_next: int = 0  # the next requests that fail, then it recovers
    status: int = 500  # what a failing request answers

    def failing(self) -> bool:
        if self.fail_next:
            self.fail_next -= 1
            return True
        return self.fail_from is not None and len(self.requests) > self.fail_from


def _handler(state: EmbeddingServer) -> type[BaseHTTPRequestHandler]:
    class Handler(RecordingHandler):
        def do_POST(self) -> None:
            body = self.received(state.requests)
            if state.failing():
                # Like a careless proxy, the error echoes the request's credentials.
                said = f"scripted failure; Authorization: {self.headers.get('Authorization')}"
                self._send(state.status, {"error": {"message": said}})
                return
            texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
            data = [
                {"object": "embedding", "index": i, "embedding": vector}
                for i, vector in enumerate(state.embed(texts))
            ]
            usage = {"prompt_tokens": 0, "total_tokens": 0}
            self._send(
                200, {"object": "list", "data": data, "model": body["model"], "usage": usage}
            )

        def _send(self, status: int, payload: dict) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    return Handler


@contextmanager
def embedding_server(embed: Callable[[list[str]], list[list[float]]]) -> Iterator[EmbeddingServer]:
    """A server on a free loopback port for the duration of the block."""
    state = EmbeddingServer(url="", embed=embed)
    with serving(_handler(state)) as address:
        state.url = f"{address}/v1"
        yield state
