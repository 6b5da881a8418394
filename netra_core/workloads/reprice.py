"""Repricing stored events after a price change or correction (#13 step 2), with the roll-ups kept exact.

Which events change:
- `cost_source` 'netra' or 'unpriced' (Netra priced them, or could not): `cost_usd` becomes the price book's
  price of the event's day on every dimension, `cost_source` 'netra' ('unpriced', cost 0, where there still is
  no price);
- every event with known usage: `priced_cost_usd` (Netra's price beside a billed or reported cost) is refreshed;
- a billed or reported cost is never touched: it is the cost of record.

How, one calendar month (UTC) of the window at a time, so memory holds one month of events however long the
window: the new prices are computed in Python (vectorised, `PriceBook.compute_costs`) for the month's events,
put in a scratch table, and the changed events are written again as new versions of themselves
(workload_events is a ReplacingMergeTree on the event's key, partitioned by month); then the month is merged
(`OPTIMIZE ... FINAL`), so each event has one row again, and the roll-ups of the days touched are rebuilt
from the raw events. Each month is journalled as a `reprice` operation of its own: a process killed halfway
leaves the months before repriced, the months after as they were, and every event of the month it was in
either repriced or not (never both); the next session merges and rebuilds that month, so the roll-ups equal
the raw events whatever happens, and running the reprice again finishes the rest.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.catalog.pricing import PriceBook
from netra_core.errors import ValidationError, WorkloadStoreError
from netra_core.logs import get_logger
from netra_core.revisions import EVENTS, bump_revision
from netra_core.workloads.journal import DONE, STARTED, make_write_op, save_marker, save_op_state
from netra_core.workloads.rollups import floor_day, rebuild_rollup_days
from netra_core.workloads.store import query_df

log = get_logger("netra.reprice")
_AT = "DateTime64(3, 'UTC')"
REPRICED_SOURCES = ("netra", "unpriced")
# Money below this is the same money (float noise of summing per-token prices).
_SAME = 1e-12
_PRICING_COLUMNS = (
    "event_id",
    "ts",
    "provider",
    "model",
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "cache_write_tokens",
    "cache_write_1h_tokens",
    "audio_prompt_tokens",
    "cached_audio_tokens",
    "audio_completion_tokens",
    "image_prompt_tokens",
    "cached_image_tokens",
    "image_completion_tokens",
    "service_tier",
    "is_batch",
    "cost_usd",
    "cost_source",
    "priced_cost_usd",
)


@dataclass
class RepriceReport:
    """What a reprice changed (or, dry, would change): totals and the before/after per model and day."""

    org_id: str
    start: datetime
    end: datetime
    events_read: int = 0
    events_changed: int = 0
    cost_before_usd: float = 0.0
    cost_after_usd: float = 0.0
    still_unpriced: int = 0
    is_dry_run: bool = True
    by_model_day: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def delta_usd(self) -> float:
        """How much the org's recorded spend moves."""
        return self.cost_after_usd - self.cost_before_usd

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe."""
        rows = self.by_model_day.copy()
        if not rows.empty:
            rows["day"] = rows["day"].astype(str)
        return {
            "org": self.org_id,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "dry_run": self.is_dry_run,
            "events_read": self.events_read,
            "events_changed": self.events_changed,
            "cost_before_usd": round(self.cost_before_usd, 6),
            "cost_after_usd": round(self.cost_after_usd, 6),
            "delta_usd": round(self.delta_usd, 6),
            "still_unpriced": self.still_unpriced,
            "by_model_day": rows.to_dict(orient="records"),
        }


def _read(client: Client, org_id: str, start: datetime, end: datetime) -> pd.DataFrame:
    return query_df(
        client,
        f"SELECT {', '.join(_PRICING_COLUMNS)} FROM workload_events FINAL "
        f"WHERE org_id = {{org:String}} AND ts >= {{lo:{_AT}}} AND ts < {{hi:{_AT}}} AND usage_known = 1",
        {"org": org_id, "lo": start, "hi": end},
    )


def compute_repriced(events: pd.DataFrame, book: PriceBook) -> pd.DataFrame:
    """Each event's new cost_usd, cost_source and priced_cost_usd (columns `new_*`), and whether it changed."""
    out = events.copy()
    priced = book.compute_costs(out) if len(out) else pd.Series(dtype="float64")
    netra_priced = out["cost_source"].isin(REPRICED_SOURCES)
    has_price = priced.notna()
    out["new_cost_usd"] = np.where(netra_priced, np.where(has_price, priced.fillna(0.0), 0.0), out["cost_usd"])
    out["new_cost_source"] = np.where(
        netra_priced, np.where(has_price, "netra", "unpriced"), out["cost_source"].astype(str)
    )
    out["new_priced_cost_usd"] = priced
    old_priced = pd.to_numeric(out["priced_cost_usd"], errors="coerce")
    priced_moved = (old_priced.isna() != priced.isna()) | ((old_priced - priced).abs() > _SAME)
    out["changed"] = (
        ((out["new_cost_usd"] - out["cost_usd"]).abs() > _SAME)
        | (out["new_cost_source"] != out["cost_source"])
        | priced_moved.fillna(False)
    )
    return out


