"""Failed logins slow down, then lock out, per client address.

Gradio checks a password as often as it is asked (200 wrong guesses took 0.27 s), and its auth
callback never sees who is asking, so the limit sits in front of its `/login` route as ASGI
middleware: each failure from an address delays the reply a little more, and after
`max_failures` failures in a row that address gets 429 until `lockout_s` after its last failure.
A successful login clears the address's record. Requests to the OpenAI-compatible API
(`ui.openai_api`) count alike: a wrong key is a failed login.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from typing import Any

from ui.asgi import ASGIApp, Receive, Scope, Send, send_json_error

FIRST_DELAY_S = 0.1  # doubled on each further failure
MAX_DELAY_S = 2.0


@dataclass
class _Record:
    failures: int = 0
    last_failure: float = 0.0


class LoginLimit:
    def __init__(self, app: ASGIApp, max_failures: int = 5, lockout_s: float = 900.0) -> None:
        self.app = app
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        is_login = scope.get("method") == "POST" and path.rstrip("/").endswith("/login")
        is_api = path.startswith("/v1/")  # a wrong API key is a failed login too
        if not (is_login or is_api):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self._locked_for(client)
        if wait > 0:
            await _refuse(send, wait)
            return
        status: list[int] = []

        async def watch(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                refused = message["status"] == 401 if is_api else message["status"] >= 400
                if refused:
                    await asyncio.sleep(self._fail(client))
            await send(message)

        await self.app(scope, receive, watch)
        if status and status[0] < 400:
            with self._lock:
                self._records.pop(client, None)

    def _locked_for(self, client: str) -> float:
        with self._lock:
            record = self._records.get(client)
            if record is None or record.failures < self.max_failures:
                return 0.0
            return record.last_failure + self.lockout_s - time.monotonic()

    def _fail(self, client: str) -> float:
        """Count a failure; how long to hold its reply."""
        with self._lock:
            record = self._records.setdefault(client, _Record())
            record.failures += 1
            record.last_failure = time.monotonic()
            return min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (record.failures - 1))


async def _refuse(send: Send, wait: float) -> None:
    later = f"{wait / 60:.0f} min" if wait >= 90 else f"{wait:.0f} s"
    await send_json_error(
        send,
        429,
        f"Too many failed logins from this address; try again in {later}.",
        [(b"retry-after", str(int(wait) + 1).encode())],
    )
