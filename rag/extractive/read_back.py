"""A yes/no question's last part read back from the sentence that restates the rest of it.

"Did GDU sell its drones to Vietnam?" against "GDU … has already sold one of its camera equipped
drones models to Thailand …": every word of the question but its last part is said, so the
question is turned into the one it hides ("Where did GDU sell its drones?") and the reader
reads the sentence. When it reads something else there, confidently ("Thailand"), the sentence
says otherwise: no. When it reads the question's own words there, the sentence may well say
yes, and this reading leaves that to the restatement (`rag.extractive.yesno`).

Only a part the question ends on is read back: a name ("from Norinco", "in London"), a people
("a French company") or the thing a verb ends on ("call the camps prisons", "displaying
firearms"); the question's other words must all be in the sentence (or the sentences it refers
back to). A place is read back only when the articles never name it: "in France?" against
"hosted … in Paris" is no contradiction, and no list here says which city is in which country.
The kind of thing asked picks the question word, as a person would ask it: a place
"where", a company "which company", a person "who", a people "what nationality", the rest
"what"; what is read must be a name of that kind ("where": a place the recogniser labels).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Protocol

import numpy as np

from rag.reader import Reader
from rag.words import text as lang
from rag.words.nlp import Entity

AUXILIARIES = set("is are was were am do does did has have had can could will would should".split())
PREPOSITIONS = set("in at to from for by with of on into near inside outside".split())
DETERMINERS = set("a an the its his her their this that these those some any".split())
WORD = re.compile(r"[\w'’-]+")
# The question words that ask for each kind of name (`rag.words.nlp.LABEL_KIND`).
# Words that say how or when, not what: "sold drones abroad?", "deny it at first?" ask nothing a
# reader could read back as something else.
HOW = set(
    "abroad overseas home first last now then again already still ever yet before later earlier "
    "recently once too also here there together alone online anymore today".split()
)
# A continent's or a region's people takes in a country's: "an Asian firm?" against "one Chinese
# firm" is no contradiction.
BROAD_PEOPLES = set(
    "asian european african american western eastern foreign international arab latin "
    "nordic scandinavian middle".split()
)
ASKING = {
    "place": "where",
    "organisation": "which company",
    "person": "who",
    "group": "what nationality",
}
# The kinds of name an answer to each question word may be.
KINDS_READ = {
    "where": {"place"},
    "which company": {"organisation"},
    "who": {"person", "organisation"},
    "what nationality": {"group", "place"},
}
# How sure the reader must be of what it read in the slot (start + end logits over the
# no-answer choice's): the readings of the yes/no questions fitted on ran from 6.8 to 11 when
# the sentence held another answer and below 3 when it held none.
MARGIN = 5.0
# A thing read back this close in meaning to the one asked may be it in other words: "restraints"
# and "handcuffs" 0.72, "firearms" and "handcuffs" 0.39, "prisons" and "vocational schools" 0.26.
ALIKE = 0.5
CLOSE = 1.5  # a span this close to the best one is as likely what the reader meant


class Tools(Protocol):
    """What reading back needs of the answerer's tools (`rag.extractive.answer.Tools`)."""

    reader: Reader | None
    entities: Callable[[list[str]], list[tuple[Entity, ...]]]
    embed: Callable[[list[str]], np.ndarray]
    vocabulary: Collection[str]


def read_back(question: str, sentence: str, before: str, tools: Tools) -> str | None:
    """ "No" when the question's last part, turned into the question it hides, is read back from
    the sentence as something else; otherwise None (nothing settled here)."""
    words = WORD.findall(question.rstrip(" ?"))
    if tools.reader is None or len(words) < 3 or words[0].lower() not in AUXILIARIES:
        return None
    said = set(lang.terms(f"{before} {sentence}"))
    tail = _tail(words, said)
    if tail is None:
        return None
    head, preposition, slot = tail
    asked = _asking(words, slot, tools.entities)
    slot_terms = set(lang.terms(" ".join(slot)))
    if asked is None or (asked == "where" and slot_terms & set(tools.vocabulary)):
        return None  # a place the articles name may hold the one read ("France", "Paris")
    rest = [
        head[0].lower(),
        *head[1:],
        *([preposition] if preposition and asked != "where" else []),
    ]
    passage = f"{before} {sentence}".strip()
    reading = tools.reader.read(f"{asked} {' '.join(rest)}?", [passage], top=3)[0]
    if reading.best is None or reading.margin < MARGIN:
        return None
    own = set(lang.terms(" ".join(head)))
    for span in reading.spans:
        if span.score < reading.best.score - CLOSE:
            break
        read = set(lang.terms(span.text))
        if not read or read & own:
            continue  # the question's own words read back: look at the next span
        if lang.covered(slot_terms, read) or (asked == "what" and _alike(slot, span.text, tools)):
            return None
        if _of_kind(span.text, asked, passage, tools):  # else no place for "where": the next
            return "No"
    return None


