"""What one article covers that another does not, and what two articles have in common.

"What does the first article cover that the second doesn't?" is not a search: every sentence of
the one is weighed against every sentence of the other. A sentence is new when neither its
meaning (its closest sentence in the other article, by the embedding) nor its rarer words (by
idf) are found there; two sentences are shared when they say nearly the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
from llama_index.core.schema import NodeWithScore

from ingest.store.catalog import DocumentInfo
from rag.extractive.answer import Composition, Tools, candidates
from rag.extractive.candidates import Candidate
from rag.forms.summary import article_summary
from rag.forms.which_article import PLACES, placed_article
from rag.questions.form_sense import framed_subject, framing
from rag.words import text as lang

if TYPE_CHECKING:
    from rag.forms import Reading

REFERENCE = rf"(?:the )?({'|'.join(PLACES)}|other)(?: one| article| story| piece| report)?"
# "What does the first article cover that the second doesn't?", "What's in the second article
# that the first leaves out?": the article named first has what the one named second lacks.
ONLY_IN = re.compile(
    rf"\b{REFERENCE}\b.*?\b(?:that|which|but) {REFERENCE}\s+(?:one |article |story |piece )?"
    r"(?:does ?n[o']?t|does not|leaves? out|left out|omits?|lacks?|miss(?:es)?|skips?|ignores?)\b",
    re.IGNORECASE,
)
# "What does each article cover that the other doesn't?": what each has that the other lacks,
# both ways ("How do the two pieces differ in focus?" is each summarised: `side_by_side`).
EACH_ONLY = re.compile(
    r"\b(?:each|either)\b.*?\bthe other\b.*?\b(?:does ?n[o']?t|does not|leaves? out|left out|"
    r"omits?|lacks?|miss(?:es)?|skips?|ignores?)\b",
    re.IGNORECASE,
)
IN_COMMON = re.compile(
    r"\bin common\b|\bboth (?:articles |stories |pieces )?(?:say|cover|report|mention)\b", re.I
)
NEW_SHOWN = 5  # what one article adds: a short list of points
EACH_SHOWN = 3  # of each, when both are asked for
SHARED_PAIRS = 3
MIN_WORDS = 8


def asks(question: str) -> str | None:
    """ "only" for what one article has that another lacks, "each" for that both ways,
    "common" for what both say."""
    if EACH_ONLY.search(question):
        return "each"
    if ONLY_IN.search(question):
        return "only"
    return "common" if IN_COMMON.search(question) else None


def pair(question: str, documents: list[DocumentInfo]) -> tuple[DocumentInfo, DocumentInfo] | None:
    """The two articles a question compares: those it names by place, in the order it names
    them; of a library of two, both, the named one first."""
    listed = [d for d in documents if not d.duplicate_of]
    named: list[DocumentInfo] = []
    found = ONLY_IN.search(question)
    for place in found.groups() if found else ():
        article = placed_article(place, listed) if place.lower() != "other" else None
        if article is None and len(listed) == 2 and named:
            article = next(d for d in listed if d is not named[0])
        if article is not None and article not in named:
            named.append(article)
    if len(named) == 2:
        return named[0], named[1]
    return (listed[0], listed[1]) if len(listed) == 2 and not named else None


# The words that ask what one article lacks, beside those that frame any request (`framing`).
GAP_WORDS = set(
    lang.terms("leave leaves left out omit omits lack lacks miss misses skip skips ignore ignores")
)


def topic_of(question: str, tools: Tools) -> list[str]:
    """What a gap is asked about, as the question words it, of the words the articles use:
    "What does the second article say about Shenzhen that the first doesn't?" -> ["Shenzhen"];
    none for the whole article."""
    words = [w for w in lang.WORD.findall(question) if not framing(w) and w.lower() not in PLACES]
    known = set(tools.weights(set(lang.terms(" ".join(words))) - GAP_WORDS))
    return [w for w in words if set(lang.terms(w)) & known]


def only_in(
    one: list[Candidate],
    other: list[Candidate],
    tools: Tools,
    titles: tuple[str, str],
    topic: Sequence[str] = (),
    shown: int = 0,
) -> Composition:
    """The sentences of `one` least like anything in `other`, in reading order; of a `topic`,
    those that say it, or a refusal saying `one` does not."""
    one = [c for c in one if len(c.text.split()) >= MIN_WORDS]
    if topic:
        wanted = set(lang.terms(" ".join(topic)))
        one = [c for c in one if lang.covered(wanted, set(lang.terms(c.text)))]
        if not one:
            return Composition(
                "refused", form="compare", intro=f'"{titles[0]}" never mentions {" ".join(topic)}.'
            )
    if not one or not other:
        return Composition("refused", form="compare")
    near = (_vectors(one, tools.embed) @ _vectors(other, tools.embed).T).max(axis=1)
    their_words = {t for c in other for t in lang.terms(c.text)}

    def new_words(candidate: Candidate) -> float:
        weights = {t: tools.idf(t) for t in set(lang.terms(candidate.text))}
        return math.fsum(w for t, w in weights.items() if t not in their_words) / (
            math.fsum(weights.values()) or 1.0
        )

    novelty = [0.5 * (1 - float(n)) + 0.5 * new_words(c) for c, n in zip(one, near, strict=True)]
    their_names = {n for c in other for n in _names(c.text)}
    chosen = _new_names_first(one, novelty, their_names, shown or NEW_SHOWN)
    chosen = sorted(chosen, key=lambda c: c.start)
    intro = f'What "{titles[0]}" covers that "{titles[1]}" does not:'
    return Composition("answer", chosen, form="compare", intro=intro)


# A word ending in a full stop that does not end a sentence: "Mr.", "U.S.".
ABBREVIATION = re.compile(r"^(?:(?:[A-Z]\.)+|Mr|Mrs|Ms|Dr|St|Gen|Sen|Gov|Rep)\.?$")


def _names(sentence: str) -> set[str]:
    """The capitalised words inside a sentence (not its first, nor one opening a fragment it
    runs on to: "… riot troops. Jamming equipment."): "GDU", "Hytera", "Uighur"."""
    words = sentence.split()
    return {
        w.strip("\"“”'’s").lower()
        for before, w in pairwise(words)
        if w[:1].isupper()
        and not (before.endswith((".", "!", "?")) and not ABBREVIATION.match(before))
    }


def _new_names_first(
    one: list[Candidate], novelty: list[float], their_names: set[str], shown: int
) -> list[Candidate]:
    """The `shown` most novel sentences, each next one preferring a name neither the other
    article nor a sentence already chosen gives: what one article adds is mostly whom and what
    it names ("GDU", "Hytera", "the Uighurs"), not five sentences about one of them."""
    chosen: list[int] = []
    told = set(their_names)
    names = [_names(c.text) for c in one]
    while len(chosen) < min(shown, len(one)):
        value = {
            i: novelty[i] + (NEW_NAME if names[i] - told else 0.0)
            for i in range(len(one))
            if i not in chosen
        }
        best = max(value, key=lambda i: value[i])
        chosen.append(best)
        told |= names[best]
    return [one[i] for i in chosen]


NEW_NAME = 0.15  # a sentence naming what nothing chosen or in the other article names


def compared(
    asked: str,
    question: str,
    one: list[Candidate],
    other: list[Candidate],
    tools: Tools,
    titles: tuple[str, str],
) -> Composition:
    """What `asked` (`asks`) wants of the two articles' sentences: what only `one` says (on the
    question's topic, if it gives one), or what both say."""
    if asked == "common":
        return in_common(one, other, tools, titles)
    topic = topic_of(question, tools)
    if asked == "each":  # what each adds, the first article's points first
        first = only_in(one, other, tools, titles, topic, EACH_SHOWN)
        second = only_in(other, one, tools, titles[::-1], topic, EACH_SHOWN)
        if first.abstained or second.abstained:
            return first if second.abstained else second
        intro = f'What each of "{titles[0]}" and "{titles[1]}" covers that the other does not:'
        chosen = first.chosen + second.chosen
        return Composition("answer", chosen, form="compare", intro=intro)
    return only_in(one, other, tools, titles, topic)


