"""Who and what the articles name: the distinct companies, people or places of the passages read,
each cited once at its first mention, the most widely named first; or the people quoted.

Entities come from the labels stored at ingest (`ingest.text.entities`), so a list over a small
collection reads every passage without running the model.
"""

from __future__ import annotations

import math
import re

from rag.extractive import spans
from rag.extractive.anonymity import ANONYMOUS
from rag.extractive.answer import Composition, Tools
from rag.extractive.candidates import Candidate
from rag.extractive.referents import referred
from rag.extractive.scoring import pool_entities
from rag.forms.quotes import QUOTATION, SPEECH
from rag.questions.analysis import country_forms
from rag.questions.nouns import NOUN_KIND
from rag.words import nlp, places
from rag.words import text as lang

COMPANY_NOUNS = set(
    "company companies firm firms business businesses maker makers manufacturer manufacturers "
    "brand brands exhibitor exhibitors".split()
)
# What the articles call a firm, around its name: "firm Norinco", "maker Huawei", "GDU, which
# makes", "Hytera Communications Corporation", "sales manager at GDU".
FIRM_NAME = r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}"
FIRM_CUES = [
    re.compile(
        r"\b(?:firm|company|maker|manufacturer|giant|group|supplier|provider|vendor|start-?up)"
        rf"\s+(?P<name>{FIRM_NAME})"
    ),
    re.compile(rf"\b(?P<name>{FIRM_NAME}),\s+which\s+(?:makes|sells|builds|produces|develops)\b"),
    re.compile(
        rf"\b(?P<name>{FIRM_NAME}\s+(?:Corporation|Corp|Inc|Ltd|Limited|LLC|GmbH|SA|AG|plc|"
        r"Group|Holdings|Technologies|Communications))\b"
    ),
    re.compile(
        rf"\b(?:manager|director|executive|chief|head|spokesman|spokeswoman|engineer)\s+(?:at|of)"
        rf"\s+(?P<name>{FIRM_NAME})"
    ),
]


# A news outlet is a newspaper's or a wire's name ("the New York Times", "Reuters"): what the
# articles say of a name ("Tesla reported record sales", "according to the World Bank") does
# not tell an outlet from a firm or an agency.
OUTLET_NOUNS = set(
    "outlet outlets newspaper newspapers paper papers publication publications media".split()
)
NEWSY = re.compile(
    r"\b(?:Times|Post|Journal|Herald|Tribune|Guardian|Telegraph|Gazette|News|Daily|Chronicle|"
    r"Reuters|AFP|Agence France-Presse|Bloomberg|Associated Press|Xinhua|BBC|CNN)\b"
)


# A story's sources are the people it quotes and the bodies it cites: "according to …", "market
# research firm IHS Markit estimating …", "documents released by the New York Times" (not
# "Norinco, reportedly the largest …" or "Huawei found a new market").
SOURCE_NOUNS = {"source", "sources"}
CITED_BY = re.compile(
    r"\b(?:according to|released by|published by|reported by|compiled by|cited by)\s+(?:the\s+)?$",
    re.I,
)
CITING = re.compile(
    r"^\W{0,2}\s*(?:estimat(?:es|ed|ing)|reports?|reported(?!ly)|said|says|found that|"
    r"finds that|predict(?:s|ed|ing)|forecast(?:s|ed|ing)?|publish(?:es|ed)|released|stated|"
    r"told|warn(?:s|ed))\b",
    re.I,
)
# Politicians are the people news names with an office ("President Joe Biden", "Senator Jane
# Roe", "the mayor, Jo Bloggs"); anyone else named is not one.
POLITICIAN_NOUNS = {"politician", "politicians", "lawmaker", "lawmakers"}
OFFICE = re.compile(
    r"\b(?i:president|senator|sen\.|congress(?:wo)?man|minister|premier|governor|mayor|"
    r"chancellor|mp|lawmaker|legislator|politician)\W+(?:[A-Z][\w.'’-]*\s+){0,2}$"
)


