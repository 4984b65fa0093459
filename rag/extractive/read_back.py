"""A yes/no question's last part read back from the sentence that restates the rest of it.

"Was the stand closed in 2017 because it was displaying firearms?" against "Organisers closed
the stand of one Chinese firm at the previous fair in 2017 after … it … display[ed] handcuffs …":
the question's content words but its last part are in the sentence (all of them, or all but
one: "sold" for "sell"), so it is turned into the question it hides ("What was the stand closed
in 2017 because it was displaying?") and the reader reads the sentence. When it reads something
else there, confidently ("handcuffs"), the sentence says otherwise: no. When it reads the
question's own words there, the sentence may well say yes, and this reading leaves that to the
restatement (`rag.extractive.yesno`).

Only a part the question ends on is read back: a place, a company or a person after a
preposition ("to Vietnam", "from Norinco"), a people ("run by a French company"), or the thing an
-ing or -ed verb ends on ("displaying firearms"). The kind of thing asked picks the question word,
as a person would ask it: a place "where", a company "which company", a person "who", a people
"what nationality", a thing "what"; what is read must be a name of that kind in the sentence (a
thing, no name at all). A place read must be apart from the one asked (`rag.words.places`): "sold
drones to Vietnam?" against "… to Thailand" is a No, "held in France?" against "in Paris" no
contradiction. Nothing is settled for a negated or a conditional question ("Did GDU not sell…?",
"Could GDU sell…?"), for a sentence that gives one case of several ("… sold to countries such as
Thailand" says nothing of Vietnam), or when another sentence read says the question's last part
with most of the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from rag.reader import Reader, Span
from rag.words import places
from rag.words import text as lang
from rag.words.nlp import Entity

AUXILIARIES = set("is are was were am do does did has have had".split())
PREPOSITIONS = set("in at to from for by with of on into near inside outside as".split())
DETERMINERS = set("a an the its his her their this that these those some any".split())
WORD = re.compile(r"[\w'’-]+")
NEGATED = re.compile(r"\b(?:not|never|no longer|without)\b|n[’']t\b", re.I)
# "sold drones to countries such as Thailand", "… also sold to Thailand": one case of several, not
# the whole list. ("GDU, for instance, has sold…" makes GDU an example of the firms, not Thailand
# one of its buyers.)
EXAMPLE = re.compile(r"\b(?:such as|including|among (?:other|others)|e\.g\.|also)\b", re.I)
# Words that say how or when, not what: "sold drones abroad?", "deny it at first?" ask nothing a
# reader could read back as something else.
HOW = set(
    "abroad overseas home first last now then again already still ever yet before later earlier "
    "recently once too also here there together alone online anymore today".split()
)
# Verbs that give a thing a name, the name after the thing: "Does Beijing call the camps
# prisons?" hides "What does Beijing call the camps?".
NAMING = set(
    "call calls called label labels labelled labeled term terms termed dub dubs dubbed".split()
)
# A time, not a thing: "shown again at this year's fair?" asks when, and "the organizers" read
# there would say nothing against it.
WHEN = set("year years week weeks month months day days time season edition".split())
# A continent's or a region's people takes in a country's: "an Asian firm?" against "one Chinese
# firm" is no contradiction.
BROAD_PEOPLES = set(
    "asian european african american western eastern foreign international arab latin "
    "nordic scandinavian middle".split()
)
# The question word for each kind of name (`rag.words.nlp.LABEL_KIND`), and the kinds an answer
# to it may be.
ASKING = {
    "place": "where",
    "organisation": "which company",
    "person": "who",
    "group": "what nationality",
}
KINDS_READ = {
    "where": {"place"},
    "which company": {"organisation"},
    "who": {"person", "organisation"},
    "what nationality": {"group"},
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


def read_back(
    question: str, sentence: str, before: str, tools: Tools, elsewhere: Sequence[str] = ()
) -> str | None:
    """ "No" when the question's last part, turned into the question it hides, is read back from
    the sentence as something else; otherwise None (nothing settled here). `before` is what the
    sentence refers back to; `elsewhere`, the other sentences read: one that says the last part
    with most of the rest ("In 2018 GDU also sold its drones to Vietnam") settles nothing here."""
    words = WORD.findall(question.rstrip(" ?"))
    if tools.reader is None or len(words) < 3 or words[0].lower() not in AUXILIARIES:
        return None
    if NEGATED.search(question) or EXAMPLE.search(sentence):
        return None
    tail = _tail(words, set(lang.terms(f"{before} {sentence}")))
    if tail is None:
        return None
    head, preposition, slot = tail
    slot_terms = set(lang.terms(" ".join(slot)))
    if _said_elsewhere(slot_terms, set(lang.terms(" ".join(head))), elsewhere):
        return None
    asked = _asking(words, head, preposition, slot, tools.entities)
    if asked is None:
        return None
    rest = [
        head[0].lower(),
        *head[1:],
        *([preposition] if preposition and asked != "where" else []),
    ]
    # The sentence referred back to is read only when the question needs it: its names would
    # otherwise outscore the sentence's own ("… Huawei" before "… said Yolen Ye, sales manager
    # at GDU" for "is Yolen Ye from Norinco?").
    own = set(lang.terms(" ".join(head)))
    if before and lang.covered(own, set(lang.terms(sentence))) == own:
        before = ""
    offset = len(before) + 1 if before else 0
    passage = f"{before} {sentence}" if before else sentence
    reading = tools.reader.read(f"{asked} {' '.join(rest)}?", [passage], top=3)[0]
    if reading.best is None or reading.margin < MARGIN:
        return None
    names = tools.entities([sentence])[0]
    close = [s for s in reading.spans if s.score >= reading.best.score - CLOSE]
    owned = [s for s in close if set(lang.terms(s.text)) & own]  # the question's own words read
    for span in close:
        read = set(lang.terms(span.text))
        # In the sentence referred back to, the question's own words, or a word that only
        # qualifies them ("electric" of "electric shocks" for "the shock handcuffs"): the next.
        piece = any(_qualifies(span, other, own) for other in owned)
        if span.start < offset or not read or read & own or piece:
            continue
        if lang.covered(slot_terms, read) or (asked == "what" and _alike(slot, span.text, tools)):
            return None
        start, end = span.start - offset, span.end - offset
        if asked == "where" and not (
            preposition
            and places.apart(" ".join(slot), span.text)
            and re.search(rf"\b{preposition}\s+(?:the\s+)?$", sentence[: max(start, 0)], re.I)
        ):
            return None  # a place that may hold the one asked, or not where the question's stands
        if _of_kind(start, end, asked, names):
            return "No"
    return None


def _qualifies(span: Span, other: Span, own: set[str]) -> bool:
    """The span lies inside another span read whose other content words are all the question's
    own, none joined by a preposition: "electric" in "(the) electric shocks", not "GDU" in
    "Yolen Ye, sales manager at GDU"."""
    if span is other or not (other.start <= span.start and span.end <= other.end):
        return False
    cut = other.text[: span.start - other.start] + " " + other.text[span.end - other.start :]
    rest = WORD.findall(cut)
    content = [w for w in rest if lang.terms(w)]
    return (
        bool(content)
        and all(set(lang.terms(w)) <= own for w in content)
        and not any(w.lower() in PREPOSITIONS for w in rest)
    )


def _said_elsewhere(slot: set[str], rest: set[str], elsewhere: Sequence[str]) -> bool:
    """Another sentence read says the slot and at least half the rest of the question."""
    for other in elsewhere:
        said = set(lang.terms(other))
        if lang.covered(slot, said) == slot and 2 * len(lang.covered(rest, said)) >= len(rest):
            return True
    return False


def _of_kind(start: int, end: int, asked: str, names: tuple[Entity, ...]) -> bool:
    """What was read (characters `start:end` of the sentence) is a name of the kind asked, by
    the recogniser's labels; for "what", a thing that is no name ("handcuffs", not "Joe Biden"
    for "signed by the president?")."""
    overlapping = [e for e in names if e.start < end and start < e.end]
    wanted = KINDS_READ.get(asked)
    if wanted is None:
        return not overlapping
    return any(e.kind in wanted for e in overlapping)


def _alike(slot: list[str], read: str, tools: Tools) -> bool:
    """A thing read back that may be the one asked in other words ("restraints", "handcuffs"):
    no word list here says which thing is a kind of which, so meaning decides."""
    one, other = tools.embed([" ".join(slot), read])
    return float(one @ other / (np.linalg.norm(one) * np.linalg.norm(other))) >= ALIKE


def _tail(words: list[str], said: set[str]) -> tuple[list[str], str, list[str]] | None:
    """(the question before its last part, the preposition before it, the last part without
    determiners) when the content words before the last part are said, all or all but one
    ("did gdu sell its drones", "sold" for "sell"), and the last part is not: "is Yolen Ye |
    from | Norinco", "was it displaying | firearms"."""
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
    else:
        # The thing a verb ends on: "displaying | firearms", not "call the camps | prisons" or
        # "US | contracts" (without a tagger, a noun before it may be the start of the thing).
        naming = any(word.lower() in NAMING for word in head)  # "call the camps | prisons"
        if not naming and not re.search(r"(?:ing|ed)$", head[-1].lower()):
            return None
    if preposition == "of" and head[-1].lower() in WHEN:
        return None  # "at the 2017 edition of Milipol": an occasion, named to say when
    slot = [word for word in tail if word.lower() not in DETERMINERS]
    content = [word for word in head[1:] if lang.terms(word)]
    unsaid = [word for word in content if not _said(word, said)]
    named = all(word[:1].isupper() for word in slot)  # "Human Rights Watch": one name
    if not lang.terms(" ".join(slot)) or len(slot) > (4 if named else 2) or len(unsaid) > 1:
        return None
    plain = {re.sub(r"['’]s$", "", word.lower()) for word in slot}
    if plain & (HOW | WHEN) or re.search(r"ing$", slot[0].lower()):
        return None  # how or when; or a doing ("for showing weapons"), not a thing
    return (head, preposition, slot) if len(content) - len(unsaid) >= 2 else None


