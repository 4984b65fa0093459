"""What a question asks for: the kind of answer expected, what it must be about, and its limits.

The kind comes from the question's wording and, for "which X" / "what X" questions, from its head
noun, by the word lists of `rag.questions.nouns`.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pydantic import BaseModel, Field

from rag.questions.forms import question_form
from rag.questions.nouns import (
    DATE_NOUNS,
    EVENT_NOUNS,
    FIGURES_OF_NOTE,
    GROUP_BODY,
    GROUP_NOUNS,
    LAW_NOUNS,
    MONEY_NOUNS,
    ORGANISATION_NOUNS,
    PERCENT_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    PRODUCT_NOUNS,
    QUANTITY_NOUNS,
    WORK_NOUNS,
)
from rag.words import places
from rag.words import text as lang

HEAD_KINDS = [
    (PERCENT_NOUNS, "percent"),
    (MONEY_NOUNS, "money"),
    (QUANTITY_NOUNS, "quantity"),
    (DATE_NOUNS, "date"),
    (PERSON_NOUNS, "person"),
    (GROUP_NOUNS, "group"),
    (ORGANISATION_NOUNS, "organisation"),
    (PLACE_NOUNS, "place"),
    (WORK_NOUNS, "work"),
    (PRODUCT_NOUNS, "product"),
    (EVENT_NOUNS, "event"),
    (LAW_NOUNS, "law"),
]
# Kinds of entity that can answer each kind of question, with how well they fit: a small model
# often labels a company a place ("Hytera" as GPE), and unlabelled capitalised names may be
# anything.
ACCEPTS: dict[str, dict[str, float]] = {
    "person": {"person": 1.0, "name": 0.5},
    "organisation": {"organisation": 1.0, "place": 0.5, "group": 0.4, "name": 0.6},
    "agent": {"person": 1.0, "organisation": 0.9, "group": 0.5, "name": 0.5, "place": 0.3},
    "place": {"place": 1.0, "name": 0.4, "group": 0.3},
    "group": {"group": 1.0, "name": 0.5, "person": 0.4},
    "quantity": {"quantity": 1.0, "money": 0.8, "percent": 0.8},
    "money": {"money": 1.0, "quantity": 0.6},
    "percent": {"percent": 1.0, "quantity": 0.5},
    "date": {"date": 1.0},
    "work": {"work": 1.0, "name": 0.8, "product": 0.5, "event": 0.4, "organisation": 0.3},
    "product": {"product": 1.0, "name": 0.8, "work": 0.5, "organisation": 0.4},
    "event": {"event": 1.0, "name": 0.7, "work": 0.4},
    "law": {"law": 1.0, "name": 0.7},
    "name": {
        "name": 0.8,
        "person": 0.7,
        "organisation": 0.7,
        "place": 0.7,
        "work": 0.8,
        "product": 0.8,
        "event": 0.8,
        "law": 0.8,
        "group": 0.5,
    },
}
FACTOID = set(ACCEPTS)
WH = re.compile(r"\b(who|whom|whose|when|where|why|how)\b")
AUX = r"(?:is|was|were|are|did|does|do|has|have|had|will|would|can|could|should)"


class Analysis(BaseModel):
    """What the answerer looked for, recorded on the answer so evaluation can group by it."""

    kind: str = Field(
        description="person, organisation, agent (who: a person or an organisation), place, "
        "quantity, money, percent, date, work, product, event, law, name, quote, reason, "
        "yesno (a yes/no question) or description."
    )
    head: str | None = Field(None, description="The noun a 'which X' question asks about.")
    focus: list[str] = Field(
        default_factory=list, description="Names and key words the answer must be about."
    )
    sources: list[str] = Field(default_factory=list, description="Outlets the question names.")
    follow_up: bool = False
    form: str = Field(
        "fact",
        description="fact, overview, articles (which mention something), or a field of an "
        "article's header: author, date, source, title (`rag.questions.forms`).",
    )
    subject: str | None = Field(None, description="What an overview or a list is about.")
    unclear: str | None = Field(
        None,
        description="A form the question's meaning leans to without settling on it: the fact "
        "answer falls back to it when it finds nothing (`rag.questions.form_sense`).",
    )
    searched_for: str | None = Field(
        None, description="What was searched, when it differs from the question."
    )

    @property
    def factoid(self) -> bool:
        return self.kind in FACTOID


def expected_kind(question: str) -> tuple[str, str | None]:
    """(kind, head noun) from the question's wording."""
    q = " ".join(question.lower().split())
    # "Apart from the host country, does any nation have more exhibitors than China?": the
    # question after an opening phrase.
    opened = re.match(rf"^[^,?]{{2,80}},\s*(?={AUX}\b)", q)
    asked = q[opened.end() :] if opened else q
    if re.match(rf"^{AUX}\b", asked) and not WH.search(q) and not re.search(r"\b(what|which)\b", q):
        # "Is Norinco a private company?" asks whether, not for a company: its answer is the
        # sentence that settles it, never a name in bold that a keyword matched.
        return "yesno", None
    if re.search(r"\bhow much\b", q):
        money = re.search(
            r"\b(cost|pay|paid|worth|spend|spent|raise|raised|earn|price|fine|"
            r"dollars?|pounds?|euros?|money|charge|sell|sold|fund)",
            q,
        )
        return ("money" if money else "quantity"), None
    if re.search(r"\bhow (many|long|far|big|large|old|tall|high|often|fast|heavy|deep)\b", q):
        return ("date" if re.search(r"\bhow long ago\b", q) else "quantity"), None
    if re.search(r"\b(what|which) (percentage|percent|share|proportion|fraction)\b", q):
        return "percent", None
    if re.search(r"\bwhat did .{1,60}\b(say|said|tell|write|announce|tweet)\b", q) or re.search(
        r"\bwhat (does|do) .{1,60}\b(say|think) about\b", q
    ):
        return "quote", None
    if re.search(r"^\s*(why|how come)\b|\bwhy (is|was|were|are|did|does|do|has|have)\b", q):
        return "reason", None
    # "What reason does Beijing give for the camps?", "How does Beijing justify them?"
    if re.search(
        r"\b(what|which) (reasons?|explanations?|justifications?|motives?|grounds|rationale)\b|"
        # "What's the reason the stall was closed?", "whats the cause of …"
        r"\bwhat(?:'s|’s|s| is| was| are| were) (?:the|[\w-]+(?:'s|’s)) (?:\w+ )?(?:reasons?|"
        r"explanations?|justifications?|motives?|rationale|causes?|purpose)\b|"
        r"\bhow (do|does|did) .{1,60}\b(justify|explain)\b|"
        # "What made Chinese participation raise eyebrows?", "what makes this tech worrying?"
        r"^\s*what (made|makes|caused|causes|led|leads|prompted|prompts|drove|drives) "
        r"(?!up\b|it to\b)\w+|"
        # "What's behind the push by tech giants …?", "what lies behind …", "what's driving …"
        r"^\s*what(?:'s|’s|s| is| was| lies| lay)? (?:behind|driving|motivating) \w+",
        q,
    ):
        return "reason", None
    head = _head_noun(q)
    if head in GROUP_NOUNS and (body := GROUP_BODY.search(q)):  # "minority rights group"
        return "organisation", body.group(1)
    if head is not None and (re.search(r"\b(which|what|name|identify)\b", q) or not WH.search(q)):
        for nouns, kind in HEAD_KINDS:
            if head in nouns:
                return kind, head
    if re.search(r"^\s*when\b|\bwhen (did|was|were|is|does|will|do|are)\b", q):
        return "date", None
    if re.search(r"\b(who|whom|whose)\b", q):
        return "agent", None
    if re.search(r"^\s*where\b|\bwhere " + AUX + r"\b", q):
        return "place", None
    return "description", head


