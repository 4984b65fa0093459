"""The form of answer a question needs, read by meaning when no pattern of `rag.questions.forms` is sure.

The patterns are certain where they match, but a journalist has a hundred ways to ask for a
summary ("the gist of…", "tl;dr", "catch me up on…") and no table holds them all. A question no
pattern places is read by a small classifier fitted on labelled wordings: 893 written blind, over
every kind of news, by helpers that read no code (`rag/data/form_examples.jsonl`: 400,
then 493 more on 2026-12-05), 200 questions of SQuAD 1.1's training set as facts
(`rag/data/form_facts_squad.jsonl`, CC BY-SA 4.0, Rajpurkar et al. 2016: without them
encyclopaedic questions were read as other forms) and the rounds of the blind forms set written for fitting (`rag/data/forms_blind.jsonl`:
`dev` to `dev21`, 1,973), from the bundled embedding model's vector of the question and its
character n-grams. (Nearest labelled wordings alone were tried first: the embedding is about the
topic more than the framing, and they chose the right form for half the blind dev questions, the
classifier for 86%.) With each blind round held out in turn and the classifier fitted on the rest,
the form is right for 81.1% of them with the first 400 wordings and a threshold of 0.5, 84.9% with
all of them and 0.45, while SQuAD 2.0 dev questions read as another form than a fact went from 4
to 3 of 150 and RealTimeQA dev's from 0 to 1 of 141 (read as a quote; its answer the same).
(300 more wordings written at the boundaries between forms raised the held-out rounds to 86.0% but
read "Members of which group are suing Donald Trump?" as a list of names: not added.) A reading
that is not clear leaves the question a fact, with the overview as its fallback when the fact
answer finds nothing (`Sensed.unclear`).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from rag.questions.analysis import Analysis, doer_asked, names_in
from rag.questions.form_model import FormModel, fit, wordings_digest
from rag.questions.forms import (
    ARTICLE,
    EACH_ARTICLE,
    FIGURATIVE,
    HEADER_NAMES_ARTICLE,
    PHOTOS_COMPARED,
)
from rag.questions.nouns import NOUN_KIND, THING_WORDS
from rag.words import text as lang

# An article as the one speaking: "does the second article use", "the piece word".
ARTICLE_SPEAKS = re.compile(
    rf"\b{ARTICLE}['’]?s?\s+(?:really\s+)?(?:say|says|said|use|uses|used|word|words|worded|"
    r"phrase|phrases|phrased|put|puts|call|calls|called|describe|describes|described)\b",
    re.IGNORECASE,
)

REPORTED = re.compile(r"\b(?:said|says|say|called|calls|call|told|claimed|claims|stated)\b", re.I)

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "form_examples.jsonl"
BLIND = EXAMPLES.with_name("forms_blind.jsonl")
SQUAD_FACTS = EXAMPLES.with_name("form_facts_squad.jsonl")
# The examples' labels, and the form (`rag.questions.forms`) that answers each: reasons and yes/no
# questions are facts to the composer.
LABEL_FORM = {
    "fact": "fact",
    "why": "fact",
    "yesno": "fact",
    "overview": "overview",
    "mentions": "articles",
    "names": "entities",
    "comparison": "compare",
    "disagreements": "disagreements",
    "quote": "quote",
    "about_article": "about",
}
CLEAR = 0.45  # the winning form's probability for it to be adopted
UNCLEAR = 0.3  # an overview this likely, though not clear, is the fact answer's fallback


@dataclass(frozen=True)
class Sensed:
    """What the classifier reads: the most likely form and its probability."""

    form: str
    probability: float
    unclear: str | None = None  # a form to fall back to when the fact answer finds nothing


class FormSense:
    """A logistic regression over the question's embedding and its character n-grams (which
    carry the framing words, typos and all: "gist", "tl;dr", "mentoined"). The model fitted on
    the labelled wordings is shipped (`rag.questions.form_model`); it is fitted again, on the first
    question that needs it, only when the wordings or the embedding model differ from those it
    was fitted with (about two seconds on two cores, once per process and embedding model)."""

    def __init__(
        self,
        embed: Callable[[list[str]], list[list[float]]],
        examples: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        self._embed = embed
        self._examples = list(examples) if examples is not None else load_examples()
        self._model: FormModel | None = None
        self._lock = threading.Lock()

    def _fitted(self) -> FormModel:
        with self._lock:
            if self._model is None:
                questions = [q for q, _ in self._examples]
                labels = [LABEL_FORM[label] for _, label in self._examples]
                shipped = shipped_vectors(questions, self._embed)
                model = None
                if shipped is not None:
                    model = FormModel.load(MODEL, wordings_digest(questions, labels))
                if model is None:
                    vectors = shipped if shipped is not None else self._embed(questions)
                    model = fit(questions, labels, unit_rows(vectors))
                self._model = model
            return self._model

    def sense(self, question: str, vector: Sequence[float]) -> Sensed:
        """The form the classifier reads in the question, given its embedding."""
        if len({label for _, label in self._examples}) < 2:
            return Sensed("fact", 1.0)
        probabilities = self._fitted().probabilities(question, unit_rows([vector])[0])
        ranked = sorted(probabilities.items(), key=lambda item: -item[1])
        form, probability = ranked[0]
        if form != "fact" and probability >= CLEAR:
            return Sensed(form, float(probability))
        # Only an overview is a safe fallback: a list or a comparison read for a fact question
        # that found nothing would answer what was not asked.
        leaning = probabilities.get("overview", 0.0) >= UNCLEAR
        return Sensed(
            "fact", float(probabilities.get("fact", 0.0)), "overview" if leaning else None
        )


def unit_rows(vectors: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    """Each vector scaled to length 1: the classifier reads the embedding's direction."""
    rows = np.asarray(vectors, dtype=np.float32)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


