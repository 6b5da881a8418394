"""What each analytics tool's result says, in one paragraph: numbers from the result only, names escaped.

Each function is the `describe` of one tool (attached where the tool is built, tools_analytics.py and
tools_query.py); the data-analysis sub-agent writes its answer with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netra_core.agents.answers import count, money, ms, pct, score, signed_pct
from netra_core.agents.asked_groups import NAME_KEYS
from netra_core.agents.tools import ToolResult
from netra_core.analytics.semantic import Bound, Cut
from netra_core.markup import escape_markdown, escape_values

if TYPE_CHECKING:
    from netra_core.agents.triage import Plan

NO_DATA = (
    "There are no events for {scope} in {window}. Load this org's traffic first "
    "(ingest your logs, or generate demo traffic), then ask again."
)


def compute_scope(plan: Plan) -> str:
    """How the answer names the filter ("support-bot on gpt-4o", "all traffic")."""
    parts = []
    for key, label in (("workloads", ""), ("models", "on "), ("providers", "via "), ("task_types", "for ")):
        values = getattr(plan, key)
        if values:
            parts.append(label + ", ".join(escape_markdown(v) for v in values))
    return " ".join(parts) if parts else "all traffic"


def _kpis_text(data: dict[str, Any], scope: str, window: str) -> str:
    """Headline KPIs with change versus the previous window."""
    k = data["kpis"]
    requests = k["requests"]["value"] or 0
    if not requests:
        return NO_DATA.format(scope=scope, window=window)
    spend = k["spend_usd"]
    if spend["change_pct"] is None:
        change = "nothing was spent in the period before to compare with"
    else:
        change = _kpis_change(data, spend)
    text = (
        f"Over {window} ({scope}) you spent {money(spend['value'])} on {count(requests)} requests ({change}). "
        f"Latency p50 {ms(k['latency_p50_ms']['value'])}, p95 {ms(k['latency_p95_ms']['value'])}; "
        f"error rate {pct(k['error_rate']['value'])}"
    )
    if k["mean_quality"]["value"] is not None:
        text += f"; mean quality {score(k['mean_quality']['value'])}"
    return text + "."


# A period before whose data covers less than this share of the current window's covered days is compared per
# covered day; under MIN_COVERED_SHARE of them it is too empty to state a change against at all.
SAME_COVERAGE_SHARE = 0.95
MIN_COVERED_SHARE = 0.5
TOO_LITTLE = "too little to state a change against"


def _kpis_change(data: dict[str, Any], spend: dict[str, Any]) -> str:
    """The spend change versus the period before, aware of how much of each window holds data."""
    plain = f"{signed_pct(spend['change_pct'])} versus the period before, when it was {money(spend['previous'])}"
    return _coverage_note(data, spend) or plain


def _coverage_note(data: dict[str, Any], spend: dict[str, Any]) -> str:
    """When the period before holds data for fewer days than this one: the change per covered day, or (mostly
    empty) that no change is stated; empty when both windows are covered alike."""
    now, before = data.get("coverage"), data.get("previous_coverage")
    if not now or not before or not now.get("covered_days") or spend.get("previous") is None:
        return ""
    covered, covered_before = float(now["covered_days"]), float(before["covered_days"])
    if covered_before >= covered * SAME_COVERAGE_SHARE:
        return ""
    days_before = f"{covered_before:.1f} of its {float(before['window_days']):.1f} days"
    if covered_before < covered * MIN_COVERED_SHARE:
        return f"the period before holds data for only {days_before} ({money(spend['previous'])}), {TOO_LITTLE}"
    per_day, per_day_before = float(spend["value"]) / covered, float(spend["previous"]) / covered_before
    change = (per_day - per_day_before) / per_day_before * 100 if per_day_before else None
    return (
        f"the period before, when it was {money(spend['previous'])}, holds data for only {days_before}: per covered "
        f"day {money(per_day)} against {money(per_day_before)}, {signed_pct(change)}"
    )


# Groups spelled out per direction in the spend-change answer; the table holds all of them.
SPEND_CHANGE_ROWS = 10
# Buckets spelled out in the spend-over-time answer (a month of days); longer series are left to the table.
TREND_BUCKETS = 31


def _bucket_totals(totals: dict[str, Any]) -> str:
    """Each time bucket's spend summed over its groups ("2026-11-10 $1.23; ..."), when there are few enough."""
    if not totals or len(totals) > TREND_BUCKETS:
        return ""
    said = {str(k)[:16].replace("T", " ").removesuffix(" 00:00"): float(v or 0) for k, v in totals.items()}
    return " Per period: " + "; ".join(f"{k} {money(v)}" for k, v in sorted(said.items())) + "."


