"""Requests sent by web pages of other origins are refused.

A page served from any other port on this machine (or any site the user visits, when the chat
listens beyond loopback) could otherwise drive the chat's API from the user's browser: browsers
attach an `Origin` header to such requests, and the chat answers only those whose origin is its
own (or one listed in CITEDESK_ALLOWED_ORIGINS, for a reverse proxy that changes the host).
Requests without an `Origin` header (gradio_client, curl, a plain page load) are not affected.
"""

from __future__ import annotations

from collections.abc import Iterable

from ui.asgi import ASGIApp, Receive, Scope, Send, send_json_error


class SameOrigin:
    def __init__(self, app: ASGIApp, allowed: Iterable[str] = ()) -> None:
        self.app = app
        self.allowed = {origin.rstrip("/").lower() for origin in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
            }
            origin = headers.get("origin")
            if origin is not None and not self._accepts(origin.lower(), headers.get("host", "")):
                await _forbid(scope, send, origin)
                return
        await self.app(scope, receive, send)

    def _accepts(self, origin: str, host: str) -> bool:
        own = {f"{scheme}://{host.lower()}" for scheme in ("http", "https")}
        return origin.rstrip("/") in own | self.allowed


async def _forbid(scope: Scope, send: Send, origin: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    await send_json_error(
        send, 403, f"Requests from pages at {origin} are refused: open the chat itself instead."
    )
