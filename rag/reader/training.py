"""Fine-tune the bundled all-MiniLM-L6-v2 as an extractive reader with a "no answer" option.

Run by `make reader` (torch and transformers; never imported when answering). The model learns
start and end logits over the tokens of "[CLS] question [SEP] passage [SEP]"; the no-answer choice
is the [CLS] token, SQuAD 2.0 style. SQuAD 1.1 has no unanswerable questions, so they are made
here: every window of a long paragraph that does not hold the answer, the question put against
another paragraph of its own article (a hard negative: same topic, same names, no answer), and the
question with one of its names or years swapped for another of its article's, put against its own
paragraph (SQuAD 2.0's commonest unanswerable kind: a passage on the topic, a plausible span, and
no answer to the question as asked).

CPU is the constraint (2 cores). What makes it workable, measured on this machine:
- the word-embedding matrix is frozen (half the weights; the step is about 3 times faster);
- bf16 autocast where the CPU has AVX-512 BF16 (`--bf16`);
- windows of at most `--max-tokens` tokens (192: a stored 128-token chunk with the sentence
  before it and the question), batched by length so little is padding;
- a budget of windows (`--windows`) drawn with a fixed seed, instead of whole epochs (on a GPU,
  `--windows 0 --epochs 2`: every question, twice; `make reader-gpu`).

Checkpoints every `--save-every` steps (model, optimizer, scheduler, step) let an interrupted run
resume with the same data order; progress goes to `train.log` in the output folder.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.reader import base_pack

log = logging.getLogger("citedesk.reader.training")


@dataclass(frozen=True)
class Recipe:
    """Everything that decides the trained weights (written beside them, for the model card)."""

    data: str
    windows: int
    negatives: float
    swapped: float
    max_tokens: int
    stride: int
    batch: int
    learning_rate: float
    warmup: float
    seed: int
    freeze_embeddings: bool
    bf16: bool
    init: str | None  # an exported reader to continue from (rag.reader.warm_start)
    epochs: int = 1  # passes over the windows, each in its own order


def squad_examples(path: Path) -> list[dict[str, Any]]:
    """One dict per question: id, question, context, answer text and start, article title."""
    examples = []
    with _opened(path) as lines:
        for line in lines:
            paragraph = json.loads(line)
            for qa in paragraph["qas"]:
                answer = qa["answers"][0]
                examples.append(
                    {
                        "id": qa["id"],
                        "title": paragraph["title"],
                        "question": qa["question"].strip(),
                        "context": paragraph["context"],
                        "answer": answer["text"],
                        "start": answer["start"],
                    }
                )
    return examples


def _opened(path: Path) -> Any:
    """A SQuAD file, gzipped (as carried to a GPU machine) or not."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def with_hard_negatives(
    examples: list[dict[str, Any]], share: float, rng: random.Random
) -> list[dict[str, Any]]:
    """The examples plus, for a `share` of them, the question against another paragraph of the
    same article that does not contain the answer text (so the label "no answer" is true)."""
    by_title: dict[str, list[str]] = {}
    for example in examples:
        contexts = by_title.setdefault(example["title"], [])
        if not contexts or contexts[-1] != example["context"]:
            contexts.append(example["context"])
    negatives = []
    for example in examples:
        if rng.random() >= share:
            continue
        others = [
            context
            for context in by_title[example["title"]]
            if context != example["context"] and example["answer"] not in context
        ]
        if others:
            negatives.append({**example, "context": rng.choice(others), "answer": None})
    return examples + negatives


# A name in a question: capitalised words, joined by a few lower-case linking words. The first
# word of a question is capitalised too, so only names the paragraph also holds are swapped.
NAME = re.compile(r"\b[A-Z][\w'’-]+(?:(?:\s+(?:of|the|de|and|for))*\s+[A-Z][\w'’-]+)*")
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def with_swapped_questions(
    examples: list[dict[str, Any]], share: float, rng: random.Random
) -> list[dict[str, Any]]:
    """The examples plus, for a `share` of them, the question with one name or year it shares
    with its paragraph replaced by another of the same article that the paragraph lacks, against
    the same paragraph, labelled "no answer": the passage still looks right, the question is not
    answered by it. Names come from the article's other paragraphs so the swap stays on topic."""
    names: dict[str, set[str]] = {}
    for example in examples:
        names.setdefault(example["title"], set()).update(_names_inside(example["context"]))
    swapped = []
    for example in examples:
        if example["answer"] is None or rng.random() >= share:
            continue
        question, context = example["question"], example["context"]
        shared = [
            match
            for match in [*NAME.finditer(question), *YEAR.finditer(question)]
            if match.start() > 0
            and match.group() in context
            and match.group() not in example["answer"]
        ]
        if not shared:
            continue
        match = rng.choice(shared)
        if YEAR.fullmatch(match.group()):
            pool = [str(int(match.group()) + step) for step in (-20, -7, -3, -1, 1, 3, 7, 20)]
        else:
            pool = sorted(names[example["title"]])
        pool = [other for other in pool if other not in context and other not in question]
        if not pool:
            continue
        asked = question[: match.start()] + rng.choice(pool) + question[match.end() :]
        swapped.append({**example, "question": asked, "answer": None})
    return examples + swapped


