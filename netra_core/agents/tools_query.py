"""`query_metrics`: the semantic query layer as one agent tool (the planner's and the LLM supervisor's main tool).

Arguments are SemanticQuery's fields as JSON, with the window as `start`/`end` (ISO datetimes) or `days` (ending
now). The argument model is derived from SemanticQuery, so the JSON schema the LLM sees follows the vocabulary.
There is no org argument: the org is the signed-in user's, and an `org`/`org_id` argument is refused.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime, timedelta
from typing import Any

import pydantic
from pydantic import Field, create_model, model_validator

from netra_core.agents.describe_analytics import describe_query_metrics
from netra_core.agents.dispatcher import compute_args_error
from netra_core.agents.query_answer import (
    LABELS,
    compute_annualized,
    compute_band_text,
    compute_calls_within_texts,
    compute_monthly_run_rate,
    compute_share_evidence,
    describe_query_result,
    describe_whole_month_before,
    format_measure,
)
from netra_core.agents.query_standing import (
    compute_budget_standing,
    compute_top_share,
    describe_budget_standing,
    describe_top_share,
    is_top_share_asked,
)
from netra_core.agents.tools import Tool, ToolArgs, ToolContext, ToolResult, compute_records
from netra_core.analytics.semantic import Comparison, Dimension, SemanticQuery
from netra_core.analytics.semantic_compare import SUMMABLE, compute_month_shift
from netra_core.analytics.semantic_sql import run_semantic_query
from netra_core.errors import ToolArgumentsError

__all__ = ["QueryMetricsArgs", "describe_query_result", "make_query_tools", "query_metrics", "query_metrics_schema"]

AGENT = "data_analysis"
ROW_LIMIT = 1000
MAX_SECONDS = 30
# Rows of the table attached to the result: all of them (the answer text spells out the first few).
TABLE_ROWS = ROW_LIMIT
_ORG_KEYS = ("org", "org_id", "org_slug", "organization", "organisation", "tenant", "tenant_id")


class _WindowArgs(ToolArgs):
    """The window: `start` and `end`, or `days` ending now; and the refusal of any org argument."""

    start: datetime | None = Field(default=None, description="Window start, ISO datetime (UTC if no offset)")
    end: datetime | None = Field(default=None, description="Window end (exclusive), ISO datetime; give with start")
    days: int | None = Field(default=None, ge=1, le=3660, description="The last N days, ending now (not with start)")

    @model_validator(mode="before")
    @classmethod
    def _refuse_org(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in _ORG_KEYS:
                if key in data:
                    raise ValueError(
                        f"{key}: the org cannot be chosen in a query; it is always the signed-in user's org"
                    )
        return data

    @model_validator(mode="after")
    def _check_window(self) -> _WindowArgs:
        if self.days is not None and (self.start is not None or self.end is not None):
            raise ValueError("window: give either `days` or `start` and `end`, not both")
        if self.days is None and (self.start is None or self.end is None):
            raise ValueError("window: give `days` (ending now) or both `start` and `end`")
        return self


# What the model reading the schema needs to know about fields the query model leaves undescribed.
_DESCRIPTIONS = {
    "measures": "What to compute, 1 to 12 (error = status other than ok; tokens only where usage was reported)",
    "dimensions": "Group by these, up to 3 (a feature or app is the workload)",
    "filters": 'Keep only these values, e.g. {"model": ["gpt-4o"]}',
    "exclude": 'Leave out these values, e.g. {"workload": ["nightly-enrich"]}',
    "grain": "Also group by this time bucket (a trend); with compare, buckets are compared one by one",
    "compare": (
        "Compare with this window (previous_period, same_weekday_last_week, previous_month, previous_quarter, "
        "previous_year, chosen_window with compare_start and compare_end, or previous_bucket with a grain: each "
        "bucket against the one before it, week over week)"
    ),
    "order": "Sort direction: desc (largest first, the default) or asc",
    "top_n": "Keep the first N rows (with a grain: the N groups with the largest total)",
}


def _query_fields() -> dict[str, Any]:
    """SemanticQuery's fields other than the window, as (annotation, FieldInfo) pairs for create_model."""
    out: dict[str, Any] = {}
    for name, info in SemanticQuery.model_fields.items():
        if name in {"start", "end"}:
            continue
        field = copy.copy(info)
        if field.description is None and name in _DESCRIPTIONS:
            field.description = _DESCRIPTIONS[name]
        out[name] = (info.annotation, field)
    return out


