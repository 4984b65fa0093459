"""The extractive answer: candidate sentences scored by words, kind and meaning, spans read by the
reader, confidence, yes or no, and the words of the answer (`answer` composes; `phrasing` words).

May import: `rag.models`, `rag.reader`, `rag.questions`, `rag.words`, `ingest`."""
