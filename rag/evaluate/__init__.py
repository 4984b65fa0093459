"""Batch evaluation: a file of questions through the same engine, scored and reported."""
