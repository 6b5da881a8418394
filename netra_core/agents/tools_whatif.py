"""What-if tools: one model's or workload's traffic over a window repriced at another model's prices.

Prices come from the org's price book (the synced catalog with the operator's and the org's own overrides, or the
built-in table before a sync), at the target's price in effect now: prompt tokens at the input price, cached prompt
tokens at the cached-input price, completions at the output price, batch requests with the batch discount. Quality
and latency on the target are estimates and say what they rest on: the org's eval results, else the target's own
observed traffic of the same task types, else the catalog prior (quality) or profile (latency).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from pydantic import Field

from netra_core.agents.tools import Tool, ToolContext, ToolResult, WindowArgs, compute_json_value, compute_records
from netra_core.catalog.builtin import BUILTIN_MODELS
from netra_core.catalog.pricing import PriceBook, PriceRow, make_builtin_price_book
from netra_core.errors import ToolArgumentsError
from netra_core.optimizer.estimates import MIN_LATENCY_OBSERVATIONS, P95_MULTIPLIER
from netra_core.workloads.store import query_df

AGENT = "whatif"
# For a catalog model without a latency profile (the optimizer's documented defaults).
DEFAULT_TTFT_MS = 500.0
DEFAULT_OUTPUT_TPS = 80.0

TRAFFIC_SQL = """
SELECT provider, model, task_type, is_batch,
       count() AS n_requests,
       sum(toUInt64(prompt_tokens)) AS n_prompt,
       sum(toUInt64(least(cached_tokens, prompt_tokens))) AS n_cached,
       sum(toUInt64(completion_tokens)) AS n_completion,
       sum(cost_usd) AS spend,
       sumIf(toFloat64(assumeNotNull(quality)), quality IS NOT NULL) AS quality_sum,
       countIf(quality IS NOT NULL) AS quality_n
FROM workload_events FINAL
WHERE {where}
GROUP BY provider, model, task_type, is_batch
"""
# Aliases differ from the columns they sum (ClickHouse would read a same-named alias inside the aggregate).
TRAFFIC_COLUMNS = {
    "n_requests": "requests",
    "n_prompt": "prompt_tokens",
    "n_cached": "cached_tokens",
    "n_completion": "completion_tokens",
    "spend": "cost_usd",
}
P95_SQL = "SELECT quantile(0.95)(latency_ms), count() FROM workload_events FINAL WHERE {where}"
EVAL_SQL = """
SELECT avg(score), count() FROM eval_results FINAL
WHERE org_id = {org:String} AND model = {model:String} AND task_type IN {task_types:Array(String)}
  AND NOT startsWith(dataset, 'gateway_')
"""


class RepriceArgs(WindowArgs):
    target_model: str = Field(min_length=1, max_length=200, description="Catalog model whose prices to apply")
    target_provider: str = Field(default="", max_length=100, description="Its provider (default: the model's owner)")


def fetch_org_price_book(ctx: ToolContext) -> PriceBook:
    """The org's price book: catalog and overrides; the built-in table when the catalog was never synced."""
    from netra_core.db.catalog import fetch_price_book

    if ctx.session_factory is not None:
        with ctx.session_factory() as session:
            book = fetch_price_book(session, ctx.auth.org_pk)
        if book.rows:
            return book
    return make_builtin_price_book()


def _fetch_profile(ctx: ToolContext, provider: str, model: str) -> dict[str, Any]:
    """The target's latency profile and quality priors (catalog row, else the built-in profile)."""
    for m in BUILTIN_MODELS:
        if (m.provider, m.model) == (provider, model):
            profile: dict[str, Any] = {
                "ttft_ms": m.ttft_ms,
                "output_tokens_per_s": m.output_tokens_per_s,
                "quality": dict(m.quality),
            }
            break
    else:
        profile = {"ttft_ms": None, "output_tokens_per_s": None, "quality": {}}
    if ctx.session_factory is not None:
        from netra_core.db.catalog import fetch_supply_model
        from netra_core.errors import NotFoundError

        with ctx.session_factory() as session:
            try:
                row = fetch_supply_model(session, provider, model, ctx.auth.org_pk)
            except NotFoundError:
                return profile
            if row.ttft_ms is not None:
                profile["ttft_ms"], profile["output_tokens_per_s"] = row.ttft_ms, row.output_tokens_per_s
            if row.quality:
                profile["quality"] = dict(row.quality)
    return profile


