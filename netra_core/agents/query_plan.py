"""The planner's check: a fixed tool answers only if it states every detail asked; otherwise one semantic query does.

`apply_asked(plan, asked)` runs after the planner has chosen its tool calls. A fixed analytics tool (get_kpis,
get_latency_by_model...) stays only when its answer text states every measure, grouping, comparison, order and
limit the question asked; otherwise the plan's calls become ONE `query_metrics` call whose arguments (a
SemanticQuery as JSON, with the window as `start`/`end` or `days`) carry all of them (two asks whose names are said
in the second only are two calls: the first over all traffic, the second filtered). A question that asks for
something the store cannot answer gets intent `cannot`: the supervisor says exactly what it could not do and what,
if anything, it answered instead. Nothing asked is substituted silently.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from netra_core.agents.asked import Asked
from netra_core.agents.asked_bands import OneCallBand
from netra_core.agents.asked_clauses import compute_unscoped_filters
from netra_core.agents.asked_coverage import COVERAGE_MEASURES
from netra_core.agents.asked_given import compute_given_measures
from netra_core.agents.asked_groups import NAME_KEYS, compute_whole_buckets
from netra_core.agents.asked_series import DISTINCT_COUNTS
from netra_core.agents.intents import Intent
from netra_core.agents.query_answer import LABELS
from netra_core.agents.vocabulary import DEFAULT_DAYS
from netra_core.analytics.semantic import (
    TOKEN_KIND_UNIT_COSTS,
    Comparison,
    Dimension,
    Grain,
    Measure,
    Order,
    SemanticQuery,
)
from netra_core.analytics.semantic_compare import SUMMABLE

if TYPE_CHECKING:
    from netra_core.agents.triage import Plan

QUERY_TOOL = "query_metrics"
# Groupings only the org's traffic has (a model or a provider may be the catalog's).
ORG_DIMENSIONS = frozenset(
    [
        Dimension.WORKLOAD,
        Dimension.USER,
        Dimension.SESSION,
        Dimension.TASK_TYPE,
        Dimension.ERROR_TYPE,
        Dimension.REGION,
        Dimension.STATUS,
        Dimension.WEEKDAY,
        Dimension.DAY_TYPE,
        Dimension.HOUR_OF_DAY,
    ]
)
# A trend by week or month over the default week is one bucket: such a question with no window gets this many days.
GRAIN_DEFAULT_DAYS = {Grain.WEEK: 56.0, Grain.MONTH: 180.0}
# Measures only the org's traffic holds (the catalog has prices and quality priors, none of these).
MEASURED_ONLY = frozenset(
    m for m in Measure if m.value.startswith(("latency", "ttft", "error", "quality_"))
) | frozenset(
    [
        Measure.USERS,
        Measure.SESSIONS,
        Measure.DAYS,
        Measure.SUCCESS_RATE,
        Measure.COST_PER_SUCCESSFUL_REQUEST,
        Measure.MODELS,
        Measure.PROVIDERS,
        Measure.WORKLOADS,
        Measure.STATUSES,
        Measure.ERROR_TYPES,
        Measure.REQUESTS_PER_SESSION,
        Measure.SESSIONS_PER_USER,
        Measure.COST_PER_USER,
        Measure.COST_PER_SESSION,
        Measure.MULTI_MODEL_USERS,
        Measure.MULTI_MODEL_USERS_SHARE,
        Measure.FIRST_EVENT,
        Measure.LAST_EVENT,
        Measure.USAGE_N,
        Measure.USER_ID_N,
        Measure.SESSION_ID_N,
    ]
)  # ("traffic" names requests, and a model comparison on the org's traffic is the catalog's)
# Intents about the org's traffic: the semantic query can answer them.
ANALYTICS_INTENTS = frozenset(
    ["kpis", "spend_change", "trend", "top_spenders", "latency", "errors", "unit_cost", "tokens", "caching", "batch"]
)
# The measures a question of each intent asks for when it names none (what its tool states).
DEFAULT_MEASURES: dict[str, list[Measure]] = {
    "kpis": [Measure.SPEND, Measure.REQUESTS],
    "spend_change": [Measure.SPEND],
    "trend": [Measure.SPEND],
    "top_spenders": [Measure.SPEND, Measure.REQUESTS],
    "latency": [Measure.LATENCY_P50, Measure.LATENCY_P95],
    "errors": [Measure.ERROR_RATE, Measure.ERRORS],
    "unit_cost": [Measure.COST_PER_REQUEST],
    "tokens": [Measure.AVG_INPUT_TOKENS, Measure.AVG_OUTPUT_TOKENS],
    "help": [Measure.SPEND],
}
_SPEND_GROUPS = frozenset([Dimension.MODEL, Dimension.WORKLOAD, Dimension.PROVIDER, Dimension.TASK_TYPE])
# What each fixed tool's answer text states: measures, groupings (the tool's "by"), comparisons, and whether it
# takes a time grain, a row limit. A question is left to the tool only when all it asks is in here.
TOOL_STATES: dict[str, dict[str, Any]] = {
    "get_kpis": {
        "measures": {
            Measure.SPEND,
            Measure.REQUESTS,
            Measure.LATENCY_P50,
            Measure.LATENCY_P95,
            Measure.ERROR_RATE,
            Measure.QUALITY,
        },
        "dimensions": frozenset(),
        "compare": {Comparison.PREVIOUS_PERIOD},
        "compare_measures": {Measure.SPEND},
    },
    "get_spend_change": {
        "measures": {Measure.SPEND},
        "dimensions": _SPEND_GROUPS,
        "compare": {Comparison.PREVIOUS_PERIOD},
        "compare_measures": {Measure.SPEND},
    },
    # (its text states each bucket's spend over all groups and the top group of the window, never each group's
    # spend in each bucket: "spend per workload per week" is the query's)
    "get_spend_over_time": {"measures": {Measure.SPEND}, "dimensions": frozenset(), "grain": True},
    "get_top_spenders": {
        "measures": {Measure.SPEND, Measure.REQUESTS},
        "dimensions": frozenset([Dimension.WORKLOAD, Dimension.USER, Dimension.SESSION, Dimension.MODEL]),
        "top_n": True,
    },
    "get_latency_by_model": {
        "measures": {Measure.LATENCY_P50, Measure.LATENCY_P95},
        "dimensions": frozenset([Dimension.MODEL]),
    },
    # (its text names each model that failed, with its errors and their share of its requests; a rate asked "per
    # model" is every model's rate side by side, the query's; "errors by model" is this tool's: see _tool_states)
    "get_error_breakdown": {
        "measures": {Measure.ERROR_RATE, Measure.ERRORS, Measure.REQUESTS},
        "dimensions": frozenset([Dimension.ERROR_TYPE]),
        "shares": {Measure.ERRORS},
    },
    "get_token_stats": {
        "measures": {Measure.AVG_INPUT_TOKENS, Measure.AVG_OUTPUT_TOKENS, Measure.REQUESTS},
        "dimensions": _SPEND_GROUPS,
    },
    "get_unit_costs": {
        "measures": {
            Measure.SPEND,
            Measure.REQUESTS,
            Measure.COST_PER_REQUEST,
            Measure.USERS,
            Measure.SESSIONS,
            Measure.COST_PER_USER,  # (its per user and per conversation figures, with the counts they divide by)
            Measure.COST_PER_SESSION,
        },
        "dimensions": frozenset(),
    },
    # Repeated prompts' spend per workload; latency-insensitive spend outside a batch API: "spend" there is theirs.
    "get_duplicate_share": {
        "measures": {Measure.SPEND, Measure.REQUESTS},
        "dimensions": frozenset([Dimension.WORKLOAD]),
    },
    "get_batchable_spend": {
        "measures": {Measure.SPEND, Measure.REQUESTS},
        "dimensions": frozenset([Dimension.WORKLOAD, Dimension.MODEL]),
    },
}
# Tools that rank by one measure: a question ranking by another ("top users by requests") is not theirs.
RANKED_BY = {"get_top_spenders": Measure.SPEND, "get_spend_change": Measure.SPEND}
COMPARISON_LABELS = {
    Comparison.PREVIOUS_PERIOD: "the period before",
    Comparison.PREVIOUS_MONTH: "the month before",
    Comparison.SAME_WEEKDAY_LAST_WEEK: "the same weekday a week before",
    Comparison.PREVIOUS_QUARTER: "the same dates a quarter before",
    Comparison.PREVIOUS_YEAR: "the same dates a year before",
    Comparison.PREVIOUS_FULL_MONTH: "the whole month before",
    Comparison.CHOSEN_WINDOW: "the other window named",
    Comparison.PREVIOUS_BUCKET: "the bucket before each",
}


def compute_measure_label(measure: Measure) -> str:
    """A measure as the answer names it ("p99 latency", "p95 time to first token", "spend on errored requests"): the
    answer's own table (query_answer.LABELS), so a plan and its answer never name one measure two ways."""
    return LABELS[measure]


