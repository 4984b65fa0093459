"""Finding the passages: hybrid search over Chroma and BM25 (`retrieve`), narrowed or ordered by the
dates a question carries (`dating`).

May import: `rag.models`, `rag.questions`, `rag.words`, `ingest`."""
