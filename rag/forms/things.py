"""Things of a kind, not names: "What technologies do the Chinese firms show off?", "What
equipment is on show?".

The names form lists what the entity recogniser labels (companies, people, places); technologies
and equipment are common nouns it never labels. They are found as the articles write them: a
phrase ending in the kind's own word ("facial recognition technology", "5G computing and IoT
tech", "communications gear"), each listed once with the sentence that first says it. A question
whose kind no phrase ends in is answered as a fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from llama_index.core.schema import NodeWithScore

from ingest.store.catalog import DocumentInfo
from rag.extractive.answer import Composition, candidates
from rag.extractive.candidates import Candidate
from rag.questions.nouns import THING_FAMILIES as FAMILIES
from rag.words import text as lang

UNCOUNTED = {"equipment", "gear"}  # "2 kinds of equipment named", not "2 equipment"
BY_TERM = {term: family for family, words in FAMILIES.items() for term in lang.terms(words)}
# Words that open a phrase rather than say what kind of thing it is: "the latest in facial
# recognition technology", "other equipment", "its own systems".
NOT_A_KIND = set("other latest new such own many some several various most more".split())
# Verbs news puts before what is shown or sold ("Chinese firms offer non-lethal equipment", "the
# stand … sports communications gear", "cameras can feed systems"): no tagger is loaded to say so.
NOT_A_KIND |= set(
    "offer offers offered sport sports show shows display displays sell sells make makes use "
    "uses provide provides supply supplies include includes feature features has have deliver "
    "delivers showcase showcases integrate integrates".split()
)
WORD = re.compile(r"[\w-]+")


def asked(question: str, noun: str) -> str | None:
    """The kind of thing a list question asks for ("technologies"), when it asks for one before
    the kind of name the list would otherwise give ("the products the firms are showing": not
    the firms), or as its own noun."""
    at = re.search(rf"\b{re.escape(noun)}\b", question, re.I) if noun else None
    before = question[: at.start()] if at else question
    # The word right before the noun qualifies it: "the tech firms", "equipment makers".
    before = re.sub(r"[\w-]+\s*$", "", before) if at else before
    head = lang.terms(noun)[-1:]  # "tech firms" are firms
    for term in [*head, *lang.terms(before)]:
        if term in BY_TERM:
            return BY_TERM[term]
    return None


def listed(family: str, pool: list[Candidate]) -> Composition | None:
    """Each distinct phrase of the pool ending in the family's word, best sentence first, cited
    once; None when there is none (the question is then a fact)."""
    heads = set(FAMILIES[family].split())
    found: dict[str, tuple[str, Candidate]] = {}
    for candidate in pool:
        for phrase in _phrases(candidate.text, heads):
            found.setdefault(phrase.lower(), (phrase, candidate))
    if not found:
        return None
    chosen = list({id(c): c for _, c in found.values()}.values())
    one = len(found) == 1
    noun = FAMILIES[family].split()[0] if one else family  # "1 technology", "2 technologies"
    kinds = ("kind of " if one else "kinds of ") if family in UNCOUNTED else ""
    return Composition(
        "answer",
        chosen,
        form="entities",
        intro=f"{len(found)} {kinds}{noun} named:",
        items=[(phrase, chosen.index(c)) for phrase, c in found.values()],
    )


def _phrases(sentence: str, heads: set[str]) -> list[str]:
    """The phrases of the sentence ending in one of `heads`, with the words before the head that
    say what kind it is ("5G computing and IoT tech"), up to a stopword."""
    words = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(sentence)]
    phrases = []
    for index, (word, _, end) in enumerate(words):
        if word.lower() not in heads or _modifies_next(sentence, words, index):
            continue  # "Chinese tech firms": a kind of firm, not of technology
        first = index
        while first > 0 and _next_to(sentence, words, first - 1):
            before = words[first - 1][0].lower()
            joined = before == "and" and first > 1 and _a_kind(words[first - 2][0], "and")
            # "Jamming equipment.": a kind, as the first word of a sentence
            opening = sentence[: words[first - 1][1]].rstrip()[-1:] in {"", ".", "!", "?", ":"}
            if not (_a_kind(words[first - 1][0], words[first][0], opening) or joined):
                break
            if first > 1 and _acted(words[first - 2][0], words[first - 1][0]):
                break  # "they constituted torture devices": a verb, not a kind
            first -= 1
        if first < index:
            phrases.append(sentence[words[first][1] : end])
    return phrases


SUBJECTS = set("they it he she we that which who".split())


def _acted(before: str, word: str) -> bool:
    """A word in -ed after a pronoun: what was done ("they constituted"), not a kind."""
    return word.lower().endswith("ed") and before.lower() in SUBJECTS


def _modifies_next(sentence: str, words: list[tuple[str, int, int]], index: int) -> bool:
    """The word stands before another noun ("tech firms"), with nothing between them."""
    if index + 1 >= len(words):
        return False
    after = words[index + 2][0] if index + 2 < len(words) else ""
    return _next_to(sentence, words, index) and _a_kind(words[index + 1][0], after)


def _next_to(sentence: str, words: list[tuple[str, int, int]], index: int) -> bool:
    """Only spaces between the word and the next: no comma or colon ("stands, Chinese firms")."""
    return not sentence[words[index][2] : words[index + 1][1]].strip()


def _a_kind(word: str, following: str, opening: bool = False) -> bool:
    """A word that says what kind of thing follows: not a stopword, and not a verb in -ing
    ("selling equipment") unless it ends a coordinated kind ("5G computing and IoT tech")."""
    plain = word.lower()
    verb = plain.endswith("ing") and following.lower() not in {"and", "or"} and not opening
    return plain not in lang.STOPWORDS and plain not in NOT_A_KIND and not verb


# "What tech does each article highlight?", "Which products does each piece mention?": things of
# any kind, asked of each article.
ASKED_OF_EACH = re.compile(
    r"(?:\b(?:what|which)|^(?:compare|contrast|list)(?:\s+the)?)\s+"
    r"(?:other\s+|kinds?\s+of\s+|sorts?\s+of\s+|specific\s+)*"
    r"(?:tech|technolog(?:y|ies)|products?|equipment|gear|devices?|kit|gadgets?|wares|weapons?)\b",
    re.I,
)


# The words a question asking each article for its things may use beyond the thing: saying,
# showing, the firms that show them.
SHOWING = set(
    lang.terms(
        "does do did each every both two article articles piece pieces story stories report "
        "name names mention mentions list highlight highlights feature features describe cover "
        "spotlight spotlights focus focuses on emphasise emphasises emphasize emphasizes "
        "say says show shows showing shown display displayed displaying offer offers offering "
        "exhibit exhibits exhibiting sell sells selling chinese firms companies exhibitors makers "
        "the of at fair milipol"
    )
)


def by_article(
    question: str,
    scope: list[DocumentInfo],
    passages_of: Callable[[list[str]], list[NodeWithScore]],
) -> Composition | None:
    """The things of every kind (`FAMILIES`) each article names, article by article, each phrase
    cited to the sentence that first says it; None when the question asks for no things."""
    asked = ASKED_OF_EACH.search(question)
    # "… does each article highlight (the Chinese firms showing)?", not "… each article say were
    # on display at other stands?": a list of things narrowed by what follows is a fact.
    if asked is None or set(lang.terms(question[asked.end() :])) - SHOWING:
        return None
    heads = {word for words in FAMILIES.values() for word in words.split()}
    chosen: list[Candidate] = []
    items: list[tuple[str, int]] = []
    lines = []
    for document in scope:
        found: dict[str, tuple[str, Candidate]] = {}
        for candidate in candidates(passages_of([document.doc_id])):
            for phrase in _phrases(candidate.text, heads):
                found.setdefault(phrase.lower().removesuffix("s"), (phrase, candidate))
        title = document.title or document.doc_id
        lines.append(f'- "{title}": {len(found) or "none"}')
        for phrase, candidate in found.values():
            if candidate not in chosen:
                chosen.append(candidate)
            items.append((f"{phrase} ({title})", chosen.index(candidate)))
    if not items:
        return None
    intro = "The technologies, equipment and products each article names:\n" + "\n".join(lines)
    return Composition("answer", chosen, form="entities", intro=intro, items=items)
