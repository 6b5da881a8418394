"""Finishing what a dead process left half-done, and rebuilding roll-ups on request.

An unfinished ingest (see `journal`) is rolled back: its rows (they carry its ingest id) are deleted
and the roll-ups of the days it touched are rebuilt from the raw events, so an ingest is all or
nothing however it ends. An unfinished roll-up rebuild is simply run again. An unfinished reprice
(workloads/reprice.py) has its months merged, so each event is repriced or not but stored once, and
its days' roll-ups rebuilt. Both are idempotent, so
a crash during recovery is recovered the same way next time.

On the embedded store this runs when a session opens and finds an operation marker: the session
holds the store's lock, and every journalled write runs inside one session, so whatever is
unfinished then belongs to a dead process. A ClickHouse server has no such lock; there an
operation counts as dead when its process is gone from this host or it is older than the stale
limit (`journal.SERVER_STALE_AFTER`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.errors import WorkloadStoreError
from netra_core.logs import get_logger
from netra_core.workloads.journal import (
    DONE,
    ROLLED_BACK,
    STARTED,
    WriteOp,
    fetch_unfinished_ops,
    has_markers,
    make_write_op,
    remove_markers,
    save_marker,
    save_op_state,
)
from netra_core.workloads.rollups import day_range, fetch_org_days, fetch_store_orgs, floor_day, rebuild_rollup_days

log = get_logger("netra.store.recovery")
STAGING_TABLE_PREFIX = "netra_ingest_"
_AT = "DateTime64(3, 'UTC')"


@dataclass(frozen=True)
class RecoveredOp:
    """What recovery did about one unfinished operation."""

    op_id: str
    kind: str
    org_id: str
    rows_deleted: int  # rows of a rolled-back ingest
    days_rebuilt: int


def staging_table_name(op_id: str) -> str:
    """The server-side staging table of an ingest (named after its operation, so recovery can drop it)."""
    return f"{STAGING_TABLE_PREFIX}{op_id}"


def roll_back(client: Client, op: WriteOp) -> RecoveredOp:
    """Undo an unfinished ingest, or redo an unfinished rebuild; then record it as finished."""
    deleted = 0
    if op.kind == "ingest":
        deleted = _delete_ingest_rows(client, op)
        _command(client, f"DROP TABLE IF EXISTS {staging_table_name(op.op_id)}")
        _command(client, f"DROP TABLE IF EXISTS {staging_table_name(op.op_id)}_spans")
        d0, d1 = day_range(op.lo, op.hi)
    else:
        d0, d1 = op.lo, op.hi
    if op.kind == "reprice":  # events repriced or not, each once after the merge; then exact roll-ups
        from netra_core.workloads.reprice import merge_and_rebuild

        merge_and_rebuild(client, op.org_id, d0, d1)
    else:
        rebuild_rollup_days(client, op.org_id, d0, d1)
    save_op_state(client, op, ROLLED_BACK if op.kind == "ingest" else DONE)
    days = max(1, round((d1 - d0) / timedelta(days=1)))
    log.warning(
        "recovered an unfinished write",
        extra={"op": op.op_id, "kind": op.kind, "org": op.org_id, "rows_deleted": deleted, "days": days},
    )
    return RecoveredOp(op.op_id, op.kind, op.org_id, deleted, days)


def recover_unfinished(client: Client, *, is_exclusive: bool) -> list[RecoveredOp]:
    """Roll back or redo every unfinished operation of a dead process (all of them when `is_exclusive`)."""
    now = datetime.now(UTC)
    return [roll_back(client, op) for op in fetch_unfinished_ops(client) if is_exclusive or op.is_dead(now)]


def recover_embedded(client: Client, markers: Path) -> list[RecoveredOp]:
    """At an embedded session's start: recover when a marker says a write was cut short (else a no-op)."""
    if not has_markers(markers):
        return []
    done = recover_unfinished(client, is_exclusive=True)
    remove_markers(markers, keep=set())
    return done


