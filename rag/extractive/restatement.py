"""Whether a sentence restates a yes/no question: its content words, names, figures and
superlatives said (`restated`), the test every reading of `rag.extractive.yesno` builds on."""

from __future__ import annotations

import re

from rag.extractive import referents
from rag.extractive.yesno_figures import SMALL, share_differs
from rag.questions.analysis import names_of
from rag.words import text as lang

# "2.76 million?" against "2.76 billion": the scale is part of the figure.
SCALES = ["hundred", "thousand", "million", "billion", "trillion"]

# "Was it Human Rights Watch that complained about the handcuffs?": who did it is what is asked.
CLEFT = re.compile(
    r"^\s*(?:was|is|were)\s+it\s+(?:the\s+)?(?P<who>[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+"
    r"(?:that|who|which)\s+\w",
    re.I,
)
# "the most exhibitors?", "the largest?": a superlative is the question's point, and a sentence
# without it ("China is known for its heavy police surveillance") restates none of it.
SUPERLATIVE = re.compile(
    r"\b(?:most|least|best|worst|largest|biggest|smallest|highest|lowest|only|"
    r"oldest|newest|latest|fewest|greatest)\b",
    re.I,
)

# Words that say something happened, not what: "did the handcuff incident happen in 2015?"
# Not words a sentence must restate: what happened is the sentence itself, and a modal only
# hedges ("Could China have two cameras per person?", against a forecast). An edition says
# when ("at the 2017 edition of Milipol"): its year is what a sentence must say. "Even" only
# stresses ("deny the camps even existed?").
LIGHT = set(
    lang.terms(
        "happen happened occur occurred incident incidents event events could might may "
        "edition editions even"
    )
)
# "own" as a verb ("Does Hytera own firms in Britain?"), not "its own stand".
OWN_VERB = re.compile(
    r"\b(?:do|does|did|to|will|would|still)\s+(?:\w+\s+){0,3}?"
    r"(?<!its )(?<!their )(?<!his )(?<!her )(?<!our )(?<!your )(?<!my )own\b",
    re.I,
)
TAKE_PLACE = re.compile(r"\b(?:take|takes|took|taken|taking)\s+place\b", re.I)
# Words about a figure that the figure itself settles: "around 40 per cent" where the sentence
# says "40%", "the camera count … hit 2.76 billion" (its figures must be said all the same).
FIGURE_FRAME = re.compile(
    r"\bper ?cent\b|\b(?:around|roughly|approximately|nearly|almost|hit|reach|top)\s+(?=\d)"
    r"|\b(?:count|number|figure|total|tally)\b(?=.*\d)",
    re.I,
)


def _unframed(question: str) -> str:
    """The question without the words a restatement need not say ("take place", "around 40"),
    "at first" said as news says it ("initially")."""
    plain = FIGURE_FRAME.sub(" ", TAKE_PLACE.sub(" ", question))
    plain = YEAR_NAMED.sub(" ", plain)  # "for the year 2025": the year is 2025
    plain = EVENT.sub(r"\1 fair", plain)  # "at the show": the trade fair
    return re.sub(r"\bat first\b", "initially", plain, flags=re.I)


# The event, as a noun: "were there 60 countries at the show?" asks of "the trade fair" (not the
# verb: "showing").
EVENT = re.compile(r"\b(the|this|that) (?:show|expo|exhibition)\b", re.I)
YEAR_NAMED = re.compile(r"\b(?:the\s+)?year\s+(?=(?:19|20)\d\d\b)", re.I)


FIGURE_WORDS = {t for word in [*SMALL, *SCALES] for t in lang.terms(word)}
# A question about this year's event, and a sentence about an earlier one.
THIS_YEAR = re.compile(r"\b(?:this year(?:['’]?s)?|the current|the latest)\b", re.I)
EARLIER = re.compile(r"\b(?:previous|last year|earlier|former|(?:19|20)\d\d|past)\b", re.I)
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
SCALED = re.compile(rf"(\d+(?:[.,]\d+)*)\s*({'|'.join(SCALES)})\b", re.I)


