"""Yes or no, said only where a quoted sentence settles it; else the closest sentences, no word.

No model here tells whether a sentence entails a question (no entailment data is bundled), so
only these readings are trusted, each a sentence stating the question's own terms:
- a superlative with an exception: "best represented … save for France" (`exceptions`);
- a figure compared: "more than 1,000 companies?" against "over 1,100 companies" (yes), "most of
  its sales" against "40% of its sales" (no);
- a contrast: "showing assault rifles?" against "… rather than assault rifles" (no);
- a change: "still deny …?" against "after initially denying …, now …" (no);
- another name or year where the question's stands, the rest restated: "held in London?"
  against "hosted this year in Paris" (no);
- another thing read where the question's last part stands, by the reader, the rest restated:
  "was it displaying firearms?" against "… display handcuffs …" (no; `rag.extractive.read_back`);
- a job: "Is Yolen Ye GDU's CEO?" against "… Yolen Ye, sales manager at GDU" (no;
  `rag.extractive.affiliations`, which also reads whom someone works for);
- a source who withheld a name: "Did the Norinco rep give his name?" against "… said a
  representative of the state-owned firm who asked that his name not be used" (no; yes to "Did
  he ask to stay anonymous?"), the question's names in the sentence or the one it refers to;
- a restatement: the question's content words in one sentence (all but one of four or more;
  every name), neither hedged where the question is not nor negated next to them ("Is China a world
  leader in facial recognition?" against "… in which China is also a world leader") (yes);
  negated next to one of them ("Did he give his name?" against "… his name not be used") (no).
A keyword or two in common is never a yes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.extractive import hedges, opposites, read_back, times
from rag.extractive.affiliations import by_affiliation, by_role
from rag.extractive.anonymity import by_anonymity
from rag.extractive.candidates import Candidate, sentence_before
from rag.extractive.doers import by_cleft, unsaid_doer
from rag.extractive.exceptions import by_exception
from rag.extractive.hedges import HEDGED
from rag.extractive.namesakes import by_another_named, by_substitution, headlined
from rag.extractive.referents import referred
from rag.extractive.restatement import LIGHT, replaced, restated
from rag.extractive.roles import by_reversal
from rag.extractive.scoring import REFERS
from rag.extractive.yesno_figures import (
    COMPARED,
    NEAR_FRACTION,
    by_figure,
    exact_figure,
    in_digits,
)
from rag.questions.analysis import names_in
from rag.words import places
from rag.words import text as lang

CONTRAST = re.compile(
    r"\b(?:rather than|instead of|not|never|no longer|nor|non-)\s*((?:\S+\s+){0,5}\S+)", re.I
)
DRAWN = re.compile(r"\b(?:rather than|instead of)\b", re.I)
NEGATED = re.compile(r"\b(?:not|never|no|nor|neither|n't|denied|denies|deny|without)\b", re.I)
NOT_ASKED = re.compile(r"\b(?:not|never|cannot)\b|n[’']t\b", re.I)  # "Did it not …?", "can't"
# A question about what is to come; a sentence saying it too, or hedged as a forecast is.
FUTURE = re.compile(
    r"\bnext (?:year|month|week|edition|time|fair)\b|\bin (?:the )?future\b|\bupcoming\b|"
    r"\bwill\b(?:\s+\w+){1,8}?\s+again\b",
    re.I,
)
# Where a clause ends, near enough (the parser that would say it exactly is not loaded), and
# the words that open an aside: a relative clause or a quotation.
CLAUSE = re.compile(
    r"[,;:()\"“”]|\s[–—-]\s|\b(?:who|which|that|whose|because|although|but)\b", re.I
)
ASIDE = {"who", "which", "that", "whose"}
QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")


def _negated_in_statement(sentence: str, asked: set[str]) -> bool:
    """A negation in the clause holding the question's words, or in any clause but an aside or
    a quotation: "… who asked that his name not be used" denies nothing of "is Norinco
    state-owned?"; "Hytera agreed to buy Norsat, but the deal was never completed" does."""
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(sentence)]
    bounds = list(CLAUSE.finditer(sentence))
    for negation in NEGATED.finditer(sentence):
        before = [b for b in bounds if b.end() <= negation.start()]
        after = [b for b in bounds if b.start() >= negation.end()]
        start = before[-1].end() if before else 0
        end = after[0].start() if after else len(sentence)
        if asked & set(lang.terms(sentence[start:end])):
            return True
        aside = bool(before) and before[-1].group(0).lower() in ASIDE
        if not aside and not any(a <= negation.start() < b for a, b in quoted):
            return True
    return False


