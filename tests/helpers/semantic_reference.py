"""Generated events with every column a semantic query reads, and an independent pandas computation of each
measure, dimension and grain (written from the measures' definitions, not from the compiler's SQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.workloads.events import EVENT_COLUMNS

END = datetime(2026, 11, 15, tzinfo=UTC)
# No events at all in these days (a collector outage): windows around it have less coverage.
GAP = (END - timedelta(days=38), END - timedelta(days=34))
MODELS = [("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-3-5-haiku"), ("google", "gemini")]
WORKLOADS = {"support-bot": "chat", "summarizer": "summarization", "nightly-enrich": "extraction"}
DIM_COLUMNS = {
    "model": "model",
    "provider": "provider",
    "workload": "workload",
    "task_type": "task_type",
    "user": "user_id",
    "session": "session_id",
    "error_type": "error_type",
    "status": "status",
    "region": "region",
}
TIME_DIMENSIONS = ("weekday", "day_type", "hour_of_day")  # computed from the event's UTC time


def dimension_values(events: pd.DataFrame, dim: str) -> pd.Series:
    """A dimension's value per event: a column, or the UTC day of the week / weekday-or-weekend of its time."""
    if dim == "weekday":
        return events["ts"].dt.day_name()
    if dim == "hour_of_day":
        return events["ts"].dt.tz_convert("UTC").dt.strftime("%H:00")
    if dim == "day_type":
        return pd.Series(np.where(events["ts"].dt.dayofweek >= 5, "weekend", "weekday"), index=events.index)
    return events[DIM_COLUMNS[dim]]


def make_semantic_events(
    org: str, n: int, seed: int, *, days: int = 400, end: datetime = END, model_prefix: str = ""
) -> pd.DataFrame:
    """`n` random events over `days` before `end` (none in GAP): unknown usage, missing TTFT and scores, errors."""
    rng = np.random.default_rng(seed)
    pm = rng.integers(0, len(MODELS), n)
    wl = rng.choice(list(WORKLOADS), n)
    known = rng.random(n) > 0.1
    prompt = np.where(known, rng.integers(10, 4000, n), 0)
    completion = np.where(known, rng.integers(1, 800, n), 0)
    status = rng.choice(["ok", "error", "cancelled"], n, p=[0.88, 0.08, 0.04])
    frame = pd.DataFrame(
        {
            "event_id": [f"{org}-{seed}-{i}" for i in range(n)],
            "ts": pd.Series(end - pd.to_timedelta(rng.uniform(0, days * 86400, n), unit="s")).dt.floor("ms"),
            "workload": wl,
            "task_type": [WORKLOADS[w] for w in wl],
            "user_id": np.where(rng.random(n) < 0.05, "", [f"u{v}" for v in rng.integers(0, 25, n)]),
            "session_id": [f"s{v}" for v in rng.integers(0, 400, n)],
            "provider": [MODELS[i][0] for i in pm],
            "model": [model_prefix + MODELS[i][1] for i in pm],
            "region": rng.choice(["us-east", "eu-west"], n),
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "cached_tokens": np.where(known, np.minimum(prompt, rng.integers(0, 2000, n)), 0),
            "reasoning_tokens": np.where(known, np.minimum(completion, rng.integers(0, 300, n)), 0),
            "latency_ms": rng.lognormal(6.5, 0.6, n).astype("float32"),
            "ttft_ms": np.where(rng.random(n) < 0.25, np.nan, rng.lognormal(5.5, 0.4, n)).astype("float32"),
            "cost_usd": rng.uniform(0.0001, 0.05, n).round(6),
            "status": status,
            "error_type": np.where(status == "ok", "", rng.choice(["rate_limit", "timeout", "server_error"], n)),
            "quality": np.where(rng.random(n) < 0.4, rng.uniform(0.5, 1.0, n), np.nan).astype("float32"),
            "is_batch": (rng.random(n) < 0.15).astype("uint8"),
            "usage_known": known.astype("uint8"),
        }
    )
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True)
    in_gap = (frame["ts"] >= GAP[0]) & (frame["ts"] < GAP[1])
    return frame[~in_gap].reset_index(drop=True)


def store_semantic_events(client: Client, org: str, frame: pd.DataFrame) -> None:
    """Insert as ingest does (with usage_known, which save_events does not carry)."""
    out = frame.copy()
    out["org_id"] = org
    for column, default in EVENT_COLUMNS.items():
        if column not in out:
            out[column] = default
    out["metadata"] = [{} for _ in range(len(out))]
    # Missing values are NULLs (the columns are Nullable), as ingest writes them.
    for column in ("ttft_ms", "quality"):
        out[column] = out[column].astype("object").where(out[column].notna(), None)
    client.insert_df("workload_events", out[[*EVENT_COLUMNS, "usage_known"]])


