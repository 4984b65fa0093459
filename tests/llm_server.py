"""A scripted language-model server on loopback, speaking the OpenAI chat-completions API
(streaming and not) and Ollama's /api/chat, that records every request it receives.

The hosted models users connect to cannot run here; this stands in for them over real HTTP, so
the client code under test is llama-index's real OpenAI-like and Ollama integrations.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Script:
    """What the server answers next: a reply, or a failure."""

    reply: str = ""
    status: int = 200
    delay_s: float = 0.0
    raw: str | None = None  # sent as is instead of a well-formed response
    drip_s: float = 0.0  # a pause before each streamed piece: a server that never finishes
    piece_chars: int | None = None  # stream pieces of this many characters instead of words


@dataclass
class FakeLLM:
    url: str
    requests: list[dict] = field(default_factory=list)
    script: Script = field(default_factory=Script)


class RecordingHandler(BaseHTTPRequestHandler):
    """A quiet handler that reads a JSON request and records it."""

    def log_message(self, *args: object) -> None:
        return

    def received(self, requests: list[dict]) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
        return body


def _handler(state: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(RecordingHandler):
        def do_POST(self) -> None:
            body = self.received(state.requests)
            script = state.script
            if script.delay_s:
                time.sleep(script.delay_s)
            if script.status != 200:
                self._send(
                    script.status,
                    "application/json",
                    # Like a careless proxy, the error echoes the request's credentials.
                    json.dumps(
                        {
                            "error": {
                                "message": "scripted failure; Authorization: "
                                f"{self.headers.get('Authorization')}"
                            }
                        }
                    ),
                )
                return
            if script.raw is not None:
                self._send(200, "application/json", script.raw)
                return
            if self.path.endswith("/chat/completions"):
                self._openai(body, script.reply)
            elif self.path == "/api/chat":
                self._ollama(body, script.reply)
            else:
                self._send(404, "text/plain", "not found")

        def _openai(self, body: dict, reply: str) -> None:
            model = body.get("model", "scripted")
            if not body.get("stream"):
                self._send(
                    200,
                    "application/json",
                    json.dumps(
                        {
                            "id": "c1",
                            "object": "chat.completion",
                            "created": 0,
                            "model": model,
                            "choices": [
                                {
                                    "index": 0,
                                    "finish_reason": "stop",
                                    "message": {"role": "assistant", "content": reply},
                                }
                            ],
                            "usage": {
                                "prompt_tokens": 1,
                                "completion_tokens": 1,
                                "total_tokens": 2,
                            },
                        }
                    ),
                )
                return
            events = []
            for piece in _pieces(reply, state.script.piece_chars):
                events.append(
                    {
                        "id": "c1",
                        "object": "chat.completion.chunk",
                        "created": 0,
                        "model": model,
                        "choices": [
                            {"index": 0, "finish_reason": None, "delta": {"content": piece}}
                        ],
                    }
                )
            events.append(
                {
                    "id": "c1",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": model,
                    "choices": [{"index": 0, "finish_reason": "stop", "delta": {}}],
                }
            )
            lines = [f"data: {json.dumps(e)}\n\n" for e in events] + ["data: [DONE]\n\n"]
            if state.script.drip_s:
                self._drip(lines, state.script.drip_s)
            else:
                self._send(200, "text/event-stream", "".join(lines))

        def _drip(self, lines: list[str], pause_s: float) -> None:
            """One event at a time, each after a pause, with no length announced."""
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                for line in lines:
                    time.sleep(pause_s)
                    self.wfile.write(line.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped listening, as it should at its deadline

        def _ollama(self, body: dict, reply: str) -> None:
            model = body.get("model", "scripted")
            lines = [
                {
                    "model": model,
                    "created_at": "2026-01-01T00:00:00Z",
                    "message": {"role": "assistant", "content": piece},
                    "done": False,
                }
                for piece in _pieces(reply)
            ]
            lines.append(
                {
                    "model": model,
                    "created_at": "2026-01-01T00:00:00Z",
                    "message": {"role": "assistant", "content": ""},
                    "done": True,
                    "done_reason": "stop",
                    "total_duration": 1,
                    "eval_count": 1,
                    "prompt_eval_count": 1,
                }
            )
            if body.get("stream", True):
                self._send(
                    200, "application/x-ndjson", "".join(json.dumps(x) + "\n" for x in lines)
                )
            else:
                whole = {**lines[-1], "message": {"role": "assistant", "content": reply}}
                self._send(200, "application/json", json.dumps(whole))

        def _send(self, status: int, kind: str, text: str) -> None:
            data = text.encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: that is what a timeout test wants

    return Handler


def _pieces(text: str, size: int | None = None) -> list[str]:
    if size:
        return [text[i : i + size] for i in range(0, len(text), size)]
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)]


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """The handler served on a free loopback port for the duration of the block: its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def fake_llm() -> Iterator[FakeLLM]:
    state = FakeLLM(url="")
    with serving(_handler(state)) as state.url:
        yield state
