"""Answer spans: what the reader proposes inside candidate sentences (`rag.extractive.reading`),
grouped into versions ("Tampa, Florida" in three articles, "Glendale, Arizona" in one), scored,
and checked for a disagreement between sources."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from rag.extractive.times import NOT_TITLES, years_stated
from rag.questions.analysis import names_in
from rag.words import nlp
from rag.words import text as lang

if TYPE_CHECKING:
    from rag.extractive.candidates import Candidate


@dataclass
class Span:
    """A candidate answer inside a candidate sentence."""

    candidate: Candidate
    entity: nlp.Entity
    key: str
    fit: float  # how well its kind fits the question's (1 = exactly)
    closeness: float  # 1 when next to the question's focus words, less further away
    score: float = 0.0
    probability: float = 0.0  # the reader's, among the spans of its window and "no answer"

    @property
    def text(self) -> str:
        return self.entity.text

    @property
    def start(self) -> int:
        """Offset in the cleaned article."""
        return self.candidate.start + self.entity.start

    @property
    def end(self) -> int:
        return self.candidate.start + self.entity.end


@dataclass
class Version:
    """One answer, as every span that gives it."""

    key: str
    spans: list[Span] = field(default_factory=list)
    score: float = 0.0

    @property
    def best(self) -> Span:
        return max(self.spans, key=lambda s: s.score)

    @property
    def lead(self) -> Span:
        """The fullest spelling among its strong spans: "May 15, 2012" rather than "2012"."""
        top = self.best.score
        strong = [s for s in self.spans if s.score >= top - 0.15]
        return max(strong, key=lambda s: (len(s.key), s.score))

    @property
    def documents(self) -> set[str]:
        return {s.candidate.doc_id for s in self.spans}


def a_total(sentence: str, entity: nlp.Entity) -> bool:
    """The 1,100 of "89 out of 1,100 companies": the whole, not the count asked for."""
    if entity.kind not in {"quantity", "money", "percent"}:
        return False
    return bool(re.search(r"\d[\d,.]*%?\s+(?:out\s+)?of\s+(?:the\s+)?$", sentence[: entity.start]))


def _plain(text: str) -> str:
    return " " + re.sub(r"[^\w%$.]+", " ", text.lower()).strip() + " "


def asked(question: str) -> str:
    """The question in the form `in_question` compares with."""
    return _plain(question)


def in_question(entity: nlp.Entity, asked: str, weights: dict[str, float]) -> bool:
    """The question's own words are not its answer ("Hytera" for "What does Hytera sell?")."""
    key = nlp.normalise(entity.text, entity.kind)
    if not key or f" {key} " in asked or _plain(entity.text) in asked:
        return True
    words = lang.terms(entity.text)
    if not words:
        return False
    # "Hytera Communications Corporation" is who "who represents Hytera?" is about.
    first_name = next(
        (
            w
            for w in lang.WORD.findall(entity.text)
            if w[0].isupper() and w.lower() not in lang.STOPWORDS
        ),
        None,
    )
    if first_name is not None and f" {first_name.lower()} " in asked:
        return True
    return sum(w in weights for w in words) * 2 >= len(words)


def closeness(candidate: Candidate, entity: nlp.Entity, weights: dict[str, float]) -> float:
    """How near the span sits to the question's words in its sentence, in words: an answer is
    usually next to what the question is about."""
    words = list(lang.WORD.finditer(candidate.text))
    focus = {
        i: weights[stem[0]]
        for i, m in enumerate(words)
        if (stem := lang.terms(m.group(0)))
        and stem[0] in weights
        and not entity.start <= m.start() < entity.end
    }
    if not focus:
        return 0.3  # about its neighbour's subject ("The company ..."), not its own words
    inside = [i for i, m in enumerate(words) if entity.start <= m.start() < entity.end]
    first = inside[0] if inside else sum(m.start() < entity.start for m in words)
    last = inside[-1] if inside else first
    heaviest = max(focus.values()) or 1.0
    # Rare words count more: "deployed over 170 million" beats "as much as 2.76 billion
    # cameras" for "How many cameras has China deployed?".
    return max(
        (weight / heaviest) / (1.0 + max((first - i if i < first else i - last) - 1, 0) / 4)
        for i, weight in focus.items()
    )