# A yes/no question's best sentences searched for one that settles it: the reader and the
# words rank them, but no span scores whether.
READ = 8


@dataclass(frozen=True)
class Verdict:
    """Yes or no, and the sentence that says so."""

    word: str  # "Yes" or "No"
    candidate: Candidate
    referred: Candidate | None = None  # the sentence before it, where it refers back to it


# "Is Intel one of the producers in the group?" asks whether it is among them: "one" counts
# nothing ("… and producers like Intel" says yes).
MEMBERSHIP = re.compile(r"(?P<asked>\b(?:is|are|was|were)\s+(?:[\w'’.-]+\s+){1,4}?)one of\s+", re.I)


def verdict(
    question: str,
    sentences: list[Candidate],
    read: list[Candidate] | None = None,
    tools: read_back.Tools | None = None,
) -> Verdict | None:
    """The first of the sentences (best first) that settles the yes/no question, if any; `read`
    (every sentence read) gives the sentences a chain of references goes back through; with
    `tools` (the reader), a question's last part is read back from a sentence before that
    sentence's restatement is taken as a yes."""
    if NOT_ASKED.search(question):
        return None  # "Has China not deployed …?": no reading here turns a negated question round
    literal = REPORTED.match(question) is not None  # what was said: a bound's figure as said
    question = in_digits(MEMBERSHIP.sub(r"\g<asked>among ", claim_asked(question)))
    everything = [c.text for c in read or sentences]

    def read_again(question: str, candidate: Candidate, sentence: str, before: str) -> str | None:
        if tools is not None and (
            word := read_back.read_back(question, sentence, before, tools, everything)
        ):
            return word
        # The headline's names count for a restatement only: a sentence that says another year
        # or figure is no No for what its headline alone names.
        return _by_restatement(
            question, sentence, " ".join([before, *headlined(question, candidate)])
        )

    earlier = {c.text: c.context for c in read or sentences}

    def exact(question: str, sentence: str, before: str = "") -> str | None:
        return _by_exact(question, sentence, before, literal)

    readings = (
        by_role,
        by_affiliation,
        by_exception,
        by_figure,
        exact,
        _by_contrast,
        _by_change,
        _by_description,
        by_substitution,
        by_another_named,
        by_reversal,
    )
    # Each sentence, its counts in digits as the question's are, with what it refers back to and
    # the years its passage is placed in ("In 2017, …" before it: "in 2017?" is said), followed
    # once for every reading. A question about what is to come ("held in Paris again next
    # year?") is settled only by a sentence that looks ahead too, or forecasts.
    future = FUTURE.search(question)
    paired = [
        (
            candidate,
            in_digits(candidate.text),
            " ".join([referred(candidate, earlier), *sorted(times.framed(candidate))]),
        )
        for candidate in sentences
        if not future or FUTURE.search(candidate.text) or HEDGED.search(candidate.text)
    ]
    for reading in (*readings, by_anonymity):
        for candidate, text, before in paired:
            word = reading(question, text, before)
            if word == "No" and reading is exact:
                figures = {exact(question, t, b) for _, t, b in paired}
                if figures & {"Yes", "bound"}:  # another source says it, or gives a bound
                    break
            if word in {"Yes", "No"}:
                return Verdict(word, candidate, _referred(candidate, read or sentences))
    for candidate, text, before in paired:
        if (word := read_again(question, candidate, text, before)) is not None:
            return Verdict(word, candidate, _referred(candidate, read or sentences))
    # Someone else's doing, only when no sentence read says the name asked ("Was it France that
    # hosted the fair?" is said in other words elsewhere).
    if who := unsaid_doer(question, everything):
        for candidate, text, before in paired:
            if by_cleft(question, text, before, who, everything) == "No":
                return Verdict("No", candidate)
    return None


