"""The trained reader on its own: it loads offline with onnxruntime only, points at the answer in a
passage, says "no answer" when the passage holds none, and reads a batch as it reads one passage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from llama_index.core.schema import NodeWithScore, TextNode
from typer.testing import CliRunner

from ingest.settings.reader import ReaderSettings
from rag.extractive.reading import reranked
from rag.reader import BUNDLED, Reader, load
from rag.reader.squad import ReaderFileError, beside_leaderboard, f1, questions
from tests.conftest import ROOT
from ui.cli import app

EARTHQUAKE = (
    "The 2008 Sichuan earthquake, measured at 8.0 Ms and 7.9 Mw, occurred at 02:28 PM China "
    "Standard Time on May 12 in Sichuan province. It killed 69,197 people and left 18,222 missing."
)
HYTERA = (
    "Hytera, whose walkie-talkies are used by police forces around the world, makes 40% of its "
    "sales outside of China, having acquired firms in Britain, Canada and Spain."
)
BAKING = (
    "Knead the dough for ten minutes, then leave it to rise in a warm place until it has doubled "
    "in size. Bake at 220 degrees for half an hour."
)


@pytest.fixture(scope="module")
def reader() -> Reader:
    return load(ReaderSettings())


def test_the_reader_loads_offline_without_torch():
    code = (
        "import sys\n"
        "from ingest.settings.reader import ReaderSettings\n"
        "from rag.reader import load\n"
        f"reading = load(ReaderSettings()).read('How many people were killed?', [{EARTHQUAKE!r}])\n"
        "print(reading[0].best.text)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'transformers'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.splitlines() == ["69,197", "[]"]


def test_it_points_at_the_answer(reader: Reader):
    killed, sales = (
        reader.read("How many people did the earthquake kill?", [EARTHQUAKE])[0],
        (reader.read("What share of Hytera's sales is made outside China?", [HYTERA])[0]),
    )
    assert killed.best is not None and killed.best.text == "69,197"
    assert EARTHQUAKE[killed.best.start : killed.best.end] == "69,197"
    assert killed.margin > 0
    assert sales.best is not None and sales.best.text == "40%"


def test_an_answer_need_not_be_a_name_or_a_figure(reader: Reader):
    reading = reader.read("Where should the dough rise?", [BAKING])[0]
    assert reading.best is not None and "warm place" in reading.best.text


def test_an_unrelated_passage_has_no_answer(reader: Reader):
    reading = reader.read("How many people did the earthquake kill?", [BAKING])[0]
    assert reading.margin < 0


def test_a_batch_reads_each_passage_as_it_reads_it_alone(reader: Reader):
    question = "How many people did the earthquake kill?"
    passages = [EARTHQUAKE, BAKING, HYTERA, EARTHQUAKE[:60]]
    together = reader.read(question, passages)
    fresh = Reader(BUNDLED, ReaderSettings())  # nothing read yet: each passage read again
    alone = [fresh.read(question, [passage])[0] for passage in passages]
    for batched, single in zip(together, alone, strict=True):
        assert [(s.start, s.end) for s in batched.spans] == [(s.start, s.end) for s in single.spans]
        assert batched.no_answer == single.no_answer


def test_a_passage_read_again_for_the_same_question_is_not_read_twice(reader: Reader):
    question = "Where should the dough rise?"
    first = reader.read(question, [BAKING, HYTERA])
    again = reader.read(question, [HYTERA, BAKING, BAKING])
    assert again[0] is first[1] and again[1] is again[2] is first[0]
    assert reader.read("How long should it bake?", [BAKING])[0] is not first[0]


def test_the_passage_the_reader_finds_the_answer_in_moves_up(reader: Reader):
    hits = [
        NodeWithScore(node=TextNode(id_=name, text=text), score=1.0)
        for name, text in (("baking", BAKING), ("hytera", HYTERA), ("quake", EARTHQUAKE))
    ]
    question = "How many people did the earthquake kill?"
    order = [hit.node.node_id for hit in reranked(reader, question, hits, ReaderSettings())]
    assert order[0] == "quake" and sorted(order) == ["baking", "hytera", "quake"]
    plain = ReaderSettings(rerank_weight=0)
    assert [h.node.node_id for h in reranked(reader, question, hits, plain)] == [
        "baking",
        "hytera",
        "quake",
    ]


def test_a_passage_longer_than_the_window_is_read_to_its_end(reader: Reader):
    padding = " ".join([BAKING] * 12)  # about 400 tokens before the answer
    reading = reader.read("How many people did the earthquake kill?", [f"{padding} {EARTHQUAKE}"])
    assert reading[0].best is not None and reading[0].best.text == "69,197"
    assert reading[0].margin > 0


def test_a_missing_reader_folder_is_named(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="CITEDESK_READER__MODEL"):
        Reader(tmp_path, ReaderSettings())


def squad_file(tmp_path: Path) -> Path:
    path = tmp_path / "reddit.jsonl"
    rows = [
        {
            "title": "t",
            "context": EARTHQUAKE,
            "qas": [
                {
                    "id": "q1",
                    "question": "How many people were killed?",
                    "answers": [{"text": "69,197", "start": EARTHQUAKE.index("69,197")}],
                },
                {
                    "id": "q2",
                    "question": "In which province did the earthquake happen?",
                    "answers": [{"text": "Sichuan", "start": EARTHQUAKE.index("Sichuan")}],
                },
            ],
        }
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_eval_reader_writes_predictions_and_squad_scores(tmp_path: Path):
    result = CliRunner().invoke(
        app, ["eval-reader", str(squad_file(tmp_path)), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    predictions = [json.loads(line) for line in (tmp_path / "out/predictions.jsonl").open()]
    assert predictions == [
        {"id": "q1", "prediction": "69,197"},
        {"id": "q2", "prediction": "Sichuan"},
    ]
    scores = json.loads((tmp_path / "out/scores.json").read_text())
    assert scores["exact_match"] == 100.0 and scores["f1"] == 100.0
    assert "exact match\t100.0" in result.output


def test_a_broken_line_is_named_with_what_to_do(tmp_path: Path):
    path = squad_file(tmp_path)
    path.write_text(path.read_text() + '{"context": "x"}\n')
    with pytest.raises(ReaderFileError, match=r"reddit\.jsonl, line 2: not a SQuAD paragraph"):
        list(questions(path))
    result = CliRunner().invoke(app, ["eval-reader", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "line 2" in result.output


def test_squad_f1_follows_the_official_rules():
    assert f1("the Eiffel Tower!", ["Eiffel tower"]) == 1.0
    assert f1("in Paris, France", ["Paris"]) == pytest.approx(0.5)


def test_our_scores_are_shown_among_the_published_ones(tmp_path: Path):
    board = tmp_path / "leaderboard.json"
    models = [
        {"name": "AllenNLP BiDAF (single model)", "reddit_em": "44.4", "reddit_f1": "59.6"},
        {"name": "Better", "reddit_em": "70", "reddit_f1": "80"},
        {"name": "Worse", "reddit_em": "30", "reddit_f1": "40"},
        {"name": "Far worse", "reddit_em": "10", "reddit_f1": "20"},
    ]
    board.write_text(json.dumps({"reddit": {"models": models}}))
    rows = beside_leaderboard(board, "reddit", {"exact_match": 50.0, "f1": 65.0})
    assert [name for name, _, _ in rows] == [
        "Better",
        "citedesk reader",
        "AllenNLP BiDAF (single model)",
    ]


def test_training_makes_unanswerable_questions_by_swapping_a_name_the_paragraph_holds():
    import random

    from rag.reader.training import with_swapped_questions

    context = "In 1851 Eli Whitney built a mill in New Haven. Later, Samuel Colt bought it."
    asked = {
        "id": "q1",
        "title": "Mills",
        "question": "What did Eli Whitney build in New Haven?",
        "context": context,
        "answer": "a mill",
        "start": 23,
    }
    other = {**asked, "id": "q2", "context": "Yale was founded by Elihu Yale in Connecticut."}
    made = with_swapped_questions([asked, other], 1.0, random.Random(0))[2:]
    assert [example["answer"] for example in made] == [None]
    swapped = made[0]
    assert swapped["context"] == context
    assert swapped["question"] != asked["question"]
    assert any(name in swapped["question"] for name in ("Elihu Yale", "Connecticut"))


def test_training_continues_from_the_shipped_reader_and_finds_its_answers(reader):
    """`--init` reads the int8 reader back into the model that training updates: before any
    step it already points where the shipped reader does."""
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    from ingest.settings.embedding import EmbeddingSettings
    from rag.reader import BUNDLED
    from rag.reader.warm_start import WORD_EMBEDDINGS, warm_start

    base = EmbeddingSettings().resolved_model()
    model = AutoModelForQuestionAnswering.from_pretrained(base).eval()
    warm_start(model, BUNDLED / "model.onnx", (WORD_EMBEDDINGS,))
    tokenizer = AutoTokenizer.from_pretrained(base)
    for question, passage in [
        ("How many people were killed?", EARTHQUAKE),
        ("What share of its sales does Hytera make abroad?", HYTERA),
    ]:
        encoded = tokenizer(question, passage, return_tensors="pt", return_offsets_mapping=True)
        offsets = encoded.pop("offset_mapping")[0]
        with torch.no_grad():
            logits = model(**encoded)
        first, last = int(logits.start_logits.argmax()), int(logits.end_logits.argmax())
        span = passage[int(offsets[first][0]) : int(offsets[last][1])]
        assert span == reader.read(question, [passage])[0].best.text


def test_a_very_long_question_is_read_by_its_first_part(reader: Reader):
    """A question longer than a third of a window is cut, not a tokenizer panic."""
    question = "How many people were killed in the earthquake" + " and the aftershocks" * 150
    assert len(reader.read(question, [EARTHQUAKE])) == 1
