"""Answers of the forms beyond one fact (`rag.questions.forms`): what each form reads, then its composer.

An overview reads more passages than a fact (it should hear from every article about the
subject), or, for an article named by its title, that article's own passages; a list of the
articles that mention something reads every matching passage of the store; a question about an
article's header reads the stored metadata of the article it is about.

The answer forms, one module each (overview, listing, named, coverage, disagreements, quotes,
about, sections, layout, teasers, timeline), entered here (`COMPOSERS`). May import:
`rag.extractive`, `rag.retrieval`, `rag.models`, `rag.questions`, `rag.words`, `ingest`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from llama_index.core.schema import NodeWithScore

from ingest.settings import Settings
from ingest.store import Store
from ingest.store.catalog import DocumentInfo
from rag.extractive import changes
from rag.extractive.answer import Composition, Tools, candidates
from rag.forms import (
    agreement,
    coverage,
    disagreements,
    headers,
    kinds_by_article,
    layout,
    lengths,
    listing,
    named,
    overview,
    quotes,
    teasers,
    things,
    timeline,
    tone,
    whether_mentioned,
)
from rag.forms.in_other_words import closest_in_meaning, looked_for_by_meaning
from rag.forms.sections import named_section, section_summary
from rag.forms.summary import article_summary, asks_end_or_lede, lede
from rag.forms.teasers import from_teasers, outlets_credited
from rag.forms.which_article import (
    NAMED_ARTICLE,
    QUOTED_TITLE,
    article_reference,
    matched_article,
    named_or_placed,
    placed_in,
    quoted_title,
    referred,
    titled_article,
    topic_in_named_article,
    within_named_article,
)
from rag.forms.which_article import which_article as which_article_of
from rag.models import Filters
from rag.questions.analysis import Analysis, names_in, topic_names, unknown_names
from rag.questions.form_sense import framed_subject, framing
from rag.questions.forms import (
    ABOUT_ARTICLE,
    ALL_ARTICLES,
    ARTICLE,
    NAMES_AN_ARTICLE,
    article_subject,
)
from rag.questions.nouns import NOUN_KIND
from rag.words import places
from rag.words import text as lang

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

    def passages_of(self, doc_ids: list[str]) -> list[NodeWithScore]:
        """Every stored passage of these articles, read once."""
        return listing.stored_hits(self.store.chunks_of(doc_ids))


def compose_form(
    question: str, analysis: Analysis, filters: Filters, reading: Reading
) -> Composition | None:
    """None when the form has nothing of its own to show (no quotation): answered as a fact."""
    known = reading.tools.vocabulary
    asks_names = analysis.form not in {"articles", "teasers"}  # other stories' names are new
    if asks_names and known and (unknown := unknown_names(question, known)):
        return Composition("refused", unknown=unknown)  # "What happened at the Farnborough…?"
    if analysis.form in {"compare", "articles", "entities"} and (
        each := kinds_by_article.by_article(
            question, reading.documents, filters, reading.passages_of, reading.tools
        )
    ):
        return each  # "Which article names more individual companies?"
    composer = COMPOSERS.get(analysis.form, _overview)
    return composer(question, analysis, filters, reading)


Composer = Callable[[str, Analysis, Filters, Reading], "Composition | None"]


def _articles_mentioning(
    question: str, analysis: Analysis, filters: Filters, reading: Reading
) -> Composition | None:
    subject = analysis.subject or ""
    if analysis.kind == "yesno" and _quotation_not_title(question, reading):
        return None  # "Did 'this is a safe country' refer to Xinjiang?": a fact about a quotation
    found = listing.listed(subject, reading.store, reading.documents, filters)
    if analysis.kind == "yesno":  # "Does the second article mention 5G at all?"
        return whether_mentioned.answer(question, subject, found, filters, reading)
    if (
        not found.abstained
        or found.unknown
        or not looked_for_by_meaning(subject)
        or unknown_names(subject, reading.tools.vocabulary)
    ):
        return found  # found, or a clause or a name: not looked for by meaning
    hits = reading.search(subject, filters, 2 * reading.settings.retrieval.top_k)
    said = closest_in_meaning(subject, hits, reading.tools.embed, reading.embed(subject))
    return said or found


def _quotation_not_title(question: str, reading: Reading) -> bool:
    """The question quotes words that are no article's title, and names no article otherwise."""
    return (
        QUOTED_TITLE.search(question) is not None
        and quoted_title(question, reading.documents) is None
        and not ARTICLE_NOUN.search(question)
    )