QueryMetricsArgs: type[_WindowArgs] = create_model(
    "QueryMetricsArgs",
    __base__=_WindowArgs,
    __doc__="One analytics question: measures, dimensions, filters, window, comparison, top-N, projection.",
    **_query_fields(),
)


def query_metrics_schema() -> dict[str, Any]:
    """The JSON schema of query_metrics' arguments (for an LLM's tool definition)."""
    return QueryMetricsArgs.model_json_schema()


def compute_query(args: _WindowArgs, now: datetime) -> SemanticQuery:
    """The SemanticQuery the arguments describe; its own checks (order_by, project_to, ...) become retryable."""
    values = args.model_dump(exclude={"start", "end", "days"})
    start: datetime | None = now - timedelta(days=args.days) if args.days is not None else args.start
    end: datetime | None = now if args.days is not None else args.end
    try:
        return SemanticQuery.model_validate({**values, "start": start, "end": end})
    except pydantic.ValidationError as exc:
        raise ToolArgumentsError(f"query_metrics: {compute_args_error(exc)}") from exc


def compute_whole_period_query(query: SemanticQuery) -> tuple[str, SemanticQuery] | None:
    """A month, week or quarter so far compared with the same span of the one before: the query against that whole
    period, and its name ("this week vs last week" asks for both: the same days, and the whole week)."""
    if query.dimensions or query.grain is not None:
        return None
    start, end = query.start, query.end
    if query.compare == Comparison.PREVIOUS_MONTH:
        if (end.day, end.hour, end.minute) == (1, 0, 0):  # already whole months
            return None
        return "month", query.model_copy(update={"compare": Comparison.PREVIOUS_FULL_MONTH})
    midnight = (start.hour, start.minute, start.second) == (0, 0, 0)
    if query.compare == Comparison.SAME_WEEKDAY_LAST_WEEK and midnight and start.weekday() == 0:
        if end - start >= timedelta(days=7):
            return None
        before = start - timedelta(days=7)
    elif query.compare == Comparison.PREVIOUS_QUARTER and midnight and start.day == 1 and start.month % 3 == 1:
        if end >= compute_month_shift(start, 3):
            return None
        before = compute_month_shift(start, -3)
    else:
        return None
    period = "week" if query.compare == Comparison.SAME_WEEKDAY_LAST_WEEK else "quarter"
    update = {"compare": Comparison.CHOSEN_WINDOW, "compare_start": before, "compare_end": start}
    return period, query.model_copy(update=update)


def _add_whole_month_before(ctx: ToolContext, query: SemanticQuery, result: Any, data: dict[str, Any]) -> None:
    """A month (week, quarter) so far compared with the same days of the one before: that whole period's figures
    are said too ("this month vs last month" asks for both), from a second query against the whole period."""
    whole = compute_whole_period_query(query)
    if whole is None or result.comparison_window is None:
        return
    period, other_query = whole
    with ctx.workload_client() as client:
        other = run_semantic_query(
            client, other_query, ctx.auth.org_slug, ctx.now, row_limit=ROW_LIMIT, max_seconds=MAX_SECONDS
        )
    line = describe_whole_month_before(other_query, other, period)
    if line:
        _insert_line(data, line)
        data[f"whole_{period}_before"] = {k: v for k, v in other.as_dict().items() if k != "sql"}


def _insert_line(data: dict[str, Any], line: str) -> None:
    """`line` added to the answer after its figures, before the SQL."""
    head, sep, sql = str(data["answer"]).rpartition("\nRead from ")
    data["answer"] = f"{head}\n{line}{sep}{sql}" if sep else f"{data['answer']}\n{line}"