def asked_noun(question: str, noun: str | None) -> str:
    """The kind of names asked for: "outlets" for "newspapers" or "news organisations" (not
    for "organisations … - research firms, newspapers, NGOs"), else the noun."""
    if not noun:
        return ""
    if noun.lower() in OUTLET_NOUNS or noun.lower().endswith((" outlet", " outlets")):
        return "outlets"
    return (
        "outlets" if re.search(rf"\b(?:news|media)\s+{re.escape(noun)}\b", question, re.I) else noun
    )


def _as_outlets(sentence: str, entities: tuple[nlp.Entity, ...]) -> list[nlp.Entity]:
    """The sentence's names of news outlets, as organisations, labelled or not."""
    kept = [
        nlp.Entity(e.start, e.end, e.text, "organisation") for e in entities if NEWSY.search(e.text)
    ]
    for name in re.finditer(FIRM_NAME, sentence):
        inside = any(e.start <= name.start() < e.end for e in kept)
        if NEWSY.search(name.group(0)) and not inside:
            kept.append(nlp.Entity(name.start(), name.end(), name.group(0), "organisation"))
    return kept


def firm_names(sentence: str) -> list[str]:
    """The names a sentence calls firms."""
    return [m.group("name").rstrip(".") for cue in FIRM_CUES for m in cue.finditer(sentence)]


def _as_firms(sentence: str, entities: tuple[nlp.Entity, ...], firms: set[str]) -> list[nlp.Entity]:
    """The sentence's names that some sentence read calls a firm, as organisations: labelled
    ones (whatever the label: the small model calls "Hytera" a place) and those only a cue
    finds."""

    def is_firm(text: str) -> bool:
        plain = text.lower()
        return any(
            plain == f or f.startswith(plain + " ") or plain.startswith(f + " ") for f in firms
        )

    kept = [nlp.Entity(e.start, e.end, e.text, "organisation") for e in entities if is_firm(e.text)]
    covered = {(e.start, e.end) for e in kept}
    for name in firm_names(sentence):
        start = sentence.find(name)
        if not any(a <= start < b for a, b in covered):
            kept.append(nlp.Entity(start, start + len(name), name, "organisation"))
            covered.add((start, start + len(name)))
    return kept


# Two nouns of one kind asked for together ("cities and regions") ask for every name of it.
EVERY_OF_KIND = {"place": "places", "person": "people", "organisation": "organisations"}


# Places asked for by what they are: "which countries" wants France, not Paris or Xinjiang;
# "which cities" wants Paris, not France or Xinjiang (a place the table does not know is left
# out: the table holds every country and every city of 50,000 people or more); "which countries
# or blocs" wants the EU too.
def together(noun: str, other: str, kind: str) -> str:
    """Two nouns of one kind asked for together: two kinds of place the table tells apart
    ("countries or blocs"), or else every name of the kind ("cities and regions": places)."""
    both = f"{noun} and {other}"
    return both if len(places.asked_kinds(both)) == 2 else EVERY_OF_KIND.get(kind, noun)


# The words of a question that ask for a list, not what it is a list of: "which countries are
# mentioned in the articles?" has no topic; "in which countries did Hytera acquire firms?" has.
LIST_WORDS = set(
    lang.terms(
        "name named names mention mentioned mentions list listed appear appears come comes up "
        "cited referenced refer feature featured include included every all both two across first "
        "second third article articles story stories piece pieces any other different describe "
        "described discuss discussed connection relation regard"
    )
)


def topic_weights(question: str, noun: str, titles: list[str], tools: Tools) -> dict[str, float]:
    """The question's words beyond asking for a list of `noun`s and naming an article (`titles`:
    those of the articles it names), by idf: what the listed names must be said with ("Hytera
    acquire firms")."""
    kind_words = {t for w in NOUN_KIND for t in lang.terms(w)} | set(lang.terms(noun))
    title_words = {t for title in titles for t in lang.terms(title)}
    # "Chinese companies", "places in China": where the names are from qualifies the kind; a
    # sentence that says "China" is no test of it.
    origin = {t for w in lang.WORD.findall(question) if _a_place(w) for t in lang.terms(w)}
    asked = set(lang.terms(question)) - LIST_WORDS - kind_words - title_words - origin
    return tools.weights(asked)


