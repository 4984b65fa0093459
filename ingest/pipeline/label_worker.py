"""A process that finds names for `ingest.pipeline.labelling`: `python -m ingest.pipeline.label_worker MODEL`
reads one JSON line at a time (a list of texts) and answers each with one JSON line (their
labels, as `ingest.text.entities.label` gives them), until its input closes."""

from __future__ import annotations

import json
import sys

from ingest.text import entities


def main() -> None:
    model = sys.argv[1]
    entities.load(model)  # a missing model fails here, before any text is sent
    for line in sys.stdin:
        print(json.dumps(entities.label(json.loads(line), model)), flush=True)


if __name__ == "__main__":
    main()
