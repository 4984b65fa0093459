"""Answers of the forms beyond one fact (`rag.forms`): what each form reads, then its composer.

An overview reads more passages than a fact (it should hear from every article about the
subject), or, for an article named by its title, that article's own passages; a list of the
articles that mention something reads every matching passage of the store; a question about an
article's header reads the stored metadata of the article it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from llama_index.core.schema import NodeWithScore
from llama_index.core.vector_stores.utils import build_metadata_filter_fn
from rapidfuzz import fuzz

from ingest.catalog import DocumentInfo
from ingest.settings import Settings
from ingest.store import Store
from rag import about, listing, overview
from rag.answer import Composition, Tools
from rag.forms import ABOUT_ARTICLE, NAMES_AN_ARTICLE, article_subject
from rag.models import Filters
from rag.question import Analysis
from rag.retrieve import to_metadata_filters

Search = Callable[[str, Filters, int], list[NodeWithScore]]


@dataclass
class Reading:
    """What composing a form needs from the engine."""

    store: Store
    documents: list[DocumentInfo]
    search: Search  # (text, filters, how many passages) -> passages, best first
    embed: Callable[[str], list[float]]
    tools: Tools
    settings: Settings


def compose_form(analysis: Analysis, filters: Filters, reading: Reading) -> Composition:
    subject = analysis.subject or ""
    if analysis.form == "articles":
        rows = reading.store.chunks_matching(listing.phrase_pattern(subject))
        admitted = to_metadata_filters(filters)
        if admitted is not None:  # the chat's article, outlet and date filters
            by_id = {r.id: r.metadata for r in rows}
            keep = build_metadata_filter_fn(lambda row_id: by_id[row_id], admitted)
            rows = [r for r in rows if keep(r.id)]
        catalog = {d.doc_id: d for d in reading.documents}
        return listing.mentioning(subject, rows, catalog)
    titled = titled_article(subject, reading.documents)
    if analysis.form in ABOUT_ARTICLE:
        topic = article_subject(subject)
        doc_id = titled.doc_id if titled else _best_article(topic, filters, reading)
        metadata = reading.store.document_metadata(doc_id) if doc_id else None
        if metadata is None:
            return Composition("refused", form=analysis.form)
        if analysis.form == "photo":
            return about.captions(metadata)
        return about.about(analysis.form, metadata)
    settings = reading.settings
    topic = article_subject(subject)
    if titled is None and NAMES_AN_ARTICLE.search(subject):  # "What is the Lyon article about?"
        doc_id = _best_article(topic, filters, reading)
        titled = next((d for d in reading.documents if d.doc_id == doc_id), None)
    if titled is not None:  # "What does 'China surveillance tech seeks global reach' report?"
        scope = Filters(doc_ids=[titled.doc_id])
        hits = reading.search(titled.title, scope, MAX_PASSAGES_PER_ARTICLE)
        vector = reading.embed(titled.title)
        return overview.overview(titled.title, vector, hits, reading.tools, settings, True)
    hits = reading.search(topic, filters, 2 * settings.top_k)
    return overview.overview(topic, reading.embed(topic), hits, reading.tools, settings)


MAX_PASSAGES_PER_ARTICLE = 60


def titled_article(subject: str, documents: list[DocumentInfo]) -> DocumentInfo | None:
    """The article whose title the subject gives (in quotes or not, give or take a typo)."""
    wanted = _plain(article_subject(subject))
    if len(wanted.split()) < 3:
        return None
    best = max(
        (d for d in documents if d.title and not d.duplicate_of),
        key=lambda d: fuzz.ratio(wanted, _plain(d.title)),
        default=None,
    )
    return best if best is not None and fuzz.ratio(wanted, _plain(best.title)) >= 85 else None


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _best_article(topic: str, filters: Filters, reading: Reading) -> str | None:
    hits = reading.search(topic, filters, 1)
    return hits[0].node.metadata.get("doc_id") if hits else None