def select(
    events: pd.DataFrame,
    start: datetime,
    end: datetime,
    filters: dict[str, list[str]] | None = None,
    exclude: dict[str, list[str]] | None = None,
) -> pd.DataFrame:
    """The events of a window, filtered."""
    m = (events["ts"] >= start) & (events["ts"] < end)
    for dim, values in (filters or {}).items():
        m &= dimension_values(events, dim).isin(values)
    for dim, values in (exclude or {}).items():
        m &= ~dimension_values(events, dim).isin(values)
    return events[m]


def _quantile(values: pd.Series, q: float) -> float:
    values = values.dropna().astype("float64")
    return float(np.quantile(values, q)) if len(values) else float("nan")


# One call's figures with quantiles, their column, and whether only events with known usage count.
_ONE_CALL = {
    "latency": ("latency_ms", False),
    "ttft": ("ttft_ms", False),
    "cost": ("cost_usd", False),
    "quality": ("quality", False),
    "input_tokens": ("prompt_tokens", True),
    "output_tokens": ("completion_tokens", True),
}


def _one_call(g: pd.DataFrame, known: pd.DataFrame, kind: str) -> pd.Series:
    column, usage = _ONE_CALL[kind]
    return (known if usage else g)[column]


def measure(g: pd.DataFrame, name: str) -> float:
    """One measure over a group of events, from its definition."""
    known = g[g["usage_known"] == 1]
    errors = g[g["status"] != "ok"]
    tokens = known["prompt_tokens"].astype("int64") + known["completion_tokens"].astype("int64")
    kind, _, level = name.rpartition("_p")
    if kind in _ONE_CALL and level.isdigit():  # every percentile p1..p99 of one call's figure
        return _quantile(_one_call(g, known, kind), int(level) / 100)
    kind, _, spread = name.rpartition("_")
    if kind in _ONE_CALL and spread == "sd":  # the sample's standard deviation (pandas' ddof=1)
        scored = _one_call(g, known, kind).dropna().astype("float64")
        return float(scored.std()) if len(scored) > 1 else float("nan")
    if kind in _ONE_CALL and spread == "iqr":
        column = _one_call(g, known, kind)
        return _quantile(column, 0.75) - _quantile(column, 0.25)
    values: dict[str, Any] = {
        "spend": lambda: g["cost_usd"].sum(),
        "requests": lambda: len(g),
        "input_tokens": lambda: known["prompt_tokens"].astype("int64").sum(),
        "output_tokens": lambda: known["completion_tokens"].astype("int64").sum(),
        "total_tokens": lambda: tokens.sum(),
        "cached_tokens": lambda: known["cached_tokens"].astype("int64").sum(),
        "uncached_input_tokens": lambda: (
            known["prompt_tokens"].astype("int64") - known["cached_tokens"].astype("int64")
        ).sum(),
        "reasoning_tokens": lambda: known["reasoning_tokens"].astype("int64").sum(),
        "avg_input_tokens": lambda: known["prompt_tokens"].mean(),
        "avg_output_tokens": lambda: known["completion_tokens"].mean(),
        "avg_total_tokens": lambda: tokens.mean(),
        "input_output_ratio": lambda: (
            known["prompt_tokens"].astype("int64").sum() / known["completion_tokens"].astype("int64").sum()
        ),
        "output_input_ratio": lambda: (
            known["completion_tokens"].astype("int64").sum() / known["prompt_tokens"].astype("int64").sum()
        ),
        "input_tokens_max": lambda: known["prompt_tokens"].astype("float64").max(),
        "cost_per_request": lambda: g["cost_usd"].sum() / len(g),
        # (a group without a successful call has none: NULL, not infinity)
        "cost_per_successful_request": lambda: (
            g["cost_usd"].sum() / (len(g) - len(errors)) if len(g) > len(errors) else float("nan")
        ),
        "cost_per_1k_tokens": lambda: known["cost_usd"].sum() / tokens.sum() * 1000,
        "cost_per_1m_tokens": lambda: known["cost_usd"].sum() / tokens.sum() * 1_000_000,
        "cost_per_1k_input_tokens": lambda: (
            known["cost_usd"].sum() / known["prompt_tokens"].astype("int64").sum() * 1000
        ),
        "cost_per_1m_input_tokens": lambda: (
            known["cost_usd"].sum() / known["prompt_tokens"].astype("int64").sum() * 1e6
        ),
        "cost_per_1k_output_tokens": lambda: (
            known["cost_usd"].sum() / known["completion_tokens"].astype("int64").sum() * 1e3
        ),
        "cost_per_1m_output_tokens": lambda: (
            known["cost_usd"].sum() / known["completion_tokens"].astype("int64").sum() * 1e6
        ),
        "latency_avg": lambda: g["latency_ms"].astype("float64").mean(),
        "latency_max": lambda: g["latency_ms"].astype("float64").max(),
        "cost_max": lambda: g["cost_usd"].astype("float64").max(),
        "ttft_avg": lambda: g["ttft_ms"].dropna().astype("float64").mean(),
        "errors": lambda: len(errors),
        "error_rate": lambda: len(errors) / len(g),
        "error_spend": lambda: errors["cost_usd"].sum(),
        "ok_spend": lambda: g.loc[g["status"] == "ok", "cost_usd"].sum(),
        "success_rate": lambda: 1 - len(errors) / len(g),
        "quality": lambda: g["quality"].dropna().astype("float64").mean(),
        "quality_n": lambda: g["quality"].notna().sum(),
        "ttft_n": lambda: g["ttft_ms"].notna().sum(),
        "usage_n": lambda: len(known),
        "user_id_n": lambda: (g["user_id"] != "").sum(),
        "session_id_n": lambda: (g["session_id"] != "").sum(),
        "batch_spend": lambda: g.loc[g["is_batch"] == 1, "cost_usd"].sum(),
        "users": lambda: g.loc[g["user_id"] != "", "user_id"].nunique(),
        "sessions": lambda: g.loc[g["session_id"] != "", "session_id"].nunique(),
        "days": lambda: g["ts"].dt.floor("D").nunique(),
        "models": lambda: g["model"].nunique(),
        "providers": lambda: g["provider"].nunique(),
        "workloads": lambda: g["workload"].nunique(),
        "statuses": lambda: g["status"].nunique(),
        "error_types": lambda: errors.loc[errors["error_type"] != "", "error_type"].nunique(),
        "requests_per_session": lambda: _per(
            (g["session_id"] != "").sum(), g.loc[g["session_id"] != "", "session_id"].nunique()
        ),
        "sessions_per_user": lambda: _per(
            g.loc[g["session_id"] != "", "session_id"].nunique(), g.loc[g["user_id"] != "", "user_id"].nunique()
        ),
        "multi_model_users": lambda: (g.loc[g["user_id"] != ""].groupby("user_id")["model"].nunique() > 1).sum(),
        "cost_per_user": lambda: _per(g["cost_usd"].sum(), g.loc[g["user_id"] != "", "user_id"].nunique()),
        "cost_per_session": lambda: _per(g["cost_usd"].sum(), g.loc[g["session_id"] != "", "session_id"].nunique()),
        "cost_per_1k_requests": lambda: g["cost_usd"].sum() / len(g) * 1000,
        "first_event": lambda: g["ts"].min().value / 1e6,  # (nanoseconds to Unix milliseconds)
        "last_event": lambda: g["ts"].max().value / 1e6,
        "multi_model_users_share": lambda: _per(
            (g.loc[g["user_id"] != ""].groupby("user_id")["model"].nunique() > 1).sum(),
            g.loc[g["user_id"] != "", "user_id"].nunique(),
        ),
    }
    return float(values[name]())


