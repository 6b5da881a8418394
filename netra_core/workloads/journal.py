"""The write journal: multi-statement writes recorded before they start and when they end (migration 0005).

An ingest's move and a roll-up rebuild each take several statements; a process killed between them
leaves the store half-written. So each is first recorded as `started` (with its org and time range)
and, once every statement has run, as `done`. An operation whose last record is `started` was cut
short, and `netra_core.workloads.recovery` undoes or redoes it. The table is append-only and small
(two rows per write), so reading it is a few milliseconds.

On the embedded store a marker file per operation (beside the store's lock) tells a new session, for
the cost of one directory listing, whether the journal needs reading at all: the marker is created
before the `started` record and removed after the `done` one, so every unfinished operation has one.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.errors import WorkloadStoreError
from netra_core.workloads.store import query_rows

JOURNAL_TABLE = "netra_write_journal"
STARTED, DONE, ROLLED_BACK = "started", "done", "rolled_back"
# On a ClickHouse server other machines write too: an unfinished operation of another host (or of a live
# process on this one) is only taken for dead after this long (a move of 10 M rows takes seconds).
SERVER_STALE_AFTER = timedelta(hours=1)
_UNKNOWN_TABLE = 60


@dataclass(frozen=True)
class WriteOp:
    """One journalled write: what it is, whose rows, which time range, and who ran it."""

    op_id: str
    # "ingest" (rows carry ingest_id = op_id), "rebuild" (roll-ups of [lo, hi) redone) or "reprice" (events of
    # [lo, hi) written again with new costs: merged, then roll-ups redone).
    kind: str
    org_id: str
    lo: datetime
    hi: datetime
    pid: int
    host: str
    started_at: datetime | None = None

    def is_dead(self, now: datetime) -> bool:
        """Whether the process that ran it is gone (same host, no such pid) or it is older than the stale limit."""
        if self.host == socket.gethostname() and not is_process_alive(self.pid):
            return True
        return self.started_at is not None and now - self.started_at > SERVER_STALE_AFTER


def is_process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != 0


def make_write_op(kind: str, org_id: str, lo: datetime, hi: datetime) -> WriteOp:
    """A new operation of this process, with a fresh id (built from a uuid, never from input)."""
    return WriteOp(uuid.uuid4().hex, kind, org_id, lo, hi, os.getpid(), socket.gethostname())


def save_op_state(client: Client, op: WriteOp, state: str, rows: int = 0) -> None:
    """Append a state record for the operation (the insert is durable once it returns)."""
    try:
        client.insert(
            JOURNAL_TABLE,
            [[op.op_id, op.kind, op.org_id, op.lo, op.hi, state, op.pid, op.host, rows]],
            column_names=["op_id", "kind", "org_id", "lo", "hi", "state", "pid", "host", "rows"],
        )
    except ClickHouseError as exc:
        raise WorkloadStoreError(
            f"Could not record the {op.kind} of org {op.org_id!r} in the write journal: {exc}"
        ) from exc


def fetch_unfinished_ops(client: Client) -> list[WriteOp]:
    """Operations recorded as started and never finished, oldest first ([] on a store without the journal)."""
    sql = (
        f"SELECT op_id, any(kind), any(org_id), min(lo), max(hi), any(pid), any(host), min(at) FROM {JOURNAL_TABLE} "
        "GROUP BY op_id HAVING countIf(state != 'started') = 0 ORDER BY min(at)"
    )
    try:
        rows = client.query(sql).result_rows
    except ClickHouseError as exc:
        if getattr(exc, "code", None) == _UNKNOWN_TABLE or "UNKNOWN_TABLE" in str(exc):
            return []
        raise WorkloadStoreError(f"Could not read the write journal: {exc}") from exc
    return [
        WriteOp(str(r[0]), str(r[1]), str(r[2]), _utc(r[3]), _utc(r[4]), int(r[5]), str(r[6]), _utc(r[7])) for r in rows
    ]


def fetch_op_rows(client: Client, op_id: str) -> int:
    """The rows recorded with the operation's `done` record (0 if none)."""
    rows = query_rows(
        client,
        f"SELECT max(rows) FROM {JOURNAL_TABLE} WHERE op_id = {{op:String}} AND state = {{state:String}}",
        {"op": op_id, "state": DONE},
    )
    return int(rows[0][0] or 0)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def save_marker(directory: Path, op: WriteOp) -> Path:
    """Create the operation's marker file (before its `started` record)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / op.op_id
    path.touch(mode=0o600)
    return path


def has_markers(directory: Path) -> bool:
    """Whether any operation marker is present (a cheap test done at every embedded session)."""
    try:
        return any(directory.iterdir())
    except FileNotFoundError:
        return False


def remove_markers(directory: Path, keep: set[str]) -> None:
    """Delete the markers of operations not in `keep` (those finished or recovered)."""
    try:
        paths = list(directory.iterdir())
    except FileNotFoundError:
        return
    for path in paths:
        if path.name not in keep:
            path.unlink(missing_ok=True)
