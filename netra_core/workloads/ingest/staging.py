"""Staging: validated rows go to a local Arrow file first; only a fully valid run moves into the store.

Nothing touches the store while the input is read and checked, so a rejected run leaves it exactly
as it was, and the embedded store's lock is held only for the final move. The move is one
INSERT ... SELECT (per id bucket) that skips ids the org already has at any time (a repeated id with
a shifted timestamp sorts elsewhere in ReplacingMergeTree's key and would never be merged away, so
this is the only guard) and keeps one row per id repeated inside the input, so re-ingesting a file
adds nothing. Every row written carries the ingest's id, so a move cut short can be rolled back
(`workloads.recovery`). The embedded engine reads the staged file itself (`file()`); a server gets it
streamed into a staging table first, named after the ingest so recovery can drop a leftover.

The staged file lives under the data dir (`staging/<pid>-<random>/`, mode 0700), never in a shared
temporary directory; what a killed process left there is removed by the next ingest.

The staged file is Arrow IPC, uncompressed: writing it is little more than a copy, and the engine
reads it as fast as Parquet. Keeping the first of repeated ids needs a sort of the whole bucket by
file and line, so the move first counts distinct ids and sorts only when some id repeats.
"""

from __future__ import annotations

import math
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.errors import WorkloadStoreError
from netra_core.logs import get_logger
from netra_core.revisions import EVENTS, bump_revision
from netra_core.workloads.ingest.columns import EVENT_FIELDS
from netra_core.workloads.journal import is_process_alive
from netra_core.workloads.recovery import staging_table_name
from netra_core.workloads.store import query_rows

log = get_logger("netra.ingest.staging")

# Move at most this many staged rows per statement, so the dedupe hash set stays bounded.
MOVE_BUCKET_ROWS = 1_000_000

_CH_TYPES = {
    "event_id": "String",
    "ts": "DateTime64(3, 'UTC')",
    "prompt_tokens": "UInt32",
    "completion_tokens": "UInt32",
    "cached_tokens": "UInt32",
    "reasoning_tokens": "UInt32",
    "latency_ms": "Float32",
    "ttft_ms": "Nullable(Float32)",
    "cost_usd": "Float64",
    "quality": "Nullable(Float32)",
    "is_batch": "UInt8",
    "metadata": "Map(String, String)",
    "usage_known": "UInt8",
    "cache_write_tokens": "UInt32",
    "cache_write_1h_tokens": "UInt32",
    "audio_prompt_tokens": "UInt32",
    "cached_audio_tokens": "UInt32",
    "audio_completion_tokens": "UInt32",
    "image_prompt_tokens": "UInt32",
    "cached_image_tokens": "UInt32",
    "image_completion_tokens": "UInt32",
    "priced_cost_usd": "Nullable(Float64)",
}
_ARROW_TYPES: dict[str, pa.DataType] = {
    "latency_ms": pa.float32(),
    "ttft_ms": pa.float32(),
    "quality": pa.float32(),
}
EVENT_NAMES = [f.name for f in EVENT_FIELDS]
_STAGED_TYPES: dict[str, pa.DataType] = {
    "ts": pa.timestamp("ms", tz="UTC"),
    "prompt_tokens": pa.uint32(),
    "completion_tokens": pa.uint32(),
    "cached_tokens": pa.uint32(),
    "reasoning_tokens": pa.uint32(),
    "cost_usd": pa.float64(),
    "is_batch": pa.uint8(),
    "metadata": pa.map_(pa.string(), pa.string()),
    "usage_known": pa.uint8(),
    "cache_write_tokens": pa.uint32(),
    "cache_write_1h_tokens": pa.uint32(),
    "audio_prompt_tokens": pa.uint32(),
    "cached_audio_tokens": pa.uint32(),
    "audio_completion_tokens": pa.uint32(),
    "image_prompt_tokens": pa.uint32(),
    "cached_image_tokens": pa.uint32(),
    "image_completion_tokens": pa.uint32(),
    "priced_cost_usd": pa.float64(),
    **_ARROW_TYPES,
}
STAGING_SCHEMA = pa.schema(
    [("src_file", pa.uint16()), ("src_line", pa.uint64())]
    + [(name, _STAGED_TYPES.get(name, pa.string())) for name in EVENT_NAMES]
)
# optimize_on_insert=0: rows are already one per id, and ReplacingMergeTree's in-block replace pass
# costs more than the rest of the insert. parallel_view_processing=1: the roll-up views on
# workload_events fill concurrently with the table instead of one after another (about a quarter
# off the move on 2 cores). The insert of one staged file runs as one stream whatever
# max_insert_threads says; it stays 2 for a server reading a staging table in parallel.
_MOVE_SETTINGS = (
    "SETTINGS optimize_on_insert = 0, max_insert_threads = 2, parallel_view_processing = 1, "
    "use_structure_from_insertion_table_in_table_functions = 0"
)