def restated(
    question: str, sentence: str, leave_out: set[str] = frozenset(), before: str = ""
) -> bool:
    """The sentence says the question's content words, all but one of four or more (`leave_out`
    aside; "Hong Kong" counts once; a company is a firm), every name and figure it gives, and
    every superlative it asks about; a name or a year may be in what it refers back to or the
    year its passage is placed in (`before`)."""
    asked = _unframed(question)
    wanted = set(lang.terms(asked)) - leave_out - LIGHT
    if OWN_VERB.search(question):  # a stopword, but "does Hytera own firms…?" asks about owning
        wanted.add("own")
    if len(wanted) < 2:
        return False
    named = [set(lang.terms(n)) - leave_out for n in names_of(question, f"{before} {sentence}")]
    if cleft := CLEFT.search(question):  # "was it hytera that …?": the one asked is the point
        named.append(set(lang.terms(cleft["who"])) - leave_out)
    names = set().union(*named)
    terms = set(lang.terms(sentence))
    said = lang.covered_or_same_unit(wanted, terms)
    said |= lang.covered(names, set(lang.terms(_referent(sentence, before))))
    said |= {t for t in wanted if lang.YEAR.fullmatch(t)} & set(lang.terms(before))  # framed
    words = len(wanted) - sum(max(len(n & wanted) - 1, 0) for n in named)
    allowed = 1 if words >= 4 else 0
    superlatives = {m.lower() for m in SUPERLATIVE.findall(question)}
    if superlatives - {m.lower() for m in SUPERLATIVE.findall(sentence)}:
        return False
    # Never the word left out: "200 million?", "three cameras per person?" (against "two"), "3
    # billion?" (a single digit is no term).
    figures = {t for t in wanted if t[:1].isdigit() or t in FIGURE_WORDS}
    # "40 per cent of its staff?", "… in China?"; a figure left out is compared elsewhere.
    if share_differs(question, sentence, leave_out):
        return False
    if THIS_YEAR.search(question) and not THIS_YEAR.search(sentence) and EARLIER.search(sentence):
        return False  # "at this year's fair?" against "at the previous fair in 2017"
    digits = set(DIGITS.findall(question)) - leave_out
    if digits - set(DIGITS.findall(f"{before} {sentence}")):
        return False
    for figure, scale in SCALED.findall(question):  # "2.76 million", not "2.76 billion"
        if figure not in leave_out and not re.search(
            rf"{re.escape(figure)}\s*{scale}", f"{before} {sentence}", re.I
        ):
            return False
    main = set(lang.terms(ASIDE.sub("", sentence)))  # "…, which makes mini drones equipped …"
    if _another_act(question, wanted - said, main) or _undergone(question) & (wanted - said):
        return False
    return len(wanted - said) <= allowed and names <= said and figures <= said


# A sentence opening on "It" or "He" stands for one name before it ("It's the Silicon Valley of
# China," after "… the Shenzhen region near Hong Kong …": Shenzhen, not Hong Kong).
PRONOUN = re.compile(r"^[\"“‘']?(?:it|he|she)\b", re.I)


def _referent(sentence: str, before: str) -> str:
    """What the sentence's names may be read from in `before`: the first name there, for a
    sentence opening on a pronoun that stands for one; else all of it."""
    if not PRONOUN.match(sentence):
        return before
    return next(iter(referents.names_of_sentence(before)), "")


# A clause set off to say more of a name ("…, which makes mini drones equipped with cameras"):
# its acts are not what the sentence says was done.
ASIDE = re.compile(r",\s*(?:which|who|whose)\b[^,;]*", re.I)


# "Did Hytera sell …?", "Has Amnesty International filed …?": the verb after a named subject.
ACTED = re.compile(
    r"^\s*(?i:did|does|do|has|have|had|will|would|can|could)\s+(?i:the\s+)?"
    r"(?:[A-Z][\w'’.-]*\s+){1,4}(?P<verb>[a-z][\w-]*)\b"
)


def _another_act(question: str, unsaid: set[str], said: set[str]) -> bool:
    """The word left out is what the subject did, and the sentence says it did another known
    act (`lang.ACT`): "Did Hytera sell firms in Britain?" against "… having acquired firms in
    Britain". The act the question gives as the means is none other ("Did Hytera grow abroad
    partly by buying up foreign firms?": its acquiring is the question's buying; not "sell
    firms it acquired"). A verb the table does not know ("object to" against "filed a
    complaint") may be the word left out."""
    acted = ACTED.match(question)
    verb = next(iter(set(lang.terms(acted["verb"])) & unsaid), None) if acted else None
    if verb not in lang.ACT:
        return False
    means = {
        lang.ACT[t] for m in MEANS.finditer(question) for t in lang.terms(m[1]) if t in lang.ACT
    }
    asked = {lang.ACT[verb], *means}
    if lang.ACT[verb] == lang.ACT["call"]:  # to call it so is to say it ("'It's the Silicon
        asked.add(lang.ACT["state"])  # Valley of China,' said Yolen Ye"; "stated that they …")
    # A light verb ("makes 40% of its sales") is no act of its own.
    return any(lang.ACT.get(term, lang.ACT[verb]) not in asked for term in said - GENERAL)


# The act a question gives as the means of the one it asks about: "grow … by buying up firms".
MEANS = re.compile(r"\b(?:by|through)\s+([a-z]+ing)\b", re.I)


# "Was the Chinese company fined after …?", "Were the handcuffs designed to …?": what was done
# to the subject, a participle after it (regular, or of the common irregular verbs).
PASSIVE = re.compile(
    r"^\s*(?:was|were|is|are)\s+(?:the|a|an|its|their|this|that|these|those)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?P<verb>(?-i:[a-z]+ed)|held|shown|sold|built|seen|known|given|taken|"
    r"shut|told|found|bought|caught|kept|paid|sent|written|chosen|forbidden|hidden|stolen)\b",
    re.I,
)