def _referred(candidate: Candidate, read: list[Candidate]) -> Candidate | None:
    """The sentence read just before one that refers back ("… said Sylvain Shuang, who
    represents the firm …": the firm is named before it), shown with it."""
    return sentence_before(candidate, read) if REFERS.search(candidate.text) else None


# When, not what: "at Milipol this year?" is not half said by "… hosted this year in Paris".
WHEN_WORDS = set(lang.terms("year years month months week weeks day days today now currently"))


def bears_on(question: str, sentence: str) -> bool:
    """The sentence says at least half of what the question asks beyond its names ("stand" in
    "Did Huawei have its own stand at Milipol?"): worth offering as the closest when nothing
    settles it; one that only names the same company ("… home to … Huawei") is not."""
    names = {t for n in names_in(question) for t in lang.terms(n)}
    asked = set(lang.terms(claim_asked(question))) - names - LIGHT - WHEN_WORDS
    return not asked or 2 * len(lang.covered(asked, set(lang.terms(sentence)))) >= len(asked)


# "Does the first article claim that …?" ("Does it claim …?" once the article named is read as
# the only one): the claim is the question; the article named is where it is read (the question
# is scoped to it before any sentence is read), not words to restate; "it" (the article named,
# taken out) only with a verb of saying: "Did it report a loss?" asks of a company.
SAYING = r"(?:say|claim|state|report|suggest|argue|note|assert|put|describe|imply|indicate)"
# "Does it put the count at 170 million?": "put" of "it" only with a figure it is put at.
SAID_OF_IT = r"(?:say|claim|state|suggest|argue|assert|imply|put(?=[^?]*\bat\s+(?:\w+\s+)?\d))"
REPORTED = re.compile(
    r"^\s*(?P<aux>does|did|do)\s+(?:(?:(?:the|this|that|either|each)\s+(?:[\w'’-]+\s+){0,5}?"
    r"(?:article|piece|story|report|coverage|text|author|writer)\s+(?:really\s+|actually\s+)?"
    rf"{SAYING})|it\s+(?:really\s+|actually\s+)?{SAID_OF_IT})\s+"
    r"(?:that\s+)?",
    re.I,
)


def claim_asked(question: str) -> str:
    """The question with "Does the first article claim (that)" put as "Does": "Does the first
    article claim China has 176 million cameras?" asks whether China has them."""
    reported = REPORTED.match(question)
    if reported is None or not question[reported.end() :].strip():
        return question
    return f"{reported['aux'].capitalize()} {question[reported.end() :]}"


def _by_exact(question: str, sentence: str, before: str = "", literal: bool = False) -> str | None:
    """A figure the question states, against the sentence's figure of the same kind, the rest
    restated: "Were there 60 nations at Milipol?" against "… the 53 nations present": no (or
    "bound", `exact_figure`)."""
    word = exact_figure(question, sentence, literal)
    said = re.findall(r"\d+(?:[.,]\d+)*", question)  # "2,000" as a whole, and as its terms
    figures = set(said) | set(lang.terms(" ".join(said)))
    if fraction := NEAR_FRACTION.search(question):  # "about half": the figure, not a word said
        figures |= set(lang.terms(fraction["fraction"]))
    if word is None or not restated(question, sentence, figures, before):
        return None
    return word