def _tool_states(
    call_tool: str, call_args: dict[str, Any], asked: Asked, measures: list[Measure], dimensions: list[Dimension]
) -> bool:
    """Whether one fixed tool call states every measure and detail asked."""
    states = TOOL_STATES.get(call_tool)
    if states is None:
        return False
    if not set(measures) <= states["measures"]:
        return False
    if call_tool in RANKED_BY and measures and measures[0] != RANKED_BY[call_tool]:
        return False
    by = call_args.get("by")
    # (a grouping the tool takes but does not state group by group is not stated: see get_spend_over_time)
    tool_dims = {Dimension(str(by))} & states["dimensions"] if by in Dimension.__members__.values() else set()
    if call_tool in ("get_latency_by_model", "get_error_breakdown"):
        tool_dims = set(states["dimensions"])  # these always break down by model (and error type)
    if call_tool == "get_error_breakdown" and asked.errors_unnamed:
        tool_dims.add(Dimension.MODEL)  # "errors by model": it states each model's errors and their share
    if not set(dimensions) <= tool_dims:
        return False
    if call_tool == "get_token_stats" and not dimensions and len(call_args.get(f"{by}s", [])) != 1:
        # (its text states each group's means, never the whole's: "average prompt tokens for gpt-4o-mini" spans two
        # workloads; "for the summarizer" is one, its row the whole)
        return False
    if asked.compare != Comparison.NONE and (
        asked.compare not in states.get("compare", set()) or not set(measures) <= states.get("compare_measures", set())
    ):
        return False
    if asked.grain is not None and not states.get("grain"):
        return False
    if asked.top_n is not None and not states.get("top_n"):
        return False
    # no fixed tool states each group's share of the whole ("% of spend by provider")
    return not (
        asked.order == Order.ASC
        or asked.project_to is not None
        or asked.exclude
        or asked.instead
        or (asked.share and bool(dimensions) and not set(measures) <= states.get("shares", set()))
        or asked.annualize
        or asked.rate_per is not None
        or asked.monthly_run_rate
        or asked.mean_per_group
        or asked.median_per_group
        or asked.grand_total  # (the fixed tools list the groups without their whole)
        or asked.sd_per_group
        or asked.count_groups
        or asked.having is not None  # no fixed tool keeps only the groups over a bound
        or asked.mark is not None  # nor names the groups over one
        or asked.change_bound is not None  # nor keeps the groups whose change meets a bound
        or asked.share_within is not None  # nor shares each row of its group
        or asked.top_percent is not None  # nor adds up a per cent of the groups
        or asked.top_together  # nor the top N's sum
        or asked.extremes
        or asked.difference
        or asked.ratio
        or asked.given is not None  # no fixed tool applies a number the user gives
        or asked.at_rate_of is not None  # nor prices some calls at another row's cost per call
        or asked.percent_gap
        or bool(asked.calls_within)  # no fixed tool keeps only the calls within a bound on their own figure
        or asked.share_of_whole
        or bool(asked.error_kinds)  # no fixed tool states one error kind's rate or spend over all of the traffic
        or not _states_kind(states, asked, dimensions)
    )


