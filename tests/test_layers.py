"""The folders are the pipeline's rooms, and imports only go down: each room may import the rooms
listed for it here (and itself), never one above it. Every import counts, those inside functions
and under TYPE_CHECKING too. The same table is in each room's `__init__` docstring."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Room -> the rooms it may import besides itself. A room is a package folder; `rag.models` (the
# data types an answer is made of) and `ingest.models` (the records ingest passes along) are rooms
# of one module, imported from below the front door.
INGEST_BELOW_PIPELINE = {
    "ingest.settings",
    "ingest.models",
    "ingest.store",
    "ingest.embedding",
    "ingest.readers",
    "ingest.text",
}
ALLOWED: dict[str, set[str]] = {
    "ingest": set(),
    "ingest.settings": set(),
    "ingest.models": set(),
    "ingest.store": {"ingest.settings"},
    "ingest.embedding": {"ingest.store", "ingest.settings"},
    "ingest.readers": {"ingest.models", "ingest.settings"},  # never the store
    "ingest.text": {"ingest.embedding", "ingest.models", "ingest.settings"},
    "ingest.pipeline": INGEST_BELOW_PIPELINE,
    "rag.words": {"ingest"},
    "rag.questions": {"rag.words", "ingest"},
    "rag.models": {"rag.questions", "rag.words", "ingest"},
    "rag.reader": {"ingest"},
    "rag.retrieval": {"rag.models", "rag.questions", "rag.words", "ingest"},
    "rag.extractive": {"rag.models", "rag.reader", "rag.questions", "rag.words", "ingest"},
    "rag.forms": {
        "rag.extractive",
        "rag.retrieval",
        "rag.models",
        "rag.questions",
        "rag.words",
        "ingest",
    },
    "rag.llm": {"rag.extractive", "rag.models", "rag.questions", "rag.words", "ingest"},
}
RAG_ROOMS = {room for room in ALLOWED if room.startswith("rag.")}
# The front door: `rag/__init__.py`, desk, engine, answerers and their helpers at the top of rag/.
ALLOWED["rag"] = RAG_ROOMS | {"rag.reader", "ingest"}
ALLOWED["rag.evaluate"] = {"rag", *RAG_ROOMS, "ingest"}
ALLOWED["ui"] = {"rag", "rag.evaluate", *RAG_ROOMS, "ingest"}


def room_of(module: str) -> str:
    """The room a dotted module name belongs to: the longest room name that is a prefix of it;
    `ingest.x` outside every ingest room is the ingest package itself."""
    rooms = [r for r in ALLOWED if module == r or module.startswith(r + ".")]
    if rooms:
        return max(rooms, key=len)
    return module.split(".")[0]


def _allowed(room: str, target: str) -> bool:
    if target == room:
        return True
    return any(target == a or target.startswith(a + ".") for a in ALLOWED[room])


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] in {"rag", "ingest", "ui"}]


def _files() -> list[Path]:
    return sorted(p for top in ("ingest", "rag", "ui") for p in (ROOT / top).rglob("*.py"))


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_only_go_down(path: Path) -> None:
    room = room_of(_module_name(path))
    upward = [
        f"line {line}: {name} (room {room_of(name)})"
        for line, name in _imports(path)
        if not _allowed(room, room_of(name))
    ]
    assert not upward, f"{path.relative_to(ROOT)} (room {room}) imports upwards: {upward}"


def test_every_module_is_in_a_room() -> None:
    """A new module lands in a room: only the front doors sit at the top of rag/ and ingest/."""
    top_level = {_module_name(p) for top in ("ingest", "rag") for p in (ROOT / top).glob("*.py")}
    assert top_level == {
        "ingest",
        "ingest.models",
        "rag",
        "rag.answerers",
        "rag.desk",
        "rag.engine",
        "rag.examples",
        "rag.export",
        "rag.locks",
        "rag.models",
        "rag.paragraphs",
        "rag.requests",
    }


def test_each_room_says_what_it_may_import() -> None:
    for room in ALLOWED:
        init = ROOT / Path(*room.split(".")) / "__init__.py"
        if init.exists() and room != "ui":
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
            assert "May import" in doc, f"{init.relative_to(ROOT)}: say what the room may import"
