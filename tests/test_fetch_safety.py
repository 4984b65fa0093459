"""A fetch cannot reach this machine's services for a logged-in or proxied user, cannot be held
open by a server that drips bytes, and never stores the password an address carries."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.readers.fetch import FetchError, fetch_page, shown
from ingest.settings import Settings
from rag.desk import Desk
from tests.article_files import LIBRARY_PAGE, web_server
from ui.serving import serving_policy, through_proxy
from ui.uploads import add_link


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "library.html").write_text(LIBRARY_PAGE)
    with web_server(folder) as base:
        yield base


@pytest.fixture
def dripping() -> Iterator[str]:
    """A server that answers at once, then sends its page one byte every 0.2 s (a minute's
    worth): each read is quick, the whole is not."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
            for _ in range(300):
                if stop.wait(0.2):
                    return
                try:
                    connection.sendall(b"x")
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    stop.set()
    listener.close()


def test_a_chat_with_a_password_does_not_fetch_private_addresses_even_on_loopback(tmp_path):
    settings = Settings(index_dir=tmp_path / "index", auth="editor:s3cret")
    served, credentials = serving_policy(settings, "127.0.0.1")
    assert credentials == [("editor", "s3cret")]
    assert served.ingest.fetch_private_addresses is False
    # on this machine without a password, the owner may fetch their own services
    alone, _ = serving_policy(Settings(index_dir=tmp_path / "index"), "127.0.0.1")
    assert alone.ingest.fetch_private_addresses is None


def test_a_request_forwarded_by_a_proxy_does_not_fetch_private_addresses(site, tmp_path):
    assert through_proxy({"X-Forwarded-For": "203.0.113.9"}) and not through_proxy({"host": "x"})
    desk = Desk(Settings(index_dir=tmp_path / "index"))
    with pytest.raises(FetchError, match=r"it leads to 127\.0\.0\.1, on this machine or a private"):
        add_link(f"{site}/library.html", desk, proxied=True)
    # by name too: the address checked is the one connected to, not a resolution before it
    localhost = site.replace("127.0.0.1", "localhost")
    with pytest.raises(FetchError, match="on this machine or a private network"):
        add_link(f"{localhost}/library.html", desk, proxied=True)


def test_a_server_dripping_bytes_is_given_up_on_at_the_deadline(dripping, tmp_path):
    settings = Settings(index_dir=tmp_path / "index", fetch_timeout_s=1)
    with pytest.raises(FetchError, match=r"did not answer within 1 s"):
        fetch_page(dripping, settings)


def test_a_password_in_an_address_is_used_but_never_stored_or_shown(site, tmp_path):
    address = site.replace("http://", "http://alice:S3cretPW@") + "/library.html"
    settings = Settings(index_dir=tmp_path / "index")
    page = fetch_page(address, settings)
    assert page.url == f"{site}/library.html"
    assert b"S3cretPW" not in page.path.read_bytes() and "alice" not in page.path.name
    with pytest.raises(FetchError) as refused:
        fetch_page(address.replace("library.html", "missing.html"), settings)
    assert "S3cretPW" not in str(refused.value) and "answered 404" in str(refused.value)
    assert shown("https://u:p@example.org:8443/a?b=1") == "https://example.org:8443/a?b=1"


def test_an_address_too_long_to_be_one_is_refused_plainly(tmp_path):
    with pytest.raises(FetchError, match="a web address of 70,011 characters is not one"):
        fetch_page("http://" + "a" * 70_000 + ".org", Settings(index_dir=tmp_path / "index"))


def test_a_redirect_to_a_local_file_says_so(tmp_path):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(FetchError) as refused:
            fetch_page(
                f"http://127.0.0.1:{server.server_address[1]}/", Settings(index_dir=tmp_path)
            )
    finally:
        server.shutdown()
        server.server_close()
    assert "only http:// and https:// are fetched" in str(refused.value)
    assert "offline" not in str(refused.value)