def versions(spans: list[Span], agreement_bonus: float) -> list[Version]:
    """Spans grouped by what they say, best first. Spellings of one answer meet ("Tampa,
    Florida" and "Tampa"): a key inside another, word for word, joins it."""
    grouped: dict[str, Version] = {}
    for span in sorted(spans, key=lambda s: -len(s.key)):
        home = next((v for k, v in grouped.items() if same_answer(span.key, k)), None)
        if home is None:
            home = grouped[span.key] = Version(span.key)
        home.spans.append(span)
    for version in grouped.values():
        others = len(_independent(version.spans)) - 1
        version.score = version.best.score + agreement_bonus * min(others, 2)
    return sorted(grouped.values(), key=lambda v: v.score, reverse=True)


def _independent(found: list[Span]) -> list[Span]:
    """One span per article and per wording: a story syndicated under two outlets, or a snippet
    copied with one name changed, is one source of evidence, not two."""
    kept: list[Span] = []
    for span in sorted(found, key=lambda s: -s.score):
        words = set(lang.terms(span.candidate.text))
        if any(
            span.candidate.doc_id == k.candidate.doc_id
            or _jaccard(words, set(lang.terms(k.candidate.text))) > 0.7
            for k in kept
        ):
            continue
        kept.append(span)
    return kept


def _jaccard(one: set[str], other: set[str]) -> float:
    return len(one & other) / len(one | other) if one and other else 0.0


def same_answer(key: str, other: str) -> bool:
    """Two keys for one answer: equal; dates that agree on every part both state ("May 2012",
    "May 15, 2012"; not "2015" and "July"); a name inside another ("Tampa" in "Tampa Florida");
    a misspelling."""
    if key == other:
        return True
    if key.startswith("date:") or other.startswith("date:"):
        if not (key.startswith("date:") and other.startswith("date:")):
            return False
        parts = list(zip(key[5:].split("-"), other[5:].split("-"), strict=True))
        # "2015" and "July" do not contradict each other, but nothing says they are one date.
        shared = [a == b for a, b in parts if "?" not in (a, b)]
        return bool(shared) and all(shared)
    if re.fullmatch(r"[$%]?[\d.e+]+", key) or re.fullmatch(r"[$%]?[\d.e+]+", other):
        return False  # figures are equal or different, never "inside" one another
    if f" {key} " in f" {other} " or f" {other} " in f" {key} ":
        return True
    return min(len(key), len(other)) >= 6 and fuzz.ratio(key, other) >= 90


def rival(
    ranked: list[Version], ratio: float, copy_ratio: float, years: Collection[str] = ()
) -> Version | None:
    """A second answer that sources state as firmly as the first, in other articles, in the same
    place of a like sentence: the sources disagree, and the user must see both. A sentence that
    names both answers is not a disagreement (it compares them), nor is an answer from the same
    article. A copy of the lead's sentence with another answer in its place (a story retold with
    the figure changed) disagrees even when it is less well supported, down to `copy_ratio`.
    Nor is an answer about another year than the question's (`years`) when the lead's sentence
    states it ("Who won Wimbledon in 2019?": "Jul 9, 2022 ... Elena Rybakina won…" is the 2022
    final), or a span across a cut in the text ("Feb 7, 2021 ... Super Bowl 2021 will take…")."""
    if len(ranked) < 2:
        return None
    lead = ranked[0]
    best = lead.best
    asked = set(years) & years_stated(best)
    for other in ranked[1:]:
        if other.score < lead.score * min(ratio, copy_ratio):
            continue  # versions may be ordered by more than their score (the year asked first)
        theirs = other.best
        if other.documents & lead.documents or CUT.search(theirs.text):
            continue
        if asked and not asked & years_stated(theirs):
            continue
        if _mentions(theirs.candidate.text, lead.key) or _mentions(best.candidate.text, other.key):
            continue
        alike = _jaccard(_surroundings(best), _surroundings(theirs))
        near_copy = alike >= 0.6
        if near_copy or (other.score >= lead.score * ratio and _same_slot(best, theirs, alike)):
            return other
    return None


