"""Values computed per sentence, cached: the same passages come back question after question, and
embedding their sentences or finding their entities is most of an answer's cost."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TextCache(Generic[T]):
    """`compute` runs once per text, on the texts not cached yet, in one batch; the oldest
    entries go past `size`. Safe to call from several threads (questions are answered from
    several)."""

    def __init__(self, compute: Callable[[list[str]], list[T]], size: int = 50_000) -> None:
        self.compute = compute
        self.size = size
        self._cache: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> list[T]:
        with self._lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            values = self.compute(missing)
            with self._lock:
                for text, value in zip(missing, values, strict=True):
                    known[text] = self._cache[text] = value
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        return [known[t] for t in texts]
