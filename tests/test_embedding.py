"""The two embedding backends: onnxruntime over the cached export (the default, no torch when
answering) and sentence-transformers on torch give the same vectors and the same top results."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ingest.embedding import load_embed_model, token_counter_for
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import StoreError
from rag.engine import Engine
from tests.conftest import ROOT, SEED_CORPUS

QUESTIONS = [
    "How many cameras has China deployed?",
    "Who filed a complaint about the handcuffs?",
    "How many targets can the GDU drones track?",
    "What does Hytera sell?",
]


@pytest.fixture(scope="module")
def full_precision_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles embedded at full precision (int8 is the default): torch's precision."""
    folder = tmp_path_factory.mktemp("full")
    shutil.copytree(SEED_CORPUS, folder / "corpus")
    settings = Settings(index_dir=folder / "index", embed_quantized=False)
    assert ingest([folder / "corpus"], settings).ok
    return folder / "index"


def test_onnx_and_torch_give_the_same_vectors():
    onnx = load_embed_model(Settings(embed_backend="onnx", embed_quantized=False))
    torch = load_embed_model(Settings(embed_backend="torch"))
    # Texts of different lengths (ONNX runs them unpadded, grouped by length) and a repeat.
    texts = [*QUESTIONS, "A much longer passage " * 40, QUESTIONS[0]]
    a = np.array(onnx.get_text_embedding_batch(texts))
    b = np.array(torch.get_text_embedding_batch(texts))
    assert np.abs(a - b).max() < 1e-4
    assert np.abs(a[0] - a[-1]).max() < 1e-6
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_token_ids_counted_at_chunking_give_the_vectors_of_the_texts():
    """The ingest hands the model the ids it counted when chunking: the same vectors, the
    special tokens added and an over-long passage cut to the window as the tokenizer does."""
    settings = Settings()
    model = load_embed_model(settings)
    count = token_counter_for(settings.embedding.resolved_model())
    texts = sorted([*QUESTIONS, "A much longer passage " * 90], key=lambda t: len(count(t)))
    assert len(count(texts[-1])) > settings.embedding.max_tokens
    by_text = np.array(model.get_text_embedding_batch(texts))
    by_ids = np.array(model.embed_token_ids([count(text) for text in texts]))
    assert np.array_equal(by_text, by_ids)


def test_texts_embedded_on_several_cores_keep_their_order_and_vectors():
    """Texts of different lengths run as separate groups on the cores at once: each vector
    comes back to its text, as when one core runs every group in turn."""
    texts = [*QUESTIONS, "A much longer passage " * 40, "Short.", QUESTIONS[1]] * 3
    one = load_embed_model(Settings(embed_threads=1)).get_text_embedding_batch(texts)
    two = load_embed_model(Settings(embed_threads=2)).get_text_embedding_batch(texts)
    assert np.abs(np.array(one) - np.array(two)).max() < 1e-6
    assert np.array_equal(two[1], two[6])  # the same text, the same vector


def test_questions_embedded_from_several_threads_at_once_get_their_own_vectors():
    """The chat answers questions at once: callers share the model's session and pool."""
    from concurrent.futures import ThreadPoolExecutor

    model = load_embed_model(Settings(embed_threads=2))
    batches = [
        [q, "A much longer passage " * (5 + i), QUESTIONS[-1 - i % 4]]
        for i, q in enumerate(QUESTIONS * 3)
    ]
    alone = [model.get_text_embedding_batch(batch) for batch in batches]
    with ThreadPoolExecutor(6) as callers:
        together = list(callers.map(model.get_text_embedding_batch, batches))
    assert np.array_equal(np.array(alone), np.array(together))


def test_onnx_and_torch_retrieve_the_same_top_passages(full_precision_index: Path):
    engines = [
        Engine(Settings(index_dir=full_precision_index, embed_backend=b)) for b in ("onnx", "torch")
    ]
    for question in QUESTIONS:
        onnx, torch = (e.ask(question) for e in engines)
        assert [p.chunk_id for p in onnx.retrieved[:5]] == [p.chunk_id for p in torch.retrieved[:5]]
        assert onnx.text == torch.text


def test_the_export_is_made_once_into_the_cache_and_reused(tmp_path: Path, corpus: Path):
    settings = Settings(index_dir=tmp_path / "index", model_cache=tmp_path / "cache")
    assert ingest([corpus], settings).ok
    # The export, and its int8 copy (the default) made from it.
    exported = sorted((tmp_path / "cache").glob("*.onnx"))
    assert len(exported) == 2 and any(path.stem.endswith("-int8") for path in exported)
    before = [path.stat().st_mtime_ns for path in exported]
    other = Settings(index_dir=tmp_path / "other", model_cache=tmp_path / "cache")
    assert ingest([corpus], other).ok
    assert [path.stat().st_mtime_ns for path in exported] == before
    assert not list((tmp_path / "cache").glob("*.part"))


def test_once_exported_an_ingest_never_imports_torch(seed_index: Path, corpus: Path, tmp_path):
    """spaCy's labelling at ingest no longer pulls torch in (through thinc) either."""
    code = (
        "import sys; from pathlib import Path; from ingest.pipeline import ingest; "
        "from ingest.settings import Settings; "
        f"assert ingest([Path({str(corpus)!r})], Settings(index_dir={str(tmp_path / 'i')!r})).ok; "
        "print('torch' in sys.modules, 'spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "False True"


def test_answering_never_imports_torch(seed_index: Path):
    code = (
        "import sys; from rag.engine import Engine; from ingest.settings import Settings; "
        f"Engine(Settings(index_dir={str(seed_index)!r})).ask('How many cameras?'); "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_quantized_index_is_its_own_index(tmp_path: Path, corpus: Path):
    """int8 vectors are close to full precision but not equal: an index records which it was
    built with, and the other, chosen, is refused by name instead of mixing the two."""
    full = Settings(index_dir=tmp_path / "index", embed_quantized=False)
    assert ingest([corpus], full).ok
    quantized = full.changed(embed_quantized=True)
    with pytest.raises(StoreError, match=r"built with the embedding model .*not .*\(int8\)"):
        ingest([corpus], quantized)
    other = Settings(index_dir=tmp_path / "int8")  # int8 by default
    assert ingest([corpus], other).ok
    assert Engine(other).settings.embedding.identity.endswith("(int8)")
    answer = Engine(other).ask("How many cameras has China deployed?")
    assert "170 million" in answer.text and "176 million" in answer.text


def test_an_index_built_before_int8_was_the_default_is_read_at_full_precision(
    tmp_path: Path, corpus: Path
):
    built = Settings(index_dir=tmp_path / "index", embed_quantized=False)
    assert ingest([corpus], built).ok
    later = Settings(index_dir=tmp_path / "index")  # the precision left to its default
    engine = Engine(later)
    assert not engine.settings.embedding.quantized
    assert "170 million" in engine.ask("How many cameras has China deployed?").text
    assert ingest([corpus], later.changed(top_k=5)).ok  # and written at it: nothing mixed
