"""THE savings figure: one replayed saving, computed once, read by the page, the exports, the CLI and the assistant.

The figure is the counterfactual replay (replay.py): each of the org's own requests in the window priced under the
policy at today's catalog prices, against what it cost. It is stated as the saving over the window in dollars, its
share of the window's spend, and a 30-day run-rate with its bootstrap interval. Per segment the same replay is summed,
so the rows add up to the headline exactly. The solver's plan (per-segment means x prices) is a diagnostic only.

Quality risk travels with the figure: substitutions whose target model has no measured quality in the org's own
traffic or evals (priced on the catalog's priors alone) are flagged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from netra_core.optimizer.policy import RouteRule, RoutingPolicy
from netra_core.optimizer.replay import ReplayResult
from netra_core.optimizer.segments import DAYS_PER_MONTH
from netra_core.optimizer.solver import PolicySolution

PRIOR_SOURCE = "prior"


@dataclass(frozen=True)
class Savings:
    """The replayed saving of a policy over the window, its run-rate and interval, per segment, and its definition."""

    window_usd: float
    window_spend_usd: float
    share: float
    month_usd: float
    month_lo_usd: float
    month_hi_usd: float
    level: float
    events: int
    window_days: float
    definition: str
    by_segment: pd.DataFrame
    prior_only: tuple[str, ...]
    plan_month_usd: float

    @property
    def current_month_usd(self) -> float:
        """Today's spend as a 30-day run-rate."""
        return self.window_spend_usd * DAYS_PER_MONTH / self.window_days

    @property
    def policy_month_usd(self) -> float:
        """The replayed spend under the policy as a 30-day run-rate (today's minus the saving)."""
        return self.current_month_usd - self.month_usd

    def as_dict(self) -> dict[str, Any]:
        """The figure as plain JSON-safe values (what the exports and the assistant carry)."""
        return {
            "savings_window_usd": _num(self.window_usd),
            "window_spend_usd": _num(self.window_spend_usd),
            "savings_share": _num(self.share),
            "savings_month": _num(self.month_usd),
            "savings_month_lo": _num(self.month_lo_usd),
            "savings_month_hi": _num(self.month_hi_usd),
            "current_cost_month": _num(self.current_month_usd),
            "policy_cost_month": _num(self.policy_month_usd),
            "interval_level": _num(self.level),
            "events": self.events,
            "window_days": _num(self.window_days),
            "definition": self.definition,
            "prior_only_targets": list(self.prior_only),
            "plan_savings_month_diagnostic": _num(self.plan_month_usd),
        }