VERBISH = set(
    "is was are were did does do has have had will would can could should may might must "
    "that who whose whom".split()
)
# Words between "which"/"what" and the head noun: "what is the name of the company", "which two
# supermarkets", "which country's lawmakers".
HEAD_FILLERS = set(
    "is was are were the name of kind type a an sort s two three four five six seven eight nine "
    "ten".split()
)


# "What do the Chinese firms offer?", "what are the firms showing?": the noun is who acts, not
# what is asked for ("What are the firms named?", "the name of the firm making …" and "What do
# you call a group of witches?" ask for it).
NP_WORD = r"(?!of\b|that\b|which\b|who\b|in\b|at\b)[a-z'-]+"
DOER_ASKED = re.compile(
    rf"(?:(?:do|does|did)\s+(?!you\b|we\b|i\b|people\b)(?:the\s+)?(?:{NP_WORD}\s+){{0,3}}?{NP_WORD}\s+(?!be\b){NP_WORD}"
    rf"|(?:are|is|were|was)\s+(?:the\s+)?(?:{NP_WORD}\s+){{0,3}}?{NP_WORD}\s+[a-z]+ing"
    r"(?=\s*[?.!]*\s*$|\s+(?:at|in|on|to|for|off|up|there|here)\b))\b"
)


def doer_asked(question: str) -> bool:
    """ "What do the firms offer?": the noun after "what" is who acts; what it does is asked
    ("What was the company showing handcuffs in 2017?" asks for the company)."""
    asked = re.search(r"\b(?:which|what)\s+(.*)", " ".join(question.lower().split()))
    return bool(asked and DOER_ASKED.match(asked.group(1)))


