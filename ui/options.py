"""What the command lines share: the consoles, the options several commands take, settings
from options, and failing with a message (exit code 2) instead of a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn, get_args

import typer
from rich.console import Console
from rich.markup import escape

from ingest.settings import LLMSettings, Settings

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

IndexDir = Annotated[
    Path | None, typer.Option("--index-dir", help="Index folder (env CITEDESK_INDEX_DIR).")
]
ChromaUrl = Annotated[
    str | None,
    typer.Option(
        "--chroma-url", help="Use a Chroma server, http://HOST:PORT (env CITEDESK_CHROMA_URL)."
    ),
]


LLMBackend = Annotated[
    str | None,
    typer.Option(
        "--llm",
        help=f"{', '.join(get_args(LLMSettings.model_fields['backend'].annotation))} (env CITEDESK_LLM).",
    ),
]
LLMBaseUrl = Annotated[
    str | None, typer.Option("--llm-base-url", help="The model server (env CITEDESK_LLM_BASE_URL).")
]
LLMModel = Annotated[
    str | None, typer.Option("--llm-model", help="Model name (env CITEDESK_LLM_MODEL).")
]


def settings_with(**overrides: Any) -> Settings:
    """The settings, with the options given on the command line; a `CITEDESK_` variable that is
    no setting is warned about (with the closest name) rather than ignored without a word."""
    from ingest.settings import unknown_variables

    for warning in unknown_variables():
        errors.print(f"[bold yellow]warning:[/] {escape(warning)}", highlight=False)
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def fail(message: str, code: int = 2) -> NoReturn:
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)