def _by_contrast(question: str, sentence: str, before: str = "") -> str | None:
    """ "Is Norinco showing assault rifles?" and "… rather than assault rifles": no; what the
    question denies too is no No ("… facial recognition instead of assault rifles?")."""
    asked = set(lang.terms(question))
    drawn = DRAWN.search(question)  # "… instead of guns and tanks?": what the question denies
    denies = _negated_too(question)  # and what it denies itself: "is nothing new?"
    denies |= set(lang.terms(question[drawn.end() :])) if drawn else set()
    for match in CONTRAST.finditer(sentence):
        # "non-lethal equipment" denies one word; "rather than assault rifles", two, or the
        # thing each of its parts names ("… assault rifles or battle tanks": tanks).
        if match.group(0).lower().startswith("non-"):
            denials = [lang.terms(match.group(1))[:1]]
            if denials[0] and _says_non(question, denials[0][0]):
                continue  # "Do Chinese firms offer non-lethal equipment?" says it too
        else:
            parts = re.split(r",|\b(?:or|and)\b", match.group(1), flags=re.I)
            denials = [lang.terms(match.group(1))[:2]]
            denials += [terms[-1:] for part in parts[1:] if (terms := lang.terms(part))]
        # A verb that says nothing alone is no denial: "asked that his name not be used"
        # denies nothing of "… was used against Uighurs?".
        denials = [[t for t in denied if t not in UNSAID] for denied in denials]
        denials = [denied for denied in denials if not set(denied) <= denies]
        if any(denied and set(denied) <= asked for denied in denials) and _shares_subject(
            question, sentence, before
        ):
            return "No"
    return None


def _says_non(question: str, word: str) -> bool:
    """The question itself says "non-" of the word ("non-lethal"; `word` a term or a word)."""
    return re.search(rf"\bnon[- ]?{re.escape(word)}", question, re.I) is not None


# Verbs too general to be what a contrast denies (as terms).
UNSAID = set(lang.terms("use make made get take give go come put"))


STILL = re.compile(r"\bstill\s+(\w+)", re.I)
ALWAYS = re.compile(r"\b(?:always|consistently|constantly|invariably)\s+(\w+)", re.I)
GOES_ON = re.compile(
    r"\b(?:still|continu\w*|remains?|remained|keeps?|kept|now|today|currently)\b", re.I
)
ONCE = re.compile(
    r"\b(?:initially|at first|originally|previously|formerly|once|used to)\s+(\w+)", re.I
)
NOW = re.compile(r"\b(?:now|no longer|since then|today|has since|have since)\b", re.I)


def _by_change(question: str, sentence: str, before: str = "") -> str | None:
    """ "Does Beijing still deny the camps exist?" and "Beijing, after initially denying the
    camps existed, now describes them as…": what was done once and is now otherwise: no. Asked
    whether it was always so, the same act or its reverse is a no too ("Did Beijing always
    admit the camps existed?": it initially denied it)."""
    asked = STILL.search(question) or ALWAYS.search(question)
    once = ONCE.search(sentence)
    if asked is None or once is None or not NOW.search(sentence[once.end() :]):
        return None
    verb = lang.terms(asked.group(1))
    done = lang.terms(once.group(1))
    if not verb or not done or not _shares_subject(question, sentence, before):
        return None
    reversed_ = asked.re is ALWAYS and done[0] in opposites.REVERSED_STANCE.get(verb[0], set())
    return "No" if verb[0][:4] == done[0][:4] or reversed_ else None


# "describe the camps as prisons (aimed at …)": what it is called, up to where the clause goes on.
CALLED_AS = re.compile(
    r"\b(?:describ|characteri[sz]|portray|depict|call|label|brand)\w*\s+(?:[\w'’-]+\s+){0,3}?as\s+"
    r"(?P<called>(?:[\w'’-]+\s*){1,4}?)(?=\s+(?:aimed|that|which|who|for|to|in)\b|[,.?]|$)",
    re.I,
)


def _by_description(question: str, sentence: str, before: str = "") -> str | None:
    """Called one thing where the sentence calls it another, the rest restated: "describe the
    camps as prisons aimed at …?" against "describes them as vocational schools aimed at": no."""
    asked, said = CALLED_AS.search(question), CALLED_AS.search(sentence)
    if asked is None or said is None:
        return None
    called = set(lang.terms(asked["called"]))
    if not called or lang.covered(called, set(lang.terms(said["called"]))):
        return None
    return "No" if restated(question, sentence, called, before) else None


def _shares_subject(question: str, sentence: str, before: str = "") -> bool:
    """The question's first name (its subject) is in the sentence, or in the ones it refers back
    to: a contrast about someone else settles nothing."""
    names = names_in(question)
    said = set(lang.terms(f"{before} {sentence}"))  # "Chinese firms" are China's
    return not names or bool(lang.covered(set(lang.terms(names[0])), said))


