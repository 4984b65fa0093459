"""The same question over the same index gets the same answer in every process. Python orders a
set of words by a hash it seeds afresh in each process; a score summed over such a set in that
order differs in its last bits, and a sentence whose share of the question's words is 0.5 on the
nose fell either side of a threshold: "Did Huawei itself have a booth at Milipol?" was refused in
one process and offered the closest sentence in another. Sums of weights are exact
(`math.fsum`), so the order a set is read in no longer matters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

QUESTIONS = [
    "Did Huawei itself have a booth at Milipol?",
    "What's the story with Chinese firms at Milipol this year?",
    "How do the two articles differ on the camera figures?",
]

ASK = """
import json, sys
from pathlib import Path
from ingest.settings import Settings
from rag.desk import Desk
desk = Desk(Settings(index_dir=Path(sys.argv[1])))
print(json.dumps([desk.ask(q).text for q in json.loads(sys.argv[2])]))
"""


def _answers(index: Path, hash_seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", ASK, str(index), json.dumps(QUESTIONS)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_answers_do_not_depend_on_the_process_s_hash_seed(seed_index: Path):
    assert _answers(seed_index, "0") == _answers(seed_index, "2")
