"""The verbless fragments that go on with a list ("Chinese firms offer non-lethal equipment:
helmets, …", then "Jamming equipment." and "And cameras, lots of cameras."): too short to be read
as sentences of their own, they are shown with the sentence whose list they continue, in an
overview or a fact's answer alike."""

from __future__ import annotations

import re

from ingest.text.sentences import sentence_spans
from rag.extractive.candidates import LISTS, Candidate
from rag.questions.analysis import AUX
from rag.words import text as lang

# A sentence with no verb that goes on with the list of the one before it: "Chinese firms offer
# non-lethal equipment: helmets, …", then "Jamming equipment." and "And cameras, lots of cameras."
FRAGMENT_WORDS = 7
VERBISH = re.compile(rf"\b(?:{AUX}|be|been|may|might|says?|said)\b", re.I)
# How a fragment goes on ("And cameras, …"); a bare one is a few words ("Jamming equipment.").
CONTINUES = re.compile(r"^(?:and|or|plus|also|even|not to mention)\b", re.I)
BARE_WORDS = 3


def with_fragments(picked: list[Candidate], every: list[Candidate]) -> list[Candidate]:
    """Each picked sentence followed by the verbless fragments right after it in its passage that
    continue it ("Jamming equipment.", too short to be read as a sentence of its own)."""
    shown: list[Candidate] = []
    for candidate in picked:
        if all(c is not candidate for c in shown):
            shown.append(candidate)
        if not LISTS.search(candidate.text):
            continue
        passage = candidate.node.node.get_content()
        base = int(candidate.node.node.metadata.get("start", 0))
        after = [(s, e) for s, e in sentence_spans(passage) if s + base >= candidate.end]
        previous = candidate.text
        for start, end in after:
            text = passage[start:end]
            words = len(lang.WORD.findall(text))
            if words > FRAGMENT_WORDS or VERBISH.search(text):
                break
            if not CONTINUES.search(text) and words > BARE_WORDS:
                break
            known = next(
                (c for c in every if c.doc_id == candidate.doc_id and c.text == text), None
            )
            fragment = known or Candidate(
                candidate.node, candidate.rank, text, base + start, base + end, previous
            )
            if all(c is not fragment for c in [*shown, *picked]):
                shown.append(fragment)
            previous = text
    return shown
