"""The one configuration object, in sections: every path, model and knob, overridable by
`CITEDESK_*` environment variables.

Each value has two names in the environment: its section's (`CITEDESK_RETRIEVAL__TOP_K`) and the
flat one citedesk had before sections (`CITEDESK_TOP_K`), kept so existing set-ups keep working;
the section's wins when both are set. Code passes values by the flat name (`Settings(top_k=5)`,
`settings.changed(top_k=5)`), as the CLI's options do, and reads them by section
(`settings.retrieval.top_k`).

It lives in `ingest` because that is the lowest layer: `rag` and `ui` import it from here, never
the other way round. Each section is a module of its own in this room (`store`, `embedding`,
`ingest`, `retrieval`, `answer`, `reader`, `llm`, `chat`).
May import: nothing else in citedesk.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from ingest.settings.answer import AnswerSettings
from ingest.settings.chat import ChatSettings
from ingest.settings.embedding import EmbeddingSettings
from ingest.settings.ingest import IngestSettings
from ingest.settings.llm import LLMSettings
from ingest.settings.reader import ReaderSettings
from ingest.settings.retrieval import RetrievalSettings
from ingest.settings.store import StoreSettings

# Set before any Hugging Face library is imported anywhere in the process: nothing may be fetched
# from a hub at run time, and Gradio must not phone home.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Libraries' own tqdm bars (model loading, BM25 saving) would interleave with ours.
os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

ENV_PREFIX = "CITEDESK_"


class SettingsError(ValueError):
    """A setting has a value it cannot take; the message names where the value came from (the
    environment variable or the command-line option) and what it may be."""


SECTIONS: dict[str, type[BaseModel]] = {
    "store": StoreSettings,
    "embedding": EmbeddingSettings,
    "ingest": IngestSettings,
    "retrieval": RetrievalSettings,
    "answer": AnswerSettings,
    "reader": ReaderSettings,
    "llm": LLMSettings,
    "chat": ChatSettings,
}

# The flat names of the values a section renamed (the section says what they are about);
# every other value's flat name is its name in its section.
_RENAMED = {
    "embedding": {
        "embed_model": "model",
        "embed_batch_size": "batch_size",
        "embed_max_tokens": "max_tokens",
        "embed_backend": "backend",
        "embed_threads": "threads",
        "embed_quantized": "quantized",
        "model_cache": "cache_dir",
    },
    "ingest": {"ingest_batch_chunks": "batch_chunks", "entities_at_ingest": "find_entities"},
    "answer": {
        f"answer_{name}": name
        for name in AnswerSettings.model_fields
        if not name.startswith(("overview_", "disagreement_"))
    },
    "llm": {
        "llm": "backend",
        **{
            f"llm_{name}": name
            for name in LLMSettings.model_fields
            if name != "backend" and not name.startswith("verify_")
        },
    },
    "chat": {"chat_concurrency": "concurrency"},
    "reader": {f"reader_{name}": name for name in ReaderSettings.model_fields},
}


def _flat_names() -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    for section, model in SECTIONS.items():
        flat_of = {new: old for old, new in _RENAMED.get(section, {}).items()}
        for name in model.model_fields:
            names[flat_of.get(name, name)] = (section, name)
    return names


FLAT_NAMES = _flat_names()
# Variables with the prefix that other parts read, not settings.
NOT_SETTINGS = ("CITEDESK_CRASH_AT",)  # ingest.pipeline.faults: the crash tests
"""Flat name -> (section, name in the section)."""


def env_names(flat: str) -> tuple[str, str]:
    """The two environment variables for one value, the one that wins first."""
    section, name = FLAT_NAMES[flat]
    return f"{ENV_PREFIX}{section}__{name}".upper(), f"{ENV_PREFIX}{flat}".upper()


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """A warning for each `CITEDESK_` variable that is no setting, with the closest that is:
    a misspelt name (`CITEDESK_TOPK`) would otherwise be ignored without a word."""
    import difflib

    environ = os.environ if environ is None else environ
    known = {name for flat in FLAT_NAMES for name in env_names(flat)} | set(NOT_SETTINGS)
    warnings = []
    for variable in sorted(environ):
        if not variable.upper().startswith(ENV_PREFIX.upper()) or variable.upper() in known:
            continue
        close = difflib.get_close_matches(variable.upper(), sorted(known), n=1, cutoff=0.6)
        hint = (
            f"; did you mean {close[0]}?"
            if close
            else "; the README's Configuration section lists them"
        )
        warnings.append(f"{variable} is not a citedesk setting and is ignored{hint}")
    return warnings


class _Environment(PydanticBaseSettingsSource):
    """Reads both spellings of every variable (see the module's docstring); pydantic-settings'
    own source knows only the sections' nested names, and would read `CITEDESK_LLM` (the backend,
    by its flat name) as the whole `llm` section."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, dict[str, str]] = {}
        for flat, (section, name) in FLAT_NAMES.items():
            variable = next((v for v in env_names(flat) if v in os.environ), None)
            if variable is not None:
                values.setdefault(section, {})[name] = os.environ[variable]
        return values


