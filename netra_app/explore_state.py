"""The Explore page's query builder state: what the widgets hold, its URL form, and the SemanticQuery it makes.

Pure (no streamlit): the page reads and writes `st.query_params` and the widgets; this module parses the URL
defensively (a bad value falls back to its default and says so), computes the window from a preset and builds
the query. The org is never part of the state: the page passes the signed-in user's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from typing import TypeVar

import pydantic

from netra_core.agents.query_answer import LABELS
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure, Order, SemanticQuery
from netra_core.analytics.semantic_compare import compute_month_shift
from netra_core.errors import ValidationError

WINDOWS = {
    "last_7_days": "Last 7 days",
    "last_30_days": "Last 30 days",
    "last_90_days": "Last 90 days",
    "month_to_date": "Month to date",
    "last_month": "Last month",
    "custom": "Custom dates",
}
_DAYS = {"last_7_days": 7, "last_30_days": 30, "last_90_days": 90}
COMPARISONS = {
    Comparison.NONE: "None",
    Comparison.PREVIOUS_PERIOD: "Previous period",
    Comparison.SAME_WEEKDAY_LAST_WEEK: "Same weekday last week",
    Comparison.PREVIOUS_MONTH: "Previous month",
    Comparison.PREVIOUS_FULL_MONTH: "The whole month before",
    Comparison.PREVIOUS_QUARTER: "Previous quarter",
    Comparison.PREVIOUS_YEAR: "Previous year",
    Comparison.PREVIOUS_BUCKET: "Each time bucket against the one before (needs a grain)",
}
# A comparison with a second window of the user's own dates (the assistant's "March vs April") is not
# offered here: the page picks one window, and every comparison above is relative to it.
MEASURE_LABELS = {m: LABELS[m][:1].upper() + LABELS[m][1:] for m in Measure}
# The dimensions a filter can pick values for: the org's own values of these are known (dimension lookup).
FILTER_DIMENSIONS = {
    Dimension.WORKLOAD: "workloads",
    Dimension.MODEL: "models",
    Dimension.PROVIDER: "providers",
    Dimension.TASK_TYPE: "task_types",
}
MAX_DIMENSIONS = 3
E = TypeVar("E", bound=Enum)
T = TypeVar("T")
ROW_LIMIT = 1000  # rows a query returns to the page (more: the result says it was cut)
DEFAULT_MEASURES = (Measure.SPEND, Measure.REQUESTS)


@dataclass(frozen=True)
class ExploreState:
    """One query as the widgets hold it."""

    measures: tuple[Measure, ...] = DEFAULT_MEASURES
    dimensions: tuple[Dimension, ...] = (Dimension.MODEL,)
    grain: Grain | None = None
    filters: dict[Dimension, tuple[str, ...]] = field(default_factory=dict)
    window: str = "last_30_days"
    start: date | None = None  # custom window: first day
    end: date | None = None  # custom window: last day (inclusive)
    compare: Comparison = Comparison.NONE
    top_n: int | None = None
    order: Order = Order.DESC
    project: bool = False  # project summable measures to the end of the window's month


def _values(params: Mapping[str, Sequence[str]], key: str, split: bool = True) -> list[str]:
    """A key's values: repeated keys, and (for enum keys) comma-separated lists; names may hold commas."""
    raw = [str(v) for v in params.get(key, [])]
    return [v for r in raw for v in (r.split(",") if split else [r]) if v]


def _one(params: Mapping[str, Sequence[str]], key: str) -> str | None:
    values = _values(params, key)
    return values[0] if values else None


