"""Catalog tools: model prices, side-by-side comparisons, what a model would cost on the org's own traffic."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import Field

from netra_core.agents.describe_catalog import describe_catalog, describe_model_comparison, describe_set_model_price
from netra_core.agents.tools import (
    Tool,
    ToolArgs,
    ToolContext,
    ToolResult,
    WindowArgs,
    compute_json_value,
    compute_records,
    compute_window,
)
from netra_core.analytics.breakdowns import fetch_token_stats, fetch_top
from netra_core.catalog.builtin import BUILTIN_MODELS, PRICE_SOURCE
from netra_core.db.catalog import fetch_catalog, save_price_override
from netra_core.errors import ToolArgumentsError
from netra_core.roles import Role

AGENT = "catalog"
CATALOG_COLUMNS = [
    "provider",
    "model",
    "input_per_mtok",
    "output_per_mtok",
    "cached_input_per_mtok",
    "batch_discount",
    "context_window",
    "price_source",
]


class CatalogArgs(ToolArgs):
    models: list[str] = Field(default_factory=list, max_length=20, description="Exact model names")
    provider: str = ""
    task_type: str = Field(default="", description="Show the quality prior for this task type")


class CompareArgs(WindowArgs):
    candidates: list[str] = Field(min_length=1, max_length=8, description="Catalog model names to compare")
    task_type_prior: str = Field(default="", description="Task type for the quality prior")


class SetPriceArgs(ToolArgs):
    model: str = Field(min_length=1)
    input_per_mtok: float = Field(ge=0, le=10_000)
    output_per_mtok: float = Field(ge=0, le=10_000)


def fetch_catalog_frame(ctx: ToolContext) -> pd.DataFrame:
    """The org's catalog from the app database; the built-in table when it was never synced."""
    frame = pd.DataFrame()
    if ctx.session_factory is not None:
        with ctx.session_factory() as session:
            frame = fetch_catalog(session, ctx.auth.org_pk)
    if len(frame):
        return frame
    return pd.DataFrame(
        [
            {
                "provider": m.provider,
                "model": m.model,
                "input_per_mtok": m.input_per_mtok,
                "output_per_mtok": m.output_per_mtok,
                "cached_input_per_mtok": m.cached_input_per_mtok,
                "batch_discount": m.batch_discount,
                "context_window": m.context_window,
                "price_source": f"built-in ({PRICE_SOURCE})",
                "quality": m.quality,
            }
            for m in BUILTIN_MODELS
        ]
    )


def _select(frame: pd.DataFrame, models: list[str]) -> pd.DataFrame:
    """The named models' rows, one per model: a synced catalog sells some under several providers (a reseller)."""
    missing = sorted(set(models) - set(frame["model"]))
    if missing:
        known = sorted(set(frame["model"]))
        shown = ", ".join(known[:40]) + (f" and {len(known) - 40} more" if len(known) > 40 else "")
        raise ToolArgumentsError(f"models: {', '.join(missing)} not in the catalog; known: {shown}")
    rows = frame[frame["model"].isin(models)]
    return rows.loc[[_preferred_row(rows[rows["model"] == m]) for m in dict.fromkeys(models)]]


def _preferred_row(rows: pd.DataFrame) -> Any:
    """The row a model name means: the org's own (custom) model, else Netra's built-in provider, else the first."""
    if "is_custom" in rows and rows["is_custom"].fillna(False).astype(bool).any():
        return rows[rows["is_custom"].fillna(False).astype(bool)].index[0]
    builtin = {(m.provider, m.model) for m in BUILTIN_MODELS}
    for index, row in rows.iterrows():
        if (row["provider"], row["model"]) in builtin:
            return index
    return rows.index[0]


def compute_prior_mean(value: Any) -> float | None:
    """A quality prior as one number: the built-in table stores a float, a synced catalog {"mean": ..., "source": ...}."""
    if isinstance(value, dict):
        value = value.get("mean")
    if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
        return float(value)
    return None


def _with_prior(frame: pd.DataFrame, task_type: str) -> pd.DataFrame:
    out = frame[[c for c in CATALOG_COLUMNS if c in frame]].copy()
    if task_type:
        out["quality_prior"] = [
            compute_prior_mean(q.get(task_type)) if isinstance(q, dict) else None
            for q in frame.get("quality", [None] * len(frame))
        ]
    return out


