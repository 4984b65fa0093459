"""A chat stopped by SIGTERM (a service manager's stop) leaves no exports behind, and Gradio's
copies of the files it serves are kept where only this user can read them."""

from __future__ import annotations

import stat
from types import SimpleNamespace

from tests.chat_server import running_chat
from ui import launch


def test_a_terminated_chat_removes_its_exports_and_keeps_gradios_copies_private(
    seed_index, tmp_path, monkeypatch
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.delenv("GRADIO_TEMP_DIR", raising=False)
    with running_chat(seed_index):
        made = {path.name.split("-")[1]: path for path in scratch.iterdir()}
        assert {"export", "gradio"} <= made.keys()
        assert stat.S_IMODE(made["gradio"].stat().st_mode) == 0o700
    # running_chat stops the server with SIGTERM
    assert list(scratch.iterdir()) == []


def test_a_sigterm_whose_interrupt_a_finalizer_swallowed_still_stops_the_chat():
    """The KeyboardInterrupt SIGTERM raises can land in a finalizer ("Exception ignored in
    BaseEventLoop.__del__") and be lost; the flag it sets still ends the serving loop."""
    closed = []
    launch.STOP.set()  # what the handler does before raising
    try:
        launch._serve_until_stopped(SimpleNamespace(close=lambda: closed.append(True)))
    finally:
        launch.STOP.clear()
    assert closed == [True]