def _by_model_day(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(
            columns=["day", "provider", "model", "events", "changed", "cost_before_usd", "cost_after_usd", "delta_usd"]
        )
    grouped = (
        frame.assign(day=pd.to_datetime(frame["ts"], utc=True).dt.date)
        .groupby(["day", "provider", "model"], as_index=False)
        .agg(
            events=("event_id", "size"),
            changed=("changed", "sum"),
            cost_before_usd=("cost_usd", "sum"),
            cost_after_usd=("new_cost_usd", "sum"),
        )
    )
    grouped["delta_usd"] = grouped["cost_after_usd"] - grouped["cost_before_usd"]
    grouped = grouped[grouped["changed"] > 0]
    return grouped.sort_values(["day", "provider", "model"]).reset_index(drop=True)


def _month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month(moment: datetime) -> datetime:
    return (_month_start(moment) + timedelta(days=32)).replace(day=1)


def _months(start: datetime, end: datetime) -> list[str]:
    """The YYYYMM partition ids of workload_events that [start, end) touches."""
    months, cursor = [], _month_start(start)
    while cursor < end:
        months.append(f"{cursor.year}{cursor.month:02d}")
        cursor = _next_month(cursor)
    return months


def compute_month_windows(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """[start, end) cut at the first instant of every calendar month (UTC) inside it, in order."""
    start, end = (m.replace(tzinfo=UTC) if m.tzinfo is None else m.astimezone(UTC) for m in (start, end))
    windows, lo = [], start
    while lo < end:
        hi = min(_next_month(lo), end)
        windows.append((lo, hi))
        lo = hi
    return windows


def merge_and_rebuild(client: Client, org_id: str, d0: datetime, d1: datetime) -> None:
    """Merge the months of [d0, d1) so every event has one row again, then rebuild the days' roll-ups."""
    try:
        for month in _months(d0, d1):
            client.command(f"OPTIMIZE TABLE workload_events PARTITION {int(month)} FINAL")
    except ClickHouseError as exc:
        raise WorkloadStoreError(f"Could not merge the repriced events of org {org_id!r}: {exc}") from exc
    rebuild_rollup_days(client, org_id, d0, d1)


def _write(client: Client, org_id: str, changed: pd.DataFrame, start: datetime, end: datetime) -> None:
    scratch = f"netra_reprice_{uuid.uuid4().hex}"
    try:
        client.command(
            f"CREATE TABLE {scratch} (event_id String, cost_usd Float64, cost_source String, "
            "priced_cost_usd Nullable(Float64)) ENGINE = Memory"
        )
        values = pd.DataFrame(
            {
                "event_id": changed["event_id"].astype(str),
                "cost_usd": changed["new_cost_usd"].astype("float64"),
                "cost_source": changed["new_cost_source"].astype(str),
                "priced_cost_usd": changed["new_priced_cost_usd"].astype("float64"),
            }
        )
        client.insert_df(scratch, values)
        # The event again, as a newer version of itself: the same key, the new costs.
        client.command(
            f"INSERT INTO workload_events SELECT e.* REPLACE (s.cost_usd AS cost_usd, "
            f"CAST(s.cost_source AS LowCardinality(String)) AS cost_source, s.priced_cost_usd AS priced_cost_usd, "
            f"toUnixTimestamp64Milli(now64(3)) + 1 AS version) "
            f"FROM workload_events AS e FINAL INNER JOIN {scratch} AS s ON e.event_id = s.event_id "
            f"WHERE e.org_id = {{org:String}} AND e.ts >= {{lo:{_AT}}} AND e.ts < {{hi:{_AT}}}",
            parameters={"org": org_id, "lo": start, "hi": end},
        )
    except ClickHouseError as exc:
        raise WorkloadStoreError(f"Could not write the repriced events of org {org_id!r}: {exc}") from exc
    finally:
        try:
            client.command(f"DROP TABLE IF EXISTS {scratch}")
        except ClickHouseError:
            log.warning("could not drop a reprice scratch table", extra={"table": scratch})


def reprice_events(
    client: Client,
    org_id: str,
    book: PriceBook,
    start: datetime,
    end: datetime,
    *,
    dry_run: bool = False,
    markers: Path | None = None,
) -> RepriceReport:
    """Reprice the org's events with ts in [start, end) by `book`, month by month; with `dry_run` only say what
    would change."""
    if not org_id:
        raise ValidationError("org: an org id is required")
    if end <= start:
        raise ValidationError(f"to: {end:%Y-%m-%d} is not after from {start:%Y-%m-%d}")
    report = RepriceReport(org_id=org_id, start=start, end=end, is_dry_run=dry_run)
    by_model_day = []
    for lo, hi in compute_month_windows(start, end):
        frame = compute_repriced(_read(client, org_id, lo, hi), book)
        changed = frame[frame["changed"]]
        report.events_read += len(frame)
        report.events_changed += len(changed)
        report.cost_before_usd += float(frame["cost_usd"].sum())
        report.cost_after_usd += float(frame["new_cost_usd"].sum())
        report.still_unpriced += int((frame["new_cost_source"] == "unpriced").sum())
        by_model_day.append(_by_model_day(frame))
        if not dry_run and not changed.empty:
            _reprice_month(client, org_id, changed, lo, hi, markers)
        del frame, changed  # one month in memory at a time
    days = [part for part in by_model_day if not part.empty]
    report.by_model_day = pd.concat(days, ignore_index=True) if days else _by_model_day(pd.DataFrame())
    if not dry_run and report.events_changed:
        bump_revision(EVENTS)
        log.info(
            "repriced",
            extra={"org": org_id, "events": report.events_changed, "delta_usd": round(report.delta_usd, 6)},
        )
    return report


def _reprice_month(
    client: Client, org_id: str, changed: pd.DataFrame, lo: datetime, hi: datetime, markers: Path | None
) -> None:
    """Write one month's changed events, merge the month and rebuild its days' roll-ups, journalled as one op."""
    ts = pd.to_datetime(changed["ts"], utc=True)
    d0 = floor_day(ts.min().to_pydatetime())
    d1 = floor_day(ts.max().to_pydatetime()) + timedelta(days=1)
    op = make_write_op("reprice", org_id, d0, d1)
    marker = save_marker(markers, op) if markers is not None else None
    save_op_state(client, op, STARTED)
    _write(client, org_id, changed, lo, hi)
    merge_and_rebuild(client, org_id, d0, d1)
    save_op_state(client, op, DONE, len(changed))
    if marker is not None:
        marker.unlink(missing_ok=True)