class Settings(BaseSettings):
    """Configuration shared by ingest, retrieval, the CLI and the UI."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    store: StoreSettings = Field(default_factory=StoreSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    reader: ReaderSettings = Field(default_factory=ReaderSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    chat: ChatSettings = Field(default_factory=ChatSettings)

    def __init__(self, **values: Any) -> None:
        # pydantic's own message names the field (`retrieval.top_k`), not what the user set
        # (`CITEDESK_TOP_K`), and comes with a traceback.
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise SettingsError(_explain(error, set(values))) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _Environment(settings_cls)

    @model_validator(mode="before")
    @classmethod
    def _sectioned(cls, values: Any) -> Any:
        """Puts values given by their flat names into their sections, over what the environment
        gave (a keyword beats a variable)."""
        if not isinstance(values, dict):
            return values
        routed: dict[str, dict[str, Any]] = {}
        flat = {}
        for key, value in values.items():
            if key in SECTIONS and isinstance(value, BaseModel):
                routed[key] = value.model_dump()
            elif key in SECTIONS and isinstance(value, dict):
                routed[key] = dict(value)
            elif key in FLAT_NAMES:  # `llm` is both a section and the backend's flat name
                flat[key] = value
        for key, value in flat.items():
            section, name = FLAT_NAMES[key]
            routed.setdefault(section, {})[name] = value
        return routed

    def changed(self, **flat: Any) -> Settings:
        """A copy with some values changed, by their flat names, validated like any setting."""
        unknown = flat.keys() - FLAT_NAMES.keys()
        if unknown:
            raise TypeError(f"not settings: {', '.join(sorted(unknown))}")
        # Only what was set is carried over: a value left to its default stays a default (an
        # index built before int8 was the default is then still read at its own precision).
        values = {
            section: getattr(self, section).model_dump(exclude_unset=True) for section in SECTIONS
        }
        for key, value in flat.items():
            section, name = FLAT_NAMES[key]
            values[section][name] = value
        return Settings(**values)


def _explain(error: ValidationError, overrides: set[str]) -> str:
    lines = []
    for problem in error.errors():
        section, name = (*(str(part) for part in problem["loc"]), "?", "?")[:2]
        field = SECTIONS[section].model_fields.get(name) if section in SECTIONS else None
        flat = next((f for f, place in FLAT_NAMES.items() if place == (section, name)), name)
        secret = field is not None and "Secret" in str(field.annotation)
        value = "(secret)" if secret else repr(problem.get("input"))
        why = problem["msg"][:1].lower() + problem["msg"][1:]
        if field is not None and not _choices(field):
            why = f"it must be {_allowed(field)} ({why})"
        elif field is not None:
            why = f"it must be {_allowed(field)}"
        lines.append(f"{_origin(flat, overrides)}={value} is not a valid setting: {why}.")
    return "\n".join(lines)


def _origin(flat: str, overrides: set[str]) -> str:
    """What the user set: the command-line option, or whichever variable was read."""
    if flat in overrides or flat not in FLAT_NAMES:
        return f"--{flat.replace('_', '-')}"
    return next((v for v in env_names(flat) if v in os.environ), env_names(flat)[1])


def _choices(field: FieldInfo) -> tuple[Any, ...]:
    return get_args(_kind(field)) if get_origin(_kind(field)) is Literal else ()


def _kind(field: FieldInfo) -> Any:
    """The field's type without `| None`."""
    kind = field.annotation
    if get_origin(kind) in (Union, UnionType):
        kind = next(a for a in get_args(kind) if a is not type(None))
    return kind


def _allowed(field: FieldInfo) -> str:
    """The values a field takes, in words, from its type and its constraints."""
    if _choices(field):
        return "one of " + ", ".join(str(v) for v in _choices(field))
    words = {int: "an integer", float: "a number", bool: "true or false", Path: "a path"}
    text = words.get(_kind(field), "text")
    bounds = []
    for rule in field.metadata:
        for attribute, sign in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            if getattr(rule, attribute, None) is not None:
                bounds.append(f"{sign} {getattr(rule, attribute)}")
    return f"{text} {' and '.join(bounds)}".strip()