def _names_inside(text: str) -> list[str]:
    """Names not at the start of a sentence, where any word is capitalised ("According", "With")."""
    return [
        match.group()
        for match in NAME.finditer(text)
        if match.start() > 0 and text[: match.start()].rstrip()[-1:] not in ".!?\"'“"
    ]


def windows_of(examples: list[dict[str, Any]], tokenizer: Any, recipe: Recipe) -> list[dict]:
    """Tokenised windows with start/end token labels; a window without the answer points at [CLS]."""
    encoded = tokenizer(
        [example["question"] for example in examples],
        [example["context"] for example in examples],
        truncation="only_second",
        max_length=recipe.max_tokens,
        stride=recipe.stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding=False,
    )
    windows = []
    for index, offsets in enumerate(encoded["offset_mapping"]):
        example = examples[encoded["overflow_to_sample_mapping"][index]]
        sequence = encoded.sequence_ids(index)
        start_token = end_token = 0
        if example["answer"] is not None:
            first = example["start"]
            last = first + len(example["answer"])
            passage = [i for i, s in enumerate(sequence) if s == 1]
            if offsets[passage[0]][0] <= first and offsets[passage[-1]][1] >= last:
                start_token = next(i for i in passage if offsets[i][1] > first)
                end_token = next(i for i in reversed(passage) if offsets[i][0] < last)
        windows.append(
            {
                "input_ids": encoded["input_ids"][index],
                "token_type_ids": encoded["token_type_ids"][index],
                "start": start_token,
                "end": end_token,
            }
        )
    return windows


def batches_by_length(windows: list[dict], size: int, rng: random.Random) -> list[list[dict]]:
    """Batches of similar length (little padding), in a shuffled order: windows are shuffled,
    sorted by length inside pools of 50 batches, cut into batches, and the batches shuffled."""
    order = windows[:]
    rng.shuffle(order)
    pool = size * 50
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda w: len(w["input_ids"]))
        batches.extend(chunk[i : i + size] for i in range(0, len(chunk), size))
    rng.shuffle(batches)
    return batches


