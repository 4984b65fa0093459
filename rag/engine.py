"""`ask()`: the one entry point the CLI, the chat UI and the evaluator all call.

An `Engine` loads the embedding model, the vector index and BM25 once per process and answers
any number of questions, from any number of threads.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llama_index.core.llms import LLM
from llama_index.core.schema import NodeWithScore, QueryBundle

from ingest.catalog import DocumentInfo, list_documents
from ingest.embedding import load_embed_model
from ingest.sentences import sentence_spans
from ingest.settings import Settings
from ingest.store import iterate, open_store
from rag import about, formed, generate, hints, language, llms, nlp, phrasing
from rag import answer as answering
from rag import question as questions
from rag import text as lang
from rag.examples import example_questions
from rag.locks import ReadWriteLock
from rag.models import Answer, Citation, Filters, Passage
from rag.notices import ABSTAIN_TEXT
from rag.requests import check_request
from rag.retrieve import HybridSearch
from rag.spelling import Speller

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from ingest.library import ArticleRecord
    from ingest.pipeline import IngestReport


Highlight = tuple[str, str, str]  # text before a quote, the quote, text after it


class Engine:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.store = open_store(self.settings)
        self.store.chunks()  # a clear StoreError now if nothing was ingested
        self.embed_model = load_embed_model(self.settings)
        self._lock = threading.Lock()
        self._access = ReadWriteLock()
        self._ingests = 0  # ingests this process is running into the store it serves
        self.search = HybridSearch(self.store, self.settings, self.embed_model)
        self.sentences = answering.SentenceEmbeddings(self.embed_model)
        self.entities = nlp.Entities(self.settings.ingest.spacy_model)
        # The sentence splitter loads now, in the thread that builds the engine: its partial
        # NLTK import (see ingest.sentences) must not race another thread's `import nltk`.
        sentence_spans("")
        self._llm = None
        self._load_catalog()

    def _load_catalog(self) -> None:
        """Sources and dates that exist, for recognising them in questions."""
        sources, dates = set(), set()
        articles = 0
        for row in iterate(self.store.documents(), ["metadatas"]):
            metadata = row["metadatas"] or {}
            articles += not metadata.get("duplicate_of")
            if metadata.get("source"):
                sources.add(metadata["source"])
            if metadata.get("date"):
                dates.add(metadata["date"])
        self.sources = sorted(sources)
        self.dates = sorted(dates)
        self._article_count = articles
        self._catalog_generation = self.search.generation
        retriever = self.search.bm25.retriever if self.search.bm25 else None
        self.idf = answering.bm25_idf(retriever) if retriever is not None else (lambda _: 1.0)
        self.vocabulary = frozenset(retriever.bm25.vocab_dict if retriever is not None else ())
        self.tools = answering.Tools(
            self.sentences, self.entities, self.idf, vocabulary=self.vocabulary
        )
        self._speller: Speller | None = None

    def _refresh(self) -> None:
        """Pick up what an ingest committed since the last question. Reloading waits for the
        questions in flight: reopening an embedded store resets every query using it. While this
        process ingests, questions keep the state loaded before it: the ingest swaps in the new
        state when it ends."""
        if self._ingests:
            return
        with self._access.reading():
            stale = self.search.stale()
        if not stale:
            return
        with self._access.writing():
            if self.search.stale():
                self.search.reload()
                self._load_catalog()

    def ask(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Filters | None = None,
        top_k: int | None = None,
        retrieve_k: int | None = None,
        mode: str | None = None,
    ) -> Answer:
        answer = None
        for piece in self.stream(question, history, filters, top_k, retrieve_k, mode):
            if isinstance(piece, Answer):
                answer = piece
        assert answer is not None
        return answer

    def stream(
        self,
        question: str,
        history: list[dict] | None = None,
        filters: Filters | None = None,
        top_k: int | None = None,
        retrieve_k: int | None = None,
        mode: str | None = None,
    ) -> Iterator[str | Answer]:
        """Yield the answer's text piece by piece, then the complete `Answer`.

        `mode` is "extractive" or "llm"; by default an LLM answers when one is configured.

        The answer draws on the first `top_k` passages; `retrieve_k` retrieves (and reports in
        `Answer.retrieved`) more, for evaluating retrieval deeper than the answer looks.
        """
        started = time.perf_counter()
        question = question.strip() if isinstance(question, str) else question
        check_request(question, filters, top_k, retrieve_k, mode)
        with self.store.server_errors():
            self._refresh()
            with self._access.reading():
                answer = yield from self._answer(
                    question, history, filters, top_k, retrieve_k, mode
                )
        answer.timings["total_ms"] = round((time.perf_counter() - started) * 1000, 2)
        yield answer

    def _answer(
        self,
        question: str,
        history: list[dict] | None,
        filters: Filters | None,
        top_k: int | None,
        retrieve_k: int | None,
        mode: str | None,
    ) -> Generator[str, None, Answer]:
        started = time.perf_counter()
        top_k = top_k or self.settings.retrieval.top_k
        filters = filters or Filters()
        named = hints.named_sources(question, self.sources) if not filters.sources else []
        when = hints.date_range(question, self.dates)
        if when and not (filters.date_from or filters.date_to):
            filters = filters.model_copy(update={"date_from": when[0], "date_to": when[1]})
        generative = mode == "llm" or (mode is None and self.settings.llm.backend != "none")
        foreign = None if generative else language.foreign_language(question)
        if foreign is not None:
            text = language.not_english_text(foreign)
            yield text
            return Answer(question=question, text=text, abstained=True, outcome="refused")
        follow_up = hints.is_follow_up(question) and bool(history)
        corrected = hints.resolved(self._spelled(question), history)
        analysis = questions.analyse(corrected, follow_up, named)
        query = hints.without_sources(hints.retrieval_query(corrected, history), named)
        if query != question:
            analysis.searched_for = query
        vector = self.embed_model.get_query_embedding(query)
        bundle = QueryBundle(query_str=query, embedding=vector)
        hits = self._retrieve(bundle, filters, named, max(top_k, retrieve_k or 0))
        retrieved_at = time.perf_counter()
        passages = hits[:top_k]
        searched = f'Searched for "{corrected}".' if corrected != question else None
        # A language model may write an overview or report what someone said; the header and
        # the list of articles that mention something are read from the store, whoever words
        # the answer. A form with nothing of its own to show falls back to quoting sentences.
        asked = hints.without_sources(corrected, named)
        composition = None
        if analysis.form != "fact" and not (generative and analysis.form in LLM_FORMS):
            composition = formed.compose_form(asked, analysis, filters, self._reading(named))
        if composition is not None:
            fields = yield from self._worded(composition, searched, filters)
        elif generative:
            fields = yield from self._generated(
                question, query, analysis, vector, passages, history, named
            )
        else:
            # A follow-up is searched with the conversation, but its sentences are judged by
            # meaning against the question alone: "who represents Hytera?", not the sales figure.
            own = vector if query == asked else self.embed_model.get_query_embedding(asked)
            fields = yield from self._extractive(
                asked,
                analysis,
                own,
                passages,
                named,
                hints.previous_answer(history),
                searched,
                context=query,
                filters=filters,
            )
        finished = time.perf_counter()
        return Answer(
            question=question,
            analysis=analysis,
            retrieved=[_passage(rank, hit) for rank, hit in enumerate(hits, 1)],
            timings={
                "retrieve_ms": round((retrieved_at - started) * 1000, 2),
                "answer_ms": round((finished - retrieved_at) * 1000, 2),
                "total_ms": round((finished - started) * 1000, 2),
            },
            **fields,
        )

    def _extractive(
        self,
        query: str,
        analysis: questions.Analysis,
        vector: list[float],
        passages: list[NodeWithScore],
        named: list[str],
        previous: str = "",
        notice: str | None = None,
        context: str = "",
        filters: Filters | None = None,
    ) -> Generator[str, None, dict]:
        """Find the answer and quote it; yields the text, returns the Answer's fields."""
        composition = answering.compose(
            query,
            analysis,
            vector,
            passages,
            self.tools,
            self.settings,
            named,
            previous,
            context if context != query else "",
        )
        return (yield from self._worded(composition, notice, filters))

    def _worded(
        self, composition: answering.Composition, notice: str | None, filters: Filters | None
    ) -> Generator[str, None, dict]:
        """The composition in words; yields the text, returns the Answer's fields. A refusal
        names the filters the search was read through."""
        composition.scope = filters.scope() if filters is not None else None
        citations = [answering.citation(n, c) for n, c in enumerate(composition.chosen, 1)]
        pieces, notices = phrasing.pieces(composition, citations, notice)
        yield from pieces
        return {
            "text": "".join(pieces),
            "citations": citations,
            "abstained": composition.abstained,
            "outcome": composition.outcome,
            "confidence": round(composition.probability, 4),
            "lead": phrasing.lead_of(composition.lead, composition.chosen),
            "rival": phrasing.lead_of(composition.rival, composition.chosen),
            "evidence": composition.evidence,
            "see_also": [answering.citation(n, c) for n, c in enumerate(composition.see_also, 1)],
            "notice": notices,
            "emphasis": phrasing.emphasis(composition, citations),
        }

    def _generated(
        self,
        question: str,
        query: str,
        analysis: questions.Analysis,
        vector: list[float],
        passages: list[NodeWithScore],
        history: list[dict] | None,
        named: list[str],
    ) -> Generator[str, None, dict]:
        """Ask the language model, check its reply, fall back to quoting when it fails."""
        reply = ""
        try:
            llm = self._language_model()
            messages = generate.build_messages(question, passages, history)
            for delta in generate.stream_reply(llm, messages, self.settings):
                reply += delta
                yield delta
        except llms.LLMUnavailable as error:
            yield "\n\n"
            fields = yield from self._extractive(
                query,
                analysis,
                vector,
                passages,
                named,
                notice=f"The language model could not answer: {error}. Quoting the sources instead.",
            )
            return fields
        checked = generate.check_reply(
            reply, passages, self.sentences, self.idf, self.settings, self.entities
        )
        if checked.abstained:
            see_also = answering.compose(
                query, analysis, vector, passages, self.tools, self.settings, named
            )
            return {
                "text": ABSTAIN_TEXT,
                "abstained": True,
                "mode": "llm",
                "see_also": [
                    answering.citation(n, c)
                    for n, c in enumerate(answering.distinct_passages(see_also.pool), 1)
                ],
            }
        if not checked.has_valid_citation:
            yield "\n\n"
            fields = yield from self._extractive(
                query,
                analysis,
                vector,
                passages,
                named,
                notice="The language model's answer cited none of the sources, so it is not "
                "shown. Quoting the sources instead.",
            )
            return fields
        notices = []
        if checked.dropped:
            numbers = ", ".join(f"[{n}]" for n in checked.dropped)
            notices.append(f"Citations {numbers} matched no source and were removed.")
        if any(claim.status != "verified" for claim in checked.claims):
            notices.append(
                "Sentences marked unverified are not supported by the passage they cite."
            )
        return {
            "text": checked.text,
            "citations": checked.citations,
            "claims": checked.claims,
            "dropped_citations": checked.dropped,
            "mode": "llm",
            "notice": " ".join(notices) or None,
        }

    def _spelled(self, question: str) -> str:
        """The question with misspelled words corrected against the articles' own words; the
        dictionary is built on the first question that needs it."""
        unknown = [
            w
            for w in lang.WORD.findall(question)
            if len(w) >= 4 and not set(lang.terms(w)) <= self.vocabulary
        ]
        if not unknown or not self.vocabulary:
            return question
        with self._lock:
            if self._speller is None:
                rows = iterate(self.store.documents(), ["documents"])
                self._speller = Speller(row["documents"] or "" for row in rows)
        return self._speller.correct(question)

    def _language_model(self) -> LLM:
        """The configured language model, built on first use."""
        with self._lock:
            if self._llm is None:
                self._llm = llms.load_llm(self.settings)
            return self._llm

    def article_count(self) -> int:
        """Articles stored (a copy stored once counts once): what an unfiltered question reads."""
        with self.store.server_errors():
            self._refresh()
        return self._article_count

    def documents(self) -> list[DocumentInfo]:
        """The indexed articles, for pickers and lists."""
        with self.store.server_errors():
            self._refresh()
            with self._access.reading():
                return list_documents(self.store)

    def example_questions(self, count: int = 3) -> list[str]:
        documents = self.documents()
        with self._access.reading():
            bodies = self.store.documents().get(
                ids=[d.doc_id for d in documents[:20] if not d.duplicate_of], include=["documents"]
            )["documents"]
        sentences = [s for body in bodies for s in re.split(r"(?<=[.!?])\s+", body or "")]
        return example_questions(documents, sentences, count)

    def article_text(self, doc_id: str) -> str | None:
        """The cleaned text of an article: what citation offsets point into."""
        with self.store.server_errors(), self._access.reading():
            found = self.store.documents().get(ids=[doc_id], include=["documents"])
        return found["documents"][0] if found["ids"] else None

    def ingest(
        self,
        roots: list[Path],
        *,
        progress: Any = None,
        embed_model: BaseEmbedding | None = None,
    ) -> IngestReport:
        """Ingest files into the store this engine serves (the chat's uploads).

        Questions go on meanwhile, answered from the state loaded before (an upload may embed
        for minutes); only the reload of the new state, which takes milliseconds, waits for the
        questions in flight.
        """
        from ingest.pipeline import ingest

        # The model this engine already holds: a second copy for uploads would cost memory.
        model = embed_model or self.embed_model
        return self._changing(
            lambda: ingest(roots, self.settings, progress=progress, embed_model=model)
        )

    def article(self, doc_id: str) -> ArticleRecord:
        """An article's whole cleaned text and stored metadata, for the library view."""
        from ingest.library import read_article

        with self._access.reading():
            return read_article(self.store, doc_id)

    def correct(self, doc_id: str, changes: dict[str, str | None]) -> IngestReport:
        """Correct an article's title, outlet, date or author (see `ingest.library.correct`)."""
        from ingest.library import correct

        return self._changing(lambda: correct(doc_id, changes, self.settings))

    def remove(self, doc_ids: list[str]) -> IngestReport:
        """Delete articles and their uploaded files (see `ingest.library.remove`)."""
        from ingest.library import remove

        return self._changing(lambda: remove(doc_ids, self.settings))

    def _changing(self, change: Callable[[], IngestReport]) -> IngestReport:
        """Run a change to the store while questions go on against the state loaded before."""
        with self._lock:
            self._ingests += 1
        try:
            return change()
        finally:
            with self._lock:
                self._ingests -= 1
            self._refresh()

    def is_faithful(self, citation: Citation) -> bool:
        """The quote is what the article says where the citation says it is: at its offsets in
        the text, or in the stored header or captions."""
        if citation.part == "text":
            body = self.article_text(citation.doc_id) or ""
            return body[citation.start : citation.end] == citation.quote
        with self.store.server_errors(), self._access.reading():
            metadata = self.store.document_metadata(citation.doc_id) or {"doc_id": ""}
        return about.stated(citation.part, citation.quote, metadata)

    def surroundings(self, citation: Citation) -> tuple[Highlight, Highlight | None]:
        """The quote in its paragraph and in the whole article, each as (before, quote, after),
        from one read of the article; a header or caption quote has no article around it."""
        if citation.part != "text":
            return ("", citation.quote, ""), None
        body = self.article_text(citation.doc_id) or ""
        start = body.rfind("\n\n", 0, citation.start)
        start = 0 if start < 0 else start + 2
        end = body.find("\n\n", citation.end)
        end = len(body) if end < 0 else end
        quote = body[citation.start : citation.end]
        paragraph = (body[start : citation.start], quote, body[citation.end : end])
        return paragraph, (body[: citation.start], quote, body[citation.end :])

    def _reading(self, named: list[str]) -> formed.Reading:
        def search(text: str, filters: Filters, top_k: int) -> list[NodeWithScore]:
            vector = self.embed_model.get_query_embedding(text)
            return self._retrieve(
                QueryBundle(query_str=text, embedding=vector), filters, named, top_k
            )

        return formed.Reading(
            store=self.store,
            documents=list_documents(self.store),
            search=search,
            embed=self.embed_model.get_query_embedding,
            tools=self.tools,
            settings=self.settings,
        )

    def _retrieve(
        self, bundle: QueryBundle, filters: Filters, named: list[str], top_k: int
    ) -> list[NodeWithScore]:
        """With two or more sources named, each gets its own search, so each is heard from."""
        if len(named) < 2:
            scoped = filters.model_copy(update={"sources": named}) if named else filters
            return self.search.search(bundle, scoped, top_k)
        per_source = [
            self.search.search(bundle, filters.model_copy(update={"sources": [s]}), top_k)
            for s in named
        ]
        merged: list[NodeWithScore] = []
        seen: set[str] = set()
        for rank in range(top_k):
            for hits in per_source:
                if rank < len(hits) and hits[rank].node.node_id not in seen:
                    seen.add(hits[rank].node.node_id)
                    merged.append(hits[rank])
        return merged[: max(top_k, len(named))]


