"""A cross-process lock around the embedded store, and who holds it.

chdb locks its data directory for as long as one process has a session open, and a second
process gets only a vague "Error initializing EmbeddedServer". So every Netra process takes
this OS file lock (flock) around its session, and writes who it is beside the lock, so a process
that waits too long can say which process holds the store.

A process keeps its session open between uses (it "lingers") until another process waits for the
store, the session has been idle for `IDLE_CLOSE_S`, or the process exits: every chdb session that
opens and closes on a directory with MergeTree tables leaves ~5 engine threads and ~15 file
descriptors behind in the process (chdb 4.4), so a long-running app or receiver that opened one
session per read ran out of file descriptors. A waiting process is seen within `_WATCH_S`.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netra_core.errors import StoreBusyError

_POLL_S = 0.005
# A process that just released the store steps aside this long when others are waiting, so a
# busy app cannot starve a notebook or a report (flock itself has no queue).
_YIELD_S = 0.25
# How often an idle, lingering session looks for a waiting process; how long it stays open unused.
_WATCH_S = 0.05
IDLE_CLOSE_S = 600.0


@dataclass(frozen=True)
class LockHolder:
    """The process that holds (or last held) the store."""

    pid: int
    command: str
    since: str

    def is_alive(self) -> bool:
        """Whether that process still exists."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _holder_path(lock_path: Path) -> Path:
    return lock_path.with_name(lock_path.name + ".holder")


def fetch_lock_holder(lock_path: Path) -> LockHolder | None:
    """Read the holder record written beside the lock, if any."""
    try:
        data = json.loads(_holder_path(lock_path).read_text())
        return LockHolder(pid=int(data["pid"]), command=str(data["command"]), since=str(data["since"]))
    except (OSError, ValueError, KeyError):
        return None


class StoreLock:
    """Re-entrant in a process (threads queue on a mutex), exclusive across processes (flock)."""

    def __init__(self, lock_path: Path) -> None:
        self.lock_path = lock_path
        self._mutex = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._released_at = float("-inf")
        self._idle_since = 0.0
        self._watcher: threading.Thread | None = None
        # The open engine client while the lock is held (shared by nested sessions of this process); it stays
        # open, with the file lock, between sessions (see the module docstring).
        self.client: Any = None

    @property
    def is_held(self) -> bool:
        """Whether this process holds the file lock (in a session, or lingering between sessions)."""
        return self._fd is not None

    @contextmanager
    def hold(self, timeout_s: float) -> Iterator[bool]:
        """Hold the lock; yields True for the outermost holder (who must open the session)."""
        deadline = time.monotonic() + timeout_s
        if not self._mutex.acquire(timeout=timeout_s):
            raise self._busy_error(timeout_s, other_thread=True)
        try:
            if self._fd is None:
                self._acquire_file(deadline, timeout_s)
            self._depth += 1
            failed = False
            try:
                yield self._depth == 1
            except BaseException:
                failed = True
                raise
            finally:
                self._depth -= 1
                if self._depth == 0:
                    # A session that failed may have left the engine unusable: close it, as one that
                    # another process waits for.
                    if self.client is not None and not failed and not self._others_waiting():
                        self._idle_since = time.monotonic()
                        self._start_watcher()
                    else:
                        self._end_session()
        finally:
            self._mutex.release()

    def release_idle(self, timeout_s: float = 0.0) -> bool:
        """Close a lingering session now; False when a session of this process still uses it after `timeout_s`."""
        acquired = self._mutex.acquire(timeout=timeout_s) if timeout_s > 0 else self._mutex.acquire(blocking=False)
        if not acquired:
            return False
        try:
            if self._depth == 0 and self._fd is not None:
                self._end_session()
            return self._fd is None
        finally:
            self._mutex.release()

    def forget_after_fork(self) -> None:
        """In a forked child: drop the parent's engine and lock without touching them (they remain the parent's)."""
        self._mutex = threading.RLock()
        self._depth = 0
        self._watcher = None
        self.client = None
        if self._fd is not None:
            os.close(self._fd)  # not LOCK_UN: the lock belongs to the open file the parent still holds
            self._fd = None

    def _end_session(self) -> None:
        client, self.client = self.client, None
        try:
            if client is not None:
                client.close()
        finally:
            self._release_file()

    def _start_watcher(self) -> None:
        if self._watcher is None or not self._watcher.is_alive():
            self._watcher = threading.Thread(target=self._watch, name="netra-store-linger", daemon=True)
            self._watcher.start()

    def _watch(self) -> None:
        """Close the lingering session when another process waits or it has idled `IDLE_CLOSE_S`."""
        while True:
            time.sleep(_WATCH_S)
            if not self._mutex.acquire(blocking=False):
                continue  # a session of this process is using it
            try:
                if self._fd is None:
                    return
                if self._depth == 0 and (time.monotonic() - self._idle_since > IDLE_CLOSE_S or self._others_waiting()):
                    self._end_session()
                    return
            finally:
                self._mutex.release()

    def _acquire_file(self, deadline: float, timeout_s: float) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        waiting = self.lock_path.with_name(f"{self.lock_path.name}.wait.{os.getpid()}")
        try:
            while True:
                if not self._should_step_aside():
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if not waiting.exists():
                            waiting.touch()
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise self._busy_error(timeout_s) from None
                time.sleep(_POLL_S)
        finally:
            waiting.unlink(missing_ok=True)
        self._fd = fd
        record = {
            "pid": os.getpid(),
            "command": " ".join(sys.argv)[:300] or sys.executable,
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _holder_path(self.lock_path).write_text(json.dumps(record))

    def _release_file(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
            self._released_at = time.monotonic()

    def _should_step_aside(self) -> bool:
        """Just released and another live process is waiting: let it go first."""
        if time.monotonic() - self._released_at > _YIELD_S:
            return False
        return self._others_waiting()

    def _others_waiting(self) -> bool:
        """Whether another live process waits for the store (it leaves a `.wait.<pid>` file while it does)."""
        me = os.getpid()
        for path in self.lock_path.parent.glob(f"{self.lock_path.name}.wait.*"):
            try:
                pid = int(path.suffix.lstrip("."))
            except ValueError:
                continue
            if pid == me:
                continue
            if LockHolder(pid=pid, command="", since="").is_alive():
                return True
            path.unlink(missing_ok=True)  # left by a process that died while waiting
        return False

    def _busy_error(self, timeout_s: float, other_thread: bool = False) -> StoreBusyError:
        store = self.lock_path.parent
        if other_thread:
            return StoreBusyError(
                f"The workload store at {store} stayed busy in this process for {timeout_s:g}s "
                "(another thread held it). Retry; if it persists, raise NETRA_STORE_LOCK_TIMEOUT_S.",
                holder_pid=os.getpid(),
            )
        holder = fetch_lock_holder(self.lock_path)
        if holder is None:
            who = "another process"
            pid = None
        else:
            state = "running" if holder.is_alive() else "no longer running"
            who = f"process {holder.pid} ({holder.command}, {state}, holding since {holder.since})"
            pid = holder.pid
        return StoreBusyError(
            f"The workload store at {store} is held by {who}; waited {timeout_s:g}s. "
            "Netra processes share the embedded store in short turns, so a long hold means a long query or a "
            "stuck process: wait for it, stop it, raise NETRA_STORE_LOCK_TIMEOUT_S, or move to a ClickHouse "
            "server (NETRA_WORKLOAD_STORE_URL=http://...).",
            holder_pid=pid,
        )
