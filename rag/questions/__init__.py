"""Understanding the question: what it asks for (`analysis`), the form of answer it needs
(`forms`, `form_sense`), the dates, sources and spelling it carries, and whether it is English.

May import: `rag.words`, `ingest`."""