def compute_target_pair(book: PriceBook, model: str, provider: str = "") -> tuple[str, str]:
    """The (provider, model) a target name means: as given, else Netra's built-in provider, else the model's owner."""
    pairs = sorted(p for p in book.models() if p[1] == model)
    if provider:
        if (provider, model) not in pairs:
            raise ToolArgumentsError(f"target_provider: {provider}/{model} has no price in the org's price book")
        return provider, model
    if not pairs:
        raise ToolArgumentsError(f"target_model: {model!r} has no price in the org's price book")
    builtin = {(m.provider, m.model) for m in BUILTIN_MODELS}
    owner = book.compute_model_owners().get(model)
    for pair in pairs:
        if pair in builtin:
            return pair
    return (owner, model) if owner else pairs[0]


def compute_repriced_cost(traffic: pd.DataFrame, price: PriceRow) -> pd.Series:
    """Each traffic row's tokens at one price: cached prompt tokens at the cached price, batch rows discounted."""
    cached_price = price.input_per_mtok if price.cached_input_per_mtok is None else price.cached_input_per_mtok
    discount = price.batch_discount or 0.0
    uncached = traffic["prompt_tokens"].astype("float64") - traffic["cached_tokens"].astype("float64")
    cost = (
        uncached * price.input_per_mtok
        + traffic["cached_tokens"].astype("float64") * cached_price
        + traffic["completion_tokens"].astype("float64") * price.output_per_mtok
    ) / 1e6
    return cost.where(traffic["is_batch"].astype(int) == 0, cost * (1 - discount))


def compute_prior(quality: dict[str, Any], weights: dict[str, float]) -> float | None:
    """A request-weighted catalog prior over the traffic's task types (dict priors from a synced catalog too)."""
    from netra_core.agents.tools_catalog import compute_prior_mean

    total = weighted = 0.0
    for task, w in weights.items():
        prior = compute_prior_mean(quality.get(task))
        if prior is not None:
            weighted += w * prior
            total += w
    return weighted / total if total else None