# Figures the org's own traffic gives for the models it runs (the catalog gives list prices, not these).
_OWN_COST_MEASURES = frozenset(
    [
        Measure.COST_PER_1K_TOKENS,
        Measure.COST_PER_1M_TOKENS,
        *TOKEN_KIND_UNIT_COSTS,
        Measure.COST_PER_REQUEST,
        Measure.SPEND,
        Measure.REQUESTS,
        Measure.INPUT_TOKENS,
        Measure.OUTPUT_TOKENS,
        Measure.TOTAL_TOKENS,
    ]
)


# Figures measured on the org's calls, never on a price list: "avg qual sonnet vs haiku, 30d" is the scores its calls
# got, not the catalog's quality prior.
_OBSERVED_MEASURES = frozenset(
    m
    for m in Measure
    if m.value.startswith(("quality", "latency_", "ttft_")) or m in (Measure.ERROR_RATE, Measure.ERRORS)
)


# Figures only the org's own calls give, whatever the window: "avg tokens per request for gpt-4o vs claude", "cost
# per call, gpt-4o vs sonnet", "quality of haiku vs sonnet" (a price list holds prices per token, not these).
_MEASURED_ON_TRAFFIC = (
    _OBSERVED_MEASURES
    | MEASURED_ONLY
    | frozenset(m for m in Measure if m.value.startswith(("avg_", "input_tokens", "output_tokens")))
    | frozenset(
        [
            Measure.TOTAL_TOKENS,
            Measure.CACHED_TOKENS,
            Measure.REASONING_TOKENS,
            Measure.REQUESTS,
            Measure.COST_PER_REQUEST,
            Measure.QUALITY,
            Measure.INPUT_OUTPUT_RATIO,
            Measure.OUTPUT_INPUT_RATIO,
        ]
    )
)


def is_measured_on_traffic(plan: Plan, asked: Asked) -> bool:
    """Whether a question naming models the org runs ("gpt-4o vs claude-3-5-sonnet") asks a figure measured on its
    calls (tokens, latency, errors, quality, cost per call), not list prices (no price, pricing or catalog said)."""
    runs_them = bool(plan.models) and set(plan.candidates) <= set(plan.models)
    return runs_them and not asked.list_prices and bool(asked.measures) and set(asked.measures) <= _MEASURED_ON_TRAFFIC


def is_own_traffic_cost(plan: Plan, asked: Asked) -> bool:
    """Whether a question about models the org runs asks what its own traffic cost (a window said, or a yearly run
    rate), rather than a comparison of list prices or a what-if on models it does not run."""
    runs_them = bool(plan.models) and set(plan.candidates) <= set(plan.models)
    if not runs_them or not asked.measures or not set(asked.measures) <= _OWN_COST_MEASURES | _OBSERVED_MEASURES:
        return False
    if plan.intent == Intent.COMPARE_MODELS and asked.own_traffic and set(asked.measures) <= _OWN_COST_MEASURES:
        return True  # "how much of our spend is on gpt-4o-mini vs gpt-4o": the org's spend on each, no window said
    return asked.annualize or (bool(asked.window) and plan.intent == Intent.COMPARE_MODELS)


def _states_kind(states: dict[str, Any], asked: Asked, dimensions: list[Dimension]) -> bool:
    """Whether a tool states the error kind filtered on ("any timeouts on groq"): only one that counts each error
    type, with no other grouping asked (then the kind's count is one of its rows); true when no kind is filtered."""
    unnamed = set(asked.filters) - set(NAME_KEYS.values())
    if not unnamed:
        return True
    return unnamed == {Dimension.ERROR_TYPE} and Dimension.ERROR_TYPE in states["dimensions"] and not dimensions


def compute_window_bounds(window: dict[str, Any], now: datetime) -> tuple[datetime, datetime]:
    """A plan window (`days`, or `start`/`end`) as datetimes."""
    if "days" in window:
        end = now.astimezone(UTC)
        # whole seconds: "the last 2 hours" (0.083333 days) starts at 10:00:00, not 30 ms after it
        return end - timedelta(seconds=round(float(window["days"]) * 86400)), end
    return datetime.fromisoformat(str(window["start"])), datetime.fromisoformat(str(window["end"]))


def compute_query_args(plan: Plan, asked: Asked, measures: list[Measure], now: datetime) -> dict[str, Any]:
    """query_metrics' arguments: every detail asked, checked against SemanticQuery, with the plan's window."""
    dimensions = list(asked.dimensions)
    if {Dimension.WEEKDAY, Dimension.DAY_TYPE} & set(dimensions) and Measure.DAYS not in measures:
        # five weekdays against two weekend days (four Mondays, five Fridays): each row's days, to state per day
        measures = [*measures, Measure.DAYS]
    excluded = {v for values in asked.exclude.values() for v in values}
    filters: dict[Dimension, list[str]] = {}
    for key, dimension in NAME_KEYS.items():
        # a share is the named values beside all others: grouped by their dimension, not filtered to them
        values = [v for v in getattr(plan, key) if v not in excluded and not (asked.share and dimension in dimensions)]
        if values:
            filters[dimension] = values
    for dimension, values in asked.filters.items():  # what no plan field holds (an error kind)
        if dimension not in NAME_KEYS.values():
            filters[dimension] = list(values)
    start, end = compute_window_bounds(plan.window, now)
    order_by = measures[0] if asked.order == Order.ASC or asked.top_n else None
    query = SemanticQuery(
        measures=measures,
        dimensions=dimensions[:3],
        filters=filters,
        exclude=asked.exclude,
        start=start,
        end=end,
        grain=asked.grain,
        compare=asked.compare,
        order_by=order_by,
        order=asked.order,
        top_n=asked.top_n,
        compare_start=asked.compare_window.get("start"),
        compare_end=asked.compare_window.get("end"),
        project_to=asked.project_to if asked.project_to and asked.project_to > end else None,
        annualize=asked.annualize,
        rate_per=asked.rate_per,
        rate_also=asked.rate_also if asked.rate_per is not None else [],
        monthly_run_rate=asked.monthly_run_rate,
        mean_per_group=asked.mean_per_group and len(dimensions) == 1,
        median_per_group=asked.median_per_group
        and (len(dimensions) == 1 or (not dimensions and asked.grain is not None)),
        sd_per_group=asked.sd_per_group and (len(dimensions) == 1 or (not dimensions and asked.grain is not None)),
        count_groups=asked.count_groups and len(dimensions) == 1,
        extremes=asked.extremes,
        difference=asked.difference,
        ratio=asked.ratio,
        error_kinds=asked.error_kinds,
        budget_usd=asked.budget_usd,
        given=asked.given if _reads_given(asked, measures) else None,
        percent_gap=asked.percent_gap,
        having=asked.having if asked.having is not None and asked.having.measure in measures else None,
        mark=asked.mark if asked.mark is not None and asked.mark.measure in measures else None,
        change_bound=asked.change_bound
        if asked.change_bound is not None
        and asked.change_bound.measure in measures
        and asked.compare != Comparison.NONE
        and (dimensions or asked.grain)
        else None,
        share_within=asked.share_within if asked.share_within in dimensions and len(dimensions) >= 2 else None,
        top_percent=asked.top_percent if len(dimensions) == 1 and asked.top_n is None else None,
        quality_band=asked.quality_band,
        prompt_band=asked.prompt_band,
        latency_band=asked.latency_band,
        ttft_band=asked.ttft_band,
        cost_band=asked.cost_band,
        band_upper=asked.band_upper,
        calls_within=asked.calls_within,
        at_rate_of=asked.at_rate_of if len(dimensions) == 1 else None,
        # (the groups meeting a bound together: "how many users made over 380 calls, and their share of the calls")
        share_of_whole=asked.share_of_whole
        and not asked.grain
        and (
            (
                bool({Dimension.HOUR_OF_DAY, Dimension.DAY_TYPE} & set(filters) or asked.groups or asked.calls_within)
                and not dimensions
            )
            or (asked.having is not None and asked.having.measure in measures and len(dimensions) == 1)
        ),
    )
    args = query.model_dump(mode="json", exclude={"start", "end"}, exclude_defaults=True)
    # query_metrics takes whole `days` (a window ending now) or `start`/`end`: "the last 6 hours" is the latter.
    days = plan.window.get("days")
    if days is not None and float(days).is_integer():
        return {**args, "days": int(days)}
    return {**args, "start": start.isoformat(), "end": end.isoformat()}


