"""Who words an answer, by mode: the articles' own sentences ("extractive", the default) or a
language model ("llm"). The engine prepares a question once (`Asked`: corrected, analysed,
retrieved) and hands it to the answerer its mode names; a new answerer is one entry in
`ANSWERERS`, and the API, the CLI and the chat accept its name as a mode.

Before any answerer, a question asking for something other than a fact (an overview, the
articles that mention X, who wrote one) gets that form's own answer (`rag.forms`), read from the
store, unless the answerer words that form itself (`Answerer.words_forms`)."""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from rag.extractive import answer as answering
from rag.extractive import followed, phrasing
from rag.llm.generated import generated
from rag.questions import hints

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.llms import LLM
    from llama_index.core.schema import NodeWithScore

    from ingest.settings import Settings
    from rag.models import Filters
    from rag.questions.analysis import Analysis


class Engine(Protocol):
    """What an answerer uses of the engine (`rag.engine.Engine`), loaded once per process."""

    settings: Settings
    tools: answering.Tools
    embed_model: BaseEmbedding

    def language_model(self) -> LLM: ...


@dataclass
class Asked:
    """A question made ready to answer: what the engine found before anyone words it."""

    question: str  # as asked
    corrected: str  # spelling corrected, a follow-up's references resolved
    asked: str  # corrected, without the sources it names ("according to AFP")
    query: str  # what was searched for: `asked` with the conversation's words
    vector: list[float]  # the query's embedding
    analysis: Analysis
    passages: list[NodeWithScore]  # the first `top_k` retrieved: what the answer reads
    named: list[str]  # sources the question names
    filters: Filters  # the caller's, with a date range the question names
    history: list[dict] | None
    searched: str | None  # 'Searched for "..."' when the question was corrected
    # The answer of the form the question leans to (`Analysis.unclear`), for when the fact
    # answer finds nothing: "the rundown on X" read as a fact still gets X's overview.
    fallback: Callable[[], answering.Composition | None] | None = None
    pointed: bool = False  # the question names the one article it asks of ("… the second piece")


Words = Generator[str, None, dict]
"""An answer as it is worded: yields the text piece by piece, returns the Answer's fields."""


@dataclass(frozen=True)
class Answerer:
    answer: Callable[[Engine, Asked], Words]
    available: Callable[[Settings], bool]  # whether this configuration can answer this way
    words_forms: frozenset[str] = frozenset()  # forms it words better than their own answer
    english_only: bool = False  # a question in another language gets a refusal that says so


def quoted(engine: Engine, asked: Asked) -> Words:
    """The answer and the sentences that say it, quoted (`rag.extractive.answer`). A follow-up is searched
    with the conversation, but its sentences are judged by meaning against the question alone:
    "who represents Hytera?", not the sales figure."""
    own = (
        asked.vector
        if asked.query == asked.asked
        else engine.embed_model.get_query_embedding(asked.asked)
    )

    passages = asked.passages
    if asked.analysis.kind == "yesno":  # "Is Norinco private?": "… the state-owned firm …" after
        passages = passages + followed.passages_after(engine.store, asked.asked, passages)

    def composed(tools: answering.Tools) -> answering.Composition:
        return answering.compose(
            asked.asked,
            asked.analysis,
            own,
            passages,
            tools,
            engine.settings,
            asked.named,
            hints.previous_answer(asked.history),
            asked.query if asked.query != asked.asked else "",
        )

    composition = composed(engine.tools)
    # A refusal with a reason (names no article uses, no name where one is asked, another
    # year's or another company's figures) stands; one that found nothing may be the overview's.
    reasoned = composition.unknown or composition.reasoned
    if composition.abstained and not reasoned and asked.fallback is not None:
        composition = _unless_refused(asked.fallback(), composition)
    if composition.abstained and not reasoned and asked.pointed:
        # One article pointed at ("… in the second article"): its closest sentence, marked so.
        willing = engine.tools.calibration.model_copy(update={"tentative_at": 0.0})
        composition = composed(replace(engine.tools, calibration=willing))
    return (yield from phrasing.worded(composition, asked.searched, asked.filters))


def _unless_refused(
    other: answering.Composition | None, composition: answering.Composition
) -> answering.Composition:
    return other if other is not None and not other.abstained else composition


def written(engine: Engine, asked: Asked) -> Words:
    """The configured language model's reply, every claim checked against the passage it cites;
    the sources quoted instead when it fails or cites nothing (`rag.llm.generated`)."""

    def composed() -> answering.Composition:
        return answering.compose(
            asked.query,
            asked.analysis,
            asked.vector,
            asked.passages,
            engine.tools,
            engine.settings,
            asked.named,
        )

    def quote(notice: str) -> Words:
        return (yield from phrasing.worded(composed(), notice, None))

    return (
        yield from generated(
            engine.language_model,
            asked.question,
            asked.passages,
            asked.history,
            engine.tools,
            engine.settings,
            quote=quote,
            see_also=composed,
        )
    )


ANSWERERS: dict[str, Answerer] = {
    "extractive": Answerer(quoted, available=lambda _: True, english_only=True),
    "llm": Answerer(
        written,
        available=lambda settings: settings.llm.backend != "none",
        words_forms=frozenset({"overview", "quote"}),
    ),
}


def default_mode(settings: Settings) -> str:
    """A language model answers when one is configured; otherwise the articles are quoted."""
    return "llm" if ANSWERERS["llm"].available(settings) else "extractive"