def get_catalog(ctx: ToolContext, args: CatalogArgs) -> ToolResult:
    """Prices (USD per million tokens) of the named models, or of every model (of a provider)."""
    frame = fetch_catalog_frame(ctx)
    if args.models:
        frame = _select(frame, args.models)
    if args.provider:
        frame = frame[frame["provider"] == args.provider]
    out = _with_prior(frame, args.task_type).sort_values(["input_per_mtok", "model"]).reset_index(drop=True)
    data: dict[str, Any] = {"models": len(out), "task_type": args.task_type}
    if len(out):
        data["cheapest_model"] = str(out.iloc[0]["model"])
    return ToolResult(data=data, table=compute_records(out))


def compute_traffic_cost(tokens: pd.DataFrame, prices: pd.DataFrame) -> pd.DataFrame:
    """What the window's prompt and completion tokens would cost at each model's list price."""
    prompt = float((tokens["prompt_mean"] * tokens["requests"]).sum()) if len(tokens) else 0.0
    completion = float((tokens["completion_mean"] * tokens["requests"]).sum()) if len(tokens) else 0.0
    out = prices[["provider", "model", "input_per_mtok", "output_per_mtok"]].copy()
    out["prompt_tokens"] = prompt
    out["completion_tokens"] = completion
    out["cost_usd"] = (prompt * out["input_per_mtok"] + completion * out["output_per_mtok"]) / 1e6
    return out.sort_values(["cost_usd", "model"]).reset_index(drop=True)


def get_model_comparison(ctx: ToolContext, args: CompareArgs) -> ToolResult:
    """Prices, quality priors and the cost of this window's traffic on each candidate, versus actual spend."""
    catalog = _select(fetch_catalog_frame(ctx), args.candidates)
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        try:
            tokens = fetch_token_stats(client, f, by="workload")
        except KeyError:  # no events in the window: the analytics post-processing finds no columns
            tokens = pd.DataFrame(columns=["requests", "prompt_mean", "completion_mean"])
        actual = fetch_top(client, f, by="workload", limit=100)
    costs = compute_traffic_cost(tokens, catalog)
    prior = _with_prior(catalog, args.task_type_prior)
    if "quality_prior" in prior:
        costs = costs.merge(prior[["model", "quality_prior"]], on="model", how="left")
    data = {
        "window": compute_window(f),
        "requests": int(tokens["requests"].sum()) if len(tokens) else 0,
        "actual_spend_usd": compute_json_value(float(actual["spend_usd"].sum())) if len(actual) else 0.0,
        "task_type": args.task_type_prior,
    }
    return ToolResult(
        data=data,
        table=compute_records(costs),
        chart={"type": "bar", "x": "model", "y": "cost_usd"},
        sql=[r.as_dict() for r in ctx.sql_log[since:]],
    )


def set_model_price(ctx: ToolContext, args: SetPriceArgs) -> ToolResult:
    """Change the org's own price of a model from now on (admins only; other orgs keep theirs; history is kept)."""
    assert ctx.session_factory is not None
    catalog = _select(fetch_catalog_frame(ctx), [args.model])
    provider = str(catalog.iloc[0]["provider"])
    with ctx.session_factory.begin() as session:
        save_price_override(
            session,
            provider=provider,
            model=args.model,
            input_per_mtok=args.input_per_mtok,
            output_per_mtok=args.output_per_mtok,
            actor=ctx.auth.username,
            org_id=ctx.auth.org_pk,
        )
    return ToolResult(
        data={
            "provider": provider,
            "model": args.model,
            "input_per_mtok": args.input_per_mtok,
            "output_per_mtok": args.output_per_mtok,
        }
    )


def make_catalog_tools() -> list[Tool]:
    """The catalog sub-agent's tools."""
    return [
        Tool(
            "get_catalog",
            "Model prices (USD per million tokens) and quality priors.",
            CatalogArgs,
            get_catalog,
            AGENT,
            describe=describe_catalog,
        ),
        Tool(
            "get_model_comparison",
            "Compare models on price, quality prior and cost on this org's traffic.",
            CompareArgs,
            get_model_comparison,
            AGENT,
            describe=describe_model_comparison,
        ),
        Tool(
            "set_model_price",
            "Change this org's price of a model from now on (other orgs keep the catalog price).",
            SetPriceArgs,
            set_model_price,
            AGENT,
            min_role=Role.ADMIN,
            changes_data=True,
            describe=describe_set_model_price,
        ),
    ]
