"""Values kept a while per key, then read again: for what changes rarely and costs a query each
time it is read (the airports flown from, the restaurant's menu)."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """`get(key, load)` returns what `load()` gave for `key` at most `seconds` ago, else loads
    it again; `clear()` forgets everything (after a reload the process made itself)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._kept: dict[K, tuple[float, V]] = {}

    def get(self, key: K, load: Callable[[], V]) -> V:
        kept = self._kept.get(key)
        if kept is not None and self._clock() - kept[0] < self.seconds:
            return kept[1]
        value = load()
        self._kept[key] = (self._clock(), value)
        return value

    def clear(self) -> None:
        self._kept.clear()
