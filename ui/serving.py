"""Who may reach the chat: anyone on this machine (loopback), anyone else only with a password;
and a chat with a password, or reached through a proxy, does not fetch web addresses on this
machine or private networks for its users unless the settings say so."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from ingest.settings import Settings

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


Credentials = list[tuple[str, str]]


def serving_policy(settings: Settings, host: str) -> tuple[Settings, Credentials | None]:
    """The settings to serve with and the credentials to require; ValueError says what to do
    when `host` may not be served as configured."""
    credentials = None
    if settings.chat.auth:
        credentials = []
        for pair in settings.chat.auth.split(","):
            user, sep, password = pair.strip().partition(":")
            if not (sep and user and password):
                raise ValueError(
                    "--auth must be USER:PASSWORD, or several separated by commas "
                    "(editor:s3cret,reader:other)"
                )
            credentials.append((user, password))
        unknown = sorted(set(editor_names(settings)) - {user for user, _ in credentials})
        if unknown:
            raise ValueError(
                f"CITEDESK_EDITORS names {', '.join(unknown)}, who cannot log in: add them to "
                "--auth or remove them"
            )
    if credentials is not None:
        # Logged-in users are not this machine's owner: behind a reverse proxy the chat
        # listens on loopback, so the host alone cannot say who is asking.
        settings = not_fetching_private(settings)
    if credentials is None and editor_names(settings):
        raise ValueError(
            "CITEDESK_EDITORS needs --auth: without logins nobody could be told apart, and "
            "nobody could change the library"
        )
    if host not in LOOPBACK and credentials is None:
        raise ValueError(
            f"Refusing to listen on {host} without a password: anyone on the network could read "
            "the articles. Add --auth USER:PASSWORD (or set CITEDESK_AUTH), or keep --host 127.0.0.1."
        )
    return settings, credentials


def not_fetching_private(settings: Settings) -> Settings:
    """The settings for fetching on behalf of someone who may not be this machine's owner:
    no private or loopback addresses, unless the settings allow them outright."""
    if settings.ingest.fetch_private_addresses is None:
        return settings.changed(fetch_private_addresses=False)
    return settings


def editor_names(settings: Settings) -> list[str]:
    return [name.strip() for name in settings.chat.editors.split(",") if name.strip()]


def may_edit(settings: Settings, username: str | None) -> bool:
    """Whether this user may add, correct and delete articles: everyone, unless the settings
    name the editors."""
    editors = editor_names(settings)
    return not editors or username in editors


def through_proxy(headers: dict[str, str]) -> bool:
    """A request that a reverse proxy forwarded: whoever sent it is not on this machine."""
    return any(name.lower() in {"forwarded", "x-forwarded-for", "x-real-ip"} for name in headers)


def private_gradio_cache() -> None:
    """Gradio keeps a copy of every file it sends (exports, uploads) in its cache, by default a
    folder every local user can read: use one only this user can, removed at exit, unless
    GRADIO_TEMP_DIR says otherwise. Called before Gradio is imported: its upload code reads
    the variable then."""
    if os.environ.get("GRADIO_TEMP_DIR"):
        return
    folder = tempfile.mkdtemp(prefix="citedesk-gradio-")  # mode 0700
    atexit.register(shutil.rmtree, folder, True)
    os.environ["GRADIO_TEMP_DIR"] = folder