ARTICLE_NOUN = re.compile(rf"\b{ARTICLE}\b", re.I)


def _disagreeing(
    question: str, analysis: Analysis, filters: Filters, reading: Reading
) -> Composition:
    subject = analysis.subject or ""
    # "the camera count in the Huge Influx piece": the articles named are where, not what; but
    # "the Amnesty story" no title tells is a topic ("tell the Amnesty story the same way?").
    titles = [set(lang.terms(d.title or "")) for d in reading.documents]
    for reference in NAMED_ARTICLE.finditer(question):
        words = referred(reference)
        named = set(lang.terms(words))
        if named and any(named <= title for title in titles):
            subject = re.sub(rf"\b{re.escape(words)}\b", " ", subject, flags=re.I)
    topic = framed_subject(article_subject(subject)) if subject.strip() else ""  # not "anything"
    known = reading.tools.vocabulary  # a typo of a request word is none the articles use
    topic = " ".join(w for w in topic.split() if not framing(w, articles=False, vocabulary=known))
    return _disagreements(question, topic, filters, reading)


def _names(
    question: str, analysis: Analysis, filters: Filters, reading: Reading
) -> Composition | None:
    """The people, places or organisations of a kind the question names, each quoted; within
    the article it names, if it names one ("who is quoted in the surveillance article?")."""
    if outlets_credited(question, analysis):  # "…, Reuters reported" in a teaser credits it too
        return from_teasers(question, analysis, filters, reading)
    scoped = within_named_article(question, filters, reading)
    if isinstance(scoped, Composition):
        return scoped
    hits = _passages(question, "", scoped, reading)
    if thing := things.asked(question, analysis.subject or ""):  # not the firms that show them
        return things.listed(thing, candidates(hits))  # None: answered as a fact
    titles = [d.title for d in reading.documents if d.doc_id in scoped.doc_ids and d.title]
    read = f'The passages read of "{titles[0]}"' if scoped is not filters and titles else None
    named_titles = titles if scoped is not filters else []  # "… in the Milipol article"
    asked = named.SET_ASIDE.sub(" ", question)  # what is set aside is not the topic
    noun, quoted = named.asked_noun(question, analysis.subject), named.quoted_wording(question)
    # "the cities and regions": two kinds asked for, neither of them the topic.
    pair = re.search(rf"\b{re.escape(noun)}\s+(?:and|or|&)\s+(\w+)", asked, re.I) if noun else None
    if pair and (kind := NOUN_KIND.get(pair.group(1).lower())):
        asked = asked.replace(pair.group(0), noun)
        if kind == NOUN_KIND.get(noun.lower()):
            noun = named.together(noun, pair.group(1), kind)
    topic = named.topic_weights(asked, analysis.subject or "", named_titles, reading.tools)
    pool = candidates(hits)
    on_topic = named.on_topic(pool, topic)
    placed = NOUN_KIND.get(noun.lower()) == "place" or places.asked_kinds(noun)
    if analysis.kind == "place" and not placed:
        noun = "places"  # "Where have these firms sold?": places, not the firms
    if noun.lower() in {"quotes", "quotations"}:  # "What quotes are in …?": the people quoted
        noun, quoted = "quoted", True
    aside = named.set_aside(question)  # "the countries outside China"
    listed = named.on_topic_list(noun, quoted, pool, on_topic, reading.tools, read, aside)
    if listed.outcome == "refused" and quoted and noun in named.ANYONE:  # "any quotes in …?"
        return named.reported(pool, read) or listed
    if listed.outcome == "refused" and not quoted and not aside:  # a teaser's, said to be one
        return teasers.named_instead(noun, listed, scoped, reading) or listed
    return listed