def in_common(
    one: list[Candidate], other: list[Candidate], tools: Tools, titles: tuple[str, str]
) -> Composition:
    """The closest pairs of sentences, one from each article, closest first."""
    one = [c for c in one if len(c.text.split()) >= MIN_WORDS]
    other = [c for c in other if len(c.text.split()) >= MIN_WORDS]
    if not one or not other:
        return Composition("refused", form="compare")
    alike = _vectors(one, tools.embed) @ _vectors(other, tools.embed).T
    chosen: list[Candidate] = []
    for flat in np.argsort(-alike, axis=None):
        i, j = np.unravel_index(flat, alike.shape)
        if one[i] in chosen or other[j] in chosen:
            continue
        chosen += [one[i], other[j]]
        if len(chosen) >= 2 * SHARED_PAIRS:
            break
    intro = f'What "{titles[0]}" and "{titles[1]}" both say, closest first:'
    return Composition("answer", chosen, form="compare", intro=intro)


def never_named(names: list[str], naming: list[str], documents: list[DocumentInfo]) -> str | None:
    """ "Only "B" mentions Xinjiang; "A" never does.": of a library of two articles compared on a
    topic whose names (`names`) only the articles `naming` use (the whole store searched for
    them, `rag.forms.listing.naming`), the one that never names it is said so, not left out."""
    both = pair("", documents)
    if both is None or not names or not naming:
        return None
    missing = [d for d in both if d.doc_id not in naming]
    present = [d for d in both if d.doc_id in naming]
    if len(missing) != 1 or len(present) != 1:
        return None
    # Of several names, the other may use some: it never uses them together.
    said = " and ".join(names) + (" together" if len(names) > 1 else "")
    return f'Only "{present[0].title}" mentions {said}; "{missing[0].title}" never does.'


def sentences(hits: list[NodeWithScore]) -> list[Candidate]:
    """An article's sentences once each (its stored passages overlap), in reading order."""
    seen: dict[int, Candidate] = {}
    for candidate in candidates(hits):
        seen.setdefault(candidate.start, candidate)
    return sorted(seen.values(), key=lambda c: c.start)


def _vectors(pool: list[Candidate], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    return np.asarray(embed([c.text for c in pool]))


# "How do the two pieces differ in focus?": the articles whole, not a topic in them.
WHOLE_ASPECTS = re.compile(
    r"\b(?:focus|emphasis|angle|approach|coverage|structure|content|story|stories|overall)\b", re.I
)


def side_by_side(topic: str, reading: Reading) -> Composition | None:
    """Two articles compared with no topic ("How do the two articles differ?", "… differ in
    focus?"): each summarised, lede first, side by side; None when a topic is asked or the
    library is not two articles."""
    both = pair("", reading.documents)
    if both is None or framed_subject(WHOLE_ASPECTS.sub(" ", topic)).strip():
        return None
    count = reading.settings.answer.overview_sentences
    summary = article_summary(reading.passages_of([d.doc_id for d in both]), reading.tools, count)
    summary.form = "compare"
    return summary
