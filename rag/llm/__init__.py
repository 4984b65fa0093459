"""Answers written by a language model: the backends by name (`backends`), the call and the check
of every claim against its passages (`generate`, `generated`).

May import: `rag.extractive`, `rag.models`, `rag.questions`, `rag.words`, `ingest`."""
