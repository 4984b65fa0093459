"""Which embedding precision an index is read and written at.

int8 became the default once it measured as good as full precision on the dev splits; an index
built before keeps its full-precision vectors and chunk ids, and is searched with the model that
made them, unless the user chooses a precision (then a mismatch is refused by name, as ever).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.store import Store


def following(store: Store) -> Store:
    """The store, with settings at the precision its index was built with when the user chose
    none."""
    settings = store.settings
    embedding = settings.embedding
    if (
        "quantized" in embedding.model_fields_set
        or embedding.backend != "onnx"
        or not store.is_initialized()
    ):
        return store
    chunks = store.client.get_collection(store.chunks_name, embedding_function=None)
    other = embedding.model_copy(update={"quantized": not embedding.quantized})
    if (chunks.metadata or {}).get("embed_model") != other.identity:
        return store
    return type(store)(settings.model_copy(update={"embedding": other}))