def _reads_given(asked: Asked, measures: list[Measure]) -> bool:
    """Whether the query's measures hold what the given number is applied to."""
    return asked.given is not None and set(compute_given_measures(asked.given)) <= set(measures)


def compute_query_label(args: dict[str, Any]) -> str:
    """What a query_metrics call answers, in words ("p99 latency by model, over the last 7 days")."""
    text = ", ".join(compute_measure_label(Measure(m)) for m in args.get("measures", []))
    if args.get("dimensions"):
        text += " by " + " and ".join(str(d).replace("_", " ") for d in args["dimensions"])
    if args.get("grain"):
        text += f" per {args['grain']}"
    for key, word in (("filters", "for"), ("exclude", "excluding")):
        if args.get(key):
            named = ", ".join(v for values in args[key].values() for v in values)
            # ("for the support team (support-bot, ticket-classifier)": a group the question defines, named)
            text += (
                f" {word} {args['group_name']} ({named})"
                if key == "filters" and args.get("group_name")
                else f" {word} {named}"
            )
    if args.get("compare") and args["compare"] != "none":
        text += f", compared with {COMPARISON_LABELS[Comparison(args['compare'])]}"
    if args.get("top_n"):
        text += f", {'bottom' if args.get('order') == 'asc' else 'top'} {args['top_n']}"
    elif args.get("order") == "asc":
        text += ", lowest first"
    if args.get("project_to"):
        text += f", projected at run rate to {str(args['project_to'])[:10]}"
    if args.get("rate_per"):
        text += f", per {args['rate_per']} of the window"
    if args.get("monthly_run_rate"):
        text += ", at a monthly run rate"
    if args.get("difference"):
        text += ", with the difference between the two"
    if args.get("ratio"):
        text += ", with the ratio of the two"
    if args.get("extremes"):
        text += ", its highest and lowest"
    if given := args.get("given"):
        text += f", against the {str(given['kind']).replace('_', ' ')} given, {given['value']:g}"
    if args.get("percent_gap"):
        text += ", with the percent between the highest and the lowest"
    if args.get("mean_per_group"):
        text += ", with the mean per group"
    if args.get("median_per_group"):
        text += ", with the median over the groups"
    if args.get("sd_per_group"):
        text += ", with the standard deviation over the groups"
    if args.get("count_groups"):
        text += ", with how many groups there are"
    if having := args.get("having"):
        text += (
            f", only where {compute_measure_label(Measure(having['measure']))} {having['bound']} {having['value']:g}"
        )
    if band := args.get("quality_band"):
        text += f", the band being quality {band['bound']} {band['value']:g}"
    if band := args.get("prompt_band"):
        text += f", the band being input tokens {band['bound']} {band['value']:g}"
    if band := args.get("latency_band"):
        text += f", the band being latency {band['bound']} {band['value']:g} ms"
    if band := args.get("ttft_band"):
        text += f", the band being time to first token {band['bound']} {band['value']:g} ms"
    if band := args.get("cost_band"):
        text += f", the band being a request's cost {band['bound']} ${band['value']:g}"
    for b in args.get("calls_within") or []:  # "calls longer than 4000 input tokens": only those calls
        text += f", only the calls with {b['figure']} {b['bound']} {b['value']:g}"
    if rated := args.get("at_rate_of"):
        text += f", the other rows' requests priced at {rated}'s cost per request"
    if band := args.get("band_upper"):
        text += f" and {band['bound']} {band['value']:g}"
    if args.get("annualize"):
        text += ", at a yearly run rate"
    return text


