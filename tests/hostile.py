"""A generated folder of hostile inputs: every way a file or a record can be wrong, beside a few
good articles that must still be indexed."""

from __future__ import annotations

import codecs
import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

GOOD = {
    "good/ports.txt": "Harbour traffic grows\n\nThe port of Lorient handled 4 million containers.\n",
    "good/rail.md": "# Rail strike ends\n\nTrains ran again on Monday after a 12-day strike.\n",
    "good/wire.jsonl": json.dumps(
        {
            "title": "Wheat prices",
            "body": "Wheat rose 3% on Friday.",
            "url": "https://wire.example/wheat",
        }
    )
    + "\n",
    "good/page.html": "<html><head><title>Bridge opens</title></head><body><article><h1>Bridge "
    "opens</h1><p>The new bridge carries 20,000 cars a day.</p></article></body>"
    "</html>",
    "good/dés accentués & 'quotes'.txt": "Café opens\n\nThe café served 300 customers.\n",
}


@dataclass
class HostileSet:
    root: Path
    bad_files: list[str] = field(default_factory=list)  # relative paths expected to be refused
    bad_rows: list[str] = field(default_factory=list)  # "path:line" expected to be refused
    tolerated: list[str] = field(default_factory=list)  # odd but readable: must be indexed

    @property
    def count(self) -> int:
        return len(self.bad_files) + len(self.bad_rows) + len(self.tolerated)


