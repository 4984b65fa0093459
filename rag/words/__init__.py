"""Words, sentences, names and figures: the text tools every stage of answering shares.

May import: nothing else in `rag` (the bottom floor), and `ingest`."""