def staging_structure() -> str:
    """Column names and ClickHouse types of staged rows."""
    cols = ", ".join(f"{f} {_CH_TYPES.get(f, 'String')}" for f in EVENT_NAMES)
    return f"src_file UInt16, src_line UInt64, {cols}"


def create_staging(client: Client, name: str) -> None:
    """Create a staging table (server path): the event columns plus file index and line number."""
    _command(client, f"CREATE TABLE {name} ({staging_structure()}) ENGINE = MergeTree ORDER BY tuple()")


def drop_staging(client: Client, name: str) -> None:
    """Drop the staging table (safe if it was never created)."""
    _command(client, f"DROP TABLE IF EXISTS {name}")


def make_staging_batch(columns: dict[str, pa.Array], file_index: int, lines: pa.Array) -> pa.Table:
    """The Arrow table staged for one chunk of valid rows, typed like the staging table."""
    n = len(lines)
    arrays: dict[str, pa.Array] = {
        "src_file": pa.array([file_index] * n, pa.uint16()) if n < 64 else pa.repeat(file_index, n).cast(pa.uint16()),
        "src_line": lines.cast(pa.uint64()),
    }
    for name in EVENT_NAMES:
        arr = columns[name]
        want = STAGING_SCHEMA.field(name).type
        arrays[name] = arr if arr.type == want else arr.cast(want)
    return pa.table(arrays, schema=STAGING_SCHEMA)


def remove_dead_staging(root: Path) -> int:
    """Delete staging directories whose process is gone (killed mid-ingest); returns how many."""
    removed = 0
    try:
        entries = list(root.iterdir())
    except FileNotFoundError:
        return 0
    for entry in entries:
        pid_text = entry.name.split("-", 1)[0]
        if not pid_text.isdigit() or is_process_alive(int(pid_text)):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed += 1
    if removed:
        log.info("removed staging left by dead ingests", extra={"directories": removed})
    return removed


class ArrowStage:
    """A local Arrow file of rows in one schema, written chunk by chunk, with their count and time range (`ts`)."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.schema = schema
        self._writer: pa.ipc.RecordBatchFileWriter | None = None
        self.rows = 0
        self.ts_min: Any = None
        self.ts_max: Any = None

    def append(self, batch: pa.Table) -> None:
        """Add one chunk of rows (cast to the schema)."""
        if batch.num_rows == 0:
            return
        if self._writer is None:
            # A scratch file read once: no compression (it costs more to write than it saves on the
            # single local read).
            self._writer = pa.ipc.new_file(str(self.path), self.schema)
        self._writer.write_table(batch.cast(self.schema) if batch.schema != self.schema else batch)
        self.rows += batch.num_rows
        lo, hi = pc.min_max(batch.column("ts")).values()
        self.ts_min = lo.as_py() if self.ts_min is None else min(self.ts_min, lo.as_py())
        self.ts_max = hi.as_py() if self.ts_max is None else max(self.ts_max, hi.as_py())

    def close(self) -> None:
        """Finish the file."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None


