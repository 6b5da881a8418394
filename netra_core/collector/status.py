"""The collector's counters: kept in memory, logged, and written to a status file `netra doctor` reads."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netra_core.workloads.journal import is_process_alive

STATUS_FILE = "collector_status.json"


def status_path(data_dir: Path) -> Path:
    """Where a collector writes its status (one collector per data dir)."""
    return data_dir / STATUS_FILE


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class CollectorCounters:
    """What the collector has done since it started; spans are counted as the sender sent them."""

    requests: int = 0
    spans_received: int = 0
    spans_written: int = 0
    spans_duplicate: int = 0
    spans_rejected: int = 0
    spans_not_model_calls: int = 0
    spans_kept_as_context: int = 0  # agent, tool and app spans written to trace_spans (not events)
    bodies_rejected: int = 0
    bodies_engine_decoded: int = 0  # protobuf bodies the engine decoded straight into event columns
    bodies_fallback: int = 0  # bodies decoded in Python instead (JSON, or what the engine could not take)
    unauthorized: int = 0
    refused_spool_full: int = 0
    bad_requests: int = 0
    batches: int = 0
    last_batch_at: str | None = None
    last_batch_spans: int = 0
    last_batch_ms: float = 0.0
    last_error: str | None = None
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **deltas: int) -> None:
        """Add to counters, thread-safely."""
        with self._guard:
            for name, delta in deltas.items():
                setattr(self, name, getattr(self, name) + delta)

    def set(self, **values: Any) -> None:
        """Set fields, thread-safely."""
        with self._guard:
            for name, value in values.items():
                setattr(self, name, value)

    def snapshot(self) -> dict[str, Any]:
        """A consistent copy for the log and the status file."""
        with self._guard:
            return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}


def save_status(path: Path, status: dict[str, Any]) -> None:
    """Write the status file atomically (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps({**status, "updated_at": _now()}, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)


def fetch_status(path: Path) -> dict[str, Any] | None:
    """The last status a collector wrote, or None if none ever ran here."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None

    return True


def describe_status(status: dict[str, Any]) -> tuple[bool, str]:
    """(healthy, one line) for `netra doctor`: a stopped collector with a non-empty spool is not healthy."""
    pid = int(status.get("pid", 0))
    running = pid > 0 and is_process_alive(pid) and not status.get("stopped")
    depth = int(status.get("spool_files", 0))
    state = f"running (pid {pid}) on {status.get('endpoint', '?')}" if running else "not running"
    line = (
        f"{state}; received {status.get('spans_received', 0):,} spans, written {status.get('spans_written', 0):,}, "
        f"rejected {status.get('spans_rejected', 0):,} spans and {status.get('bodies_rejected', 0):,} bodies, "
        f"decoded {status.get('bodies_engine_decoded', 0):,} bodies in the engine, "
        f"{status.get('bodies_fallback', 0):,} in Python; "
        f"spool depth {depth:,} request(s) ({int(status.get('spool_bytes', 0)) / 1e6:.1f} MB), "
        f"last batch {status.get('last_batch_at') or 'never'}"
    )
    if status.get("last_error"):
        line += f"; last error: {status['last_error']}"
    if not running and depth:
        return False, line + f" — {depth:,} request(s) wait in the spool: start `netra collect` to write them"
    return True, line
