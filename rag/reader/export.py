"""Export trained reader weights to the ONNX files answering uses (`make reader` runs it after
training): `model.onnx` (full precision, int8 when `--int8`) and `tokenizer.json`.

int8 is per output channel, for the matrix products and the word-embedding lookup: the lookup is
half the model's weights, so leaving it in full precision would keep the file at 58 MB instead of
23 MB. Whether int8 is kept is decided by F1 (see MODEL_CARD.md).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import warnings
from pathlib import Path

INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def export(weights: Path, out: Path) -> Path:
    """`weights` (a transformers folder) as `out/model.onnx` with its tokenizer beside it."""
    import torch
    from transformers import AutoModelForQuestionAnswering

    model = AutoModelForQuestionAnswering.from_pretrained(str(weights)).eval()

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> tuple:
            output = self.model(input_ids=ids, attention_mask=mask, token_type_ids=types)
            return output.start_logits, output.end_logits

    out.mkdir(parents=True, exist_ok=True)
    example = torch.ones((2, 8), dtype=torch.int64)
    target = out / "model.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on operators it rewrites
        torch.onnx.export(
            Logits(),
            (example, example, torch.zeros_like(example)),
            str(target),
            input_names=INPUTS,
            output_names=["start_logits", "end_logits"],
            dynamic_axes={
                **{name: {0: "batch", 1: "tokens"} for name in INPUTS},
                "start_logits": {0: "batch", 1: "tokens"},
                "end_logits": {0: "batch", 1: "tokens"},
            },
            opset_version=17,
            dynamo=False,
        )
    shutil.copy(weights / "tokenizer.json", out / "tokenizer.json")
    return target


def quantize(folder: Path, out: Path) -> Path:
    """An int8 copy of `folder`'s reader in `out`."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        prepared = Path(scratch) / "prepared.onnx"
        quant_pre_process(str(folder / "model.onnx"), str(prepared), skip_symbolic_shape=True)
        quantize_dynamic(
            str(prepared),
            str(out / "model.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul", "Gather"],
        )
    shutil.copy(folder / "tokenizer.json", out / "tokenizer.json")
    return out / "model.onnx"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("weights", type=Path, help="the trained transformers folder")
    parser.add_argument("--out", type=Path, default=Path("build/reader/onnx"))
    parser.add_argument("--int8", type=Path, help="also write an int8 copy into this folder")
    args = parser.parse_args(argv)
    export(args.weights, args.out)
    if args.int8:
        quantize(args.out, args.int8)


if __name__ == "__main__":
    main()