def _head_noun(q: str) -> str | None:
    """The noun after "which"/"what" ("which human rights group" -> "group"; "what is the name
    of the company" -> "company"): the first word, within four, that a word list knows."""
    match = re.search(r"\b(which|what)\s+(.*)", q) or re.search(
        r"\b(name|identify)\s+(?:the\s+)?(.*)", q
    )
    if not match:
        # A search-box question without a question word ("Super Bowl 2021 location").
        last = re.findall(r"[a-z]+", q)[-1:]
        return last[0] if last and any(last[0] in nouns for nouns, _ in HEAD_KINDS) else None
    if doer_asked(q):  # "what do the firms offer?": what they offer
        return None
    words = re.findall(r"[a-z][a-z-]*", match.group(2).replace("’", "'"))
    # The head ends where the verb begins: "which virus is making officials ..." asks for a virus.
    verb = next((i for i, w in enumerate(words[1:], 1) if w in VERBISH), len(words))
    words = [w for w in words[:verb] if w not in HEAD_FILLERS][:4]
    if FIGURES_OF_NOTE.search(" ".join(words)):
        return "people"  # "which public figures": people, not the figures a count gives
    for word in words:
        if any(word in nouns for nouns, _ in HEAD_KINDS):
            return word
    first = re.match(r"(?:(?:is|was|are|were) the )?([a-z]+)", match.group(2))
    return first.group(1) if first and first.group(1) not in lang.STOPWORDS else None


NAME = re.compile(r"(?<!^)(?<![.?!] )\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")


def names_in(question: str) -> list[str]:
    """Capitalised words and runs of them, not counting the first word of a sentence."""
    return NAME.findall(question)


def names_of(question: str, text: str) -> list[str]:
    """The question's names, and words it types in lower case that the text writes as names
    ("is norinco state owned" against "… Norinco is also present …")."""
    found = names_in(question)
    for word in lang.WORD.findall(question):
        shown = word[:1].upper() + word[1:]
        if word.islower() and word not in lang.STOPWORDS and re.search(rf"\w\W+{shown}\b", text):
            found.append(shown)
    return found


TOPIC_NAME = re.compile(r"(?<![.?!] )\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")


def topic_names(topic: str) -> list[str]:
    """Names in a topic cut from a question ("Xinjiang crackdown", "Norinco"): its first word
    counts too, capitalised only because it is a name, unless it is a common word ("The"); a
    possessive is the name ("China's" is China)."""
    found = []
    for name in TOPIC_NAME.findall(topic):
        words = re.sub(r"['’]s?$", "", name).split()  # "China's surveillance": China
        while words and words[0].lower() in lang.STOPWORDS:
            words = words[1:]
        if words:
            found.append(" ".join(words))
    return found


def unknown_names(question: str, vocabulary: Collection[str]) -> list[str]:
    """Names the question uses that no article does ("What is the capital of Peru?" over
    articles that never mention Peru): no sentence can be about them."""
    return [
        name
        for name in names_in(question)
        if (words := lang.terms(name))
        and not any(_known(word, vocabulary) for word in words)
        and not PLURAL_ACRONYM.fullmatch(name)
    ]


# Words written in capitals that are things, not names, with the terms news also uses for them
# (only to tell that no name is missing: "Did CCTV report …?" may ask of the broadcaster).
COMMON_ACRONYMS = {"cctv": ("camera",), "uav": ("drone",), "uavs": ("drone",)}
# "NGOs", "CEOs", "MPs": a kind of thing in the plural, not a name the articles must use.
PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


# A people's name from its country's: "European" for Europe, "Canadian", "Chinese", "Spanish".
DEMONYM = re.compile(r"(?:ean|ian|an|ese|ish|es|i|e)$")


def _known(word: str, vocabulary: Collection[str]) -> bool:
    """The articles use the word, a common word written in capitals for what they call
    otherwise ("CCTV" for cameras: no name, so no refusal for it), or the country or region it
    is the people of."""
    if word in vocabulary or any(w in vocabulary for w in COMMON_ACRONYMS.get(word, ())):
        return True
    forms = country_forms(word)
    return (
        bool(forms)
        and len(forms[0]) >= 3
        and any(stem in vocabulary for stem in lang.terms(" ".join(forms)))
    )


def country_forms(people: str) -> list[str]:
    """The names a people's word may come from, by its regular ending: "chinese" -> "chin",
    "china", "chine"; and the land of it: "thai" -> "thailand"."""
    base = DEMONYM.sub("", people)
    forms = [base, f"{base}a", f"{base}e"] if base != people else []
    land = places.land_of(people)
    return [*forms, land] if land else forms


def focus_terms(question: str) -> list[str]:
    """Names (capitalised words after the first) and content words the answer must be about."""
    names = names_in(question)
    words = [w for w in lang.WORD.findall(question.lower()) if w not in lang.STOPWORDS]
    named = " ".join(names).lower()
    seen: dict[str, None] = {}
    for item in [*names, *(w for w in words if w not in named)]:
        seen.setdefault(item.strip(), None)
    return [item for item in seen if item]


def analyse(question: str, follow_up: bool = False, sources: list[str] | None = None) -> Analysis:
    kind, head = expected_kind(question)
    form, subject = question_form(question)
    return Analysis(
        kind=kind,
        head=head,
        focus=focus_terms(question),
        sources=sources or [],
        follow_up=follow_up,
        form=form,
        subject=subject,
    )
