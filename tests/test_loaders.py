"""Reading files: stable, human document ids, and one clear message per bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ingest.models import Problem, SourceRecord
from ingest.readers.loaders import read_file, scan

LIMIT = 1_000_000


def read_all(root: Path) -> tuple[list[SourceRecord], list[Problem]]:
    found = scan([root])
    records: list[SourceRecord] = []
    problems = list(found.problems)
    for path, doc_id in found.files:
        for item in read_file(path, doc_id, LIMIT):
            (problems if isinstance(item, Problem) else records).append(item)
    return records, problems


def test_ids_are_paths_relative_to_the_root_and_urls_for_records(tmp_path: Path):
    (tmp_path / "world" / "asia").mkdir(parents=True)
    (tmp_path / "world" / "asia" / "story.txt").write_text("Title\n\nBody text.")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"title": "With url", "body": "B.", "url": "https://news.example/a"})
        + "\n"
        + "\n"
        + json.dumps({"title": "No url", "text": "C.", "source": "Wire", "published_at": 2019})
        + "\n"
    )
    (tmp_path / "notes.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.txt").write_text("secret")
    found = scan([tmp_path])
    assert found.ignored == ["notes.xlsx"]
    records, problems = read_all(tmp_path)
    assert problems == []
    assert sorted(r.doc_id for r in records) == [
        "feed.jsonl#3",
        "https://news.example/a",
        "world/asia/story.txt",
    ]
    by_id = {r.doc_id: r for r in records}
    assert by_id["feed.jsonl#3"].source == "Wire"
    assert by_id["feed.jsonl#3"].published_at == "2019"
    assert by_id["feed.jsonl#3"].text == "C."


def test_json_array_records_are_numbered_by_their_line(tmp_path: Path):
    (tmp_path / "items.json").write_text(
        '[\n  {"title": "One", "body": "First."},\n  {"title": "Two",\n   "body": "Second."}\n]'
    )
    records, problems = read_all(tmp_path)
    assert problems == []
    assert [r.doc_id for r in records] == ["items.json#2", "items.json#3"]


def test_the_benchmark_corpus_format_is_read(tmp_path: Path):
    shared = Path(__file__).resolve().parents[2] / "shared" / "eval" / "corpus"
    source = shared / "smoke_paragraphs.jsonl"
    if not source.exists():
        pytest.skip(f"{source} is not beside this checkout")
    records = [r for r in read_file(source, source.name, LIMIT) if isinstance(r, SourceRecord)]
    assert len(records) == 50
    assert all(r.doc_id.startswith("squad2/p") and r.title and r.source for r in records)


def test_a_bad_line_in_json_lines_is_reported_and_the_rest_is_read(tmp_path: Path):
    lines = [
        json.dumps({"title": "A", "body": "Alpha."}),
        '{"title": "B", "body": ',
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "D"}),
        json.dumps({"title": {"nested": 1}, "body": "x"}),
        json.dumps({"title": "F", "body": "Foxtrot."}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    records, problems = read_all(tmp_path)
    assert [r.title for r in records] == ["A", "F"]
    feed = tmp_path / "feed.jsonl"
    assert [str(p) for p in problems] == [
        f"{feed}:2: invalid JSON: Expecting value at column 23",
        f"{feed}:3: expected a JSON object with 'title' and 'body', got list",
        f"{feed}:4: record has no 'body' or 'text' string",
        f"{feed}:5: field 'title' must be a string, got dict",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.md", b"  \n\n \t\n", "file is empty"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "binary file (contains NUL bytes); convert it to text first",
        ),
        (
            "broken.json",
            b'{"title": "x",\n "body": }',
            "invalid JSON: Expecting value at column 10",
        ),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
):
    (tmp_path / name).write_bytes(content)
    records, problems = read_all(tmp_path)
    assert records == []
    assert len(problems) == 1
    assert problems[0].reason.startswith(reason)
    assert problems[0].location.startswith(str(tmp_path / name))


def test_non_utf8_text_is_decoded_with_a_fallback(tmp_path: Path):
    (tmp_path / "latin1.txt").write_bytes(
        "Café crème\n\nLe salarié a reçu une prime élevée à Noël.".encode("latin-1")
    )
    (tmp_path / "utf16.txt").write_bytes("Über\n\nGrüße aus Köln.".encode("utf-16"))
    (tmp_path / "cut.txt").write_bytes("Title\n\nA cut euro sign €".encode()[:-1])
    records, problems = read_all(tmp_path)
    assert problems == []
    by_id = {r.doc_id: r for r in records}
    assert "reçu une prime élevée à Noël" in by_id["latin1.txt"].text
    assert by_id["latin1.txt"].decoded_as not in {"utf-8", "utf-8-sig"}
    assert by_id["utf16.txt"].text == "Über\n\nGrüße aus Köln."
    assert by_id["cut.txt"].text == "Title\n\nA cut euro sign "
    assert "truncated" in by_id["cut.txt"].decoded_as


def test_oversized_files_are_skipped(tmp_path: Path):
    (tmp_path / "huge.txt").write_text("word " * 300_000)
    (record,) = read_file(tmp_path / "huge.txt", "huge.txt", 1_000_000)
    assert isinstance(record, Problem)
    assert record.reason == (
        "file is 1.5 MB, over the 1 MB limit; split it or raise CITEDESK_MAX_FILE_MB"
    )


def test_paths_that_cannot_be_read(tmp_path: Path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    found = scan([tmp_path / "missing", tmp_path / "report.pdf", loop])
    assert [str(p) for p in found.problems][:2] == [
        f"{tmp_path / 'missing'}: no such file or folder",
        f"{tmp_path / 'report.pdf'}: no such file or folder",
    ]
    (problem,) = read_file(loop, "loop.txt", LIMIT)
    assert isinstance(problem, Problem)
    assert problem.reason.startswith("cannot read")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Title\n\nBody.")
    secret.chmod(0)
    (problem,) = read_file(secret, "secret.txt", LIMIT)
    assert str(problem) == f"{secret}: cannot read: permission denied"


def test_an_explicit_file_of_another_type_is_refused(tmp_path: Path):
    (tmp_path / "figures.xlsx").write_bytes(b"PK")
    found = scan([tmp_path / "figures.xlsx"])
    assert found.files == []
    assert "unsupported file type '.xlsx'" in found.problems[0].reason
    assert ".docx, .htm, .html" in found.problems[0].reason


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_text_that_is_not_utf8_keeps_its_pounds_and_accents(tmp_path: Path, encoding):
    """Detection guesses cp932 for a few £ signs among ASCII (£15.8m became ｣15.8m)."""
    text = "Pounds\n\nIt paid £15.8m £3m £4m £5m, the café's owner said, and 3½% more.\n"
    if encoding == "cp1252":
        text = text.replace("café's", "café’s")
    (tmp_path / "bbc.txt").write_bytes(text.encode(encoding))
    (record,) = read_file(tmp_path / "bbc.txt", "bbc.txt", 10**6)
    assert record.decoded_as == "cp1252"
    assert "£15.8m £3m" in record.text and "café" in record.text and "3½%" in record.text
    assert "｣" not in record.text


JSON_LD_PAGE = """<html><head><title>Grenoble start-up wins contract | Alpes Info</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebPage"},
 {"@type": "NewsArticle", "headline": "Grenoble start-up wins contract",
  "datePublished": "2024-04-05T08:00:00+02:00",
  "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Tom Ford"}],
  "publisher": {"@type": "Organization", "name": "Alpes Info"}}]}</script>
