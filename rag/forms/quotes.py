"""What someone said: the quoted words attributed to them, with the attribution, each cited.

A quotation is attributed to the speaker the question names when the speaker's words are in its
sentence or in the sentence before it ("Chinese armaments firm Norinco is also present…" then
""In China, facial recognition is not new…," said a representative of the state-owned firm").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from llama_index.core.schema import NodeWithScore

from ingest.settings import Settings
from rag.extractive import times
from rag.extractive.answer import Composition, Tools, candidates
from rag.extractive.candidates import Candidate
from rag.extractive.scoring import REFERS
from rag.words import text as lang

QUOTATION = re.compile(r"[“\"]([^”\"]{12,})[”\"]")
SAYING = "said|says|told|tells|added|adds|warned|stated|argued|claimed|insisted"
# Beside a quotation, and as the verb whose subject is the speaker of reported words.
SPEECH = re.compile(rf"\b(?:{SAYING}|according to|explained|wrote|noted)\b", re.IGNORECASE)
REPORTING = rf"(?:{SAYING}|claims?|insists?|argues?|warns?|states)"
# A speaker only referred to, named in the sentence before: "The human rights group stated…".
# Not "the firm" or "the company": the sentence before a firm's words often names another
# ("Amnesty … complained about the company …", then "The Chinese firm said…").
SPEAKER_REFERS = re.compile(
    r"\bthe (?:[\w-]+ ){0,2}(?:group|organi[sz]ation|agency|ministry|charity|campaigners?|"
    r"spokes(?:man|woman|person))\b",
    re.I,
)


# Words that put the name after them in a phrase of its own: "filed a complaint with the
# organizers" names the organisers, but not as the ones who act, so not as the group referred to next.
GOVERNED = set("with to for by from against of at on about in into over than".split())


def _named_as_actor(sentence: str, wanted: set[str]) -> bool:
    """The speaker's words stand in the sentence outside a prepositional phrase (within two words
    after a preposition): "Amnesty International filed…", not "… a complaint with the organizers"."""
    words = lang.WORD.findall(sentence.lower())
    stems = [next(iter(lang.terms(w)), "") for w in words]
    return any(
        stem in wanted and not set(words[max(i - 2, 0) : i]) & GOVERNED
        for i, stem in enumerate(stems)
    )


def reported(sentence: str, speaker_terms: set[str]) -> bool:
    """The speaker is the subject of a verb of saying, without quotation marks: "the GDU says the
    drones are capable of tracking up to 30 targets"."""
    return any(
        re.search(rf"\b{re.escape(term)}\w*\W+(?:\w+\W+){{0,2}}?{REPORTING}\b", sentence, re.I)
        for term in speaker_terms
    )


# "What accuracy rate does Norinco claim?", "What's the name of the rep who was quoted?": a
# thing asked for, a fact, not the speaker's words ("What did Norinco say?", "What quote…").
THING_ASKED = re.compile(
    r"^\s*(?:what|which)(?:'s|’s|\s+is|\s+was)?\s+(?:the\s+)?(?P<head>(?:[a-z-]+\s+){1,2}?)"
    r"(?:does|did|do|is|was|are|were|has|have|of)\b",
    re.I,
)
SPOKEN = set(
    lang.terms(
        "quote quotes quotation quotations words statement statements claim claims comment "
        "comments remark remarks message point argument view opinion thing things line phrase"
    )
)


NOT_A_THING = {"else", "more", "other", "exact", "precisely", "specifically"}


def asks_for_a_thing(question: str) -> bool:
    """The question asks for a thing the speaker claims, not for what they said."""
    found = THING_ASKED.search(question)
    if found is None:
        return False
    head = [  # "what exactly…", "what else did he say?"
        w
        for w in found["head"].split()
        if not w.lower().endswith("ly") and w.lower() not in NOT_A_THING
    ]
    return bool(head) and not set(lang.terms(" ".join(head))) & SPOKEN


WHO_SAID = re.compile(r"^\s*who (?:said|says|stated|claimed|declared|wrote|told)\b", re.I)
# The speaker after the quotation ("…," said a representative of the state-owned firm who…) or
# before the verb (Yolen Ye said…).
AFTER = re.compile(
    rf"[”\"]\s*,?\s*{REPORTING}\s+(?P<who>[^,.;“\"]{{3,80}}?)(?:\s+(?:who|when|as|in|at)\b|[,.;]|$)",
    re.I,
)
BEFORE = re.compile(rf"(?:^|[.;]\s+)(?P<who>[A-Z][^,.;“\"]{{2,60}}?)\s+{REPORTING}\b")


def _named_apart(text: str, context: str, wanted: set[str]) -> bool:
    """The quotation names its own speaker, who is not the one asked for and not referred back
    to the sentence before: "'It's the Silicon Valley of China,' said Yolen Ye, sales manager at
    GDU" is not Huawei's, named just before; "… said Sylvain Shuang, who represents the firm" is
    the firm's, and so is "… said Shuang" after "Sylvain Shuang, who represents Hytera, …"."""
    found = AFTER.search(text)
    names = [w for w in found.group("who").split() if w[:1].isupper()] if found else []
    if found is None or not names or any(re.search(rf"\b{re.escape(n)}\b", context) for n in names):
        return False
    attribution = text[found.start() :]
    said = set(lang.terms(attribution))
    return not REFERS.search(attribution) and lang.covered(wanted, said) != wanted