def _of_kind(read: str, asked: str, passage: str, tools: Tools) -> bool:
    """What was read is a name of the kind asked ("where": a place), by the recogniser's labels
    in the passage: a reader asked "where" can still point at "other technology fairs"."""
    wanted = KINDS_READ.get(asked)
    if wanted is None:
        return True
    found = tools.entities([passage])[0]
    return any(e.kind in wanted and (e.text in read or read in e.text) for e in found)


def _alike(slot: list[str], read: str, tools: Tools) -> bool:
    """A thing read back that may be the one asked in other words ("restraints", "handcuffs"):
    no word list here says which thing is a kind of which, so meaning decides."""
    one, other = tools.embed([" ".join(slot), read])
    return float(one @ other / (np.linalg.norm(one) * np.linalg.norm(other))) >= ALIKE


def _tail(words: list[str], said: set[str]) -> tuple[list[str], str, list[str]] | None:
    """(the question before its last part, the preposition before it, the last part) when
    the content words before the last part are said, all or all but one ("did gdu sell its
    drones", "sold" for "sell"), and the last part is not: "did gdu sell its drones | to |
    vietnam", "was the stand run by | a French company"."""
    start = len(words)
    while start > 1 and not (lang.terms(words[start - 1]) and _said(words[start - 1], said)):
        start -= 1
    head, tail = words[:start], words[start:]
    if not lang.terms(" ".join(tail)):
        return None  # the question ends on words the sentence says: nothing left to read back
    preposition = ""
    for index in range(len(tail) - 1, -1, -1):
        if tail[index].lower() in PREPOSITIONS:
            preposition = tail[index].lower()
            head, tail = [*head, *tail[:index]], tail[index + 1 :]
            break
    else:  # the thing a verb ends on, with the words that qualify it: "banned from | US contracts"
        while len(head) > 2 and _modifier(head[-1]):
            head, tail = head[:-1], [head[-1], *tail]
    slot = [word for word in tail if word.lower() not in DETERMINERS]
    content = [word for word in head[1:] if lang.terms(word)]
    unsaid = [word for word in content if not _said(word, said)]
    if not lang.terms(" ".join(slot)) or len(slot) > 2 or len(unsaid) > 1 or _lower(slot) & HOW:
        return None
    return (head, preposition, slot) if len(content) - len(unsaid) >= 2 else None


def _modifier(word: str) -> bool:
    """A word that may qualify the noun after it ("US", "torture", "shock"): a content word that
    does not read as a verb or an adverb by its ending (no tagger runs on questions)."""
    lowered = word.lower()
    return (
        bool(lang.terms(word)) and not re.search(r"(?:ing|ed|ly)$", lowered) and lowered not in HOW
    )


def _said(word: str, said: set[str]) -> bool:
    """A content word of the question the sentence says (a function word counts as said)."""
    found = set(lang.terms(word))
    return not found or bool(lang.covered(found, said))


def _asking(
    words: list[str],
    slot: list[str],
    entities: Callable[[list[str]], list[tuple[Entity, ...]]],
) -> str | None:
    """The question word for the slot's kind of name; "what" for a thing that is no name; None
    for a year, a figure, a continent's people or a name of no kind asked here."""
    if any(re.fullmatch(r"\d[\d,.]*", word) for word in slot) or _lower(slot) & BROAD_PEOPLES:
        return None
    kinds = _kinds(words, slot, entities)
    if not any(word[:1].isupper() for word in words[1:]):
        # Typed in lower case: "vietnam" is read as "Vietnam" only for a place or a people,
        # which the recogniser knows by the word itself; "Firearms" would pass for a company.
        kinds = {
            kind for kind in _kinds(words, [w[:1].upper() + w[1:] for w in slot], entities)
        } & {"place", "group"}
    for kind, asking in ASKING.items():
        if kind in kinds:
            return asking
    if kinds or any(word[:1].isupper() for word in slot):
        return None
    return "what"


def _lower(words: list[str]) -> set[str]:
    return {word.lower() for word in words}


def _kinds(
    words: list[str],
    slot: list[str],
    entities: Callable[[list[str]], list[tuple[Entity, ...]]],
) -> set[str]:
    """The kinds of name the recogniser finds in the slot, read in its question."""
    text = " ".join([*words[: len(words) - len(slot)], *slot]) + "?"
    slot_text = " ".join(slot)
    return {e.kind for e in entities([text])[0] if e.text in slot_text or slot_text in e.text}
