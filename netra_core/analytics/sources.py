"""Where an analytics query reads: the raw events, or the roll-ups for large windows.

The roll-ups (`workload_hourly` and `workload_daily`, kept by materialized views, migration 0003) hold sums,
counts, error counts by type and latency t-digests per workload, model, provider and task type. A window with at
least `ROLLUP_MIN_EVENTS` events reads the daily roll-up for its whole days, the hourly one for its other whole
hours and the raw events for the partial hours at either end. Sums and counts stay exact; latency quantiles come
from merged t-digests (the benchmark measures their error against exact quantiles: about 0.01 % at 10 M events;
ClickHouse's default `quantiles` samples 8,192 values and is less exact). Smaller windows read the raw events,
where quantiles are exact below 8,192 events per group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from clickhouse_connect.driver.client import Client

from netra_core.analytics.filters import EventFilter
from netra_core.workloads.store import query_rows

# Below this many events in the window the raw scan takes a few milliseconds and its quantiles are exact.
ROLLUP_MIN_EVENTS = 100_000


class RollupChoice(Enum):
    """Which tables an aggregate reads: the fetcher decides (AUTO), the raw events (RAW) or the roll-ups (ROLLUPS).

    AUTO decides from the window's size (`use_rollup`); a semantic query reads the roll-ups whenever it fits them.
    """

    AUTO = "auto"
    RAW = "raw"
    ROLLUPS = "rollups"


_DIMS = "workload, task_type, provider, model"
ROLLUP_COLUMNS = (
    f"hour, {_DIMS}, requests, errors, error_types, cost_usd, prompt_tokens, completion_tokens, "
    "quality_sum, quality_n, latency, ttft"
)
# The partial hours at the window's ends, aggregated from the raw events into the roll-up's shape.
_EDGE_SELECT = f"""
    SELECT toDateTime(toStartOfHour(ts), 'UTC') AS hour, {_DIMS},
           count() AS requests, countIf(status != 'ok') AS errors,
           sumMapIf(map(error_type, toUInt64(1)), status != 'ok') AS error_types, sum(cost_usd) AS cost_usd,
           sum(toUInt64(prompt_tokens)) AS prompt_tokens, sum(toUInt64(completion_tokens)) AS completion_tokens,
           sumIf(toFloat64(assumeNotNull(quality)), quality IS NOT NULL) AS quality_sum,
           countIf(quality IS NOT NULL) AS quality_n,
           quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms) AS latency,
           quantilesTDigestState(0.5, 0.95)(ttft_ms) AS ttft
    FROM workload_events