def _named_shares(data: dict[str, Any], plan: Plan) -> str:
    """The share of the whole of each group the question named ("what share of spend went to gpt-4o"), said first."""
    shares, totals = data.get("shares") or [], data.get("totals") or {}
    dims = (data.get("query") or {}).get("dimensions") or []
    if not shares or not totals or len(dims) != 1:
        return ""
    named = [v for key, d in NAME_KEYS.items() if d.value == dims[0] for v in getattr(plan, key)]
    measure = next(iter(totals))
    filters = (data.get("query") or {}).get("filters") or {}
    scoped = [v for d in NAME_KEYS.values() for v in filters.get(d.value, [])]
    scope = " or ".join(escape_markdown(str(v)) for v in scoped)
    said = []
    label = "the spend" if measure == "spend" else f"the {measure.replace('_', ' ')}"
    if scope:  # "what percent of search-rag calls used gpt-4o-mini": the share of the scope's own total
        label += f" of {scope}"
    for row in shares:
        if row.get(dims[0]) in named and row.get(f"{measure}_share") is not None:
            said.append(f"{escape_markdown(str(row[dims[0]]))}: {pct(row[f'{measure}_share'])} of {label}")
            if plan.share_bound is not None:  # "is gpt-4o more than half of our spend": yes or no, with the fraction
                said[-1] += _share_against(float(row[f"{measure}_share"]), plan.share_bound)
    rows = [r for r in shares if r.get(dims[0]) in named]
    for value in named:
        if scope and not data.get("truncated") and all(r.get(dims[0]) != value for r in shares):
            # "sales-agent's share of gpt-4o-mini tokens" when sales-agent never used it: none, said as such
            said.append(f"{escape_markdown(str(value))}: 0 % of {label} (none in the window)")
    if said and plan.rest and len(rows) == 1 and rows[0].get(f"{measure}_without") is not None:
        # "if we dropped anthropic, what would be left": the whole less the named value (one named: from the evidence)
        left, name = float(rows[0][f"{measure}_without"]), escape_markdown(str(rows[0][dims[0]]))
        figure = money(left) if measure in ("spend", "error_spend", "batch_spend") else count(left)
        said.append(f"without {name}, the rest: {figure} ({pct(1 - float(rows[0][f'{measure}_share']))} of {label})")
    return ("; ".join(said) + ".\n") if said else ""


def _share_against(share: float, cut: Cut) -> str:
    """A share said against the fraction asked (", more than 50.0 % of it: yes")."""
    met = {
        Bound.ABOVE: share > cut.value,
        Bound.AT_LEAST: share >= cut.value,
        Bound.BELOW: share < cut.value,
        Bound.AT_MOST: share <= cut.value,
    }[cut.bound]
    words = {Bound.ABOVE: "more than", Bound.AT_LEAST: "at least", Bound.BELOW: "less than", Bound.AT_MOST: "at most"}
    return f" ({words[cut.bound]} {pct(cut.value)}: {'yes' if met else 'no'})"


def describe_query_metrics(result: ToolResult, plan: Plan) -> str:
    """The semantic query's answer: its own text states the figures, window and coverage (escaped); named groups' shares first."""
    return _named_shares(result.data, plan) + str(result.data.get("answer", ""))


def describe_kpis(result: ToolResult, plan: Plan) -> str:
    """Headline KPIs with the change versus the previous window."""
    data = escape_values(result.data)
    scope, window = compute_scope(plan), plan.window_label
    return _kpis_text(data, scope, window)