def _said(word: str, said: set[str]) -> bool:
    """A content word of the question the sentence says (a function word counts as said)."""
    found = set(lang.terms(word))
    return not found or bool(lang.covered(found, said))


def _asking(
    words: list[str],
    head: list[str],
    preposition: str,
    slot: list[str],
    entities: Callable[[list[str]], list[tuple[Entity, ...]]],
) -> str | None:
    """The question word for the slot's kind of name; "what" for a thing that is no name; None
    for a year, a figure, a continent's people or a name of no kind asked here."""
    if any(re.fullmatch(r"\d[\d,.]*", word) for word in slot):
        return None
    if {word.lower() for word in slot} & BROAD_PEOPLES:
        return None
    typed_lower = not any(word[:1].isupper() for word in words[1:])
    # Typed in lower case, "norinco" is read as "Norinco" for the recogniser.
    shown = [w[:1].upper() + w[1:] for w in slot] if typed_lower else slot
    text = " ".join([*head, *([preposition] if preposition else []), *shown]) + "?"
    slot_text = " ".join(shown)
    found = entities([text])[0]
    kinds = {e.kind for e in found if e.text in slot_text or slot_text in e.text}
    if typed_lower:  # "Firearms" would pass for a company; a people or a place is known by its word
        kinds &= {"group", "place"}
    for kind, asking in ASKING.items():
        if kind in kinds:
            return asking
    if kinds or any(word[:1].isupper() for word in slot):
        return None
    return "what"