def tensors(batch: list[dict]) -> dict[str, Any]:
    import torch

    longest = max(len(window["input_ids"]) for window in batch)
    ids = torch.zeros((len(batch), longest), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, window in enumerate(batch):
        n = len(window["input_ids"])
        ids[row, :n] = torch.tensor(window["input_ids"])
        types[row, :n] = torch.tensor(window["token_type_ids"])
        mask[row, :n] = 1
    return {
        "input_ids": ids,
        "token_type_ids": types,
        "attention_mask": mask,
        "start_positions": torch.tensor([window["start"] for window in batch]),
        "end_positions": torch.tensor([window["end"] for window in batch]),
    }


def prepare(recipe: Recipe, tokenizer: Any) -> list[dict]:
    """The training windows: questions drawn with the seed until the budget is reached (a
    budget of 0: every question, as on a GPU)."""
    rng = random.Random(recipe.seed)
    examples = squad_examples(Path(recipe.data))
    rng.shuffle(examples)
    # Roughly 1.3 windows per question with its negatives at 192 tokens: draw a little more
    # than needed, then cut the windows to the budget.
    if recipe.windows:
        examples = examples[: int(recipe.windows / 1.1)]
    drawn = with_hard_negatives(examples, recipe.negatives, rng)
    drawn = with_swapped_questions(drawn, recipe.swapped, rng)
    windows = windows_of(drawn, tokenizer, recipe)
    rng.shuffle(windows)
    return windows[: recipe.windows] if recipe.windows else windows


def train(
    recipe: Recipe, base: Path, out: Path, save_every: int, threads: int, device: str = "cpu"
) -> Path:
    """Train (or resume) into `out` on `device` ("cpu" or "cuda"); returns the folder of the
    final weights."""
    import torch
    from transformers import (
        AutoModelForQuestionAnswering,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    from rag.reader.warm_start import WORD_EMBEDDINGS, warm_start

    torch.set_num_threads(threads)
    torch.manual_seed(recipe.seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "recipe.json").write_text(json.dumps(recipe.__dict__, indent=2))
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    if base_pack.is_packed(base):
        model = base_pack.question_answering_model(base)
    else:
        model = AutoModelForQuestionAnswering.from_pretrained(str(base))
    frozen = (WORD_EMBEDDINGS,) if recipe.freeze_embeddings else ()
    if recipe.init:
        warm_start(model, Path(recipe.init), frozen)
    for name in frozen:
        model.get_parameter(name).requires_grad_(False)
    model.to(device)
    windows = prepare(recipe, tokenizer)
    batches = batches_by_length(windows, recipe.batch, random.Random(recipe.seed + 1))
    per_epoch, epoch = len(batches), 0
    steps = per_epoch * recipe.epochs
    negatives = sum(1 for w in windows if w["start"] == 0)
    log.info("%d windows (%d without the answer), %d steps", len(windows), negatives, steps)
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=recipe.learning_rate, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(recipe.warmup * steps), steps)
    checkpoint = out / "checkpoint.pt"
    first = 0
    if checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False, map_location=device)
        if state.get("steps", steps) != steps:  # another --windows, --epochs or --batch
            raise SystemExit(
                f"{checkpoint} is of a run of {state['steps']} steps, this one has {steps}: resume "
                "with the same --windows, --epochs and --batch, or train into another --out."
            )
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        first = state["step"]
        log.info("resumed at step %d", first)
    model.train()
    began, loss_sum = time.monotonic(), 0.0
    for step in range(first, steps):
        if step // per_epoch != epoch:  # each epoch its own order, from the seed
            epoch = step // per_epoch
            batches = batches_by_length(
                windows, recipe.batch, random.Random(recipe.seed + 1 + epoch)
            )
        batch = {k: v.to(device) for k, v in tensors(batches[step % per_epoch]).items()}
        with torch.autocast(torch.device(device).type, dtype=torch.bfloat16, enabled=recipe.bf16):
            loss = model(**batch).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained, 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        loss_sum += loss.item()
        done = step + 1
        if done % 50 == 0:
            rate = 50 * recipe.batch / (time.monotonic() - began)
            log.info("step %d/%d loss %.3f %.1f windows/s", done, steps, loss_sum / 50, rate)
            began, loss_sum = time.monotonic(), 0.0
        if done % save_every == 0 or done == steps:
            _save(checkpoint, model, optimizer, schedule, done, steps)
    final = out / "final"
    model.to("cpu").save_pretrained(str(final))
    tokenizer.save_pretrained(str(final))
    return final


def _save(path: Path, model: Any, optimizer: Any, schedule: Any, step: int, steps: int) -> None:
    """Written beside and renamed, so a run killed while saving keeps the last checkpoint."""
    import torch

    partial = path.with_suffix(".partial")
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "schedule": schedule.state_dict(),
        "step": step,
        "steps": steps,  # the run's length: a resume with another recipe is refused
    }
    torch.save(state, partial)
    partial.replace(path)
    log.info("checkpoint at step %d", step)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/train/squad11_train.jsonl")
    parser.add_argument("--out", type=Path, default=Path("build/reader"))
    parser.add_argument("--windows", type=int, default=72_000, help="0: every question")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--device", default="cpu", help="cpu, or cuda on a GPU machine")
    parser.add_argument("--base", type=Path, help="default: the bundled embedding model")
    parser.add_argument("--negatives", type=float, default=0.25)
    parser.add_argument("--swapped", type=float, default=0.0)
    parser.add_argument("--max-tokens", type=int, default=192)
    parser.add_argument("--stride", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=1e-4)
    parser.add_argument("--warmup", type=float, default=0.06)
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--train-embeddings", action="store_true")
    parser.add_argument("--bf16", action="store_true")
    parser.add_argument("--init", help="continue from this exported reader (model.onnx)")
    parser.add_argument("--save-every", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    recipe = Recipe(
        data=args.data,
        windows=args.windows,
        negatives=args.negatives,
        swapped=args.swapped,
        max_tokens=args.max_tokens,
        stride=args.stride,
        batch=args.batch,
        learning_rate=args.learning_rate,
        warmup=args.warmup,
        seed=args.seed,
        freeze_embeddings=not args.train_embeddings,
        bf16=args.bf16,
        init=args.init,
        epochs=args.epochs,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(message)s",
        handlers=[logging.FileHandler(args.out / "train.log"), logging.StreamHandler()],
    )
    base = args.base or base_pack.bundled()
    final = train(recipe, base, args.out, args.save_every, args.threads, args.device)
    log.info("trained weights in %s", final)


if __name__ == "__main__":
    main()
