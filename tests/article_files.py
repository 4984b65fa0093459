"""Articles as they arrive in a newsroom, written for tests: a text-layer PDF, a scanned PDF (an
image, no text), a Word file, and a web server on loopback that serves pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

HARBOUR_TITLE = "Harbour authority press release"
HARBOUR = [
    "The Port of Valmara handled 4.2 million containers in 2023, its busiest year on record, "
    "the harbour authority said on Tuesday. Director Ines Carvalho credited the new deep-water "
    "berth that opened in March.",
    "Shipping lines added eleven weekly services to Asia during the year, and the authority "
    "expects further growth once the rail link to Oporto opens in 2027.",
]
TRAM_TITLE = "Council approves tram line"
TRAM = [
    "The city council of Brindle approved a 14-kilometre tram line on Monday by 31 votes to 12.",
    "Mayor Olu Adeyemi said construction would start in 2026 and cost 380 million euros.",
]
LIBRARY_PAGE = """<!doctype html><html><head><title>Library reopens | Harwick Gazette</title>
<meta property="og:site_name" content="Harwick Gazette"></head><body>
<h1>Harwick library reopens after flood repairs</h1>
<p>The Harwick public library reopened on Saturday after eighteen months of repairs that cost
2.7 million pounds, the town council said.</p>
<p>Head librarian Maren Okafor said 9,000 books damaged by the flood had been replaced.</p>
<h2>Related</h2><ul><li><a href="/x">Bakery wins prize</a></li></ul>
</body></html>"""

# A CNN-style page: a dateline alone on its line, a video player's teaser and a slideshow's
# caption button between the paragraphs, a newsletter promotion at the end.
NEWS_PAGE_WITH_JUNK = """<!doctype html><html><head><title>Flood waters rise in Valencia | CNN</title>
<meta property="og:site_name" content="CNN">
<meta property="article:published_time" content="2024-10-30T10:00:00Z"></head><body>
<h1>Flood waters rise in Valencia</h1>
<p>Valencia CNN —</p>
<p>Flood waters rose by two metres in Valencia on Tuesday, officials said.</p>
<p>Video Ad Feedback</p><p>Drone footage shows flooded streets in Spain</p>
<p>02:14 - Source: CNN</p>
<p>Hide Caption</p>
<p>A video posted by residents showed cars swept along the main avenue.</p>
<p>Get our free weekly newsletter Sign up here to get the week's weather in your inbox.</p>
</body></html>"""


def write_pdf(
    path: Path,
    title: str = HARBOUR_TITLE,
    paragraphs: list[str] = HARBOUR,
    metadata_title: str | None = None,
) -> Path:
    """The headline on the page, and as the file's title unless `metadata_title` is given."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(metadata_title or title)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "\n\n".join([title, *paragraphs]))
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A page that is a picture of text: shapes only, no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for row in range(20):
        pdf.rect(20, 20 + row * 8, 170, 4, style="F")
    pdf.output(str(path))
    return path


def write_docx(path: Path, title: str = TRAM_TITLE, paragraphs: list[str] = TRAM) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph(title, style="Title")
    document.add_paragraph(paragraphs[0])
    document.add_paragraph("Photo: the planned route along the river", style="Caption")
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


@contextmanager
def web_server(folder: Path) -> Iterator[str]:
    """Serves `folder` on 127.0.0.1 (a free port); yields the base address."""
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }

    def log_message(self, *args: object) -> None:
        pass
