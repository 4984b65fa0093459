"""Batch evaluation: a file of questions through the same engine, scored and reported.

May import: anything in `rag` and `ingest` (it drives the product from outside, as the CLI does).
"""