def run_journalled(
    client: Client, markers: Path | None, org_id: str, lo: datetime, hi: datetime, write: Callable[[str], int]
) -> int:
    """Run `write(ingest_id)` (rows it writes carry that id, ts within [lo, hi]) as one all-or-nothing write.

    Recorded as started (and marked on the embedded store) before, done after; any failure rolls it back
    now, and a process killed in between is rolled back by the next session on the store.
    """
    op = make_write_op("ingest", org_id, lo, hi)
    marker = save_marker(markers, op) if markers is not None else None
    save_op_state(client, op, STARTED)
    try:
        rows = write(op.op_id)
    except BaseException:
        try:
            roll_back(client, op)
        except Exception as exc:  # the write's own failure matters more; the next session retries
            log.error("could not roll back the failed write", extra={"org": org_id, "error": str(exc)})
        raise
    save_op_state(client, op, DONE, rows)
    if marker is not None:
        marker.unlink(missing_ok=True)
    return rows


def _delete_ingest_rows(client: Client, op: WriteOp) -> int:
    params = {"org": op.org_id, "ingest": op.op_id, "lo": op.lo, "hi": op.hi}
    where = f"org_id = {{org:String}} AND ingest_id = {{ingest:String}} AND ts BETWEEN {{lo:{_AT}}} AND {{hi:{_AT}}}"
    try:
        rows = client.query(f"SELECT count() FROM workload_events WHERE {where}", parameters=params).result_rows
        count = int(rows[0][0])
        if count:
            client.command(f"DELETE FROM workload_events WHERE {where}", parameters=params)
        # The ingest's trace-context spans (workloads/ingest/trace_spans.py): by its id alone, their times may
        # lie outside its events'.
        spans = {"org": op.org_id, "ingest": op.op_id}
        span_where = "org_id = {org:String} AND ingest_id = {ingest:String}"
        found = client.query(f"SELECT count() FROM trace_spans WHERE {span_where}", parameters=spans).result_rows
        if int(found[0][0]):
            client.command(f"DELETE FROM trace_spans WHERE {span_where}", parameters=spans)
    except ClickHouseError as exc:
        raise WorkloadStoreError(f"Could not roll back the unfinished ingest of org {op.org_id!r}: {exc}") from exc
    return count


def _command(client: Client, sql: str) -> None:
    try:
        client.command(sql)
    except ClickHouseError as exc:
        raise WorkloadStoreError(f"Recovery failed: {exc}") from exc


@dataclass(frozen=True)
class RebuildReport:
    """What `rebuild_rollups` rebuilt."""

    orgs: list[str]
    days: int
    raw_rows: int


def rebuild_rollups(
    client: Client,
    org_id: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    markers: Path | None = None,
) -> RebuildReport:
    """Rebuild the roll-ups of one org (or every org) over whole days from `start` to `end` (inclusive), journalled."""
    orgs = [org_id] if org_id is not None else fetch_store_orgs(client)
    days = rows = 0
    done_orgs = []
    for org in orgs:
        span = fetch_org_days(client, org)
        if span is None and (start is None or end is None):
            continue
        d0 = floor_day(start) if start is not None else span[0]  # type: ignore[index]
        d1 = floor_day(end) + timedelta(days=1) if end is not None else span[1]  # type: ignore[index]
        if d1 <= d0:
            continue
        op = make_write_op("rebuild", org, d0, d1)
        marker = save_marker(markers, op) if markers is not None else None
        save_op_state(client, op, STARTED)
        rows += rebuild_rollup_days(client, org, d0, d1)
        save_op_state(client, op, DONE)
        if marker is not None:
            marker.unlink(missing_ok=True)
        days += round((d1 - d0) / timedelta(days=1))
        done_orgs.append(org)
    return RebuildReport(done_orgs, days, rows)
