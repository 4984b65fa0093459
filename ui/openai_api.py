"""OpenAI's chat-completions API on the chat's own address, so tools that speak it (Open WebUI,
LibreChat, the `openai` clients, `llm`, editors' assistants) can ask citedesk.

`GET /v1/models` lists one model per answer mode (`citedesk-extractive`, and `citedesk-llm`
when a language model is configured); `POST /v1/chat/completions` answers the last user message,
with the earlier turns as the conversation, streamed as server-sent events when asked. The reply's
content is the answer with its `[n]` markers and the references as a Markdown list (what a plain
chat client shows); the structured citations ride in an extra `citations` field.

An ASGI middleware in front of Gradio, written without a framework (as `ui.same_origin`): the
requests never reach Gradio, whose login does not cover them, so the key is checked here. A key
(`CITEDESK_API_KEY`, sent as `Authorization: Bearer …`) is required whenever one is set, and
always when the chat listens beyond loopback; it is compared in constant time and never logged.
"""

from __future__ import annotations

import hmac
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import anyio

from ui.asgi import ASGIApp, Receive, Scope, Send, send_json

MAX_BODY = 1_000_000  # bytes: a conversation, not a corpus
PREFIX = "citedesk-"


class OpenAICompatible:
    def __init__(self, app: ASGIApp, settings: Any, key: str | None, open_access: bool) -> None:
        self.app = app
        self.settings = settings
        self.key = key
        self.open_access = open_access  # loopback, no key set: like the chat without a password

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await _error(send, 401, refusal, "invalid_api_key")
            return
        route = (scope["method"], scope["path"].rstrip("/"))
        if route == ("GET", "/v1/models"):
            await send_json(send, 200, {"object": "list", "data": self._models()})
        elif route == ("POST", "/v1/chat/completions"):
            await self._complete(receive, send)
        else:
            await _error(send, 404, f"No such endpoint: {scope['method']} {scope['path']}")

    def _refusal(self, scope: Scope) -> str | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = headers.get("authorization", "")
        token = given[7:].strip() if given.lower().startswith("bearer ") else ""
        if self.key is None:
            if self.open_access:
                return None
            return "This chat listens beyond loopback: set CITEDESK_API_KEY to use its API."
        if not hmac.compare_digest(token.encode(), self.key.encode()):
            return "Wrong or missing API key: send it as 'Authorization: Bearer <key>'."
        return None

    def _desk(self) -> Any:
        from rag.desk import get_desk

        return get_desk(self.settings)

    def _models(self) -> list[dict]:
        return [
            {"id": PREFIX + mode, "object": "model", "created": 0, "owned_by": "citedesk"}
            for mode in self._desk().modes()
        ]

    async def _complete(self, receive: Receive, send: Send) -> None:
        body = await _body(receive)
        if body is None:
            await _error(send, 413, f"The request is over {MAX_BODY:,} bytes.")
            return
        try:
            request = json.loads(body)
            question, history, mode = self._parsed(request)
        except (ValueError, TypeError, KeyError) as error:
            await _error(send, 400, str(error) or "Not a chat-completions request.")
            return
        desk = self._desk()
        model = PREFIX + mode
        pieces = desk.stream(question, history, mode=mode)
        try:
            first = await anyio.to_thread.run_sync(next, pieces)
        except ValueError as error:  # the engine's bounds: a question too long, a bad mode
            await _error(send, 400, str(error))
            return
        if request.get("stream"):
            await self._streamed(send, first, pieces, model)
            return
        answer = first
        while isinstance(answer, str):
            answer = await anyio.to_thread.run_sync(next, pieces)
        await send_json(send, 200, _completion(answer, model))

    def _parsed(self, request: dict) -> tuple[str, list[dict], str]:
        """(question, earlier turns, answer mode) from a chat-completions request."""
        if not isinstance(request, dict):
            raise ValueError("The request must be a JSON object.")
        messages = request["messages"]
        if not isinstance(messages, list) or not messages:
            raise ValueError("'messages' must be a non-empty list.")
        turns = [
            {"role": m["role"], "content": _text(m.get("content"))}
            for m in messages
            if isinstance(m, dict) and m.get("role") in ("user", "assistant")
        ]
        if not turns or turns[-1]["role"] != "user":
            raise ValueError("The last message must be the user's question.")
        desk = self._desk()
        model = str(request.get("model") or PREFIX + desk.default_mode())
        mode = model.removeprefix(PREFIX)
        if not model.startswith(PREFIX) or mode not in desk.modes():
            known = ", ".join(PREFIX + m for m in desk.modes())
            raise ValueError(f"No model {model!r} here; GET /v1/models lists them: {known}.")
        return turns[-1]["content"], turns[:-1], mode

    async def _streamed(self, send: Send, first: Any, pieces: Iterator, model: str) -> None:
        """Server-sent events as OpenAI sends them: a role chunk, content chunks, a closing chunk
        with the finish reason (and the citations), then `[DONE]`."""
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream"),
                    (b"cache-control", b"no-cache"),
                ],
            }
        )
        stamp = _stamp(model)

        async def event(delta: dict, **extra: Any) -> None:
            chunk = {**stamp, "object": "chat.completion.chunk"}
            chunk["choices"] = [{"index": 0, "delta": delta, "finish_reason": None}]
            chunk.update(extra)
            if "finish_reason" in extra:
                chunk["choices"][0]["finish_reason"] = chunk.pop("finish_reason")
            data = f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
            await send({"type": "http.response.body", "body": data.encode(), "more_body": True})

        await event({"role": "assistant", "content": ""})
        piece = first
        while isinstance(piece, str):
            await event({"content": piece})
            piece = await anyio.to_thread.run_sync(next, pieces)
        if references := _references(piece):
            await event({"content": references})
        await event({}, finish_reason="stop", citations=_citations(piece))
        await send({"type": "http.response.body", "body": b"data: [DONE]\n\n"})


def _text(content: Any) -> str:
    """A message's text: a string, or OpenAI's list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    raise ValueError("A message's 'content' must be text.")


def _references(answer: Any) -> str:
    from rag.export import reference

    listed = answer.see_also if answer.abstained else answer.citations
    if not listed:
        return ""
    return "\n\nReferences:\n" + "\n".join(f"- {reference(c)}" for c in listed)


def _citations(answer: Any) -> list[dict]:
    keys = ("n", "doc_id", "title", "source", "date", "author", "url", "quote", "start", "end")
    return [{k: getattr(c, k) for k in keys} for c in answer.citations]


def _stamp(model: str) -> dict:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": model}


def _completion(answer: Any, model: str) -> dict:
    return {
        **_stamp(model),
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": answer.text + _references(answer)},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "citations": _citations(answer),
    }


async def _body(receive: Receive) -> bytes | None:
    """The request body, or None past `MAX_BODY`."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_BODY:
            return None
        if not message.get("more_body"):
            return body


async def _error(send: Send, status: int, message: str, code: str | None = None) -> None:
    """An error as OpenAI's clients expect it, so they raise it with its message."""
    kind = "authentication_error" if status == 401 else "invalid_request_error"
    await send_json(send, status, {"error": {"message": message, "type": kind, "code": code}})