<script type="application/ld+json">{not json</script>
</head><body><article><h1>Grenoble start-up wins contract</h1>
<p>By Ann Lee and Tom Ford | Updated 5 April</p>
<p>By 2025, the city plans to double its cameras.</p>
<p>Vigilink won the contract for the tram network.</p></article></body></html>"""


def test_a_pages_json_ld_and_byline_give_its_header_and_leave_its_text(tmp_path: Path):
    (tmp_path / "grenoble.html").write_text(JSON_LD_PAGE)
    (tmp_path / "lyon.html").write_text(
        "<html><body><h1>Lyon trial</h1><p>By Claire Martin</p><p>The trial began.</p></body></html>"
    )
    records, problems = read_all(tmp_path)
    assert problems == []
    by_id = {r.doc_id: r for r in records}
    grenoble = by_id["grenoble.html"]
    assert grenoble.author == "Ann Lee, Tom Ford"
    assert grenoble.published_at == "2024-04-05T08:00:00+02:00"
    assert grenoble.source == "Alpes Info"
    assert "By Ann Lee" not in grenoble.text  # the byline is the header's, not the text's
    assert "By 2025, the city plans" in grenoble.text  # a sentence starting "By" is text
    assert by_id["lyon.html"].author == "Claire Martin"
    assert "Claire Martin" not in by_id["lyon.html"].text