COMPARATIVE = re.compile(r"\bmore\b.*\bthan\b|\b(?!rather\b|other\b)\w{3,}er than\b", re.I)
# A sentence opening on a demonstrative restates the one before ("That works out to…"); one
# opening on "it" or "they" says what someone or something did ("It has already asked…").
OPENS_REFERRING = re.compile(r"^[\"“']?(?:that|this|these|those)\b", re.I)


NEGATES = re.compile(r"\b(?:nothing|no|none|nobody|without)\s+((?:[\w'’-]+\s+)?[\w'’-]+)", re.I)


def _negated_too(question: str) -> set[str]:
    """The terms the question negates ("nothing new?"): a sentence negating them agrees."""
    return {t for found in NEGATES.finditer(question) for t in lang.terms(found.group(1))}


def _by_restatement(question: str, sentence: str, before: str = "") -> str | None:
    """The question restated by the sentence: yes; negated right next to one of its words, or
    its opposite said: no; hedged where the question is not: neither."""
    asked = set(lang.terms(question))
    said = set(lang.terms(sentence))
    turned = {t for t in asked if opposites.turned(t, sentence, said, asked)}
    if turned and restated(question, sentence, turned, before):
        return "No"
    if COMPARED.search(question) or COMPARATIVE.search(question):
        return None  # a comparison is settled by its figures or its superlative, or not at all
    # Not restated, or its figure only a bound ("over 170 million") of the one asked: neither.
    if not restated(question, sentence, before=before):
        return None
    if exact_figure(question, sentence) == "bound":
        return None
    words, negated = lang.WORD.findall(sentence.lower()), _negated_too(question)
    for index, word in enumerate(words):
        if word == "non":  # "offer non-lethal equipment" denies "lethal", not "offer"
            near = words[index + 1 : index + 2]
            if near and _says_non(question, near[0]):
                continue  # the question says "non-lethal" too
        elif NEGATED.fullmatch(word):
            if set(lang.terms(" ".join(words[index + 1 : index + 3]))) & negated:
                continue  # "is nothing new?" against "is not a new technology": one denial
            near = words[max(index - 2, 0) : index] + words[index + 1 : index + 3]
        else:
            continue
        if set(lang.terms(" ".join(near))) & asked:
            return "No"
    if _negated_in_statement(sentence, asked):
        return None
    # A sentence opening on a demonstrative ("That works out to two cameras per person") states
    # what the one it refers to does: a forecast ("as much as 2.76 billion … by 2022") stays one.
    # "It has already asked Congress …" after "… revealed plans to set up a group" is no plan.
    hedged = hedges.hedged(question, sentence) or (
        OPENS_REFERRING.match(sentence) and hedges.hedges_anything(before)
    )
    if hedged and not HEDGED.search(question):
        return None
    if replaced(question, sentence, before):
        return None  # a word changed, not left out: neither
    if STILL.search(question) and not GOES_ON.search(sentence):
        return None  # "still?" where the sentence does not say it holds now: neither
    # "Is Yolen Ye from China?" is not said by "'It's the Silicon Valley of China,' said Yolen
    # Ye": where someone is from is said with "from" or not at all.
    origin = ORIGIN.match(question)
    if origin and places.kinds(origin["place"]) and not _said_from(origin["place"], sentence):
        return None
    return "Yes"


def _said_from(place: str, sentence: str) -> bool:
    return re.search(rf"\bfrom\s+(?:the\s+)?{re.escape(place)}\b", sentence, re.I) is not None


# "Is Yolen Ye from China?", "Was the rep from Shenzhen?": where someone or something comes from.
ORIGIN = re.compile(
    r"^\s*(?:is|was|are|were)\s+.+?\s+from\s+(?:the\s+)?(?P<place>[\w'’-]+(?:\s+[\w'’-]+){0,2}?)"
    r"(?:\s+(?:originally|itself|himself|herself|themselves))?\s*[?.!]*\s*$",
    re.I,
)