VECTORS = EXAMPLES.with_name("form_vectors.npz")
MODEL = EXAMPLES.with_name("form_model.npz")


def digest(questions: list[str]) -> str:
    return hashlib.sha256("\n".join(questions).encode()).hexdigest()


def shipped_vectors(
    questions: list[str], embed: Callable[[list[str]], list[list[float]]]
) -> np.ndarray | None:
    """The labelled wordings' vectors as shipped (`python -m rag.questions.form_sense` writes them), when
    they are for these wordings and this model (one wording embedded again must agree): half
    the classifier's start-up. None otherwise: they are computed."""
    if not VECTORS.exists():
        return None
    with np.load(VECTORS) as shipped:
        if str(shipped["digest"]) != digest(questions):
            return None
        vectors = shipped["vectors"].astype(np.float32)
    probe = np.asarray(embed(questions[:1])[0], dtype=np.float32)
    agree = float(probe @ vectors[0]) / max(
        float(np.linalg.norm(probe) * np.linalg.norm(vectors[0])), 1e-9
    )
    return vectors if agree >= 0.99 else None


_SHARED: dict[int, tuple[object, FormSense]] = {}
_SHARED_LOCK = threading.Lock()


def shared(model: Any) -> FormSense:
    """One classifier per embedding model in the process (engines over different indexes share
    the model, `ingest.embedding.load_embed_model` caches it), so it is fitted once. The model is
    kept with it, so its id is never reused by another."""
    with _SHARED_LOCK:
        if id(model) not in _SHARED:
            _SHARED[id(model)] = (model, FormSense(model.get_text_embedding_batch))
        return _SHARED[id(model)][1]


# The blind set's test halves are never fitted on: they measure.
FITTED_SPLITS = {"dev", *(f"dev{n}" for n in range(2, 22))}  # `dev` to `dev21`


def load_examples() -> list[tuple[str, str]]:
    """(question, label) for each labelled wording: those written for this, SQuAD's facts, and
    the blind forms set's rounds written for fitting (`dev` to `dev21`)."""
    rows = [json.loads(line) for path in (EXAMPLES, SQUAD_FACTS) for line in _lines(path)]
    rows += [row for row in map(json.loads, _lines(BLIND)) if row.get("split") in FITTED_SPLITS]
    return [(row["question"], row["form"]) for row in rows if row.get("form") in LABEL_FORM]


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# The words that frame a request rather than name its subject, stripped from the front and the
# back of a question: "give me the gist of | the Hytera part", "where is | Elon Musk | mentioned".
FRAME = set(
    (
        "a an the any all both each every some of on about in at from for with between to by "
        "what what's whats which who whom where when how is are was were do does did has have "
        "can could would will please me us give tell brief catch up quick short rundown gist "
        "tl;dr tldr summary summarise summarize sum overview story stories here there key main "
        "point points highlights takeaways everything collection part bit section news latest "
        "mention mentions mentioned mentioning cite cites cited cover covers covered appear "
        "appears quote quotes quoted name names named list discuss discusses talk talks say "
        "says said report reports "
        "conflicting conflict conflicts contradict contradicts contradiction contradictions "
        "disagree disagrees disagreement disagreements differ differs inconsistent inconsistency "
        "numbers figures accounts other two one first second right correct there's many "
        "longer longest shorter shortest they them their "
        "compare comparison common share anything something overall generally general briefly "
        "bring brings raise raises reference references referenced feature features featured "
        "same way different differences difference or and tell tells told either neither anywhere "
        "come comes up crop crops consistent consistant consistently across line lines match "
        "matches tally agree agrees agreement whether not discrepancy discrepancies mismatch "
        "mismatches dispute disputes "
        "explain explains these those this couple few sentence sentences words argue argues "
        "like im i'm eli5 simple simply terms five 5 2 together combined altogether whole entire "
        "nutshell recap lowdown"
    ).split()
)
ARTICLE_WORDS = "articles stories reports pieces sources documents coverage outlets".split()
LONG_FRAME = sorted(w for w in [*FRAME, *ARTICLE_WORDS] if len(w) >= 6)
ARTICLE_WORD = re.compile(rf"^{ARTICLE}$", re.IGNORECASE)
TOKEN = re.compile(r"[^\s?!.,;:]+(?:[.,;:][^\s?!.,;:]+)*")


