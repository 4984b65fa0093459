"""Fetch an article from a web address into the upload area, where ingest reads it like a file.

The saved copy goes through the same reader as a page saved from a browser (`ingest.readers.html_text`,
which kept teasers and captions out where trafilatura let them in; see that module), so a
fetched article is cleaned, cited and verifiable exactly like a dropped file, and it survives
a restart and a re-ingest. Only http(s), with a time limit and a size cap.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ingest.settings import Settings

LINK_FOLDER = "links"
# What a server may call the content, and the file type it is saved as.
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
OFFLINE_HINT = (
    "if this machine is offline, save the page from a browser (Save Page As…, .html) and add "
    "the saved file instead"
)


MAX_URL_CHARS = 8_000
STEP_S = 5.0  # the longest single wait of a fetch; the whole fetch has its own deadline


class FetchError(ValueError):
    """A web address that gave no article, phrased for the person who pasted it."""


class PrivateAddress(Exception):
    """A connection made to this machine or a private network, refused."""


@dataclass
class FetchedPage:
    url: str
    path: Path  # the saved copy, inside the upload area


def is_web_address(text: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text.strip()))


def fetch_page(url: str, settings: Settings) -> FetchedPage:
    """Download `url` into `<index>/files/links/`; raises FetchError saying what went wrong.

    One deadline covers the whole fetch (a server sending a byte every few seconds is given up
    on at the limit, not after each slow read), and user names and passwords in the address are
    used for the request but never stored or shown."""
    import httpx

    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        raise FetchError(f"{url[:80]}…: a web address of {len(url):,} characters is not one")
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"{shown(url)}: only http:// and https:// web addresses can be fetched")
    limit = int(settings.ingest.max_upload_mb * 1_000_000)
    host = parts.hostname
    private = settings.ingest.fetch_private_addresses is not False
    allowed = settings.ingest.fetch_timeout_s
    deadline = time.monotonic() + allowed
    late = FetchError(
        f"{shown(url)}: {host} did not answer within {allowed:g} s "
        f"(CITEDESK_FETCH_TIMEOUT_S); {OFFLINE_HINT}"
    )
    try:
        with (
            httpx.Client(
                # each wait is short, so the deadline below is checked often
                timeout=min(allowed, STEP_S),
                follow_redirects=True,
                max_redirects=5,
                headers={"User-Agent": "citedesk (article reader)"},
                trust_env=False,  # no proxy the user did not configure for citedesk
            ) as client,
            client.stream(
                "GET", url, extensions={} if private else {"trace": _public_peers_only}
            ) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(
                    f"{shown(url)}: {host} answered {response.status_code} "
                    f"{response.reason_phrase}; check the address"
                )
            final = shown(str(response.url))
            kind = response.headers.get("content-type", "text/html").split(";")[0].strip()
            suffix = CONTENT_TYPES.get(kind.lower())
            if suffix is None:
                raise FetchError(f"{shown(url)}: the address gives {kind}, not an article page")
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > limit:
                    raise FetchError(
                        f"{shown(url)}: the page is over the {limit / 1e6:g} MB limit "
                        "(CITEDESK_MAX_UPLOAD_MB)"
                    )
                if time.monotonic() > deadline:
                    raise late
    except httpx.TimeoutException:
        if time.monotonic() > deadline:
            raise late from None
        raise FetchError(
            f"{shown(url)}: {host} did not answer within {min(allowed, STEP_S):g} s "
            f"(CITEDESK_FETCH_TIMEOUT_S); {OFFLINE_HINT}"
        ) from None
    except PrivateAddress as address:
        raise FetchError(
            f"{shown(url)}: it leads to {address}, on this machine or a private network, which "
            "this chat does not fetch from (CITEDESK_FETCH_PRIVATE_ADDRESSES)"
        ) from None
    except httpx.TooManyRedirects:
        raise FetchError(f"{shown(url)}: more than 5 redirects; open it in a browser") from None
    except httpx.UnsupportedProtocol as error:
        raise FetchError(
            f"{shown(url)}: redirected to an address that is not a web page "
            f"({error}); only http:// and https:// are fetched"
        ) from None
    except httpx.HTTPError as error:
        raise FetchError(
            f"{shown(url)}: could not reach {host} ({error}); {OFFLINE_HINT}"
        ) from None
    data = bytes(body)
    if suffix == ".html":
        data = _with_address(data, final)
    folder = settings.store.files_dir / LINK_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (file_name(final) + suffix)
    path.write_bytes(data)
    return FetchedPage(url=final, path=path)


def shown(url: str) -> str:
    """The address without a user name or password: what is stored, cited and reported."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _public_peers_only(event: str, info: dict[str, Any]) -> None:
    """Refuse a connection (the first or a redirect's) made to this machine or a private
    network. The address checked is the one actually connected to, so a name that resolves to
    a public address when checked and a private one when used (DNS rebinding) gains nothing."""
    if event != "connection.connect_tcp.complete":
        return
    stream = info["return_value"]
    address = stream.get_extra_info("server_addr")[0]
    ip = ipaddress.ip_address(str(address).split("%")[0])
    if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_unspecified:
        stream.close()
        raise PrivateAddress(str(address))


def file_name(url: str) -> str:
    """A readable, stable file name for an address (its document id): host and path, with a
    short hash so two long addresses that read alike stay apart."""
    parts = urlsplit(url)
    readable = re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.hostname}{parts.path}").strip("-")[:80]
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return f"{readable}-{digest}"


def _with_address(data: bytes, url: str) -> bytes:
    """The page with its address recorded (`og:url`) when it does not say it itself, so the
    article's references give where it came from."""
    if re.search(rb"""property\s*=\s*["']og:url["']""", data[:200_000], re.IGNORECASE):
        return data
    tag = f'<meta property="og:url" content="{html.escape(url)}">\n'.encode()
    return tag + data
