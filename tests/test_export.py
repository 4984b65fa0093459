"""Taking answers away: plain text with references (the chat's copy), and a conversation as
Markdown with full references (the chat's export)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ingest.settings import Settings
from rag.engine import Engine
from rag.export import conversation_docx, conversation_markdown, plain_text
from ui.conversation import ExportFolder


@pytest.fixture(scope="module")
def engine(seed_index: Path) -> Engine:
    return Engine(Settings(index_dir=seed_index))


def test_plain_text_is_the_answer_without_markup_then_its_references(engine):
    answer = engine.ask("How many Chinese companies are at Milipol?")
    text = plain_text(answer)
    assert text.startswith("89 out of 1,100 [1]\n\nWith 89 out of 1,100 companies")
    assert "**" not in text and "\\" not in text
    references = text.split("References:\n", 1)[1].splitlines()
    assert references == [
        '[1] "China surveillance tech seeks global reach", 002_a3377fda385ba5c8.txt: '
        f"“{answer.citations[0].quote}”"
    ]


def test_a_conversation_exports_each_answer_with_its_own_references(engine):
    first = engine.ask("Who filed a complaint about the handcuffs?")
    second = engine.ask("What is the headline of the article about Hytera?")
    exported = conversation_markdown([first, second])
    assert exported.startswith("# citedesk conversation\n\n## 1. Who filed a complaint")
    one, two = exported.split("## 2. ")
    assert "Amnesty International" in one and "References:" in one
    assert "(the article's header)" in two  # a header citation says where it is


def test_a_conversation_exports_as_a_word_document_too(engine, tmp_path):
    from docx import Document

    answer = engine.ask("How many Chinese companies are at Milipol?")
    path = conversation_docx([answer], tmp_path / "conversation.docx")
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    assert paragraphs[:3] == [
        "citedesk conversation",
        "1. How many Chinese companies are at Milipol?",
        "89 out of 1,100 [1]",
    ]
    assert "References:" in paragraphs
    assert paragraphs[-1].startswith('[1] "China surveillance tech seeks global reach"')
    properties = Document(str(path)).core_properties
    assert properties.author == "citedesk" and properties.created.year >= 2026


def test_the_chat_keeps_no_export_once_the_web_server_has_copied_it(engine):
    """Every answer writes its export files; the chat's folder holds only recent ones."""

    exports = ExportFolder(keep_s=60)
    answers = [engine.ask("Who wrote the article about Hytera?").model_dump(mode="json")]
    first_markdown, first_word = exports.write(answers)
    assert Path(first_markdown).read_text().startswith("# citedesk conversation")
    assert Path(first_word).stat().st_size > 0
    old = time.time() - 120
    os.utime(Path(first_markdown).parent, (old, old))
    second_markdown, _ = exports.write(answers)
    assert not Path(first_markdown).exists()
    assert [p.name for p in exports.path.iterdir()] == [Path(second_markdown).parent.name]