def _per(part: float, whole: float) -> float:
    """`part` over `whole`, NaN (SQL's NULL) when there is no whole."""
    return float(part) / float(whole) if whole else float("nan")


def bucket(ts: pd.Series, grain: str) -> pd.Series:
    """The start of each timestamp's hour, day, Monday-started week or month (UTC)."""
    if grain == "hour":
        return ts.dt.floor("h")
    day = ts.dt.floor("D")
    if grain == "day":
        return day
    if grain == "week":
        return day - pd.to_timedelta(day.dt.weekday, unit="D")
    return day - pd.to_timedelta(day.dt.day - 1, unit="D")


def expected(events: pd.DataFrame, measures: list[str], dims: list[str], grain: str | None = None) -> pd.DataFrame:
    """One row per group (and bucket) with each measure, from pandas."""
    frame = events.copy()
    keys = []
    if grain is not None:
        frame["bucket"] = bucket(frame["ts"], grain)
        keys.append("bucket")
    for d in dims:
        frame[d] = dimension_values(frame, d)
        keys.append(d)
    if not keys:
        return pd.DataFrame([{m: measure(frame, m) for m in measures}])
    rows = [
        {
            **dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True)),
            **{m: measure(g, m) for m in measures},
        }
        for key, g in frame.groupby(keys)
    ]
    return pd.DataFrame(rows)


def covered_days(events: pd.DataFrame, start: datetime, end: datetime) -> tuple[int, float]:
    """Days with data in the window, and the sum of their overlaps with it (in days)."""
    days = sorted({d.date() for d in events["ts"].dt.floor("D")})
    total = 0.0
    for d in days:
        lo = datetime(d.year, d.month, d.day, tzinfo=UTC)
        total += (min(lo + timedelta(days=1), end) - max(lo, start)) / timedelta(days=1)
    return len(days), total
