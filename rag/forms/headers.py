"""Questions about the articles themselves: who wrote one, when, for which outlet, under which
title, its section headings and its photo captions. Each is answered from what ingest kept of
the article's header and captions (`rag.forms.about`), for the article the question names or,
asked of the articles ("the headlines of the articles"), for each of them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from llama_index.core.schema import NodeWithScore

from ingest.store.catalog import DocumentInfo
from rag.extractive.answer import Composition
from rag.forms import about
from rag.forms.sections import covering, named_section, section_summary
from rag.forms.which_article import matched_article, placed_in, titled_article
from rag.forms.which_article import which_article as which_article_of
from rag.models import Filters
from rag.questions.analysis import Analysis
from rag.questions.forms import (
    EACH_ARTICLE,
    NAMES_AN_ARTICLE,
    NTH_SECTION,
    SECTION_COVERING,
    SECTION_PLACE,
    article_subject,
)
from rag.words import text as lang

if TYPE_CHECKING:
    from rag.forms import Reading

# "the headlines of the articles", "who wrote these stories": each article's, not one.
EVERY_ARTICLE = re.compile(
    r"\b(?:articles|stories|pieces|reports|headlines|titles|authors|bylines|outlets|headings|"
    r"sections|subtitles)\b",
    re.I,
)
EACH_LISTED = 10
# Words for the photo itself, which say nothing of what it shows or where it ran.
PICTURED = set(lang.terms("photo photos caption captions picture pictures image images pic shot"))
WHICH_ARTICLE = re.compile(
    r"\bwhich (?:of the )?(?:two |both )?(?:articles?|pieces?|stories)\b", re.I
)


def header_of_each(form: str, filters: Filters, reading: Reading) -> Composition:
    """The asked header field of every article the filters admit, newest first (the first
    `EACH_LISTED` of a large library, which the answer says)."""
    admitted = admitted_articles(filters, reading)
    admitted.sort(key=lambda d: (d.date or "", d.doc_id), reverse=True)
    if form == "sections":
        return sections(admitted[:EACH_LISTED], reading)
    shown = [m for d in admitted[:EACH_LISTED] if (m := reading.store.document_metadata(d.doc_id))]
    return about.about_each(form, shown, len(admitted))


def admitted_articles(filters: Filters, reading: Reading) -> list[DocumentInfo]:
    """The articles the filters admit, a copy stored once counted once."""
    admitted = [d for d in reading.documents if not d.duplicate_of]
    if filters.doc_ids:
        admitted = [d for d in admitted if d.doc_id in filters.doc_ids]
    if filters.sources:
        admitted = [d for d in admitted if d.source in filters.sources]
    return admitted


def sections(
    documents: list[DocumentInfo], reading: Reading, hits: list[NodeWithScore] | None = None
) -> Composition:
    """The section headings of each article, from one read of their stored passages (`hits`,
    when read already)."""
    if hits is None:
        hits = reading.passages_of([d.doc_id for d in documents])
    return about.sections(
        [
            (d.title or d.doc_id, [h for h in hits if h.node.metadata.get("doc_id") == d.doc_id])
            for d in documents
        ]
    )


NTH = re.compile(rf"\b{NTH_SECTION}", re.I)


def nth_section(question: str, listed: Composition) -> Composition:
    """The one heading the question asks for by its place ("the title of the last section"),
    of an article's headings listed in reading order; all of them when it asks for none."""
    asked = NTH.search(question)
    if asked is None or listed.outcome != "answer":
        return listed
    said = next(w for w in asked.group(0).lower().split() if w in SECTION_PLACE)
    place = SECTION_PLACE[said]
    if place >= len(listed.chosen):  # "the fourth section" of three: all three, said so
        listed.intro = f"There is no {said}: {listed.intro[0].lower()}{listed.intro[1:]}"
        return listed
    chosen = listed.chosen[place]
    word = next(w for w, at in SECTION_PLACE.items() if at == place)  # "closing": "last"
    intro = f"The {word} of {listed.intro[0].lower()}{listed.intro[1:]}"
    return Composition("answer", [chosen], form="headers", intro=intro, items=[(chosen.text, 0)])


