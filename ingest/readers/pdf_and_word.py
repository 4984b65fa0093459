"""Read press releases and reports sent as PDF (pypdf) and Word files (python-docx).

Both give a `SourceRecord` like any other loader, so cleaning, chunking and the offsets that
citations point at are the same as for a text file: the quote is checked against the stored
cleaned text, never against the PDF.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from typing import Any

from ingest.models import Problem, SourceRecord

SENTENCE_END = (".", "!", "?", "…", ":", '"', "”", "’", ")")
# Programs that sign the files they write with their own name as the author.
GENERATORS = {None, "", "python-docx", "Microsoft Office User", "Unknown"}
NO_TEXT_LAYER = (
    "this PDF has no text layer (it looks like a scanned image); run OCR on it first "
    "(for example `ocrmypdf in.pdf out.pdf`) and add the result"
)


def read_pdf(
    data: bytes, location: str, doc_id: str, max_chars: int = 2_000_000
) -> SourceRecord | Problem:
    """The PDF's text, page by page, with its hard-wrapped lines joined back into paragraphs;
    refused once it passes `max_chars` (pages can share one content stream, so a small file can
    hold millions of characters). Run in `ingest.readers.sandbox`'s child process.

    Its creation date is not taken for the publication date: it is when the file was made."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return Problem(location, "this PDF is password-protected; save a copy without one")
        pages: list[list[str]] = []
        taken = 0
        for page in reader.pages:
            pages.append(_page_lines(page))
            taken += sum(len(line) for line in pages[-1])
            if taken > max_chars:
                return Problem(location, _too_long(taken, len(pages), max_chars))
        info = reader.metadata or {}
    except FileNotDecryptedError:
        return Problem(location, "this PDF is password-protected; save a copy without one")
    except MemoryError:
        raise  # the sandbox's limit, not a damaged file
    except RecursionError:
        return Problem(
            location,
            "this PDF nests its contents too deeply to be read (a damaged or crafted file); "
            "print it to a new PDF from a viewer and add that",
        )
    except Exception as error:
        return Problem(location, f"not a readable PDF ({error}); is the file complete?")
    if not any(line.strip() for page in pages for line in page):
        return Problem(location, NO_TEXT_LAYER)
    paragraphs = [p for page in pages for p in unwrap_lines(page)]
    return SourceRecord(
        doc_id=doc_id,
        location=location,
        kind="pdf",
        text="\n\n".join(paragraphs),
        # The headline the reader sees before the file's metadata (often a template's name):
        # with none given, the cleaner takes the first line.
        title=None if visible_headline(paragraphs) else _text(info.get("/Title")),
        author=_text(info.get("/Author")),
    )


def _page_lines(page: Any) -> list[str]:
    """The page's lines, with an empty line wherever the gap to the next is wider than the usual
    line spacing, or wider than 2.5 times the font's size: that gap is all a PDF keeps of a
    paragraph break. The second rule holds where every paragraph is one line (a short release
    with a byline), so that no gap is the usual one."""
    lines: list[list[Any]] = [["", None, 0.0]]  # [text, baseline height, font size]

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        for number, part in enumerate(text.split("\n")):
            if number:
                lines.append(["", None, 0.0])
            if part.strip() and lines[-1][1] is None:
                lines[-1][1] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                lines[-1][2] = abs((size or 0) * (tm[3] or 1) * (cm[3] or 1))
            lines[-1][0] += part

    page.extract_text(visitor_text=visit)
    placed = [(text, y, size) for text, y, size in lines if text.strip() and y is not None]
    gaps = [a[1] - b[1] for a, b in itertools.pairwise(placed) if a[1] > b[1]]
    # The lower quartile: paragraph breaks can be as frequent as wrapped lines in a short text.
    usual = sorted(gaps)[len(gaps) // 4] if gaps else 0.0
    result: list[str] = []
    for number, (text, y, size) in enumerate(placed):
        gap = placed[number - 1][1] - y if number else 0.0
        if number and usual and not 0 < gap <= min(1.4 * usual, 2.5 * size or 1.4 * usual):
            result.append("")  # a wider gap, or a jump up to the next column
        result.append(text)
    return result


def unwrap_lines(lines: list[str]) -> list[str]:
    """Paragraphs from a page's lines: a line joins the next unless it ends a sentence well short
    of the page's usual line length (a paragraph's last line) or a blank line follows.

    PDFs store lines, not paragraphs, and a wrapped line may start with a capital (a name), so
    the text loader's rule (join only before a lower-case letter) would cut sentences apart.
    """
    lines = [re.sub(r"\s+", " ", line).strip() for line in lines]
    lengths = [len(line) for line in lines if len(line) > 20]
    full = statistics.median(lengths) if lengths else 0
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if current.endswith("-") and line[:1].islower():
            current = current + line  # a word hyphenated across lines keeps its hyphen
        else:
            current = f"{current} {line}".strip()
        if line.endswith(SENTENCE_END) and len(line) < 0.8 * full:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def read_docx(
    data: bytes, location: str, doc_id: str, max_chars: int = 2_000_000
) -> SourceRecord | Problem:
    """A Word file's paragraphs in order; its Title style (or core title) is the headline and
    Caption-styled paragraphs are captions, as on a web page. Run in `ingest.readers.sandbox`'s child
    process, after its archive was checked."""
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except MemoryError:
        raise  # the sandbox's limit, not a damaged file
    except Exception as error:
        return Problem(
            location, f"not a readable Word .docx file ({error}); save it again as .docx from Word"
        )
    title = None
    captions: list[str] = []
    paragraphs: list[str] = []
    taken = 0
    for number, paragraph in enumerate(document.paragraphs, 1):
        text = paragraph.text.strip()
        taken += len(text)
        if taken > max_chars:
            return Problem(location, _too_long(taken, number, max_chars, "paragraphs"))
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if not text:
            continue
        if style == "Title" and title is None:
            title = text
        elif style == "Caption":
            captions.append(text)
        else:
            paragraphs.append(text)
    if not paragraphs:
        return Problem(location, "this Word file has no text paragraphs")
    # Not the file's creation date as the publication date: Word templates carry their own
    # (python-docx's says 2013), and a wrong date is worse than none; the library can set one.
    core = document.core_properties
    return SourceRecord(
        doc_id=doc_id,
        location=location,
        kind="docx",
        text="\n\n".join(paragraphs),
        title=title or (None if visible_headline(paragraphs) else core.title or None),
        author=None if core.author in GENERATORS else core.author,
        captions=captions,
    )


def visible_headline(paragraphs: list[str]) -> bool:
    """Whether the document opens with a line that reads as a headline: short, a few words, no
    closing full stop, followed by more text."""
    if len(paragraphs) < 2:
        return False
    first = paragraphs[0]
    return (
        len(first) <= 200 and len(first.split()) >= 2 and not first.endswith((".", ",", ";", ":"))
    )


def _too_long(taken: int, parts: int, max_chars: int, unit: str = "pages") -> str:
    return (
        f"{parts:,} {unit} in, it already holds {taken:,} characters, over the {max_chars:,} "
        "a file may hold (an article is tens of thousands): split it, or raise "
        "CITEDESK_PARSE_MAX_CHARS"
    )


PARSERS = {"pdf": read_pdf, "docx": read_docx}


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None
