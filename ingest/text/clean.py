"""Separate a news page's article body from everything around it.

Titles, standfirsts and photo captions become metadata; teaser trailers ("Similar articles",
"Related", "Read more", "Recommended") and page junk (video players, "Hide Caption", newsletter
promotions, a dateline alone on its line) are dropped, but for the teasers closing the page, kept
as metadata for questions that ask about them (`rag.forms.teasers`). Only the body is chunked, embedded
and quoted as the article's text, so a citation can never point at a caption or a teaser as if
the article said it.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.models import Article, Problem, SourceRecord
from ingest.text.dates import iso_date

TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", "’", "'", ")")
# A short paragraph that announces a list of other stories.
TRAILER_HEADING = re.compile(
    r"^(similar|related|recommended|more|other|popular|trending|latest|top)"
    r"(\s+(articles?|stories|posts|reads?|news|content|coverage|links|videos|"
    r"for you|on this topic|from [\w .&'-]+|in [\w .&'-]+|like this))?\s*:?$"
    r"|^(read|see|watch)\s+(more|also|next|this next)\b.{0,80}$"
    r"|^(you|we think you) (may|might|will) (also )?(like|enjoy|be interested)\b.{0,40}$"
    r"|^most (read|popular|viewed|shared)\b.{0,40}$"
    r"|^(also|further) read(ing)?\s*:?$",
    re.IGNORECASE,
)
CAPTION = re.compile(
    r"^\(?\s*(photo(graph)?s?|pictures?|pic|image|illustration|video|credits?|caption|"
    r"file photo|main image|top image|header image)\b\s*(by|credit|courtesy( of)?)?\s*[:：|/—–-]"
    r"|^\(?\s*(photo|image|picture)\s+(by|credit|courtesy)\b"
    r"|^.{0,200}\b(getty images|afp|reuters|ap photo|shutterstock|epa(-efe)?|alamy|"
    r"xinhua|bloomberg|istock)(\s+via\s+[\w ]+)?\s*\)?\s*$",
    re.IGNORECASE,
)
# What news pages leave in the text that no reader reads as the article: a video player's
# teaser ("Video Ad Feedback <title> 04:42 - Source: CNN"), a slideshow's "Hide Caption", a
# dateline alone on its line ("London CNN —"), a newsletter or app promotion. Whole paragraphs
# only, matched on their shape, so an article that mentions a newsletter keeps its sentence.
PAGE_JUNK = re.compile(
    r"^(?:video )?ad feedback\b.{0,300}$"
    r"|^.{0,200}\b\d{1,2}:\d{2}\s*-\s*source:\s*[\w .]{1,40}$"
    r"|^(?:hide|show|expand|close) (?:caption|gallery|photos?)\b.{0,20}$"
    r"|^(?:[A-Z][\w.,'’ -]{0,40}\s)?(?:CNN|AP|AFP|Reuters)(?: Business| Politics)?\s*[—–-]$"
    r"|^(?:advertisement|ad|sponsored|paid content|story continues below)\.?$"
    r"|^.{0,200}\b(?:sign up (?:here|for (?:our|the))|in your inbox|our (?:\w+ )?newsletter"
    r"|check out the all new play hub)\b.{0,200}$",
    re.IGNORECASE,
)
# Kinds whose first line is the headline and second may be a standfirst when nothing says so.
PLAIN_KINDS = {"text", "markdown", "pdf", "docx"}
BULLET = re.compile(r"^\s*([•·▪●◦*+-]|\d+[.)])\s+")


def clean_record(record: SourceRecord) -> Article | Problem:
    """Split a record into title, standfirst, captions and the body that answers questions."""
    text = normalize_text(record.text)
    captions = list(record.captions)
    metadata: dict[str, str] = {}
    if record.kind == "markdown":
        text, metadata, image_captions = strip_markdown(text)
        captions.extend(image_captions)
    paragraphs = split_paragraphs(text)
    title = normalize_text(record.title or metadata.get("title") or "").strip() or None
    subtitle = normalize_text(record.subtitle or metadata.get("subtitle") or "").strip() or None

    first_line_is_title = record.kind in PLAIN_KINDS and len(paragraphs) > 1
    if title is None and first_line_is_title and len(paragraphs[0]) <= 300:
        title = paragraphs.pop(0)
    elif paragraphs and title and _same(paragraphs[0], title):
        paragraphs.pop(0)
    byline: dict[str, str] = {}
    if record.kind in PLAIN_KINDS:  # "By Carlos Mendez | Iberia Farm Weekly | 5 February 2024"
        paragraphs, byline = _header_byline(paragraphs)
    if subtitle and paragraphs and _same(paragraphs[0], subtitle):
        paragraphs.pop(0)
    elif subtitle is None and record.kind in PLAIN_KINDS and _looks_like_standfirst(paragraphs):
        subtitle = paragraphs.pop(0)

    body, found_captions, dropped, teasers = _sorted_paragraphs(paragraphs)
    captions.extend(found_captions)
    if title is None:
        first = body[0] if body else ""
        title = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
    text_body = "\n\n".join(body)
    if not text_body.strip():
        return Problem(
            record.location, "no article text left after removing the title, captions and teasers"
        )
    return Article(
        doc_id=record.doc_id,
        location=record.location,
        title=title,
        body=text_body,
        subtitle=subtitle,
        url=record.url,
        source=record.source or metadata.get("source") or byline.get("source"),
        published_at=record.published_at
        or metadata.get("published_at")
        or byline.get("published_at"),
        author=record.author or metadata.get("author") or byline.get("author"),
        category=record.category or metadata.get("category"),
        captions=captions,
        teasers=teasers,
        dropped=dropped,
    )


# A byline line at the top of a document: "By Tomas Berg, Nordland Post, 20 January 2024", "By
# Carlos Mendez | Iberia Farm Weekly | 5 February 2024", "By Ann Lee and Tom Ford" (not "By 2022,
# …": the names must be capitalised).
BYLINE = re.compile(r"^by\s+(?P<rest>[A-Z][^\n]{2,160})$", re.IGNORECASE)
NAME_PART = re.compile(
    r"^[A-Z][\w.'’-]+(?:[ -][A-Z][\w.'’-]+){0,3}(?:(?: and| &) [A-Z][\w.'’-]+(?:[ -][A-Z][\w.'’-]+){0,3})*$"
)


def _header_byline(paragraphs: list[str]) -> tuple[list[str], dict[str, str]]:
    """The paragraphs without the byline near the top, and what it gives: the author (the
    names after "By"), the outlet (a capitalised part after them) and the date (a part that
    reads as one); the same rules as a web page's byline, for files that have no header."""
    for index, paragraph in enumerate(paragraphs[:4]):
        match = BYLINE.match(paragraph)
        if match is None:
            continue
        parts = [p.strip() for p in re.split(r"\s*[|·•—–,]\s*", match.group("rest")) if p.strip()]
        if not parts or not NAME_PART.match(parts[0]):
            continue
        if paragraph.endswith("."):
            continue  # "By Tuesday, the river had risen." is a sentence
        found = {"author": parts[0]}
        for part in parts[1:]:
            day = iso_date(part) if re.search(r"\d", part) else None
            if day:
                found.setdefault("published_at", day)
            elif NAME_PART.match(part):
                found.setdefault("source", part)
            else:
                break  # a part that is neither a name nor a date: not a byline
        else:
            return [*paragraphs[:index], *paragraphs[index + 1 :]], found
    return paragraphs, {}