def _compared(question: str, analysis: Analysis, filters: Filters, reading: Reading) -> Composition:
    if parts := layout.asked_parts(question):
        return layout.compared(parts, filters, reading)  # "Compare the two headlines"
    asked = coverage.asks(question)
    toned = tone.asks(question)  # "Which article is harsher in tone toward China?"
    both = coverage.pair(question, reading.documents) if asked or toned else None
    topic = article_subject(analysis.subject or "")
    # "Do both articles cover the Xinjiang crackdown?" is a comparison on that topic.
    if both and (toned or (asked and (asked in {"only", "each"} or not topic))):  # read them whole
        one, other = (coverage.sentences(reading.passages_of([d.doc_id])) for d in both)
        titles = (both[0].title, both[1].title)
        if toned:
            headers = [reading.store.document_metadata(d.doc_id) for d in both]
            return tone.compared(one, other, titles, headers)
        return coverage.compared(asked, question, one, other, reading.tools, titles)
    if not filters.doc_ids and (sides := coverage.side_by_side(topic, reading)):
        return sides  # "How do the two articles differ?": each summarised, side by side
    return _comparison(question, topic or question, filters, reading)


def _quotations(
    question: str, analysis: Analysis, filters: Filters, reading: Reading
) -> Composition | None:
    if quotes.asks_for_a_thing(question):
        return None  # a fact: "What accuracy rate does Norinco claim?"
    scoped = within_named_article(question, filters, reading)
    if isinstance(scoped, Composition):
        return scoped
    hits = reading.search(question, scoped, reading.settings.retrieval.top_k)
    said = quotes.said_by(question, analysis.subject or "", hits, reading.passages_of)
    if said is not None:
        return said
    return quotes.quotes(analysis.subject or "", question, hits, reading.tools, reading.settings)


# An overview of names of a kind one by one: "the individual companies profiled", "the people
# quoted" (not "the Chinese firms at the fair": what is said of them).
NAMED_KINDS = r"companies|firms|people|persons|countries|organi[sz]ations|officials|experts|brands"
ONE_BY_ONE = re.compile(
    rf"^(?:the\s+)?(?:(?:individual|specific|particular|various|different)\s+(?P<noun>{NAMED_KINDS})"
    rf"|(?P<noun2>{NAMED_KINDS})\s+(?:profiled|featured|named|mentioned|quoted|spotlighted))\b",
    re.I,
)


def _overview(question: str, analysis: Analysis, filters: Filters, reading: Reading) -> Composition:
    """What the articles say about a subject; about one article, named by its title; or, with
    no subject ("Summarise the articles"), across all of them."""
    settings = reading.settings
    if asks_end_or_lede(question) and (article := named_or_placed(question, filters, reading)):
        return lede(reading.passages_of([article.doc_id]), question)  # "the second one's lede"
    subject = analysis.subject or ""
    topic = framed_subject(article_subject(subject))  # "everything in the collection": ""
    if not topic:
        # The articles the question reads, when they are few: each summarised from its lede.
        library = [d.doc_id for d in reading.documents if not d.duplicate_of]
        placed = placed_in(question, reading.documents, reading.passages_of)  # "the second one"
        scope = filters.doc_ids or (library if filters.is_empty() else [])
        scope = [placed.doc_id] if placed and placed.doc_id in scope else scope
        if 0 < len(scope) <= FEW_ARTICLES:
            passages = reading.passages_of(scope)
            return article_summary(passages, reading.tools, settings.answer.overview_sentences)
        hits = _passages(question, "", filters, reading)
        return overview.overview(
            question, reading.embed(question), hits, reading.tools, settings, True
        )
    if one_by_one := ONE_BY_ONE.match(subject):  # "an overview of the individual companies …"
        listed = analysis.model_copy(
            update={"form": "entities", "subject": one_by_one["noun"] or one_by_one["noun2"]}
        )
        if (names := _names(question, listed, filters, reading)) and not names.abstained:
            return names
    section = named_section(question)  # "summarise the trade bans section"
    if section is not None and (summary := section_summary(section, filters, reading)):
        return summary
    asked = topic_in_named_article(question)  # of words no article uses ("main thrust"): none
    if asked and not filters.doc_ids and reading.tools.weights(set(lang.terms(asked[1]))):
        # "What does the surveillance tech article say about GDU?": GDU, in that article.
        scoped = within_named_article(question, filters, reading, "overview")
        if isinstance(scoped, Composition):
            return scoped
        topic = asked[1]
        hits = reading.search(topic, scoped, 2 * settings.retrieval.top_k)
        return overview.overview(topic, reading.embed(topic), hits, reading.tools, settings)
    titled = titled_article(subject, reading.documents) or placed_in(
        question, reading.documents, reading.passages_of
    )
    named = article_reference(question)  # "the main thrust of the surveillance tech piece"
    one = NAMES_AN_ARTICLE.search(subject) and not ALL_ARTICLES.search(question)
    if titled is None and (one or named):
        topic = topic if one or not named else named
        titled, others, several = matched_article(topic, filters, reading)
        if titled is None:
            return which_article_of(topic, others, several, "overview")
    if titled is not None and not set(lang.terms(topic)) - set(lang.terms(titled.title or "")):
        # "What does 'China surveillance tech seeks global reach' report?": the whole article.
        hits = reading.passages_of([titled.doc_id])
        return article_summary(hits, reading.tools, settings.answer.overview_sentences)
    # A topic, within the article named ("the uighur stuff in the second article") or not.
    if titled is not None:
        scope = Filters(doc_ids=[titled.doc_id])
    else:
        scope = listing.naming(topic, filters, reading.store)
    hits = reading.search(topic, scope, 2 * settings.retrieval.top_k)
    composed = overview.overview(topic, reading.embed(topic), hits, reading.tools, settings)
    return overview.each_named(composed, names_in(question))  # "GDU, Hytera and Norinco"


