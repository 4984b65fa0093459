"""Fetch an article from a web address into the upload area, where ingest reads it like a file.

The saved copy goes through the same reader as a page saved from a browser (`ingest.html_text`,
which kept teasers and captions out where trafilatura let them in; see that module), so a
fetched article is cleaned, cited and verifiable exactly like a dropped file, and it survives
a restart and a re-ingest. Only http(s), with a time limit and a size cap.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


class FetchError(ValueError):
    """A web address that gave no article, phrased for the person who pasted it."""


@dataclass
class FetchedPage:
    url: str
    path: Path  # the saved copy, inside the upload area


def is_web_address(text: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text.strip()))


def fetch_page(url: str, settings: Settings) -> FetchedPage:
    """Download `url` into `<index>/files/links/`; raises FetchError saying what went wrong."""
    import httpx

    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"{url}: only http:// and https:// web addresses can be fetched")
    limit = int(settings.ingest.max_upload_mb * 1_000_000)
    host = parts.hostname
    private = settings.ingest.fetch_private_addresses is not False
    try:
        with (
            httpx.Client(
                timeout=settings.ingest.fetch_timeout_s,
                follow_redirects=True,
                max_redirects=5,
                headers={"User-Agent": "citedesk (article reader)"},
                trust_env=False,  # no proxy the user did not configure for citedesk
                event_hooks={"request": [] if private else [_public_only]},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(
                    f"{url}: {host} answered {response.status_code} "
                    f"{response.reason_phrase}; check the address"
                )
            final = str(response.url)
            if urlsplit(final).scheme not in {"http", "https"}:
                raise FetchError(f"{url}: redirected to {final}, which is not a web address")
            kind = response.headers.get("content-type", "text/html").split(";")[0].strip()
            suffix = CONTENT_TYPES.get(kind.lower())
            if suffix is None:
                raise FetchError(f"{url}: the address gives {kind}, not an article page")
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > limit:
                    raise FetchError(
                        f"{url}: the page is over the {limit / 1e6:g} MB limit "
                        "(CITEDESK_MAX_UPLOAD_MB)"
                    )
    except httpx.TimeoutException:
        raise FetchError(
            f"{url}: {host} did not answer within {settings.ingest.fetch_timeout_s:g} s "
            f"(CITEDESK_FETCH_TIMEOUT_S); {OFFLINE_HINT}"
        ) from None
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than 5 redirects; open it in a browser") from None
    except httpx.HTTPError as error:
        raise FetchError(f"{url}: could not reach {host} ({error}); {OFFLINE_HINT}") from None
    data = bytes(body)
    if suffix == ".html":
        data = _with_address(data, final)
    folder = settings.store.files_dir / LINK_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (file_name(final) + suffix)
    path.write_bytes(data)
    return FetchedPage(url=final, path=path)


def _public_only(request: Any) -> None:
    """Refuse an address (the first or a redirect's) that resolves to this machine or a private
    network."""
    host = request.url.host
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return  # unresolvable: the request itself fails with "could not reach"
    for address in found:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved:
            raise FetchError(
                f"{request.url}: {host} is on this machine or a private network, which this "
                "chat does not fetch from (CITEDESK_FETCH_PRIVATE_ADDRESSES)"
            )


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
