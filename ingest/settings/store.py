"""Settings of the store: the embedded folder or a Chroma server (`CITEDESK_STORE__*`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class StoreSettings(BaseModel):
    """Where the index lives: the embedded folder or a Chroma server, and how long to wait for it."""

    index_dir: Path = Field(
        Path(".citedesk"),
        description="Embedded Chroma store, BM25 index and lock (and the BM25 cache in server mode).",
    )
    chroma_url: str | None = Field(
        None, description="http://HOST:PORT of a Chroma server; unset means the embedded store."
    )
    collection: str = Field("citedesk", description="Prefix of the Chroma collection names.")
    chroma_timeout_s: float = Field(
        30.0, ge=1, description="How long a Chroma server may take to answer one request."
    )
    lock_timeout_s: float = Field(
        60.0, ge=0, description="How long an ingest waits for another one to finish."
    )

    @property
    def files_dir(self) -> Path:
        """Where articles added through the chat or by web address are kept: ingest reads them
        from here like any folder (`uploads/`, `links/`), so they survive restarts."""
        return self.index_dir / "files"

    @property
    def location(self) -> str:
        return self.chroma_url or str(self.index_dir.resolve())