def _num(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else float(value)


def compute_window_phrase(window_days: float, start: datetime | None, end: datetime | None) -> str:
    """'2026-10-02 to 2026-11-01' when the window's ends are known, else 'the last 30 days'."""
    if start is not None and end is not None:
        return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
    return f"the last {window_days:g} days"


def compute_definition(events: int, window_phrase: str) -> str:
    """The one-line definition shown next to the figure."""
    return (
        f"Replayed on your own {events:,} requests of {window_phrase}: what these requests would have cost under the "
        "policy, priced as today's catalog prices them, against what they cost."
    )


def compute_prior_only_targets(policy: RoutingPolicy, estimates: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per segment: the models the policy sends it to that have no measured quality there (catalog prior only).

    A model serving the segment today is measured by definition of the replay, so it is never flagged.
    """
    if "quality_source" not in estimates:
        return {}
    est = estimates.set_index(["segment", "model"])
    source = est["quality_source"]
    serving = est["observed_requests"] if "observed_requests" in est else pd.Series(0.0, index=est.index)
    out: dict[str, tuple[str, ...]] = {}
    for rule in policy.rules:
        segment = f"{rule.workload}/{rule.task_type}/{rule.bucket}"
        models = [t.model for t in rule.targets]
        if rule.cascade is not None:
            models += [rule.cascade.cheap_model, rule.cascade.strong_model]
        flagged = tuple(
            dict.fromkeys(
                m
                for m in models
                if source.get((segment, m)) == PRIOR_SOURCE and float(serving.get((segment, m), 0.0)) <= 0
            )
        )
        if flagged:
            out[segment] = flagged
    return out


def _targets_text(rule: RouteRule) -> str:
    if rule.cascade is not None:
        c = rule.cascade
        return f"{c.cheap_model} escalating to {c.strong_model} ({c.escalation_rate:.0%})"
    if len(rule.targets) == 1:
        return rule.targets[0].model
    return " + ".join(f"{t.model} ({t.share:.0%})" for t in rule.targets)


def _money(value: float) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.0f}" if abs(value) >= 10 else f"{sign}${abs(value):,.2f}"


def compute_segment_line(row: dict[str, Any]) -> str:
    """One row a user reads, with the replayed saving: 'wl/chat/short: gpt-4o -> gpt-4o-mini, quality .., saves ..'."""
    q_before, q_after = row["quality_before"], row["quality_after"]
    quality = f"quality {q_before:.2f} -> {q_after:.2f}" if not pd.isna(q_before) else f"quality {q_after:.2f}"
    saving = float(row["savings_month"])
    verb = f"saves {_money(saving)}/month" if saving >= 0 else f"costs {_money(-saving)}/month more"
    move = f"keep {row['current']}" if not row["is_switched"] else f"{row['current']} -> {row['target']}"
    line = f"{row['segment']}: {move}, {quality}, {verb}"
    if row["prior_only"]:
        line += f" [quality of {', '.join(row['prior_only'])} not measured in your traffic: catalog prior]"
    return line


def compute_savings(
    replay: ReplayResult,
    solution: PolicySolution,
    policy: RoutingPolicy,
    estimates: pd.DataFrame,
    *,
    window_days: float,
    window_start: datetime | None = None,
    window_end: datetime | None = None,
    level: float = 0.95,
) -> Savings:
    """THE savings of a policy, from its replay: window dollars, share, run-rate with interval, rows per segment."""
    ev = replay.events
    n = ev["n"].to_numpy(dtype="float64") if "n" in ev else np.ones(len(ev))
    scale = DAYS_PER_MONTH / window_days
    spend = float(ev["cost_usd"].sum()) if len(ev) else 0.0
    saved = float(ev["savings"].sum()) if len(ev) else 0.0
    totals = replay.totals
    prior = compute_prior_only_targets(policy, estimates)
    rules = {f"{r.workload}/{r.task_type}/{r.bucket}": r for r in policy.rules}
    plan = solution.segments.set_index("segment")
    frame = pd.DataFrame(
        {
            "segment": ev["segment"].astype(str).to_numpy() if len(ev) else [],
            "events": n,
            "spend": ev["cost_usd"].to_numpy(dtype="float64") if len(ev) else [],
            "saved": ev["savings"].to_numpy(dtype="float64") if len(ev) else [],
        }
    )
    sums = frame.groupby("segment", sort=True)[["events", "spend", "saved"]].sum()
    rows = []
    for segment, s in sums.iterrows():
        rule = rules.get(str(segment))
        current = str(plan["current_mix"].get(segment) or plan["current_model"].get(segment) or "unknown")
        target = _targets_text(rule) if rule is not None else policy.default.model
        rows.append(
            {
                "segment": str(segment),
                "workload": str(segment).split("/")[0],
                "events": round(float(s["events"])),
                "current": current,
                "target": target,
                "is_switched": target != current,
                "quality_before": float(plan["current_quality"].get(segment, np.nan)),
                "quality_after": float(plan["policy_quality"].get(segment, np.nan)),
                "spend_window": float(s["spend"]),
                "savings_window": float(s["saved"]),
                "savings_month": float(s["saved"]) * scale,
                "prior_only": prior.get(str(segment), ()),
            }
        )
    by_segment = pd.DataFrame(
        rows,
        columns=[
            "segment",
            "workload",
            "events",
            "current",
            "target",
            "is_switched",
            "quality_before",
            "quality_after",
            "spend_window",
            "savings_window",
            "savings_month",
            "prior_only",
        ],
    )
    if not by_segment.empty:
        by_segment = by_segment.sort_values("savings_month", ascending=False, kind="stable").reset_index(drop=True)
        by_segment["line"] = [compute_segment_line(r) for r in by_segment.to_dict("records")]
    else:
        by_segment["line"] = pd.Series(dtype=object)
    events = round(float(n.sum()))
    return Savings(
        window_usd=saved,
        window_spend_usd=spend,
        share=saved / spend if spend else 0.0,
        month_usd=saved * scale,
        month_lo_usd=float(totals.get("savings_month_lo", saved * scale)),
        month_hi_usd=float(totals.get("savings_month_hi", saved * scale)),
        level=level,
        events=events,
        window_days=window_days,
        definition=compute_definition(events, compute_window_phrase(window_days, window_start, window_end)),
        by_segment=by_segment,
        prior_only=tuple(f"{seg} -> {', '.join(models)}" for seg, models in sorted(prior.items())),
        plan_month_usd=float(solution.totals.get("savings_month", np.nan)),
    )


def compute_policy_with_savings(policy: RoutingPolicy, savings: Savings) -> RoutingPolicy:
    """The policy carrying THE figure: its summary is the savings, each rule's reason the replayed line."""
    lines = dict(zip(savings.by_segment["segment"], savings.by_segment["line"], strict=True))
    prior = dict(zip(savings.by_segment["segment"], savings.by_segment["prior_only"], strict=True))
    rules = tuple(
        replace(
            rule,
            # A rule with no request in the window has no replayed saving, so it states none (not the plan's).
            reason=lines.get(key, f"{key}: no requests in the window to replay"),
            prior_only_models=tuple(prior.get(key, ())),
        )
        for rule in policy.rules
        for key in (f"{rule.workload}/{rule.task_type}/{rule.bucket}",)
    )
    summary = {
        **{k: v for k, v in policy.summary.items() if k in {"current_quality", "policy_quality", "quality_floor"}},
        **savings.as_dict(),
    }
    return replace(policy, rules=rules, summary=summary)


POLICY_KINDS = ("substitution", "cascade")  # what the routing policy itself does: the replay prices these
POLICY_ROW = "routing policy (replayed)"


def compute_opportunity_rows(savings: Savings, opportunity_summary: pd.DataFrame) -> pd.DataFrame:
    """Opportunities per kind with the policy's own kinds replaced by THE figure.

    Substitution and cascades are what the policy routes, so the one row for them is the replayed saving (the
    headline), not the solver's plan. The other kinds (response cache, prompt cache, batch) are beyond the policy and
    keep their own estimates.
    """
    columns = ["savings_month", "savings_lo", "savings_hi", "standalone_month", "standalone_lo", "standalone_hi"]
    policy = pd.DataFrame(
        [[savings.month_usd, savings.month_lo_usd, savings.month_hi_usd] * 2], columns=columns, index=[POLICY_ROW]
    )
    beyond = opportunity_summary.drop(index=[k for k in POLICY_KINDS if k in opportunity_summary.index])
    out = pd.concat([policy, beyond[columns]])
    out.index.name = "kind"
    return out