"""

# The same measures written for each kind of source.
_MEASURES: dict[str, dict[str, str]] = {
    "events": {
        "time": "ts",
        "requests": "count()",
        "spend": "sum(cost_usd)",
        "tokens": "sum(prompt_tokens + completion_tokens)",
        "errors": "countIf(status != 'ok')",
        "latency": "quantiles(0.5, 0.95, 0.99)(latency_ms)",
        "ttft": "quantiles(0.5, 0.95)(ttft_ms)",
    },
    "rollup": {
        "time": "hour",
        "requests": "sum(requests)",
        "spend": "sum(cost_usd)",
        "tokens": "sum(prompt_tokens + completion_tokens)",
        "errors": "sum(errors)",
        "latency": "quantilesTDigestMerge(0.5, 0.95, 0.99)(latency)",
        "ttft": "quantilesTDigestMerge(0.5, 0.95)(ttft)",
    },
}


@dataclass(frozen=True)
class Source:
    """A FROM operand and WHERE body for one window, with the aggregate expressions that fit it."""

    kind: str  # "events" or "rollup"
    table: str
    where: str
    params: dict[str, Any]

    def m(self, name: str) -> str:
        """The SQL of a measure (requests, spend, tokens, errors, latency, ttft) or of the time column."""
        return _MEASURES[self.kind][name]


def _floor(t: datetime, unit: str) -> datetime:
    t = t.astimezone(UTC)
    t = t.replace(minute=0, second=0, microsecond=0)
    return t.replace(hour=0) if unit == "day" else t


def _ceil(t: datetime, unit: str) -> datetime:
    floor = _floor(t, unit)
    return floor if floor == t else floor + (timedelta(days=1) if unit == "day" else timedelta(hours=1))


def events_source(f: EventFilter, prefix: str = "") -> Source:
    """Read the raw events of the window."""
    where, params = f.where(prefix)
    return Source("events", "workload_events", where, params)


def rollup_source(f: EventFilter, prefix: str = "r", daily: bool = True) -> Source | None:
    """Whole days from the daily roll-up, whole hours from the hourly one, partial hours from the raw events.

    None when the window holds no whole hour. `daily=False` reads whole hours only (for hourly buckets).
    """
    h0, h1 = _ceil(f.start, "hour"), _floor(f.end, "hour")
    if h0 >= h1:
        return None
    d0, d1 = _ceil(f.start, "day"), _floor(f.end, "day")
    p, at = prefix, "DateTime64(3, 'UTC')"
    dims, params = f.dimension_where(p)
    extra = "".join(f" AND {c}" for c in dims)
    params.update({f"{p}org": f.org_id, f"{p}start": f.start, f"{p}end": f.end, f"{p}h0": h0, f"{p}h1": h1})
    org = f"org_id = {{{p}org:String}}"
    parts = []
    # Only the parts the window needs: an aligned window reads no raw events, a day-aligned one no hourly rows.
    if daily and d0 < d1:
        params.update({f"{p}d0": d0, f"{p}d1": d1})
        parts.append(
            f"SELECT {ROLLUP_COLUMNS.replace('hour', 'day AS hour', 1)} FROM workload_daily "
            f"WHERE {org} AND day >= {{{p}d0:{at}}} AND day < {{{p}d1:{at}}}{extra}"
        )
        ranges = [(h0, d0, "h0", "d0"), (d1, h1, "d1", "h1")]
    else:
        ranges = [(h0, h1, "h0", "h1")]
    hours = [f"(hour >= {{{p}{a}:{at}}} AND hour < {{{p}{b}:{at}}})" for lo, hi, a, b in ranges if lo < hi]
    if hours:
        parts.append(f"SELECT {ROLLUP_COLUMNS} FROM workload_hourly WHERE {org} AND ({' OR '.join(hours)}){extra}")
    edges = [
        f"(ts >= {{{p}{a}:{at}}} AND ts < {{{p}{b}:{at}}})"
        for lo, hi, a, b in ((f.start, h0, "start", "h0"), (h1, f.end, "h1", "end"))
        if lo < hi
    ]
    if edges:
        parts.append(f"{_EDGE_SELECT} WHERE {org}{extra} AND ({' OR '.join(edges)}) GROUP BY hour, {_DIMS}")
    table = "(" + "\n        UNION ALL\n        ".join(parts) + ")"
    return Source("rollup", table, "1", params)


def count_in_rollup(client: Client, f: EventFilter) -> int:
    """Events in the hours the window touches, read from the roll-up (an upper bound for the window)."""
    dims, params = f.dimension_where()
    params.update({"org": f.org_id, "h0": _floor(f.start, "hour"), "h1": f.end})
    at = "DateTime64(3, 'UTC')"
    sql = (
        f"SELECT sum(requests) FROM workload_hourly WHERE org_id = {{org:String}} "
        f"AND hour >= {{h0:{at}}} AND hour < {{h1:{at}}}" + "".join(f" AND {c}" for c in dims)
    )
    return int(query_rows(client, sql, params)[0][0] or 0)


def use_rollup(client: Client, f: EventFilter) -> bool:
    """Whether the window is large enough for the roll-up (and has a whole hour to read from it)."""
    if _ceil(f.start, "hour") >= _floor(f.end, "hour"):
        return False
    return count_in_rollup(client, f) >= ROLLUP_MIN_EVENTS


def decide_rollup(client: Client, f: EventFilter) -> RollupChoice:
    """One decision from the window's size, for several fetchers that must read the same tables."""
    return RollupChoice.ROLLUPS if use_rollup(client, f) else RollupChoice.RAW


def is_rollup_read(client: Client, f: EventFilter, rollup: RollupChoice) -> bool:
    """Whether `f` reads the roll-ups under `rollup` (AUTO: decided from the window's size)."""
    if rollup is RollupChoice.AUTO:
        return use_rollup(client, f)
    return rollup is RollupChoice.ROLLUPS


def choose_source(
    client: Client, f: EventFilter, rollup: RollupChoice = RollupChoice.AUTO, prefix: str = "", daily: bool = True
) -> Source:
    """The source for `f`: the roll-up when `rollup` says so (decided from the window's size for AUTO)."""
    if is_rollup_read(client, f, rollup):
        source = rollup_source(f, prefix or "r", daily=daily)
        if source is not None:
            return source
    return events_source(f, prefix)
