"""An organisation's full name asked for ("What's Hytera's full company name?"): the longest name
the articles write that holds the short one ("Hytera Communications Corporation"). The
recogniser's labels split or drop such names, and no span of a sentence is "a full name" to
the reader, so the name is read from the capitalised runs of the sentences read.
"""

from __future__ import annotations

import re

from rag.extractive.candidates import Candidate
from rag.extractive.spans import Span
from rag.questions.analysis import names_in
from rag.words import nlp
from rag.words import text as lang

ASKED = re.compile(
    r"\b(?:full|complete|official|formal|whole|legal)\s+(?:company\s+|corporate\s+|business\s+)?"
    r"name\b",
    re.I,
)
# A run of capitalised words, with the small words a company's name holds ("Bank of America").
RUN = re.compile(r"[A-Z][\w&.'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&.'’-]*)*")


def longest(question: str, pool: list[Candidate]) -> Span | None:
    """The longest capitalised run in the sentences read that holds the question's name as a
    whole word and is longer than it; None when the question asks for no full name, names
    nothing, or no sentence gives a longer one."""
    if not ASKED.search(question):
        return None
    names = [re.sub(r"['’]s?$", "", n) for n in names_in(question) if not ASKED.search(n)]
    if not names:
        return None
    short = re.compile(rf"\b{re.escape(names[0])}\b")
    found = []
    for candidate in pool:
        for run in RUN.finditer(candidate.text):
            start, name = run.start(), run.group(0).rstrip(".")  # "… in the EU."
            while (first := name.split(" ", 1))[0].lower() in lang.STOPWORDS and len(first) > 1:
                start, name = start + len(first[0]) + 1, first[1]  # "The Hytera …" opening it
            if short.search(name) and len(name.split()) > len(names[0].split()):
                found.append((candidate, start, name))
    if not found:
        return None
    candidate, start, name = max(found, key=lambda f: (len(f[2].split()), -f[0].rank))
    entity = nlp.Entity(start, start + len(name), name, "organisation")
    return Span(candidate, entity, key=name.lower(), fit=1.0, closeness=1.0)
