"""Compile a SemanticQuery to parameterised SQL and run it: `run_semantic_query`.

Identifiers in the SQL text come only from the enums' fixed tables below; every value (org, window, filter
values, limits) is a `{name:Type}` parameter. The org is an argument (the caller's authentication), never part
of the query. Every read carries `max_execution_time` and a row limit (one row more than allowed is asked for,
so truncation is known, not guessed).

Sources: the roll-ups (analytics.sources: whole days from the daily table, whole hours from the hourly one,
the partial hours from the raw events) when every measure, filter and dimension is in them, the raw events
otherwise. Quantiles always read the raw events and are exact (`quantileExactInclusive`, numpy's linear
interpolation), not t-digest estimates. Semantics: an error is status != 'ok'; token measures count only
events with known usage (usage_known = 1); TTFT only events that have one; quality is the mean of the scores
present.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pandas as pd
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.analytics.filters import EventFilter, bucket_expr
from netra_core.analytics.semantic import (
    QUANTILE_KINDS,
    Bound,
    CallFigure,
    Comparison,
    Cut,
    Dimension,
    Grain,
    Measure,
    Order,
    SemanticQuery,
)
from netra_core.analytics.semantic_compare import (
    SUMMABLE,
    compute_bucket_shift,
    compute_change_kept,
    compute_comparison,
    compute_comparison_window,
    compute_coverage,
    compute_projection,
    compute_shifted_buckets,
    is_coverage_different,
    is_whole_months,
)
from netra_core.analytics.semantic_result import Coverage, SemanticResult, Statement, Window
from netra_core.analytics.sources import RollupChoice, Source, events_source, rollup_source
from netra_core.errors import UnsupportedQueryError, ValidationError
from netra_core.workloads.store import raise_read_error

COLUMNS: dict[Dimension, str] = {
    Dimension.MODEL: "model",
    Dimension.PROVIDER: "provider",
    Dimension.WORKLOAD: "workload",
    Dimension.TASK_TYPE: "task_type",
    Dimension.USER: "user_id",
    Dimension.SESSION: "session_id",
    Dimension.ERROR_TYPE: "error_type",
    Dimension.STATUS: "status",
    Dimension.REGION: "region",
    # Computed from the event's time (UTC): read from the raw events, which the roll-ups' day buckets could serve
    # too, but the raw read keeps one code path for filters and groupings alike.
    Dimension.WEEKDAY: "dateName('weekday', ts)",
    Dimension.DAY_TYPE: "if(toDayOfWeek(ts) >= 6, 'weekend', 'weekday')",
    Dimension.HOUR_OF_DAY: "formatDateTime(ts, '%H:00', 'UTC')",
}
# The dimensions the roll-ups are keyed by, and the EventFilter field each one filters through.
_FILTER_FIELDS: dict[Dimension, str] = {
    Dimension.WORKLOAD: "workloads",
    Dimension.MODEL: "models",
    Dimension.PROVIDER: "providers",
    Dimension.TASK_TYPE: "task_types",
}
ROLLUP_DIMENSIONS = frozenset(_FILTER_FIELDS)

_KNOWN = "usage_known = 1"
_ERR = "status != 'ok'"


# Each user's distinct models, a map (user_id -> how many models served them).
_MODELS_PER_USER = "uniqExactMap(map(user_id, model))"


def _q(level: float, column: str) -> str:
    return f"quantileExactInclusive({level})({column})"


# Each quantity with quantiles: its column, and the events that carry it (None: every event).
_QUANTITY: dict[str, tuple[str, str | None]] = {
    "latency": ("toFloat64(latency_ms)", None),
    "ttft": ("toFloat64(ttft_ms)", None),  # NULL where an event has none: aggregates skip it
    "cost": ("toFloat64(cost_usd)", None),
    "quality": ("toFloat64(quality)", None),
    "input_tokens": ("toFloat64(prompt_tokens)", _KNOWN),
    "output_tokens": ("toFloat64(completion_tokens)", _KNOWN),
}


def _q_if(level: float, kind: str) -> str:
    column, where = _QUANTITY[kind]
    return _q(level, column) if where is None else f"quantileExactInclusiveIf({level})({column}, {where})"


def _sd(kind: str) -> str:
    column, where = _QUANTITY[kind]
    return f"stddevSamp({column})" if where is None else f"stddevSampIf({column}, {where})"


EVENT_SQL: dict[Measure, str] = {
    Measure.SPEND: "sum(cost_usd)",
    Measure.REQUESTS: "count()",
    Measure.INPUT_TOKENS: f"sumIf(toUInt64(prompt_tokens), {_KNOWN})",
    Measure.OUTPUT_TOKENS: f"sumIf(toUInt64(completion_tokens), {_KNOWN})",
    Measure.TOTAL_TOKENS: f"sumIf(toUInt64(prompt_tokens) + completion_tokens, {_KNOWN})",
    Measure.CACHED_TOKENS: f"sumIf(toUInt64(cached_tokens), {_KNOWN})",
    Measure.UNCACHED_INPUT_TOKENS: f"sumIf(toInt64(prompt_tokens) - toInt64(cached_tokens), {_KNOWN})",
    Measure.REASONING_TOKENS: f"sumIf(toUInt64(reasoning_tokens), {_KNOWN})",
    Measure.AVG_INPUT_TOKENS: f"avgIf(prompt_tokens, {_KNOWN})",
    Measure.AVG_OUTPUT_TOKENS: f"avgIf(completion_tokens, {_KNOWN})",
    Measure.AVG_TOTAL_TOKENS: f"avgIf(toUInt64(prompt_tokens) + completion_tokens, {_KNOWN})",
    **{
        Measure(f"{kind}_tokens_p{p}"): f"quantileExactInclusiveIf({p / 100})(toFloat64({column}), {_KNOWN})"
        for kind, column in (("input", "prompt_tokens"), ("output", "completion_tokens"))
        for p in (25, 50, 75, 80, 90, 95, 99)
    },
    Measure.INPUT_OUTPUT_RATIO: (
        f"sumIf(toUInt64(prompt_tokens), {_KNOWN}) / nullIf(sumIf(toUInt64(completion_tokens), {_KNOWN}), 0)"
    ),
    Measure.OUTPUT_INPUT_RATIO: (
        f"sumIf(toUInt64(completion_tokens), {_KNOWN}) / nullIf(sumIf(toUInt64(prompt_tokens), {_KNOWN}), 0)"
    ),
    Measure.INPUT_TOKENS_MAX: f"maxIfOrNull(prompt_tokens, {_KNOWN})",
    Measure.COST_PER_REQUEST: "sum(cost_usd) / count()",
    Measure.COST_PER_SUCCESSFUL_REQUEST: f"sum(cost_usd) / nullIf(countIf(NOT ({_ERR})), 0)",
    # The spend of the events whose tokens are known, over those tokens: unknown usage would inflate it.
    Measure.COST_PER_1K_TOKENS: (
        f"sumIf(cost_usd, {_KNOWN}) / nullIf(sumIf(toUInt64(prompt_tokens) + completion_tokens, {_KNOWN}), 0) * 1000"
    ),
    Measure.COST_PER_1M_TOKENS: (
        f"sumIf(cost_usd, {_KNOWN}) / nullIf(sumIf(toUInt64(prompt_tokens) + completion_tokens, {_KNOWN}), 0) * 1000000"
    ),
    **{
        Measure(f"cost_per_{unit}_{kind}_tokens"): (
            f"sumIf(cost_usd, {_KNOWN}) / nullIf(sumIf(toUInt64({column}), {_KNOWN}), 0) * {scale}"
        )
        for kind, column in (("input", "prompt_tokens"), ("output", "completion_tokens"))
        for unit, scale in (("1k", 1000), ("1m", 1000000))
    },
    **{Measure(f"cost_p{p}"): _q(p / 100, "toFloat64(cost_usd)") for p in (50, 90, 95, 99)},
    Measure.COST_MAX: "max(toFloat64(cost_usd))",
    Measure.LATENCY_AVG: "avg(toFloat64(latency_ms))",
    Measure.LATENCY_P25: _q(0.25, "toFloat64(latency_ms)"),
    Measure.LATENCY_P50: _q(0.5, "toFloat64(latency_ms)"),
    Measure.LATENCY_P75: _q(0.75, "toFloat64(latency_ms)"),
    Measure.LATENCY_P80: _q(0.8, "toFloat64(latency_ms)"),
    Measure.LATENCY_P90: _q(0.9, "toFloat64(latency_ms)"),
    Measure.LATENCY_P95: _q(0.95, "toFloat64(latency_ms)"),
    Measure.LATENCY_P99: _q(0.99, "toFloat64(latency_ms)"),
    Measure.LATENCY_MAX: "max(toFloat64(latency_ms))",
    Measure.TTFT_AVG: "avg(toFloat64(ttft_ms))",
    Measure.TTFT_P25: _q(0.25, "toFloat64(ttft_ms)"),
    Measure.TTFT_P50: _q(0.5, "toFloat64(ttft_ms)"),
    Measure.TTFT_P75: _q(0.75, "toFloat64(ttft_ms)"),
    Measure.TTFT_P80: _q(0.8, "toFloat64(ttft_ms)"),
    Measure.TTFT_P90: _q(0.9, "toFloat64(ttft_ms)"),
    Measure.TTFT_P95: _q(0.95, "toFloat64(ttft_ms)"),
    Measure.TTFT_P99: _q(0.99, "toFloat64(ttft_ms)"),
    Measure.ERRORS: f"countIf({_ERR})",
    Measure.ERROR_RATE: f"countIf({_ERR}) / count()",
    Measure.ERROR_SPEND: f"sumIf(cost_usd, {_ERR})",
    Measure.OK_SPEND: f"sumIf(cost_usd, NOT ({_ERR}))",
    Measure.SUCCESS_RATE: f"countIf(NOT ({_ERR})) / count()",
    Measure.QUALITY: "avg(toFloat64(quality))",
    Measure.QUALITY_N: "count(quality)",
    Measure.TTFT_N: "count(ttft_ms)",
    Measure.USAGE_N: f"countIf({_KNOWN})",
    Measure.USER_ID_N: "countIf(user_id != '')",
    Measure.SESSION_ID_N: "countIf(session_id != '')",
    **{Measure(f"quality_p{p}"): _q(p / 100, "toFloat64(quality)") for p in (10, 25, 50, 75, 90)},
    Measure.BATCH_SPEND: "sumIf(cost_usd, is_batch = 1)",
    Measure.USERS: "uniqExactIf(user_id, user_id != '')",
    Measure.SESSIONS: "uniqExactIf(session_id, session_id != '')",
    Measure.DAYS: "uniqExact(toDate(ts))",
    Measure.MODELS: "uniqExact(model)",
    Measure.PROVIDERS: "uniqExact(provider)",
    Measure.WORKLOADS: "uniqExact(workload)",
    Measure.STATUSES: "uniqExact(status)",
    Measure.ERROR_TYPES: f"uniqExactIf(error_type, {_ERR} AND error_type != '')",
    Measure.REQUESTS_PER_SESSION: ("countIf(session_id != '') / nullIf(uniqExactIf(session_id, session_id != ''), 0)"),
    Measure.SESSIONS_PER_USER: (
        "uniqExactIf(session_id, session_id != '') / nullIf(uniqExactIf(user_id, user_id != ''), 0)"
    ),
    # each user's distinct models, from the distinct (user, model) pairs: users seen in two pairs or more
    Measure.MULTI_MODEL_USERS: (
        f"arrayCount((u, n) -> u != '' AND n > 1, mapKeys({_MODELS_PER_USER}), mapValues({_MODELS_PER_USER}))"
    ),
    Measure.FIRST_EVENT: "toUnixTimestamp64Milli(min(ts))",
    Measure.LAST_EVENT: "toUnixTimestamp64Milli(max(ts))",
    Measure.MULTI_MODEL_USERS_SHARE: (
        f"arrayCount((u, n) -> u != '' AND n > 1, mapKeys({_MODELS_PER_USER}), mapValues({_MODELS_PER_USER})) "
        "/ nullIf(uniqExactIf(user_id, user_id != ''), 0)"
    ),
    Measure.COST_PER_USER: "sum(cost_usd) / nullIf(uniqExactIf(user_id, user_id != ''), 0)",
    Measure.COST_PER_SESSION: "sum(cost_usd) / nullIf(uniqExactIf(session_id, session_id != ''), 0)",
    Measure.COST_PER_1K_REQUESTS: "sum(cost_usd) / count() * 1000",
    # every percentile p1..p99 of each quantity (the ones above come out the same), its standard deviation (the
    # sample's) and its interquartile range
    **{Measure(f"{kind}_p{level}"): _q_if(level / 100, kind) for kind in QUANTILE_KINDS for level in range(1, 100)},
    **{Measure(f"{kind}_sd"): _sd(kind) for kind in QUANTILE_KINDS},
    **{Measure(f"{kind}_iqr"): f"{_q_if(0.75, kind)} - {_q_if(0.25, kind)}" for kind in QUANTILE_KINDS},
}
# The roll-ups sum every event's tokens; an event with unknown usage stores 0 (migration 0004), so the sums are
# the known tokens, as on the raw events.
ROLLUP_SQL: dict[Measure, str] = {
    Measure.SPEND: "sum(cost_usd)",
    Measure.REQUESTS: "sum(requests)",
    Measure.INPUT_TOKENS: "sum(prompt_tokens)",
    Measure.OUTPUT_TOKENS: "sum(completion_tokens)",
    Measure.TOTAL_TOKENS: "sum(prompt_tokens + completion_tokens)",
    Measure.COST_PER_REQUEST: "sum(cost_usd) / sum(requests)",
    Measure.COST_PER_SUCCESSFUL_REQUEST: "sum(cost_usd) / nullIf(sum(requests) - sum(errors), 0)",
    Measure.COST_PER_1K_REQUESTS: "sum(cost_usd) / sum(requests) * 1000",
    Measure.ERRORS: "sum(errors)",
    Measure.ERROR_RATE: "sum(errors) / sum(requests)",
    Measure.SUCCESS_RATE: "1 - sum(errors) / sum(requests)",
    Measure.INPUT_OUTPUT_RATIO: "sum(prompt_tokens) / nullIf(sum(completion_tokens), 0)",
    Measure.OUTPUT_INPUT_RATIO: "sum(completion_tokens) / nullIf(sum(prompt_tokens), 0)",
    Measure.QUALITY: "sum(quality_sum) / nullIf(sum(quality_n), 0)",
    Measure.QUALITY_N: "sum(quality_n)",
}
# Measures the stored columns cannot answer honestly, and why.
UNSUPPORTED: dict[Measure, str] = {
    Measure.CACHE_SAVINGS: (
        "cache savings cannot be computed from the stored events: they hold cached token counts and the cost paid, "
        "but not the input and cache-read prices each request was billed at; ask for cached_tokens or spend instead"
    ),
}
_AT = "DateTime64(3, 'UTC')"
# A bound's operator in the SQL text: from this fixed table only (its number is a parameter).
BOUND_SQL: dict[Bound, str] = {Bound.ABOVE: ">", Bound.AT_LEAST: ">=", Bound.BELOW: "<", Bound.AT_MOST: "<="}


# The bands a query can count calls within: (its field, the test of one event with {op} and {value} to fill, the
# events the share is of, the count measure, the share measure, the parameter's name).
_BANDS: tuple[tuple[str, str, str, Measure, Measure, str], ...] = (
    # scored events whose score meets the band (a NULL score meets none)
    (
        "quality_band",
        "ifNull(quality {op} {value}, 0)",
        "count(quality)",
        Measure.QUALITY_BAND_N,
        Measure.QUALITY_BAND_SHARE,
        "qband",
    ),
    # requests with known usage whose prompt tokens meet the band
    (
        "prompt_band",
        f"{_KNOWN} AND prompt_tokens {{op}} {{value}}",
        f"countIf({_KNOWN})",
        Measure.PROMPT_BAND_N,
        Measure.PROMPT_BAND_SHARE,
        "pband",
    ),
    # requests whose latency meets the band, of all requests
    ("latency_band", "latency_ms {op} {value}", "count()", Measure.LATENCY_BAND_N, Measure.LATENCY_BAND_SHARE, "lband"),
    # requests whose TTFT meets the band (those without one never do), of all requests
    ("ttft_band", "ttft_ms {op} {value}", "count()", Measure.TTFT_BAND_N, Measure.TTFT_BAND_SHARE, "tband"),
    # requests whose own cost meets the band, of all requests
    ("cost_band", "cost_usd {op} {value}", "count()", Measure.COST_BAND_N, Measure.COST_BAND_SHARE, "cband"),
)
# The bands of one request's own figure, which a second bound (`band_upper`) may close.
_ONE_CALL_BANDS = frozenset(["latency_band", "ttft_band", "cost_band"])
# What the requests within a band cost together.
_BAND_SPEND = {"cost_band": Measure.COST_BAND_SPEND}


# The test of one call's figure that a bound on the calls keeps (`calls_within`), with {op} and {value} to fill.
_CALL_TESTS: dict[CallFigure, str] = {
    CallFigure.LATENCY: "latency_ms {op} {value}",
    CallFigure.TTFT: "ifNull(ttft_ms {op} {value}, 0)",  # a call without a TTFT meets no bound on it
    CallFigure.COST: "cost_usd {op} {value}",
    CallFigure.INPUT_TOKENS: f"{_KNOWN} AND prompt_tokens {{op}} {{value}}",
    CallFigure.OUTPUT_TOKENS: f"{_KNOWN} AND completion_tokens {{op}} {{value}}",
    CallFigure.QUALITY: "ifNull(quality {op} {value}, 0)",  # an unscored call meets no bound on the score
}


def _calls_within_sql(query: SemanticQuery, prefix: str) -> tuple[str, dict[str, float]]:
    """The WHERE clauses of the query's bounds on each call, and their parameters (each bound's number)."""
    clauses: list[str] = []
    params: dict[str, float] = {}
    for i, b in enumerate(query.calls_within):
        name = f"{prefix}cw{i}"
        clauses.append("(" + _CALL_TESTS[b.figure].format(op=BOUND_SQL[b.bound], value=f"{{{name}:Float64}}") + ")")
        params[name] = float(b.value)
    return "".join(f" AND {c}" for c in clauses), params


def _bands_sql(query: SemanticQuery, prefix: str) -> tuple[dict[Measure, str], dict[str, float]]:
    """The band measures of every band the query gives, and their parameters (each band's number)."""
    sql: dict[Measure, str] = {}
    params: dict[str, float] = {}
    for field, test, whole, n, share, name in _BANDS:
        cut: Cut | None = getattr(query, field)
        if cut is None:
            continue
        inside = test.format(op=BOUND_SQL[cut.bound], value=f"{{{prefix}{name}:Float64}}")
        upper = query.band_upper
        if upper is not None and field in _ONE_CALL_BANDS:  # "between 1 and 5 cents": both bounds
            inside += " AND " + test.format(op=BOUND_SQL[upper.bound], value=f"{{{prefix}{name}2:Float64}}")
            params[f"{prefix}{name}2"] = float(upper.value)
        sql |= {n: f"countIf({inside})", share: f"countIf({inside}) / nullIf({whole}, 0)"}
        if field in _BAND_SPEND:
            sql[_BAND_SPEND[field]] = f"sumIf(cost_usd, {inside})"
        params[f"{prefix}{name}"] = float(cut.value)
    return sql, params


@dataclass(frozen=True)
class CompiledQuery:
    """The SQL of one window's read and of its coverage read."""

    sql: str
    coverage_sql: str
    params: dict[str, Any]
    source: str
    names: list[str]  # output columns in order: bucket?, dimensions, measures


def is_rollup_eligible(query: SemanticQuery) -> bool:
    """Whether every measure, dimension and filter of the query is in the roll-ups."""
    keys = {*query.dimensions, *query.filters, *query.exclude}
    return (
        all(m in ROLLUP_SQL for m in query.measures) and keys <= ROLLUP_DIMENSIONS and not query.calls_within
    )  # (the roll-ups keep no call's own figure)


def check_supported(query: SemanticQuery) -> None:
    """Raise UnsupportedQueryError for what the layer cannot answer honestly (never a silent substitute)."""
    for name, items in (
        ("measures", [m.value for m in query.measures]),
        ("dimensions", [d.value for d in query.dimensions]),
    ):
        twice = sorted({v for v in items if items.count(v) > 1})
        if twice:
            raise ValidationError(f"{name}: {', '.join(twice)} asked more than once")
    for m in query.measures:
        if m in UNSUPPORTED:
            raise UnsupportedQueryError(f"measures.{m.value}", UNSUPPORTED[m])
    if query.grain is not None and query.compare != Comparison.NONE:
        window = Window(_utc(query.start), _utc(query.end))
        if compute_bucket_shift(query.compare, window, query.grain) is None:
            raise UnsupportedQueryError(
                "compare",
                f"the {query.compare.value.replace('_', ' ')} window's {query.grain.value}s do not line up one to one "
                f"with this window's ({window.days:g} days); compare the totals (no grain), or use a window of whole "
                f"{query.grain.value}s (months only compare month by month with the previous month or year)",
            )
    if query.project_to is not None:
        if query.grain is not None:
            raise UnsupportedQueryError("project_to", "a projection is made for window totals: drop the grain")
        if not any(m in SUMMABLE for m in query.measures):
            names = ", ".join(m.value for m in query.measures)
            raise UnsupportedQueryError(
                "project_to",
                f"only measures that add up over time (spend, requests, tokens, errors) can be "
                f"projected at run rate, not {names}",
            )


def _source(query: SemanticQuery, org_id: str, window: Window, prefix: str, rollup: bool) -> Source:
    fields = {_FILTER_FIELDS[d]: tuple(v) for d, v in query.filters.items() if d in _FILTER_FIELDS}
    f = EventFilter(org_id=org_id, start=window.start, end=window.end, **fields)
    if rollup and not query.calls_within:  # (the roll-ups keep no call's own figure)
        src = rollup_source(f, prefix + "r", daily=query.grain != Grain.HOUR)
        if src is not None:
            return src
    return events_source(f, prefix)


def _extra_where(query: SemanticQuery, prefix: str) -> tuple[str, dict[str, Any]]:
    """Filters the EventFilter does not carry (user, status, ...) and every exclusion."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for d, values in query.filters.items():
        if d not in _FILTER_FIELDS:
            clauses.append(f"{COLUMNS[d]} IN {{{prefix}f_{d.value}:Array(String)}}")
            params[f"{prefix}f_{d.value}"] = list(values)
    for d, values in query.exclude.items():
        clauses.append(f"{COLUMNS[d]} NOT IN {{{prefix}x_{d.value}:Array(String)}}")
        params[f"{prefix}x_{d.value}"] = list(values)
    return "".join(f" AND {c}" for c in clauses), params


def _error_kind_sql(is_rollup: bool, param: str) -> dict[Measure, str]:
    """The error measures counting only the error types in parameter `param` (an Array(String))."""
    if is_rollup:  # the roll-ups keep a count per error type (error_types, a summed map)
        errors = f"sum(arraySum(mapValues(mapFilter((k, v) -> has({{{param}:Array(String)}}, k), error_types))))"
        return {Measure.ERRORS: errors, Measure.ERROR_RATE: f"{errors} / sum(requests)"}
    err = f"{_ERR} AND error_type IN {{{param}:Array(String)}}"
    return {
        Measure.ERRORS: f"countIf({err})",
        Measure.ERROR_RATE: f"countIf({err}) / count()",
        Measure.ERROR_SPEND: f"sumIf(cost_usd, {err})",
    }


def compile_query(
    query: SemanticQuery, org_id: str, window: Window, *, prefix: str, rollup: bool, row_limit: int, top_n: int | None
) -> CompiledQuery:
    """The parameterised SQL for one window (`prefix` namespaces its parameters)."""
    src = _source(query, org_id, window, prefix, rollup)
    table = ROLLUP_SQL if src.kind == "rollup" else EVENT_SQL
    extra, params = _extra_where(query, prefix)
    params |= src.params
    base_where = f"{src.where}{extra}"
    within, within_params = _calls_within_sql(query, prefix)  # "calls longer than 4000 input tokens": those only
    where = f"{base_where}{within}"
    params |= within_params
    time_col = src.m("time")
    dims = [COLUMNS[d] for d in query.dimensions]
    select: list[str] = []
    groups: list[str] = []
    names: list[str] = []
    if query.grain is not None:
        select.append(f"{bucket_expr(query.grain.value, time_col)} AS g_bucket")
        groups.append("g_bucket")
        names.append("bucket")
    for i, (d, col) in enumerate(zip(query.dimensions, dims, strict=True)):
        select.append(f"{col} AS g{i}")
        groups.append(f"g{i}")
        names.append(d.value)
    measure_sql = dict(table)
    if query.error_kinds:  # the error measures of these error types only; requests stay all traffic
        measure_sql |= _error_kind_sql(src.kind == "rollup", f"{prefix}ek")
        params[f"{prefix}ek"] = list(query.error_kinds)
    band_sql, band_params = _bands_sql(query, prefix)
    measure_sql |= band_sql
    params |= band_params
    select += [f"{measure_sql[m]} AS m{i}" for i, m in enumerate(query.measures)]
    names += [m.value for m in query.measures]
    order_measure = query.order_by or query.measures[0]
    k = query.measures.index(order_measure)
    direction = "DESC" if query.order == Order.DESC else "ASC"
    dim_groups = [g for g in groups if g != "g_bucket"]
    limit = row_limit + 1
    if query.grain is None or not dims:
        # A ranking (of groups, or of time buckets when there are no groups): sort by the measure.
        order = ", ".join([f"m{k} {direction}", *groups])
        if top_n is not None:
            limit = min(top_n, row_limit + 1)
    else:
        # A trend per group: time first; top-N picks the groups by their total over the whole window.
        order = ", ".join(["g_bucket", f"m{k} {direction}", *dim_groups])
        if top_n is not None:
            cols = ", ".join(dims)
            where += (
                f" AND ({cols}) IN (SELECT {cols} FROM {src.table} WHERE {where} GROUP BY {cols} "
                f"ORDER BY {measure_sql[order_measure]} {direction}, {cols} LIMIT {{{prefix}top_n:UInt32}})"
            )
            params[f"{prefix}top_n"] = int(top_n)
    params[f"{prefix}limit"] = int(limit)
    group_by = f"GROUP BY {', '.join(groups)}" if groups else ""
    if query.having is not None and groups:  # "which workloads spent over $50": the groups that meet the bound
        h = query.measures.index(query.having.measure)
        group_by += f"\nHAVING m{h} {BOUND_SQL[query.having.bound]} {{{prefix}having:Float64}}"
        params[f"{prefix}having"] = float(query.having.value)
    sql = (
        f"SELECT {', '.join(select)}\nFROM {src.table}\nWHERE {where}\n{group_by}\nORDER BY {order}\n"
        f"LIMIT {{{prefix}limit:UInt32}}"
    )
    coverage_sql = (
        f"SELECT DISTINCT toDate({time_col}) AS d FROM {src.table} WHERE {base_where} ORDER BY d LIMIT 100000"
    )
    return CompiledQuery(sql, coverage_sql, params, src.kind, names)


def _read(
    client: Client, sql: str, params: dict[str, Any], max_seconds: float, statements: list[Statement]
) -> pd.DataFrame:
    statements.append(Statement(sql, dict(params)))
    try:
        return client.query_df(sql, parameters=params, settings={"max_execution_time": max_seconds})
    except ClickHouseError as exc:
        raise_read_error(exc, max_seconds)


def _fetch_window(
    client: Client,
    compiled: CompiledQuery,
    window: Window,
    now: datetime,
    row_limit: int,
    max_seconds: float,
    statements: list[Statement],
) -> tuple[pd.DataFrame, Coverage, bool]:
    raw = _read(client, compiled.sql, compiled.params, max_seconds, statements)
    frame = pd.DataFrame(columns=compiled.names)
    if len(raw.columns):
        frame = raw.set_axis(compiled.names, axis=1)
    if "bucket" in frame:
        frame["bucket"] = pd.to_datetime(frame["bucket"], utc=True)
    truncated = len(frame) > row_limit
    frame = frame.head(row_limit).reset_index(drop=True)
    days = _read(client, compiled.coverage_sql, compiled.params, max_seconds, statements)
    dates = [_as_date(v) for v in days.iloc[:, 0]] if len(days.columns) and len(days) else []
    return frame, compute_coverage(dates, window, now), truncated


def _as_date(value: Any) -> date:
    if isinstance(value, datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _previous_query(query: SemanticQuery, frame: pd.DataFrame) -> SemanticQuery:
    """With top-N, the comparison window reads only the groups shown (so none is missed past the row limit)."""
    if query.top_n is None or not query.dimensions or frame.empty:
        return query
    shown = {d: sorted({str(v) for v in frame[d.value]}) for d in query.dimensions}
    # Not re-validated: the groups shown may be more than a user-written filter's 100 values.
    return query.model_copy(update={"filters": {**query.filters, **shown}})


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def run_semantic_query(
    client: Client,
    query: SemanticQuery,
    org_id: str,
    now: datetime,
    row_limit: int = 1000,
    max_seconds: float = 30,
    rollup: RollupChoice = RollupChoice.AUTO,
) -> SemanticResult:
    """Run `query` for `org_id` (from the caller's authentication): the table, coverage, comparison, projection.

    `rollup` forces the source (ROLLUPS: the roll-ups, refused when the query needs raw columns; RAW: the raw
    events); AUTO reads the roll-ups whenever the query fits them.
    """
    if not org_id:
        raise ValidationError("org: an org is required for every workload query")
    if row_limit < 1:
        raise ValidationError(f"row_limit: {row_limit} is not a positive number of rows")
    check_supported(query)
    eligible = is_rollup_eligible(query)
    if rollup is RollupChoice.ROLLUPS and not eligible:
        raise ValidationError("rollup: this query needs columns the roll-ups do not hold (read the raw events)")
    is_rollup = eligible if rollup is RollupChoice.AUTO else rollup is RollupChoice.ROLLUPS
    now = _utc(now)
    window = Window(_utc(query.start), _utc(query.end))
    statements: list[Statement] = []
    compiled = compile_query(query, org_id, window, prefix="", rollup=is_rollup, row_limit=row_limit, top_n=query.top_n)
    frame, coverage, truncated = _fetch_window(client, compiled, window, now, row_limit, max_seconds, statements)
    result = SemanticResult(frame, window, coverage, compiled.source, truncated, statements)
    other = compute_comparison_window(query.compare, window, query.grain)
    if query.compare_start is not None and query.compare_end is not None:
        other = Window(_utc(query.compare_start), _utc(query.compare_end))
    if other is not None:
        prev_compiled = compile_query(
            # the bound keeps this window's rows; the window compared with is read for those rows, unbounded
            _previous_query(query, frame).model_copy(update={"having": None}),
            org_id,
            other,
            prefix="p",
            rollup=is_rollup,
            row_limit=row_limit,
            top_n=None,
        )
        prev, prev_coverage, prev_truncated = _fetch_window(
            client, prev_compiled, other, now, row_limit, max_seconds, statements
        )
        # A window without data has no per-day rate: its sums are zero and the change has no percentage.
        both = coverage.covered_days > 0 and prev_coverage.covered_days > 0
        per_day = (
            query.normalize_per_day
            and both
            and is_coverage_different(coverage, prev_coverage)
            and not is_whole_months(window, other, coverage, prev_coverage)
        )
        keys = [d.value for d in query.dimensions]
        if query.grain is not None:
            # Bucket by bucket: each meets the bucket one shift before it, like for like, never per covered day.
            shift = compute_bucket_shift(query.compare, window, query.grain)
            assert shift is not None  # check_supported refused the others
            prev["bucket"] = compute_shifted_buckets(prev["bucket"], shift)
            keys, per_day = ["bucket", *keys], False
            by = f"{shift} month(s)" if isinstance(shift, int) else f"{shift / timedelta(days=1):g} day(s)"
            if query.compare == Comparison.PREVIOUS_BUCKET:
                by = "just"  # the step from one bucket to the next ("week over week")
            result.notes.append(f"each {query.grain.value} is compared with the {query.grain.value} {by} before it")
        result.frame = compute_comparison(
            frame,
            prev,
            keys,
            list(query.measures),
            per_day,
            coverage.covered_days,
            prev_coverage.covered_days,
            keep_all=query.top_n is None and query.having is None,
        )
        if query.grain is not None:
            result.frame = result.frame.sort_values(keys, kind="stable").reset_index(drop=True)
        if query.change_bound is not None:  # "workloads whose spend grew more than 10%": the rows whose change meets it
            result.frame, result.change_rows = compute_change_kept(result.frame, query.change_bound)
        result.comparison, result.comparison_window = query.compare.value, other
        result.comparison_coverage, result.per_day = prev_coverage, per_day
        result.truncated = truncated or prev_truncated
        if per_day:
            result.notes.append(
                f"the windows hold data over different spans ({coverage.covered_days:.2f} and "
                f"{prev_coverage.covered_days:.2f} covered days): summable measures are compared per covered day"
            )
    if query.project_to is not None:
        result.frame, result.projection = compute_projection(
            result.frame, list(query.measures), coverage, window, now, _utc(query.project_to)
        )
    if any(m.value in {"input_tokens", "output_tokens", "total_tokens"} for m in query.measures):
        result.notes.append("token figures count only events whose usage was reported")
    return result