def _repeats_plan(plan: Plan, asked: Asked) -> Plan:
    """Spend on repeated prompts (what a response cache would save): the duplicate-prompt tool over the window, per
    workload; what it does not state (a comparison, a series, another grouping) is said as not answered."""
    from netra_core.agents.triage import ToolCall

    plan.intent = Intent.CACHING
    plan.calls = [ToolCall(agent="data_analysis", tool="get_duplicate_share", args=plan.filters())]
    unstated = []
    if asked.compare != Comparison.NONE:
        unstated.append(f"compared with {COMPARISON_LABELS.get(asked.compare, 'another window')}")
    if asked.grain is not None:
        unstated.append(f"per {asked.grain.value}")
    if others := [d for d in asked.dimensions if d != Dimension.WORKLOAD]:
        unstated.append("by " + " and ".join(d.value.replace("_", " ") for d in others))
    if asked.exclude:
        unstated.append("excluding " + ", ".join(v for values in asked.exclude.values() for v in values))
    if unstated:
        plan.cannot.append(
            f"the spend on repeated prompts {', '.join(unstated)} (repeated prompts are measured per workload over "
            "one window); that window's repeated-prompt spend per workload is answered instead"
        )
        plan.intent = Intent.CANNOT
    return plan


_BUCKET_NOW = {
    Grain.HOUR: "the hour in progress",
    Grain.DAY: "today",
    Grain.WEEK: "this week",
    Grain.MONTH: "this month",
}


def _rank_whole_buckets(plan: Plan, asked: Asked, measures: list[Measure], grain: Grain | None, now: datetime) -> None:
    """A ranking of time buckets by volume, lowest first ("the quietest day last week"), ranks whole buckets: the one
    in progress (today so far) would rank low for being partial, so it is left out, and the answer says so. (Both ends
    asked, "the most and the fewest", list it flagged as partial: the answer's row label says so.)"""
    lowest = asked.order == Order.ASC and bool(asked.top_n) and not asked.extremes
    if grain is None or not lowest or not set(measures) <= SUMMABLE:
        return
    if asked.compare != Comparison.NONE:
        return
    start, end = compute_window_bounds(plan.window, now)
    whole = compute_whole_buckets(start, end, grain, now, rolling="days" in plan.window)
    if whole is None:
        return
    first, until = (f"{t:%Y-%m-%d %H:%M} UTC" if grain == Grain.HOUR else f"{t:%Y-%m-%d}" for t in whole)
    plan.window = {"start": whole[0].isoformat(), "end": whole[1].isoformat()}
    plan.window_label = f"the whole {grain.value}s from {first} to the start of {until}"
    note = {
        "kind": "partial_bucket",
        "detail": f"{_BUCKET_NOW[grain]} ({until}) is only partly over, so it is left out of the ranking: "
        f"it ranks the whole {grain.value}s from {first} to the start of {until}",
    }
    plan.notes = [*(n for n in plan.notes if n["kind"] != "partial_bucket"), note]


def _queries_plan(plan: Plan, build: Callable[[], list[dict[str, Any]]], shown: int) -> Plan:
    """A question answered by several queries (`build` gives their arguments): one call each, the one at `shown` kept
    as the plan's query (a follow-up continues it). A window a query cannot take is said, not dropped."""
    from netra_core.agents.triage import ToolCall  # triage calls this module; imported late to keep one direction

    try:
        calls = build()
    except ValueError as exc:
        plan.cannot.append(f"the query as asked ({str(exc).splitlines()[-1].strip()})")
        plan.intent, plan.calls = Intent.CANNOT, []
        return plan
    plan.query = calls[shown]
    plan.calls = [ToolCall(agent="data_analysis", tool=QUERY_TOOL, args=args) for args in calls]
    if plan.cannot:
        plan.intent = Intent.CANNOT
    return plan


def _scope_share_plan(plan: Plan, asked: Asked, measures: list[Measure], now: datetime) -> Plan:
    """A scope's share of the whole and a part's share within the scope, both asked ("openai's share of october
    spend, and gpt-4o's share within the openai spend"): one query of the scope's dimension over all the traffic
    (openai beside every other provider), one of the part's within the scope (gpt-4o beside openai's other models)."""
    part_key = next(key for key, d in NAME_KEYS.items() if d == asked.share_part)
    scope = asked.scope_share
    whole = asked.model_copy(
        update={
            "dimensions": [scope],
            "filters": {d: v for d, v in asked.filters.items() if d != asked.share_part},
            "share_part": None,
            "scope_share": None,
        }
    )
    within = asked.model_copy(update={"scope_share": None})
    return _queries_plan(
        plan,
        lambda: [
            compute_query_args(plan.model_copy(update={part_key: []}), whole, measures, now),
            compute_query_args(plan, within, measures, now),
        ],
        shown=1,
    )


def _scoped_asks_plan(plan: Plan, asked: Asked, now: datetime) -> Plan:
    """Two asks, the names said only in the second ("the weekend's calls, and how many anthropic calls failed"):
    one query of the first ask over all traffic, one of the second filtered to its names, each answered."""
    whole = plan.model_copy(update={key: [] for key in NAME_KEYS})
    first = asked.model_copy(
        update={
            "filters": {
                d: v
                for d, v in compute_unscoped_filters(asked.filters).items()
                if d != Dimension.ERROR_TYPE or asked.unscoped_kinds
            },
            "exclude": {},
            "error_kinds": asked.error_kinds if asked.unscoped_kinds else [],
        }
    )
    return _queries_plan(
        plan,
        lambda: [
            compute_query_args(whole, first, asked.unscoped, now),
            compute_query_args(plan, asked, asked.scoped, now),
        ],
        shown=1,
    )  # a follow-up ("and last month?") continues the named values' query


def _vs_rest_plan(plan: Plan, asked: Asked, measures: list[Measure], now: datetime) -> Plan:
    """The value named against the rest of its dimension taken together ("search-rag's error rate compared with all
    the other workloads combined", "u12's against everyone else's"): one query of the named value, one of every other
    value (the named left out)."""
    named = (*NAME_KEYS.values(), Dimension.USER)
    rest = asked.model_copy(
        update={
            "exclude": {d: list(v) for d, v in asked.filters.items() if d in named},
            "filters": {d: list(v) for d, v in asked.filters.items() if d not in named},
        }
    )
    return _queries_plan(
        plan,
        lambda: [compute_query_args(plan, asked, measures, now), compute_query_args(plan, rest, measures, now)],
        shown=0,
    )