def photos(question: str, analysis: Analysis, filters: Filters, reading: Reading) -> Composition:
    """The captions of every article that show the subject ("Which photo shows Hytera's
    stand?"), those of the article the question names ("the photo of the Lyon article"), or with
    neither, or asked which article has one, every caption there is ("What does the photo
    caption say?", "Which of the articles carries a photo?")."""
    subject, shown, metadata = analysis.subject or "", None, None
    if not set(lang.terms(subject)) - PICTURED:
        subject = ""  # "When was the photo in the caption taken?" names no article or topic
    if (
        subject
        and not titled_article(subject, reading.documents)
        and not NAMES_AN_ARTICLE.search(subject)
    ):
        metadata = reading.store.documents_metadata()
        shown = about.photos_showing(subject, metadata, reading.tools.idf)
    if shown is None and (
        WHICH_ARTICLE.search(question)  # "Which of the articles carries a photo?"
        or (not subject and placed_in(question, reading.documents, reading.passages_of) is None)
    ):
        if metadata is None:  # read once, only on the paths that use it
            metadata = reading.store.documents_metadata()
        shown = about.every_caption(metadata, filters.doc_ids)
    return shown or header(question, analysis, filters, reading)


def header(question: str, analysis: Analysis, filters: Filters, reading: Reading) -> Composition:
    """Who wrote an article, when, for which outlet, under which title (or its captions): from
    the stored header of the article the question names, or else the best match."""
    subject = analysis.subject or ""
    section = named_section(question) if analysis.form == "sections" else None
    if section and (summary := section_summary(section, filters, reading)):
        return summary  # "Which article has the section 'US Trade Bans…'?": the section itself
    titled = titled_article(subject, reading.documents) or placed_in(
        question, reading.documents, reading.passages_of
    )
    topic = re.sub(r"^each$", "", article_subject(subject), flags=re.I)  # "… of each article"
    every = EVERY_ARTICLE.search(question) or EACH_ARTICLE.search(question)  # "… each article"
    if (
        analysis.form == "sections"
        and titled is None
        and not topic
        and SECTION_COVERING.search(question)
    ):
        admitted = admitted_articles(filters, reading)[:EACH_LISTED]  # "what section deals with …"
        hits = reading.passages_of([d.doc_id for d in admitted])
        return covering(question, sections(admitted, reading, hits), hits, reading.tools)
    if titled is None and not topic and analysis.form != "photo" and every:
        return header_of_each(analysis.form, filters, reading)
    if titled is None and analysis.form == "subtitle" and not topic:
        titled = _only_subtitled(filters, reading)  # "What does the standfirst say?"
    if titled is None:
        titled, others, several = matched_article(topic, filters, reading)
        if titled is None:
            return which_article_of(topic, others, several, analysis.form)
    if analysis.form == "sections":
        hits = reading.passages_of([titled.doc_id])
        listed = nth_section(question, sections([titled], reading, hits))
        return covering(question, listed, hits, reading.tools)
    metadata = reading.store.document_metadata(titled.doc_id)
    if metadata is None:
        return Composition("refused", form=analysis.form)
    subhead = re.search(r"\bsub-?head", question, re.I)  # not "standfirst", "tagline"
    if analysis.form == "subtitle" and subhead and not metadata.get("subtitle"):
        shown = sections([titled], reading)  # "its subheading": no standfirst, but sections
        if shown.outcome == "answer":
            return shown
    if analysis.form == "photo":
        return about.captions(metadata)
    return about.about(analysis.form, metadata)


def _only_subtitled(filters: Filters, reading: Reading) -> DocumentInfo | None:
    """The one article the filters admit that has a subtitle, when only one has: a question about
    "the standfirst" that names no article can mean no other (one that names an article is asked
    of it, `matched_article`)."""
    admitted = admitted_articles(filters, reading)
    if len(admitted) > EACH_LISTED:
        return None  # each article's header is one read of the store: not for a whole archive
    subtitled = [
        d for d in admitted if (reading.store.document_metadata(d.doc_id) or {}).get("subtitle")
    ]
    return subtitled[0] if len(subtitled) == 1 else None
