"""Publication dates as given by sources, reduced to ISO dates that filters can compare."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_date(value: str | None) -> str | None:
    """`YYYY-MM-DD` for any common date or timestamp notation, None when it is not a date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit() and len(text) >= 9:  # a Unix timestamp
        try:
            return datetime.fromtimestamp(int(text[:10]), UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    from dateutil import parser

    try:
        return parser.parse(text, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError, parser.ParserError):
        return None
