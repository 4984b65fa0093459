"""Tables for a person at a terminal, plain rows for a pipe.

On a terminal a rich table is easier to read; piped into `grep`, `cut` or a file, a box table
wrapped to 80 columns cuts document ids in half. So when stdout is not a terminal every table is
printed as a header line and one tab-separated row per line, with full values, like `ps` or `ls`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table


def print_table(
    console: Console,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title: str | None = None,
    no_wrap: Sequence[str] = (),
) -> None:
    """Print `rows` under `columns`; `no_wrap` columns (ids, paths) are never cut on a terminal."""
    if not console.is_terminal:
        # Written past rich, which would expand the tabs into spaces.
        for line in (columns, *rows):
            console.file.write(_tsv_line(line) + "\n")
        console.file.flush()
        return
    table = Table(title=title)
    for column in columns:
        table.add_column(column, no_wrap=column in no_wrap, overflow="fold")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    console.print(table)


def _tsv_line(cells: Sequence[object]) -> str:
    """Tabs and line breaks inside a value would split the row: they become spaces."""
    return "\t".join(" ".join(str(cell).split()) if cell is not None else "" for cell in cells)


def markdown_lines(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A Markdown table: header, rule, one line per row."""
    return [
        "| " + " | ".join(columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
    ]
