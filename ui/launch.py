"""Starting and stopping the chat server: Gradio launched behind citedesk's middleware (the
Origin rule, the login limit, the OpenAI-compatible API), the engine loaded before the first
question, and a stop by Ctrl+C or SIGTERM that always ends in Gradio's close and the exit's
clean-up (the exports and Gradio's copies removed).
"""

from __future__ import annotations

import signal
import threading

import gradio as gr

from ingest.settings import Settings
from ui import render
from ui.chat import build_app


def launch(settings: Settings, host: str, port: int, auth: list[tuple[str, str]] | None) -> None:
    # SIGTERM (a service manager's stop) ends the chat as Ctrl+C does, so the exports and
    # Gradio's copies are removed at exit; its default would end the process on the spot.
    signal.signal(signal.SIGTERM, _interrupt)
    app = build_app(settings)
    app.queue(default_concurrency_limit=settings.chat.concurrency)
    app.launch(
        app_kwargs={"middleware": _middleware(settings, host, auth)},
        server_name=host,
        server_port=port,
        share=False,
        auth=auth,
        show_error=True,
        max_file_size=int(settings.ingest.max_upload_mb * 1_000_000),
        footer_links=["api"],
        css=render.CSS,
        head=render.HEAD,
        # Gradio's own banner suggests share=True, which citedesk refuses: print our own line.
        quiet=True,
        enable_monitoring=False,
        mcp_server=False,
        ssr_mode=False,
        prevent_thread_lock=True,
    )
    print(f"citedesk chat on {app.local_url} (Ctrl+C to stop)", flush=True)
    # The page is served already (importing what answering needs takes seconds); the engine
    # loads now rather than at the first question, and an index that cannot be opened stops
    # the chat with its message.
    from rag.desk import get_desk

    try:
        get_desk(settings).load()
    except BaseException:
        app.close()
        raise
    get_desk(settings).warm_in_background()
    _serve_until_stopped(app)


def _serve_until_stopped(app: gr.Blocks) -> None:
    """Serve until Ctrl+C or SIGTERM. Gradio's `block_thread` waits for a KeyboardInterrupt
    alone, and one raised while a finalizer runs is swallowed ("Exception ignored in
    BaseEventLoop.__del__"): the chat then never stopped and was killed, its exports left
    behind. The flag `_interrupt` sets is seen whatever happened to the exception."""
    try:
        while not STOP.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        app.close()


def _middleware(settings: Settings, host: str, auth: list[tuple[str, str]] | None) -> list:
    """In front of Gradio: the Origin rule, the login limit (with a password or an API key),
    and the OpenAI-compatible API (which checks its own key: Gradio's login does not cover it)."""
    from starlette.middleware import Middleware

    from ui.login_limit import LoginLimit
    from ui.openai_api import OpenAICompatible
    from ui.same_origin import SameOrigin
    from ui.serving import LOOPBACK

    allowed = [o.strip() for o in settings.chat.allowed_origins.split(",") if o.strip()]
    key = settings.chat.api_key.get_secret_value() if settings.chat.api_key else None
    open_access = host in LOOPBACK and not auth  # like the chat itself without a password
    limits = settings.chat
    middleware = [Middleware(SameOrigin, allowed=allowed)]
    if auth or key:  # wrong passwords and wrong API keys slow down, then lock the address out
        middleware.append(
            Middleware(
                LoginLimit, max_failures=limits.login_max_failures, lockout_s=limits.login_lockout_s
            )
        )
    middleware.append(
        Middleware(OpenAICompatible, settings=settings, key=key, open_access=open_access)
    )
    return middleware


STOP = threading.Event()  # set by SIGTERM


def _interrupt(*_: object) -> None:
    """SIGTERM: stop as Ctrl+C does, at once during start-up (the exception), and in any case
    once serving (the flag)."""
    STOP.set()
    raise KeyboardInterrupt
