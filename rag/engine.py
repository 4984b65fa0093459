"""The answering engine: retrieve, then compose an answer by quoting (or, when configured,
have a language model write one and check it), every claim cited.

An `Engine` loads the embedding model, the vector index and BM25 once per process and answers
any number of questions, from any number of threads. Front ends reach it through `rag.desk`.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from llama_index.core.llms import LLM
from llama_index.core.schema import NodeWithScore, QueryBundle

from ingest.embedding import load_embed_model
from ingest.settings import Settings
from ingest.store import Store, iterate, open_store
from ingest.store.catalog import article_texts, document_info
from ingest.text.sentences import sentence_spans
from rag import forms as formed
from rag import reader
from rag.answerers import ANSWERERS, Asked, default_mode
from rag.examples import example_questions
from rag.extractive import answer as answering
from rag.extractive import phrasing, scoring
from rag.extractive.reading import reranked
from rag.forms import which_article
from rag.forms.teasers import TEASABLE, asks_about, only_teasers_speak_of
from rag.llm import backends as llms
from rag.locks import ReadWriteLock
from rag.models import Answer, Filters, Passage
from rag.paragraphs import in_paragraphs
from rag.questions import analysis as questions
from rag.questions import form_sense as sensing
from rag.questions import hints, language
from rag.questions.analysis import names_in
from rag.questions.spelling import Spelling
from rag.requests import check_names, check_request
from rag.retrieval.dating import Dates
from rag.retrieval.retrieve import HybridSearch
from rag.words import nlp
from rag.words import text as lang

if TYPE_CHECKING:
    from ingest.models import IngestReport


class Engine:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.store = open_store(self.settings)
        self.settings = self.store.settings  # at the index's own embedding precision
        self.store.chunks()  # a clear StoreError now if nothing was ingested
        self.embed_model = load_embed_model(self.settings)
        self._lock = threading.Lock()
        self._access = ReadWriteLock()
        self._ingests = 0  # ingests this process is running into the store it serves
        self.search = HybridSearch(self.store, self.settings, self.embed_model)
        self.sentences = scoring.SentenceEmbeddings(self.embed_model)
        self.entities = nlp.Entities(self.settings.ingest.spacy_model)
        self.forms = sensing.shared(self.embed_model)
        # The sentence splitter loads now, in the thread that builds the engine: its partial
        # NLTK import (see ingest.text.sentences) must not race another thread's `import nltk`.
        sentence_spans("")
        self._llm = None
        self._load_catalog()

    def _load_catalog(self) -> None:
        """Sources and dates that exist, for recognising them in questions."""
        documents, title_words, teaser_words, teaser_names, dated = [], set(), set(), set(), {}
        for row in iterate(self.store.documents(), ["metadatas"]):
            metadata = row["metadatas"] or {}
            documents.append(document_info(row["id"], metadata))
            title_words.update(lang.terms(metadata.get("title") or ""))
            teasers = metadata.get("teasers") or []
            teaser_words.update(lang.terms(" ".join(teasers)))
            teaser_names.update(lang.terms(" ".join(n for t in teasers for n in names_in(t))))
            if metadata.get("date"):
                dated[row["id"]] = metadata["date"]
        # The article list every question's forms read: loaded with the catalog, not per
        # question (reading it took half of a warm answer on 1,030 articles).
        self.documents = sorted(documents, key=lambda d: d.doc_id)
        sources = {d.source for d in documents if d.source}
        self.sources = sorted(sources)
        self.source_names = frozenset(sources)
        self.doc_ids = frozenset(d.doc_id for d in documents)
        self.dating = Dates(dated, self.doc_ids, self.settings.retrieval)
        self._article_count = sum(not d.duplicate_of for d in documents)
        self._catalog_generation = self.search.generation
        retriever = self.search.bm25.index if self.search.bm25 else None
        self.idf = scoring.bm25_idf(retriever) if retriever is not None else (lambda _: 1.0)
        # A headline's words are the articles' words too: "the 'Huge Influx of Chinese Firms'
        # article" names an article, not something no article mentions.
        self.vocabulary = frozenset(
            {*(retriever.bm25.vocab_dict if retriever is not None else ()), *title_words}
        )
        self.teaser_words = frozenset(teaser_words)
        self.teaser_names = frozenset(teaser_names)
        self.tools = answering.Tools(
            self.sentences,
            self.entities,
            self.idf,
            vocabulary=self.vocabulary,
            reader=reader.load(self.settings.reader),
        )
        self.spelling = Spelling(self.vocabulary, self._spelled_texts)

    def _spelled_texts(self) -> Iterable[str]:
        """Every article's text and its teasers' ("spacex" is SpaceX's name, not "space")."""
        for row in iterate(self.store.documents(), ["documents", "metadatas"]):
            yield row["documents"] or ""
            yield " ".join((row["metadatas"] or {}).get("teasers") or [])

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
        *_, answer = self.stream(question, history, filters, top_k, retrieve_k, mode)
        assert isinstance(answer, Answer)  # the stream's last piece
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

        `mode` names an answerer (`rag.answerers.ANSWERERS`: "extractive" or "llm"); by default
        a language model answers when one is configured.

        The answer draws on the first `top_k` passages; `retrieve_k` retrieves (and reports in
        `Answer.retrieved`) more, for evaluating retrieval deeper than the answer looks.
        """
        started = time.perf_counter()
        question = question.strip() if isinstance(question, str) else question
        check_request(question, filters, top_k, retrieve_k, mode, modes=ANSWERERS)
        with self.reading() as store:
            check_names(filters, self.doc_ids, self.source_names)
            answer = yield from self._answer(question, history, filters, top_k, retrieve_k, mode)
            in_paragraphs(answer, lambda doc_ids: article_texts(store, doc_ids))
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
        answerer = ANSWERERS[mode or default_mode(self.settings)]
        foreign = language.foreign_language(question) if answerer.english_only else None
        if foreign is not None:
            text = language.not_english_text(foreign)
            yield text
            return Answer(question=question, text=text, abstained=True, outcome="refused")
        asked, hits = self._prepared(question, history, filters, top_k, retrieve_k)
        retrieved_at = time.perf_counter()
        # The header and the list of articles that mention something are read from the store,
        # whoever words the answer; a form with nothing of its own to show falls back to the
        # answerer.
        composition = None
        if asked.analysis.form != "fact" and asked.analysis.form not in answerer.words_forms:
            composition = formed.compose_form(
                asked.asked,
                asked.analysis,
                self.dating.searchable(asked.filters),
                self._reading(asked.named),
            )
        if composition is not None:
            fields = yield from phrasing.worded(composition, asked.searched, asked.filters)
        else:
            fields = yield from answerer.answer(self, asked)
        finished = time.perf_counter()
        return Answer(
            question=question,
            analysis=asked.analysis,
            retrieved=[Passage.of_hit(rank, hit) for rank, hit in enumerate(hits, 1)],
            timings={
                "retrieve_ms": round((retrieved_at - started) * 1000, 2),
                "answer_ms": round((finished - retrieved_at) * 1000, 2),
                "total_ms": round((finished - started) * 1000, 2),
            },
            **fields,
        )

    def _prepared(
        self,
        question: str,
        history: list[dict] | None,
        filters: Filters | None,
        top_k: int | None,
        retrieve_k: int | None,
    ) -> tuple[Asked, list[NodeWithScore]]:
        """The question corrected, analysed and searched for; with every passage retrieved
        (`retrieve_k` may reach deeper than the `top_k` the answer reads)."""
        top_k = top_k or self.settings.retrieval.top_k
        filters = filters or Filters()
        named = hints.named_sources(question, self.sources) if not filters.sources else []
        filters = self.dating.for_question(question, filters)
        follow_up = hints.is_follow_up(question) and bool(history)
        spelled = lang.in_known_words(self.spelling.correct(question), self.vocabulary)
        unframed = hints.unframed(spelled)
        corrected = hints.resolved(unframed, history)
        analysis = questions.analyse(corrected, follow_up, named)
        query = hints.without_sources(hints.retrieval_query(corrected, history), named)
        if query != question:
            analysis.searched_for = query
        vector = self.embed_model.get_query_embedding(query)
        if analysis.form == "fact":  # no pattern placed it: read its form by meaning
            own = vector if query == corrected else self.embed_model.get_query_embedding(corrected)
            analysis = sensing.adopt(analysis, corrected, self.forms.sense(corrected, own))
        if (
            asks_about(corrected)  # "the SpaceX teaser"
            or (  # "Is Intel in the chip lobbying group?"
                analysis.form in TEASABLE
                and only_teasers_speak_of(
                    corrected, self.vocabulary, self.teaser_words, self.teaser_names
                )
            )
        ):
            analysis = analysis.model_copy(update={"form": "teasers", "unclear": None})
        scoped, asked = None, hints.without_sources(corrected, named)
        # "… says the first article": a quote too, as it falls back to a fact without one.
        if analysis.form in {"fact", "quote"} and not filters.doc_ids:
            reading = self._reading(named)
            filters, scoped = which_article.named_scope(corrected, filters, reading)
            if scoped:
                query = which_article.unnamed(query, reading.documents)
                asked = which_article.unnamed(asked, reading.documents)
                vector = self.embed_model.get_query_embedding(query)
        bundle = QueryBundle(query_str=query, embedding=vector)
        hits = self._retrieve(bundle, filters, named, max(top_k, retrieve_k or 0))
        if analysis.form == "fact":  # the reader moves up the passages it finds answers in
            hits = reranked(self.tools.reader, asked, hits, self.settings.reader)
        # Not only a polite frame dropped, or an apostrophe put back ("whats" -> "what's").
        changed = spelled.replace("'", "") != question.replace("'", "") or corrected != unframed
        notes = [f'Searched for "{corrected}".' if changed else None, scoped]
        notes.append(self.dating.said(filters))
        asked = Asked(
            question=question,
            corrected=corrected,
            asked=asked,
            query=query,
            vector=vector,
            analysis=analysis,
            passages=hits[:top_k],
            named=named,
            filters=filters,
            history=history,
            searched=" ".join(note for note in notes if note) or None,
            pointed=scoped is not None,
        )
        if analysis.unclear:
            asked.fallback = lambda: self._unclear_form(asked)
        return asked, hits

    def _unclear_form(self, asked: Asked) -> answering.Composition | None:
        """When the form is unclear and the fact answer finds nothing: the overview's best
        sentences on the subject its framing gives, instead of a refusal."""
        leaning = asked.analysis.model_copy(
            update={"form": "overview", "subject": sensing.framed_subject(asked.asked)}
        )
        filters = self.dating.searchable(asked.filters)
        return formed.compose_form(asked.asked, leaning, filters, self._reading(asked.named))

    def warm(self) -> None:
        """Build now what the first questions would otherwise wait for: the spelling
        dictionary (`rag.questions.spelling.Spelling`). A server calls it once it serves."""
        with self.reading():
            spelling = self.spelling
        spelling.build()

    def language_model(self) -> LLM:
        """The configured language model, built on first use."""
        with self._lock:
            if self._llm is None:
                self._llm = llms.load_llm(self.settings)
            return self._llm

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """The store as of the last committed change, read while no reload swaps it."""
        with self.store.server_errors():
            self._refresh()
            with self._access.reading():
                yield self.store

    def changing(self, change: Callable[[], IngestReport]) -> IngestReport:
        """Run a change to the store while questions go on against the state loaded before;
        the next question after it sees the change."""
        with self._lock:
            self._ingests += 1
        try:
            return change()
        finally:
            with self._lock:
                self._ingests -= 1
            self._refresh()

    def article_count(self) -> int:
        """Articles stored (a copy stored once counts once): what an unfiltered question reads."""
        with self.store.server_errors():
            self._refresh()
        return self._article_count

    def example_questions(self, count: int = 3) -> list[str]:
        with self.reading():
            documents = self.documents
            bodies = article_texts(
                self.store, [d.doc_id for d in documents[:20] if not d.duplicate_of]
            )
        sentences = [s for body in bodies.values() for s in re.split(r"(?<=[.!?])\s+", body)]
        return example_questions(documents, sentences, count)

    def _reading(self, named: list[str]) -> formed.Reading:
        def search(text: str, filters: Filters, top_k: int) -> list[NodeWithScore]:
            vector = self.embed_model.get_query_embedding(text)
            return self._retrieve(
                QueryBundle(query_str=text, embedding=vector), filters, named, top_k
            )

        return formed.Reading(
            store=self.store,
            documents=self.documents,
            search=search,
            embed=self.embed_model.get_query_embedding,
            tools=self.tools,
            settings=self.settings,
        )

    def _retrieve(
        self, bundle: QueryBundle, filters: Filters, named: list[str], top_k: int
    ) -> list[NodeWithScore]:
        """Over dated articles, read deeper and re-ranked by date (`rag.retrieval.dating`)."""
        if self.dating.matter(filters):
            deeper = self._searched(bundle, filters, named, 3 * top_k)
            return self.dating.ranked(deeper, filters)[:top_k]
        return self._searched(bundle, filters, named, top_k)

    def _searched(
        self, bundle: QueryBundle, filters: Filters, named: list[str], top_k: int
    ) -> list[NodeWithScore]:
        """With two or more sources named, each gets its own search, so each is heard from."""
        filters = self.dating.searchable(filters)
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
