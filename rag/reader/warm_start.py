"""Training resumes from the shipped reader: its int8 ONNX weights read back into the transformers
model (`python -m rag.reader.training --init rag/reader/model/model.onnx`).

Two CPU cores train about 70,000 windows in a session, fewer than one epoch of SQuAD, and the
fp32 weights (`build/`) do not survive a new machine. Reading the committed int8 model back lets
each session add a pass where the last one ended instead of starting over. The int8 weights are
per-output-channel, so each one is within half a step (|w|max / 254) of the trained value: noise
that the next pass of training absorbs. The word-embedding matrix is taken from the base model,
not from the int8 copy, because training keeps it frozen (so it never differed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

# A matrix product's node in the export is named after its module: ".../layer.0/attention/self/
# query/MatMul" is `bert.encoder.layer.0.attention.self.query`.
MODULE = re.compile(r"^/model/(?P<path>.+)/MatMul")
# Kept frozen by training (half the weights; see rag.reader.training).
WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight"


def onnx_weights(path: Path) -> dict[str, np.ndarray]:
    """Every trained weight of an exported reader, full precision, under transformers' names."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    stored = {item.name: numpy_helper.to_array(item) for item in graph.initializer}
    weights = {
        name.removeprefix("model."): value
        for name, value in stored.items()
        if name.startswith("model.") and not name.endswith("_scale") and value.dtype == np.float32
    }
    for quantized in [name for name in stored if name.endswith(".weight_quantized")]:
        weights[quantized.removeprefix("model.").removesuffix("_quantized")] = _dequantized(
            stored, quantized.removesuffix("_quantized")
        )
    for node in graph.node:
        match = MODULE.match(node.output[0]) if node.op_type == "MatMulInteger" else None
        if match:
            module = match["path"].replace("/", ".")
            matrix = _dequantized(stored, node.input[1].removesuffix("_quantized"))
            weights[f"{module}.weight"] = matrix.T  # MatMul is x @ W; nn.Linear keeps W.T
    return weights


def _dequantized(stored: dict[str, np.ndarray], name: str) -> np.ndarray:
    """(q - zero point) x scale, per output channel (the last axis) or per tensor."""
    quantized = stored[f"{name}_quantized"].astype(np.float32)
    return (quantized - stored[f"{name}_zero_point"]) * stored[f"{name}_scale"]


def warm_start(model: Any, path: Path, frozen: tuple[str, ...]) -> None:
    """Load `path`'s weights into `model` (a BertForQuestionAnswering), but for the `frozen`
    ones, which stay the base model's; every other weight must be found, or this raises."""
    import torch

    weights = onnx_weights(path)
    state = model.state_dict()
    missing = [name for name in state if name not in weights and name not in frozen]
    if missing:
        raise ValueError(f"{path} lacks weights for {', '.join(missing[:5])}")
    loaded = {
        name: torch.from_numpy(np.array(weights[name], dtype=np.float32)).reshape(state[name].shape)
        for name in state
        if name not in frozen
    }
    model.load_state_dict(loaded, strict=False)