def _sorted_paragraphs(
    paragraphs: list[str],
) -> tuple[list[str], list[str], list[str], list[str]]:
    """The body's paragraphs, the photo captions among them, what is dropped (a "Similar
    articles" heading and the teasers under it: everything after it, in the page's second half)
    and, of that, the teasers (each once: a teaser's title is often repeated)."""
    body: list[str] = []
    captions: list[str] = []
    dropped: list[str] = []
    teasers: list[str] = []
    total = sum(len(p) for p in paragraphs)
    position = 0
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        if PAGE_JUNK.match(paragraph):
            dropped.append(paragraph)
        elif CAPTION.search(paragraph) and len(paragraph) <= 400:
            captions.append(paragraph)
        elif len(paragraph) <= 120 and TRAILER_HEADING.match(paragraph):
            if position >= total / 2:
                # A teaser list closing the page: everything after it is other stories.
                dropped.extend(paragraphs[index:])
                rest = [BULLET.sub("", p).strip() for p in paragraphs[index + 1 :]]
                teasers = list(dict.fromkeys(p for p in rest if p and not PAGE_JUNK.match(p)))
                break
            dropped.append(paragraph)
            while index + 1 < len(paragraphs) and _looks_like_teaser(paragraphs[index + 1]):
                index += 1
                dropped.append(paragraphs[index])
        else:
            body.append(paragraph)
        position += len(paragraph)
        index += 1
    return body, captions, dropped, teasers


def normalize_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no zero-width or control characters, no trailing blanks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\ud800-\udfff]", "", text)  # and lone surrogates
    text = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]", " ", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are lines; hard-wrapped lines (no closing punctuation, next one lower-case) are
    joined back, and runs of spaces are squashed so quotes and offsets stay simple."""
    paragraphs: list[str] = []
    wrapped = False
    for raw in text.split("\n"):
        line = re.sub(r" {2,}", " ", raw).strip()
        if not line:
            wrapped = False
            continue
        if wrapped and paragraphs and line[:1].islower() and not BULLET.match(line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        wrapped = not line.endswith(TERMINAL)
    return paragraphs


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().lower() == re.sub(r"\W+", " ", b).strip().lower()


def _looks_like_standfirst(paragraphs: list[str]) -> bool:
    """A short unpunctuated line right under the title, followed by a real paragraph."""
    if len(paragraphs) < 2:
        return False
    first, second = paragraphs[0], paragraphs[1]
    return (
        len(first) <= 250
        and len(first.split()) >= 5
        and not first.endswith(TERMINAL[:3])
        and not CAPTION.search(first)
        and (len(second) > len(first) or CAPTION.search(second) is not None)
    )


def _looks_like_teaser(paragraph: str) -> bool:
    return bool(BULLET.match(paragraph)) or (
        len(paragraph) <= 120 and not paragraph.endswith(TERMINAL[:3])
    )


FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
FRONT_MATTER_KEYS = {
    "title": "title",
    "subtitle": "subtitle",
    "description": "subtitle",
    "date": "published_at",
    "published_at": "published_at",
    "author": "author",
    "source": "source",
    "category": "category",
}


def strip_markdown(text: str) -> tuple[str, dict[str, str], list[str]]:
    """Markdown to plain text: front matter to metadata, images to captions, markup removed."""
    metadata: dict[str, str] = {}
    match = FRONT_MATTER.match(text)
    if match:
        for line in match.group(1).split("\n"):
            key, _, value = line.partition(":")
            target = FRONT_MATTER_KEYS.get(key.strip().lower())
            if target and value.strip():
                metadata[target] = value.strip().strip("\"'")
        text = text[match.end() :]
    captions = [alt.strip() for alt in re.findall(r"!\[([^\]]*)\]\([^)]*\)", text) if alt.strip()]
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", r"\n\2\n", text, flags=re.MULTILINE)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*(```|~~~).*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*([-*_]\s*){3,}$", "", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__)(\S(?:.*?\S)?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return text, metadata, captions
