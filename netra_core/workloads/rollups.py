"""The hourly and daily roll-ups (migration 0003): rebuilding them from the raw events, and checking them.

The materialized views add every inserted block to the roll-ups, and nothing takes a deleted or
rolled-back row out of them. So whatever removes raw rows (a rolled-back ingest, a repair) rebuilds
the roll-ups of the days it touched with `rebuild_rollup_days`, which aggregates exactly as the views
do; `fetch_rollup_drift` compares the roll-ups with the raw events per org and day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.errors import WorkloadStoreError
from netra_core.workloads.store import query_rows

# table -> (its time column, the function that floors an event's ts to it)
ROLLUP_TABLES = {"workload_hourly": ("hour", "toStartOfHour"), "workload_daily": ("day", "toStartOfDay")}
_DIMS = "workload, task_type, provider, model, source"
# The views' SELECT (migration 0003), with the time column left to fill in.
_MEASURES = """
    count() AS requests,
    countIf(status != 'ok') AS errors,
    sumMapIf(map(error_type, toUInt64(1)), status != 'ok') AS error_types,
    sum(cost_usd) AS cost_usd,
    sum(toUInt64(prompt_tokens)) AS prompt_tokens,
    sum(toUInt64(completion_tokens)) AS completion_tokens,
    sumIf(toFloat64(assumeNotNull(quality)), quality IS NOT NULL) AS quality_sum,
    countIf(quality IS NOT NULL) AS quality_n,
    quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms) AS latency,
    quantilesTDigestState(0.5, 0.95)(ttft_ms) AS ttft
"""
_COLUMNS = (
    "org_id, {time}, workload, task_type, provider, model, source, requests, errors, error_types, cost_usd, "
    "prompt_tokens, completion_tokens, quality_sum, quality_n, latency, ttft"
)
_AT = "DateTime64(3, 'UTC')"
# Sums of costs added in another order differ in the last bits; more than this is drift.
_COST_TOLERANCE = 1e-6


def floor_day(t: datetime) -> datetime:
    """Midnight UTC of the day holding `t`."""
    return t.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def day_range(lo: datetime, hi: datetime) -> tuple[datetime, datetime]:
    """The whole days [d0, d1) that hold every instant of [lo, hi]."""
    return floor_day(lo), floor_day(hi) + timedelta(days=1)


def rebuild_rollup_days(client: Client, org_id: str, d0: datetime, d1: datetime) -> int:
    """Replace the org's roll-up rows of the days [d0, d1) with ones aggregated from its raw events; returns raw rows.

    Not atomic on its own: callers journal it (`recovery.rebuild_rollups`) so a crash halfway is redone.
    """
    params: dict[str, Any] = {"org": org_id, "d0": d0, "d1": d1}
    try:
        for table, (time_col, floor_fn) in ROLLUP_TABLES.items():
            client.command(
                f"DELETE FROM {table} WHERE org_id = {{org:String}} "
                f"AND {time_col} >= {{d0:{_AT}}} AND {time_col} < {{d1:{_AT}}}",
                parameters=params,
            )
            columns = _COLUMNS.format(time=time_col)
            client.command(
                f"INSERT INTO {table} ({columns}) SELECT org_id, toDateTime({floor_fn}(ts), 'UTC') AS {time_col}, "
                f"{_DIMS}, {_MEASURES} FROM workload_events "
                f"WHERE org_id = {{org:String}} AND ts >= {{d0:{_AT}}} AND ts < {{d1:{_AT}}} "
                f"GROUP BY org_id, {time_col}, {_DIMS}",
                parameters=params,
            )
    except ClickHouseError as exc:
        raise WorkloadStoreError(f"Could not rebuild the roll-ups of org {org_id!r}: {exc}") from exc
    rows = query_rows(
        client,
        f"SELECT count() FROM workload_events WHERE org_id = {{org:String}} AND ts >= {{d0:{_AT}}} AND ts < {{d1:{_AT}}}",
        params,
    )
    return int(rows[0][0])


def fetch_org_days(client: Client, org_id: str) -> tuple[datetime, datetime] | None:
    """The whole days [d0, d1) holding the org's raw events and roll-up rows; None if it has neither."""
    sql = (
        "SELECT min(t), max(t) FROM ("
        "SELECT min(ts) AS t FROM workload_events WHERE org_id = {org:String} "
        "UNION ALL SELECT max(ts) FROM workload_events WHERE org_id = {org:String} "
        "UNION ALL SELECT min(toDateTime64(hour, 3, 'UTC')) FROM workload_hourly WHERE org_id = {org:String} "
        "UNION ALL SELECT max(toDateTime64(hour, 3, 'UTC')) FROM workload_hourly WHERE org_id = {org:String} "
        "UNION ALL SELECT min(toDateTime64(day, 3, 'UTC')) FROM workload_daily WHERE org_id = {org:String} "
        "UNION ALL SELECT max(toDateTime64(day, 3, 'UTC')) FROM workload_daily WHERE org_id = {org:String}"
        ") WHERE t > toDateTime64(0, 3, 'UTC')"
    )
    lo, hi = query_rows(client, sql, {"org": org_id})[0]
    if lo is None or hi is None or _utc(lo).year < 1971:
        return None
    return day_range(_utc(lo), _utc(hi))


