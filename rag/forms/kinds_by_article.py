"""Which article names more of a kind: "Which article goes into more detail on individual
companies?", "Which piece names specific companies and which doesn't?", "Which of the articles
quotes actual people, and who?".

Such a question compares how the articles cover a kind of name, not what they say about a topic:
a search for "individual companies" finds the sentences that use those words, not the ones that
name GDU or Hytera. So each article in scope is read whole, the names of the kind it gives are
listed as the names form lists them (`rag.forms.named`: firms by what the articles call them,
people by their quotations), and the article naming most comes first, with its count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from llama_index.core.schema import NodeWithScore

from ingest.store.catalog import DocumentInfo
from rag.extractive.answer import Composition, Tools, candidates
from rag.forms import listing, named, things
from rag.models import Filters
from rag.questions.nouns import NOUN_KIND
from rag.words import text as lang

# Exhibitors at a fair, the outlets' "players": companies, for this question.
AS_COMPANIES = {"exhibitor": "companies", "exhibitors": "companies"}
NOUNS = "|".join(
    sorted({*NOUN_KIND, *AS_COMPANIES} - {"quoted", "cited", "interviewed"}, key=len)[::-1]
)
# A kind asked for name by name: "individual companies", "specific firms", "actual people",
# "names more companies", "quotes the most people", "companies by name".
ONE_BY_ONE = re.compile(
    rf"\b(?:individual|specific|particular|actual|real|named)\s+(?:\w+\s+)?(?P<noun>{NOUNS})\b"
    rf"|\b(?:names?|quotes?|cites?|mentions?|lists?|interviews?)\s+(?:more|fewer|the most|most)\s+"
    rf"(?:\w+\s+)?(?P<counted>{NOUNS})\b"
    rf"|\b(?P<by_name>{NOUNS})\s+(?:by name|directly)\b",
    re.IGNORECASE,
)
# Who speaks in each: "Which article quotes named individuals, and which quotes nobody?",
# "quotes company reps", "who gets to speak in each?".
QUOTED_PEOPLE = re.compile(
    r"\b(?:quotes?|quoting|quoted)\s+(?:(?:any|named|actual|real|company|firm|individual|"
    r"specific|more|fewer|the most|most)\s+){0,2}(?:people|individuals|persons|reps|"
    r"representatives|spokes(?:men|women|people|persons?)|officials|executives|sources|anyone|"
    r"anybody|nobody|no one)\b|\bwho (?:gets|get) to (?:speak|talk)\b",
    re.IGNORECASE,
)
# The question is about the articles: which of them, or each.
OF_ARTICLES = re.compile(
    r"\b(?:which|what)\s+(?:of the\s+(?:two\s+)?)?(?:article|piece|story|one|report)s?\b"
    r"|\bwhich of the two\b"
    r"|\b(?:each|either|both)(?: (?:article|piece|story|report|one)s?)?\b"
    r"|\bthe two (?:articles|pieces|stories|reports)\b",
    re.IGNORECASE,
)
QUOTING = re.compile(r"\b(?:quotes?|quoting|quoted|cites?|interview(?:s|ed)?)\b", re.IGNORECASE)
AFTER = set(lang.terms("who which doesn't does not isn't other than only one them"))
FEW = 3  # articles compared at most: a larger library has no "which article" to answer


def asked_kind(question: str) -> tuple[str, bool] | None:
    """The kind of name a question compares the articles on ("companies") and whether it asks
    for the people quoted, or None when it asks something else."""
    if not OF_ARTICLES.search(question):
        return None
    found = ONE_BY_ONE.search(question)
    if QUOTED_PEOPLE.search(question) and (found is None or QUOTING.search(question)):
        return "people", True
    # "… individual companies and which doesn't?", not "… specific companies banned by the US?":
    # a kind narrowed by what follows is a list on a topic (`rag.forms.named`).
    if found is None or set(lang.terms(question[found.end() :])) - named.LIST_WORDS - AFTER:
        return None
    noun = next(g for g in (found["noun"], found["counted"], found["by_name"]) if g).lower()
    if not (noun.endswith("s") or noun == "people"):
        return None  # "quote the Norinco rep by name": one person, asked about
    return AS_COMPANIES.get(noun, noun), bool(QUOTING.search(question))


def by_article(
    question: str,
    documents: list[DocumentInfo],
    filters: Filters,
    passages_of: Callable[[list[str]], list[NodeWithScore]],
    tools: Tools,
) -> Composition | None:
    """Each article's names of the kind asked, the article naming most first, or, asked for
    things of each article ("What tech does each article highlight?"), its things
    (`rag.forms.things.by_article`); None when the question asks neither, or more than `FEW`
    articles, or an unknown set of them under an outlet or dates, are in scope."""
    asked = asked_kind(question)
    scope = listing.admitted_articles(documents, filters)
    if scope is None or not 2 <= len(scope) <= FEW:
        return None
    if asked is None:  # "What tech does each article highlight?": things, not names
        return (
            things.by_article(question, scope, passages_of)
            if OF_ARTICLES.search(question)
            else None
        )
    noun, quoted = asked
    lists = [
        (d, named.named(noun, quoted, candidates(passages_of([d.doc_id])), tools)) for d in scope
    ]
    lists.sort(key=lambda pair: -len(pair[1].items))  # stable: ties keep the library's order
    chosen, items, lines = [], [], []
    for document, listed in lists:
        names = [name for name, _ in listed.items]
        shown = f"{len(names)} ({', '.join(names)})" if names else "no quotes" if quoted else "none"
        lines.append(f'- "{document.title or document.doc_id}": {shown}')
        items += [(name, index + len(chosen)) for name, index in listed.items]
        chosen += listed.chosen
    what = f"{named.plural(noun)} quoted" if quoted else f"{named.plural(noun)} named"
    intro = f"The {what} in each article, the most first:\n" + "\n".join(lines)
    if not items:
        return Composition("refused", form="entities", intro=f"No article has {what}.")
    return Composition("answer", chosen, form="entities", intro=intro, items=items)