def _a_place(word: str) -> bool:
    """A country, continent or city, or its people ("China", "Chinese", "European"), written
    as a name or not at all: "china" typed in lower case, never "in"; a people in lower case
    only of a country or continent ("the chinese companies", not "sales" for Sale)."""
    if len(word) < 3 or word.lower() in lang.STOPWORDS:
        return False
    if places.kinds(word):
        return True
    if word[:1].isupper():  # "Chinese", "Thai"
        return any(places.kinds(name) for name in country_forms(word.lower()))
    # In lower case only a people's regular ending, of a country or continent ("chinese",
    # "canadian", "european"): "use" is not the US, nor "chili" Chile.
    lands = {"country", "continent"}
    people = LOWER_PEOPLE.search(word) is not None
    return people and any(places.kinds(name) & lands for name in country_forms(word))


LOWER_PEOPLE = re.compile(r"^\w{3,}(?:ese|ian|ean)$")


def on_topic(pool: list[Candidate], weights: dict[str, float]) -> list[Candidate]:
    """The sentences that say most of the question's topic (with the sentences they refer back
    to: "The company … acquired firms in Britain" after Hytera is named), when some do; every
    sentence otherwise."""
    total = math.fsum(weights.values())
    if not total:
        return pool
    earlier = {c.text: c.context for c in pool}
    kept = []
    for candidate in pool:
        said = set(lang.terms(f"{referred(candidate, earlier)} {candidate.text}"))
        if math.fsum(weights[t] for t in lang.covered(set(weights), said)) >= TOPIC_SHARE * total:
            kept.append(candidate)
    return kept or pool


def on_topic_list(
    noun: str,
    quoted: bool,
    pool: list[Candidate],
    on_topic_pool: list[Candidate],
    tools: Tools,
    read: str | None,
    aside: frozenset[str],
) -> Composition:
    """The names of the kind said with the question's topic (`on_topic`), or the whole list
    when the topic's words narrowed it to one name or none ("companies whose stands at Milipol
    are described")."""
    listed = named(noun, quoted, on_topic_pool, tools, read, aside)
    if len(listed.items) < 2 and on_topic_pool is not pool:
        listed = named(noun, quoted, pool, tools, read, aside)
    return listed


PLURAL = {
    "company": "companies",
    "country": "countries",
    "city": "cities",
    "person": "people",
    "legislation": "laws",  # a mass noun: "name no laws", "1 law named"
}
MOST = 15
TOPIC_SHARE = 0.6  # of the topic's weight, a sentence must say this much to be on it


# "the countries outside China", "firms other than Huawei": names the question sets aside.
SET_ASIDE = re.compile(
    r"\b(?i:outside(?: of)?|apart from|aside from|besides|other than|except(?: for)?|excluding|"
    r"beyond|not counting)\s+(?P<names>[A-Z][\w&.'’-]*(?:(?:\s+|\s*,\s*|\s+(?:and|or)\s+)[A-Z][\w&.'’-]*)*)"
)


def set_aside(question: str) -> frozenset[str]:
    """The names a list question sets aside, normalised as names are listed."""
    found = [m.group("names") for m in SET_ASIDE.finditer(question)]
    names = [name for group in found for name in lang.listed(group)]
    return frozenset(nlp.normalise(n, "") for n in names)