class StagedRows(ArrowStage):
    """A local Arrow file of validated rows, with their count and time range."""

    def __init__(self, root: Path) -> None:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        root.chmod(0o700)  # staged rows are the org's events: no other local user reads them
        # The pid in the name lets a later ingest tell a dead process's leftovers from a running one's.
        self.directory = root / f"{os.getpid()}-{uuid.uuid4().hex}"
        self.directory.mkdir(mode=0o700)
        super().__init__(self.directory / "staged.arrow", STAGING_SCHEMA)

    def remove(self) -> None:
        """Delete the file and its directory."""
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def move_staged(client: Client, staged: StagedRows, org_id: str, *, is_embedded: bool, ingest_id: str) -> int:
    """Move staged rows into workload_events, skipping stored ids and repeats; returns rows written.

    Every row written carries `ingest_id`; a failure halfway leaves some of them (the caller rolls back).
    """
    staged.close()
    if staged.rows == 0:
        return 0
    params: dict[str, Any] = {
        "org": org_id,
        "lo": staged.ts_min,
        "hi": staged.ts_max,
        "path": str(staged.path),
        "ingest": ingest_id,
    }
    table = None
    if is_embedded:
        source = "file({path:String}, 'Arrow', {structure:String})"
        params["structure"] = staging_structure()
    else:
        table = staging_table_name(ingest_id)
        create_staging(client, table)
        with staged.path.open("rb") as fh:
            client.raw_insert(table, None, insert_block=fh, fmt="Arrow")
        source = table
    try:
        buckets = max(1, math.ceil(staged.rows / MOVE_BUCKET_ROWS))
        cols = ", ".join(EVENT_NAMES)
        select = ", ".join("{org:String}" if c == "org_id" else c for c in ["org_id", *EVENT_NAMES])
        for bucket in range(buckets):
            where = "" if buckets == 1 else " AND cityHash64(event_id) % {buckets:UInt32} = {bucket:UInt32}"
            bucket_params = {**params, "buckets": buckets, "bucket": bucket}
            keep_first = (
                " ORDER BY src_file, src_line LIMIT 1 BY event_id"
                if _has_repeats(client, source, where, bucket_params)
                else ""
            )
            # Stored ids at any time, not only in the batch's range; the inner IN keeps the looked-up set to
            # the staged ids (bounded by the bucket), however many events the org has.
            sql = (
                f"INSERT INTO workload_events (org_id, {cols}, ingest_id) SELECT {select}, {{ingest:String}} "
                f"FROM {source} WHERE event_id NOT IN (SELECT event_id FROM workload_events "
                f"WHERE org_id = {{org:String}} AND event_id IN (SELECT event_id FROM {source} WHERE 1{where}))"
                f"{where}{keep_first} {_MOVE_SETTINGS}"
            )
            _command(client, sql, bucket_params)
        bump_revision(EVENTS)
        return _count_ingested(client, org_id, ingest_id, staged.ts_min, staged.ts_max)
    finally:
        if table is not None:
            drop_staging(client, table)


def _has_repeats(client: Client, source: str, where: str, params: dict[str, Any]) -> bool:
    """Whether an event id occurs more than once among the staged rows of one bucket."""
    rows = query_rows(client, f"SELECT count() - uniqExact(event_id) FROM {source} WHERE 1{where}", params)
    return int(rows[0][0]) > 0


def _count_ingested(client: Client, org_id: str, ingest_id: str, lo: Any, hi: Any) -> int:
    rows = query_rows(
        client,
        "SELECT count() FROM workload_events WHERE org_id = {org:String} AND ingest_id = {ingest:String} "
        "AND ts BETWEEN {lo:DateTime64(3, 'UTC')} AND {hi:DateTime64(3, 'UTC')}",
        {"org": org_id, "ingest": ingest_id, "lo": lo, "hi": hi},
    )
    return int(rows[0][0])


def _command(client: Client, sql: str, parameters: dict[str, Any] | None = None) -> None:
    try:
        client.command(sql, parameters=parameters or {})
    except ClickHouseError as exc:
        raise WorkloadStoreError(f"Ingest could not write to the workload store: {exc}") from exc
