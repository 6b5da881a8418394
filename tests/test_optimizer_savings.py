"""THE savings figure: one replayed saving, rows that add up to it, exports that carry it, priors flagged."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from netra_core.optimizer.estimates import PRIOR_TRANSFER_SD, Z95
from netra_core.optimizer.policy import RouteRule, RouteTarget, RoutingPolicy, compute_litellm_config
from netra_core.optimizer.replay import compute_replay
from netra_core.optimizer.savings import (
    POLICY_ROW,
    Savings,
    compute_opportunity_rows,
    compute_policy_with_savings,
    compute_prior_only_targets,
    compute_savings,
)
from netra_core.optimizer.solver import PolicyConstraints, PolicySolution
from tests.test_optimizer_replay import BUCKETS, CANDIDATES, POLICY, make_estimates, make_events

PLAN_SAVINGS = 98_765.0  # the solver's plan: a different number from the replay, on purpose
START, END = datetime(2026, 11, 1), datetime(2026, 11, 11)


def make_solution() -> PolicySolution:
    segments = pd.DataFrame(
        {
            "segment": ["bot/chat/short", "bot/chat/long", "etl/extraction/short"],
            "current_model": "top",
            "current_mix": "top",
            "current_quality": [0.90, 0.92, 0.95],
            "policy_quality": [0.80, 0.865, 0.85],
            "savings_month": [PLAN_SAVINGS / 3] * 3,
        }
    )
    return PolicySolution(pd.DataFrame(), segments, {"savings_month": PLAN_SAVINGS}, PolicyConstraints(0.8))


def make_sourced_estimates() -> pd.DataFrame:
    """The replay test's estimates with where each quality came from: 'cheap' never measured on bot/chat/short."""
    est = make_estimates()
    est["quality_source"] = "observed"
    est["observed_requests"] = np.where(est["model"] == "top", 100.0, 0.0)
    est.loc[(est["segment"] == "bot/chat/short") & (est["model"] == "cheap"), "quality_source"] = "prior"
    est.loc[(est["segment"] == "etl/extraction/short") & (est["model"] == "top"), "quality_source"] = "prior"
    return est


def savings_for(events: pd.DataFrame, policy: RoutingPolicy = POLICY) -> tuple[Savings, dict[str, float]]:
    est = make_sourced_estimates()
    replay = compute_replay(events, policy, CANDIDATES, est, window_days=10, seed=1, n_boot=200)
    savings = compute_savings(
        replay, make_solution(), policy, est, window_days=10, window_start=START, window_end=END, level=0.9
    )
    return savings, replay.totals


def test_the_rows_add_up_to_the_one_replayed_figure() -> None:
    events = make_events(500)
    savings, totals = savings_for(events)
    assert savings.month_usd == pytest.approx(totals["savings_month"], rel=1e-12)
    assert savings.month_usd == pytest.approx(savings.window_usd * 30 / 10, rel=1e-12)
    assert savings.window_spend_usd == pytest.approx(events["cost_usd"].sum(), rel=1e-12)
    assert savings.share == pytest.approx(totals["savings_pct"], rel=1e-9)
    assert (savings.month_lo_usd, savings.month_hi_usd) == (totals["savings_month_lo"], totals["savings_month_hi"])
    rows = savings.by_segment
    assert rows["savings_month"].sum() == pytest.approx(savings.month_usd, rel=1e-12)
    assert rows["events"].sum() == savings.events == len(events)
    assert "new/chat/short" in set(rows["segment"])  # default-routed traffic is a row too, or the sum would not hold
    assert savings.plan_month_usd == PLAN_SAVINGS and savings.month_usd != pytest.approx(PLAN_SAVINGS)
    assert f"your own {len(events):,} requests of 2026-11-01 to 2026-11-11" in savings.definition
    assert "priced as today's catalog prices them" in savings.definition
    for row in rows.to_dict("records"):  # each row states its own replayed dollars, never the plan's
        saving = row["savings_month"]
        assert (f"${abs(saving):,.0f}" if abs(saving) >= 10 else f"${abs(saving):,.2f}") in row["line"]


def test_the_exported_policy_carries_the_replayed_figure_and_not_the_plan() -> None:
    savings, _ = savings_for(make_events(500))
    planned = replace(POLICY, summary={"savings_month": PLAN_SAVINGS, "savings_pct": 0.5, "policy_quality": 0.85})
    policy = compute_policy_with_savings(planned, savings)
    exported = json.loads(policy.to_json())
    summary = exported["summary"]
    assert summary["savings_month"] == pytest.approx(savings.month_usd)
    assert summary["savings_share"] == pytest.approx(savings.share)
    assert summary["savings_window_usd"] == pytest.approx(savings.window_usd)
    assert summary["definition"] == savings.definition and "savings_pct" not in summary
    assert summary["plan_savings_month_diagnostic"] == PLAN_SAVINGS  # named for what it is
    lines = dict(zip(savings.by_segment["segment"], savings.by_segment["line"], strict=True))
    for rule in exported["rules"]:
        assert rule["reason"] == lines[f"{rule['workload']}/{rule['task_type']}/{rule['bucket']}"]
    litellm = compute_litellm_config(policy)["netra_routing"]
    assert litellm["savings"]["savings_month"] == pytest.approx(savings.month_usd)
    back = RoutingPolicy.from_yaml(policy.to_yaml())
    assert back.rules == policy.rules and back.summary["savings_month"] == pytest.approx(savings.month_usd)


