"""The embedding model run by onnxruntime: no torch, transformers or sentence-transformers in
the process that answers questions.

The ONNX file is exported once, offline, from the local model folder (torch is needed for that
one export only, at the first ingest) and cached in the user's cache folder (one export for every
index of the same model; `CITEDESK_MODEL_CACHE`). The exported graph
includes the sentence-transformers pooling and the L2 normalisation, so it gives the same
vectors as `HuggingFaceEmbedding` (largest difference 1e-7 on the seed corpus; a test compares
the top results): switching backends re-embeds nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import PrivateAttr

from ingest.embedding.batch import BatchEmbedding
from ingest.embedding.cores import one_core_runs
from ingest.settings import Settings

INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


class OnnxEmbedding(BatchEmbedding):
    """A llama-index embedding over an ONNX sentence-transformers export."""

    _session: Any = PrivateAttr()
    _pool: ThreadPoolExecutor | None = PrivateAttr()
    _tokenizer: Any = PrivateAttr()
    _frame: tuple[list[int], list[int], int] = PrivateAttr()

    def __init__(
        self, model_file: Path, folder: Path, max_tokens: int, threads: int, **kwargs: Any
    ) -> None:
        from tokenizers import Tokenizer

        super().__init__(model_name=str(folder), **kwargs)
        # Texts of different lengths run as separate groups (`_run`), several at once on one
        # core each (`ingest.embedding.cores`). Measured on 300 news articles' passages, int8,
        # two cores: 12 s against 17 s one group at a time on every core, 22-25 s against
        # 34-37 s beside a busy Python thread; eight sentences of a question 11 ms against 21 ms.
        self._session, self._pool = one_core_runs(model_file, threads, "embed")
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(max_tokens)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._frame = _frame(tokenizer, max_tokens)

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    def _embed(self, texts: list[str]) -> list[list[float]]:
        """Texts run in groups of equal length, unpadded: a padding token costs as much as a
        real one, and the eight sentences an answer weighs differ in length (measured on news
        sentences: 44 ms a question one by one against 67 ms as one padded batch)."""
        return self._run([encoding.ids for encoding in self._tokenizer.encode_batch(texts)])

    def embed_token_ids(self, ids: list[list[int]]) -> list[list[float]]:
        """Vectors for texts tokenized already, without special tokens (`token_counter_for`),
        in the batches `get_text_embedding_batch` would make, so the vectors are the same:
        the ingest counts every passage's tokens when it chunks it, and tokenizing them again
        here was 4% of its time, on the thread that runs the model."""
        framed = [self._framed(sequence) for sequence in ids]
        size = self.embed_batch_size
        vectors: list[list[float]] = []
        for start in range(0, len(framed), size):
            vectors.extend(self._run(framed[start : start + size]))
        return vectors

    def _framed(self, sequence: list[int]) -> list[int]:
        """The model's special tokens around `sequence`, cut to its window as the tokenizer
        cuts a text."""
        prefix, suffix, window = self._frame
        return [*prefix, *sequence[: window - len(prefix) - len(suffix)], *suffix]

    def _run(self, ids: list[list[int]]) -> list[list[float]]:
        """Each group of equal length in one call, the largest first, on the pool's cores."""
        import numpy as np

        def vectors_of(group: list[int]) -> Any:
            batch = np.array([ids[i] for i in group], dtype=np.int64)
            feeds = {
                "input_ids": batch,
                "attention_mask": np.ones_like(batch),
                "token_type_ids": np.zeros_like(batch),
            }
            return self._session.run(None, feeds)[0]

        groups = sorted(_equal_lengths(ids, self.embed_batch_size), key=len, reverse=True)
        done = self._pool.map(vectors_of, groups) if self._pool else map(vectors_of, groups)
        vectors: list[list[float]] = [[] for _ in ids]
        for group, found in zip(groups, done, strict=True):
            for index, vector in zip(group, found, strict=True):
                vectors[index] = vector.tolist()
        return vectors


def _frame(tokenizer: Any, window: int) -> tuple[list[int], list[int], int]:
    """The special tokens the tokenizer puts before and after a text ([CLS] and [SEP] for
    BERT-like models), and the window they count against."""
    plain = tokenizer.encode("a", add_special_tokens=False).ids
    whole = tokenizer.encode("a").ids
    at = next(i for i in range(len(whole)) if whole[i : i + len(plain)] == plain)
    return whole[:at], whole[at + len(plain) :], window


def _equal_lengths(ids: list[list[int]], most: int) -> Iterator[list[int]]:
    """Indexes of `ids` in groups of at most `most` sequences of one length each."""
    by_length: dict[int, list[int]] = {}
    for index, sequence in enumerate(ids):
        by_length.setdefault(len(sequence), []).append(index)
    for group in by_length.values():
        for start in range(0, len(group), most):
            yield group[start : start + most]


def onnx_file(settings: Settings) -> Path:
    """The cached export for the configured model folder, made now if it is missing."""
    folder = Path(settings.embedding.resolved_model())
    candidates = (folder / name for name in ("model.safetensors", "pytorch_model.bin"))
    weights = next((path for path in candidates if path.exists()), None)
    if weights is None:
        raise RuntimeError(f"no model weights in {folder}; set CITEDESK_EMBED_MODEL")
    stat = weights.stat()
    key = f"{folder.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    cache = (
        settings.embedding.cache_dir
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "citedesk"
    )
    target = cache / f"{folder.name}-{digest}.onnx"
    if not target.exists():
        export(folder, target)
    if not settings.embedding.quantized:
        return target
    quantized = target.with_name(f"{target.stem}-int8.onnx")
    if not quantized.exists():
        quantize(target, quantized)
    return quantized


def quantize(source: Path, target: Path) -> None:
    """int8 weights, one scale per output channel, for the matrix products only: over news
    passages the vectors keep a cosine of 0.994 on average to full precision (0.953 when every
    operator is quantized per tensor), at 1.8 times the speed."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _written_whole(target) as temporary:
        quantize_dynamic(
            str(source),
            temporary,
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
        )


def export(folder: Path, target: Path) -> None:
    """Export the model with its pooling and normalisation (written whole or not at all)."""
    import torch
    from transformers import AutoModel

    pooling = folder / "1_Pooling" / "config.json"
    cls_token = pooling.exists() and json.loads(pooling.read_text()).get("pooling_mode_cls_token")
    model = AutoModel.from_pretrained(str(folder)).eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            states = self.model(input_ids=ids, attention_mask=mask, token_type_ids=types)
            hidden = states.last_hidden_state
            if cls_token:
                pooled = hidden[:, 0]
            else:
                weights = mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    example = torch.ones((2, 8), dtype=torch.int64)
    with _written_whole(target) as temporary, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on operators it rewrites
        torch.onnx.export(
            Pooled(),
            (example, example, torch.zeros_like(example)),
            temporary,
            input_names=INPUTS,
            output_names=["embedding"],
            dynamic_axes={
                **{n: {0: "batch", 1: "tokens"} for n in INPUTS},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


@contextmanager
def _written_whole(target: Path) -> Iterator[str]:
    """A temporary path beside `target` to write to, renamed to `target` once written: a
    concurrent or killed export or quantization never leaves a half-written model."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".onnx.part")
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
