"""Duplicate detection: exact (same cleaned body) and near (the same story syndicated with small
edits), the latter with datasketch's MinHash LSH so it stays linear in the number of articles."""

from __future__ import annotations

import base64
import functools
import hashlib
import re

import numpy as np

NUM_PERM = 64
SCHEME = "affine32"  # 32-bit values: the stored signature stays small
SHINGLE_WORDS = 3


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def signature(body: str) -> str:
    """A compact MinHash of the body's word 3-grams, stored with the document."""
    from datasketch import MinHash

    words = re.findall(r"\w+", body.lower())
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch(list(shingles))
    return base64.b64encode(minhash.hashvalues.astype(np.uint32).tobytes()).decode("ascii")


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The seed's permutations, drawn once: MinHash draws them anew for every article (a
    quarter of the time signing one)."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


MAX_PAIRS = 1000


def near_duplicates(
    signatures: dict[str, str], focus: set[str], threshold: float
) -> list[tuple[str, str, float]]:
    """Pairs of documents whose estimated Jaccard similarity reaches `threshold`, keeping only
    pairs that involve a document in `focus` (those ingested in this run), at most `MAX_PAIRS`
    of them: a feed syndicated a hundred times must not flood the summary."""
    from datasketch import LeanMinHash, MinHashLSH

    if not focus:
        return []
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = {}
    for doc_id, encoded in signatures.items():
        values = np.frombuffer(base64.b64decode(encoded), dtype=np.uint32)
        hashes[doc_id] = LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)
        lsh.insert(doc_id, hashes[doc_id])
    pairs = set()
    for doc_id in sorted(focus & hashes.keys()):
        for other in lsh.query(hashes[doc_id]):
            if other != doc_id:
                similarity = hashes[doc_id].jaccard(hashes[other])
                if similarity >= threshold:
                    pairs.add((*sorted((doc_id, other)), round(similarity, 2)))
        if len(pairs) >= MAX_PAIRS:
            break
    return sorted(pairs)