def test_targets_without_measured_quality_are_flagged_on_the_row_and_in_the_export() -> None:
    est = make_sourced_estimates()
    flagged = compute_prior_only_targets(POLICY, est)
    # bot/chat/short goes to cheap (prior only). etl's cascade escalates to top, which serves it today: measured.
    assert flagged == {"bot/chat/short": ("cheap",)}
    savings, _ = savings_for(make_events(500))
    assert savings.prior_only == ("bot/chat/short -> cheap",)
    row = savings.by_segment.set_index("segment").loc["bot/chat/short"]
    assert "not measured in your traffic" in row["line"]
    policy = compute_policy_with_savings(POLICY, savings)
    rules = {r.bucket + r.workload: r for r in policy.rules}
    assert rules["shortbot"].prior_only_models == ("cheap",) and rules["longbot"].prior_only_models == ()
    litellm_rules = compute_litellm_config(policy)["netra_routing"]["rules"]
    assert [r.get("quality_not_measured") for r in litellm_rules] == [["cheap"], None, None]
    assert compute_litellm_config(policy)["netra_routing"]["savings"]["prior_only_targets"] == list(savings.prior_only)


def _one_task_policy(segments: list[str]) -> RoutingPolicy:
    parts = [s.split("/") for s in segments]
    rules = tuple(RouteRule(w, t, b, (RouteTarget("p1", "cheap"),), requests=10) for w, t, b in parts)
    return RoutingPolicy("acme", 0.0, BUCKETS, rules, RouteTarget("p1", "cheap"))


def _quality_interval(cheap_observations: float) -> dict[str, float]:
    events = make_events(2_000, seed=3)
    events = events[events["workload"] == "bot"].reset_index(drop=True)
    segments = ["bot/chat/short", "bot/chat/long"]
    est = pd.DataFrame(
        [
            {
                "segment": s,
                "model": m,
                "task_type": "chat",
                "quality": q,
                "quality_lo": q - 0.01,
                "quality_hi": q + 0.01,
                "quality_n": n,
            }
            for s in segments
            for m, q, n in (("cheap", 0.80, cheap_observations), ("top", 0.85, 50_000.0))
        ]
    )
    policy = _one_task_policy(segments)
    return compute_replay(events, policy, CANDIDATES, est, window_days=30, seed=2, n_boot=800).totals


def test_the_quality_interval_carries_the_priors_own_error() -> None:
    """Switching to a model never measured here: the interval admits the catalog prior being PRIOR_TRANSFER_SD off."""
    prior, measured = _quality_interval(0.0), _quality_interval(50_000.0)
    half_prior = (prior["quality_change_hi"] - prior["quality_change_lo"]) / 2
    half_measured = (measured["quality_change_hi"] - measured["quality_change_lo"]) / 2
    assert prior["quality_change"] == pytest.approx(measured["quality_change"])  # same point, different certainty
    assert half_prior >= 5 * half_measured, (half_prior, half_measured)
    assert half_prior >= 0.85 * Z95 * PRIOR_TRANSFER_SD > 0
    # A prior 0.1 too high (the cheap model really at 0.70) stays inside the interval.
    assert prior["quality_change_lo"] <= prior["quality_change"] - 0.8 * Z95 * PRIOR_TRANSFER_SD


def test_the_opportunity_table_states_the_policy_as_the_one_figure() -> None:
    savings, _ = savings_for(make_events(500))
    plan_rows = pd.DataFrame(
        {
            "savings_month": [PLAN_SAVINGS, 5.0, 7.0],
            "savings_lo": [1.0, 4.0, 6.0],
            "savings_hi": [2.0, 6.0, 8.0],
            "standalone_month": [PLAN_SAVINGS, 5.5, 7.5],
            "standalone_lo": [1.0, 5.0, 7.0],
            "standalone_hi": [2.0, 6.0, 8.0],
        },
        index=pd.Index(["substitution", "cascade", "batch"], name="kind"),
    )
    rows = compute_opportunity_rows(savings, plan_rows)
    assert list(rows.index) == [POLICY_ROW, "batch"]  # substitution and cascade are the policy: one replayed row
    assert rows.loc[POLICY_ROW, "savings_month"] == savings.month_usd
    assert (rows.loc[POLICY_ROW, "savings_lo"], rows.loc[POLICY_ROW, "savings_hi"]) == (
        savings.month_lo_usd,
        savings.month_hi_usd,
    )
    assert PLAN_SAVINGS not in rows.to_numpy()
    assert rows.loc["batch", "savings_month"] == 7.0