def named(
    noun: str,
    quoted_only: bool,
    pool: list[Candidate],
    tools: Tools,
    read: str | None = None,
    excluded: frozenset[str] = frozenset(),
) -> Composition:
    """The distinct entities of the kind `noun` asks for ("companies" -> organisations), each
    with the sentence that first names it, but the `excluded` names the question sets aside
    ("outside China", `set_aside`); with `quoted_only`, the people who speak in a
    quotation. Companies are the names the articles call firms ("GDU, which makes…",
    "state-owned firm Norinco", "Hytera Communications Corporation"), not every organisation
    label: a trade fair, a charity and the EU are not companies. Countries and cities are told
    apart by the places table (`rag.words.places`)."""
    place = places.asked_kinds(noun)
    kind = NOUN_KIND.get(noun.lower()) or ("place" if place else "organisation")
    # Organisations "cited as sources" are those named: a quotation has a person's voice.
    quoted_only = quoted_only and kind == "person"
    firms_only = noun.lower() in COMPANY_NOUNS
    outlets_only = noun.lower() in OUTLET_NOUNS
    sources = noun.lower() in SOURCE_NOUNS  # "What sources are cited …?" too
    found: dict[str, tuple[nlp.Entity, Candidate, set[str]]] = {}
    labelled = pool_entities(pool, tools.entities)
    firms = {name.lower() for c in pool for name in firm_names(c.text)}
    said = " ".join(c.text for c in pool)
    for candidate, entities in zip(pool, labelled, strict=True):
        speaking = QUOTATION.search(candidate.text) and SPEECH.search(candidate.text)
        if outlets_only:
            entities = tuple(_as_outlets(candidate.text, entities))
        elif firms_only:
            entities = _as_firms(candidate.text, entities, firms)
        elif kind == "organisation":  # "company SpaceX", whatever the recogniser labelled it
            entities = (*entities, *_as_firms(candidate.text, (), firms))
        if quoted_only and speaking and noun.lower() not in POLITICIAN_NOUNS:
            entities = (*entities, *_unnamed_speaker(candidate.text))
        for entity in entities:
            if entity.kind == "person" and _a_people(entity.text, said):
                entity = nlp.Entity(entity.start, entity.end, entity.text, "group")
            if "bloc" in place and places.kinds(entity.text) == {"bloc"}:  # the EU, an "ORG"
                entity = nlp.Entity(entity.start, entity.end, entity.text, "place")
            cited = sources and entity.kind == "organisation" and _cited(candidate.text, entity)
            if (entity.kind != kind and not cited) or (
                quoted_only
                and not cited
                and (not speaking or _inside_quotation(candidate.text, entity))
            ):
                continue
            if kind == "person" and not cited and entity.text.lower() in firms:
                continue  # "US high-tech company SpaceX" is no person, whatever its label
            if noun.lower() in POLITICIAN_NOUNS and not OFFICE.search(
                candidate.text[: entity.start]
            ):
                continue
            if place and not places.kinds(entity.text) & place:
                continue
            key = nlp.normalise(entity.text, entity.kind)
            if any(spans.same_answer(key, name) for name in excluded):
                continue
            home = next((k for k in found if spans.same_answer(key, k)), None)
            if home is None:
                found[key] = (entity, candidate, {candidate.doc_id})
            else:
                found[home][2].add(candidate.doc_id)
    if not found:
        return Composition(
            "refused",
            form="entities",
            intro=f"{read or 'The passages read'} "
            + ("quote no one." if quoted_only else f"name no {plural(noun.lower())}."),
        )
    ranked = sorted(found.values(), key=lambda f: (-len(f[2]), f[1].rank, f[1].start))[:MOST]
    chosen = list({id(c): c for _, c, _ in ranked}.values())
    noun = plural(noun.lower()) if len(ranked) > 1 else singular(plural(noun.lower()))
    what = f"{noun} cited" if sources else f"{noun} quoted" if quoted_only else f"{noun} named"
    return Composition(
        "answer",
        chosen,
        form="entities",
        intro=f"{len(ranked)} {what}:",
        items=[(entity.text, chosen.index(c)) for entity, c, _ in ranked],
    )


# Reported speech: "The human rights group stated that they constituted torture devices".
REPORTED = re.compile(r"\b(?:said|says|stated|states|told|claimed|claims|argued|warned)\s+that\b")
REPORTED_SHOWN = 3
# Who is quoted, of no narrower kind ("which politicians are quoted" asks for politicians).
ANYONE = {"quoted", "people", "persons", "sources", "individuals"}


