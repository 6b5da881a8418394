"""Writing generated traffic into the workload store: `save_generated` and its report.

Generation and insertion overlap: while one thread inserts a chunk (its own short store session),
the caller's thread draws the next. Generated ids are unique by construction, so the per-chunk
duplicate lookup of `save_events` is skipped; instead an org that already has generated events is
refused unless `replace=True`, which deletes them first. If an insert fails, the rows written so far
are deleted again, so a failed run leaves nothing half-written. Each chunk is a journalled write (its
rows carry its ingest id, see `workloads.recovery`), so a chunk cut short by a killed process (the app's
or `netra generate`'s) is rolled back, roll-ups included, by the next session on the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.catalog.pricing import PriceBook
from netra_core.errors import GeneratedEventsExistError, ValidationError, WorkloadStoreError
from netra_core.generator.event_blocks import iter_event_blocks
from netra_core.generator.event_tables import SOURCE, compute_event_table, compute_truth_frame
from netra_core.generator.generation_plan import compute_plan
from netra_core.generator.planted import PlantedTruth, TruthAccumulator
from netra_core.generator.traffic_profiles import TrafficSpec
from netra_core.logs import get_logger
from netra_core.revisions import EVENTS, bump_revision
from netra_core.workloads.recovery import run_journalled
from netra_core.workloads.store import WorkloadStore, query_rows

log = get_logger("netra.generator")
ROWS_PER_SESSION = 1_000_000  # blocks are written in batches of about this many rows, one store session each
# Ids are unique within a run, so ReplacingMergeTree's de-duplication at insert time is wasted work.
_INSERT_SETTINGS = {"optimize_on_insert": 0}

Progress = Callable[[int, int], None]  # (events written so far, events in total)


@dataclass(frozen=True)
class GenerateReport:
    """What `save_generated` wrote, how fast, and the planted truth of it."""

    org_id: str
    events_written: int
    events_deleted: int
    days: int
    seed: int
    start: datetime
    end: datetime
    seconds: float  # generating and writing (after any replaced events were deleted)
    events_per_s: float
    spend_usd: float
    truth: PlantedTruth

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO strings)."""
        out = asdict(self)
        out["start"], out["end"] = self.start.isoformat(), self.end.isoformat()
        return out


def fetch_generated_count(client: Client, org_id: str) -> int:
    """How many generated events (source 'generator') the org has."""
    rows = query_rows(
        client,
        "SELECT count() FROM workload_events WHERE org_id = {org:String} AND source = {source:String}",
        {"org": org_id, "source": SOURCE},
    )
    return int(rows[0][0])


def delete_generated(client: Client, org_id: str) -> None:
    """Delete the org's generated events (and only those)."""
    try:
        # The roll-ups key on source, so the generated events' share of them goes too.
        for table in ("workload_events", "workload_hourly", "workload_daily"):
            client.command(
                f"DELETE FROM {table} WHERE org_id = {{org:String}} AND source = 'generator'",
                parameters={"org": org_id},
            )
    except ClickHouseError as exc:
        raise WorkloadStoreError(f"Could not delete the generated events of org {org_id!r}: {exc}") from exc


def _insert_embedded(client: Client, netra_generated_rows: pa.Table) -> None:
    # chdb's Python() table function reads the Arrow table in place, found by this parameter's name:
    # about twice as fast as serialising it for insert_arrow. Column names are ours, never user input.
    columns = ", ".join(netra_generated_rows.column_names)
    client.command(
        f"INSERT INTO workload_events ({columns}) SELECT * FROM Python(netra_generated_rows)",
        settings=_INSERT_SETTINGS,
    )


