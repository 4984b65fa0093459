"""The reader: a small transformer trained to point at the answer inside a passage, or to say
the passage holds none.

It runs under onnxruntime with the `tokenizers` library (no torch when answering), from the
bundled int8 export in `rag/reader/model/` (see its MODEL_CARD.md: all-MiniLM-L6-v2 fine-tuned
on SQuAD 1.1 with built negatives) or from any folder with a `model.onnx` and `tokenizer.json`
(`CITEDESK_READER__MODEL`) whose outputs are start and end logits with the first token as the
no-answer choice, as SQuAD 2.0 readers are exported.

A passage longer than the window is read in overlapping windows; its best span is the best of
any window, and its no-answer score the lowest of any window (one window that sees the answer
is enough to say it is there).

The room holds the model's own code only: `training`, `export`, `warm_start`, `squad` (the reader
scored alone); how the answerer uses it is `rag.extractive.reading`.
May import: `ingest`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # training and export run where only torch is installed (a GPU machine)
    from ingest.settings.reader import ReaderSettings

BUNDLED = Path(__file__).parent / "model"
READ_CACHE = 256  # passages: the last few questions' worth
QUESTION_TOKENS = 64  # the most of a question read: a third of a window


@dataclass(frozen=True)
class Span:
    """An answer the reader proposes: characters `start:end` of the passage it read."""

    text: str
    start: int
    end: int
    score: float  # start logit + end logit
    probability: float  # softmax over every span of the window and the no-answer choice


@dataclass(frozen=True)
class Reading:
    """What the reader made of one passage."""

    spans: list[Span]  # best first; at most `top` of them
    no_answer: float  # the no-answer choice's score, on the spans' scale

    @property
    def best(self) -> Span | None:
        return self.spans[0] if self.spans else None

    @property
    def margin(self) -> float:
        """How much the best span beats "no answer": above 0, the reader answers."""
        return self.spans[0].score - self.no_answer if self.spans else -np.inf


class Reader:
    """An extractive QA model: `read(question, passages)`."""

    def __init__(self, folder: Path, settings: ReaderSettings) -> None:
        from tokenizers import Tokenizer

        from ingest.embedding.cores import one_core_runs

        model = folder / "model.onnx"
        if not model.exists():
            raise FileNotFoundError(
                f"no reader model at {model}: set CITEDESK_READER__MODEL to a folder holding "
                "model.onnx and tokenizer.json, or unset it for the bundled reader"
            )
        # Windows are small: several read at once on one core each beat one at a time on every
        # core (eight news passages: 48 ms against 61 ms on two cores), with the same scores.
        self._session, self._pool = one_core_runs(model, settings.threads, "reader")
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._counter = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._counter.no_truncation()  # counts a question's tokens, however many
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(
            settings.max_tokens, stride=settings.stride, strategy="only_second"
        )
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._longest = settings.max_answer_tokens
        self._read: dict[tuple[str, str, int], Reading] = {}  # oldest first
        self._lock = threading.Lock()

    def read(self, question: str, passages: list[str], top: int = 3) -> list[Reading]:
        """One `Reading` per passage. A passage read for the same question before is not read
        again (the engine ranks the passages by the reader, then the answerer reads them)."""
        keys = [(question, passage, top) for passage in passages]
        with self._lock:
            known = {key: self._read[key] for key in keys if key in self._read}
        missing = list(dict.fromkeys(key for key in keys if key not in known))
        fresh = self._read_now(question, [passage for _, passage, _ in missing], top)
        with self._lock:
            for key, reading in zip(missing, fresh, strict=True):
                self._read[key] = reading
            while len(self._read) > READ_CACHE:
                self._read.pop(next(iter(self._read)))
        known.update(zip(missing, fresh, strict=True))
        return [known[key] for key in keys]

    def _clipped(self, question: str) -> str:
        """The question cut to `QUESTION_TOKENS`: a longer one leaves the passage less room in a
        window than the stride, which the tokenizer cannot cut into windows (it panics)."""
        offsets = self._counter.encode(question, add_special_tokens=False).offsets
        return (
            question
            if len(offsets) <= QUESTION_TOKENS
            else question[: offsets[QUESTION_TOKENS - 1][1]]
        )

    def _read_now(self, question: str, passages: list[str], top: int) -> list[Reading]:
        """Tokenised together; each window is run alone (several at once, one core each): int8
        scales activations per run, so in a padded batch a passage's scores would depend on the
        others read with it (0.4 logits, measured), and on two cores eight windows alone took
        no longer than one batch of eight (320 ms against 334 ms under load)."""
        if not passages:
            return []
        question = self._clipped(question)
        windows: list[tuple[int, Any]] = []
        for index, encoding in enumerate(
            self._tokenizer.encode_batch([(question, passage) for passage in passages])
        ):
            windows += [(index, window) for window in (encoding, *encoding.overflowing)]
        found: list[list[Span]] = [[] for _ in passages]
        no_answer = [np.inf] * len(passages)
        just_windows = [window for _, window in windows]
        logits = (
            self._pool.map(self._logits, just_windows)
            if self._pool
            else map(self._logits, just_windows)
        )
        for (index, window), (starts, ends) in zip(windows, logits, strict=True):
            spans, null = self._spans(window, starts, ends, passages[index], top)
            found[index] += spans
            no_answer[index] = min(no_answer[index], null)
        return [
            Reading(_distinct(sorted(spans, key=lambda s: -s.score))[:top], float(null))
            for spans, null in zip(found, no_answer, strict=True)
        ]

    def _logits(self, window: Any) -> tuple[np.ndarray, np.ndarray]:
        ids = np.array([window.ids], dtype=np.int64)
        feeds = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.array([window.type_ids], dtype=np.int64),
        }
        used = {name: value for name, value in feeds.items() if name in self._inputs}
        starts, ends = self._session.run(None, used)
        return starts[0], ends[0]

    def _spans(
        self, window: Any, starts: np.ndarray, ends: np.ndarray, passage: str, top: int
    ) -> tuple[list[Span], float]:
        """The window's best spans inside the passage, and its no-answer score."""
        inside = np.array([s == 1 for s in window.sequence_ids])
        n = len(window.ids)
        start, end = starts, ends
        null = float(start[0] + end[0])
        pair = start[:, None] + end[None, :]
        allowed = np.triu(np.ones((n, n), dtype=bool)) & ~np.triu(
            np.ones((n, n), dtype=bool), self._longest
        )
        allowed &= inside[:, None] & inside[None, :]
        scores = np.where(allowed, pair, -np.inf)
        # The probability of a span among every span and "no answer" (logsumexp, stably).
        most = max(float(scores.max()), null)
        total = np.exp(scores - most).sum() + np.exp(null - most)
        spans = []
        for flat in np.argsort(scores, axis=None)[::-1][: top * 3]:
            first, last = divmod(int(flat), n)
            if not allowed[first, last]:
                break
            begin, finish = window.offsets[first][0], window.offsets[last][1]
            score = float(scores[first, last])
            spans.append(
                Span(
                    passage[begin:finish],
                    begin,
                    finish,
                    score,
                    float(np.exp(score - most) / total),
                )
            )
        return spans, null


def _distinct(spans: list[Span]) -> list[Span]:
    """The same characters read from two overlapping windows count once (the better)."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for span in spans:
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            kept.append(span)
    return kept


def load(settings: ReaderSettings) -> Reader:
    """The configured reader, loaded once per process and configuration."""
    return _loaded(settings.model_dump_json())


@lru_cache(maxsize=4)
def _loaded(configuration: str) -> Reader:
    from ingest.settings.reader import ReaderSettings

    settings = ReaderSettings.model_validate_json(configuration)
    return Reader(settings.model or BUNDLED, settings)
