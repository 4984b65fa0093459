"""Lines an outlet prints on many of its pages ("Follow every game: Latest NFL Scores and
Schedules", "Here's what else you need to know…", "Thank you for supporting our journalism"):
dropped from every article of that outlet read in one ingest, as page junk is by its shape in
`ingest.text.clean`.

A line is the outlet's, not news, when it recurs word for word in at least `MIN_ARTICLES`
articles of the outlet with different headlines, published at least `MIN_SPAN_DAYS` apart (a
daily briefing repeats the week's news for a few days; a promotion runs for months), and is short
(`MAX_WORDS`): a long paragraph repeated is a story retold, and an answer may need it. Headings
of fewer than `MIN_WORDS` words ("Arizona", "Best picture") are kept: they label what follows.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date

from ingest.models import Article
from ingest.text.dates import iso_date

MIN_ARTICLES = 4
MIN_SPAN_DAYS = 30
MIN_WORDS = 4
MAX_WORDS = 40


def drop_outlet_lines(articles: list[Article]) -> list[Article]:
    """The articles, each without the lines its outlet repeats; an article that would be left
    with no text is kept whole."""
    repeated = outlet_lines(articles)
    if not repeated:
        return articles
    kept = []
    for article in articles:
        lines = repeated.get(article.source or "", set())
        paragraphs = article.body.split("\n\n")
        body = [p for p in paragraphs if p not in lines]
        if not body or len(body) == len(paragraphs):
            kept.append(article)
            continue
        dropped = [*article.dropped, *(p for p in paragraphs if p in lines)]
        kept.append(dataclasses.replace(article, body="\n\n".join(body), dropped=dropped))
    return kept


def outlet_lines(articles: list[Article]) -> dict[str, set[str]]:
    """Each outlet's repeated lines, by the rule in the module's docstring."""
    found: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in articles:
        if not article.source:
            continue
        for paragraph in set(article.body.split("\n\n")):
            if MIN_WORDS <= len(paragraph.split()) <= MAX_WORDS:
                found[article.source, paragraph].append(article)
    lines: dict[str, set[str]] = defaultdict(set)
    for (source, paragraph), carrying in found.items():
        if len({a.title for a in carrying}) >= MIN_ARTICLES and _spread(carrying):
            lines[source].add(paragraph)
    return dict(lines)


def _spread(articles: list[Article]) -> bool:
    """Whether the articles were published at least `MIN_SPAN_DAYS` apart; undated ones count
    as spread only when twice as many carry the line."""
    days = sorted(d for a in articles if (d := _day(a.published_at)) is not None)
    if len(days) < 2:
        return len(articles) >= 2 * MIN_ARTICLES
    return (days[-1] - days[0]).days >= MIN_SPAN_DAYS


def _day(published_at: str | None) -> date | None:
    """The day as the stored rows read it (`ingest.text.dates.iso_date`: any common notation)."""
    day = iso_date(published_at)
    return date.fromisoformat(day) if day else None
