"""The reader's training recipe as a GPU machine runs it (`make reader-gpu`): the base model
packed small enough to travel there, every question read for several epochs, gzipped data.
Here on a tiny model with the bundled tokenizer, on the CPU."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from rag.reader import base_pack
from rag.reader.training import Recipe, prepare, train

PARAGRAPHS = [
    {
        "title": "Milipol",
        "context": "The Milipol fair in Paris hosts 1,100 companies. China sent 89 of them.",
        "qas": [
            {
                "id": "a",
                "question": "Where is Milipol held?",
                "answers": [{"text": "Paris", "start": 21}],
            },
            {
                "id": "b",
                "question": "How many firms did China send?",
                "answers": [{"text": "89", "start": 61}],
            },
        ],
    },
    {
        "title": "Milipol",
        "context": "Hytera makes 40% of its sales outside China.",
        "qas": [
            {
                "id": "c",
                "question": "What share of sales does Hytera make abroad?",
                "answers": [{"text": "40%", "start": 13}],
            },
        ],
    },
]


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-layer BERT with the bundled model's tokenizer, saved as transformers saves one."""
    from transformers import BertConfig, BertModel

    folder = tmp_path_factory.mktemp("tiny-base")
    config = BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
    )
    BertModel(config).save_pretrained(str(folder))
    bundled = base_pack.bundled()
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt"):
        (folder / name).write_bytes((bundled / name).read_bytes())
    return folder


def test_the_packed_base_keeps_every_weight_within_half_a_step(tiny_base: Path, tmp_path: Path):
    from safetensors.numpy import load_file

    packed = base_pack.pack(tiny_base, tmp_path / "packed")
    assert (packed / base_pack.WEIGHTS).stat().st_size < (
        tiny_base / "model.safetensors"
    ).stat().st_size / 3
    model = base_pack.question_answering_model(packed)
    state = model.state_dict()
    for name, original in load_file(str(tiny_base / "model.safetensors")).items():
        if f"bert.{name}" not in state:
            continue  # the pooler: a question-answering model has none
        restored = state[f"bert.{name}"].numpy()
        step = np.abs(original).max(axis=-1, keepdims=True) / 127 if original.ndim == 2 else 0
        assert np.all(np.abs(restored - original) <= step / 2 + 1e-6), name
    assert "qa_outputs.weight" in state  # the answer layer is new, to be trained


def test_a_budget_of_zero_windows_reads_every_question(tiny_base: Path, tmp_path: Path):
    from transformers import AutoTokenizer

    data = _squad(tmp_path)
    recipe = _recipe(data, windows=0)
    windows = prepare(recipe, AutoTokenizer.from_pretrained(str(tiny_base)))
    answered = [w for w in windows if w["start"] > 0]
    assert len(answered) == 3  # each question once, with its answer inside the window


def test_training_runs_its_epochs_from_the_packed_base_and_resumes(tiny_base: Path, tmp_path: Path):
    from transformers import AutoModelForQuestionAnswering

    packed = base_pack.pack(tiny_base, tmp_path / "packed")
    recipe = _recipe(_squad(tmp_path), windows=0, epochs=2)
    out = tmp_path / "run"
    final = train(recipe, packed, out, save_every=1, threads=1)
    assert json.loads((out / "recipe.json").read_text())["epochs"] == 2
    assert AutoModelForQuestionAnswering.from_pretrained(str(final)).config.hidden_size == 32
    log = (out / "checkpoint.pt").stat().st_mtime
    train(recipe, packed, out, save_every=1, threads=1)  # resumed at its last step: nothing to do
    assert (out / "checkpoint.pt").stat().st_mtime == log
    shorter = _recipe(_squad(tmp_path), windows=0, epochs=1)  # another schedule: not resumed
    with pytest.raises(SystemExit, match="same --windows, --epochs and --batch"):
        train(shorter, packed, out, save_every=1, threads=1)
    assert (out / "checkpoint.pt").stat().st_mtime == log


def _squad(folder: Path) -> Path:
    path = folder / "squad.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(paragraph) + "\n" for paragraph in PARAGRAPHS)
    return path


def _recipe(data: Path, windows: int, epochs: int = 1) -> Recipe:
    return Recipe(
        data=str(data),
        windows=windows,
        negatives=0.0,
        swapped=0.0,
        max_tokens=64,
        stride=16,
        batch=2,
        learning_rate=1e-4,
        warmup=0.0,
        seed=1,
        freeze_embeddings=False,
        bf16=False,
        init=None,
        epochs=epochs,
    )
