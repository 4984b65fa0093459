"""Who a sentence that refers back is about: "The company already makes 40% of its sales outside
of China" is about Hytera, named two sentences before it, so it does not answer "what share of
Norinco's sales come from abroad?".

A sentence opening "It", "The company", "The firm"… is read with the sentences it refers back
to (`referred`). When the question's subject, the first name it gives, is in none of them and
they name someone else, the sentence is about that other subject, and its spans are no answer
to the question.
"""

from __future__ import annotations

from rag.extractive.candidates import Candidate
from rag.extractive.scoring import REFERS
from rag.questions.analysis import names_in
from rag.words import text as lang


def referred(candidate: Candidate, earlier: dict[str, str], depth: int = 3) -> str:
    """The sentences a sentence refers back to ("The company already makes 40%…" after "… who
    represents the firm…" after "Meanwhile, the stand of Hytera…"), up to `depth` of them;
    `earlier` maps each sentence read to the one before it."""
    text, context, chain = candidate.text, candidate.context, []
    while REFERS.search(text) and context and len(chain) < depth:
        chain.append(context)
        text, context = context, earlier.get(context, "")
    return " ".join(reversed(chain))


def about_another(question: str, candidate: Candidate, pool: list[Candidate]) -> bool:
    """The sentence refers back to a subject other than the question's: the question's first
    name (a name as the articles write it, however the question is typed) is neither in it nor
    in what it refers back to, and those name someone else."""
    if not REFERS.search(candidate.text) or not candidate.context:
        return False
    named = {term for c in pool for name in names_in(c.text) for term in lang.terms(name)}
    asked = [term for term in lang.terms(question) if term in named]
    if not asked:
        return False
    before = referred(candidate, {c.text: c.context for c in pool})
    said = set(lang.terms(f"{before} {candidate.text}"))
    if asked[0] in said:
        return False
    others = {t for name in names_in(before) for t in lang.terms(name)} - set(asked)
    return bool(others)
