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
from rag.questions.forms import IT_IS_ARTICLE

if TYPE_CHECKING:
    from rag.forms import Reading


def answer(
    question: str, subject: str, found: Composition, filters: Filters, reading: Reading
) -> Composition:
    """The yes or no for the article the question names (`within_named_article`), or for the
    articles in scope when it names none; which article, asked when no one matches."""
    if EITHER.search(subject) or listing.left_words_out(found):
        return found  # "Hytera or Norinco", or a word no article uses left out: listed, no verdict
    question = CLEFT.sub(lambda m: f"Does {m[1] or 'the '}{m[2]} mention ", question)
    # "5G and IoT": a passage naming each is a yes; without one, each is looked for on its own.
    several = SEVERAL.search(subject) is not None
    items = _items(subject) if several else []
    if EVERY.search(question):  # "Do both articles mention Amnesty?": a no unless each does
        scope = listing.admitted_articles(reading.documents, filters)
        said = every_one(replace(found), scope)
        if several and (found.abstained or "**No**" in (said.intro or "")):
            return each_item(subject, items, scope, filters, reading) if items and scope else found
        if (found.intro or "").startswith(listing.WORDS_APART) and not found.abstained:
            said.intro = f'**Yes**: each article mentions each word of "{subject}" in one passage:'
        return said
    scoped = within_named_article(question, filters, reading, "articles")
    if isinstance(scoped, Composition):
        return scoped
    named = [d for d in reading.documents if scoped is not filters and d.doc_id in scoped.doc_ids]
    article = named[0] if named else None
    said = whether(subject, replace(found), article, reading.store.document_metadata)
    if several and (found.abstained or "**No**" in (said.intro or "")):
        # "Does the second article mention Hytera and Norinco?": each name in a passage of its own.
        return (
            each_item(subject, items, [article] if article else None, filters, reading)
            if items
            else found
        )
    return said


# "Is it the second article that covers …?": asked as "Does the second article mention …?".
CLEFT = re.compile(rf"^\s*{IT_IS_ARTICLE}\w+(?: about| up| to| on| with)? ", re.I)
# The quantifier right after the verb: "Do both articles…", not "mention every Chinese firm?".
EVERY = re.compile(r"^\s*(?:do|does|did)\s+(?:both|all|each|every)\b", re.I)
SEVERAL = re.compile(r"\s(?:or|and)\s|,", re.I)
EITHER = re.compile(r"\sor\s", re.I)
# "Hytera, GDU and Norinco": the items of a list of things to look for, each a few words.
ITEM_BREAK = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.I)
MAX_ITEMS, MAX_ITEM_WORDS = 5, 4


def _items(subject: str) -> list[str]:
    """The things a question asks to be mentioned together, each looked for on its own; none
    when the subject is no short list ("the trade war and its effect on exports")."""
    items = [re.sub(r"^(?:the|a|an)\s+", "", i, flags=re.I) for i in ITEM_BREAK.split(subject)]
    items = [i for i in items if i]
    if not 2 <= len(items) <= MAX_ITEMS or any(len(i.split()) > MAX_ITEM_WORDS for i in items):
        return []
    return items


def each_item(
    subject: str,
    items: list[str],
    scope: list[DocumentInfo] | None,
    filters: Filters,
    reading: Reading,
) -> Composition:
    """Yes when every article of `scope` mentions each item, in any of its passages; no, naming
    what one of them never mentions. With no scope (no article named), yes when each item is
    mentioned somewhere. Each mention cited once, noted with its item."""
    found = [listing.listed(i, reading.store, reading.documents, filters) for i in items]
    # A part found only by leaving one of its words out ("none uses …") is not found.
    found = [Composition("refused") if listing.left_words_out(f) else f for f in found]
    where = [{c.doc_id for c in f.chosen} for f in found]
    unseen = [i for i, ids in zip(items, where, strict=True) if not ids]
    lacking = [(None, unseen)] if unseen else []
    for document in scope or []:  # what each article lacks that another says, in one clause
        left = [
            i for i, ids in zip(items, where, strict=True) if ids and document.doc_id not in ids
        ]
        lacking += [(document, left)] if left else []
    mentions = [
        (candidate, f' (on "{item}")')
        for item, part in zip(items, found, strict=True)
        for candidate in part.chosen
    ]
    kept = {d.doc_id for d in scope} if scope is not None else None
    shown = [(c, note) for c, note in mentions if kept is None or c.doc_id in kept]
    listed = " and ".join(f'"{i}"' for i in items)
    if not lacking:
        who = _titles(scope) if scope is not None else "The articles"
        verb = "mentions" if scope is not None and len(scope) == 1 else "mention"
        intro = f"**Yes**: {who} {verb} each of {listed}:"
        chosen, notes = [c for c, _ in shown], [n for _, n in shown]
        return Composition("answer", chosen, form="articles", intro=intro, notes=notes)
    said = "; ".join(
        f"{_titles([d])} never mentions {_either(left)}"
        if d
        else f"no article mentions {_either(left)}"
        for d, left in lacking
    )
    said = said[0].upper() + said[1:]
    if not mentions:  # none anywhere: the article's header, or nothing to quote
        if scope and len(scope) == 1:
            return whether(
                subject, Composition("refused"), scope[0], reading.store.document_metadata
            )
        return Composition("refused", form="articles", intro=f"**No**: {said}.")
    if not shown:  # "…; where other articles do:"
        said += "; where other articles do"
        shown = mentions
    chosen, notes = [c for c, _ in shown], [n for _, n in shown]
    return Composition("answer", chosen, form="articles", intro=f"**No**: {said}:", notes=notes)


def _either(items: list[str]) -> str:
    return " or ".join(f'"{i}"' for i in items)


def _titles(documents: list[DocumentInfo]) -> str:
    return " and ".join(f'"{d.title or d.doc_id}"' for d in documents)


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
