"""Cached reads for the pages. Every cache key holds the org, so no entry can be served to another org."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from netra_app.recent_results import RecentResults
from netra_core.analytics.agent_costs import AgentCosts, fetch_agent_costs
from netra_core.analytics.breakdowns import fetch_token_stats, fetch_top
from netra_core.analytics.dimensions import fetch_dimension_values, fetch_time_bounds
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.overview import Overview, fetch_overview
from netra_core.analytics.request_log import fetch_trace_costs
from netra_core.analytics.savings import fetch_batchable_spend, fetch_duplicate_share
from netra_core.analytics.semantic_result import SemanticResult
from netra_core.config import get_settings

if TYPE_CHECKING:  # the optimizer loads slowly: only the Optimize page imports it
    from netra_app.optimize_state import OptimizeParams
    from netra_core.catalog.builtin import ModelProfile
    from netra_core.db.optimizer_runs import OptimizerRunInfo
    from netra_core.optimizer.stages import Progress
    from netra_core.routing.opportunity import PerPromptRouting
    from netra_core.services.recommend import Recommendation
    from netra_core.workloads.store import WorkloadStore

TTL_S = 60
SEMANTIC_MAX_SECONDS = 30


def _store() -> WorkloadStore:
    from netra_app.resources import app_store

    return app_store(get_settings())


@st.cache_data(ttl=TTL_S, show_spinner=False)
def org_dimensions(store_url: str, org_id: str) -> tuple[dict[str, list[str]], datetime | None]:
    """Filter options and the last event time of the org."""
    with _store().session() as client:
        return fetch_dimension_values(client, org_id), fetch_time_bounds(client, org_id)[1]


@st.cache_data(ttl=TTL_S, show_spinner=False)
def overview(store_url: str, f: EventFilter, spend_by: str) -> Overview:
    """The overview query set for the filter (f holds the org)."""
    with _store().session() as client:
        return fetch_overview(client, f, spend_by=spend_by)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def cost_source_mix(store_url: str, f: EventFilter) -> str:
    """The line saying where the window's costs come from (f holds the org)."""
    from netra_core.analytics.cost_sources import fetch_cost_source_mix

    with _store().session() as client:
        return fetch_cost_source_mix(client, f).describe()


@st.cache_data(ttl=TTL_S, show_spinner=False)
def latest_reconciliation(org_slug: str) -> str:
    """The line on the org's latest reconciled bill (the weekly report's), '' when none was reconciled lately."""
    from datetime import UTC, datetime

    from netra_app.resources import app_settings
    from netra_core.reports.context import load_reconciliation_note

    return load_reconciliation_note(org_slug, app_settings(), datetime.now(UTC))


@st.cache_data(ttl=TTL_S, show_spinner=False)
def workload_detail(store_url: str, f: EventFilter) -> dict[str, pd.DataFrame]:
    """One workload's drill-down tables (f holds the org and the workload)."""
    with _store().session() as client:
        return {
            "overview": fetch_overview(client, f, spend_by="model"),
            "tokens": fetch_token_stats(client, f, by="model"),
            "duplicates": fetch_duplicate_share(client, f),
            "batchable": fetch_batchable_spend(client, f),
            "users": fetch_top(client, f, by="user", limit=10),
            **dict(zip(("traces", "dearest_traces"), fetch_trace_costs(client, f), strict=True)),
        }


@st.cache_data(ttl=TTL_S, show_spinner=False)
def agent_costs(store_url: str, f: EventFilter) -> AgentCosts:
    """The model calls beneath each agent, tool and chain span of the filter, by name (f holds the org)."""
    with _store().session() as client:
        return fetch_agent_costs(client, f)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def candidate_profiles(org_slug: str) -> list[ModelProfile]:
    """The models the optimizer may choose for the org (catalog prices in effect now, custom models included)."""
    from netra_app.resources import app_sessions
    from netra_core.services.recommend import fetch_priced_candidates

    return list(fetch_priced_candidates(app_sessions(get_settings()), org_slug).models)


@dataclass(frozen=True)
class OptimizerResult:
    """A recommendation and the past run that computed it (the page links a saved policy version to that run)."""

    recommendation: Recommendation
    run: OptimizerRunInfo


@st.cache_resource(show_spinner=False)
def recent_recommendations() -> RecentResults[OptimizerResult]:
    """The last few results, per store, org and parameters, for five minutes (a reload shows them at once)."""
    return RecentResults(size=4, ttl_s=300)


def recommendation(
    store_url: str, org_slug: str, params: OptimizeParams, *, progress: Progress | None = None
) -> Recommendation:
    """The recommendation for the page's constraints, computed now; `progress` hears each stage start."""
    from netra_app.resources import app_sessions
    from netra_core.services.recommend import recommend

    return recommend(params.to_request(org_slug), _store().session, app_sessions(get_settings()), progress=progress)


def optimizer_result(
    store_url: str, org_slug: str, params: OptimizeParams, *, actor: str, progress: Progress | None = None
) -> OptimizerResult:
    """The recent result for these parameters, else a new run by `actor`, kept as one of the org's past runs."""
    from netra_app.resources import app_sessions
    from netra_core.services.optimizer_runs import record_run

    key = (store_url, org_slug, params)
    cache = recent_recommendations()
    if (kept := cache.get(key)) is not None:
        return kept
    started = time.perf_counter()
    rec = recommendation(store_url, org_slug, params, progress=progress)
    seconds = time.perf_counter() - started
    run = record_run(app_sessions(get_settings()), org_slug, rec, params=params.to_dict(), actor=actor, seconds=seconds)
    result = OptimizerResult(rec, run)
    cache.put(key, result)
    return result


@st.cache_data(ttl=600, show_spinner=False)
def per_prompt_routing(store_url: str, org_slug: str) -> list[PerPromptRouting]:
    """Per-prompt routing estimates from the org's eval results (empty when none cover two models)."""
    from netra_core.services.recommend import fetch_per_prompt_routing

    return fetch_per_prompt_routing(_store().session, org_slug)


@st.cache_data(ttl=TTL_S, show_spinner=False)
def semantic(store_url: str, org_id: str, query_json: str, now: datetime, row_limit: int) -> SemanticResult:
    """A semantic query's result for the org (the signed-in user's; the query as JSON so it keys the cache)."""
    from netra_core.analytics.semantic import SemanticQuery
    from netra_core.analytics.semantic_sql import run_semantic_query

    query = SemanticQuery.model_validate_json(query_json)
    with _store().session() as client:
        return run_semantic_query(client, query, org_id, now, row_limit=row_limit, max_seconds=SEMANTIC_MAX_SECONDS)