FEW_ARTICLES = 3  # "summarise the articles" of a library this small: each article summarised
SCAN_WHOLE_INDEX = 400  # passages: a collection this small is read whole for disagreements


def _disagreements(question: str, topic: str, filters: Filters, reading: Reading) -> Composition:
    """Over the topic's passages, or over every passage of a small index when none is given."""
    settings = reading.settings
    whole = not topic and filters.is_empty()
    rows = reading.store.some_chunks(SCAN_WHOLE_INDEX + 1) if whole else []
    if whole and len(rows) > SCAN_WHOLE_INDEX:  # too large to read whole: pairs on one story
        disputes = []
        # The closest dispute of each pair of articles alike: one per story.
        for pair in disagreements.same_topic_pairs(reading.store):
            pool = candidates(reading.passages_of(list(pair)))
            disputes += disagreements.find(pool, reading.tools, settings)[:1]
        disputes = disagreements.closest(disputes, reading.tools)
        disputes = disputes[: settings.answer.overview_sentences]
    else:
        hits = listing.stored_hits(rows) if whole else _passages(question, topic, filters, reading)
        disputes = disagreements.find(candidates(hits), reading.tools, settings)
    if topic:  # "on how many companies are at Milipol": not the camera count beside it
        disputes = [pair for pair in disputes if disagreements.about(pair, topic, reading.tools)]
    on_topic = f" about {topic}" if topic else ""
    none = f"No two articles read here give different figures or dates{on_topic}."
    if not disputes and topic:  # "do they agree on …?": what each says, for the reader to judge
        compared = _comparison(question, topic, filters, reading)
        if not compared.abstained:
            # Its disputes, if any, are over other figures than the topic's, and said to be.
            other = " They differ on another figure, shown after." if compared.disputes else ""
            compared.intro = f"{none}{other} What each says:"
            return agreement.with_verdict(question, compared, False, topic, reading.tools)
    if not disputes:
        return Composition("refused", form="disagreements", intro=none)
    chosen = list({id(s.candidate): s.candidate for pair in disputes for s in pair}.values())
    changed = sum(changes.over_time(a.candidate, b.candidate) for a, b in disputes)
    disputed = len(disputes) - changed
    count = f"{disputed} point{'s' if disputed != 1 else ''}"
    moved = f"{changed} figure{'s' if changed != 1 else ''} changed over time"
    if not changed:
        intro = f"The articles disagree{on_topic} on {count}:"
    elif not disputed:
        intro = f"The articles do not disagree{on_topic}, but {moved} (oldest first):"
    else:
        intro = f"The articles disagree{on_topic} on {count}, and {moved}:"
    found = Composition("answer", chosen, form="disagreements", intro=intro, disputes=disputes)
    return agreement.with_verdict(question, found, bool(disputed), topic, reading.tools)


