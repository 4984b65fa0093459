"""What a question says about where to look: sources it names, dates it mentions, and whether it
follows up on the previous question."""

from __future__ import annotations

import calendar
import re
from datetime import date

from rag.questions.analysis import names_in
from rag.words.text import MONTHS

FOLLOW_UP_START = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about|why|how come)\b", re.I
)
PRONOUN = re.compile(
    r"\b(it|its|they|them|their|this|that|these|those|he|she|his|her|there)\b", re.I
)


# "Can you | summarise both articles | in a few sentences?": a polite frame around a request. Only
# before a verb of asking, so "Can you see a link…" or "Could Hytera sell…" keep their words.
POLITE = re.compile(
    r"^\s*(?:(?:can|could|would|will) you(?: please)?|please|can i (?:get|have)|i'd like)\s+"
    r"(?=(?:summari[sz]e|sum up|give|tell|list|name|explain|describe|compare|show|outline|recap|"
    r"brief|catch|walk|break)\b)",
    re.I,
)
HOW_LONG = re.compile(
    r"\s*(?:,?\s*(?:in (?:a few|two|three|\d+) (?:sentences|lines|words)|in brief|briefly|"
    r"quickly|for me|please))+(?=\s*[?.!]*\s*$)",
    re.I,
)


# A courtesy closing any question: "tl;dr of both articles pls".
THANKS = re.compile(r"(?:\s*,)?\s+(?:pls|plz|please|thanks|thank you|thx|ty)(?=[\s?.!]*$)", re.I)


# "Verbatim: …", "…, in their words", "the exact phrase": every answer quotes its sentences as
# they are written, so asking for the words adds nothing to what is asked, and its own words
# ("phrase", "words") would be looked for in the articles.
WORDS = r"(?:phrase|phrasing|words?|wording|term|terms|expression|language|line|quote)"
NAMING = r"(?:phrase|phrasing|words?|wording|term|terms|expression)"  # not "language", "quote"
OWN_WORDS = r"(?:in|using) (?:their|its|his|her|the article's|the piece's) (?:own )?words"
WORDING = re.compile(
    rf"^\s*(?:verbatim|word for word|(?:exact|precise) {WORDS}|{OWN_WORDS})\s*[:,—–-]\s*"
    rf"|\s*[,;:—–?-]\s*(?:give me |quote )?(?:the )?(?:exact|precise) {WORDS}(?:,? please)?"
    r"(?=[\s?.!]*$)"
    rf"|(?:\s*[,;:—–-])?\s*\b(?:verbatim|word for word|exactly|{OWN_WORDS})(?=[\s?.!]*$)",
    re.I,
)
# "What words does the second article use for China's standing?": how it describes it.
USE_FOR = re.compile(
    rf"^(?:what|which) {NAMING} (?P<aux>does|did|do) (?P<who>.+?) use "
    r"(?:for|to describe|about|on|when describing) (?P<what>.+?)(?P<end>[?.!]*)$",
    re.I,
)
EXACT = re.compile(rf"\b(?:exact|precise) (?={WORDS}\b)", re.I)


def unworded(question: str) -> str:
    """The question without its request for the articles' own words (`WORDING`)."""
    plain = EXACT.sub("", WORDING.sub("", question, count=1)).strip()
    plain = USE_FOR.sub(r"How \g<aux> \g<who> describe \g<what>\g<end>", plain)
    if len(plain.split()) < 3:  # "Is that word for word?" asks just that
        return question
    return plain[:1].upper() + plain[1:] if question[:1].isupper() else plain


# "Which article(s) mention …": a plural left open is the plural.
OPEN_PLURAL = re.compile(r"\b([A-Za-z]+)\((e?s)\)(?!\w)")


def unframed(question: str) -> str:
    """The request inside a polite frame: "Can you summarise both articles in a few
    sentences?" asks to "summarise both articles?"; the frame is not its subject. A request for
    the articles' own words is no part of it either (`unworded`); a plural left open
    ("article(s)") is the plural."""
    question = OPEN_PLURAL.sub(r"\1\2", question)
    question = unworded(THANKS.sub("", question, count=1))
    request = POLITE.sub("", question, count=1)
    if request == question:
        return question
    request = HOW_LONG.sub("", request)
    return request[:1].upper() + request[1:]


