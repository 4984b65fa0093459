"""Settings of the chat server: how many questions at once, and who may reach it
(`CITEDESK_CHAT__*`)."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr


class ChatSettings(BaseModel):
    """The chat server: how many questions at once, and who may reach it."""

    concurrency: int = Field(4, ge=1, description="Questions answered at the same time.")
    auth: str | None = Field(
        None,
        description="USER:PASSWORD required by the chat (several: comma-separated); needed to "
        "listen beyond loopback.",
    )
    editors: str = Field(
        "",
        description="Comma-separated user names that may add, correct and delete articles; "
        "empty: everyone who can log in. Other users can only ask.",
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed logins from one address before it is locked out."
    )
    login_lockout_s: float = Field(900.0, ge=0, description="How long a lockout lasts.")
    allowed_origins: str = Field(
        "",
        description="Comma-separated web origins, besides the chat's own, allowed to call it "
        "(e.g. https://news.example.org behind a reverse proxy).",
    )
    api_key: SecretStr | None = Field(
        None,
        description="The key the OpenAI-compatible API (/v1/…) requires as 'Authorization: "
        "Bearer <key>'; needed for the API whenever the chat has a password or listens beyond "
        "loopback.",
    )