def reprice_traffic(ctx: ToolContext, args: RepriceArgs) -> ToolResult:
    """The window's traffic (filtered) at the target model's prices, versus what it cost, with quality and latency
    estimates on the target."""
    book = fetch_org_price_book(ctx)
    provider, model = compute_target_pair(book, args.target_model, args.target_provider)
    price = book.price_at(provider, model, ctx.now)
    if price is None:
        raise ToolArgumentsError(f"target_model: {provider}/{model} has no price in effect now")
    f = args.to_filter(ctx)
    where, params = f.where()
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        traffic = query_df(client, TRAFFIC_SQL.format(where=where), params).rename(columns=TRAFFIC_COLUMNS)
        current_p95 = client.query(P95_SQL.format(where=where), parameters=params).result_rows[0]
        task_types = sorted(traffic["task_type"].unique()) if len(traffic) else []
        target_f = args.model_copy(
            update={"models": [model], "providers": [provider], "workloads": [], "task_types": task_types}
        ).to_filter(ctx)
        t_where, t_params = target_f.where("t_")
        target_p95 = client.query(P95_SQL.format(where=t_where), parameters=t_params).result_rows[0]
        evals = client.query(
            EVAL_SQL, parameters={"org": ctx.auth.org_slug, "model": model, "task_types": task_types}
        ).result_rows[0]
        target_traffic = query_df(client, TRAFFIC_SQL.format(where=t_where), t_params) if task_types else traffic[:0]
    data: dict[str, Any] = {
        "window": {
            "start": f.start.isoformat(),
            "end": f.end.isoformat(),
            "days": round(f.span.total_seconds() / 86400, 6),
        },
        "scope": {
            "workloads": list(f.workloads),
            "models": list(f.models),
            "providers": list(f.providers),
            "task_types": list(f.task_types),
        },
        "target_provider": provider,
        "target_model": model,
        "input_per_mtok": price.input_per_mtok,
        "output_per_mtok": price.output_per_mtok,
        "cached_input_per_mtok": price.cached_input_per_mtok,
        "batch_discount": price.batch_discount,
        "price_source": price.source or book.source,
        "requests": int(traffic["requests"].sum()) if len(traffic) else 0,
    }
    if not data["requests"]:
        return ToolResult(data=data, sql=[r.as_dict() for r in ctx.sql_log[since:]])
    traffic["repriced_cost_usd"] = compute_repriced_cost(traffic, price)
    current, repriced = float(traffic["cost_usd"].sum()), float(traffic["repriced_cost_usd"].sum())
    quality_n = float(traffic["quality_n"].sum())
    weights = traffic.groupby("task_type")["requests"].sum().astype("float64").to_dict()
    profile = _fetch_profile(ctx, provider, model)
    completion_mean = float(traffic["completion_tokens"].sum()) / data["requests"]
    data.update(
        {
            "prompt_tokens": int(traffic["prompt_tokens"].sum()),
            "cached_tokens": int(traffic["cached_tokens"].sum()),
            "completion_tokens": int(traffic["completion_tokens"].sum()),
            "batch_requests": int(traffic.loc[traffic["is_batch"].astype(int) == 1, "requests"].sum()),
            "current_cost_usd": current,
            "repriced_cost_usd": repriced,
            "change_usd": repriced - current,
            "change_pct": (repriced - current) / current if current else None,
            "current_quality": float(traffic["quality_sum"].sum()) / quality_n if quality_n else None,
            "current_p95_ms": compute_json_value(current_p95[0]) if current_p95[1] else None,
            "task_types": task_types,
        }
    )
    data.update(_quality_estimate(evals, target_traffic, profile, weights))
    data.update(_latency_estimate(target_p95, profile, completion_mean))
    by_model = traffic.groupby(["provider", "model"], as_index=False)[
        ["requests", "prompt_tokens", "cached_tokens", "completion_tokens", "cost_usd", "repriced_cost_usd"]
    ].sum()
    by_model = by_model.sort_values("cost_usd", ascending=False).reset_index(drop=True)
    return ToolResult(
        data=data,
        table=compute_records(by_model),
        chart={"type": "bar", "x": "model", "y": ["cost_usd", "repriced_cost_usd"]},
        sql=[r.as_dict() for r in ctx.sql_log[since:]],
    )


def _quality_estimate(
    evals: Sequence[Any], target: pd.DataFrame, profile: dict[str, Any], weights: dict[str, float]
) -> dict[str, Any]:
    """The target's expected quality on this traffic and what it rests on."""
    if evals[1]:
        return {"target_quality": float(evals[0]), "quality_basis": "eval_results", "quality_n": int(evals[1])}
    n = float(target["quality_n"].sum()) if len(target) else 0.0
    if n:
        return {
            "target_quality": float(target["quality_sum"].sum()) / n,
            "quality_basis": "observed",
            "quality_n": int(n),
        }
    prior = compute_prior(profile.get("quality") or {}, weights)
    return {"target_quality": prior, "quality_basis": "catalog prior" if prior is not None else "none", "quality_n": 0}


def _latency_estimate(target_p95: Sequence[Any], profile: dict[str, Any], completion_mean: float) -> dict[str, Any]:
    """The target's p95 latency on this traffic and what it rests on (observed, else the profile formula)."""
    if target_p95[1] >= MIN_LATENCY_OBSERVATIONS:
        return {
            "target_p95_ms": compute_json_value(target_p95[0]),
            "latency_basis": "observed",
            "latency_n": int(target_p95[1]),
        }
    ttft = profile.get("ttft_ms") or DEFAULT_TTFT_MS
    tps = profile.get("output_tokens_per_s") or DEFAULT_OUTPUT_TPS
    p95 = P95_MULTIPLIER * (ttft + completion_mean / tps * 1000.0)
    return {"target_p95_ms": p95, "latency_basis": "profile", "latency_n": int(target_p95[1])}


def make_whatif_tools() -> list[Tool]:
    """The what-if tools (read-only)."""
    return [
        Tool(
            "reprice_traffic",
            "A model's or workload's traffic over a window repriced at another model's prices (org price book), "
            "with estimated quality and p95 latency on that model.",
            RepriceArgs,
            reprice_traffic,
            AGENT,
        ),
    ]