def _normalise(name: str) -> str:
    name = re.sub(r"\.(com|org|net|co\.uk|fr|de|io)\b", "", name.lower())
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[^\w]+", " ", name).strip()


def named_sources(question: str, known: list[str]) -> list[str]:
    """Known source names the question mentions ("according to AFP and The Verge")."""
    text = f" {_normalise(question)} "
    return [source for source in known if (key := _normalise(source)) and f" {key} " in text]


def without_sources(question: str, sources: list[str]) -> str:
    """The question with the named sources taken out: they say where to look, not what."""
    for source in sources:
        for name in {source, re.sub(r"^the\s+", "", source, flags=re.I)}:
            question = re.sub(rf"\b{re.escape(name)}\b", " ", question, flags=re.I)
    return re.sub(r"\s+", " ", question).strip()


PERIOD_YEAR = re.compile(
    r"\b(?:in|during|throughout|from|of)\s+(?:(?:early|late|mid)-?\s*)?(?:[A-Za-z]{3,9}\s+)?"
    r"(19[5-9]\d|20\d\d)\b(?!\s*(?:edition|incident|fair|show|election|season|report|event)s?\b)",
    re.IGNORECASE,
)


def date_range(question: str, known_dates: list[str]) -> tuple[date, date] | None:
    """The month or year a question asks about as a period ("in 2017", "during March 2022"),
    when some indexed article is from then (`known_dates`: those that can be searched). A year
    that qualifies something ("the 2017 incident", "cameras by 2022") is a topic word, not a
    period, and so is a period beside another year ("in 2022 compared with 2018")."""
    years = [int(y) for y in PERIOD_YEAR.findall(question)]
    if set(re.findall(r"\b(?:19[5-9]\d|20\d\d)\b", question)) - {str(y) for y in years}:
        return None  # "scores drop in 2022 compared with 2018": about both years, not a period
    months = [
        MONTHS[m.lower()]
        for m in re.findall(r"\b([A-Za-z]{3,9})\b", question)
        if m.lower() in MONTHS and m.lower() not in {"may", "mar"}
    ]
    if not (years or months):
        return None
    candidates = []
    for value in known_dates:
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            continue
        if (not years or day.year in years) and (not months or day.month in months):
            candidates.append(day)
    if not candidates:
        return None
    if months:
        first, last = min(candidates), max(candidates)
        start = first.replace(day=1)
        end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        return start, end
    return date(min(years), 1, 1), date(max(years), 12, 31)


def is_follow_up(question: str) -> bool:
    words = re.findall(r"\w+", question)
    return len(words) <= 12 and bool(FOLLOW_UP_START.search(question) or PRONOUN.search(question))


OBJECT_PRONOUN = re.compile(r"\b(them|it|they|him|her)\b(?!['’])", re.I)
POSSESSIVE_PRONOUN = re.compile(r"\b(its|their|his)\b", re.I)


def resolved(question: str, history: list[dict] | None) -> str:
    """A follow-up with its pronoun replaced by the name the previous question was about: "and
    who represents them?" after a question about Hytera's sales asks who represents Hytera."""
    if not history or not is_follow_up(question):
        return question
    names = names_in(re.sub(r"['’]s\b", "", previous_question(history)))
    if not names:
        return question
    name = names[0]
    if POSSESSIVE_PRONOUN.search(question):
        return POSSESSIVE_PRONOUN.sub(f"{name}'s", question, count=1)
    return OBJECT_PRONOUN.sub(name, question, count=1)


def retrieval_query(question: str, history: list[dict] | None) -> str:
    """A follow-up is searched together with what the conversation is about: the question it
    follows and the answer's lead ("**Hytera** [1]")."""
    if not history or not is_follow_up(question):
        return question
    leads = re.findall(r"\*\*(.{1,80}?)\*\*", previous_answer(history))
    return " ".join(p for p in [previous_question(history), *leads[:2], question] if p)


def previous_question(history: list[dict] | None) -> str:
    """The last question asked in the conversation ("" when there is none)."""
    for turn in reversed(history or []):
        content = turn.get("content")
        if turn.get("role") == "user" and isinstance(content, str) and content.strip():
            return content
    return ""


def previous_answer(history: list[dict] | None) -> str:
    """The text of the last answer in the conversation ("" when there is none)."""
    for turn in reversed(history or []):
        if turn.get("role") == "assistant" and isinstance(turn.get("content"), str):
            return turn["content"]
    return ""
