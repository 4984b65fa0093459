"""Properties that hold for any input (hypothesis): reading and cleaning never crash, and every
offset slices the cleaned text exactly.

The examples run are fixed by the `ci` profile (tests/conftest.py); `make test-explore` looks for
new failing inputs, and each one found is pinned below with `@example`."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from ingest.models import Article, Problem, SourceRecord
from ingest.readers.html_text import parse_html
from ingest.readers.loaders import decode
from ingest.settings import Settings
from ingest.text.chunk import chunk_body
from ingest.text.clean import clean_record
from ingest.text.sentences import sentence_spans

SETTINGS = Settings(chunk_size=32, chunk_overlap=4)
# Text with the characters news pages are made of, and the ones that break naive code.
NEWSY = st.text(
    alphabet=st.sampled_from(
        [
            *"abcdefghij ABCDE.,;:!?'\"\n\n\t-–—()[]<>&#*_`|~@$%0123456789",
            *["é", "€", "日", "\u200b", "\ufeff", "\r", "\x00", "\x0b", "“", "”", "…", "\ud800"],
        ]
    ),
    max_size=1500,
)


@given(data=st.binary(max_size=3000))
def test_decoding_any_bytes_never_raises(data):
    result = decode(data, "x.txt")
    assert isinstance(result, Problem | tuple)


@given(text=NEWSY, kind=st.sampled_from(["text", "markdown", "html", "record"]))
def test_cleaning_any_text_never_raises_and_keeps_a_body(text, kind):
    record = SourceRecord(
        doc_id="d", location="d", kind=kind, text=text, title="T" if kind == "record" else None
    )
    result = clean_record(record)
    if isinstance(result, Article):
        assert result.body.strip() and result.title
        assert "\ud800" not in result.body


@given(text=NEWSY)
@example(text='0\r"\r0')  # a chunk boundary between '"' and '0' (chunks are separate passages)
@example(text="Title\r\rFirst line\rwrapped on.\r\rNext one.\r")
def test_every_chunk_slices_the_cleaned_body_exactly(text):
    article = clean_record(SourceRecord(doc_id="d", location="d", kind="text", text=text))
    if isinstance(article, Problem):
        return
    body = article.body
    chunks = chunk_body(body, SETTINGS)
    for chunk in chunks:
        assert body[chunk.start : chunk.end] == chunk.text
        assert 0 <= chunk.start < chunk.end <= len(body)
    covered = "\n".join(c.text for c in chunks)
    assert set(covered.split()) == set(body.split())  # no word is lost between chunks


@given(text=NEWSY)
@example(text='0\r"\r0')
def test_old_mac_and_windows_line_endings_clean_like_unix_ones(text):
    """Bare carriage returns (old Mac files, some feeds) and CRLF end lines exactly like LF."""
    unix = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = [
        clean_record(SourceRecord(doc_id="d", location="d", kind="text", text=t))
        for t in (text, unix)
    ]
    if isinstance(cleaned[0], Problem):
        assert isinstance(cleaned[1], Problem)
        return
    assert (cleaned[0].title, cleaned[0].body) == (cleaned[1].title, cleaned[1].body)
    assert chunk_body(cleaned[0].body, SETTINGS) == chunk_body(cleaned[1].body, SETTINGS)


@given(text=NEWSY)
def test_sentence_offsets_stay_inside_the_text(text):
    for start, end in sentence_spans(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip()


@given(
    markup=st.text(alphabet=st.sampled_from(list("<>/=\"' abcpdivscripth1tle&;#x!-")), max_size=800)
)
def test_parsing_any_html_never_raises(markup):
    page = parse_html(markup)
    assert all(isinstance(p, str) and p for p in page.paragraphs)