def framed_subject(question: str) -> str:
    """What the question is about once the words that ask for a form are stripped from both
    ends: "rundown on the chinese companies at milipol" -> "chinese companies at milipol"."""
    words = TOKEN.findall(question.replace("’", "'"))
    while words and framing(words[0]):
        words.pop(0)
    while words and framing(words[-1]):
        words.pop()
    return " ".join(words)


def framing(word: str, articles: bool = True, vocabulary: frozenset[str] = frozenset()) -> bool:
    """A word that asks for a form (`FRAME`, an article word unless `articles` is off), or a
    typo of a long one ("evrything", "sumary", "dissagree") that the articles (`vocabulary`, if
    given) do not use: "consistent" frames, "consistency" of the accounts they use is a topic."""
    plain = word.lower().strip("'\"“”‘")
    if plain in FRAME or (articles and ARTICLE_WORD.match(plain)):
        return True
    if vocabulary and set(lang.terms(plain)) <= vocabulary:
        return False
    return (
        len(plain) >= 6
        and process.extractOne(
            plain, LONG_FRAME, scorer=OSA.normalized_similarity, score_cutoff=0.85
        )
        is not None
    )


# The words that name a field of an article's header, by field, in the order they are tried.
HEADER_WORDS = {
    "photo": "photo photos picture pictures image images photograph photographs caption captions",
    "sections": "heading headings subheading subheadings subheads section sections crossheads",
    "subtitle": "subtitle subtitles subheadline standfirst strapline dek tagline",
    "title": "headline headlines title titles",
    "author": "wrote write written author authors authored byline reporter journalist",
    "source": "outlet newspaper publication site website agency magazine ran carried",
    "date": "when date dated published posted",
}
# An outlet asked of an article names it, or points at it: a newspaper or agency asked of
# anything else is in the news ("Which agency estimated the camera count?").
OF_AN_ARTICLE = re.compile(rf"{HEADER_NAMES_ARTICLE.pattern}|\b(?:it|this|these|them)\b", re.I)
HEADER_WORD = {word: field for field, words in HEADER_WORDS.items() for word in words.split()}


def _header_word(word: str) -> str | None:
    """The header field a word names, give or take a typo in a long word ("headlnes")."""
    plain = word.lower().strip("'\"“”‘")
    if plain in HEADER_WORD:
        return HEADER_WORD[plain]
    if len(plain) < 6:
        return None
    close = process.extractOne(
        plain, list(HEADER_WORD), scorer=OSA.normalized_similarity, score_cutoff=0.85
    )
    return HEADER_WORD[close[0]] if close else None


def header_field(question: str) -> str | None:
    """Which field of an article's header a question about an article asks for."""
    named = {_header_word(word) for word in TOKEN.findall(FIGURATIVE.sub(" ", question))}
    return next((field for field in HEADER_WORDS if field in named), None)


# "which group are suing…": a noun asked for in the singular, right before its verb.
VERBS = {"is", "are", "was", "were", "has", "have", "had", "does", "do", "did"}
ORDINALS = {"first", "second", "third", "last", "final", "opening", "closing"}


