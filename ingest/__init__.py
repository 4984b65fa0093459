"""Ingest: files on disk to a consistent Chroma index and its BM25 twin, in rooms that follow an
article's way in: `readers` (by format), `text` (clean, chunk, names), `embedding`, `store` (the
one place that opens it), `pipeline` (plan, write, label, library edits); `settings` for all of
citedesk, and `models` (the records passed along).

May import: nothing from `rag` or `ui` (the bottom layer).
"""
