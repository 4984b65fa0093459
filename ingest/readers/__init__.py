"""Readers by format: text and Markdown, HTML pages, PDF and Word (parsed in a sandbox), feeds, and
pages fetched from the web; `loaders` is the registry every file goes through.

May import: `ingest.models`, `ingest.settings`. Never the store: reading a file changes nothing."""
