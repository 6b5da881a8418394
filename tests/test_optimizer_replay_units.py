"""The replay on events summed per time unit (what the store returns at scale) against the per-event replay.

Both run on the same generated traffic in a real chdb store: the point figures (costs, savings, quality
change, per workload too) must be equal; the intervals come from a different block bootstrap (equal
time spans instead of equal event counts), so they must hold the point figure and be of a like width.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from clickhouse_connect.driver.client import Client

from netra_core.catalog.builtin import BUILTIN_MODELS
from netra_core.optimizer.replay import compute_bootstrap
from netra_core.optimizer.report import OptimizationInputs, compute_optimization, compute_report_dict
from netra_core.optimizer.scope import TrafficScope
from netra_core.optimizer.segments import PromptBuckets
from netra_core.optimizer.solver import PolicyConstraints
from netra_core.workloads.events import save_events
from netra_core.workloads.segments import (
    REPLAY_UNITS,
    fetch_optimization_inputs,
    fetch_replay_events,
    fetch_replay_units,
)
from netra_core.workloads.store import WorkloadStore
from tests.test_optimizer_store import make_events

BUCKETS = PromptBuckets()
POINT = ("current_cost_month", "policy_cost_month", "savings_month", "savings_pct", "quality_change")


def _old_and_new(store: WorkloadStore, scope: TrafficScope | None = None) -> tuple[object, object, pd.DataFrame]:
    with store.session() as client:
        new = fetch_optimization_inputs(client, "acme", 30, BUCKETS, scope)
        assert new.window_start is not None and new.window_end is not None
        events = fetch_replay_events(client, "acme", new.window_start, new.window_end, scope)
    old = OptimizationInputs(
        new.segment_stats, new.model_stats, new.eval_stats, events, new.window_days, new.window_start, new.window_end
    )
    constraints = PolicyConstraints(quality_floor=0.0, is_current_exempt_from_slo=True)
    run = [
        compute_optimization(
            "acme", inputs, BUILTIN_MODELS, constraints, buckets=BUCKETS, max_quality_drop=0.0, seed=0, n_boot=400
        )
        for inputs in (old, new)
    ]
    return run[0], run[1], events


def test_summed_units_hold_every_event_and_its_sums(store: WorkloadStore) -> None:
    acme = make_events(4000, seed=11)
    with store.session() as client:
        save_events(client, "acme", acme)
        save_events(client, "globex", make_events(300, seed=12, prefix="g"))
        save_events(client, "acme", acme.head(200))  # re-ingest: must not count twice
        new = fetch_optimization_inputs(client, "acme", 30, BUCKETS)
        assert new.window_start is not None and new.window_end is not None
        units = fetch_replay_units(client, "acme", new.window_start, new.window_end, BUCKETS, new.model_stats)
    ok = acme[acme["status"] == "ok"]
    assert int(units["n"].sum()) == len(ok)
    assert units["unit"].between(0, REPLAY_UNITS - 1).all()
    np.testing.assert_allclose(units["cost_usd"].sum(), ok["cost_usd"].sum(), rtol=1e-9)
    np.testing.assert_allclose(units["prompt_tokens"].sum(), ok["prompt_tokens"].sum())
    np.testing.assert_allclose(units["cached_tokens"].sum(), np.minimum(ok["cached_tokens"], ok["prompt_tokens"]).sum())
    by_model = units.groupby(["workload", "bucket", "model", "is_batch"])["n"].sum()
    expect = (
        ok.assign(bucket=BUCKETS.names_of(ok["prompt_tokens"]))
        .groupby(["workload", "bucket", "model", "is_batch"])["event_id"]
        .size()
    )
    pd.testing.assert_series_equal(by_model.sort_index(), expect.sort_index(), check_names=False, check_dtype=False)


@pytest.mark.parametrize("scope", [None, TrafficScope(workloads=("support",))])
def test_replay_on_summed_units_equals_the_per_event_replay(store: WorkloadStore, scope: TrafficScope | None) -> None:
    with store.session() as client:
        save_events(client, "acme", make_events(20_000, seed=5))
    old, new, events = _old_and_new(store, scope)
    p_old, p_new = old.policy.to_dict(), new.policy.to_dict()  # type: ignore[attr-defined]
    # The summary carries the replayed savings: the same point figures, another bootstrap's interval.
    s_old, s_new = p_old.pop("summary"), p_new.pop("summary")
    assert p_new == p_old
    assert s_new["savings_month"] == pytest.approx(s_old["savings_month"], rel=1e-9)
    t_old, t_new = old.replay.totals, new.replay.totals  # type: ignore[attr-defined]
    assert t_new["events"] == t_old["events"] == len(events)
    for name in POINT:
        assert t_new[name] == pytest.approx(t_old[name], rel=1e-9, abs=1e-12), name
        # Intervals: another block bootstrap of the same traffic, so like (not equal) widths around the same point.
        assert t_new[f"{name}_lo"] <= t_new[name] <= t_new[f"{name}_hi"], name
        w_old, w_new = t_old[f"{name}_hi"] - t_old[f"{name}_lo"], t_new[f"{name}_hi"] - t_new[f"{name}_lo"]
        assert 0.4 * w_old <= w_new <= 2.5 * w_old, (name, w_old, w_new)
    w_old = old.replay.by_workload.set_index("workload")  # type: ignore[attr-defined]
    w_new = new.replay.by_workload.set_index("workload")  # type: ignore[attr-defined]
    assert list(w_new.index) == list(w_old.index)
    for name in POINT:
        np.testing.assert_allclose(w_new[name], w_old[name], rtol=1e-9, atol=1e-12, err_msg=name)
    assert compute_report_dict(new)["window"]["events"] == len(events)  # type: ignore[arg-type]


def test_bootstrap_by_counts_equals_resampling_the_units() -> None:
    """The counts x unit-sums bootstrap gives what summing the resampled units gave (same draws, same seed)."""
    rng = np.random.default_rng(4)
    n = 600
    frame = pd.DataFrame(
        {
            "cost_usd": rng.gamma(2.0, 0.01, n),
            "policy_cost": rng.gamma(2.0, 0.006, n),
            "quality_policy": rng.uniform(0.7, 0.9, n),
            "quality_actual": rng.uniform(0.7, 0.9, n),
        }
    )
    got = compute_bootstrap(frame, 1.0, np.random.default_rng(9), 300)
    units = frame.to_numpy()
    units = np.column_stack([units[:, 0], units[:, 1], units[:, 2] - units[:, 3], np.ones(n)])
    idx = np.random.default_rng(9).integers(0, n, size=(300, n))
    sums = units[idx].sum(axis=1)
    savings = sums[:, 0] - sums[:, 1]
    assert got["savings_month_lo"] == pytest.approx(np.quantile(savings, 0.025), rel=1e-12)
    assert got["savings_month_hi"] == pytest.approx(np.quantile(savings, 0.975), rel=1e-12)
    change = sums[:, 2] / sums[:, 3]
    assert got["quality_change_lo"] == pytest.approx(np.quantile(change, 0.025), rel=1e-12)


def test_cached_inputs_are_reused_only_while_the_data_is_unchanged(store: WorkloadStore) -> None:
    from netra_core.workloads.segments import fetch_cached_optimization_inputs

    acme = make_events(3000, seed=21)
    key = store.describe()
    with store.session() as client:
        save_events(client, "acme", acme)
        first = fetch_cached_optimization_inputs(client, key, "acme", 30, BUCKETS)
        assert fetch_cached_optimization_inputs(client, key, "acme", 30, BUCKETS) is first
        # Another scope, window or store is another read.
        scoped = fetch_cached_optimization_inputs(
            client, key, "acme", 30, BUCKETS, TrafficScope(workloads=("support",))
        )
        assert scoped is not first and set(scoped.events["workload"]) == {"support"}
        assert fetch_cached_optimization_inputs(client, "elsewhere", "acme", 30, BUCKETS) is not first
        # New events (a re-ingest too) change the data: the next read sees them.
        save_events(client, "acme", make_events(50, seed=22, prefix="new"))
        second = fetch_cached_optimization_inputs(client, key, "acme", 30, BUCKETS)
    assert second is not first
    ok_first = int((acme["status"] == "ok").sum())
    assert int(first.events["n"].sum()) == ok_first
    assert int(second.events["n"].sum()) > ok_first


def test_skipping_the_duplicate_read_changes_neither_policy_nor_replay(store: WorkloadStore) -> None:
    with store.session() as client:
        save_events(client, "acme", make_events(6000, seed=31))
        full = fetch_optimization_inputs(client, "acme", 30, BUCKETS)
        lean = fetch_optimization_inputs(client, "acme", 30, BUCKETS, with_duplicates=False)
    assert full.segment_stats["duplicate_requests"].sum() > 0  # the traffic has repeated prompts
    assert (lean.segment_stats["duplicate_requests"] == 0).all()
    constraints = PolicyConstraints(quality_floor=0.0, is_current_exempt_from_slo=True)
    a, b = (
        compute_optimization(
            "acme", inputs, BUILTIN_MODELS, constraints, buckets=BUCKETS, max_quality_drop=0.0, n_boot=200
        )
        for inputs in (full, lean)
    )
    assert a.policy.to_dict() == b.policy.to_dict()
    assert a.solution.totals == b.solution.totals
    assert a.replay.totals == b.replay.totals
    assert "duplicate_cache" in set(a.opportunities["kind"]) and "duplicate_cache" not in set(b.opportunities["kind"])


def test_leaving_out_the_frontier_changes_nothing_else(store: WorkloadStore) -> None:
    with store.session() as client:
        save_events(client, "acme", make_events(3000, seed=41))
        inputs = fetch_optimization_inputs(client, "acme", 30, BUCKETS)
    constraints = PolicyConstraints(quality_floor=0.0, is_current_exempt_from_slo=True)
    a, b = (
        compute_optimization(
            "acme",
            inputs,
            BUILTIN_MODELS,
            constraints,
            buckets=BUCKETS,
            max_quality_drop=0.0,
            n_boot=200,
            with_frontier=flag,
        )
        for flag in (True, False)
    )
    assert len(a.frontier) > 1 and b.frontier.empty
    assert a.policy.to_dict() == b.policy.to_dict()
    assert a.replay.totals == b.replay.totals
    pd.testing.assert_frame_equal(a.opportunities, b.opportunities)
    assert compute_report_dict(b)["frontier"] == []


@pytest.mark.parametrize(
    "scope",
    [
        TrafficScope(workloads=("support",)),
        TrafficScope(task_types=("summarization",)),
        TrafficScope(workloads=("support", "reports"), task_types=("chat",)),
    ],
)
def test_a_scope_cut_from_the_whole_org_equals_the_scoped_read(store: WorkloadStore, scope: TrafficScope) -> None:
    from netra_core.workloads.segments import fetch_cached_optimization_inputs

    with store.session() as client:
        save_events(client, "acme", make_events(3000, seed=51))
        read = fetch_optimization_inputs(client, "acme", 30, BUCKETS, scope, with_duplicates=False)
        cut = fetch_cached_optimization_inputs(
            client, store.describe(), "acme", 30, BUCKETS, scope, with_duplicates=False
        )
    for name in ("segment_stats", "model_stats", "events"):
        a, b = getattr(read, name), getattr(cut, name)
        keys = [c for c in ("unit", "workload", "task_type", "bucket", "provider", "model", "is_batch") if c in a]
        a, b = (f.sort_values(keys).reset_index(drop=True) for f in (a, b))
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=False, rtol=1e-9, obj=name)


def test_a_scope_without_traffic_is_refused_when_cut(store: WorkloadStore) -> None:
    from netra_core.errors import NotFoundError
    from netra_core.workloads.segments import fetch_cached_optimization_inputs

    with store.session() as client:
        save_events(client, "acme", make_events(500, seed=61))
        with pytest.raises(NotFoundError, match="workloads nobody"):
            fetch_cached_optimization_inputs(
                client, store.describe(), "acme", 30, BUCKETS, TrafficScope(workloads=("nobody",))
            )


def test_one_scan_statistics_equal_the_two_reads(store: WorkloadStore) -> None:
    from netra_core.workloads.segments import (
        fetch_segment_and_model_stats,
        fetch_segment_model_stats,
        fetch_segment_stats,
    )

    acme = make_events(5000, seed=71)
    acme.loc[acme.index[:300], "usage_known"] = 0  # unknown usage: left out of the segment figures only
    with store.session() as client:
        save_events(client, "acme", acme)
        save_events(client, "globex", make_events(300, seed=72, prefix="g"))
        start, end = fetch_window_of(client)
        seg, models = fetch_segment_and_model_stats(client, "acme", start, end, BUCKETS)
        seg0 = fetch_segment_stats(client, "acme", start, end, BUCKETS, with_duplicates=False)
        models0 = fetch_segment_model_stats(client, "acme", start, end, BUCKETS)
    assert list(seg.columns) == list(seg0.columns) and list(models.columns) == list(models0.columns)
    pd.testing.assert_frame_equal(seg, seg0, check_dtype=False, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(models, models0, check_dtype=False, check_exact=False, rtol=1e-9)


def fetch_window_of(client: Client) -> tuple[datetime, datetime]:
    from netra_core.workloads.segments import fetch_window

    got = fetch_window(client, "acme", 30)
    assert got is not None
    return got
