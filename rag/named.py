"""Who and what the articles name: the distinct companies, people or places of the passages read,
each cited once at its first mention, the most widely named first; or the people quoted.

Entities come from the labels stored at ingest (`ingest.entities`), so a list over a small
collection reads every passage without running the model.
"""

from __future__ import annotations

import re

from rag import nlp, spans
from rag.answer import Composition, Tools
from rag.candidates import Candidate
from rag.quotes import QUOTATION, SPEECH
from rag.scoring import pool_entities

NOUN_KIND = {
    **dict.fromkeys(
        "company companies firm firms business businesses organisation organisations "
        "organization organizations group groups brand brands maker makers manufacturer "
        "manufacturers".split(),
        "organisation",
    ),
    **dict.fromkeys(
        "people person persons individual individuals expert experts official officials "
        "speaker speakers source sources quoted interviewed cited".split(),
        "person",
    ),
    **dict.fromkeys("country countries nation nations city cities place places".split(), "place"),
}
PLURAL = {"company": "companies", "country": "countries", "city": "cities", "person": "people"}
MOST = 15


def named(noun: str, quoted_only: bool, pool: list[Candidate], tools: Tools) -> Composition:
    """The distinct entities of the kind `noun` asks for ("companies" -> organisations), each
    with the sentence that first names it; with `quoted_only`, the people who speak in a
    quotation."""
    kind = NOUN_KIND.get(noun.lower(), "organisation")
    found: dict[str, tuple[nlp.Entity, Candidate, set[str]]] = {}
    for candidate, entities in zip(pool, pool_entities(pool, tools.entities), strict=True):
        if quoted_only and not (QUOTATION.search(candidate.text) and SPEECH.search(candidate.text)):
            continue
        for entity in entities:
            if entity.kind != kind or (quoted_only and _inside_quotation(candidate.text, entity)):
                continue
            key = nlp.normalise(entity.text, entity.kind)
            home = next((k for k in found if spans.same_answer(key, k)), None)
            if home is None:
                found[key] = (entity, candidate, {candidate.doc_id})
            else:
                found[home][2].add(candidate.doc_id)
    if not found:
        return Composition(
            "refused", form="entities", intro=f"The passages read name no {_plural(noun.lower())}."
        )
    ranked = sorted(found.values(), key=lambda f: (-len(f[2]), f[1].rank, f[1].start))[:MOST]
    chosen = list({id(c): c for _, c, _ in ranked}.values())
    noun = _plural(noun.lower())
    what = f"{noun} quoted" if quoted_only else f"{noun} named"
    return Composition(
        "answer",
        chosen,
        form="entities",
        intro=f"{len(ranked)} {what}:",
        items=[(entity.text, chosen.index(c)) for entity, c, _ in ranked],
    )


def _plural(noun: str) -> str:
    """ "companies" for "company", "people" for "quoted" (who is quoted: people)."""
    if NOUN_KIND.get(noun) == "person" and noun in {"quoted", "interviewed", "cited"}:
        return "people"
    return PLURAL.get(noun, noun if noun.endswith("s") or noun == "people" else f"{noun}s")


def _inside_quotation(sentence: str, entity: nlp.Entity) -> bool:
    """ "It's the Silicon Valley of China," said Yolen Ye: China is in the quotation, Yolen Ye
    is the speaker."""
    return any(m.start() <= entity.start < m.end() for m in QUOTATION.finditer(sentence))


def quoted_wording(question: str) -> bool:
    return bool(re.search(r"\b(?:quoted|interviewed|cited|speak|spoke)\b", question, re.I))
