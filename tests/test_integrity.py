"""Nobody can rewrite the record: an upload never replaces another folder's article, a long
article is written in batches the store accepts, one failing article does not stop the others,
and questions are answered while an upload embeds."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.store import Store, open_store
from rag.desk import Desk
from tests.conftest import MILIPOL, SEED_CORPUS, SURVEILLANCE, CountingEmbedding
from ui.uploads import add_uploads, store_uploads

FORGED = "Only 3 out of 10 companies at the Milipol security trade fair came from China."


@pytest.fixture
def served(tmp_path: Path) -> tuple[Settings, Desk]:
    """The seed corpus indexed and served, as `citedesk chat` serves it."""
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    settings = Settings(index_dir=tmp_path / "index", lock_timeout_s=0)
    assert ingest([tmp_path / "corpus"], settings).ok
    desk = Desk(settings)
    desk.load()  # as the chat does once its page is served
    return settings, desk


def _upload(desk: Desk, settings: Settings, *files: Path, **kwargs: Any):
    area = settings.store.index_dir / "files"
    _, refused = store_uploads([str(f) for f in files], area)
    assert not refused
    return desk.add_files([area], **kwargs)


def test_an_upload_cannot_replace_an_article_from_another_folder(served, tmp_path: Path):
    settings, desk = served
    before = desk.article(SURVEILLANCE).text
    forged = tmp_path / "forged.jsonl"
    forged.write_text(json.dumps({"url": SURVEILLANCE, "title": "x", "text": FORGED}) + "\n")

    report = _upload(desk, settings, forged)

    assert not report.ok and report.added == report.updated == []
    (problem,) = report.skipped
    assert f"document id '{SURVEILLANCE}' belongs to" in problem.reason
    assert str((tmp_path / "corpus" / SURVEILLANCE).resolve()) in problem.reason
    assert desk.article(SURVEILLANCE).text == before
    assert "89 out of 1,100" in desk.ask("How many Chinese companies are at Milipol?").text

    harmless = tmp_path / "harmless.txt"
    harmless.write_text("Harbour news\n\nThe ferry to Ouessant sailed twice on Sunday.\n")
    report = _upload(desk, settings, harmless)
    assert report.added == ["uploads/harmless.txt"]
    assert desk.article(SURVEILLANCE).text == before


def test_an_upload_may_update_its_own_earlier_upload(served, tmp_path: Path):
    settings, desk = served
    story = tmp_path / "story.jsonl"
    story.write_text(json.dumps({"url": "https://x.test/a", "title": "A", "text": "Two boats."}))
    assert _upload(desk, settings, story).added == ["https://x.test/a"]
    story.write_text(json.dumps({"url": "https://x.test/a", "title": "A", "text": "Nine boats."}))
    assert _upload(desk, settings, story).updated == ["https://x.test/a"]
    assert desk.article("https://x.test/a").text == "Nine boats."


def test_a_long_article_is_written_in_batches_the_store_accepts(settings, tmp_path, monkeypatch):
    """Chroma refuses calls over its batch limit (5,461 rows embedded); the limit is asked from
    the client, and made tiny here so a short article crosses it many times."""
    store = open_store(settings)
    assert store.max_batch_size == store.client.get_max_batch_size() > 1000
    monkeypatch.setattr(Store, "max_batch_size", property(lambda self: 7))
    calls: list[int] = []
    collection_type = type(store.chunks(create=True))
    real_add = collection_type.add

    def counted_add(collection, ids, *args, **kwargs):
        calls.append(len(ids))
        return real_add(collection, ids, *args, **kwargs)

    monkeypatch.setattr(collection_type, "add", counted_add)
    folder = tmp_path / "long"
    folder.mkdir()
    paragraphs = [f"Paragraph {n} says that {n} boats left port number {n}." for n in range(60)]
    (folder / "long.txt").write_text("A long day at sea\n\n" + "\n\n".join(paragraphs) + "\n")

    report = ingest([folder], settings)

    assert report.ok and report.chunks_written >= 30
    assert max(calls) <= 7 and sum(calls) >= report.chunks_written
    assert open_store(settings).chunks().count() == report.chunks_written


class _FailingOn(CountingEmbedding):
    """The real model, except that it fails on any text containing `poison`."""

    def __init__(self, settings: Settings, poison: str) -> None:
        super().__init__(settings)
        self.poison = poison

    def get_text_embedding_batch(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
        if any(self.poison in text for text in texts):
            raise RuntimeError("the embedding server went away")
        return super().get_text_embedding_batch(texts, **kwargs)


def test_one_failing_article_does_not_stop_the_others(settings, tmp_path: Path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\n\nThe alpha ferry sailed at dawn with 40 people.\n")
    (folder / "b.txt").write_text("Bravo\n\nThe bravo ferry carried POISON cargo.\n")
    (folder / "c.txt").write_text("Charlie\n\nThe charlie ferry stayed in port all week.\n")

    report = ingest([folder], settings, embed_model=_FailingOn(settings, "POISON"))

    assert report.added == ["a.txt", "c.txt"]
    (problem,) = report.skipped
    assert problem.location == str(folder / "b.txt")
    assert "could not be stored: the embedding server went away" in problem.reason
    again = ingest([folder], settings)  # the failure does not stick to later runs
    assert again.ok and again.added == ["b.txt"] and sorted(again.unchanged) == ["a.txt", "c.txt"]


class _Paused(CountingEmbedding):
    """The real model, held inside its first call until the test lets it go on."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.embedding = threading.Event()
        self.go_on = threading.Event()

    def get_text_embedding_batch(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
        self.embedding.set()
        assert self.go_on.wait(timeout=300)
        return super().get_text_embedding_batch(texts, **kwargs)


def test_questions_are_answered_while_an_upload_embeds(served, tmp_path: Path):
    settings, desk = served
    story = tmp_path / "lighthouse.txt"
    story.write_text("Lighthouse\n\nThe Kermorvan lighthouse was repainted by 14 volunteers.\n")
    paused = _Paused(settings)
    reports: list[Any] = []
    upload = threading.Thread(
        target=lambda: reports.append(_upload(desk, settings, story, embed_model=paused))
    )
    upload.start()
    try:
        assert paused.embedding.wait(timeout=300)
        answered: list[str] = []
        question = threading.Thread(
            target=lambda: answered.append(desk.ask("How many cameras has China deployed?").text)
        )
        question.start()
        question.join(timeout=120)  # a liveness bound, far above the answer's ~0.1 s
        assert answered and "170 million" in answered[0]
        assert MILIPOL in {d.doc_id for d in desk.documents()}
    finally:
        paused.go_on.set()
        upload.join(timeout=300)
    assert reports and reports[0].added == ["uploads/lighthouse.txt"]
    assert "14 volunteers" in desk.ask("Who repainted the Kermorvan lighthouse?").text


def test_uploads_are_bounded_and_what_is_rejected_is_deleted(tmp_path: Path):
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    settings = Settings(index_dir=tmp_path / "index", lock_timeout_s=0, max_upload_mb=0.01)
    assert ingest([tmp_path / "corpus"], settings).ok
    desk = Desk(settings)
    temp = tmp_path / "gradio-temp"  # where the web server puts what a browser sent
    temp.mkdir()
    big = temp / "big.jsonl"
    big.write_text(json.dumps({"url": "u", "title": "T", "text": "word " * 5000}) + "\n")
    empty = temp / "empty.txt"
    empty.write_text("")
    good = temp / "good.txt"
    good.write_text("Harbour news\n\nThe ferry to Ouessant sailed twice on Sunday.\n")

    result = add_uploads([str(big), str(empty), str(good)], desk)

    reasons = {p.location.rsplit("/", 1)[-1]: p.reason for p in result.problems}
    assert reasons["big.jsonl"].startswith("0.03 MB is over the 0.01 MB upload limit")
    assert reasons["empty.txt"] == "file is empty"
    assert result.report.added == ["uploads/good.txt"]
    uploads = settings.store.index_dir / "files" / "uploads"
    assert sorted(p.name for p in uploads.iterdir()) == ["good.txt"]  # rejected files deleted
    assert list(temp.iterdir()) == []  # and so are the web server's temporary copies

    later = temp / "later.txt"
    later.write_text("Port report\n\nTwelve trawlers came back to Brest on Monday.\n")
    again = add_uploads([str(later)], desk)
    assert again.problems == [] and again.report.added == ["uploads/later.txt"]
