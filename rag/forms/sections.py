"""An article's sections: the short lines without closing punctuation that head its parts
("Heavy Police Surveillance on the Mainland"), kept in the text by ingest. They are listed when
asked for, and a section named in a question ("summarise the trade bans section") bounds what
its summary reads.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from llama_index.core.schema import NodeWithScore

from ingest.text.sentences import sentence_spans
from rag.extractive.answer import Composition, Tools, candidates
from rag.extractive.candidates import Candidate
from rag.models import Filters
from rag.questions.forms import SECTION_COVERING
from rag.words import text as lang

if TYPE_CHECKING:
    from rag.forms import Reading

# "the 'Heavy Police Surveillance on the Mainland' section", "the trade bans section", "under
# the heading 'Involvement in Public Tech Fair is a Concern'", "the section about concerns over
# public tech fairs" (a heading matched by most of its words).
NAMED_SECTION = re.compile(
    r"\bthe [\"“‘']?(?P<name>[^\"“”‘’']{3,80}?)[\"”’']? (?:section|part|heading)\b"
    r"|\b(?:the|a) (?:section|part|heading|subheading)(?: (?:called|titled|named|headed))? "
    r"[\"“‘'](?P<quoted>[^\"“”‘’']{3,80}?)[\"”’']",
    re.I,
)
SECTION_ABOUT = re.compile(
    r"\bthe (?:section|part) (?:about|on|covering|that covers|dealing with) (?P<name>[^?.!]{3,80})",
    re.I,
)
MATCHED = 0.6  # of the name's content words that the heading uses


def headings(passages: list[NodeWithScore], title: str = "") -> list[Candidate]:
    """The section headings in the passages, each once, in reading order (not the title)."""
    found: dict[tuple[str, int], Candidate] = {}
    for rank, hit in enumerate(passages):
        passage = hit.node.get_content()
        base = int(hit.node.metadata.get("start", 0))
        doc_id = hit.node.metadata.get("doc_id", "")
        for start, end in sentence_spans(passage):
            line = passage[start:end].strip()
            if lang.is_heading(line) and len(line.split()) >= 2 and line != title:
                heading = Candidate(hit, rank, line, base + start, base + end)
                found.setdefault((doc_id, base + start), heading)
    return [found[key] for key in sorted(found)]


def named_section(question: str) -> str | None:
    """The section a question names, if any: "the trade bans section" -> "trade bans"."""
    about = SECTION_ABOUT.search(question)  # before "the gist of the section" is taken for one
    if about is not None:
        return about.group("name").strip()
    found = NAMED_SECTION.search(question)
    return (found.group("name") or found.group("quoted")).strip() if found else None


def under(name: str, passages: list[NodeWithScore]) -> tuple[Candidate, list[Candidate]] | None:
    """The heading that best matches `name` and the sentences under it (up to the next
    heading of its article); None when no heading matches."""
    found = headings(passages)
    wanted = set(lang.terms(name))
    if not wanted:
        return None
    scored = [(len(lang.covered(wanted, set(lang.terms(h.text)))) / len(wanted), h) for h in found]
    share, heading = max(scored, key=lambda s: s[0], default=(0.0, None))
    if heading is None or share < MATCHED:
        return None
    return heading, _sentences_under(heading, found, candidates(passages))


def _sentences_under(
    heading: Candidate, found: list[Candidate], every: list[Candidate]
) -> list[Candidate]:
    """The sentences of `every` under the heading, up to the next of its article's headings
    (`found`), each once, in reading order."""
    later = [h.start for h in found if h.doc_id == heading.doc_id and h.start > heading.start]
    stop = min(later, default=10**9)
    sentences = {
        c.start: c for c in every if c.doc_id == heading.doc_id and heading.end <= c.start < stop
    }
    return [sentences[start] for start in sorted(sentences)]


def section_summary(name: str, filters: Filters, reading: Reading) -> Composition | None:
    """The section the name matches, summarised by its own sentences in order (in the articles a
    search for the name finds first); None when no heading matches."""
    hits = reading.search(name, filters, reading.settings.retrieval.top_k)
    doc_ids = list(dict.fromkeys(h.node.metadata["doc_id"] for h in hits))[:3]
    found = under(name, reading.passages_of(doc_ids))
    if found is None or not found[1]:
        return None
    heading, sentences = found
    chosen = sentences[: reading.settings.answer.overview_sentences]
    intro = f'The section "{heading.text}":'
    return Composition("answer", chosen, pool=sentences, form="overview", intro=intro)


HEADING_WEIGHT = 2.0  # a word of the topic in the heading, against one in the section's sentences


def covering(
    question: str, listed: Composition, passages: list[NodeWithScore], tools: Tools
) -> Composition:
    """Of the headings listed, the one whose section says most of the topic the question asks a
    section for (its heading counting double); the list as it is when the question asks for none,
    said so when no section says any of it."""
    found = SECTION_COVERING.search(question)
    if found is None or listed.outcome != "answer":
        return listed
    topic = (found["topic"] or found["topic2"]).strip()
    weights = tools.weights(set(lang.terms(topic)))
    every = candidates(passages)

    def said(heading: Candidate) -> float:
        body = " ".join(c.text for c in _sentences_under(heading, listed.chosen, every))
        in_heading = lang.covered(set(weights), set(lang.terms(heading.text)))
        in_body = lang.covered(set(weights), set(lang.terms(body)))
        return sum(
            weights[t] * (HEADING_WEIGHT if t in in_heading else 1.0) for t in in_heading | in_body
        )

    scores = [said(h) for h in listed.chosen]
    if not scores or max(scores) <= 0:  # "which section covers the Uighurs?" of one that never says
        listed.intro = f'No section says "{topic}"; {listed.intro[0].lower()}{listed.intro[1:]}'
        return listed
    best = scores.index(max(scores))
    chosen = listed.chosen[best]
    intro = f'The one on "{topic}" of {listed.intro[0].lower()}{listed.intro[1:]}'
    return Composition(
        "answer", [chosen], form="headers", intro=intro, items=[(listed.items[best][0], 0)]
    )
