"""One value per store, rebuilt only when its data changed.

Indexes built from the whole base (aliases, the FTS vocabulary) are too costly to build per
message but must not outlive an article being added; `store.data_version` tells them apart.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class PerDataVersion(Generic[T]):
    """Calls `build(store)` once per store and data version; concurrent callers share one build."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self._build = build
        self._cache: weakref.WeakKeyDictionary[Any, tuple[Any, T]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, store: Any) -> T:
        version = store.data_version
        cached = self._cache.get(store)
        if cached and cached[0] == version:
            return cached[1]
        with self._lock:
            cached = self._cache.get(store)
            if cached and cached[0] == version:
                return cached[1]
            built = self._build(store)
            self._cache[store] = (version, built)
            return built