def describe_spend_change(result: ToolResult, plan: Plan) -> str:
    """Every group's spend in both windows, increases and decreases alike."""
    data, rows = escape_values(result.data), escape_values(result.table)
    scope, window = compute_scope(plan), plan.window_label
    by = data["by"]
    if not rows:
        return NO_DATA.format(scope=scope, window=window)
    # Every group's spend in both windows (issue #16): increases and decreases alike say "from X to Y".
    ups = sorted([r for r in rows if r["change_usd"] > 0], key=lambda r: -r["change_usd"])
    downs = sorted([r for r in rows if r["change_usd"] < 0], key=lambda r: r["change_usd"])
    same = [r for r in rows if r["change_usd"] == 0]
    spend = data["kpis"]["spend_usd"]
    text = f"Spend ({scope}) over {window} was {money(spend['value'])}, versus {money(spend['previous'])} in the period before"
    uneven = _coverage_note(data, spend)
    if uneven:
        text += f" ({uneven})."
    else:
        text += f" ({signed_pct(spend['change_pct'])})." if spend["change_pct"] is not None else "."
    if uneven.endswith(TOO_LITTLE):  # no change per group against a mostly empty period: each group's spend
        ranked = sorted(rows, key=lambda r: -r["spend_usd"])
        text += f" By {by}: " + "; ".join(f"{r[by]} {money(r['spend_usd'])}" for r in ranked[:SPEND_CHANGE_ROWS])
        return text + (". The table holds the rest." if len(ranked) > SPEND_CHANGE_ROWS else ".")
    if ups:
        text += (
            f" By {by}, increases: "
            + "; ".join(
                f"{r[by]} up {money(r['change_usd'])} (from {money(r['spend_usd_previous'])} to {money(r['spend_usd'])})"
                for r in ups[:SPEND_CHANGE_ROWS]
            )
            + "."
        )
    else:
        text += f" No {by} spent more than before."
    if downs:
        text += (
            " Decreases: "
            + "; ".join(
                f"{r[by]} down {money(abs(r['change_usd']))} (from {money(r['spend_usd_previous'])} to {money(r['spend_usd'])})"
                for r in downs[:SPEND_CHANGE_ROWS]
            )
            + "."
        )
    if same:
        text += " Unchanged: " + "; ".join(f"{r[by]} {money(r['spend_usd'])}" for r in same[:SPEND_CHANGE_ROWS]) + "."
    if len(ups) > SPEND_CHANGE_ROWS or len(downs) > SPEND_CHANGE_ROWS or len(same) > SPEND_CHANGE_ROWS:
        text += " The table holds the rest."
    return text


def describe_spend_over_time(result: ToolResult, plan: Plan) -> str:
    """The total, the biggest group and the dearest period of a spend series."""
    data, rows = escape_values(result.data), escape_values(result.table)
    scope, window = compute_scope(plan), plan.window_label
    if not rows:
        return NO_DATA.format(scope=scope, window=window)
    return (
        f"Spend over {window} ({scope}) totals {money(data['total_spend_usd'])}; {data['top_group']} spent the "
        f"most ({money(data['top_group_spend_usd'])}). The most expensive period started "
        f"{str(data['peak_bucket'])[:16].replace('T', ' ')} with {money(data['peak_spend_usd'])}."
        + (
            f" A mean of {money(data['mean_bucket_spend_usd'])} per period over {data['buckets']} periods."
            if data.get("buckets")
            else ""
        )
        + _bucket_totals(data.get("bucket_spend_usd", {}))
    )


def describe_latency_by_model(result: ToolResult, plan: Plan) -> str:
    """Latency percentiles per model."""
    data, rows = escape_values(result.data), escape_values(result.table)
    scope, window = compute_scope(plan), plan.window_label
    if not rows:
        return NO_DATA.format(scope=scope, window=window)
    slow = sorted(rows, key=lambda r: -(r["latency_p95_ms"] or 0))
    overall = data.get("kpis", {})  # all the window's requests at once, stated before the per-model rows
    head = ""
    if overall.get("latency_p50_ms", {}).get("value") is not None:
        head = (
            f"Overall ({scope}, all models) over {window}: p50 {ms(overall['latency_p50_ms']['value'])}, "
            f"p95 {ms(overall['latency_p95_ms']['value'])}. "
        )
    return head + (
        f"Latency over {window} ({scope}), slowest p95 first: "
        + "; ".join(
            f"{r['model']} p50 {ms(r['latency_p50_ms'])}, p95 {ms(r['latency_p95_ms'])} ({count(r['requests'])} requests)"
            for r in slow[:6]
        )
        + "."
    )