def _add_standing(ctx: ToolContext, query: SemanticQuery, result: Any, data: dict[str, Any]) -> None:
    """Spend against the budget asked about; the top N groups against the whole scope (from a second query, the
    same one without its grouping), each one's share and theirs together."""
    if standing := compute_budget_standing(query, result):
        _insert_line(data, describe_budget_standing(standing, result.projection.to if result.projection else None))
        data["budget"] = dataclasses.asdict(standing)
    if not is_top_share_asked(query, result) or query.compare != Comparison.NONE:
        return
    whole_query = _whole_of(query)
    with ctx.workload_client() as client:
        whole = run_semantic_query(
            client, whole_query, ctx.auth.org_slug, ctx.now, row_limit=ROW_LIMIT, max_seconds=MAX_SECONDS
        )
    if shares := compute_top_share(query, result, whole):
        _insert_line(data, describe_top_share(query, shares))
        data["top_share"] = shares


_TIMED = (Dimension.HOUR_OF_DAY, Dimension.WEEKDAY, Dimension.DAY_TYPE)
_NAMED = (Dimension.WORKLOAD, Dimension.MODEL, Dimension.PROVIDER, Dimension.TASK_TYPE)


def _whole_names(cuts: tuple[Dimension, ...], query: SemanticQuery) -> str:
    """The groupings the whole spans ("workload"), of those the part is filtered on."""
    return " and ".join(d.value.replace("_", " ") for d in cuts if d in query.filters)


def _percent(value: float) -> str:
    """A per cent to one decimal, or to two significant digits when it is under 0.1 ("0.042")."""
    return f"{value:.1f}" if value >= 0.1 or value == 0 else f"{value:.2g}"


def _add_share_of_whole(ctx: ToolContext, query: SemanticQuery, result: Any, data: dict[str, Any]) -> None:
    """The filtered hours (weekdays, day types) against the whole window: a second query without those filters,
    each summing measure's total and the share the filtered traffic is of it."""
    if not query.share_of_whole or not result.rows:
        return
    if query.having is not None:
        _add_groups_share(ctx, query, result, data)
        return
    # (with no filter on the time of day or week, the whole is every workload's, model's, provider's and task type's:
    # "what share of our spend goes to the growth team", a team the question defines by its workloads)
    cuts = _TIMED if set(_TIMED) & set(query.filters) else _NAMED
    # (with bounds on each call, the whole is every call of the same traffic: "what fraction of our spend went to
    # calls that scored below 0.6")
    banded = bool(query.calls_within)
    whole_query = query.model_copy(
        update={
            "filters": query.filters if banded else {d: v for d, v in query.filters.items() if d not in cuts},
            "calls_within": [],
            "group_name": None,
            "share_of_whole": False,
            "compare": Comparison.NONE,
            "project_to": None,
        }
    )
    with ctx.workload_client() as client:
        whole = run_semantic_query(
            client, whole_query, ctx.auth.org_slug, ctx.now, row_limit=ROW_LIMIT, max_seconds=MAX_SECONDS
        )
    if not whole.rows:
        return
    cut = "; ".join(f"{d.value.replace('_', ' ')} {', '.join(v)}" for d, v in query.filters.items() if d in cuts)
    parts, shares = [], {}
    for m in (m for m in query.measures if m in SUMMABLE):
        part, total = result.rows[0].get(m.value), whole.rows[0].get(m.value)
        if part is None or total is None or float(total) <= 0:
            continue
        shares[m.value] = {"part": float(part), "whole": float(total), "share": float(part) / float(total)}
        parts.append(
            f"{LABELS[m]} {format_measure(m, part)} of {format_measure(m, total)}, "
            f"{_percent(100 * float(part) / float(total))} %"
        )
    if parts and banded:
        within = " and ".join(compute_calls_within_texts(query))
        _insert_line(
            data, f"Share of the whole (every call, the same filters) from the calls with {within}: {'; '.join(parts)}."
        )
        data["share_of_whole"] = shares
    elif parts and cuts == _NAMED:
        named = f"{query.group_name} ({cut})" if query.group_name else cut
        _insert_line(
            data,
            f"Share of the whole window's traffic (every {_whole_names(cuts, query)}) that is {named}: "
            f"{'; '.join(parts)}.",
        )
        data["share_of_whole"] = shares
    elif parts:
        _insert_line(data, f"Share of the whole window (all hours and days) that falls in {cut}: {'; '.join(parts)}.")
        data["share_of_whole"] = shares