def article_named(question: str) -> str:
    """The article a question about a header field names, without the framing or the field:
    "what's the title of the story about the huge influx" -> "huge influx"."""
    tokens = TOKEN.findall(question)
    words = [
        word
        for at, word in enumerate(tokens)
        if _header_word(word) is None  # nor "last" in "the last section of …"
        and not (word.lower() in ORDINALS and _header_word(next(iter(tokens[at + 1 :]), "")))
    ]
    return re.sub(r"\s+(?:called|named|titled)$", "", framed_subject(" ".join(words)))


def adopt(analysis: Analysis, question: str, sensed: Sensed) -> Analysis:
    """The analysis with the form the wordings voted for, and the subject that form needs; left
    a fact when the form cannot be given its subject (a list of no known kind, a quote of no
    one)."""
    if analysis.form != "fact":
        return analysis  # a pattern matched: certain
    update: dict[str, object] = {"unclear": sensed.unclear}
    subject = framed_subject(question)
    # "What role did Amnesty play in each article's account?": what each article says, however
    # the wordings voted (every question of the fitted rounds that says so is a comparison); not
    # a field of each header ("who wrote each article?"), a yes/no or a count of each.
    text_asked = sensed.form in {"fact", "overview"} and analysis.kind not in {"yesno", "quantity"}
    each = EACH_ARTICLE.search(question) and text_asked
    form = "compare" if each else sensed.form
    if form == "about":
        form = header_field(question) or "overview"
        if form == "source" and not OF_AN_ARTICLE.search(question):
            form = "fact"  # "Which newspaper published the trove of documents?": the news
        subject = article_named(question) if form != "overview" else subject
    if form == "entities" and doer_asked(question):  # "What do the firms offer?": not firms
        form = "fact"
    if form == "entities":  # the kind asked for comes first: "which firms…", not "… firms show"
        opening = re.findall(r"[a-z]+", question.lower())[:6]
        # People named by what they work for: "the company reps" are people ("minority groups"
        # stay a people: the first word gives the kind).
        at = next((i for i, w in enumerate(opening) if w in NOUN_KIND), None)
        while at is not None and NOUN_KIND.get(" ".join(opening[at + 1 : at + 2])) == "person":
            at += 1
        subject = opening[at] if at is not None else ""
        after = opening[at + 1] if at is not None and at + 1 < len(opening) else ""
        if at and opening[at - 1] in {"which", "what"} and subject[-1:] != "s" and after in VERBS:
            form = "fact"  # "Members of which group are suing…?": one name is asked for
        elif not subject and (thing := next((w for w in opening if w in THING_WORDS), None)):
            subject = thing  # "Which technologies does the first article list…?"
        elif not subject:
            # Nothing of a kind asked for: a fact, and if it finds none, the sentences on it.
            form = "fact"
            update["unclear"] = "overview" if analysis.kind == "description" else sensed.unclear
    elif form == "quote":
        # "What words does the second article use for China's standing?": the article's own
        # words on a topic, a fact, not a quotation of China.
        speaks = ARTICLE_SPEAKS.search(question)
        # "What did the piece say the Norinco representative said?": the article reports a quote.
        spoken = not speaks or REPORTED.search(question, speaks.end()) is not None
        subject = next(iter(names_in(question)), "") if spoken else ""
        # "Did the Norinco rep say, '…'?": a yes or a no, which only the fact answer gives.
        form = form if subject and analysis.kind != "yesno" else "fact"
    elif form == "articles" and not subject:
        form = "fact"
    elif form == "compare" and PHOTOS_COMPARED.match(subject):
        form, subject = "photo", ""  # "does either article have a photo? compare"
    if form != "fact":
        update.update(form=form, subject=subject, unclear=None)
    return analysis.model_copy(update=update)


if (
    __name__ == "__main__"
):  # python -m rag.questions.form_sense: write the shipped vectors and model again
    from ingest.embedding import load_embed_model
    from ingest.settings import Settings

    examples = load_examples()
    wordings = [question for question, _ in examples]
    labels = [LABEL_FORM[label] for _, label in examples]
    model = load_embed_model(Settings())
    vectors = np.asarray(model.get_text_embedding_batch(wordings), dtype=np.float16)
    np.savez_compressed(VECTORS, vectors=vectors, digest=np.array(digest(wordings)))
    # Fitted on the vectors as shipped (float16), as a process that finds them will see them.
    fitted = fit(wordings, labels, unit_rows(vectors.astype(np.float32)))
    fitted.save(MODEL, wordings_digest(wordings, labels))
    print(f"{VECTORS}, {MODEL}: {len(wordings)} wordings")