def parse_params(
    params: Mapping[str, Sequence[str]], options: Mapping[str, Sequence[str]]
) -> tuple[ExploreState, list[str]]:
    """The state a URL holds (`params`: each key's values) and a warning per part that was ignored.

    `options` are the org's own dimension values (workloads, models, ...): filter values outside them are dropped.
    """
    default = ExploreState()
    warnings: list[str] = []

    def enum_list(key: str, kind: type[E], fallback: tuple[E, ...]) -> tuple[E, ...]:
        raw = _values(params, key)
        if not raw:
            return fallback
        good = [kind(v) for v in dict.fromkeys(raw) if v in kind._value2member_map_]
        bad = [v for v in raw if v not in kind._value2member_map_]
        if bad:
            warnings.append(f"{key}: ignored unknown value(s) {', '.join(bad[:5])}")
        return tuple(good) or fallback

    measures = enum_list("m", Measure, default.measures)
    dimensions = enum_list("by", Dimension, ())
    if "by" not in params:
        dimensions = default.dimensions
    if len(dimensions) > MAX_DIMENSIONS:
        warnings.append(f"by: at most {MAX_DIMENSIONS} dimensions; kept the first {MAX_DIMENSIONS}")
        dimensions = dimensions[:MAX_DIMENSIONS]

    def choice(key: str, allowed: Mapping[str, object] | Sequence[str], fallback: T) -> str | T:
        value = _one(params, key)
        if value is None:
            return fallback
        if value not in allowed:
            warnings.append(f"{key}: '{value[:40]}' is not one of {', '.join(map(str, allowed))}; used the default")
            return fallback
        return value

    grain_raw = choice("grain", [g.value for g in Grain], None)
    window = choice("w", WINDOWS, default.window)
    compare = Comparison(choice("cmp", [c.value for c in COMPARISONS], default.compare.value))
    order = Order(choice("order", [o.value for o in Order], default.order.value))
    start = end = None
    if window == "custom":
        try:
            start, end = date.fromisoformat(_one(params, "from") or ""), date.fromisoformat(_one(params, "to") or "")
            if end < start:
                raise ValueError
        except ValueError:
            warnings.append("from/to: a custom window needs dates from <= to (YYYY-MM-DD); used the last 30 days")
            window, start, end = default.window, None, None
    top_n = None
    if (raw_top := _one(params, "top")) is not None:
        if raw_top.isdigit() and 1 <= int(raw_top) <= 1000:
            top_n = int(raw_top)
        else:
            warnings.append(f"top: '{raw_top[:20]}' is not a number from 1 to 1000; showing all rows")
    filters: dict[Dimension, tuple[str, ...]] = {}
    for dim, option_key in FILTER_DIMENSIONS.items():
        wanted = _values(params, f"f_{dim.value}", split=False)
        known = [v for v in dict.fromkeys(wanted) if v in options.get(option_key, ())]
        if len(known) < len(set(wanted)):
            warnings.append(f"f_{dim.value}: ignored value(s) your org has no traffic for")
        if known:
            filters[dim] = tuple(known)
    project = _one(params, "proj") in {"1", "true"}
    state = ExploreState(
        measures=measures,
        dimensions=dimensions,
        grain=Grain(grain_raw) if grain_raw else None,
        filters=filters,
        window=window,
        start=start,
        end=end,
        compare=compare,
        top_n=top_n,
        order=order,
        project=project,
    )
    return state, warnings


def to_params(state: ExploreState) -> dict[str, list[str]]:
    """The URL form of the state (only what differs from nothing: a shared link reproduces the view)."""
    params: dict[str, list[str]] = {
        "m": [m.value for m in state.measures],
        "by": [",".join(d.value for d in state.dimensions)],
        "w": [state.window],
    }
    if state.grain is not None:
        params["grain"] = [state.grain.value]
    if state.window == "custom" and state.start and state.end:
        params["from"], params["to"] = [state.start.isoformat()], [state.end.isoformat()]
    if state.compare != Comparison.NONE:
        params["cmp"] = [state.compare.value]
    if state.top_n is not None:
        params["top"] = [str(state.top_n)]
    if state.order != Order.DESC:
        params["order"] = [state.order.value]
    if state.project:
        params["proj"] = ["1"]
    for dim, values in state.filters.items():
        params[f"f_{dim.value}"] = list(values)
    return params


def _midnight(d: date) -> datetime:
    return datetime.combine(d, time(), tzinfo=UTC)


def compute_window(state: ExploreState, anchor: datetime) -> tuple[datetime, datetime]:
    """The half-open UTC window of the state's preset; windows end at `anchor` (now or the org's last event)."""
    if state.window in _DAYS:
        return anchor - timedelta(days=_DAYS[state.window]), anchor
    month_start = _midnight(anchor.date().replace(day=1))
    if state.window == "month_to_date":
        return month_start, anchor
    if state.window == "last_month":
        return compute_month_shift(month_start, -1), month_start
    if state.start is None or state.end is None:
        raise ValidationError("window: a custom window needs a first and a last day")
    return _midnight(state.start), _midnight(state.end) + timedelta(days=1)


def compute_month_end(t: datetime) -> datetime:
    """The start of the month after the one `t` falls in (a time just before `t`: a month start ends the month)."""
    inside = t - timedelta(microseconds=1)
    return compute_month_shift(_midnight(inside.date().replace(day=1)), 1)


def make_query(state: ExploreState, anchor: datetime) -> SemanticQuery:
    """The SemanticQuery of the state; a ValidationError names the field the query builder must change."""
    start, end = compute_window(state, anchor)
    try:
        return SemanticQuery(
            measures=list(state.measures),
            dimensions=list(state.dimensions),
            filters={d: list(v) for d, v in state.filters.items()},
            start=start,
            end=end,
            grain=state.grain,
            compare=state.compare,
            order=state.order,
            top_n=state.top_n,
            project_to=compute_month_end(end) if state.project else None,
        )
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        raise ValidationError("; ".join(problems)) from exc
