"""Process-wide revision numbers of data that readers cache (the org's events, the supply catalog).

A write bumps its kind's revision; a cache keyed by the revision sees its entry go stale at once in this process.
Other processes' writes are seen when the cache's own time limit runs out.
"""

from __future__ import annotations

import threading

EVENTS = "events"
CATALOG = "catalog"

_lock = threading.Lock()
_revisions: dict[str, int] = {}


def bump_revision(kind: str) -> None:
    """Mark data of `kind` as changed (called after an ingest or a catalog write)."""
    with _lock:
        _revisions[kind] = _revisions.get(kind, 0) + 1


def current_revision(kind: str) -> int:
    """The revision of `kind` in this process (0 until its first change)."""
    return _revisions.get(kind, 0)