# "…" or "..." where a snippet skips text: a span across it joins two places of the text.
CUT = re.compile(r"\.\.\.|…")


def contradicts(one: Span, other: Span) -> bool:
    """Spans of two articles that fill the same place of like sentences with different answers
    ("over 170 million cameras", "176 million cameras"); a sentence naming both compares them."""
    if one.candidate.doc_id == other.candidate.doc_id or same_answer(one.key, other.key):
        return False
    if _mentions(other.candidate.text, one.key) or _mentions(one.candidate.text, other.key):
        return False
    return _same_slot(one, other, _jaccard(_surroundings(one), _surroundings(other)))


def _mentions(sentence: str, key: str) -> bool:
    return f" {key} " in _plain(sentence) or key in nlp.normalise(sentence, "name")


def _same_slot(one: Span, other: Span, alike: float) -> bool:
    """Both spans fill the same blank: their sentences say the same around them (`alike`, the
    overlap of their surroundings; RGB's swapped snippets), or they count the same thing ("170
    million cameras", "176 million cameras")."""
    if alike >= 0.25:
        return True
    return bool(_counted(one) and _counted(one) == _counted(other))


def _surroundings(span: Span) -> set[str]:
    text = span.candidate.text
    before = lang.WORD.findall(text[: span.entity.start])[-8:]
    after = lang.WORD.findall(text[span.entity.end :])[:8]
    return set(lang.terms(" ".join(before + after)))


