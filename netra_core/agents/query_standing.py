"""Where a query's figures stand against a whole: spend against a budget, and the top N groups against everything.

Pure: values in, sentences and their evidence out. The query tool adds them to its answer ("how much of our $350
budget is left", "top 2 models by spend and what % of the total they make up together").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from netra_core.agents.query_answer import LABELS, format_measure
from netra_core.analytics.semantic import Measure, SemanticQuery
from netra_core.analytics.semantic_compare import SUMMABLE
from netra_core.analytics.semantic_result import SemanticResult


@dataclass(frozen=True)
class BudgetStanding:
    """Spend against a budget: spent, its share of the budget, what is left (negative: over), the projection."""

    budget: float
    spent: float
    share_used: float
    left: float
    projected: float | None = None


def compute_budget_standing(query: SemanticQuery, result: SemanticResult) -> BudgetStanding | None:
    """The spend of a one-total query against its budget (None without a budget, groups, a series or rows)."""
    budget = query.budget_usd
    if budget is None or Measure.SPEND not in query.measures or query.dimensions or query.grain or not result.rows:
        return None
    row = result.rows[0]
    spent = float(row.get("spend") or 0.0)
    projected = row.get("spend_projected") if result.projection is not None else None
    return BudgetStanding(
        budget=budget,
        spent=spent,
        share_used=spent / budget,
        left=budget - spent,
        projected=float(projected) if projected is not None else None,
    )


def _money(value: float) -> str:
    return format_measure(Measure.SPEND, value)


def describe_budget_standing(standing: BudgetStanding, projected_to: Any = None) -> str:
    """ "Against the budget of $350.00: $204.47 spent, 58.4 % of it; $145.53 of it is left." (and the projection)"""
    money = _money
    left = (
        f"{money(standing.left)} of it is left" if standing.left >= 0 else f"it is exceeded by {money(-standing.left)}"
    )
    text = (
        f"Against the budget of {money(standing.budget)}: {money(standing.spent)} spent, "
        f"{100 * standing.share_used:.1f} % of it; {left}."
    )
    if standing.projected is not None:
        over = standing.projected - standing.budget
        when = f" by {pd.Timestamp(projected_to):%Y-%m-%d %H:%M}" if projected_to is not None else ""
        side = "over" if over > 0 else "under"
        text += f" At this run rate the total reaches {money(standing.projected)}{when}: {money(abs(over))} {side} it."
    return text


def is_top_share_asked(query: SemanticQuery, result: SemanticResult) -> bool:
    """Whether the result is the top N groups of one dimension with a measure that sums (one whose share of the whole
    means something), and has rows."""
    return bool(
        query.top_n
        and len(query.dimensions) == 1
        and query.grain is None
        and any(m in SUMMABLE for m in query.measures)
        and result.rows
    )


def compute_top_share(query: SemanticQuery, result: SemanticResult, whole: SemanticResult) -> dict[str, Any]:
    """The top N rows of a one-dimension query against the whole scope (`whole`: the same query with no grouping):
    per summable measure, the whole's total, each row's share and the N rows' sum and share together."""
    if not is_top_share_asked(query, result) or not whole.rows:
        return {}
    dimension = query.dimensions[0].value
    out: dict[str, Any] = {}
    for m in (m for m in query.measures if m in SUMMABLE):
        raw_total = whole.rows[0].get(m.value)
        raw = [r.get(m.value) for r in result.rows]
        if raw_total is None or any(v is None for v in raw) or float(raw_total) <= 0:
            continue
        total = float(raw_total)
        values = [float(v) for v in raw if v is not None]
        together = sum(values)
        out[m.value] = {
            "total": total,
            "shares": {str(r[dimension]): v / total for r, v in zip(result.rows, values, strict=True)},
            "together": together,
            "together_share": together / total,
        }
    return out


def describe_top_share(query: SemanticQuery, shares: dict[str, Any]) -> str:
    """ "Of the total spend $204.47: gpt-4o 58.5 %, claude-3-5-sonnet 33.6 %; the top 2 together $188.37, 92.1 %." """
    parts = []
    for name, figures in shares.items():
        m = Measure(name)
        each = ", ".join(f"{k} {100 * v:.1f} %" for k, v in figures["shares"].items())
        parts.append(
            f"Of the total {LABELS[m]} {format_measure(m, figures['total'])}: {each}; the top {query.top_n} together "
            f"{format_measure(m, figures['together'])}, {100 * figures['together_share']:.1f} % of it."
        )
    return " ".join(parts)
