"""Who may reach the chat: anyone on this machine (loopback), anyone else only with a password;
and a chat with a password, or reached through a proxy, does not fetch web addresses on this
machine or private networks for its users unless the settings say so."""

from __future__ import annotations

from ingest.settings import Settings

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def serving_policy(settings: Settings, host: str) -> tuple[Settings, tuple[str, str] | None]:
    """The settings to serve with and the credentials to require; ValueError says what to do
    when `host` may not be served as configured."""
    credentials = None
    if settings.chat.auth:
        user, sep, password = settings.chat.auth.partition(":")
        if not (sep and user and password):
            raise ValueError("--auth must be USER:PASSWORD")
        credentials = (user, password)
    if credentials is not None and settings.ingest.fetch_private_addresses is None:
        # Logged-in users are not this machine's owner: behind a reverse proxy the chat
        # listens on loopback, so the host alone cannot say who is asking.
        settings = settings.changed(fetch_private_addresses=False)
    if host not in LOOPBACK and credentials is None:
        raise ValueError(
            f"Refusing to listen on {host} without a password: anyone on the network could read "
            "the articles. Add --auth USER:PASSWORD (or set CITEDESK_AUTH), or keep --host 127.0.0.1."
        )
    return settings, credentials


def through_proxy(headers: dict[str, str]) -> bool:
    """A request that a reverse proxy forwarded: whoever sent it is not on this machine."""
    return any(name.lower() in {"forwarded", "x-forwarded-for", "x-real-ip"} for name in headers)
