"""Counterfactual replay against an independent per-event computation, and its bootstrap intervals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from netra_core.catalog.builtin import ModelProfile
from netra_core.optimizer.opportunities import GATE_SHAPE
from netra_core.optimizer.policy import Cascade, RouteRule, RouteTarget, RoutingPolicy
from netra_core.optimizer.replay import ReplayResult, compute_replay, compute_replay_events
from netra_core.optimizer.segments import PromptBuckets

CHEAP = ModelProfile("p1", "cheap", 0.2, 0.8, 0.1, 0.5, 128_000, 200, 100, {})
MID = ModelProfile("p1", "mid", 1.0, 4.0, None, None, 128_000, 200, 100, {})
TOP = ModelProfile("p2", "top", 5.0, 15.0, 2.5, 0.5, 128_000, 200, 100, {})
CANDIDATES = [CHEAP, MID, TOP]
PRICES = {m.model: m for m in CANDIDATES}
BUCKETS = PromptBuckets((1000,), ("short", "long"))

POLICY = RoutingPolicy(
    org_id="acme",
    quality_floor=0.8,
    buckets=BUCKETS,
    rules=(
        RouteRule("bot", "chat", "short", (RouteTarget("p1", "cheap"),), requests=10),
        RouteRule("bot", "chat", "long", (RouteTarget("p1", "mid", 0.25), RouteTarget("p2", "top", 0.75)), requests=5),
        RouteRule(
            "etl",
            "extraction",
            "short",
            (RouteTarget("p1", "cheap"),),
            requests=5,
            cascade=Cascade("p1", "cheap", "p2", "top", 0.2),
        ),
    ),
    default=RouteTarget("p1", "mid"),
)
QUALITY = {  # (segment, model) -> quality estimate
    ("bot/chat/short", "cheap"): 0.80,
    ("bot/chat/short", "top"): 0.90,
    ("bot/chat/short", "mid"): 0.85,
    ("bot/chat/long", "mid"): 0.70,
    ("bot/chat/long", "top"): 0.92,
    ("etl/extraction/short", "cheap"): 0.60,
    ("etl/extraction/short", "top"): 0.95,
    ("new/chat/short", "mid"): 0.75,
    ("new/chat/short", "top"): 0.9,
}


def make_estimates() -> pd.DataFrame:
    rows = [
        {"segment": s, "model": m, "quality": q, "quality_lo": q - 0.05, "quality_hi": q + 0.05}
        for (s, m), q in QUALITY.items()
    ]
    return pd.DataFrame(rows)


def make_events(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    workload = rng.choice(["bot", "etl", "new"], n, p=[0.6, 0.3, 0.1])
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "ts": pd.Timestamp("2026-11-01", tz="UTC") + pd.to_timedelta(np.arange(n), unit="min"),
            "workload": workload,
            "task_type": np.where(workload == "etl", "extraction", "chat"),
            "model": "top",
            "provider": "p2",
            "prompt_tokens": rng.integers(10, 3000, n),
            "completion_tokens": rng.integers(1, 500, n),
            "cached_tokens": rng.integers(0, 10, n),
            "is_batch": rng.integers(0, 2, n),
            "cost_usd": rng.uniform(0.001, 0.05, n),
        }
    )


def price(model: str, e: dict[str, Any]) -> float:
    p = PRICES[model]
    cached_price = p.cached_input_per_mtok if p.cached_input_per_mtok is not None else p.input_per_mtok
    prompt, cached, out = int(e["prompt_tokens"]), int(e["cached_tokens"]), int(e["completion_tokens"])
    cost = ((prompt - cached) * p.input_per_mtok + cached * cached_price + out * p.output_per_mtok) / 1e6
    return cost * (1 - (p.batch_discount or 0.0)) if e["is_batch"] else cost


def expected_row(e: dict[str, object]) -> tuple[float, float, float]:
    """(policy cost, policy quality, actual quality) computed by hand for one event."""
    bucket = "short" if int(e["prompt_tokens"]) < 1000 else "long"  # type: ignore[call-overload]
    segment = f"{e['workload']}/{e['task_type']}/{bucket}"
    actual_q = QUALITY.get((segment, "top"), np.nan)
    if segment == "bot/chat/short":
        return price("cheap", e), QUALITY[(segment, "cheap")], actual_q
    if segment == "bot/chat/long":
        cost = 0.25 * price("mid", e) + 0.75 * price("top", e)
        return cost, 0.25 * QUALITY[(segment, "mid")] + 0.75 * QUALITY[(segment, "top")], actual_q
    if segment == "etl/extraction/short":
        q_c, q_s = QUALITY[(segment, "cheap")], QUALITY[(segment, "top")]
        quality = q_c + (1 - (1 - 0.2) ** GATE_SHAPE) * (q_s - q_c)
        return price("cheap", e) + 0.2 * price("top", e), quality, actual_q
    return price("mid", e), QUALITY.get((segment, "mid"), np.nan), actual_q  # unseen segment: the default


def test_replay_matches_an_independent_per_event_computation() -> None:
    events = make_events(400)
    got = compute_replay_events(events, POLICY, CANDIDATES, make_estimates())
    expected = pd.DataFrame([expected_row(e) for e in events.to_dict("records")], columns=["cost", "qp", "qa"])
    np.testing.assert_allclose(got["policy_cost"], expected["cost"], rtol=1e-12)
    np.testing.assert_allclose(got["quality_policy"], expected["qp"], rtol=1e-12)
    np.testing.assert_allclose(got["quality_actual"], expected["qa"], rtol=1e-12)
    np.testing.assert_allclose(got["savings"], events["cost_usd"] - expected["cost"], rtol=1e-12)


def test_replay_totals_and_per_workload_figures() -> None:
    events = make_events(600)
    result = compute_replay(events, POLICY, CANDIDATES, make_estimates(), window_days=10, seed=3, n_boot=300)
    expected = pd.DataFrame([expected_row(e) for e in events.to_dict("records")], columns=["cost", "qp", "qa"])
    scale = 30 / 10
    assert result.totals["savings_month"] == pytest.approx((events["cost_usd"] - expected["cost"]).sum() * scale)
    assert result.totals["current_cost_month"] == pytest.approx(events["cost_usd"].sum() * scale)
    scored = expected.dropna()
    assert result.totals["quality_change"] == pytest.approx((scored["qp"] - scored["qa"]).mean())
    by = result.by_workload.set_index("workload")
    for workload in ("bot", "etl", "new"):
        mask = events["workload"] == workload
        saved = (events.loc[mask, "cost_usd"] - expected.loc[mask, "cost"]).sum() * scale
        assert by.loc[workload, "savings_month"] == pytest.approx(saved)
    assert by["savings_month"].sum() == pytest.approx(result.totals["savings_month"])


@pytest.mark.parametrize("n_events", [300, 9_000])  # per-event and block bootstrap
def test_bootstrap_intervals_contain_the_point_and_are_reproducible(n_events: int) -> None:
    events = make_events(n_events, seed=1)

    def run(seed: int) -> ReplayResult:
        return compute_replay(events, POLICY, CANDIDATES, make_estimates(), window_days=30, seed=seed, n_boot=400)

    a, b, c = run(7), run(7), run(8)
    for name in ("savings_month", "savings_pct", "quality_change", "policy_cost_month"):
        assert a.totals[f"{name}_lo"] <= a.totals[name] <= a.totals[f"{name}_hi"], name
        assert a.totals[f"{name}_lo"] < a.totals[f"{name}_hi"], name
    for row in a.by_workload.to_dict("records"):
        assert row["savings_month_lo"] <= row["savings_month"] <= row["savings_month_hi"]
    assert a.totals == b.totals
    pd.testing.assert_frame_equal(a.by_workload, b.by_workload)
    assert a.totals["savings_month_lo"] != c.totals["savings_month_lo"]
    assert a.totals["savings_month"] == c.totals["savings_month"]


def test_more_traffic_gives_a_narrower_savings_interval() -> None:
    widths = []
    for n in (200, 3_000):
        r = compute_replay(make_events(n, seed=2), POLICY, CANDIDATES, make_estimates(), window_days=30, n_boot=400)
        widths.append((r.totals["savings_month_hi"] - r.totals["savings_month_lo"]) / r.totals["savings_month"])
    assert widths[1] < widths[0] / 2