def said_by(
    question: str,
    words: str,
    hits: list[NodeWithScore],
    passages_of: Callable[[list[str]], list[NodeWithScore]],
) -> Composition | None:
    """Who said the words quoted in "who said '…'?": the sentence that has them, introduced by
    its speaker, with the sentence before when the speaker is only referred to ("the state-owned
    firm", named in the sentence before, read from the whole article: `passages_of`). None for
    any other question."""
    if not WHO_SAID.search(question):
        return None
    wanted = set(lang.terms(words))
    pool = candidates(hits)
    if not wanted or not pool:
        return None

    def share(candidate: Candidate) -> float:
        return len(wanted & set(lang.terms(candidate.text))) / len(wanted)

    best = max(pool, key=share)
    if share(best) < 0.75:
        return Composition("refused", form="quote", intro=f'No article has the words "{words}".')
    found = AFTER.search(best.text) or BEFORE.search(best.text)
    speaker = found.group("who").strip() if found else None
    chosen = [best]
    if speaker is None or not any(w[:1].isupper() for w in speaker.split()):
        whole = candidates(passages_of([best.doc_id]))
        before = [c for c in whole if 0 <= best.start - c.end <= 3]
        chosen = before[:1] + chosen
    intro = f"Said by {speaker}:" if speaker else f'Who said "{words}":'
    return Composition("answer", chosen, form="quote", intro=intro)


# Words for a speaker that no article writes of its speakers and that say nothing of who: "the
# Norinco guy" is whoever speaks for Norinco ("a representative of the state-owned firm"), as is
# "the anonymous rep".
CASUAL = re.compile(
    r"\b(?:guys?|folks?|dudes?|chaps?|blokes?|fellows?|lady|ladies|someone|somebody|"
    r"anonymous|unnamed|unidentified)\b",
    re.I,
)


def quotes(
    speaker: str, question: str, hits: list[NodeWithScore], tools: Tools, settings: Settings
) -> Composition | None:
    """Up to `answer_max_sentences` quotations attributed to `speaker`, or words reported as
    theirs, the most on topic first; None when there are none."""
    named = set(lang.terms(CASUAL.sub(" ", speaker)))
    # A word no article uses cannot say whose words they are ("the Norinco spokesman", where
    # the article has "a representative of the state-owned firm"): the rest names the speaker.
    known = {t for t in named if lang.in_vocabulary(t, tools.vocabulary)}
    wanted = {t: tools.idf(t) for t in (known or named)}
    topic = {t: tools.idf(t) for t in set(lang.terms(question)) - set(wanted)}
    total = math.fsum(wanted.values()) or 1.0
    found: list[Candidate] = []
    pool = candidates(hits)
    referred: dict[int, Candidate] = {}  # a sentence whose speaker is named in the one before
    for candidate in pool:
        quoted = QUOTATION.search(candidate.text) and SPEECH.search(candidate.text)
        own = set(lang.terms(candidate.text))
        apart = quoted and _named_apart(candidate.text, candidate.context, set(wanted))
        near = own if apart else own | set(lang.terms(candidate.context))
        speaker_terms = set(wanted)
        referring = SPEAKER_REFERS.search(candidate.text)
        named_before = (
            not lang.covered(set(wanted), set(lang.terms(candidate.text)))
            and bool(lang.covered(set(wanted), set(lang.terms(candidate.context))))
            and _named_as_actor(candidate.context, set(wanted))
        )
        if referring and named_before:
            # "The human rights group stated that…" after "Amnesty International filed…": the
            # group is the speaker named just before.
            speaker_terms |= set(referring.group(0).lower().split()[1:])  # words, as written
        if not (quoted or reported(candidate.text, speaker_terms)):
            continue
        candidate.lexical = math.fsum(wanted[t] for t in lang.covered(set(wanted), near)) / total
        if candidate.lexical < 0.5:
            continue
        on_topic = math.fsum(topic[t] for t in lang.covered(set(topic), near))
        candidate.score = candidate.lexical + 0.1 * on_topic + 0.1 / (1 + candidate.rank)
        found.append(candidate)
        if referring and named_before:
            before = next((c for c in pool if c.text == candidate.context), None)
            if before is not None:
                referred[id(candidate)] = before
    if not found:
        return None  # reported speech, perhaps: answered as a fact
    # "What did Amnesty say at this year's fair?": not its words of 2017.
    elsewhen = {
        id(c): times.told_of_another_time(
            question, c.node.node.get_content(), bool(c.node.node.metadata.get("date"))
        )
        for c in found
    }
    if all(elsewhen.values()):
        asked = next(iter(elsewhen.values()))
        return Composition(
            "refused",
            form="quote",
            intro=f"The articles quote {speaker} only about another time, not {asked}.",
        )
    found = [c for c in found if not elsewhen[id(c)]]
    found.sort(key=lambda c: c.score, reverse=True)
    unique = list({c.text: c for c in found}.values())[: settings.answer.max_sentences]
    # The sentence that names the speaker goes before the one that only refers to them.
    shown = [c for q in unique for c in (referred.get(id(q)), q) if c is not None]
    unique = list({c.text: c for c in shown}.values())
    return Composition("answer", unique, form="quote", intro=_said_intro(speaker, known, named))


def _said_intro(speaker: str, known: set[str], named: set[str]) -> str:
    """ "What Sylvain Shuang said:"; with a word no article uses, said to be unused rather than
    lent to the one quoted ("the Hytera CEO" where the article quotes the firm's man in Africa):
    'What the articles quote from Hytera (none says "CEO"):'."""
    if not known or not named - known:
        return f"What {speaker} said:"
    words = lang.WORD.findall(speaker)
    unused = [w for w in words if set(lang.terms(w)) & (named - known)]
    used = [w for w in words if set(lang.terms(w)) & known]
    return f'What the articles quote from {" ".join(used)} (none says "{" ".join(unused)}"):'
