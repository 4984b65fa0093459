"""Sentences, terms and the kinds of things questions ask for: the language side of answering."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")")
WORD = re.compile(r"(?u)\b\w\w+\b")
# Words that carry no content in a question, beyond the usual stopwords.
QUESTION_WORDS = set(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "many",
        "much",
        "does",
        "did",
        "do",
        "is",
        "are",
        "was",
        "were",
        "according",
        "say",
        "says",
        "said",
        "article",
        "articles",
        "source",
        "sources",
        "tell",
        "me",
        "name",
        "called",
        "kind",
        "type",
        "report",
        "reports",
        "reported",
        "write",
        "writes",
        "wrote",
        "story",
        "stories",
    ]
)
STOPWORDS = set(STOPWORDS_EN_PLUS) | QUESTION_WORDS


@lru_cache(maxsize=1)
def _sentence_tokenizer():
    """NLTK's trained English Punkt model, which llama-index ships in its package data.

    llama-index's own splitter uses an untrained Punkt that cuts after "Mr." and "U.S.", which
    would put half sentences in quotes.
    """
    import llama_index.core
    import nltk
    from nltk.tokenize import PunktTokenizer

    bundled = str(Path(llama_index.core.__file__).parent / "_static" / "nltk_cache")
    if bundled not in nltk.data.path:
        nltk.data.path.append(bundled)
    return PunktTokenizer("english")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; sentences never cross a line break."""
    spans = []
    tokenizer = _sentence_tokenizer()
    for line in re.finditer(r"[^\n]+", text):
        for start, end in tokenizer.span_tokenize(line.group(0)):
            spans.append((line.start() + start, line.start() + end))
    return spans


def is_heading(sentence: str) -> bool:
    return not sentence.rstrip().endswith(SENTENCE_END) and len(sentence.split()) <= 16


_stemmer = Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Content words, lower-cased and stemmed, in the same form as the BM25 vocabulary."""
    words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]
    return _stemmer.stemWords(words)


def covered(question_terms: set[str], text_terms: set[str]) -> set[str]:
    """Question terms the text uses, counting stems that share a 5-letter start as the same
    word (the stemmer keeps "complain" and "complaint" apart)."""
    found = question_terms & text_terms
    prefixes = {t[:5] for t in text_terms if len(t) >= 5}
    return found | {t for t in question_terms - found if len(t) >= 5 and t[:5] in prefixes}


# -- what a question asks for -----------------------------------------------------------------

ASKS = {
    "number": re.compile(
        r"\bhow (many|much|long|far|big|large|old|tall|high|often|fast|heavy)\b|"
        r"\bwhat (percentage|percent|number|proportion|share|amount|size|fraction)\b|"
        r"\b(number|count|total) of\b",
        re.I,
    ),
    "date": re.compile(
        r"^\s*when\b|\bwhen (did|was|were|is|does|will)\b|"
        r"\b(what|which) (year|date|day|month|century|decade|era|period|time)\b|\bhow long ago\b",
        re.I,
    ),
    "person": re.compile(
        r"^\s*who\b|\bwho (is|was|were|are|did|had|has)\b|\bwhom\b|\bwhose\b|"
        r"\b(what|which) (person|people|company|companies|firm|firms|organi[sz]ations?|group|"
        r"man|woman|king|queen|president|leader|author|team|agency)\b",
        re.I,
    ),
    "place": re.compile(
        r"^\s*where\b|\bwhere (is|was|were|are|did|do|does)\b|"
        r"\b(what|which) (country|countries|city|cities|place|region|state|continent|nation|"
        r"town|area|location)\b",
        re.I,
    ),
}

NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|"
    r"half|quarter|third|percent|twice|thrice|once)\b",
    re.I,
)
DATE = re.compile(
    r"\b(1[0-9]{3}|20[0-9]{2})s?\b|\b(january|february|march|april|may|june|july|august|"
    r"september|october|november|december|century|centuries|decade|bc|ad|bce)\b|\b\d{1,2}(st|nd|rd|th)\b",
    re.I,
)
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")


def asked_kind(question: str) -> str | None:
    for kind, pattern in ASKS.items():
        if pattern.search(question):
            return kind
    return None


def has_kind(sentence: str, kind: str | None, question_terms: set[str]) -> bool:
    """Whether the sentence holds the kind of thing asked for, beyond what the question says."""
    if kind is None:
        return False
    if kind == "number":
        return any(_new(m, sentence, question_terms) for m in NUMBER.finditer(sentence))
    if kind == "date":
        return any(_new(m, sentence, question_terms) for m in DATE.finditer(sentence))
    return any(_new(m, sentence, question_terms) for m in NAME.finditer(sentence))


def _new(match: re.Match[str], sentence: str, question_terms: set[str]) -> bool:
    word = WORD.search(sentence, match.start())
    if word is None:
        return True
    return not (set(terms(word.group(0))) & question_terms)


def figures(sentence: str) -> dict[str, set[str]]:
    """What each figure counts: {"camera": {"170 million"}} for "170 million cameras", so that
    two sources are compared on the same thing ("89 out of 1,100 companies" counts companies)."""
    found: dict[str, set[str]] = {}
    pattern = r"\d[\d,.]*(?:\s*(?:%|percent|per cent|million|billion|trillion|thousand))?"
    for match in re.finditer(pattern, sentence, re.I):
        value = re.sub(r"\s+", " ", match.group(0).rstrip(".,").replace(",", "").lower())
        following = WORD.findall(sentence[match.end() : match.end() + 60])[:4]
        nouns = [w for w in following if not w[0].isdigit() and w.lower() not in STOPWORDS]
        if nouns:
            found.setdefault(_stemmer.stemWord(nouns[0].lower()), set()).add(value)
    return found
