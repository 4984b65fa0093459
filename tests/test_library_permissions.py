"""The library's events hold when called directly, as a script would call them: a deletion
needs its confirmation step (remembered on the server), only editors change the library, and a
correction has a bounded size."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from ingest.pipeline import ingest
from ingest.pipeline.library import LibraryError
from ingest.settings import Settings
from rag.desk import Desk
from tests.conftest import MILIPOL, SURVEILLANCE
from ui.library import _LibraryActions
from ui.serving import serving_policy


def actions_for(corpus: Path, tmp_path: Path, **settings: str) -> _LibraryActions:
    chosen = Settings(index_dir=tmp_path / "index", **settings)
    assert ingest([corpus], chosen).ok
    return _LibraryActions(Desk(chosen), lambda documents: (), [])


def as_user(name: str | None) -> gr.Request:
    return gr.Request(username=name)


def stored_ids(actions: _LibraryActions) -> list[str]:
    return [d.doc_id for d in actions.desk.documents()]


def test_a_deletion_without_its_confirmation_step_is_refused(corpus, tmp_path):
    actions = actions_for(corpus, tmp_path)
    nobody = as_user(None)
    _, status, *_ = actions.deleted(MILIPOL, None, nobody)
    assert status.startswith("Not deleted: confirm first")
    assert stored_ids(actions) == [MILIPOL, SURVEILLANCE]

    # the confirmation step names the article it asks about; only that one can be deleted
    *_, asked = actions.asked_delete(SURVEILLANCE, nobody)
    assert asked == SURVEILLANCE
    _, status, *_ = actions.deleted(MILIPOL, asked, nobody)
    assert status.startswith("Not deleted: confirm first")
    _, status, *_, confirmed = actions.deleted(SURVEILLANCE, asked, nobody)
    assert status.startswith(r"Deleted 002\_a3377fda385ba5c8\.txt.") and confirmed is None
    assert stored_ids(actions) == [MILIPOL]


def test_only_the_named_editors_change_the_library(corpus, tmp_path):
    actions = actions_for(corpus, tmp_path, auth="editor:s3cret,reader:other", editors="editor")
    reader = as_user("reader")
    refused = "Only editors may add, correct or delete articles (CITEDESK_EDITORS)"
    assert actions.saved(reader, MILIPOL, "A new headline", "", "", "")[0].startswith(refused)
    assert actions.asked_delete(MILIPOL, reader)[2].startswith(refused)
    assert actions.deleted(MILIPOL, MILIPOL, reader)[1].startswith(refused)
    assert actions.fetched("http://example.org/a", reader)[0].startswith(refused)
    assert actions.upload(["/tmp/x.txt"], reader)[0].startswith(refused)
    assert actions.desk.article(MILIPOL).metadata["title"] != "A new headline"

    editor = as_user("editor")
    message = actions.saved(editor, MILIPOL, "A new headline", "", "", "")[0]
    assert message == "Saved; answers now cite the corrected details."
    assert actions.desk.article(MILIPOL).metadata["title"] == "A new headline"


def test_several_logins_and_editors_who_cannot_log_in(tmp_path):
    settings = Settings(index_dir=tmp_path, auth="editor:s3cret, reader:other")
    _, credentials = serving_policy(settings, "0.0.0.0")
    assert credentials == [("editor", "s3cret"), ("reader", "other")]
    wrong = Settings(index_dir=tmp_path, auth="editor:s3cret", editors="editor,chief")
    with pytest.raises(ValueError, match="CITEDESK_EDITORS names chief, who cannot log in"):
        serving_policy(wrong, "127.0.0.1")


@pytest.mark.parametrize("field", ["title", "source", "author"])
def test_a_correction_has_a_bounded_size(corpus, tmp_path, field):
    actions = actions_for(corpus, tmp_path)
    with pytest.raises(LibraryError, match=r"is 10,000,000 characters; at most 300 are kept"):
        actions.desk.correct(MILIPOL, {field: "x" * 10_000_000})
    with pytest.raises(LibraryError, match=r"is 301 characters; at most 300"):
        actions.desk.correct(MILIPOL, {field: "y" * 301})
    assert len(actions.desk.article(MILIPOL).metadata.get(field) or "") <= 300


def test_the_library_shows_files_from_their_folder_not_the_servers_path(corpus, tmp_path):
    actions = actions_for(corpus, tmp_path)
    *_, shown, _ = actions.opened(MILIPOL)
    assert f"<td>corpus/{MILIPOL}</td>" in shown and str(tmp_path) not in shown
    *_, asked = actions.asked_delete(MILIPOL, as_user(None))
    _, status, *_ = actions.deleted(MILIPOL, asked, as_user(None))
    assert str(tmp_path) not in status and "corpus/000" in status


def test_editors_without_logins_are_refused_at_start(tmp_path):
    with pytest.raises(ValueError, match="CITEDESK_EDITORS needs --auth"):
        serving_policy(Settings(index_dir=tmp_path, editors="editor"), "127.0.0.1")
