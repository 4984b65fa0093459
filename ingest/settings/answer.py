"""Settings of the extractive answerer: which sentences and spans are quoted, and when articles
disagree (`CITEDESK_ANSWER__*`). The numbers chosen by measurement say how they were chosen."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AnswerSettings(BaseModel):
    """The extractive answerer: which sentences and spans are quoted, and when articles disagree."""

    # The extractive answerer (rag/extractive/answer.py, rag/extractive/spans.py). Sentence weights (lexical, kind, rank)
    # come from the 2026-11 grid on SQuAD dev; the span weights from `python -m
    # rag.evaluate.tune_answerer` on all dev splits (2026-11-23): closeness 0.6 lost 1-3 points of
    # right leads on every set against 0.3; agreement 0.25 beat 0.1 and 0.4 on the conflict sets;
    # conflict ratio 0.9 halves false alarms on the plain set but loses a quarter of the flagged
    # disagreements; the copy ratio made no difference between 0.5 and 0.7. Whether to state,
    # offer or refuse is rag/data/confidence.json, fitted by `python -m rag.evaluate.fit_confidence`.
    max_sentences: int = Field(3, ge=1)
    max_candidates: int = Field(
        8, ge=1, description="Sentences embedded and scored by meaning per question."
    )
    max_parsed: int = Field(
        24, ge=1, description="Sentences searched for names, dates and figures per question."
    )
    max_words: int = Field(80, ge=10)
    extra_ratio: float = Field(
        0.85, description="A further sentence must score this share of the best one."
    )
    lexical_weight: float = Field(1.0, ge=0)
    kind_bonus: float = Field(
        0.2, ge=0, description="For a sentence holding the kind of thing asked for."
    )
    rank_bonus: float = Field(0.1, ge=0)
    conflict_ratio: float = Field(
        0.8, description="A rival answer from other articles must score this share of the lead."
    )
    copy_ratio: float = Field(
        0.6,
        description="A copy of the lead's sentence with another answer in its place is shown as a "
        "disagreement down to this share of the lead's score.",
    )
    other_year_penalty: float = Field(
        0.3, ge=0, description="Against a sentence naming only years the question does not."
    )
    repeat_penalty: float = Field(
        0.5, ge=0, description="Against a sentence the previous answer quoted (follow-ups)."
    )
    overview_sentences: int = Field(
        6, ge=1, le=20, description='Most sentences in an overview ("What happened at…").'
    )
    compare_sentences: int = Field(
        3,
        ge=1,
        le=6,
        description='Most sentences from each article in a comparison ("How do the articles '
        'describe …?"; the whole answer at most `overview_sentences`); past two, only one nearly '
        "as relevant as the article's best. On the "
        "blind dev splits 3 found the facet asked 6 times more in 1,461 questions than 2; the 51 "
        "answers it changed are 26% longer.",
    )
    overview_min_similarity: float = Field(
        0.3,
        description="A sentence joins an overview only this close in meaning to its subject "
        "(or using most of its words).",
    )
    overview_diversity: float = Field(
        0.3,
        ge=0,
        le=1,
        description="In an overview, how much a sentence's likeness to those "
        "already chosen counts against it (maximal marginal relevance; 0 = none).",
    )
    disagreement_min_similarity: float = Field(
        0.5,
        description='Two sentences are checked for a disagreement ("where do the articles '
        'disagree?") only this close in meaning.',
    )