def _undergone(question: str) -> set[str]:
    """The term of what the question says was done to its subject: never the word a restatement
    leaves out ("fined" is the point of "Was the company fined after its stand was closed?")."""
    found = PASSIVE.match(question)
    return set(lang.terms(found["verb"])) - GENERAL - LIGHT if found else set()


# Words that say how or when, left out without changing what is asked: "sold drones abroad?",
# "did Beijing deny it at first?".
HOW = set(
    lang.terms(
        "abroad overseas home first last now then again already still ever yet before later "
        "earlier recently once too also here there together alone online anymore today "
        "mainly mostly largely partly chiefly primarily nearly almost roughly around year years"
    )
)
# Verbs too general to be changed for another ("handcuffs that gave shocks?" against "… that
# would deliver electric shocks").
GENERAL = set(lang.terms("give gave given get got take took make made have had use used put"))
CLOSE_BY = 2  # content words between the neighbours of the word left out, at most


def replaced(question: str, sentence: str, before: str = "") -> bool:
    """A content word of the question the sentence does not say stands where the sentence says
    another: its neighbours in the question are found close together in the sentence, with a word
    between them (or just after the one before, for the question's last word) that the question
    does not use. "the latest in voice recognition?" against "… the latest in facial recognition",
    "monitoring floods?" against "monitoring forest fires", "initially admit?" against "initially
    denying": the word left out was changed, not dropped. Where the sentence holds neither
    neighbour close by, the sentence it refers back to (`before`) is read the same way."""
    plain = _unframed(question)  # as `restated` reads it
    tokens = [(i, w, t) for i, w in enumerate(lang.WORD.findall(plain)) if (t := lang.terms(w))]
    asked = [t[0] for _, _, t in tokens]
    named = [i > 0 and w[:1].isupper() for i, w, _ in tokens]  # names: `restated` checks them
    here, there = _words(sentence), _words(before)
    everything = {stem for _, stem in here + there}  # a name or a year said just before
    # Where a word could stand, a place's head noun is part of its name ("the Shenzhen region").
    here_gaps, there_gaps = _without_heads(here), _without_heads(there)
    said = [bool(lang.covered_or_same_unit({t}, everything)) for t in asked]
    for index, term in enumerate(asked):
        if said[index] or named[index] or term in HOW | GENERAL | LIGHT:
            continue
        if term in PLACE_HEADS:
            return True  # "the Shenzhen city" against "the Shenzhen region": another head
        left = next((asked[j] for j in range(index - 1, -1, -1) if said[j]), None)
        right = next((asked[j] for j in range(index + 1, len(asked)) if said[j]), None)
        gaps = _gaps(here_gaps, left, right) or _gaps(there_gaps, left, right)
        # A name there is one of a class the question named ("Britain" for "countries"), or a
        # name the question's own names are checked against (`restated`): not a change.
        if any(
            stem not in {*asked, *HOW, *GENERAL} and not word[:1].isupper()
            for gap in gaps
            for word, stem in gap
        ):
            return True
    return False


def _words(text: str) -> list[tuple[str, str]]:
    """The text's content words, each with its stem."""
    return [(w, t[0]) for w in lang.WORD.findall(text) if (t := lang.terms(w))]


# What a place's name is followed by, still naming it: "the Shenzhen region near Hong Kong" says
# "Shenzhen … near Hong Kong" (no word of "Is Shenzhen located near Hong Kong?" changed).
PLACE_HEADS = set(
    lang.terms("region province city area district state county town village municipality")
)


def _without_heads(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The words without each place's head noun right after its capitalised name."""
    return [
        w
        for i, w in enumerate(words)
        if not (i > 0 and w[1] in PLACE_HEADS and words[i - 1][0][:1].isupper())
    ]


def _gaps(
    words: list[tuple[str, str]], left: str | None, right: str | None
) -> list[list[tuple[str, str]]]:
    """The words between a place saying `left` and a close one saying `right`; with no `right`
    (the word changed ends the question), the one word after `left`; with no `left`, the one
    before `right`. Where the question has both, a text holding only one says nothing of the
    word between them ("China projected to have 2.76 billion" is no change of "The Chinese
    government has been undertaking")."""
    stems = [stem for _, stem in words]
    at = [i for i, t in enumerate(stems) if left and lang.covered_or_same_unit({left}, {t})]
    to = [i for i, t in enumerate(stems) if right and lang.covered_or_same_unit({right}, {t})]
    if left and right:
        return [words[a + 1 : b] for a in at for b in to if 1 < b - a <= CLOSE_BY + 1]
    if at:
        return [words[a + 1 : a + 2] for a in at if a + 1 < len(words)]
    return [words[b - 1 : b] for b in to if b > 0]
