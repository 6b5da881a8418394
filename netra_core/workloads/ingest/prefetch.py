"""Read ahead: run an iterator in a thread so the next chunk is read while the current one is checked.

Arrow's readers and the engine release the GIL, so on two cores reading overlaps validation and
staging. The queue is bounded: at most `depth` items wait, so memory stays a few chunks whatever the
file size. An exception in the reader is raised in the consumer, at the item where it happened.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

T = TypeVar("T")
_POLL_SECONDS = 0.1


class _End:
    """The reader finished."""


class _Failed:
    """The reader raised."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def prefetched(items: Iterator[T], depth: int = 1, name: str = "netra-ingest-read") -> Generator[T, None, None]:
    """The items of `items`, produced by a background thread up to `depth` items ahead of the consumer."""
    slots: queue.Queue[T | _End | _Failed] = queue.Queue(maxsize=max(depth, 1))
    stop = threading.Event()

    def offer(item: T | _End | _Failed) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
            offer(_End())
        except BaseException as exc:  # handed to the consumer, who raises it
            offer(_Failed(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()  # the reader's own clean-up (open files) runs in its thread

    worker = threading.Thread(target=produce, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item = slots.get()
            if isinstance(item, _End):
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # free a producer blocked on a full queue, then wait for it
            with contextlib.suppress(queue.Empty):
                slots.get(timeout=_POLL_SECONDS)
        worker.join()
