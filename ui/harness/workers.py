"""The bench's workers, each run in a fresh process (`python -m ui.harness.workers TASK ...`): an
ingest's peak memory and a cold start are then the pipeline's own, not the bench's."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ingest.settings import Settings

STOCK_COLLECTION = "stock_llamaindex"


def _loaded_documents(corpus: Path) -> list:
    """The articles as citedesk loads and cleans them, as llama-index Documents: both pipelines
    get exactly the same text."""
    from llama_index.core import Document

    from ingest.models import Article, SourceRecord
    from ingest.readers.loaders import read_file, scan
    from ingest.text.clean import clean_record

    documents = []
    for path, doc_id in scan([corpus]).files:
        for record in read_file(path, doc_id, 10**9):
            article = clean_record(record) if isinstance(record, SourceRecord) else record
            if isinstance(article, Article):
                documents.append(
                    Document(
                        text=article.body, id_=article.doc_id, metadata={"title": article.title}
                    )
                )
    return documents


def _worker_ingest_stock(corpus: Path, index_dir: Path, chroma_url: str | None) -> dict:
    """The tutorial pipeline: default SentenceSplitter, VectorStoreIndex on ChromaVectorStore."""
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from ingest.embedding import load_token_counter
    from ingest.store import open_store

    settings = Settings(index_dir=index_dir, chroma_url=chroma_url)
    documents = _loaded_documents(corpus)
    model = HuggingFaceEmbedding(model_name=settings.embedding.resolved_model())
    started = time.perf_counter()  # both pipelines: from a loaded model to a finished index
    client = open_store(settings).client
    collection = client.get_or_create_collection(STOCK_COLLECTION)
    storage = StorageContext.from_defaults(
        vector_store=ChromaVectorStore(chroma_collection=collection)
    )
    index = VectorStoreIndex.from_documents(documents, storage_context=storage, embed_model=model)
    seconds = time.perf_counter() - started
    del index
    # The same default split again, outside the timing, to count what the model was given
    # (text and metadata, cut at the model's window as the model cuts it).
    count = load_token_counter(settings)
    window = settings.embedding.max_tokens - 2
    nodes = SentenceSplitter().get_nodes_from_documents(documents)
    tokens = sum(
        min(len(count(n.get_content(metadata_mode=MetadataMode.EMBED))), window) for n in nodes
    )
    return {
        "seconds": seconds,
        "chunks": collection.count(),
        "embedded_tokens": tokens,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _worker_ingest_citedesk(corpus: Path, index_dir: Path, chroma_url: str | None) -> dict:
    from ingest.embedding import load_embed_model
    from ingest.pipeline import ingest

    settings = Settings(index_dir=index_dir, chroma_url=chroma_url)
    # Loaded before the clock starts, as for the stock pipeline; as the ingest loads it, or it
    # would load it again.
    model = load_embed_model(settings)
    report = ingest([corpus], settings, embed_model=model)
    return {
        "articles": len(report.added),
        "seconds": report.seconds,
        "searchable_seconds": report.searchable_seconds,
        "chunks": report.chunks_written,
        "embedded_tokens": report.embedded_tokens,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _worker_embed_alone(index_dir: Path, chroma_url: str | None) -> dict:
    """The embedding model alone on the passages citedesk's ingest embedded, in the same
    batches (about `ingest.batch_chunks` chunks of whole articles, each batch's distinct texts
    by length), with nothing else in the process: the speed the ingest's tokens per second are
    measured against."""
    from collections import defaultdict

    from llama_index.core.schema import MetadataMode
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    from ingest.embedding import load_embed_model
    from ingest.pipeline.batches import grouped
    from ingest.store import iterate, open_store

    settings = Settings(index_dir=index_dir, chroma_url=chroma_url)
    model = load_embed_model(settings)
    by_article: dict[str, list] = defaultdict(list)
    for row in iterate(open_store(settings).chunks(), include=["metadatas", "documents"]):
        node = metadata_dict_to_node(row["metadatas"] or {}, text=row["documents"])
        by_article[node.metadata["doc_id"]].append(node)
    articles = grouped(
        sorted(by_article), lambda d: len(by_article[d]), settings.ingest.batch_chunks
    )
    seconds = tokens = 0.0
    for doc_ids in articles:
        batch = {  # each distinct text once, as the ingest embeds it
            node.get_content(metadata_mode=MetadataMode.EMBED): int(node.metadata["n_tokens"])
            for doc_id in doc_ids
            for node in by_article[doc_id]
        }
        texts = sorted(batch, key=batch.__getitem__)
        started = time.perf_counter()
        model.get_text_embedding_batch(texts)
        seconds += time.perf_counter() - started
        tokens += sum(batch.values())
    return {"seconds": seconds, "embedded_tokens": tokens}


def _worker_cold_stock(index_dir: Path, chroma_url: str | None, question: str) -> dict:
    from llama_index.core import VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from ingest.store import open_store

    settings = Settings(index_dir=index_dir, chroma_url=chroma_url)
    collection = open_store(settings).client.get_collection(STOCK_COLLECTION)
    model = HuggingFaceEmbedding(model_name=settings.embedding.resolved_model())
    index = VectorStoreIndex.from_vector_store(
        ChromaVectorStore(chroma_collection=collection), embed_model=model
    )
    index.as_retriever(similarity_top_k=10).retrieve(question)
    return {}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_worker(task: str, *args: str, module: str = "ui.harness.workers") -> dict:
    """A worker in a fresh process (its memory and start-up its own); its JSON result."""
    done = subprocess.run(
        [sys.executable, "-m", module, task, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TQDM_DISABLE": "1"},
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench worker {task} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_command(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def machine_line(info: dict[str, Any]) -> str:
    """The machine a run was measured on, in words."""
    return (
        f"{info['cores']} cores, {info['ram_gib']} GiB RAM ({info['platform']}, "
        f"Python {info['python']})"
    )


def machine() -> dict[str, Any]:
    import psutil

    return {
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def main() -> None:
    """Subprocess entry points used by the bench (not a user command)."""
    task, *args = sys.argv[1:]
    if task == "cold-stock":
        _worker_cold_stock(Path(args[0]), args[1] or None, args[2])
        print(json.dumps({}))
        return
    corpus, index_dir, chroma_url = Path(args[0]), Path(args[1]), args[2] or None
    if task == "embed-alone":
        print(json.dumps(_worker_embed_alone(index_dir, chroma_url)))
        return
    worker = {"ingest-stock": _worker_ingest_stock, "ingest-citedesk": _worker_ingest_citedesk}
    print(json.dumps(worker[task](corpus, index_dir, chroma_url)))


if __name__ == "__main__":
    main()