def _whole_of(query: SemanticQuery) -> SemanticQuery:
    """The query's summable measures over its whole scope: no grouping, bound or ranking (the calls it keeps kept)."""
    return SemanticQuery(
        measures=[m for m in query.measures if m in SUMMABLE],
        filters=query.filters,
        exclude=query.exclude,
        start=query.start,
        end=query.end,
        error_kinds=query.error_kinds,
        calls_within=query.calls_within,
    )


def _add_groups_share(ctx: ToolContext, query: SemanticQuery, result: Any, data: dict[str, Any]) -> None:
    """The groups that meet a bound, together, against every group's total ("how many users made more than 380
    calls, and what share of the calls did they make"): a second query without the grouping or the bound."""
    if query.having is None or result.truncated or len(query.dimensions) != 1:
        return
    whole_query = _whole_of(query)
    if not whole_query.measures:
        return
    with ctx.workload_client() as client:
        whole = run_semantic_query(
            client, whole_query, ctx.auth.org_slug, ctx.now, row_limit=ROW_LIMIT, max_seconds=MAX_SECONDS
        )
    if not whole.rows:
        return
    parts, shares = [], {}
    for m in whole_query.measures:
        values, total = [r.get(m.value) for r in result.rows], whole.rows[0].get(m.value)
        if total is None or float(total) <= 0 or any(v is None for v in values):
            continue
        part = sum(float(v) for v in values)
        shares[m.value] = {"part": part, "whole": float(total), "share": part / float(total)}
        parts.append(
            f"{LABELS[m]} {format_measure(m, part)} of {format_measure(m, total)}, "
            f"{_percent(100 * part / float(total))} %"
        )
    if parts:
        n, name = len(result.rows), query.dimensions[0].value.replace("_", " ")
        bound = f"{LABELS[query.having.measure]} {compute_band_text(query.having, query.having.measure)}"
        _insert_line(
            data,
            f"The {n} {name}{'' if n == 1 else 's'} with {bound} together, of every {name}'s in the window: "
            f"{'; '.join(parts)}.",
        )
        data["share_of_whole"] = shares


def query_metrics(ctx: ToolContext, args: _WindowArgs) -> ToolResult:
    """Run the semantic query for the signed-in user's org; the result carries the answer text and the SQL."""
    query = compute_query(args, ctx.now)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        result = run_semantic_query(
            client, query, ctx.auth.org_slug, ctx.now, row_limit=ROW_LIMIT, max_seconds=MAX_SECONDS
        )
    data: dict[str, Any] = {
        "query": query.model_dump(mode="json"),
        **{k: v for k, v in result.as_dict().items() if k != "sql"},  # the SQL goes in ToolResult.sql
        "columns": result.columns,
        "row_count": len(result.frame),
        "answer": describe_query_result(query, result),
        **compute_share_evidence(query, result),  # the totals, shares and series means the answer states
        **({"annualized": annualized} if (annualized := compute_annualized(query, result)) else {}),
        **({"monthly_run_rate": monthly} if (monthly := compute_monthly_run_rate(query, result)) else {}),
    }
    _add_whole_month_before(ctx, query, result, data)
    _add_standing(ctx, query, result, data)
    _add_share_of_whole(ctx, query, result, data)
    return ToolResult(
        data=data,
        table=compute_records(result.frame, TABLE_ROWS),
        sql=[r.as_dict() for r in ctx.sql_log[since:]],
    )


def make_query_tools() -> list[Tool]:
    """The semantic query tool."""
    description = (
        "Compute measures (spend, requests, tokens, cost per request or per 1k tokens, latency and TTFT mean and "
        "p25-p99, errors, error rate, error spend, quality, batch spend, users, sessions) grouped by dimensions "
        "(model, provider, workload, task_type, user, session, error_type, status, region) and optionally a time "
        "grain, with filters, a comparison window (normalised per covered day when coverage differs), top-N and a "
        "run-rate projection. The org is always the signed-in user's."
    )
    return [
        Tool(
            "query_metrics",
            description,
            QueryMetricsArgs,
            query_metrics,
            AGENT,
            timeout_s=MAX_SECONDS + 5,
            describe=describe_query_metrics,
        )
    ]
