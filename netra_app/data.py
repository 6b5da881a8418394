"""Cached reads for the pages. Every cache key holds the org, so no entry can be served to another org."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from netra_core.analytics.breakdowns import fetch_token_stats, fetch_top
from netra_core.analytics.dimensions import fetch_dimension_values, fetch_time_bounds
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.overview import Overview, fetch_overview
from netra_core.analytics.request_log import fetch_trace_costs
from netra_core.analytics.savings import fetch_batchable_spend, fetch_duplicate_share
from netra_core.analytics.semantic_result import SemanticResult
from netra_core.config import get_settings

if TYPE_CHECKING:
    from netra_core.catalog.builtin import ModelProfile
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
def candidate_profiles(org_slug: str) -> list[ModelProfile]:
    """The models the optimizer may choose for the org (catalog prices in effect now, custom models included)."""
    from netra_app.resources import app_sessions
    from netra_core.services.recommend import fetch_priced_candidates

    return list(fetch_priced_candidates(app_sessions(get_settings()), org_slug).models)


@st.cache_data(ttl=300, show_spinner=False)
def recommendation(
    store_url: str,
    org_slug: str,
    *,
    days: int,
    floor: float | None,
    drop: float | None,
    p95: int,
    providers: tuple[str, ...],
    batch: tuple[str, ...],
) -> Recommendation:
    """The recommendation for the page's constraints (cached per org and constraints); p95 0 is no limit."""
    from netra_app.resources import app_sessions
    from netra_core.services.recommend import RecommendRequest, recommend

    request = RecommendRequest(
        org_slug,
        days=float(days),
        quality_floor=floor,
        max_quality_drop=drop,
        p95_limit_ms=float(p95) if p95 else None,
        allowed_providers=frozenset(providers) if providers else None,
        batch_workloads=batch,
    )
    return recommend(request, _store().session, app_sessions(get_settings()))


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
