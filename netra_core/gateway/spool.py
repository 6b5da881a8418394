"""The gateway's append-only event spool: a call's start is on disk before its upstream call is made.

Each request writes two JSON lines to the active segment `<time_ns>.seg`: a start record (everything
known before the upstream call) and a finish record (the whole event). `os.write` puts a line in the
page cache before the request proceeds, so a kill -9 of the gateway loses nothing; a background
thread fsyncs the segment in batches (a power loss may lose the last ~`fsync_interval_s`).

Rotation (`rotate`) seals the active segment: the start records of calls still in flight are copied
into a new segment, the old one is fsynced and renamed `<time_ns>.sealed`, so a sealed segment's
unmatched starts are always carried forward while the process lives. The writer ingests sealed
segments: in the gateway's process (`EventWriter` over this spool, which rotates on each flush) or
in a writer process of its own (`SealedSegments`, while the gateway rotates on a timer); the
rename is what tells that process a segment is complete. Segments left by a dead process (`.seg`
or `.sealed`) are read together and their unmatched starts become "gateway_interrupted" events.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netra_core.data_dir import fsync_dir
from netra_core.errors import GatewayError

SUFFIX = ".seg"
SEALED = ".sealed"


@dataclass
class SegmentContents:
    """What sealed segments hold: finished events, and starts that never finished, by event id."""

    finished: dict[str, dict[str, Any]] = field(default_factory=dict)
    unfinished: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_segments(paths: list[Path]) -> SegmentContents:
    """Pair the start and finish records of these segments (a torn last line, from a crash, is skipped)."""
    started: dict[str, dict[str, Any]] = {}
    contents = SegmentContents()
    for path in paths:
        with path.open("rb") as fh:
            for line in fh:
                try:
                    record = json.loads(line)
                    kind, event_id, event = record["k"], record["id"], record["e"]
                except (ValueError, KeyError, TypeError):
                    continue
                if kind == "f":
                    contents.finished[event_id] = event
                elif kind == "s":
                    started[event_id] = event
    contents.unfinished = {k: v for k, v in started.items() if k not in contents.finished}
    return contents


def list_segments(directory: Path) -> list[Path]:
    """Every segment in a spool directory, active or sealed, oldest first."""
    return sorted((p for p in directory.iterdir() if p.suffix in (SUFFIX, SEALED)), key=lambda p: p.stem)


def sealed_segments(directory: Path, orphaned: list[Path]) -> list[Path]:
    """The sealed segments of the running gateway (not a dead one's), oldest first."""
    skip = {p.stem for p in orphaned}
    return [p for p in list_segments(directory) if p.suffix == SEALED and p.stem not in skip]


def remove_segments(directory: Path, paths: list[Path]) -> None:
    """Delete segments the store has taken, and make their removal durable."""
    for path in paths:
        path.unlink(missing_ok=True)
    fsync_dir(directory)


class SealedSegments:
    """A writer process's view of a running gateway's spool: the sealed segments it may ingest and remove.

    The gateway holds the spool and seals its segments; this side only reads them. `orphaned` are the
    segments a dead gateway left, as the running one found them at its start (those gone since are skipped).
    """

    def __init__(self, directory: Path, orphaned: list[Path]) -> None:
        self.directory = directory
        self.batch_dir = directory / "batch"
        self.rejected_dir = directory / "rejected"
        for d in (self.batch_dir, self.rejected_dir):
            d.mkdir(parents=True, exist_ok=True)
        for leftover in self.batch_dir.iterdir():  # a killed writer's unfinished batch files
            leftover.unlink(missing_ok=True)
        self.orphaned = [p for p in orphaned if p.exists()]

    def rotate(self) -> list[Path]:
        """The sealed segments now (the gateway seals them on its own timer)."""
        return sealed_segments(self.directory, self.orphaned)

    def remove(self, paths: list[Path]) -> None:
        """Forget segments the store has taken."""
        remove_segments(self.directory, paths)
        self.orphaned = [p for p in self.orphaned if p not in paths]


class EventSpool:
    """One gateway's spool directory (a second gateway on the same directory is refused)."""

    def __init__(self, directory: Path, fsync_interval_s: float = 0.05) -> None:
        self.directory = directory
        self.batch_dir = directory / "batch"
        self.rejected_dir = directory / "rejected"
        for d in (directory, self.batch_dir, self.rejected_dir):
            d.mkdir(parents=True, exist_ok=True)
        self.fsync_interval_s = fsync_interval_s
        self._lock = threading.Lock()
        self._rotating = threading.Lock()  # one rotation at a time (the writer's flush, or the gateway's timer)
        self._lock_fd = self._acquire()
        for leftover in self.batch_dir.iterdir():
            leftover.unlink(missing_ok=True)
        # Segments of a process that is gone: their unmatched starts were interrupted.
        self.orphaned: list[Path] = self._segments()
        self._in_flight: dict[str, bytes] = {}
        self._fd, self._path = self._open_segment()
        self._size = 0
        self._dirty = False
        self._stop = threading.Event()
        self._syncer = threading.Thread(target=self._sync_loop, name="netra-gateway-fsync", daemon=True)
        self._syncer.start()

    def _acquire(self) -> int:
        fd = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise GatewayError(
                f"another `netra gateway` already uses the spool {self.directory}; stop it or pass --spool-dir"
            ) from None
        return fd

    def _segments(self) -> list[Path]:
        return list_segments(self.directory)

    def _open_segment(self) -> tuple[int, Path]:
        path = self.directory / f"{time.time_ns():020d}{SUFFIX}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_EXCL, 0o600)
        return fd, path

    def _append(self, line: bytes) -> None:
        view = memoryview(line)
        while view:
            view = view[os.write(self._fd, view) :]
        self._size += len(line)
        self._dirty = True

    def start(self, event_id: str, record: dict[str, Any]) -> None:
        """Record that a call is about to be made (it becomes an interrupted event if no finish follows)."""
        line = (json.dumps({"k": "s", "id": event_id, "e": record}, separators=(",", ":")) + "\n").encode()
        with self._lock:
            self._append(line)
            self._in_flight[event_id] = line

    def finish(self, event_id: str, event: dict[str, Any]) -> None:
        """Record the call's whole event."""
        line = (json.dumps({"k": "f", "id": event_id, "e": event}, separators=(",", ":")) + "\n").encode()
        with self._lock:
            self._append(line)
            self._in_flight.pop(event_id, None)

    @property
    def in_flight(self) -> int:
        """Calls started and not finished."""
        return len(self._in_flight)

    def rotate(self) -> list[Path]:
        """Seal the active segment (if it holds anything) and return every sealed segment, oldest first.

        Only the switch to a new segment holds the lock the requests append under; the old segment's fsync
        (milliseconds on a busy disk) and its rename happen after, so no request waits for them.
        """
        with self._rotating:
            old: tuple[int, Path] | None = None
            with self._lock:
                if self._size:
                    old = (self._fd, self._path)
                    self._fd, self._path = self._open_segment()
                    self._size = 0
                    for line in self._in_flight.values():
                        self._append(line)
            if old is not None:
                old_fd, old_path = old
                os.fsync(old_fd)
                os.close(old_fd)
                old_path.rename(old_path.with_suffix(SEALED))
            return sealed_segments(self.directory, self.orphaned)

    def remove(self, paths: list[Path]) -> None:
        """Forget segments the store has taken."""
        remove_segments(self.directory, paths)
        self.orphaned = [p for p in self.orphaned if p not in paths]

    def _sync_loop(self) -> None:
        while not self._stop.wait(self.fsync_interval_s):
            self.sync()

    def sync(self) -> None:
        """fsync the active segment if it changed (on a duplicate descriptor: rotation may close the original)."""
        with self._lock:
            if not self._dirty:
                return
            self._dirty = False
            fd = os.dup(self._fd)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def close(self) -> None:
        """Stop the fsync thread, sync and close the active segment (an empty one is removed) and release the spool."""
        self._stop.set()
        self._syncer.join(5)
        with self._lock:
            os.fsync(self._fd)
            os.close(self._fd)
            if self._size == 0:
                self._path.unlink(missing_ok=True)
        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        os.close(self._lock_fd)