def _groups_plan(plan: Plan, asked: Asked, measures: list[Measure], now: datetime) -> Plan:
    """Groups the message defines ("Teams: support = support-bot + ticket-classifier, growth = ..."): one query per
    group, filtered to its members taken together and named as the message names it."""
    key = next(k for k, d in NAME_KEYS.items() if d == asked.groups[0].dimension)
    # ("our 'openai core' group is gpt-4o + gpt-4o-mini": openai names the group, it filters nothing)
    in_names = {
        k: [v for v in getattr(plan, k) if not any(v.lower() in g.name for g in asked.groups)]
        for k in NAME_KEYS
        if k != key
    }

    def build() -> list[dict[str, Any]]:
        calls = []
        for group in asked.groups:
            one = asked.model_copy(update={"filters": {**asked.filters, group.dimension: list(group.members)}})
            scoped = plan.model_copy(update={**in_names, key: list(group.members)})
            args = compute_query_args(scoped, one, measures, now)
            calls.append({**args, "group_name": group.label})
        return calls

    return _queries_plan(plan, build, shown=0)


def _periods_plan(plan: Plan, asked: Asked, measures: list[Measure], now: datetime) -> Plan:
    """Periods named one after another ("september vs october vs november so far"): one query each, each against
    the one before it (with no time series asked); after their sum ("combined, and each month"), each part."""
    together = asked.window == {k: asked.periods[0][k] for k in ("start", "end")} and len(asked.periods) > 2

    def build() -> list[dict[str, Any]]:
        calls = []
        for i, period in enumerate(asked.periods):
            window = {k: period[k] for k in ("start", "end")}
            chained = i > 0 and asked.grain is None and not (together and i == 1)
            before = {k: asked.periods[i - 1][k] for k in ("start", "end")} if chained and not together else {}
            one = asked.model_copy(
                update={"compare": Comparison.CHOSEN_WINDOW if before else Comparison.NONE, "compare_window": before}
            )
            calls.append(compute_query_args(plan.model_copy(update={"window": window}), one, measures, now))
        return calls

    return _queries_plan(plan, build, shown=-1)


def _window_total_plan(plan: Plan, asked: Asked, measures: list[Measure], now: datetime) -> Plan:
    """Buckets meeting a bound and the window as a whole ("on how many days did the support-bot have no failed calls,
    and what was its error rate for the month"): the bounded buckets' query, and one of the window's own figures."""
    whole = asked.model_copy(update={"grain": None, "having": None, "count_groups": False, "top_n": None})
    return _queries_plan(
        plan,
        lambda: [compute_query_args(plan, asked, measures, now), compute_query_args(plan, whole, measures, now)],
        shown=0,
    )


def _breakdown_plan(plan: Plan, asked: Asked, measures: list[Measure], now: datetime) -> Plan:
    """Distinct counts and a second ask by a grouping ("how many models and how many providers, and how many calls
    went to each provider"): one query of the counts over all the traffic, one of the other measures by the grouping."""
    counts = [m for m in measures if m in DISTINCT_COUNTS]
    rest = [m for m in measures if m not in DISTINCT_COUNTS] or [Measure.REQUESTS]
    grouped = asked.model_copy(update={"dimensions": [asked.breakdown]})
    return _queries_plan(
        plan,
        lambda: [compute_query_args(plan, asked, counts, now), compute_query_args(plan, grouped, rest, now)],
        shown=1,
    )


def _bands_plan(plan: Plan, asked: Asked, measures: list[Measure], now: datetime) -> Plan:
    """Several bands of one call's figure in one ask ("what share of calls cost under a cent, between 1 and 5 cents,
    and over 5 cents"): one query each, in the order asked, so every band is answered."""
    field = next(f for f in ("latency_band", "ttft_band", "cost_band") if getattr(asked, f) is not None)
    first = OneCallBand(cut=getattr(asked, field), upper=asked.band_upper)
    bands = [first, *asked.more_bands]
    return _queries_plan(
        plan,
        lambda: [
            compute_query_args(
                plan, asked.model_copy(update={field: b.cut, "band_upper": b.upper, "more_bands": []}), measures, now
            )
            for b in bands
        ],
        shown=0,
    )


