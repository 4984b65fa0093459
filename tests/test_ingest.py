"""Ingest into a real Chroma store in a temporary folder: what is stored, and that re-running
does only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import StoreError, bm25, iterate, open_store
from ingest.store.catalog import list_documents
from ingest.text.entities import WAITING
from rag.retrieval.retrieve import BM25Hits
from tests.conftest import MILIPOL, SURVEILLANCE


def stored_chunks(settings: Settings) -> list[dict]:
    rows = iterate(open_store(settings).chunks(), ["metadatas", "documents"])
    return [{"id": r["id"], "text": r["documents"], **r["metadatas"]} for r in rows]


def stored_documents(settings: Settings) -> dict[str, dict]:
    rows = iterate(open_store(settings).documents(), ["metadatas", "documents"])
    return {r["id"]: {"text": r["documents"], **r["metadatas"]} for r in rows}


def assert_consistent(settings: Settings, corpus: Path) -> None:
    """The index matches the files: every document complete, no orphan chunks, BM25 in step."""
    store = open_store(settings)
    documents = stored_documents(settings)
    assert sorted(documents) == sorted(p.name for p in corpus.iterdir())
    assert all(d["state"] == "done" for d in documents.values())
    chunks = stored_chunks(settings)
    for doc_id, doc in documents.items():
        mine = [c for c in chunks if c["doc_id"] == doc_id]
        assert len(mine) == doc["chunk_count"]
        for chunk in mine:
            assert doc["text"][chunk["start"] : chunk["end"]] == chunk["text"]
            assert doc["text"][: chunk["start"]].rstrip().endswith(chunk.get("before", ""))
    assert {c["doc_id"] for c in chunks} <= set(documents)
    assert bm25.saved_fingerprint(store) == bm25.chunk_fingerprint(store)
    assert not [c for c in chunks if c.get("entities") == WAITING]  # every name found


def test_seed_corpus_is_indexed_without_teasers(corpus, settings, counting_model):
    report = ingest([corpus], settings, embed_model=counting_model)
    assert report.ok
    assert sorted(report.added) == [MILIPOL, SURVEILLANCE]
    chunks = stored_chunks(settings)
    assert len(chunks) == report.chunks_written == report.embedded_chunks > 2
    assert not [c for c in chunks if "SpaceX" in c["text"] or "Starship" in c["text"]]
    assert not [c for c in chunks if "Photo:" in c["text"]]
    titles = {c["doc_id"]: c["title"] for c in chunks}
    assert titles == {
        MILIPOL: "Milipol Security Fair Sees Huge Influx of Chinese Firms",
        SURVEILLANCE: "China surveillance tech seeks global reach",
    }
    # A passage records the sentence before it: "…said Sylvain Shuang, who represents the firm"
    # opens a paragraph, and the firm is named at the end of the one before.
    (shuang,) = [c for c in chunks if c["text"].startswith('"Each police officer')]
    assert shuang["before"].startswith("Meanwhile, the stand of Hytera")
    documents = stored_documents(settings)
    assert documents[SURVEILLANCE]["subtitle"].startswith("At Paris's Milipol fair")
    assert documents[SURVEILLANCE]["captions"] == [
        "Photo: Hytera Hytera Communications Corporation's stand few years ago."
    ]
    assert_consistent(settings, corpus)


def test_chunks_are_small_enough_to_cite_and_to_embed_whole(corpus, settings, counting_model):
    ingest([corpus], settings, embed_model=counting_model)
    chunks = stored_chunks(settings)
    assert all(c["n_tokens"] <= settings.embedding.max_tokens - 2 for c in chunks)
    assert max(c["n_tokens"] for c in chunks) <= settings.ingest.chunk_size * 1.1
    with_89 = [c for c in chunks if "With 89 out of 1,100 companies" in c["text"]]
    assert len(with_89) == 1 and with_89[0]["doc_id"] == SURVEILLANCE


def test_a_second_run_embeds_nothing(corpus, settings, counting_model):
    ingest([corpus], settings, embed_model=counting_model)
    counting_model.reset()
    report = ingest([corpus], settings, embed_model=counting_model)
    assert counting_model.texts == []
    assert sorted(report.unchanged) == [MILIPOL, SURVEILLANCE]
    assert report.added == report.updated == []
    assert report.chunks_written == report.chunks_deleted == 0


def test_a_changed_article_has_its_chunks_replaced(corpus, settings, counting_model):
    ingest([corpus], settings, embed_model=counting_model)
    before = {c["id"]: c for c in stored_chunks(settings)}
    path = corpus / SURVEILLANCE
    path.write_text(path.read_text().replace("With 89 out of", "With 91 out of"))
    counting_model.reset()
    report = ingest([corpus], settings, embed_model=counting_model)
    assert report.updated == [SURVEILLANCE] and report.unchanged == [MILIPOL]
    assert len(counting_model.texts) == 1 and "With 91 out of" in counting_model.texts[0]
    after = {c["id"]: c for c in stored_chunks(settings)}
    assert not [c for c in after.values() if "With 89 out of" in c["text"]]
    assert report.chunks_deleted == 1 and len(after) == len(before)
    assert_consistent(settings, corpus)


def test_edits_that_shift_text_update_offsets_without_re_embedding(
    corpus, settings, counting_model
):
    ingest([corpus], settings, embed_model=counting_model)
    path = corpus / MILIPOL
    text = path.read_text()
    title, rest = text.split("\n", 1)
    path.write_text(f"{title}\n\nA new opening paragraph that was not there before.{rest}")
    counting_model.reset()
    ingest([corpus], settings, embed_model=counting_model)
    assert counting_model.texts == ["A new opening paragraph that was not there before."]
    assert_consistent(settings, corpus)


def test_removed_files_are_kept_unless_pruned(corpus, settings, counting_model):
    ingest([corpus], settings, embed_model=counting_model)
    (corpus / MILIPOL).unlink()
    report = ingest([corpus], settings, embed_model=counting_model)
    assert report.missing == [MILIPOL]
    assert MILIPOL in stored_documents(settings)
    report = ingest([corpus], settings, embed_model=counting_model, prune=True)
    assert report.removed == [MILIPOL]
    assert_consistent(settings, corpus)


def test_exact_duplicates_are_stored_once_with_both_ids(corpus, settings, counting_model):
    shutil.copy(corpus / MILIPOL, corpus / "copy-of-milipol.txt")
    report = ingest([corpus], settings, embed_model=counting_model)
    assert report.duplicates == [("copy-of-milipol.txt", MILIPOL)]
    documents = {d.doc_id: d for d in list_documents(open_store(settings))}
    assert documents["copy-of-milipol.txt"].duplicate_of == MILIPOL
    assert documents["copy-of-milipol.txt"].chunks == 0
    assert {c["doc_id"] for c in stored_chunks(settings)} == {MILIPOL, SURVEILLANCE}

    # When the kept copy goes, the duplicate takes its place, re-using nothing stale.
    (corpus / MILIPOL).unlink()
    report = ingest([corpus], settings, embed_model=counting_model, prune=True)
    assert report.removed == [MILIPOL]
    assert report.updated == ["copy-of-milipol.txt"]
    assert {c["doc_id"] for c in stored_chunks(settings)} == {"copy-of-milipol.txt", SURVEILLANCE}


def test_near_duplicates_are_reported(corpus, settings, counting_model):
    text = (corpus / SURVEILLANCE).read_text()
    edited = text.replace("Chinese firms are omnipresent", "Chinese companies are everywhere")
    (corpus / "syndicated.txt").write_text(edited.replace("lots of cameras", "many cameras"))
    report = ingest([corpus], settings, embed_model=counting_model)
    assert [(a, b) for a, b, _ in report.near_duplicates] == [(SURVEILLANCE, "syndicated.txt")]
    assert report.duplicates == []


def test_bad_files_beside_good_ones(corpus, settings, counting_model):
    ingest([corpus], settings, embed_model=counting_model)
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "feed.jsonl").write_text('{"title": "Good", "body": "A good record."}\n{oops\n')
    report = ingest([corpus], settings, embed_model=counting_model)
    assert not report.ok
    assert sorted(p.location for p in report.skipped) == sorted(
        [str(corpus / "binary.html"), str(corpus / "empty.txt"), f"{corpus / 'feed.jsonl'}:2"]
    )
    assert report.added == ["feed.jsonl#1"]
    assert sorted(stored_documents(settings)) == sorted(["feed.jsonl#1", MILIPOL, SURVEILLANCE])


def test_bm25_follows_chroma_and_is_rebuilt_when_missing(corpus, settings, counting_model):
    """A question builds missing BM25 files in memory from Chroma; only the next ingest writes
    them (a reader never races an ingest for the folder)."""
    ingest([corpus], settings, embed_model=counting_model)
    store = open_store(settings)
    shutil.rmtree(store.bm25_dir)
    results = BM25Hits(bm25.load(store), store.chunks(), None, 10).retrieve(
        "companies demonstrating their wares"
    )
    assert "With 89 out of 1,100 companies" in results[0].node.get_content()
    assert not store.bm25_dir.exists()
    report = ingest([corpus], settings, embed_model=counting_model)
    assert report.chunks_written == 0 and bm25.is_current(store)


def test_an_index_built_with_another_model_is_refused(corpus, settings, counting_model):
    ingest([corpus], settings, embed_model=counting_model)
    other = settings.changed(embed_model="/models/another")
    with pytest.raises(StoreError, match="was built with the embedding model"):
        ingest([corpus], other)


def test_a_second_ingest_waits_for_the_lock_then_refuses(corpus, settings):
    store = open_store(settings)
    with store.lock(), pytest.raises(StoreError, match="Another ingest is writing"):
        ingest([corpus], settings)


def test_asking_an_empty_store_says_how_to_ingest(settings):
    with pytest.raises(StoreError, match="citedesk ingest corpus/"):
        list_documents(open_store(settings))


def test_packed_passages_join_short_paragraphs_and_keep_exact_offsets():
    """With `chunk_pack`, consecutive paragraphs share a passage up to `chunk_size` tokens; a
    heading starts a new one."""
    from ingest.text.chunk import chunk_body

    paragraphs = [f"Paragraph {i} says that {i * 3} boats left the harbour." for i in range(12)]
    body = "\n\n".join([*paragraphs[:6], "Weather outlook", *paragraphs[6:]])
    one_each = chunk_body(body, Settings(chunk_size=64))
    packed = chunk_body(body, Settings(chunk_size=64, chunk_pack=True))
    assert len(one_each) == 12 and 2 <= len(packed) < 12
    assert all(body[c.start : c.end] == c.text and c.n_tokens <= 64 for c in packed)
    assert any(c.text.startswith("Weather outlook\n\nParagraph 6") for c in packed)


def test_a_long_paragraph_is_cut_between_sentences_not_after_a_title():
    """A paragraph over `chunk_size` is cut by llama-index's splitter with the trained Punkt
    model: never after "Sen." or "Rep.", which open a name."""
    from ingest.text.chunk import chunk_body

    sentence = (
        "Connecticut Sen. Richard Blumenthal said the Republicans had engaged in concocted "
        "outrage over the judge's record, and New Jersey Rep. Bill Pascrell agreed with him. "
    )
    body = (sentence * 6).strip()
    chunks = chunk_body(body, Settings(chunk_size=64, chunk_overlap=0))
    assert len(chunks) > 1
    assert all(body[c.start : c.end] == c.text for c in chunks)
    assert not any(c.text.rstrip().endswith(("Sen.", "Rep.")) for c in chunks)