def _passages(question: str, topic: str, filters: Filters, reading: Reading) -> list[NodeWithScore]:
    """Every passage of a small index when the question gives no topic and no filter; else the
    best passages for the topic (or the question)."""
    if not topic and filters.is_empty():
        rows = reading.store.some_chunks(SCAN_WHOLE_INDEX + 1)
        if len(rows) <= SCAN_WHOLE_INDEX:
            return listing.stored_hits(rows)
    return reading.search(topic or question, filters, 3 * reading.settings.retrieval.top_k)


def _comparison(question: str, topic: str, filters: Filters, reading: Reading) -> Composition:
    """What each article says about the topic, up to three sentences each (`compare_sentences`),
    and where they disagree: by meaning against the question, by words against the topic."""
    topic, aside = overview.set_aside(topic)  # "besides the 2017 stall": not that
    settings = reading.settings
    titled = [titled_article(t, reading.documents) for t in QUOTED_TITLE.findall(question)]
    titled_ids = sorted({d.doc_id for d in titled if d is not None})
    whole = len(titled_ids) >= 2  # "Compare 'A' and 'B'": each is heard from, on what it says
    if whole:
        filters = filters.model_copy(update={"doc_ids": titled_ids})
        rest = re.sub(r"^\s*compare\b|\band\b", " ", QUOTED_TITLE.sub(" ", question), flags=re.I)
        topic = article_subject(rest) or question
        named_ids: list[str] = []
    else:
        naming = listing.naming(topic, filters, reading.store)
        named_ids = naming.doc_ids if naming is not filters else []  # narrowed to those naming it
        filters = naming
    hits = overview.without(reading.search(topic, filters, 2 * settings.retrieval.top_k), aside)
    vector = reading.embed(overview.set_aside(question)[0])
    composed = overview.overview(topic, vector, hits, reading.tools, settings, whole, compared=True)
    composed.form = "compare"
    if composed.abstained:
        return composed
    names = [n for n in topic_names(topic) if lang.terms(n)]
    if named_ids:
        composed.intro = coverage.never_named(names, named_ids, reading.documents)
    composed.chosen = overview.each_heard(composed.chosen, composed.pool, names)
    composed.summarised = len(composed.chosen)
    quoted = {id(c) for c in composed.chosen}
    composed.disputes = [  # about what the comparison quotes, not elsewhere in the articles
        pair
        for pair in disagreements.find(composed.pool, reading.tools, settings)
        if id(pair[0].candidate) in quoted or id(pair[1].candidate) in quoted
    ][:2]
    for pair in composed.disputes:
        composed.chosen.extend(s.candidate for s in pair if s.candidate not in composed.chosen)
    return composed


def _length(question: str, analysis: Analysis, filters: Filters, reading: Reading) -> Composition:
    scope = listing.admitted_articles(reading.documents, filters)
    metadata = reading.store.document_metadata
    return lengths.which_is(analysis.subject or "", scope, reading.passages_of, metadata)


def _timeline(question: str, analysis: Analysis, filters: Filters, reading: Reading) -> Composition:
    topic = framed_subject(article_subject(analysis.subject or "")) or question
    hits = reading.search(
        topic, listing.naming(topic, filters, reading.store), 3 * reading.settings.retrieval.top_k
    )
    composed = timeline.timeline(topic, reading.embed(topic), hits, reading.tools, reading.settings)
    if not composed.abstained:
        composed.intro = f"What happened with {topic}, oldest first:"
    return composed


COMPOSERS: dict[str, Composer] = {
    "teasers": from_teasers,
    "articles": _articles_mentioning,
    "disagreements": _disagreeing,
    "entities": _names,
    "compare": _compared,
    "quote": _quotations,
    "photo": headers.photos,
    "timeline": _timeline,
    "length": _length,
    **dict.fromkeys(ABOUT_ARTICLE - {"photo"}, headers.header),
}
"""Each form's composer (`rag.questions.forms` names the forms); any other form is an overview."""