def fetch_store_orgs(client: Client) -> list[str]:
    """Every org with raw events or roll-up rows."""
    rows = query_rows(
        client,
        "SELECT DISTINCT org_id FROM (SELECT DISTINCT org_id FROM workload_events "
        "UNION ALL SELECT DISTINCT org_id FROM workload_hourly UNION ALL SELECT DISTINCT org_id FROM workload_daily) "
        "ORDER BY org_id",
    )
    return [str(r[0]) for r in rows]


@dataclass(frozen=True)
class DayDrift:
    """One org-day where a roll-up disagrees with the raw events."""

    org_id: str
    day: str  # YYYY-MM-DD
    table: str
    raw: tuple[int, float, int]  # requests, cost, tokens
    rollup: tuple[int, float, int]

    def describe(self) -> str:
        """e.g. 'acme 2026-11-02 workload_daily: requests 1,000 raw vs 750 roll-up'."""
        parts = []
        for name, a, b in zip(("requests", "cost", "tokens"), self.raw, self.rollup, strict=True):
            if not _same(a, b):
                parts.append(f"{name} {a:,} raw vs {b:,} roll-up" if name != "cost" else f"cost ${a:,.6f} vs ${b:,.6f}")
        return f"{self.org_id} {self.day} {self.table}: {', '.join(parts)}"


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=_COST_TOLERANCE)


def fetch_rollup_drift(
    client: Client, org_id: str | None = None, d0: datetime | None = None, d1: datetime | None = None
) -> list[DayDrift]:
    """Org-days whose requests, cost or tokens differ between the raw events and either roll-up."""
    conds: list[str] = []
    params: dict[str, Any] = {}
    if org_id is not None:
        conds.append("org_id = {org:String}")
        params["org"] = org_id
    if d0 is not None:
        conds.append(f"t >= {{d0:{_AT}}}")
        params["d0"] = d0
    if d1 is not None:
        conds.append(f"t < {{d1:{_AT}}}")
        params["d1"] = d1
    where = " AND ".join(conds) or "1"
    per_table = {
        "raw": "SELECT org_id, toStartOfDay(ts) AS t, count() AS r, sum(cost_usd) AS c, "
        "sum(toUInt64(prompt_tokens) + completion_tokens) AS k FROM workload_events",
        "workload_hourly": "SELECT org_id, toStartOfDay(hour) AS t, sum(requests) AS r, sum(cost_usd) AS c, "
        "sum(prompt_tokens + completion_tokens) AS k FROM workload_hourly",
        "workload_daily": "SELECT org_id, toStartOfDay(day) AS t, sum(requests) AS r, sum(cost_usd) AS c, "
        "sum(prompt_tokens + completion_tokens) AS k FROM workload_daily",
    }
    totals: dict[str, dict[tuple[str, str], tuple[int, float, int]]] = {}
    for name, select in per_table.items():
        sql = f"SELECT org_id, toString(toDate(t)), r, c, k FROM ({select} GROUP BY org_id, t) WHERE {where}"
        totals[name] = {
            (str(o), str(d)): (int(r), float(c), int(k)) for o, d, r, c, k in query_rows(client, sql, params)
        }
    drift = []
    raw = totals.pop("raw")
    for table, rolled in totals.items():
        for key in sorted(set(raw) | set(rolled)):
            a, b = raw.get(key, (0, 0.0, 0)), rolled.get(key, (0, 0.0, 0))
            if not all(_same(x, y) for x, y in zip(a, b, strict=True)):
                drift.append(DayDrift(key[0], key[1], table, a, b))
    return drift


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
