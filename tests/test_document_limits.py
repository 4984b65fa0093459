"""PDF and Word files cannot stall or exhaust an ingest: a zip bomb is refused before it is
unpacked, a PDF whose pages share one content stream is stopped at the text cap or the time
limit, each refusal names its file and is remembered until the file changes, and an unchanged
file is not parsed again."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pipeline import ingest
from ingest.readers.sandbox import Limits, Sandbox
from ingest.settings import Settings
from ingest.settings.ingest import IngestSettings
from tests.article_files import write_docx, write_pdf

DEFAULT = Limits.of(IngestSettings())


def word_bomb(path: Path, unpacked_mb: int) -> Path:
    """A real .docx whose document part is padded with spaces: megabytes that zip to kilobytes."""
    normal = write_docx(path.with_suffix(".normal.docx")).read_bytes()
    with zipfile.ZipFile(io.BytesIO(normal)) as source, zipfile.ZipFile(path, "w") as bomb:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (unpacked_mb * 1_000_000))
            bomb.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    path.with_suffix(".normal.docx").unlink()
    return path


def shared_stream_pdf(path: Path, pages: int, lines_per_page: int) -> Path:
    """A PDF whose every page draws the same content stream: a small file, a lot of text."""
    text = b"".join(
        b"BT /F1 10 Tf 40 %d Td (Line %d of the one stream every page shares.) Tj ET\n"
        % (780 - (n % 70) * 11, n)
        for n in range(lines_per_page)
    )
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    ] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    ] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    path.write_bytes(out.getvalue())
    return path


def refusal(report, path: Path) -> str:
    (reason,) = [p.reason for p in report.skipped if p.location == str(path)]
    return reason


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "note.txt").write_text("The harbour reopened on Monday after the storm.\n")
    return folder


def test_a_word_zip_bomb_is_refused_before_it_is_unpacked(inbox: Path, tmp_path: Path):
    bomb = word_bomb(inbox / "bomb.docx", unpacked_mb=300)
    assert bomb.stat().st_size < 2_000_000  # small enough for any upload limit
    report = ingest([inbox], Settings(index_dir=tmp_path / "index"))
    assert "would unpack to 301 MB, over the 200 MB limit" in refusal(report, bomb)
    assert "zip bomb" in refusal(report, bomb)
    assert report.added == ["note.txt"]


def test_a_word_part_compressed_like_no_document_is_refused_under_the_size_limit(tmp_path: Path):
    bomb = word_bomb(tmp_path / "dense.docx", unpacked_mb=50)
    result = Sandbox(DEFAULT).parse("docx", bomb.read_bytes(), str(bomb), "dense.docx")
    assert "word/document.xml is compressed" in result.reason and "zip bomb" in result.reason


def test_a_pdf_whose_pages_share_one_stream_is_stopped_at_the_text_cap(inbox: Path, tmp_path: Path):
    pdf = shared_stream_pdf(inbox / "shared.pdf", pages=40, lines_per_page=200)
    settings = Settings(index_dir=tmp_path / "index", parse_max_chars=50_000)
    report = ingest([inbox], settings)
    reason = refusal(report, pdf)
    assert "over the 50,000 a file may hold" in reason and "CITEDESK_PARSE_MAX_CHARS" in reason
    assert report.added == ["note.txt"]


def test_a_parse_over_the_time_limit_is_stopped_and_not_retried_until_the_file_changes(
    inbox: Path, tmp_path: Path
):
    pdf = write_pdf(inbox / "harbour.pdf")
    slow = Settings(index_dir=tmp_path / "index", parse_timeout_s=0.000_001)
    first = refusal(ingest([inbox], slow), pdf)
    assert "took longer than 1e-06 s and was stopped" in first
    assert "not read again until the file changes" in first

    again = refusal(ingest([inbox], slow), pdf)
    assert again == f"{first} (found when this file was last read)"

    pdf.write_bytes(pdf.read_bytes() + b"\n")  # the file changed: read again
    assert refusal(ingest([inbox], slow), pdf) == first

    # a raised limit reads it afresh too, and it is indexed
    report = ingest([inbox], Settings(index_dir=tmp_path / "index"))
    assert "harbour.pdf" in report.added and not report.skipped


def test_a_parse_over_the_memory_limit_is_stopped_and_the_next_file_still_parses(tmp_path: Path):
    # 40 MB of varied XML: a legitimate-looking archive that the parser needs far more than
    # 64 MB to hold
    words = b"".join(b"<w:p><w:r><w:t>word %d</w:t></w:r></w:p>" % n for n in range(1_000_000))
    normal = write_docx(tmp_path / "normal.docx")
    big = tmp_path / "big.docx"
    with zipfile.ZipFile(normal) as source, zipfile.ZipFile(big, "w") as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + words)
            out.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    with Sandbox(replace(DEFAULT, memory_mb=64)) as sandbox:
        refused = sandbox.parse("docx", big.read_bytes(), str(big), "big.docx")
        assert "needed more than the 64 MB a file may use" in refused.reason
        read = sandbox.parse("docx", normal.read_bytes(), str(normal), "normal.docx")
        assert read.title and read.text


def test_an_unchanged_word_or_pdf_file_is_not_parsed_again(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    write_pdf(inbox / "harbour.pdf")
    write_docx(inbox / "tram.docx")
    settings = Settings(index_dir=tmp_path / "index")
    assert len(ingest([inbox], settings).added) == 3

    parsed: list[str] = []
    real = Sandbox.parse

    def counted(self, kind, data, location, doc_id):
        parsed.append(Path(location).name)
        return real(self, kind, data, location, doc_id)

    monkeypatch.setattr(Sandbox, "parse", counted)
    report = ingest([inbox], settings)
    assert sorted(report.unchanged) == ["harbour.pdf", "note.txt", "tram.docx"]
    assert parsed == []

    write_docx(inbox / "tram.docx", paragraphs=["The tram line opened a new stop in the centre."])
    report = ingest([inbox], settings)
    assert parsed == ["tram.docx"] and report.updated == ["tram.docx"]


def test_a_pdf_nested_too_deeply_is_refused_as_such_not_as_a_scan(tmp_path: Path):
    pdf = shared_stream_pdf(tmp_path / "nested.pdf", pages=1, lines_per_page=3)
    nested = pdf.read_bytes().replace(b"BT /F1", b"[" * 5000 + b"]" * 5000 + b" BT /F1", 1)
    with Sandbox(DEFAULT) as sandbox:
        result = sandbox.parse("pdf", nested, str(pdf), "nested.pdf")
    assert "nests its contents too deeply" in result.reason and "OCR" not in result.reason