def build(root: Path, huge_mb: int = 50) -> HostileSet:
    """Write the hostile set under `root`; returns what each entry is expected to do."""
    rng = random.Random(7)
    made = HostileSet(root=root)

    def write(relative: str, data: bytes, expect: str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        getattr(made, expect).append(relative)

    for relative, text in GOOD.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    for suffix in ("txt", "md", "html", "htm", "json", "jsonl"):
        write(f"empty/empty.{suffix}", b"", "bad_files")
        write(f"empty/blank.{suffix}", b" \n\t\n  \n", "bad_files")
    for i in range(12):
        write(
            f"binary/noise{i}.txt",
            bytes(rng.getrandbits(8) for _ in range(2000)) + b"\0",
            "bad_files",
        )
    write("binary/png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "bad_files")
    write("binary/gzip.md", b"\x1f\x8b\x08\x00" + bytes(300), "bad_files")
    write("binary/elf.html", b"\x7fELF\x02\x01\x01" + bytes(500), "bad_files")
    sentence = "Le café a reçu 89 commandes à Noël, déjà. "
    for i in range(12):
        data = (f"Titre {i}\n\n" + sentence * 3 + "€").encode()
        write(f"truncated/cut{i}.txt", data[: len(data) - 1 - (i % 2)], "tolerated")
    for i, codec in enumerate(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]):
        bom = {
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
            "utf-32-le": codecs.BOM_UTF32_LE,
            "utf-32-be": codecs.BOM_UTF32_BE,
        }[codec]
        write(f"encodings/bom{i}.txt", bom + f"Titre {i}\n\n{sentence}".encode(codec), "tolerated")
    for i in range(10):
        write(
            f"encodings/latin1-{i}.txt",
            f"Titre {i}\n\n{sentence * 2}".replace("€", "").encode("latin-1"),
            "tolerated",
        )
    write(
        "encodings/cp1252.txt",
        "Quote\n\n“Smart quotes” cost 5€ – really.".encode("cp1252"),
        "tolerated",
    )
    write("encodings/bad-bom.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", "bad_files")

    write("size/huge.txt", b"word " * (huge_mb * 200_000), "bad_files")
    write("size/one-line.txt", ("A very long line about ports. " * 34_000).encode(), "tolerated")
    write("size/long-word.txt", b"Title\n\n" + b"x" * 300_000, "tolerated")

    for i, depth in enumerate((1_000, 50_000, 200_000)):
        write(f"json/deep{i}.json", b"[" * depth + b"]" * depth, "bad_files")
    broken_json = [
        '{"title": "x", "body": }',
        '{"title": "x"',
        "[1, 2,",
        "{'single': 'quotes'}",
        '{"title": "x", "body": "y"} trailing',
        "NaN",
        '"just a string"',
        "[]",
        "{}",
        '{"body": 5}',
        '[{"title": "x", "body": null}]',
        "\x00\x00{}",
    ]
    for i, text in enumerate(broken_json):
        write(f"json/broken{i}.json", text.encode(), "bad_files")

    lines = [
        json.dumps({"title": f"Row {i}", "body": f"Record {i} reports {i * 7} ships."})
        for i in range(8)
    ]
    hostile_rows = [
        "{not json",
        '{"title": "t"}',
        '{"title": "t", "body": ""}',
        '{"title": "t", "body": 5}',
        '{"title": ["a"], "body": "b"}',
        "[1, 2, 3]",
        '"string"',
        "null",
        "42",
        '{"title": "t", "body": {"nested": true}}',
        '{"title": "t", "text": null}',
        '{"title": "t", "body": "   "}',
        '{"title": "t", "body": "b", "url": {"a": 1}}',
        '{"title": "t", "body": "b", "published_at": [2019]}',
        "{" * 5000 + "}" * 5000,
        '{"title": "t", "body": "b"',
        '{"title": "t", "body": "\\ud800"}',
    ]
    for file_number in range(7):
        rows = list(lines)
        path = f"jsonl/feed{file_number}.jsonl"
        for row in hostile_rows:
            rows.insert(rng.randrange(1, len(rows)), row)
        for number, row in enumerate(rows, start=1):
            if row not in lines:
                made.bad_rows.append(f"{path}:{number}")
        unique = [r.replace("Row ", f"Feed {file_number} row ") for r in rows]
        write(path, "\n".join(unique).encode(), "tolerated")
    write(
        "jsonl/bad-utf8-line.jsonl",
        lines[0].encode() + b"\n\xff\xfe\xfa{\n" + lines[1].encode().replace(b"Row 1", b"Row B"),
        "tolerated",
    )
    made.bad_rows.append("jsonl/bad-utf8-line.jsonl:2")

    script = "<script>" + "var x = 1;" * 300_000 + "</script>"
    write(
        "html/megascript.html",
        f"<html><body><h1>Big script</h1><p>One paragraph of news "
        f"about 12 ferries.</p>{script}</body></html>".encode(),
        "tolerated",
    )
    broken_html = [
        "<html><body><p>Unclosed <b>bold <i>italic",
        "<p>a</p></div></div></span>",
        "<<<>>><p>Text & more &amp; &#x0; &#99999999;</p>",
        "<html><head><title>",
        "<p>" * 5000 + "Deep paragraph text here." + "</p>" * 10,
        "<table><tr><td>Cell one value<td>Cell two<tr><td>Three",
        "<!-- unclosed comment <p>hidden</p>",
        "<p>Text</p><script>unterminated",
        "<svg><p>inside svg</p></svg><p>Ordinary text after svg.</p>",
        "<p>Only a <img src=x onerror=alert(1)> in it, with some words.</p>",
    ]
    for i, page in enumerate(broken_html):
        # An unclosed <title> swallows the whole page: nothing is left to index.
        write(f"html/broken{i}.html", page.encode(), "bad_files" if i == 3 else "tolerated")

    for name in (
        "with space.txt",
        "quote'single.txt",
        'quote"double.txt',
        "new\nline.txt",
        "日本語の記事.txt",
        "مقال.md",
        "emoji 📰.txt",
        "tab\there.txt",
        "semi;colon.txt",
        "dollar$name.txt",
        "back\\slash.txt",
        "-leading-dash.txt",
        "UPPER.TXT",
        "many.dots.in.name.md",
        "ümlaut.html",
    ):
        body = f"Odd name {name!r}\n\nThe article named oddly still reports 7 events.\n"
        write(f"names/{name}", body.encode(), "tolerated")

    links = root / "links"
    links.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        loop = links / f"loop{i}.txt"
        os.symlink(loop.name, loop)
        made.bad_files.append(f"links/loop{i}.txt")
        os.symlink(f"missing-target-{i}.txt", links / f"dangling{i}.md")
        made.bad_files.append(f"links/dangling{i}.md")
    os.symlink("..", links / "parent-folder")  # a folder link is not followed: no loop
    for i in range(3):
        write(
            f"perm/locked{i}.txt",
            b"Locked\n\nNobody may read this.\n",
            "tolerated" if os.geteuid() == 0 else "bad_files",
        )
        (root / f"perm/locked{i}.txt").chmod(0)
    return made