def reported(pool: list[Candidate], read: str | None) -> Composition | None:
    """Asked who is quoted where no one speaks in quotation marks, what the passages report was
    said ("… stated that they constituted torture devices"), in reading order; None when they
    report nothing said either."""
    saying = {
        (c.doc_id, c.start): (c, verb)
        for c in pool
        if (verb := REPORTED.search(c.text)) and not QUOTATION.search(c.text)
    }
    if not saying:
        return None
    told = [saying[key] for key in sorted(saying)][:REPORTED_SHOWN]
    # Each under who said it, as the sentence calls them: "The human rights group".
    items = [
        (c.text[: verb.start()].strip(" ,") or "Reported", i) for i, (c, verb) in enumerate(told)
    ]
    intro = f"{read or 'The passages read'} quote no one directly; they report what was said:"
    chosen = [c for c, _ in told]
    return Composition("answer", chosen, form="entities", intro=intro, items=items)


# "… said a representative of the state-owned firm who asked that his name not be used": a
# source quoted without a name, listed by how the article describes them.
UNNAMED_SPEAKER = re.compile(
    r"\b(?:said|says|told \w+|added|explained)\s+(?P<who>(?:an?|one|the)\s+[^,\"“”]{3,60}?)"
    r",?\s+who\s+(?:asked|requested|declined|did not want|spoke on)\b",
    re.IGNORECASE,
)


def _unnamed_speaker(sentence: str) -> tuple[nlp.Entity, ...]:
    """The speaker of a quotation who withheld a name, as a person described."""
    found = UNNAMED_SPEAKER.search(sentence)
    if found is None or not ANONYMOUS.search(sentence):
        return ()
    text = f"{found['who']} (unnamed)"
    return (nlp.Entity(found.start("who"), found.end("who"), text, "person"),)


def _cited(text: str, entity: nlp.Entity) -> bool:
    """The organisation is cited as a source where the sentence names it."""
    before, after = text[max(0, entity.start - 24) : entity.start], text[entity.end :]
    return bool(CITED_BY.search(before) or CITING.match(after))


# "China's Uighur minority", "one million Uighurs": a people the small model labels a person.
PEOPLE_AFTER = r"(?:minority|minorities|community|communities|people|population|Muslims)"


def _a_people(name: str, text: str) -> bool:
    """A one-word "person" the articles write in the plural or before a word for a people."""
    if " " in name.strip() or len(name.strip()) < 4:  # "Ye" is no people for "Yes"
        return False
    word = re.escape(name.strip())
    return bool(re.search(rf"\b{word}s\b|\b{word}\s+{PEOPLE_AFTER}\b", text))


def plural(noun: str) -> str:
    """ "companies" for "company", "people" for "quoted" (who is quoted: people)."""
    if NOUN_KIND.get(noun) == "person" and noun in {"quoted", "interviewed", "cited"}:
        return "people"
    if NOUN_KIND.get(noun) == "group":  # "which minority groups": groups
        return "groups"
    plural_already = noun.endswith(("s", "men", "people"))  # "businessmen", "businesspeople"
    return PLURAL.get(noun, noun if plural_already else f"{noun}s")


def singular(noun: str) -> str:
    """ "1 outlet named", not "1 outlets": "companies" -> "company", "people" -> "person"."""
    if noun.endswith("people"):  # "businesspeople"
        return f"{noun[:-6]}person"
    if noun.endswith("men"):  # "businessmen"
        return f"{noun[:-3]}man"
    if noun.endswith("ies"):
        return f"{noun[:-3]}y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _inside_quotation(sentence: str, entity: nlp.Entity) -> bool:
    """ "It's the Silicon Valley of China," said Yolen Ye: China is in the quotation, Yolen Ye
    is the speaker."""
    return any(m.start() <= entity.start < m.end() for m in QUOTATION.finditer(sentence))


def quoted_wording(question: str) -> bool:
    return bool(re.search(r"\b(?:quoted|interviewed|cited|speak|spoke)\b", question, re.I))
