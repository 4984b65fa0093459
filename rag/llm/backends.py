"""Language-model backends by name (`CITEDESK_LLM`): each is one function from the settings to a
llama-index `LLM`, registered with `@backend`. A new backend is a function here and its name in
`Settings.llm`; the engine, the checks on every reply and the front ends take it as it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ingest.settings import Settings

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

BACKENDS: dict[str, Callable[[Settings], LLM]] = {}


class LLMUnavailable(RuntimeError):
    """The configured model could not be reached or failed; the message says how."""


def backend(name: str) -> Callable[[Callable[[Settings], LLM]], Callable[[Settings], LLM]]:
    def register(make: Callable[[Settings], LLM]) -> Callable[[Settings], LLM]:
        BACKENDS[name] = make
        return make

    return register


def load_llm(settings: Settings) -> LLM:
    make = BACKENDS.get(settings.llm.backend)
    if make is None:
        raise LLMUnavailable(
            f"no language model is configured (CITEDESK_LLM={settings.llm.backend})"
        )
    return make(settings)


@backend("openai-compatible")
def _openai_compatible(settings: Settings) -> LLM:
    from llama_index.llms.openai_like import OpenAILike

    if not (settings.llm.base_url and settings.llm.model):
        raise LLMUnavailable(
            "CITEDESK_LLM=openai-compatible needs CITEDESK_LLM_BASE_URL and CITEDESK_LLM_MODEL"
        )
    api_key = settings.llm.api_key.get_secret_value() if settings.llm.api_key else "none"
    return OpenAILike(
        model=settings.llm.model,
        api_base=settings.llm.base_url,
        api_key=api_key,
        is_chat_model=True,
        timeout=settings.llm.timeout_s,
        max_retries=0,
        max_tokens=settings.llm.max_tokens,
        temperature=0.1,
        context_window=8192,
    )


@backend("ollama")
def _ollama(settings: Settings) -> LLM:
    from llama_index.llms.ollama import Ollama

    if not settings.llm.model:
        raise LLMUnavailable("CITEDESK_LLM=ollama needs CITEDESK_LLM_MODEL")
    return Ollama(
        model=settings.llm.model,
        base_url=settings.llm.base_url or "http://127.0.0.1:11434",
        request_timeout=settings.llm.timeout_s,
        temperature=0.1,
        context_window=8192,
    )
