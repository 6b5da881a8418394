"""The overview dashboard's query set at 1 M and 10 M events: Netra end to end vs the same SQL raw vs pandas.

Prints one JSON document. Netra reads the hourly roll-up for windows this large (analytics.sources); the
"raw" baseline replays exactly the SQL Netra sent, and `same_functions_on_raw_events_s` shows the same
functions forced onto the raw events. Data: the traffic generator's default spec (realistic workloads, models,
token distributions) for org `bench`, plus 10 % as many events for another org so that the org
filter does real work. Timings are medians of repeated runs inside one open store session.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.common import machine, make_bench_store, median_seconds
from netra_core.analytics.breakdowns import (
    fetch_error_breakdown,
    fetch_latency_by_model,
    fetch_spend_over_time,
    fetch_top,
)
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis
from netra_core.analytics.overview import fetch_overview
from netra_core.analytics.sources import RollupChoice

DAYS = 30


class RecordingClient:
    """Wraps a client and records the SQL and parameters Netra sends, to replay them raw."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def query_df(self, sql: str, parameters: dict[str, Any] | None = None, **kw: Any) -> pd.DataFrame:
        self.calls.append((sql, parameters or {}))
        return self.client.query_df(sql, parameters=parameters, **kw)

    def query(self, sql: str, parameters: dict[str, Any] | None = None, **kw: Any) -> Any:
        self.calls.append((sql, parameters or {}))
        return self.client.query(sql, parameters=parameters, **kw)


