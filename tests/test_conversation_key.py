"""The key conversations are kept with in the browser: made once, and a damaged one stops the
chat with a message rather than being silently replaced (which would lose every conversation)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ingest.settings import Settings
from ingest.store import StoreError
from ui.chat import _browser_secret
from ui.cli import app


def test_the_key_is_made_once_and_kept(tmp_path):
    settings = Settings(index_dir=tmp_path / "index")
    first = _browser_secret(settings)
    assert first and _browser_secret(settings) == first
    assert oct((tmp_path / "index" / "browser-state.key").stat().st_mode)[-3:] == "600"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda key: key.write_text(""), "is empty or damaged"),
        (lambda key: key.write_bytes(b"\xff\xfe\x00binary"), "it is not a text key"),
        (lambda key: key.mkdir(), "Is a directory"),
    ],
)
def test_a_damaged_key_stops_the_chat_with_what_to_do(tmp_path, damage, message):
    index = tmp_path / "index"
    index.mkdir()
    key = index / "browser-state.key"
    damage(key)
    with pytest.raises(StoreError, match=message) as stopped:
        _browser_secret(Settings(index_dir=index))
    assert "delete it to start with a new key" in str(stopped.value)
    if key.is_file():
        assert key.read_bytes() in (b"", b"\xff\xfe\x00binary")  # left as it was

    result = CliRunner().invoke(app, ["chat", "--index-dir", str(index)])
    assert result.exit_code == 2 and "conversation key" in result.output
    assert "Traceback" not in result.output
