"""From a read article to passages: cleaning off what is not the article, dates, duplicates,
sentences, chunks, and the names found in them.

May import: `ingest.embedding` (token counts), `ingest.models`, `ingest.settings`."""
