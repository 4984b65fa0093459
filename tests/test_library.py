"""The library: an article's whole text and metadata, corrections that later ingests keep, and
deletion of an article and the file it was uploaded as."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.pipeline.library import LibraryError
from ingest.settings import Settings
from rag.desk import Desk
from tests.conftest import MILIPOL, SURVEILLANCE
from ui.uploads import add_uploads


@pytest.fixture
def desk(corpus: Path, tmp_path: Path) -> Desk:
    settings = Settings(index_dir=tmp_path / "index", lock_timeout_s=0)
    assert ingest([corpus], settings).ok
    return Desk(settings)


def test_an_article_is_read_whole_with_its_metadata(desk: Desk):
    record = desk.article(MILIPOL)
    assert record.text == desk.article(MILIPOL).text
    assert record.metadata["title"] == "Milipol Security Fair Sees Huge Influx of Chinese Firms"
    assert record.corrected == []


def test_a_correction_is_shown_cited_and_kept_by_the_next_ingest(desk: Desk, corpus: Path):
    report = desk.correct(
        MILIPOL, {"source": "Asia Times", "published_at": "2019-11-22", "author": "Jane Doe"}
    )
    assert report.updated == [MILIPOL] and report.embedded_chunks == 0  # metadata only
    (milipol,) = [d for d in desk.documents() if d.doc_id == MILIPOL]
    assert (milipol.source, milipol.date) == ("Asia Times", "2019-11-22")
    assert desk.article(MILIPOL).corrected == ["outlet", "date", "author"]
    answer = desk.ask("Who wrote the Milipol article?")
    assert "Jane Doe" in answer.text
    again = ingest([corpus], desk.settings)
    assert MILIPOL in again.unchanged and again.embedded_chunks == 0
    assert desk.article(MILIPOL).metadata["author"] == "Jane Doe"


def test_a_cleared_field_is_gone_and_a_bad_date_or_empty_title_is_refused(desk: Desk):
    desk.correct(MILIPOL, {"author": "Jane Doe"})
    desk.correct(MILIPOL, {"author": ""})
    assert "author" not in desk.article(MILIPOL).metadata
    with pytest.raises(LibraryError, match="'next Tuesday' is not a date; write it like"):
        desk.correct(MILIPOL, {"published_at": "next Tuesday"})
    with pytest.raises(LibraryError, match="needs a title"):
        desk.correct(MILIPOL, {"title": "  "})
    with pytest.raises(LibraryError, match=r"no article 'nope\.txt' in the index"):
        desk.correct("nope.txt", {"title": "X"})


def test_deleting_an_article_removes_its_passages_but_leaves_a_corpus_file(
    desk: Desk, corpus: Path
):
    report = desk.remove([MILIPOL])
    assert report.removed == [MILIPOL]
    assert [d.doc_id for d in desk.documents()] == [SURVEILLANCE]
    answer = desk.ask("How many Chinese companies were at Milipol?")
    assert all(c.doc_id != MILIPOL for c in answer.citations)
    assert (corpus / MILIPOL).exists()
    assert "comes back at the next ingest of its folder" in report.warnings[0]


def test_deleting_an_uploaded_article_deletes_its_upload(desk: Desk, tmp_path: Path):
    dropped = tmp_path / "tram.txt"
    dropped.write_text(
        "Council approves tram line\n\nBrindle approved a tram line by 31 votes to 12.\n"
    )
    add_uploads([str(dropped)], desk)
    stored = desk.settings.store.index_dir / "files" / "uploads" / "tram.txt"
    assert stored.exists()
    report = desk.remove(["uploads/tram.txt"])
    assert report.removed == ["uploads/tram.txt"] and report.warnings == []
    assert not stored.exists()
    assert "uploads/tram.txt" not in {d.doc_id for d in desk.documents()}


def test_the_cli_shows_corrects_and_deletes_through_the_same_library(desk: Desk):
    from typer.testing import CliRunner

    from ui.cli import app

    runner = CliRunner()
    index = ["--index-dir", str(desk.settings.store.index_dir)]
    shown = runner.invoke(app, ["show", MILIPOL, *index, "--json"])
    assert shown.exit_code == 0 and '"text": "The Milipol security fair' in shown.output
    fixed = runner.invoke(app, ["correct", MILIPOL, "--outlet", "Asia Times", *index])
    assert fixed.exit_code == 0 and f"corrected {MILIPOL}" in fixed.output
    bad = runner.invoke(app, ["correct", MILIPOL, "--date", "soon", *index])
    assert bad.exit_code == 2 and "'soon' is not a date" in " ".join(bad.output.split())
    refused = runner.invoke(app, ["delete", MILIPOL, *index], input="n\n")
    assert refused.exit_code == 1
    gone = runner.invoke(app, ["delete", MILIPOL, "--yes", *index])
    assert gone.exit_code == 0 and f"deleted {MILIPOL}" in gone.output
    missing = runner.invoke(app, ["show", MILIPOL, *index])
    assert missing.exit_code == 2 and "no article" in missing.output
