"""Articles as PDF, Word files and web addresses: read into the same cleaned text as any other
file, so every citation is found verbatim at its offsets."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.models import Problem
from ingest.pipeline import ingest
from ingest.readers.fetch import FetchError, fetch_page
from ingest.readers.loaders import read_file
from ingest.settings import Settings
from ingest.text.clean import clean_record
from rag.desk import Desk
from tests.article_files import (
    HARBOUR,
    HARBOUR_TITLE,
    LIBRARY_PAGE,
    TRAM,
    TRAM_TITLE,
    web_server,
    write_docx,
    write_pdf,
    write_scanned_pdf,
)
from ui.cli import app

runner = CliRunner()


def only(path: Path):
    (item,) = list(read_file(path, path.name, 10_000_000))
    return item


def test_a_pdf_gives_its_title_and_paragraphs_with_wrapped_lines_joined(tmp_path: Path):
    record = only(write_pdf(tmp_path / "release.pdf"))
    assert record.kind == "pdf" and record.text.split("\n\n")[1:] == HARBOUR
    article = clean_record(record)
    assert article.title == HARBOUR_TITLE and article.body.split("\n\n") == HARBOUR


def test_bylines_dates_and_visible_headlines_are_read_from_pdf_and_word_files(tmp_path: Path):
    """The byline under the headline gives the author, the outlet and the date, as a web
    page's does; the headline on the page wins over a file's metadata title."""
    pdf = write_pdf(
        tmp_path / "farm.pdf",
        title="Olive growers count their losses",
        paragraphs=["By Carlos Mendez | Iberia Farm Weekly | 5 February 2024", *HARBOUR],
        metadata_title="Microsoft Word - weekly_template.docx",
    )
    article = clean_record(only(pdf))
    assert article.title == "Olive growers count their losses"
    assert (article.author, article.source, article.published_at) == (
        "Carlos Mendez",
        "Iberia Farm Weekly",
        "2024-02-05",
    )
    assert article.body.split("\n\n") == HARBOUR  # the byline is the header, not the text
    word = write_docx(
        tmp_path / "nordland.docx",
        paragraphs=["By Tomas Berg, Nordland Post, 20 January 2024", *TRAM],
    )
    article = clean_record(only(word))
    assert (article.author, article.source, article.published_at) == (
        "Tomas Berg",
        "Nordland Post",
        "2024-01-20",
    )


def test_a_pdf_whose_paragraphs_are_one_line_each_keeps_them_apart(tmp_path: Path):
    """No gap between lines is the usual one when no paragraph wraps: the breaks are told by
    the font's size, and the byline is read."""
    pdf = write_pdf(
        tmp_path / "bakery.pdf",
        title="Corner bakery reopens after fire",
        paragraphs=[
            "By Lena Fischer | Rue Haute Courier | 21 October 2024",
            "The bakery on Rue Haute opened its doors again on Monday.",
            "Neighbours queued for bread from dawn, owner Marc Petit said.",
        ],
    )
    article = clean_record(only(pdf))
    assert (article.author, article.source, article.published_at) == (
        "Lena Fischer",
        "Rue Haute Courier",
        "2024-10-21",
    )
    assert article.body.split("\n\n") == [
        "The bakery on Rue Haute opened its doors again on Monday.",
        "Neighbours queued for bread from dawn, owner Marc Petit said.",
    ]


def test_a_sentence_that_starts_with_by_is_not_a_byline(tmp_path: Path):
    word = write_docx(
        tmp_path / "flood.docx",
        paragraphs=["By Tuesday, the river had risen by two metres.", *TRAM],
    )
    article = clean_record(only(word))
    assert article.author is None
    assert article.body.startswith("By Tuesday, the river had risen")


def test_a_scanned_pdf_is_refused_with_what_to_do(tmp_path: Path):
    problem = only(write_scanned_pdf(tmp_path / "scan.pdf"))
    assert isinstance(problem, Problem) and problem.location.endswith("scan.pdf")
    assert "no text layer" in problem.reason and "OCR" in problem.reason


def test_a_damaged_pdf_or_word_file_is_refused_by_name(tmp_path: Path):
    (tmp_path / "cut.pdf").write_bytes(b"%PDF-1.4\n1 0 obj")
    (tmp_path / "cut.docx").write_bytes(b"PK\x03\x04 not really")
    assert "not a readable PDF" in only(tmp_path / "cut.pdf").reason
    assert "not a readable Word .docx file" in only(tmp_path / "cut.docx").reason


def test_a_word_file_gives_title_paragraphs_and_captions_apart(tmp_path: Path):
    record = only(write_docx(tmp_path / "tram.docx"))
    assert record.kind == "docx" and record.title == TRAM_TITLE
    assert record.text.split("\n\n") == TRAM
    assert record.captions == ["Photo: the planned route along the river"]
    assert record.author is None  # python-docx signs files with its own name