def describe_error_breakdown(result: ToolResult, plan: Plan) -> str:
    """Errors per model and type."""
    data, rows = escape_values(result.data), escape_values(result.table)
    scope, window = compute_scope(plan), plan.window_label
    k = data["kpis"]
    if not k["requests"]["value"]:
        return NO_DATA.format(scope=scope, window=window)
    text = f"Error rate over {window} ({scope}) was {pct(k['error_rate']['value'])} of {count(k['requests']['value'])} requests"
    # the total count stated too ("how many errors"): the window's failed requests, every type and model
    text += f" ({count(data['errors'])} errors in all)." if rows and data.get("errors") else "."
    if rows:
        text += (
            " Most errors: "
            + "; ".join(
                f"{r['model']} {r['error_type'] or 'unknown'}: {count(r['errors'])} ({pct(r['error_share'])} of its requests)"
                for r in rows[:5]
            )
            + "."
        )
        if data.get("errors_by_model"):  # each model's errors over all types; a model not listed had none
            text += (
                " By model: "
                + "; ".join(
                    f"{r['model']} {count(r['errors'])} errors ({pct(r['error_share'])} of its {count(r['requests'])} requests)"
                    for r in data["errors_by_model"]
                )
                + "; every other model had no failed request."
            )
        if data.get("errors_by_type"):  # each error type's count over all models
            shares = data.get("error_type_shares") or {}
            text += (
                " By error type: "
                + "; ".join(
                    f"{k} {count(n)}" + (f" ({pct(shares[k])} of errors)" if k in shares else "")
                    for k, n in data["errors_by_type"].items()
                )
                + "."
            )
    else:
        text += " No request failed."
    return text


def describe_token_stats(result: ToolResult, plan: Plan) -> str:
    """Token statistics per group."""
    data, rows = escape_values(result.data), escape_values(result.table)
    scope, window = compute_scope(plan), plan.window_label
    if not rows:
        return NO_DATA.format(scope=scope, window=window)
    by = data["by"]
    return (
        f"Tokens per request over {window}, by {by}: "
        + "; ".join(
            f"{r[by]} prompt mean {count(r['prompt_mean'])} (p95 {count(r['prompt_p95'])}), completion mean "
            f"{count(r['completion_mean'])} ({count(r['requests'])} requests)"
            for r in rows[:6]
        )
        + "."
    )


def describe_top_spenders(result: ToolResult, plan: Plan) -> str:
    """The biggest spenders."""
    data, rows = escape_values(result.data), escape_values(result.table)
    scope, window = compute_scope(plan), plan.window_label
    if not rows:
        return NO_DATA.format(scope=scope, window=window)
    by = data["by"]
    return (
        f"Top spenders by {by} over {window} ({scope}): "
        + "; ".join(
            f"{r[by] or '(none)'} {money(r['spend_usd'])} ({pct(r['share'])} of spend, {count(r['requests'])} requests)"
            for r in rows[:10]
        )
        + "."
    )


def describe_unit_costs(result: ToolResult, plan: Plan) -> str:
    """Cost per request, per conversation and per user."""
    data = escape_values(result.data)
    scope, window = compute_scope(plan), plan.window_label
    if not data["requests"]:
        return NO_DATA.format(scope=scope, window=window)
    text = (
        f"Over {window} ({scope}): {money(data['spend_usd'])} for {count(data['requests'])} requests, "
        f"{money(data['cost_per_request_usd'])} per request"
    )
    if data["sessions"]:
        text += f", {money(data['cost_per_session_usd'])} per conversation ({count(data['sessions'])} conversations)"
    if data["users"]:
        text += f", {money(data['cost_per_user_usd'])} per user ({count(data['users'])} users)"
    return text + "."


def describe_duplicate_share(result: ToolResult, plan: Plan) -> str:
    """Repeated prompts and what caching them would save."""
    data, rows = escape_values(result.data), escape_values(result.table)
    scope, window = compute_scope(plan), plan.window_label
    if not rows:
        return f"No prompt hashes were recorded for {scope} in {window}, so repeated prompts cannot be measured."
    return (
        (
            f"Repeated prompts over {window} cost {money(data['duplicate_spend_usd'])}, what a response cache could "
            f"have saved. By workload: "
        )
        + "; ".join(
            f"{r['workload']} {pct(r['duplicate_share'])} repeats ({money(r['duplicate_spend_usd'])})" for r in rows[:5]
        )
        + "."
    )


def describe_batchable_spend(result: ToolResult, plan: Plan) -> str:
    """Latency-insensitive spend outside a batch API."""
    data, rows = escape_values(result.data), escape_values(result.table)
    scope, window = compute_scope(plan), plan.window_label
    if not rows:
        return f"No latency-insensitive traffic outside a batch API was found for {scope} in {window}."
    return (
        (f"{money(data['batchable_spend_usd'])} of latency-insensitive spend over {window} did not use a batch API: ")
        + "; ".join(
            f"{r['workload']} on {r['model']} {money(r['spend_usd'])} ({count(r['requests'])} requests)"
            for r in rows[:5]
        )
        + "."
    )
