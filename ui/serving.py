"""Who may reach the chat: anyone on this machine (loopback), anyone else only with a password;
and a chat served beyond loopback does not fetch web addresses on private networks for its
users unless the settings say so."""

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
    if host in LOOPBACK:
        return settings, credentials
    if credentials is None:
        raise ValueError(
            f"Refusing to listen on {host} without a password: anyone on the network could read "
            "the articles. Add --auth USER:PASSWORD (or set CITEDESK_AUTH), or keep --host 127.0.0.1."
        )
    if settings.ingest.fetch_private_addresses is None:
        settings = settings.changed(fetch_private_addresses=False)
    return settings, credentials
