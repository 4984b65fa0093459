"""Names, dates and figures are found in stored passages after the articles are searchable
(`ingest.pipeline.labelling`): every passage ends up labelled, in worker processes for a large ingest as
in the ingest's own, and a passage still waiting is answered all the same."""

from __future__ import annotations

import json

from ingest.pipeline import ingest, labelling
from ingest.settings import Settings
from ingest.store import open_store
from ingest.text.entities import WAITING
from rag.engine import Engine
from tests.test_ingest import stored_chunks

QUESTIONS = [
    "Who represents Hytera in francophone Africa?",
    "How many Chinese companies are at Milipol?",
    "Which market research firm estimated China's camera count?",
]


def node_labels(chunk: dict) -> str | None:
    """The labels in the node llama-index stores, which answers read."""
    return json.loads(chunk["_node_content"])["metadata"].get("entities")


def test_every_passage_is_labelled_once_the_articles_are_searchable(corpus, settings):
    report = ingest([corpus], settings)
    chunks = stored_chunks(settings)
    assert report.labelled_chunks == len(chunks) == report.chunks_written
    assert 0 < report.searchable_seconds <= report.seconds
    for chunk in chunks:
        assert chunk["entities"] != WAITING and chunk["entities"] == node_labels(chunk)
    hytera = next(c for c in chunks if "Hytera Communications Corporation" in c["text"])
    assert ["Hytera Communications Corporation", "ORG"] in [
        [hytera["text"][start:end], kind] for start, end, kind in json.loads(hytera["entities"])
    ]
    assert ingest([corpus], settings).labelled_chunks == 0  # nothing new: nothing to label


def test_worker_processes_label_as_the_ingest_itself_does(corpus, tmp_path, monkeypatch):
    here = Settings(index_dir=tmp_path / "here", label_workers=1)
    ingest([corpus], here)
    monkeypatch.setattr(labelling, "IN_PROCESS_UP_TO", 0)
    workers = Settings(index_dir=tmp_path / "workers", label_workers=2)
    ingest([corpus], workers)
    labels = {c["id"]: c["entities"] for c in stored_chunks(here)}
    assert {c["id"]: c["entities"] for c in stored_chunks(workers)} == labels


def test_passages_still_waiting_for_names_are_answered_alike(corpus, settings):
    ingest([corpus], settings)
    labelled = Engine(settings)
    leads = [labelled.ask(question).lead.text for question in QUESTIONS]
    chunks = open_store(settings).chunks()
    rows = chunks.get(include=["metadatas"])
    waiting = [{**m, "entities": WAITING} for m in rows["metadatas"]]
    for metadata in waiting:
        node = json.loads(metadata["_node_content"])
        node["metadata"]["entities"] = WAITING
        metadata["_node_content"] = json.dumps(node)
    chunks.update(ids=rows["ids"], metadatas=waiting)
    assert [Engine(settings).ask(question).lead.text for question in QUESTIONS] == leads
    report = ingest([corpus], settings)  # the next ingest finds the names the first did not
    assert report.labelled_chunks == len(rows["ids"]) and not report.added
    assert [Engine(settings).ask(question).lead.text for question in QUESTIONS] == leads


def test_a_failure_finding_names_is_a_warning_and_the_next_ingest_finishes(
    corpus, settings, monkeypatch
):
    """The articles are stored and searchable before the names are looked for: a recogniser
    that fails (a worker killed, a spaCy model uninstalled) loses none of them."""

    def broken(texts: list[str], model: str) -> list:
        raise RuntimeError(f"The spaCy model {model!r} is not installed")

    monkeypatch.setattr(labelling.entities, "label", broken)
    report = ingest([corpus], settings)
    assert report.ok and report.chunks_written > 0 and report.labelled_chunks == 0
    (warning,) = report.warnings
    assert warning.startswith(f"names were not found in {report.chunks_written} of ")
    assert "is not installed" in warning and "the next ingest tries again" in warning
    assert all(c["entities"] == WAITING for c in stored_chunks(settings))
    monkeypatch.undo()
    assert ingest([corpus], settings).labelled_chunks == report.chunks_written


def test_a_worker_that_cannot_start_says_why_in_the_warning(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(labelling, "IN_PROCESS_UP_TO", 0)
    missing = Settings(index_dir=tmp_path / "index", label_workers=2, spacy_model="no_such_model")
    report = ingest([corpus], missing)
    assert report.ok and report.labelled_chunks == 0
    (warning,) = report.warnings
    assert "The spaCy model 'no_such_model' is not installed" in warning
