"""What an ingest decides to change, from the stored rows and the articles read: each case a row."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.models import Article
from ingest.pipeline.plan import (
    Planned,
    assign_duplicates,
    is_unchanged,
    orphaned_copies,
    plan_article,
    removals,
)
from ingest.settings import Settings
from ingest.text.dedup import body_hash

ROOT = Path("/news")


def planned(doc_id: str, body: str = "Two boats left.", content: str = "h1") -> Planned:
    article = Article(doc_id=doc_id, location=doc_id, title=doc_id, body=body)
    return Planned(article, content, body_hash(body), str(ROOT / doc_id), str(ROOT))


def row(state: str = "done", content: str = "h1", body: str = "Two boats left.", **more) -> dict:
    return {"state": state, "content_hash": content, "body_hash": body_hash(body), **more}


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({}, False),  # new
        ({"a": row(state="pending")}, False),  # an interrupted write is redone
        ({"a": row()}, True),
        ({"a": row(content="h0")}, False),  # edited, or the recipe changed
        ({"a": row(duplicate_of="k"), "k": row()}, True),  # a copy of a kept article
        ({"a": row(duplicate_of="k"), "k": row(body="Nine boats left.")}, False),  # kept changed
        ({"a": row(duplicate_of="k"), "k": row(state="pending")}, False),
        ({"a": row(duplicate_of="k")}, False),  # its kept article is gone
    ],
)
def test_what_is_left_as_it_is(stored, expected):
    assert is_unchanged(stored, planned("a")) is expected


@pytest.mark.parametrize(
    ("stored_row", "file_exists", "read_ok", "prune", "removed", "repaired", "missing"),
    [
        (row(path="/news/a"), False, set(), False, set(), [], ["a"]),  # gone: kept, reported
        (row(path="/news/a"), False, set(), True, {"a"}, [], []),  # gone, --prune: removed
        (row(path="/news/a"), True, {"/news/a"}, True, {"a"}, [], []),  # the file no longer has it
        (row(path="/news/a"), True, set(), True, set(), [], []),  # its file failed to read: kept
        (row(path="/elsewhere/a"), False, set(), True, set(), [], []),  # another folder's
        (row("pending", path="/news/a"), False, set(), False, {"a"}, ["a"], []),
        (row("pending", path="/elsewhere/a"), True, set(), False, {"a"}, ["a"], []),
    ],
)
def test_what_is_removed(stored_row, file_exists, read_ok, prune, removed, repaired, missing):
    found = removals({"a": stored_row}, [], [ROOT], read_ok, prune, exists=lambda _: file_exists)
    assert (found.remove, found.repaired, found.missing) == (removed, repaired, missing)


def test_an_article_read_again_is_never_removed():
    found = removals({"a": row(path="/news/a")}, ["a"], [ROOT], set(), True, lambda _: False)
    assert not found.remove and not found.missing


def test_copies_stand_alone_when_their_kept_article_goes_or_changes():
    stored = {
        "kept": row(),
        "copy": row(duplicate_of="kept"),
        "other": row(body="Nine boats left."),
        "copy2": row(duplicate_of="other"),
    }
    assert orphaned_copies(stored, {}, {"kept"}) == ["copy"]
    changed = {"other": planned("other", body="Ten boats left.")}
    assert orphaned_copies(stored, changed, set()) == ["copy2"]
    same = {"other": planned("other", body="Nine boats left.")}
    assert orphaned_copies(stored, same, set()) == []


def test_the_first_id_keeps_a_body_and_later_ones_point_at_it():
    stored = {"b": row()}
    to_write = {"a": planned("a"), "c": planned("c"), "d": planned("d", body="Other.")}
    assert assign_duplicates(stored, to_write, set()) == [("a", "b"), ("c", "b")]
    assert [p.duplicate_of for p in to_write.values()] == ["b", "b", None]
    fresh = {"a": planned("a"), "c": planned("c")}
    assert assign_duplicates(stored, fresh, {"b"}) == [("c", "a")]  # b is being removed


def test_the_content_hash_changes_with_the_article_and_the_recipe(tmp_path):
    article = Article(doc_id="a", location="a", title="A", body="Two boats left.")
    settings = Settings(index_dir=tmp_path)
    first = plan_article(article, tmp_path / "a.txt", tmp_path, settings)
    assert (
        first.content_hash
        == plan_article(article, tmp_path / "a.txt", tmp_path, settings).content_hash
    )
    edited = Article(doc_id="a", location="a", title="A", body="Nine boats left.")
    assert (
        plan_article(edited, tmp_path / "a.txt", tmp_path, settings).content_hash
        != first.content_hash
    )
    resized = settings.changed(chunk_size=256)
    assert (
        plan_article(article, tmp_path / "a.txt", tmp_path, resized).content_hash
        != first.content_hash
    )
