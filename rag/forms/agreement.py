"""A yes or no to "Do both articles say there will be 2.76 billion by 2022?", "Do the two pieces
agree on the camera count?", "Do they contradict each other on the host city?".

The disagreements form answers such a question with the points the articles differ on, or with
what each says when they differ on none; the question asked for a verdict too. Asked whether they
agree (or whether both say a thing), a point they differ on is a No; asked whether they differ, a
Yes. No point of difference is a Yes to whether they agree only when every article shown states
the question's own figures and names (two articles that never speak of the thing do not agree on
it), and no No to whether they differ: they may differ in what no figure or date says.
"""

from __future__ import annotations

import re

from rag.extractive.answer import Composition, Tools
from rag.extractive.candidates import Candidate
from rag.extractive.referents import referred
from rag.extractive.restatement import DIGITS, SCALED
from rag.forms import disagreements
from rag.forms.overview import FIGURE_WORDS
from rag.words import text as lang

YES_NO = re.compile(r"^\s*(?:do|does|did|are|is|were|was|have|has|any)\b", re.IGNORECASE)
DIFFER = re.compile(
    r"\b(?:disagree|differ|contradict|conflict|clash|inconsisten|discrepan|divergen|diverge|"
    r"mismatch)\w*"
    r"|\bat odds\b",
    re.IGNORECASE,
)
# A question about the articles together, not one of them: "Does the first piece claim … ?" is
# no question of agreement, whatever form answers it.
TOGETHER = re.compile(
    r"\b(?:both|the two|agree\w*|the same|consistent|match\w*|alike)\b"
    r"|\b(?:each|every|either|all)(?: of)?(?: the)? (?:articles?|pieces?|stor(?:y|ies)|reports?|one)\b",
    re.IGNORECASE,
)
NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w-]+")
# Capitalised words that name the articles or open a clause, not a thing they state.
NOT_NAMES = set(lang.terms("Do Does Did Are Is Both The Article Articles Piece Pieces Story"))


def with_verdict(
    question: str, composition: Composition, disputed: bool, topic: str, tools: Tools
) -> Composition:
    """The composition with a Yes or No opening it when the question asks for one and the
    articles settle it; as it was otherwise. A point of difference settles it only when both
    its sentences say most of the `topic` (`SURE`): "Do they contradict each other on whether
    Chinese firms already sell overseas?" is not settled by two camera counts that both say
    "already"."""
    # The question's own verb says which way it asks, not a word of its topic ("… agree on the
    # cameras deployed in its conflict with the Uighurs?" asks whether they agree).
    differ = bool(DIFFER.search(ASKED_HEAD.split(question, maxsplit=1)[0]))
    if not YES_NO.search(question) or composition.abstained or not composition.intro:
        return composition
    if not differ and not TOGETHER.search(question):
        return composition
    if disputed and _surely_about(composition, topic, tools):
        composition.intro = f"**{'Yes' if differ else 'No'}**: {composition.intro}"
    elif not differ and _stated_by_each(question, composition):
        said = composition.intro[0].lower() + composition.intro[1:]
        composition.intro = f"**Yes**: each article read here says it; {said}"
    return composition


def _surely_about(composition: Composition, topic: str, tools: Tools) -> bool:
    """Whether a point the articles differ on says most of the topic on both sides
    (`disagreements.about` at `SURE`), the words for a count aside ("the number of cameras" is
    said by any camera count); with no topic ("Any contradictions between the two pieces?"),
    any point; with none of its words in the articles, none."""
    if not topic.strip():
        return bool(composition.disputes)
    if not tools.weights(set(lang.terms(topic)) - FIGURE_WORDS):
        return False
    return any(
        disagreements.about(pair, topic, tools, SURE, FIGURE_WORDS, peoples=True)
        for pair in composition.disputes
    )


SURE = 0.5


def _stated_by_each(question: str, composition: Composition) -> bool:
    """Whether every article shown says, in one sentence it is quoted saying on the topic (not
    one shown for another figure it differs on), the question's figures (whole: "6 billion" is
    not "2.76 billion") and names, and its other words but one of four or more ("project" said as
    "estimate"); False when the question has no figure or name to look for."""
    figures = {f.replace(",", "") for f in DIGITS.findall(question)}
    names = [n for n in NAME.findall(question) if not set(lang.terms(n)) & NOT_NAMES]
    if not figures and not names:
        return False
    named = {t for n in names for t in lang.terms(n)}
    near = set(lang.terms(" ".join(NEAR.findall(question))))
    words = set(lang.terms(question)) - ASKING - named - figures - FIGURE_WORDS - near
    allowed = 1 if len(words) >= 3 else 0

    def says(candidate: Candidate) -> bool:
        """The figures and words in the sentence; for a sentence whose figure counts what the
        one before counted ("That number is expected to expand to 2.76 billion" after "… 176
        million cameras"), that sentence's names and what its figures count, nothing it says."""
        given = {f.replace(",", "") for f in DIGITS.findall(candidate.text)}
        back = referred(candidate, {}) if COUNTED_BEFORE.match(candidate.text) else ""
        text = f"{back} {candidate.text}"
        said = set(lang.terms(candidate.text)) | set(lang.terms(" ".join(COUNTED.findall(back))))
        return (
            figures <= given
            and all(  # "2.76 million" is not "2.76 billion"
                re.search(rf"{re.escape(f)}\s*{scale}", candidate.text, re.I)
                for f, scale in SCALED.findall(question)
            )
            and all(re.search(rf"\b{re.escape(n)}\b", text, re.IGNORECASE) for n in names)
            and len(words - lang.covered(words, said)) <= allowed
        )

    shown = composition.chosen[: composition.summarised or len(composition.chosen)]
    articles = {c.doc_id for c in shown}
    return len(articles) > 1 and all(
        any(says(c) for c in shown if c.doc_id == doc_id) for doc_id in articles
    )


# Where a question's topic starts: its verb of agreeing or differing comes before.
ASKED_HEAD = re.compile(r"\b(?:on|about|over|that|whether|regarding)\b", re.IGNORECASE)
# A sentence whose figure is a count the one before gives ("That number is expected to…"), and
# what a figure counts ("176 million cameras").
COUNTED_BEFORE = re.compile(r"^\W*(?:that|this|the) (?:number|figure|total|count)\b", re.I)
COUNTED = re.compile(
    r"(?<![\d.,])(?!(?:19|20)\d\d\b)\d[\d.,]*(?:\s+(?:thousand|million|billion|trillion))?"
    r"\s+([A-Za-z-]+)"
)  # not a year: "In 2017, a …"
# How near a figure is ("around 1,100"): said by the figure, whatever the sentence's own bound.
NEAR = re.compile(
    r"\b(around|about|approximately|roughly|nearly|almost|some|close to)\s+(?=\d)", re.I
)
# The words that ask whether the articles say a thing, not what they say.
ASKING = set(
    lang.terms(
        "do does both two all each every article articles piece pieces story stories report "
        "reports say says state states claim claims give put cite describe agree agrees that on"
    )
)
