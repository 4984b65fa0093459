"""Settings come in sections; each value is set by its section's variable or by the flat name
citedesk had before sections, and passed in code by its flat name."""

from pathlib import Path

import pytest

from ingest.settings import FLAT_NAMES, Settings, SettingsError, env_names


def test_a_value_is_read_by_its_section(monkeypatch):
    monkeypatch.setenv("CITEDESK_RETRIEVAL__TOP_K", "7")
    monkeypatch.setenv("CITEDESK_LLM__BACKEND", "ollama")
    settings = Settings()
    assert settings.retrieval.top_k == 7
    assert settings.llm.backend == "ollama"


def test_the_old_flat_names_still_work(monkeypatch):
    monkeypatch.setenv("CITEDESK_TOP_K", "4")
    monkeypatch.setenv("CITEDESK_LLM", "ollama")
    monkeypatch.setenv("CITEDESK_EMBED_MODEL", "/models/mine")
    monkeypatch.setenv("CITEDESK_ENTITIES_AT_INGEST", "false")
    settings = Settings()
    assert settings.retrieval.top_k == 4
    assert settings.llm.backend == "ollama"
    assert settings.embedding.model == "/models/mine"
    assert settings.ingest.find_entities is False


def test_the_section_name_wins_over_the_flat_one(monkeypatch):
    monkeypatch.setenv("CITEDESK_TOP_K", "4")
    monkeypatch.setenv("CITEDESK_RETRIEVAL__TOP_K", "6")
    assert Settings().retrieval.top_k == 6


def test_a_keyword_beats_the_environment(monkeypatch):
    monkeypatch.setenv("CITEDESK_RETRIEVAL__TOP_K", "6")
    monkeypatch.setenv("CITEDESK_LLM", "ollama")
    settings = Settings(top_k=3, llm="none", index_dir=Path("elsewhere"))
    assert (settings.retrieval.top_k, settings.llm.backend) == (3, "none")
    assert settings.store.index_dir == Path("elsewhere")


def test_changed_copies_and_validates():
    settings = Settings(top_k=3)
    changed = settings.changed(answer_max_words=20, llm_model="m")
    assert (changed.answer.max_words, changed.llm.model, changed.retrieval.top_k) == (20, "m", 3)
    assert settings.answer.max_words == 80
    with pytest.raises(SettingsError, match="not a valid setting"):
        settings.changed(top_k=0)
    with pytest.raises(TypeError, match="not settings: topk"):
        settings.changed(topk=3)


def test_a_bad_value_names_the_variable_that_was_read(monkeypatch):
    monkeypatch.setenv("CITEDESK_RETRIEVAL__TOP_K", "many")
    with pytest.raises(SettingsError, match=r"CITEDESK_RETRIEVAL__TOP_K='many' is not a valid"):
        Settings()


def test_every_value_has_one_flat_name_and_two_variables():
    sections = [(section, name) for section, name in FLAT_NAMES.values()]
    assert len(sections) == len(set(sections)) == len(FLAT_NAMES)
    assert env_names("llm_base_url") == ("CITEDESK_LLM__BASE_URL", "CITEDESK_LLM_BASE_URL")
    assert env_names("top_k") == ("CITEDESK_RETRIEVAL__TOP_K", "CITEDESK_TOP_K")
