"""Readers by format: text and Markdown, HTML pages, JSON and JSON Lines feeds of articles, PDF and
Word (parsed in a sandbox), and pages fetched from the web; `loaders` is the registry every file
goes through.

May import: `ingest.models`, `ingest.settings`. Never the store: reading a file changes nothing."""
