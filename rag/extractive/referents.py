"""Who a sentence that refers back is about: "The company already makes 40% of its sales outside
of China" is about Hytera, named two sentences before it, so it does not answer "what share of
Norinco's sales come from abroad?".

A sentence opening "It", "The company", "The firm"… is read with the sentences it refers back
to (`referred`). When the question's subject (`subject`: the name it gives a possessive, else
its first) is in none of them and they name someone else, the sentence is about that other
subject, and its spans are no answer to the question.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from rag.extractive.candidates import Candidate, earlier_in_passage, sentence_before
from rag.extractive.scoring import REFERS, pool_entities
from rag.questions.analysis import names_in
from rag.words import places
from rag.words import text as lang

if TYPE_CHECKING:
    from rag.extractive.spans import Span
    from rag.words import nlp

# "At Milipol, …", "In Paris, …": a setting, not the subject.
OPENING = re.compile(r"^\s*(?:in|at|on|during|after|before|since)\b[^,?]{1,40},\s*", re.I)
POSSESSOR = re.compile(r"([\w-]+)['’]s\b")
FIRST_WORD = re.compile(r"^[\"“']?([A-Z][\w-]+)")


def referred(candidate: Candidate, earlier: dict[str, str], depth: int = 3) -> str:
    """The sentences a sentence refers back to ("The company already makes 40%…" after "… who
    represents the firm…" after "Meanwhile, the stand of Hytera…"), up to `depth` of them;
    `earlier` maps each sentence read to the one before it, and the candidate's passage gives
    those of its own sentences that were not read."""
    text, context, chain = candidate.text, candidate.context, []
    within: dict[str, str] | None = None  # the passage's own sentences, for those not read
    while REFERS.search(text) and context and len(chain) < depth:
        chain.append(context)
        if context not in earlier and within is None:
            within = earlier_in_passage(candidate)
        text, context = context, earlier.get(context) or (within or {}).get(context, "")
    return " ".join(reversed(chain))


def subject(question: str, pool: list[Candidate]) -> str | None:
    """The question's subject as the articles name it: the name it gives a possessive ("Norinco's
    sales"), else the first name it gives after any opening phrase of place or time ("At
    Milipol, …"); a name is a word the sentences read write capitalised, the first word of a
    sentence too, so a question typed in lower case has one."""
    named = {term for c in pool for name in names_of_sentence(c.text) for term in lang.terms(name)}
    body = OPENING.sub("", question)
    owners = [t for w in POSSESSOR.findall(body) for t in lang.terms(w) if t in named]
    asked = [t for t in lang.terms(body) if t in named]
    return (owners or asked or [None])[0]


def about_another(asked: str | None, candidate: Candidate, earlier: dict[str, str]) -> bool:
    """The sentence refers back to someone other than the question's subject `asked`: the
    subject is neither in it nor in what it refers back to, and those name someone else.
    `earlier` maps each sentence read to the one before it."""
    if asked is None or not REFERS.search(candidate.text) or not candidate.context:
        return False
    before = referred(candidate, earlier)
    if asked in set(lang.terms(f"{before} {candidate.text}")):
        return False
    # Names inside the sentences only: an opening "Meanwhile" or "Organisers" names no one.
    return bool({t for name in names_in(before) for t in lang.terms(name)} - {asked})


def names_of_sentence(text: str) -> list[str]:
    """The names a sentence gives, its capitalised first word too unless a common word
    ("Meanwhile", "The")."""
    first = FIRST_WORD.match(text)
    opening = [first.group(1)] if first and first.group(1).lower() not in lang.STOPWORDS else []
    return [*opening, *names_in(text)]


def read_of_another(question: str, candidate: Candidate, pool: list[Candidate]) -> bool:
    """`about_another` for the question's subject as the sentences read (`pool`) name it."""
    earlier = {c.text: c.context for c in pool}
    return about_another(subject(question, pool), candidate, earlier)


def another_country(
    question: str, candidate: Candidate, pool: list[Candidate]
) -> tuple[str, str] | None:
    """The country the sentence tells of where the question asks of another: "How many cameras
    does IHS Markit say the US has?" against "China is known for … IHS Markit estimating it has
    already deployed 176 million cameras": the figure is China's, and the US is named elsewhere
    in the articles (so the question is not refused as naming nothing they use). The asked
    country must be in neither the passage nor what the sentence refers back to, and the
    sentence must name another that holds neither it nor is held by it ("Paris" is in France).
    Returns the country told of and the one asked."""
    asked = [name for name in names_in(question) if "country" in places.kinds(name)]
    if not asked:
        return None
    earlier = {c.text: c.context for c in pool}
    read = f"{referred(candidate, earlier)} {candidate.node.node.get_content()}"
    named = [n for n in names_of_sentence(candidate.text) if "country" in places.kinds(n)]
    for country in asked:
        if places.mentioned(country, read):
            continue
        others = [n for n in named if all(places.apart(a, n) for a in asked)]
        if others:
            return others[0], country
    return None


# "The human rights group stated that they constituted torture devices" answers "Who stated …?"
# with a description; the name it stands for is in the sentence before ("Amnesty International
# filed a complaint …").
DESCRIBED = re.compile(
    r"^(?:(?:the|this|that) )?(?:[\w-]+ ){0,3}(?:group|organi[sz]ation|company|firm|campaigners?|"
    r"agency|charity|body|watchdog|manufacturer|maker|spokes(?:man|woman|person)|official)$",
    re.I,
)
NAMED_KINDS = {
    "person": {"person"},
    "organisation": {"organisation"},
    "agent": {"person", "organisation"},
    "place": {"place"},
}
# "… internment camps across the fractious region." after "… a crackdown in Xinjiang.": a place
# described, not named ("fractious" is no answer to "in which region?").
PLACE_DESCRIBED = re.compile(
    r"^(?:(?:the|this|that) )?(?:[\w-]+ ){0,2}(?:region|province|area|territory|city|country|state)$",
    re.I,
)


def named_for(lead: Span, pool: list[Candidate], entities: nlp.Entities, kind: str) -> Span | None:
    """The name a described lead stands for: the first of the asked kind in the sentence just
    before the lead's, in the same article; None when the lead is a name or none is there."""
    text = re.sub(r"^(?:the|this|that) ", "", lead.text, flags=re.I)
    described = DESCRIBED
    if kind == "place":  # "fractious" of "the fractious region"
        after = re.match(r"\s+([a-z]+)", lead.candidate.text[lead.entity.end :])
        before = lead.candidate.text[: lead.entity.start]
        if not re.search(r"\b(?:the|this|that)\s+$", before, re.I) and text == lead.text:
            return None
        text = f"{text} {after[1]}" if after and not PLACE_DESCRIBED.match(text) else text
        described = PLACE_DESCRIBED
    if kind not in NAMED_KINDS or not described.match(text) or text[:1].isupper():
        return None  # a name ("Hytera Communications Corporation"), not a description
    earlier = sentence_before(lead.candidate, pool)
    if earlier is None:
        return None
    found = pool_entities([earlier], entities)[0]
    # A place described is the one named last before it ("China's Uighur minority … a crackdown
    # in Xinjiang"); a person or group, the first (the sentence's subject).
    for entity in reversed(found) if kind == "place" else found:
        if entity.kind in NAMED_KINDS[kind]:
            return replace(lead, candidate=earlier, entity=entity, key=entity.text.lower())
    return None


# The headings of a page's trailer of other stories: where, not who ("… under Similar articles").
TRAILERS = set(lang.terms("similar related articles stories read more see also"))
LEADING = 400  # characters of the passage before a sentence that its names may be said in


def names_unsaid(question: str, candidate: Candidate) -> bool:
    """The question names something and the sentence says none of its names, nor the sentences
    it refers back to ("The company …": Hytera, named before), nor its article's headline: "What
    products did Huawei display at the fair?" is not come close to by a sentence about another
    firm's handcuffs, however near its words. What comes just before it in its passage counts:
    "The latest test …" is of the Starship landing its paragraph opens on. The one a wh-question
    says did it ("What products did Huawei exhibit at Milipol?") must be said, whatever else is."""
    # A place is often said by another name ("the Soviet Union" for Russia, "Beijing" for China's
    # government): only other names count.
    names = [
        set(lang.terms(name)) - TRAILERS for name in names_in(question) if not places.kinds(name)
    ]
    names = [name for name in names if name]
    node = candidate.node.node
    start = candidate.start - int(node.metadata.get("start", 0))
    leading = node.get_content()[max(start - LEADING, 0) : start]  # the story so far, nearly
    context = f"{referred(candidate, {})} {leading} {candidate.text} {node.metadata.get('title')}"
    said = set(lang.terms(context))
    # The one a question says did it ("What products did Huawei exhibit at Milipol?"): the
    # sentence must say it, whatever else it names ("Milipol").
    doer = WH_DOER.search(question)
    named = (
        set(lang.terms(doer["who"])) - TRAILERS if doer and not places.kinds(doer["who"]) else set()
    )
    if named:
        return not lang.covered(named, said)
    return bool(names) and not any(lang.covered(name, said) for name in names)


# "What did Huawei show …?", "Which products has Hytera sold …?": the name between the
# auxiliary and the verb of a wh-question.
WH_DOER = re.compile(
    r"^\s*(?i:what|which|how|where|when|why)\b[^?]*?\b(?i:did|does|do|has|have|had)\s+"
    r"(?P<who>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s+[a-z]"
)