LLM_FORMS = {"overview", "quote"}  # forms a language model words better than quotes do


def _passage(rank: int, hit: NodeWithScore) -> Passage:
    metadata = hit.node.metadata
    return Passage(
        rank=rank,
        doc_id=metadata["doc_id"],
        chunk_id=hit.node.node_id,
        title=metadata.get("title", ""),
        score=round(float(hit.score or 0.0), 6),
        start=int(metadata.get("start", 0)),
        end=int(metadata.get("end", 0)),
        text=hit.node.get_content(),
    )


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(settings: Settings | None = None) -> Engine:
    """One engine per configuration per process: models and indexes load once."""
    settings = settings or Settings()
    key = settings.model_dump_json()
    with _engines_lock:
        if key not in _engines:
            _engines[key] = Engine(settings)
        return _engines[key]


def ask(
    question: str,
    history: list[dict] | None = None,
    filters: Filters | None = None,
    *,
    settings: Settings | None = None,
    top_k: int | None = None,
) -> Answer:
    return get_engine(settings).ask(question, history, filters, top_k)


def stream(
    question: str,
    history: list[dict] | None = None,
    filters: Filters | None = None,
    *,
    settings: Settings | None = None,
    top_k: int | None = None,
) -> Iterator[str | Answer]:
    return get_engine(settings).stream(question, history, filters, top_k)


__all__ = ["Answer", "Citation", "Engine", "Filters", "ask", "get_engine", "stream"]