def apply_asked(plan: Plan, asked: Asked, now: datetime, previous_query: dict[str, Any] | None = None) -> Plan:
    """Keep the plan's fixed tool only if it states every detail asked; else one query_metrics call; or `cannot`."""
    from netra_core.agents.triage import ToolCall  # triage calls this module; imported late to keep one direction

    # A follow-up of a declined question ("and last month?") still cannot do what it could not.
    carried = list(plan.cannot) if plan.is_follow_up and plan.intent == Intent.CANNOT else []
    plan.query, plan.cannot = None, list(asked.cannot) or ([] if asked.measures else carried)
    if plan.intent == Intent.REPORT and asked.declined and not plan.is_report_run:
        # "what uptime did openai's status page report": "report" is the verb of a subject the events do not hold,
        # not a request for the written summary
        plan.intent, plan.calls = Intent.CANNOT, []
        return plan
    if plan.intent == Intent.REPORT and not plan.is_report_run and asked.measures and asked.for_own_report:
        # "last blank of the report: 'tokens processed in the last 30 days: ___ input / ___ output'": figures for the
        # user's own report, not the written summary
        plan.intent, plan.calls = Intent.KPIS, []
    if plan.intent == Intent.REPORT and not plan.is_report_run and COVERAGE_MEASURES & set(asked.measures):
        # "how many calls reported token usage, and how many tokens did they report": what the calls reported, not
        # the written summary
        plan.intent, plan.calls = Intent.KPIS, []
    if plan.intent in (Intent.SAVE_REFERENCE, Intent.SET_PRICE, Intent.REPORT):
        return plan
    if asked.declined:  # about what the events do not hold (invoices, teams...): any figure would answer another
        plan.intent, plan.calls = Intent.CANNOT, []
        return plan
    # "help" with a measure named had no intent word; "cannot" is a plan checked again (a saved @filter applied) or
    # continued: what it answers is its measures, the thread's query, or the headline figures.
    analytics = (
        plan.intent in ANALYTICS_INTENTS
        or (
            plan.intent in (Intent.HELP, Intent.CANNOT)
            and bool(
                asked.measures
                or asked.instead
                or previous_query
                or asked.project_to
                or asked.compare != Comparison.NONE
            )
        )
        or (plan.intent == Intent.CANNOT and plan.is_follow_up)
    )
    if plan.intent in (Intent.COMPARE_MODELS, Intent.COST_ON_TRAFFIC, Intent.CATALOG) and (
        is_own_traffic_cost(plan, asked) or is_measured_on_traffic(plan, asked)
    ):
        # "cost per 1k tokens, gpt-4o vs gpt-4o-mini, last 30 days": what the org's own calls cost, not list prices
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
    if (
        plan.intent in (Intent.COMPARE_MODELS, Intent.CATALOG)
        and asked.own_traffic
        and asked.window
        and asked.measures
        and set(asked.measures) <= _OWN_COST_MEASURES
    ):
        # "which vendor has been the cheapest per million tokens for us over the last 30 days": what the org's own
        # calls cost over that window, not the list prices
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
    if plan.intent in (Intent.COMPARE_MODELS, Intent.CATALOG) and asked.given is not None and asked.window:
        # "the tier starts at 15 million input tokens: how far short were we in October", "a flat $0.0005 a call
        # against what we paid": the user's number applied to the org's own figures, not a price list
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
    if (
        plan.intent in (Intent.COMPARE_MODELS, Intent.COST_ON_TRAFFIC, Intent.CATALOG, Intent.WHAT_IF, Intent.OPTIMIZE)
        and asked.at_rate_of is not None
    ):
        # "what would our sonnet calls have cost at haiku's cost per call": the org's own cost per call of one named
        # value applied to the other's calls, not list prices
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
    if plan.intent in (Intent.OPTIMIZE, Intent.CATALOG, Intent.COMPARE_MODELS) and asked.charged and asked.measures:
        # "policy change: we no longer charge teams for failed calls ... recompute each team's charge": what the teams
        # the message defines are billed, their calls' spend, not a routing policy or a price list
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
    if plan.intent in (Intent.OPTIMIZE, Intent.KPIS) and asked.budget_usd is not None:
        # "how much of our $350 budget is left": where spend stands against it, not a policy that meets it (nor the
        # headline figures, which state no budget: "we set a $350 budget for november. how much of it is left?")
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
    if plan.intent == Intent.CATALOG and Dimension.WORKLOAD in asked.filters and not plan.candidates:
        # "did code review get pricier? sept vs oct": what one of the org's workloads cost, not the price list
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
        asked = asked.model_copy(update={"measures": asked.measures or [Measure.SPEND]})
    if analytics and asked.cut and (asked.window or not plan.is_follow_up):
        if asked.window:  # the window read without the comparison/projection phrase ("vs last month" is no window)
            plan.window, plan.window_label = dict(asked.window), asked.window_label
            for call in plan.calls:  # the fixed tools read the window the comparison phrase left
                if {"days", "start", "end"} & set(call.args):
                    call.args = {
                        **{k: v for k, v in call.args.items() if k not in ("days", "start", "end")},
                        **plan.window,
                    }
        elif asked.compare == Comparison.SAME_WEEKDAY_LAST_WEEK:
            day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
            plan.window, plan.window_label = {"start": day.isoformat(), "end": now.isoformat()}, "today so far"
        elif asked.compare == Comparison.PREVIOUS_QUARTER:  # "quarter over quarter": this quarter so far
            day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
            start = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
            plan.window, plan.window_label = (
                {"start": start.isoformat(), "end": now.isoformat()},
                "this quarter to date",
            )
        elif asked.compare in (Comparison.PREVIOUS_MONTH, Comparison.PREVIOUS_FULL_MONTH, Comparison.PREVIOUS_YEAR):
            day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
            monthly = asked.compare != Comparison.PREVIOUS_YEAR
            start = day.replace(day=1) if monthly else day.replace(month=1, day=1)
            plan.window = {"start": start.isoformat(), "end": now.isoformat()}
            plan.window_label = f"{'this month' if monthly else 'this year'} to date"
    if asked.repeats and (analytics or plan.intent == Intent.CACHING):
        return _repeats_plan(plan, asked)
    if (
        plan.intent in (Intent.COMPARE_MODELS, Intent.COST_ON_TRAFFIC, Intent.CATALOG)
        and set(asked.measures) & MEASURED_ONLY
    ):
        # "average latency for sonnet vs gpt-4o": measured on the org's traffic, not the catalog's list prices
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
    if plan.intent == Intent.CATALOG and asked.grain is not None and not plan.candidates:
        # "what was the cheapest day in october", "our priciest week": the org's own spend per period, not prices
        plan.intent, plan.calls, analytics = Intent.KPIS, [], True
        asked = asked.model_copy(update={"measures": asked.measures or [Measure.SPEND]})
    if plan.intent == Intent.CATALOG and set(asked.dimensions) & ORG_DIMENSIONS:
        # "the 5 cheapest workloads": the catalog has models and prices, not the org's workloads or users
        plan.intent, plan.calls, analytics = Intent.TOP_SPENDERS, [], True
    if not analytics:
        if plan.cannot:  # what the plan's own tool answers (a comparison, a policy...) is said as the "instead"
            plan.intent = Intent.CANNOT
        return plan
    measures = list(asked.measures)
    if previous_query and not measures and not asked.instead:
        measures = [Measure(m) for m in previous_query["measures"]]  # "and for last month?" after a p99 query
        asked = asked.model_copy(
            update={
                "dimensions": asked.dimensions or [Dimension(d) for d in previous_query.get("dimensions", [])],
                "compare": asked.compare
                if asked.compare != Comparison.NONE
                else Comparison(previous_query.get("compare", "none")),
                "grain": asked.grain or previous_query.get("grain"),
                "top_n": asked.top_n or previous_query.get("top_n"),
                "order": Order(previous_query.get("order", asked.order.value))
                if asked.order == Order.DESC
                else asked.order,
                "exclude": asked.exclude or {Dimension(k): v for k, v in previous_query.get("exclude", {}).items()},
                "compare_window": asked.compare_window
                if asked.compare != Comparison.NONE
                else {
                    k: previous_query[f"compare_{k}"] for k in ("start", "end") if previous_query.get(f"compare_{k}")
                },
            }
        )
    asked_measures = list(measures)
    measures = [*measures, *(m for m in asked.instead if m not in measures)]
    # Nothing the store holds was asked ("our carbon footprint"): say so and answer nothing else, unless the plan's
    # own tool is about the question's subject ("the ROI of caching": what repeated prompts cost).
    if not measures and plan.cannot and (not plan.calls or plan.intent in (Intent.KPIS, Intent.HELP, Intent.CANNOT)):
        plan.intent, plan.calls = Intent.CANNOT, []  # nothing the store holds was asked: say so, answer nothing else
        return plan
    dimensions = list(asked.dimensions)
    # A follow-up keeps the thread's grouping ("and just anthropic?" after "split by task").
    thread_by = Dimension(str(plan.group_by)) if plan.group_by in Dimension.__members__.values() else None
    if plan.is_follow_up and thread_by and thread_by not in dimensions and plan.intent != Intent.UNIT_COST:
        dimensions.append(thread_by)
    # "what's the damage this fortnight": a measure named, no intent word: the headline figures
    if plan.intent in (Intent.HELP, Intent.CANNOT):
        plan.intent, plan.calls = Intent.KPIS, [ToolCall(agent="data_analysis", tool="get_kpis", args=plan.filters())]
    check = asked_measures  # nothing named: the intent's tool states what it is about
    shared = [d for key, d in NAME_KEYS.items() if getattr(plan, key)] if asked.share else []
    if asked.share_part in shared:  # "what percent of search-rag calls used gpt-4o-mini": the part's dimension
        shared = [asked.share_part, *(d for d in shared if d != asked.share_part)]
    if shared and shared[0] not in dimensions:
        dimensions.insert(0, shared[0])
        plan.calls = []  # no fixed tool states a named value's share of the whole
    plan.rest = bool(shared) and asked.rest
    plan.share_bound = asked.share_bound if shared else None
    if asked.scope_share is not None and asked.share_part in dimensions:
        # "openai's share of october spend, and gpt-4o's share within the openai spend": both shares asked
        scoped = asked.model_copy(update={"dimensions": dimensions})
        return _scope_share_plan(plan, scoped, measures or DEFAULT_MEASURES.get(plan.intent, [Measure.SPEND]), now)
    if (
        asked.compare == Comparison.PREVIOUS_PERIOD
        and (plan.intent == Intent.TOP_SPENDERS or (bool(dimensions) and Measure.SPEND in check))
        and set(check) <= {Measure.SPEND, Measure.REQUESTS}
    ):
        # Top spenders, or spend per group, against the period before: the spend-change tool states both windows.
        by = dimensions[0] if dimensions else Dimension.WORKLOAD
        if by in _SPEND_GROUPS and len(dimensions) <= 1 and not asked.top_n and asked.order == Order.DESC:
            plan.intent = Intent.SPEND_CHANGE
            plan.calls = [
                ToolCall(agent="data_analysis", tool="get_spend_change", args={**plan.filters(), "by": by.value})
            ]
            check = [Measure.SPEND]
    # (get_spend_change fits spend per group with no comparison asked: its text states every group's spend in the
    # window, from the period before to now)
    if asked.more_bands and any(getattr(asked, f) is not None for f in ("latency_band", "ttft_band", "cost_band")):
        return _bands_plan(plan, asked.model_copy(update={"dimensions": dimensions}), measures, now)
    if asked.window_total and asked.having is not None and asked.grain is not None and not dimensions:
        return _window_total_plan(plan, asked, measures or [asked.having.measure], now)
    if asked.breakdown is not None and set(measures) & DISTINCT_COUNTS:
        return _breakdown_plan(plan, asked.model_copy(update={"dimensions": []}), measures, now)
    if asked.groups:  # "Teams: support = support-bot + ticket-classifier, ...": each team's members together
        groups_asked = asked.model_copy(update={"dimensions": dimensions})
        return _groups_plan(plan, groups_asked, measures or DEFAULT_MEASURES.get(plan.intent, [Measure.SPEND]), now)
    if asked.periods:  # "september vs october vs november so far": each period
        periods_asked = asked.model_copy(update={"dimensions": dimensions})
        return _periods_plan(plan, periods_asked, measures or DEFAULT_MEASURES.get(plan.intent, [Measure.SPEND]), now)
    if asked.vs_rest:
        return _vs_rest_plan(plan, asked, measures or DEFAULT_MEASURES.get(plan.intent, [Measure.SPEND]), now)
    if asked.unscoped and (any(getattr(plan, key) for key in NAME_KEYS) or asked.filters):
        return _scoped_asks_plan(plan, asked.model_copy(update={"dimensions": dimensions}), now)
    fits = bool(plan.calls) and all(_tool_states(c.tool, c.args, asked, check, dimensions) for c in plan.calls)
    if fits:
        for call in plan.calls:  # "which 3 users spent the most": the tool lists as many rows as were asked
            if call.tool == "get_top_spenders" and asked.top_n:
                call.args = {**call.args, "limit": min(asked.top_n, 100)}
        if plan.cannot:
            plan.intent = Intent.CANNOT
        return plan
    query_measures = measures or DEFAULT_MEASURES.get(plan.intent, [Measure.SPEND])
    grain = Grain(asked.grain) if asked.grain else None
    if (
        grain in GRAIN_DEFAULT_DAYS
        and not asked.window
        and not plan.is_follow_up
        and plan.window == {"days": DEFAULT_DAYS}
    ):
        days = GRAIN_DEFAULT_DAYS[grain]
        plan.window, plan.window_label = {"days": days}, f"the last {days:g} days"
    _rank_whole_buckets(plan, asked, query_measures, grain, now)
    try:
        args = compute_query_args(plan, asked.model_copy(update={"dimensions": dimensions}), query_measures, now)
    except ValueError as exc:  # a window the query cannot take (its end not after its start...): said, not dropped
        plan.cannot.append(f"the query as asked ({str(exc).splitlines()[-1].strip()})")
        plan.intent = Intent.CANNOT
        return plan
    plan.query = args
    plan.calls = [ToolCall(agent="data_analysis", tool=QUERY_TOOL, args=args)]
    if plan.cannot:
        plan.intent = Intent.CANNOT
    return plan