RATE = re.compile(r"^\W*[\w-]+\s+(?:per|a|an|each|every|for every)\s+([\w-]+)", re.IGNORECASE)
# A count forecast for a year ("2.76 billion cameras by 2022") is not the count today.
FORECAST = re.compile(r"^\W*[\w-]+(?:\s+[\w-]+){0,4}\s+by\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def _counted(span: Span) -> str | None:
    """What a figure counts: "cameras" in "176 million cameras". A rate counts something else
    ("two cameras per person" is not a number of cameras), so its unit is part of it; so does a
    forecast ("2.76 billion cameras by 2022")."""
    if span.entity.kind not in {"quantity", "money", "percent"}:
        return None
    after = span.candidate.text[span.entity.end : span.entity.end + 60]
    following = lang.terms(after[:40])
    if not following:
        return None
    if rate := RATE.match(after):
        return f"{following[0]} per {rate.group(1).lower()}"
    if forecast := FORECAST.match(after):
        return f"{following[0]} by {forecast.group(1)}"
    return following[0]


# "the name of the company", "the model name of the drone", "the brand names of…".
ASKS_A_NAME = re.compile(
    r"\bthe (?:\w+ )?names? of (?:the |this |that |its |their |\w+'s )?\w|"
    # A firm is known by its name: "which specific companies were banned?" is not answered by
    # "several companies that have booths in Milipol".
    r"\bwhich (?!(?:types?|kinds?|sorts?) of\b)(?:\w+ ){0,2}"
    r"(?:compan(?:y|ies)|firms?|organi[sz]ations?|brands?|manufacturers?)\b",
    re.IGNORECASE,
)


def not_a_name(question: str, span: Span) -> bool:
    """A span that is not a name where the question asks for the name of something ("What was
    the name of the Chinese company whose stand was closed?" answered "demonstration stall";
    "the name of the storm?" answered "rare November hurricane"). A name is a few words, most of
    them capitalised, the first among them ("the EU", "Tropical Storm Nicole")."""
    if not ASKS_A_NAME.search(question):
        return False
    words = re.sub(r"^(?:the|a|an)\s+", "", span.text.strip(), flags=re.I).split()
    capitalised = [w[:1].isupper() or w[:1].isdigit() for w in words]
    return not (words and len(words) <= 6 and capitalised[0] and 2 * sum(capitalised) >= len(words))


# Capitalised, but no names: "in November", "on Friday".
CALENDAR_WORDS = set(lang.terms(" ".join(NOT_TITLES)))


# "one Chinese firm", "a representative of the state-owned firm": a thing of the kind asked
# for, said without its name (not "a Chinese company, Hikvision,").
UNNAMED = (
    r"\b(?:(?:a|an|one|another)\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b"
    r"(?!,?\s+(?:called\s+|such as\s+|including\s+|like\s+)?(?-i:[A-Z]))"
    # "several companies that have booths in Milipol banned …": a set told of, none named
    r"|(?:several|some|many|a few)\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})\s+(?:that|who|which)\b)"
)


def left_unnamed(head: str | None, sentence: str) -> bool:
    """The sentence speaks of one of the kind the question asks the name of ("company") without
    naming it: "Organisers closed the stand of one Chinese firm …" for "Which Chinese company
    had its stand closed?"."""
    stems = set(lang.terms(head or ""))
    if not stems:
        return False
    nouns = [w for group in lang.UNIT_WORDS for pair in group for w in pair.split()]
    alike = [w for w in nouns if any(lang.same_unit(s, t) for s in stems for t in lang.terms(w))]
    wanted = "|".join(map(re.escape, {*alike, *(head or "").lower().split()}))
    return re.search(UNNAMED.format(nouns=wanted), sentence, re.I) is not None


# "Who organises the Milipol fair?": who does it, by a verb long enough to know its doer by.
WHO_DOES = re.compile(r"^\s*who\s+(?P<verb>[a-z]{6,})\b", re.I)


def doer_unnamed(question: str, lead: Span, pool: list[Candidate]) -> bool:
    """The articles call the doer asked for by what they do and never name them ("Organisers
    closed the stand …" for "Who organises the Milipol fair?"), and the lead's sentence does not
    say the act: what it names ("Chinese companies' participation in the Milipol fair …") is not
    the doer."""
    asked = WHO_DOES.match(question)
    if asked is None:
        return False
    act = re.escape(asked["verb"][:5])
    if re.search(rf"\b{act}", lead.candidate.text, re.I):
        return False
    doer = re.compile(
        rf"\b(?:the\s+)?{act}\w*(?:er|or)s?\b(?!,?\s+(?:called\s+)?(?-i:[A-Z]))", re.I
    )
    return any(doer.search(c.text) for c in pool)


def names_another(question: str, sentence: str) -> bool:
    """The sentence holds a name the question does not use ("Tropical Storm Nicole is expected…"
    for "What was the name of the storm?"), so a name may be there although no span read is one;
    "In 2017, a Chinese company was forced to close…" holds none but the question's own."""
    asked = set(lang.terms(question))
    for name in names_in(sentence):
        terms = {t for t in lang.terms(name) if t not in CALENDAR_WORDS}
        if any(t not in asked and not any(lang.demonym_of(t, a) for a in asked) for t in terms):
            return True
    return False


def names_first(question: str, ranked: list[Version]) -> list[Version]:
    """The versions that are names, when the question asks for a name and the best is not one;
    all of them when none is."""
    if not ranked or not not_a_name(question, ranked[0].lead):
        return ranked
    return [v for v in ranked if not not_a_name(question, v.lead)] or ranked


CHECKED_KINDS = {"person", "organisation", "place", "quantity", "money", "percent", "date", "name"}


def unsupported(claim: str, passage: str, entities: nlp.Entities | None = None) -> list[str]:
    """Names, dates and figures a generated claim states that its cited passage does not: a
    changed number or a swapped name is not support."""
    if entities is not None:
        claimed, offered = entities([claim, passage])
    else:
        claimed, offered = nlp.entities_of(claim, []), nlp.entities_of(passage, [])
    keys = {nlp.normalise(e.text, e.kind) for e in offered}
    plain = _plain(passage)
    missing = []
    for entity in claimed:
        if entity.kind not in CHECKED_KINDS:
            continue
        key = nlp.normalise(entity.text, entity.kind)
        if key in keys or _plain(entity.text) in plain:
            continue
        if any(same_answer(key, k) for k in keys) and entity.kind not in {
            "quantity",
            "money",
            "percent",
        }:
            continue
        missing.append(entity.text)
    return missing