def save_event_tables(store: WorkloadStore, tables: list[pa.Table]) -> int:
    """Insert Arrow tables of one org's events (workload_events columns, org_id filled) in one session,
    all or nothing even if the process dies; returns rows."""
    # One insert per batch: fewer, larger parts leave the engine less merging to do.
    table = pa.concat_tables(tables).combine_chunks() if len(tables) > 1 else tables[0]
    if table.num_rows == 0:
        return 0
    bounds = pc.min_max(table.column("ts"))
    lo, hi = bounds["min"].as_py(), bounds["max"].as_py()
    org_id = str(table.column("org_id")[0].as_py())

    def write(ingest_id: str) -> int:
        tag = pa.DictionaryArray.from_arrays(np.zeros(table.num_rows, np.int32), pa.array([ingest_id], pa.string()))
        tagged = table.append_column("ingest_id", tag)
        try:
            if store.is_embedded:
                _insert_embedded(client, tagged)
            else:
                client.insert_arrow("workload_events", tagged, settings=_INSERT_SETTINGS)
        except ClickHouseError as exc:
            raise WorkloadStoreError(f"Writing generated events failed: {exc}") from exc
        return int(tagged.num_rows)

    with store.session() as client:
        written = run_journalled(client, store.write_markers, org_id, lo, hi, write)
    bump_revision(EVENTS)
    return written


def _remove_partial(store: WorkloadStore, org_id: str) -> None:
    log.warning("generation failed; deleting the generated rows written so far", extra={"org": org_id})
    try:
        with store.session() as client:
            delete_generated(client, org_id)
    except Exception as exc:  # the original failure matters more; say what is left behind
        log.error(
            "could not delete the partly written generated events; run again with --replace",
            extra={"org": org_id, "error": str(exc)},
        )


def save_generated(
    store: WorkloadStore,
    org_id: str,
    spec: TrafficSpec,
    n_events: int,
    days: int,
    seed: int,
    *,
    progress: Progress | None = None,
    replace: bool = False,
    start: datetime | None = None,
    end: datetime | None = None,
    price_book: PriceBook | None = None,
) -> GenerateReport:
    """Generate `n_events` for `org_id` and write them in chunks; refuses an org with generated events unless replace."""
    if not org_id.strip():
        raise ValidationError("org: must not be empty")
    plan = compute_plan(spec, n_events, days, seed, start, end)
    with store.session() as client:
        existing = fetch_generated_count(client, org_id)
        if existing and not replace:
            raise GeneratedEventsExistError(
                f"org {org_id!r} already has {existing:,} generated events; "
                "pass --replace (replace=True) to delete them and generate again"
            )
        if existing:
            delete_generated(client, org_id)
    started = time.perf_counter()
    accumulator = TruthAccumulator(spec)
    written = 0
    pending: Future[int] | None = None
    batch: list[pa.Table] = []
    batch_rows = 0

    def collect() -> None:
        nonlocal written, pending
        if pending is not None:
            written += pending.result()
            pending = None
            if progress is not None:
                progress(written, n_events)

    last = len(plan.blocks) - 1
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="netra-generate") as pool:
        try:
            for i, block in enumerate(iter_event_blocks(plan, price_book)):
                accumulator.add(compute_truth_frame(block))
                batch.append(compute_event_table(block, org_id))
                batch_rows += len(block)
                if batch_rows < ROWS_PER_SESSION and i < last:
                    continue
                collect()  # one insert in flight at a time: memory stays at about two batches
                pending, batch, batch_rows = pool.submit(save_event_tables, store, batch), [], 0
            collect()
        except BaseException:
            if pending is not None:
                pending.cancel()
            pool.shutdown(wait=True)
            _remove_partial(store, org_id)
            raise
    seconds = time.perf_counter() - started
    truth = accumulator.finish()
    return GenerateReport(
        org_id=org_id,
        events_written=written,
        events_deleted=existing,
        days=days,
        seed=seed,
        start=datetime.fromtimestamp(plan.start_ms / 1000, UTC),
        end=datetime.fromtimestamp(plan.end_ms / 1000, UTC),
        seconds=seconds,
        events_per_s=written / seconds if seconds > 0 else 0.0,
        spend_usd=truth.spend_usd,
        truth=truth,
    )
