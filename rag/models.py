"""What `ask()` returns: an answer whose every sentence points at a quoted passage."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from rag.questions.analysis import Analysis

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore


class Filters(BaseModel):
    """Restrict a question to some documents or metadata."""

    doc_ids: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    undated_too: bool = Field(
        False,
        description="Search articles without a date as well as those in the date range: set "
        "for a period read from the question, where a year is a topic word first (the seed "
        "articles are undated and about a 2017 incident).",
    )

    as_of: date | None = Field(
        None,
        description="The day the question is asked about: articles dated later are not "
        "searched (undated ones are), and 'this week', 'last month', 'recently' are read "
        "against it. None: today, for relative time; nothing hidden.",
    )
    prefer_from: date | None = Field(
        None,
        description="Rank articles dated from this day to `prefer_to` first, hiding none: a "
        "relative period read from the question ('this week', 'last month').",
    )
    prefer_to: date | None = None
    question_dates: bool = Field(
        True,
        description="Read the dates the question names: a period ('in 2017') narrows the "
        "search, relative time ('this week') ranks its articles first. False: every date is "
        "searched as the other filters say (the chat's one click to lift a year's narrowing).",
    )

    def is_empty(self) -> bool:
        return not (self.doc_ids or self.sources or self.date_from or self.date_to or self.as_of)

    def scope(self) -> str | None:
        """What a search with these filters read, in words, for a refusal to name: the answer
        may be in what they hide."""
        parts = []
        if self.doc_ids:
            n = len(self.doc_ids)
            parts.append(f"the {n} selected article{'s' if n != 1 else ''}")
        if self.sources:
            parts.append("articles from " + ", ".join(self.sources))
        if self.date_from or self.date_to:
            low = self.date_from.isoformat() if self.date_from else "the start"
            high = self.date_to.isoformat() if self.date_to else "today"
            undated = " and those without a date" if self.undated_too else ""
            parts.append(f"articles dated {low} to {high}{undated}")
        if self.as_of and not self.date_to:
            parts.append(f"articles published by {self.as_of.isoformat()}")
        return " and ".join(parts) or None


class Passage(BaseModel):
    """A retrieved chunk, in fused rank order."""

    rank: int
    doc_id: str
    chunk_id: str
    title: str
    score: float
    start: int
    end: int
    text: str

    @classmethod
    def of_hit(cls, rank: int, hit: NodeWithScore) -> Passage:
        """A retriever's hit as the answer reports it."""
        metadata = hit.node.metadata
        return cls(
            rank=rank,
            doc_id=metadata["doc_id"],
            chunk_id=hit.node.node_id,
            title=metadata.get("title", ""),
            score=round(float(hit.score or 0.0), 6),
            start=int(metadata.get("start", 0)),
            end=int(metadata.get("end", 0)),
            text=hit.node.get_content(),
        )


class Citation(BaseModel):
    """Citation `[n]`: the sentence quoted, where it sits in the cleaned article, and why."""

    n: int
    doc_id: str = Field(description="The document id: a path relative to the corpus, or a url.")
    title: str
    source: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    quote: str
    start: int = Field(description="Character offset of the quote in the cleaned article.")
    end: int
    score: float = Field(description="Fused retrieval score of the passage it came from.")
    chunk_id: str
    part: Literal["text", "header", "caption", "teaser"] = Field(
        "text",
        description="text: the quote is the article's text at start:end; header: the quote is "
        "the article's header (title, author, outlet, date); caption: a photo caption; teaser: "
        "a teaser of another story closing the page. None of the last three has offsets in the "
        "text.",
    )
    before: str = Field(
        "", description="The quote's paragraph before it (empty for a header or caption)."
    )
    after: str = Field("", description="The quote's paragraph after it.")

    @property
    def location(self) -> str:
        """Where the quote is, in words: for the CLI and the chat's source list."""
        if self.part == "header":
            return "the article's header"
        if self.part == "caption":
            return "a photo caption"
        if self.part == "teaser":
            return 'a teaser of another story under "Similar articles"'
        return f"characters {self.start}–{self.end}"

    def stands_in(self, body: str) -> bool:
        """The quote is the article text `body` at the citation's offsets: what a text
        citation promises, checked before it is shown in its article or counted faithful."""
        return self.part == "text" and body[self.start : self.end] == self.quote


class Claim(BaseModel):
    """One sentence of a generated answer and what checking it found."""

    text: str
    citations: list[int] = Field(default_factory=list)
    status: Literal["verified", "unverified", "uncited"] = Field(
        description="verified: a cited passage supports it; unverified: no cited passage does; "
        "uncited: it cites nothing valid."
    )
    similarity: float | None = None
    overlap: float | None = None


class Lead(BaseModel):
    """The answer itself: a span of the sentence quoted by citation `n`."""

    text: str
    n: int
    start: int = Field(description="Character offset of the span in the cleaned article.")
    end: int


class Answer(BaseModel):
    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    outcome: Literal["answer", "tentative", "refused"] = Field(
        "answer",
        description="answer: stated; tentative: the closest the articles come, when the "
        "evidence is partial; refused: nothing relevant was found.",
    )
    confidence: float | None = Field(
        None, description="Calibrated probability that the lead (or first quote) is right."
    )
    lead: Lead | None = None
    rival: Lead | None = Field(
        None, description="The other answer, when sources disagree (see `notice`)."
    )
    analysis: Analysis | None = None
    evidence: dict[str, float] = Field(
        default_factory=dict, description="What the confidence was computed from."
    )
    see_also: list[Citation] = Field(
        default_factory=list, description="Closest passages, shown when the answer abstains."
    )
    notice: str | None = Field(None, description="e.g. that the sources disagree.")
    emphasis: list[str] = Field(
        default_factory=list,
        description="Strings the text sets in **bold** (the lead, titles, names, disputed values).",
    )
    retrieved: list[Passage] = Field(default_factory=list)
    articles: dict[str, str] = Field(
        default_factory=dict,
        exclude=True,
        repr=False,
        description="The cited articles' cleaned texts by document id, read once with the "
        "citations' paragraphs, for a whole-article view; never serialised.",
    )
    mode: Literal["extractive", "llm"] = "extractive"
    claims: list[Claim] = Field(
        default_factory=list, description="LLM answers only: each sentence and its check."
    )
    dropped_citations: list[int] = Field(
        default_factory=list, description="Citation numbers the model gave that match no passage."
    )
    timings: dict[str, float] = Field(default_factory=dict, description="Milliseconds per step.")
