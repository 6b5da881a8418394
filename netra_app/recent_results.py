"""A few recent results of long computations, kept for a while and shared by every session of the server.

`st.cache_data` cannot hold the optimizer's result here: the run reports its progress to the page while it
computes, and a cached function that writes to a block made outside it cannot be replayed. The key holds the org,
so no entry is served to another org.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class RecentResults(Generic[V]):
    """At most `size` results, each for `ttl_s` seconds; the least recently used goes first."""

    def __init__(self, size: int, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._size, self._ttl_s, self._clock = size, ttl_s, clock
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def _drop_expired(self) -> None:
        # Every expired result goes, not only one looked up again: an optimizer result at 2 M events holds ~70 MB,
        # and results kept past their time were the server's memory growing over an hour (#18).
        now = self._clock()
        for key in [k for k, (at, _) in self._items.items() if now - at > self._ttl_s]:
            del self._items[key]

    def get(self, key: Hashable) -> V | None:
        """The result kept for `key`, or None (never kept, or expired)."""
        with self._lock:
            self._drop_expired()
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: Hashable, value: V) -> None:
        """Keep `value` for `key`."""
        with self._lock:
            self._drop_expired()
            self._items[key] = (self._clock(), value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._items.clear()
