"""The cleaner keeps only the article body; titles, standfirsts and captions become metadata and
teaser trailers disappear."""

from __future__ import annotations

from pathlib import Path

from ingest.models import Article
from ingest.readers.loaders import read_file
from ingest.text.clean import clean_record
from tests.conftest import MILIPOL, SEED_CORPUS, SURVEILLANCE


def load(path: Path, doc_id: str | None = None) -> Article:
    (record,) = list(read_file(path, doc_id or path.name, 10**8))
    article = clean_record(record)
    assert isinstance(article, Article), article
    return article


def test_seed_article_with_standfirst_caption_and_teasers():
    article = load(SEED_CORPUS / SURVEILLANCE)
    assert article.title == "China surveillance tech seeks global reach"
    assert article.subtitle == (
        "At Paris's Milipol fair, the country showcases non-lethal, but still worrisome "
        "military devices"
    )
    assert article.captions == [
        "Photo: Hytera Hytera Communications Corporation's stand few years ago."
    ]
    assert article.body.startswith("Chinese firms are omnipresent at a Paris homeland security")
    assert article.body.endswith('"they have fears that it impacts privacy."')
    for teaser_word in ("Similar articles", "SpaceX", "Starship", "chip makers", "Photo:"):
        assert teaser_word not in article.body
    assert article.dropped[0] == "Similar articles"


def test_seed_article_keeps_its_section_headings_in_the_body():
    article = load(SEED_CORPUS / MILIPOL)
    assert article.title == "Milipol Security Fair Sees Huge Influx of Chinese Firms"
    assert article.subtitle is None
    assert article.body.startswith("The Milipol security fair hosted this year in Paris")
    assert "Heavy Police Surveillance on the Mainland" in article.body
    assert "170 million cameras" in article.body


def test_html_page(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text("""<!doctype html><html><head>
<title>Drones at the fair | Example Times</title>
<meta name="description" content="Makers show their newest models">
<meta property="article:published_time" content="2019-11-20T09:30:00Z">
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Example Times">
<script>var tracking = "SECRET-SCRIPT";</script></head>
<body><nav>Home | World | Tech</nav>
<article><h1>Drones at the fair</h1>
<p>GDU sold <b>camera drones</b> to Thailand &amp; others.</p>
<figure><img src="d.jpg"><figcaption>Photo: a GDU drone / AFP</figcaption></figure>
<p>The drones can track up to 30 targets.<script>alert("x")</script></p>
<div class="related-stories"><h3>Related</h3><a href="/x">Rockets land</a></div>
</article><footer>Copyright</footer></body></html>""")
    article = load(page)
    assert article.title == "Drones at the fair"
    assert article.subtitle == "Makers show their newest models"
    assert article.published_at == "2019-11-20T09:30:00Z"
    assert article.author == "Jane Doe"
    assert article.source == "Example Times"
    assert article.captions == ["Photo: a GDU drone / AFP"]
    assert article.body == (
        "GDU sold camera drones to Thailand & others.\n\nThe drones can track up to 30 targets."
    )


def test_markdown_with_front_matter(tmp_path: Path):
    page = tmp_path / "story.md"
    page.write_text("""---
title: "Cameras everywhere"
date: 2019-11-21
source: Wire
---
# Cameras everywhere

![A camera on a pole](cam.jpg)

China has **176 million** cameras, says [IHS Markit](https://example.com).
""")
    article = load(page)
    assert article.title == "Cameras everywhere"
    assert article.source == "Wire"
    assert article.published_at == "2019-11-21"
    assert article.captions == ["A camera on a pole"]
    assert article.body == "China has 176 million cameras, says IHS Markit."


def test_a_teaser_box_in_the_middle_drops_only_the_teasers(tmp_path: Path):
    page = tmp_path / "story.txt"
    page.write_text(
        "A headline about ports\n\n"
        "The port handled 4 million containers last year, a record for the region.\n\n"
        "Read more\n\n"
        "• Shipping rates fall again\n\n"
        "The operator expects growth to continue into next year, its chief executive said.\n\n"
        "Analysts were less sure, pointing to weaker demand in Europe and rising costs.\n\n"
        "Officials will publish the full figures in March, after an audit of the books.\n"
    )
    article = load(page)
    assert "Shipping rates" not in article.body
    assert "Read more" not in article.body
    assert "its chief executive said." in article.body
    assert article.body.endswith("after an audit of the books.")


def test_page_junk_of_news_sites_is_dropped_and_the_article_kept(tmp_path: Path):
    """A CNN-style page as a text file: the dateline alone on its line, a video player's
    teaser, a slideshow's "Hide Caption" and newsletter promotions go; sentences that mention
    a video or a newsletter stay."""
    page = tmp_path / "cnn.txt"
    page.write_text(
        "Flood waters rise in Valencia\n\n"
        "Valencia CNN —\n\n"
        "Flood waters rose by two metres in Valencia on Tuesday, officials said.\n\n"
        "Video Ad Feedback Drone footage shows flooded streets in Spain 02:14 - Source: CNN\n\n"
        "Hide Caption\n\n"
        "Get our free weekly newsletter Sign up here to get the week's weather in your inbox.\n\n"
        "A video posted by residents showed cars swept along the main avenue.\n\n"
        "The town hall said its newsletter would list the shelters each morning.\n\n"
        "Read More\n"
    )
    article = load(page)
    assert article.body.split("\n\n") == [
        "Flood waters rose by two metres in Valencia on Tuesday, officials said.",
        "A video posted by residents showed cars swept along the main avenue.",
        "The town hall said its newsletter would list the shelters each morning.",
    ]
    assert "Valencia CNN —" in article.dropped and "Hide Caption" in article.dropped