def load(store: Any, n: int) -> tuple[float, pd.Timestamp]:
    """Generate and write n events for `bench` and n/10 for `other`; returns (seconds, end of the window)."""
    from netra_core.generator import default_spec, save_generated

    end = pd.Timestamp("2026-11-01", tz="UTC")
    started = time.perf_counter()
    save_generated(store, "bench", default_spec(), n_events=n, days=DAYS, seed=1, end=end.to_pydatetime())
    save_generated(
        store, "other", default_spec(), n_events=max(n // 10, 1000), days=DAYS, seed=2, end=end.to_pydatetime()
    )
    return time.perf_counter() - started, end


def pandas_overview(df: pd.DataFrame, f: EventFilter) -> dict[str, Any]:
    """The same numbers the overview shows, computed with pandas from a DataFrame of the org's events."""
    prev = f.previous()
    cur = df[(df["ts"] >= f.start) & (df["ts"] < f.end)]
    old = df[(df["ts"] >= prev.start) & (df["ts"] < prev.end)]
    kpis = {}
    for name, part in (("current", cur), ("previous", old)):
        kpis[name] = {
            "spend": part["cost_usd"].sum(),
            "requests": len(part),
            "tokens": (part["prompt_tokens"] + part["completion_tokens"]).sum(),
            "lat": part["latency_ms"].quantile([0.5, 0.95, 0.99]).tolist(),
            "errors": (part["status"] != "ok").mean(),
            "quality": part["quality"].mean(),
        }
    spend = cur.groupby([cur["ts"].dt.floor("D"), "model"], observed=True).agg(
        spend=("cost_usd", "sum"), n=("cost_usd", "size")
    )
    latency = cur.groupby("model", observed=True).agg(
        p50=("latency_ms", lambda s: s.quantile(0.5)),
        p95=("latency_ms", lambda s: s.quantile(0.95)),
        p99=("latency_ms", lambda s: s.quantile(0.99)),
        t50=("ttft_ms", lambda s: s.quantile(0.5)),
        t95=("ttft_ms", lambda s: s.quantile(0.95)),
    )
    errs = cur[cur["status"] != "ok"].groupby(["model", "error_type"], observed=True).size()
    top = cur.groupby("workload", observed=True)["cost_usd"].sum().nlargest(10)
    return {"kpis": kpis, "spend": len(spend), "latency": len(latency), "errors": len(errs), "top": len(top)}


def bench_size(n: int, workdir: Path, repeats: int) -> dict[str, Any]:
    store = make_bench_store(workdir / f"store_{n}")
    load_s, end = load(store, n)
    f = EventFilter("bench", start=(end - timedelta(days=7)).to_pydatetime(), end=end.to_pydatetime())
    with store.session() as client:
        recorder = RecordingClient(client)
        netra = fetch_overview(recorder, f)  # type: ignore[arg-type]
        calls = list(recorder.calls)
        netra_s = median_seconds(lambda: fetch_overview(client, f), repeats=repeats)
        raw_s = median_seconds(
            lambda: [client.query(sql, parameters=p).result_rows for sql, p in calls], repeats=repeats
        )
        # What the roll-up buys: the same five functions forced onto the raw events.
        events_only_s = median_seconds(lambda: _overview_on_events(client, f), repeats=repeats)
        accuracy = _quantile_error(client, f, netra.kpis)
        frame = client.query_df("SELECT * FROM workload_events WHERE org_id = {o:String}", parameters={"o": "bench"})
    open_s = median_seconds(lambda: _open_close(store), repeats=3)
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True)
    pandas_s = median_seconds(lambda: pandas_overview(frame, f), repeats=max(1, repeats // 2))
    check = pandas_overview(frame, f)
    kp = netra.kpis.set_index("metric")["value"]
    agree = bool(
        np.isclose(kp["spend_usd"], check["kpis"]["current"]["spend"], rtol=1e-6)
        and int(kp["requests"]) == check["kpis"]["current"]["requests"]
    )
    return {
        "events": n,
        "load_s": round(load_s, 2),
        "queries": len(calls),
        "netra_s": round(netra_s, 4),
        "raw_sql_s": round(raw_s, 4),
        "overhead_vs_raw_pct": round((netra_s / raw_s - 1) * 100, 1),
        "reads_rollup": any("workload_hourly" in sql for sql, _ in calls),
        "same_functions_on_raw_events_s": round(events_only_s, 4),
        "rollup_speedup": round(events_only_s / netra_s, 1),
        "latency_quantile_rel_error_vs_exact": accuracy,
        "pandas_s": round(pandas_s, 4),
        "speedup_vs_pandas": round(pandas_s / netra_s, 1),
        "session_open_close_s": round(open_s, 4),
        "numbers_agree_with_pandas": agree,
    }


def _overview_on_events(client: Any, f: EventFilter) -> None:
    fetch_kpis(client, f, rollup=RollupChoice.RAW)
    fetch_spend_over_time(client, f, rollup=RollupChoice.RAW)
    fetch_latency_by_model(client, f, rollup=RollupChoice.RAW)
    fetch_error_breakdown(client, f, rollup=RollupChoice.RAW)
    fetch_top(client, f, by="workload", rollup=RollupChoice.RAW)


def _quantile_error(client: Any, f: EventFilter, kpis: pd.DataFrame) -> dict[str, float]:
    """Relative error of the overview's latency quantiles against exact ones over the same window."""
    where, params = f.where()
    exact = client.query(
        f"SELECT quantilesExact(0.5, 0.95, 0.99)(latency_ms) FROM workload_events WHERE {where}", parameters=params
    ).result_rows[0][0]
    got = kpis.set_index("metric")["value"]
    names = ("latency_p50_ms", "latency_p95_ms", "latency_p99_ms")
    return {name: round(abs(float(got[name]) / float(e) - 1), 5) for name, e in zip(names, exact, strict=True)}


def _open_close(store: Any) -> None:
    with store.session() as client:
        client.query("SELECT 1")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000]
    with tempfile.TemporaryDirectory(prefix="netra-bench-") as tmp:
        results = [bench_size(n, Path(tmp), repeats=7) for n in sizes]
    targets = {"overview_10m_under_s": 0.5, "overhead_vs_raw_pct_under": 15, "speedup_vs_pandas_at_least": 20}
    print(
        json.dumps(
            {"benchmark": "analytics_overview", "machine": machine(), "targets": targets, "results": results}, indent=2
        )
    )


if __name__ == "__main__":
    main()