def test_pdf_and_word_articles_are_cited_verbatim_at_their_offsets(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_pdf(folder / "release.pdf")
    write_docx(folder / "tram.docx")
    settings = Settings(index_dir=tmp_path / "index")
    report = ingest([folder], settings)
    assert sorted(report.added) == ["release.pdf", "tram.docx"]
    desk = Desk(settings)
    for question, doc_id, expected in [
        ("How many containers did the Port of Valmara handle in 2023?", "release.pdf", "4.2"),
        ("By how many votes did Brindle approve the tram line?", "tram.docx", "31 votes to 12"),
    ]:
        answer = desk.ask(question)
        assert expected in answer.text
        cited = answer.citations[0]
        assert cited.doc_id == doc_id and desk.is_faithful(cited)
        assert desk.article(doc_id).text[cited.start : cited.end] == cited.quote


@pytest.fixture
def site(tmp_path: Path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "library.html").write_text(LIBRARY_PAGE)
    write_pdf(folder / "release.pdf")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with web_server(folder) as base:
        yield base


def test_a_web_address_is_fetched_ingested_and_cited_with_its_address(site: str, tmp_path: Path):
    index = tmp_path / "index"
    result = runner.invoke(app, ["ingest", f"{site}/library.html", "--index-dir", str(index)])
    assert result.exit_code == 0, result.output
    desk = Desk(Settings(index_dir=index))
    (document,) = desk.documents()
    assert document.title == "Harwick library reopens after flood repairs"
    assert document.source == "Harwick Gazette" and document.url == f"{site}/library.html"
    answer = desk.ask("How many books damaged by the flood were replaced?")
    assert "9,000" in answer.text and desk.is_faithful(answer.citations[0])
    assert "Bakery" not in desk.article(document.doc_id).text


def test_a_pdf_behind_a_web_address_is_read_as_a_pdf(site: str, tmp_path: Path):
    page = fetch_page(f"{site}/release.pdf", Settings(index_dir=tmp_path / "index"))
    assert page.path.suffix == ".pdf" and page.path.parent.name == "links"
    assert clean_record(only(page.path)).title == HARBOUR_TITLE


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("ftp://example.org/story", "only http:// and https:// web addresses"),
        ("{site}/missing.html", "answered 404"),
        ("{site}/logo.png", "gives image/png, not an article page"),
    ],
)
def test_a_web_address_without_an_article_is_refused_saying_why(
    site: str, tmp_path: Path, address: str, message: str
):
    with pytest.raises(FetchError, match=message):
        fetch_page(address.format(site=site), Settings(index_dir=tmp_path / "index"))
    assert not (tmp_path / "index" / "files" / "links").exists() or not any(
        (tmp_path / "index" / "files" / "links").iterdir()
    )


def test_an_unreachable_address_says_the_machine_may_be_offline(tmp_path: Path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = runner.invoke(
        app, ["ingest", f"http://127.0.0.1:{port}/story", "--index-dir", str(tmp_path / "i")]
    )
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "could not reach 127.0.0.1" in message and "offline" in message
    assert "save the page from a browser" in message


def test_a_server_that_never_answers_is_given_up_on(tmp_path: Path):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts the connection, never sends a byte
        address = f"http://127.0.0.1:{silent.getsockname()[1]}/story"
        settings = Settings(index_dir=tmp_path / "index", fetch_timeout_s=0.2)
        with pytest.raises(FetchError, match=r"did not answer within 0\.2 s"):
            fetch_page(address, settings)


def test_a_page_over_the_size_limit_is_refused(site: str, tmp_path: Path):
    settings = Settings(index_dir=tmp_path / "index", max_upload_mb=0.0005)
    with pytest.raises(FetchError, match=r"over the 0\.0005 MB limit"):
        fetch_page(f"{site}/library.html", settings)


def test_a_chat_open_to_the_network_does_not_fetch_private_addresses(site: str, tmp_path: Path):
    settings = Settings(index_dir=tmp_path / "index", fetch_private_addresses=False)
    with pytest.raises(FetchError, match="on this machine or a private network"):
        fetch_page(f"{site}/library.html", settings)


def test_a_fetched_page_without_an_article_is_reported_and_not_kept(
    site: str, tmp_path: Path, corpus: Path
):
    from ui.uploads import add_link

    settings = Settings(index_dir=tmp_path / "index")
    assert ingest([corpus], settings).ok
    desk = Desk(settings)
    (tmp_path / "site" / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    result = add_link(f"{site}/empty.html", desk)
    (problem,) = result.problems
    assert problem.location.endswith(".html") and "no article text" in problem.reason
    assert not list((settings.store.files_dir / "links").iterdir())
