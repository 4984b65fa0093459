"""What an ingest reports its progress to: the two calls of rich's `Progress` it makes, so the
command line passes a rich progress bar and the chat an adapter over Gradio's
(`ui.library.GradioProgress`)."""

from __future__ import annotations

from typing import Any, Protocol


class Progress(Protocol):
    def add_task(self, description: str, *, total: float | None = ...) -> Any: ...

    def advance(self, task_id: Any, advance: float = 1) -> None: ...
