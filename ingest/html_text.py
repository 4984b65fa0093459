"""Turn a news web page into paragraphs of text plus its metadata.

Hand-written on the standard library's tolerant `html.parser` rather than trafilatura: on short
pages trafilatura flattens the article into one line (losing the paragraph breaks the cleaner and
the citations rely on) and keeps figure captions inside the body, while what a news page needs is
small: the article's blocks in order, captions and teaser boxes set apart, scripts never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

SKIPPED_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "canvas",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "head",
}
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "figure",
    "address",
    "summary",
    "details",
}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"}
# Class or id words that mark teaser boxes, share bars and the like inside an article.
BOILERPLATE_ATTR = re.compile(
    r"\b(related|recommend\w*|similar|read-?more|more-?stories|teaser|promo|share|social|"
    r"newsletter|subscribe|advert\w*|ads?|comments?|sidebar|breadcrumbs?|cookie\w*)\b",
    re.IGNORECASE,
)
META_FIELDS = {
    "description": "subtitle",
    "og:description": "subtitle",
    "og:title": "title",
    "twitter:title": "title",
    "author": "author",
    "article:author": "author",
    "article:published_time": "published_at",
    "date": "published_at",
    "pubdate": "published_at",
    "publishdate": "published_at",
    "dc.date": "published_at",
    "og:site_name": "source",
    "article:section": "category",
    "og:url": "url",
}


@dataclass
class HtmlArticle:
    paragraphs: list[str]
    title: str | None = None
    h1: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    captions: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = HtmlArticle(paragraphs=[])
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, skipping, caption)
        self._current: list[str] = []
        self._caption: list[str] = []
        self._title: list[str] = []
        self._h1: list[str] = []
        self._in_title = False

    @property
    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    @property
    def _in_caption(self) -> bool:
        return bool(self._stack) and self._stack[-1][2]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._read_meta(attributes)
            return
        if tag == "time" and attributes.get("datetime"):
            self.result.times.append(attributes["datetime"])
        if tag == "title":
            self._in_title = True
            return
        if tag in BLOCK_TAGS:
            self._end_paragraph()
        if tag in VOID_TAGS:
            return
        marker = f"{attributes.get('class', '')} {attributes.get('id', '')}"
        skipping = (
            self._skipping
            or tag in SKIPPED_TAGS
            or (tag not in {"body", "html"} and bool(BOILERPLATE_ATTR.search(marker)))
        )
        caption = self._in_caption or tag == "figcaption"
        self._stack.append((tag, skipping, caption))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in VOID_TAGS:
            return
        # Close up to the matching open tag; broken pages leave tags unclosed.
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                was_caption = self._stack[depth][2]
                del self._stack[depth:]
                if tag == "figcaption" or (was_caption and not self._in_caption):
                    self._end_caption()
                break
        if tag in BLOCK_TAGS:
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
            return
        if self._skipping:
            return
        if self._in_caption:
            self._caption.append(data)
            return
        if any(tag == "h1" for tag, _, _ in self._stack):
            self._h1.append(data)
        self._current.append(data)

    def _read_meta(self, attributes: dict[str, str]) -> None:
        name = (attributes.get("property") or attributes.get("name") or "").lower()
        content = attributes.get("content", "").strip()
        target = META_FIELDS.get(name)
        if target and content and target not in self.result.meta:
            self.result.meta[target] = unescape(content)

    def _end_paragraph(self) -> None:
        text = _squash("".join(self._current))
        if text:
            self.result.paragraphs.append(text)
        self._current = []

    def _end_caption(self) -> None:
        text = _squash("".join(self._caption))
        if text:
            self.result.captions.append(text)
        self._caption = []

    def close(self) -> None:
        super().close()
        self._end_paragraph()
        self._end_caption()
        self.result.title = _squash("".join(self._title)) or None
        self.result.h1 = _squash("".join(self._h1)) or None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse_html(markup: str) -> HtmlArticle:
    parser = _ArticleParser()
    parser.feed(markup)
    parser.close()
    return parser.result
