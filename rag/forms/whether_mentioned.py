"""Whether an article mentions something: "Does the second article mention 5G at all?", "Does the
first piece talk about Huawei?": **Yes** with the article's sentence that does, or **No**.

A No here is said of the article's words, not of the world: every stored passage of the article
is searched for the words (`rag.forms.listing`), so its silence is a fact about it ("never
mentions"), not a guess from a keyword; the articles that do mention it follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ingest.store.catalog import DocumentInfo
from rag.extractive.answer import Composition
from rag.forms import listing
from rag.forms.about import header_candidate
from rag.forms.which_article import within_named_article
from rag.models import Filters

if TYPE_CHECKING:
    from rag.forms import Reading


def answer(
    question: str, subject: str, found: Composition, filters: Filters, reading: Reading
) -> Composition:
    """The yes or no for the article the question names (`within_named_article`), or for the
    articles in scope when it names none; which article, asked when no one matches."""
    if EITHER.search(subject) or (found.intro and "none uses" in found.intro):
        return found  # "Hytera or Norinco", or a word no article uses left out: listed, no verdict
    # "5G and IoT": a passage naming each is a yes; none is no no, as each may be named apart.
    several = SEVERAL.search(subject) is not None
    if EVERY.search(question):  # "Do both articles mention Amnesty?": a no unless each does
        said = every_one(replace(found), listing.admitted_articles(reading.documents, filters))
        if several and "**No**" in (said.intro or ""):
            return found
        if (found.intro or "").startswith(listing.WORDS_APART) and not found.abstained:
            said.intro = f'**Yes**: each article mentions each word of "{subject}" in one passage:'
        return said
    scoped = within_named_article(question, filters, reading, "articles")
    if isinstance(scoped, Composition):
        return scoped
    named = [d for d in reading.documents if scoped is not filters and d.doc_id in scoped.doc_ids]
    article = named[0] if named else None
    said = whether(subject, replace(found), article, reading.store.document_metadata)
    return found if several and "**No**" in (said.intro or "") else said


# The quantifier right after the verb: "Do both articles…", not "mention every Chinese firm?".
EVERY = re.compile(r"^\s*(?:do|does|did)\s+(?:both|all|each|every)\b", re.I)
SEVERAL = re.compile(r"\s(?:or|and)\s|,", re.I)
EITHER = re.compile(r"\sor\s", re.I)


def every_one(found: Composition, scope: list[DocumentInfo] | None) -> Composition:
    """Yes when every article in scope mentions it; no, naming those that do not, when some do
    not; as listed when which articles are in scope is the search's to say (an outlet, dates)."""
    if found.abstained or not found.intro or scope is None:
        return found
    mentioning = {c.doc_id for c in found.chosen}
    rest = [d for d in scope if d.doc_id not in mentioning]
    word = "No" if rest else "Yes"
    found = listing.with_the_rest(found, scope, Filters(doc_ids=[d.doc_id for d in scope]))
    found.intro = f"**{word}**: {found.intro}"
    return found


def whether(
    subject: str,
    found: Composition,
    article: DocumentInfo | None,
    metadata_of: Callable[[str], dict[str, Any] | None],
) -> Composition:
    """`found`, the articles that mention `subject` (the listing's answer), worded as a yes or a
    no for `article`, the one the question names; for no article named, a yes when any does."""
    if article is None:
        if not found.abstained and found.intro:
            found.intro = f"**Yes**: {found.intro}"
        return found
    title = f'"{article.title or article.doc_id}"'
    kept = [
        (candidate, note)
        for candidate, note in zip(
            found.chosen, found.notes or [""] * len(found.chosen), strict=True
        )
        if candidate.doc_id == article.doc_id
    ]
    if not found.abstained and kept:
        found.chosen, found.notes = [c for c, _ in kept], [n for _, n in kept]
        said = f'"{subject}"{listing.named_otherwise(subject, found.chosen)}'
        if (found.intro or "").startswith(listing.WORDS_APART):
            said = f'each word of "{subject}" in one passage'
        found.intro = f"**Yes**: {title} mentions {said}:"
        return found
    never = f'**No**: {title} never mentions "{subject}"'
    if not found.abstained and found.chosen:
        others = len(found.chosen)
        found.intro = f"{never}; {others} other article{'s' if others > 1 else ''} {'do' if others > 1 else 'does'}:"
        return found
    metadata = metadata_of(article.doc_id)
    if metadata is None:
        return Composition("refused", form="articles", intro=f"{never}.")
    header = header_candidate(metadata)
    items = [(article.title or article.doc_id, 0)]
    return Composition(
        "answer",
        [header],
        form="headers",
        intro=f"{never}, nor does any other article:",
        items=items,
    )
