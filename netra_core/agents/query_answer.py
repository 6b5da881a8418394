"""Answer text for a semantic query: the figures asked for, the window and its coverage, the comparison with its
window, the projection and the SQL, so the answer says what it computed (not only the attached table).

Data values (model, workload, user names) come from the org's logs and are escaped (netra_core.markup).
"""

from __future__ import annotations

import math
import statistics
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from netra_core.agents.answers import count, money, ms, pct, score, signed_pct
from netra_core.agents.asked_coverage import COVERAGE_MEASURES
from netra_core.agents.timerange import ALL_TIME_START
from netra_core.analytics.semantic import (
    ONE_REQUEST_COSTS,
    TOKEN_KIND_UNIT_COSTS,
    Bound,
    CallFigure,
    Comparison,
    Cut,
    Dimension,
    Given,
    GivenKind,
    Grain,
    Measure,
    Order,
    RateUnit,
    SemanticQuery,
    quantile_measure,
)
from netra_core.analytics.semantic_compare import SUMMABLE
from netra_core.analytics.semantic_result import Coverage, Projection, SemanticResult, Window
from netra_core.markup import escape_markdown

# Rows spelled out in the text; the attached table holds all of them.
TEXT_ROWS = 10
DAYS_A_YEAR = 365
DAYS_A_MONTH = 30

LABELS: dict[Measure, str] = {
    Measure.SPEND: "spend",
    Measure.REQUESTS: "requests",
    Measure.INPUT_TOKENS: "input tokens",
    Measure.OUTPUT_TOKENS: "output tokens",
    Measure.TOTAL_TOKENS: "total tokens",
    Measure.CACHED_TOKENS: "cached input tokens",
    Measure.UNCACHED_INPUT_TOKENS: "uncached input tokens",
    Measure.REASONING_TOKENS: "reasoning tokens",
    Measure.AVG_INPUT_TOKENS: "mean input tokens per request",
    Measure.AVG_OUTPUT_TOKENS: "mean output tokens per request",
    Measure.AVG_TOTAL_TOKENS: "mean tokens per request (input + output)",
    Measure.INPUT_TOKENS_P25: "p25 input tokens per request",
    Measure.INPUT_TOKENS_P50: "p50 input tokens per request",
    Measure.INPUT_TOKENS_P75: "p75 input tokens per request",
    Measure.INPUT_TOKENS_P80: "p80 input tokens per request",
    Measure.INPUT_TOKENS_P90: "p90 input tokens per request",
    Measure.INPUT_TOKENS_P95: "p95 input tokens per request",
    Measure.INPUT_TOKENS_P99: "p99 input tokens per request",
    Measure.OUTPUT_TOKENS_P25: "p25 output tokens per request",
    Measure.OUTPUT_TOKENS_P50: "p50 output tokens per request",
    Measure.OUTPUT_TOKENS_P75: "p75 output tokens per request",
    Measure.OUTPUT_TOKENS_P80: "p80 output tokens per request",
    Measure.OUTPUT_TOKENS_P90: "p90 output tokens per request",
    Measure.OUTPUT_TOKENS_P95: "p95 output tokens per request",
    Measure.OUTPUT_TOKENS_P99: "p99 output tokens per request",
    Measure.INPUT_OUTPUT_RATIO: "input tokens per output token",
    Measure.OUTPUT_INPUT_RATIO: "output tokens per input token",
    Measure.INPUT_TOKENS_MAX: "largest prompt (the most input tokens of one request)",
    Measure.PROMPT_BAND_N: "requests in the prompt-size band",
    Measure.PROMPT_BAND_SHARE: "share of requests in the prompt-size band",
    Measure.LATENCY_BAND_N: "requests in the latency band",
    Measure.LATENCY_BAND_SHARE: "share of requests in the latency band",
    Measure.TTFT_BAND_N: "requests in the time-to-first-token band",
    Measure.TTFT_BAND_SHARE: "share of requests in the time-to-first-token band",
    Measure.COST_BAND_N: "requests in the cost band",
    Measure.COST_BAND_SHARE: "share of requests in the cost band",
    Measure.COST_BAND_SPEND: "spend of the requests in the cost band",
    Measure.COST_PER_REQUEST: "cost per request",
    Measure.COST_PER_SUCCESSFUL_REQUEST: "cost per successful request (all spend over the requests that succeeded)",
    Measure.COST_PER_1K_TOKENS: "cost per 1k tokens",
    Measure.COST_PER_1M_TOKENS: "cost per million tokens",
    Measure.COST_P50: "median cost of one request",
    Measure.COST_P90: "p90 cost of one request",
    Measure.COST_P95: "p95 cost of one request",
    Measure.COST_P99: "p99 cost of one request",
    Measure.COST_MAX: "the most expensive request's cost",
    Measure.COST_PER_1K_INPUT_TOKENS: "cost per 1k input tokens (all spend over input tokens)",
    Measure.COST_PER_1M_INPUT_TOKENS: "cost per million input tokens (all spend over input tokens)",
    Measure.COST_PER_1K_OUTPUT_TOKENS: "cost per 1k output tokens (all spend over output tokens)",
    Measure.COST_PER_1M_OUTPUT_TOKENS: "cost per million output tokens (all spend over output tokens)",
    Measure.LATENCY_AVG: "mean latency",
    Measure.LATENCY_P25: "p25 latency",
    Measure.LATENCY_P50: "p50 latency",
    Measure.LATENCY_P75: "p75 latency",
    Measure.LATENCY_P80: "p80 latency",
    Measure.LATENCY_P90: "p90 latency",
    Measure.LATENCY_P95: "p95 latency",
    Measure.LATENCY_P99: "p99 latency",
    Measure.LATENCY_MAX: "maximum latency (the slowest call)",
    Measure.TTFT_AVG: "mean time to first token",
    Measure.TTFT_P25: "p25 time to first token",
    Measure.TTFT_P50: "p50 time to first token",
    Measure.TTFT_P75: "p75 time to first token",
    Measure.TTFT_P80: "p80 time to first token",
    Measure.TTFT_P90: "p90 time to first token",
    Measure.TTFT_P95: "p95 time to first token",
    Measure.TTFT_P99: "p99 time to first token",
    Measure.ERRORS: "errors",
    Measure.ERROR_RATE: "error rate",
    Measure.ERROR_SPEND: "spend on errored requests",
    Measure.OK_SPEND: "spend on successful requests",
    Measure.SUCCESS_RATE: "success rate",
    Measure.QUALITY: "mean quality",
    Measure.QUALITY_N: "requests with a quality score",
    Measure.TTFT_N: "requests with a time to first token",
    Measure.USAGE_N: "requests that reported token usage",
    Measure.USER_ID_N: "requests with a user id",
    Measure.SESSION_ID_N: "requests with a session id",
    Measure.QUALITY_P10: "p10 quality score (10th percentile)",
    Measure.QUALITY_P25: "p25 quality score (25th percentile)",
    Measure.QUALITY_P50: "median quality score",
    Measure.QUALITY_P75: "p75 quality score (75th percentile)",
    Measure.QUALITY_P90: "p90 quality score (90th percentile)",
    Measure.QUALITY_BAND_N: "scored responses in the band",
    Measure.QUALITY_BAND_SHARE: "share of scored responses in the band",
    Measure.CACHE_SAVINGS: "cache savings",
    Measure.BATCH_SPEND: "batch API spend",
    Measure.USERS: "distinct users",
    Measure.SESSIONS: "distinct sessions",
    Measure.DAYS: "days with traffic",
    Measure.MODELS: "distinct models",
    Measure.PROVIDERS: "distinct providers",
    Measure.WORKLOADS: "distinct workloads",
    Measure.STATUSES: "distinct status values",
    Measure.ERROR_TYPES: "distinct error types (of the failed requests)",
    Measure.REQUESTS_PER_SESSION: "requests per session",
    Measure.SESSIONS_PER_USER: "sessions per user",
    Measure.COST_PER_USER: "cost per user",
    Measure.COST_PER_SESSION: "cost per session",
    Measure.COST_PER_1K_REQUESTS: "cost per 1,000 requests",
    Measure.FIRST_EVENT: "first event",
    Measure.LAST_EVENT: "last event",
    Measure.MULTI_MODEL_USERS: "users served by more than one model",
    Measure.MULTI_MODEL_USERS_SHARE: "share of users served by more than one model",
}
# What each quantity with quantiles is, in a label: "p10 time to first token", "standard deviation of latency".
_QUANTITY_WORDS = {
    "latency": "latency",
    "ttft": "time to first token",
    "cost": "cost of one request",
    "quality": "quality score",
    "input_tokens": "input tokens per request",
    "output_tokens": "output tokens per request",
}


def _quantity_labels() -> dict[Measure, str]:
    """Every percentile's label, and each quantity's spread's."""
    out: dict[Measure, str] = {}
    for kind, words in _QUANTITY_WORDS.items():
        out |= {quantile_measure(kind, level): f"p{level} {words}" for level in range(1, 100)}
        out[Measure(f"{kind}_sd")] = f"standard deviation of {words}"
        out[Measure(f"{kind}_iqr")] = f"interquartile range of {words} (p75 less p25)"
    return out


LABELS = {**_quantity_labels(), **LABELS}  # the named percentiles keep their own words
_MONEY = {
    Measure.SPEND,
    Measure.COST_PER_REQUEST,
    Measure.COST_PER_USER,
    Measure.COST_PER_SESSION,
    Measure.COST_PER_1K_REQUESTS,
    Measure.COST_PER_SUCCESSFUL_REQUEST,
    Measure.COST_PER_1K_TOKENS,
    Measure.COST_PER_1M_TOKENS,
    *TOKEN_KIND_UNIT_COSTS,
    *ONE_REQUEST_COSTS,
    Measure.ERROR_SPEND,
    Measure.OK_SPEND,
    Measure.BATCH_SPEND,
    Measure.CACHE_SAVINGS,
    Measure.COST_BAND_SPEND,
}
_UNIT_MONEY = {
    Measure.COST_PER_REQUEST,
    Measure.COST_PER_USER,
    Measure.COST_PER_SESSION,
    Measure.COST_PER_1K_REQUESTS,
    Measure.COST_PER_SUCCESSFUL_REQUEST,
    Measure.COST_PER_1K_TOKENS,
    Measure.COST_PER_1M_TOKENS,
    *TOKEN_KIND_UNIT_COSTS,
    *ONE_REQUEST_COSTS,
}
_QUALITY_SCORES = {
    Measure.QUALITY,
    Measure.QUALITY_SD,
    Measure.QUALITY_IQR,
    *(quantile_measure("quality", level) for level in range(1, 100)),
}
# A bound in words: "over $50.00", "0.85 or higher".
BOUND_WORDS = {Bound.ABOVE: "over", Bound.AT_LEAST: "at least", Bound.BELOW: "under", Bound.AT_MOST: "at most"}
# A measure that is part of another ("what share of tokens were output tokens"): with both asked, the part's share.
PART_OF = {
    Measure.INPUT_TOKENS: Measure.TOTAL_TOKENS,
    Measure.OUTPUT_TOKENS: Measure.TOTAL_TOKENS,
    Measure.CACHED_TOKENS: Measure.INPUT_TOKENS,
    Measure.UNCACHED_INPUT_TOKENS: Measure.INPUT_TOKENS,
    Measure.REASONING_TOKENS: Measure.OUTPUT_TOKENS,
    Measure.ERROR_SPEND: Measure.SPEND,
    Measure.BATCH_SPEND: Measure.SPEND,
    Measure.ERRORS: Measure.REQUESTS,
    # the requests carrying an optional field, of all requests ("what share of calls have a quality score")
    Measure.QUALITY_N: Measure.REQUESTS,
    Measure.TTFT_N: Measure.REQUESTS,
    Measure.USAGE_N: Measure.REQUESTS,
    Measure.USER_ID_N: Measure.REQUESTS,
    Measure.SESSION_ID_N: Measure.REQUESTS,
}
_MS = {m for m in Measure if m.value.startswith(("latency_", "ttft_"))} - {
    Measure.LATENCY_BAND_N,
    Measure.LATENCY_BAND_SHARE,
    Measure.TTFT_N,  # (a count of requests)
    Measure.TTFT_BAND_N,
    Measure.TTFT_BAND_SHARE,
}


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def format_measure(m: Measure, value: Any) -> str:
    """One figure in the project's formats ($1,234.57, 1,234 ms, 6.8 %, 0.912, 12,345)."""
    v = _number(value)
    if v is None:
        return "n/a"
    if m in _UNIT_MONEY and v != 0 and abs(v) < 0.01:
        decimals = min(
            2 - math.floor(math.log10(abs(v))), 10
        )  # a unit cost in fractions of a cent: 3 significant digits
        return f"${v:.{decimals}f}"
    if m in _MONEY:
        return money(v)
    if m in (Measure.FIRST_EVENT, Measure.LAST_EVENT):  # Unix milliseconds: the moment, in UTC
        return f"{pd.Timestamp(v, unit='ms', tz='UTC'):%Y-%m-%d %H:%M:%S} UTC"
    if m in _MS:
        return ms(v)
    if m in {
        Measure.ERROR_RATE,
        Measure.SUCCESS_RATE,
        Measure.QUALITY_BAND_SHARE,
        Measure.PROMPT_BAND_SHARE,
        Measure.LATENCY_BAND_SHARE,
        Measure.TTFT_BAND_SHARE,
        Measure.COST_BAND_SHARE,
        Measure.MULTI_MODEL_USERS_SHARE,
    }:
        return pct(v)
    if m in _QUALITY_SCORES:
        return score(v)
    if m in {
        Measure.AVG_INPUT_TOKENS,
        Measure.AVG_OUTPUT_TOKENS,
        Measure.AVG_TOTAL_TOKENS,
        Measure.REQUESTS_PER_SESSION,
        Measure.SESSIONS_PER_USER,
    }:
        return f"{v:,.1f}"
    if m == Measure.INPUT_OUTPUT_RATIO:
        return f"{v:,.2f}"
    if m == Measure.OUTPUT_INPUT_RATIO:  # mostly under one: four decimals keep three significant digits
        return f"{v:,.4f}"
    return count(v)


def _per_day_figure(m: Measure, value: Any) -> str:
    """A count per covered day keeps one decimal (12.4 requests a day, not 12)."""
    v = _number(value)
    return "n/a" if v is None else f"{v:,.1f}"


def _per_day_money(m: Measure, value: float) -> str:
    return format_measure(m, value) if m in _MONEY else _per_day_figure(m, value)


def _when(t: Any) -> str:
    return str(pd.Timestamp(t).strftime("%Y-%m-%d %H:%M"))


def _is_all_time(w: Window) -> bool:
    """An 'all time' window: it opens before any event can be (timerange.ALL_TIME_START)."""
    return bool(_utc_stamp(w.start) <= pd.Timestamp(ALL_TIME_START))


def _window_text(w: Window) -> str:
    if _is_all_time(w):  # its opening date is no date anyone asked for: the data's own first day is said instead
        return f"all time, to {_when(w.end)} UTC"
    return f"{_when(w.start)} to {_when(w.end)} UTC ({w.days:.2f} days)"


def _coverage_text(c: Coverage, w: Window | None = None) -> str:
    if not c.days_with_data:
        return "no data in this window"
    if w is not None and _is_all_time(w) and c.first_day and c.last_day:
        return f"data on {c.days_with_data} UTC day(s), from {c.first_day} to {c.last_day}"
    return f"data on {c.days_with_data} UTC day(s), covering {c.covered_days:.2f} of its {c.window_days:.2f} days"


def _bucket_text(grain: Grain | None, value: Any) -> str:
    t = pd.Timestamp(value)
    if grain == Grain.HOUR:
        return str(t.strftime("%Y-%m-%d %H:00"))
    prefix = {Grain.WEEK: "week of ", Grain.MONTH: "month of "}.get(grain, "") if grain else ""
    return prefix + str(t.strftime("%Y-%m-%d"))


def _label(query: SemanticQuery, m: Measure) -> str:
    """A measure's name in the answer; error measures limited to some error types name them ("timeout rate")."""
    if query.error_kinds and m in _KIND_LABELS:
        kinds = " or ".join(escape_markdown(k.replace("_", " ")) for k in query.error_kinds)
        return _KIND_LABELS[m].format(kinds=kinds)
    if query.quality_band is not None and m in _BAND_LABELS:  # "responses scored under 0.7"
        return _BAND_LABELS[m].format(band=compute_band_text(query.quality_band, Measure.QUALITY))
    if query.prompt_band is not None and m in _PROMPT_BAND_LABELS:  # "requests with input tokens over 10,000"
        return _PROMPT_BAND_LABELS[m].format(band=compute_band_text(query.prompt_band, Measure.INPUT_TOKENS))
    if query.latency_band is not None and m in _LATENCY_BAND_LABELS:  # "requests with latency over 3,000 ms"
        return _LATENCY_BAND_LABELS[m].format(band=_one_call_band_text(query, query.latency_band, Measure.LATENCY_P50))
    if query.ttft_band is not None and m in _TTFT_BAND_LABELS:  # "requests with a TTFT under 200 ms"
        return _TTFT_BAND_LABELS[m].format(band=_one_call_band_text(query, query.ttft_band, Measure.TTFT_P50))
    if query.cost_band is not None and m in _COST_BAND_LABELS:  # "requests that cost over $0.10 each"
        return _COST_BAND_LABELS[m].format(band=_one_call_band_text(query, query.cost_band, Measure.COST_PER_REQUEST))
    return LABELS[m]


_TTFT_BAND_LABELS = {
    Measure.TTFT_BAND_N: "requests with time to first token {band}",
    Measure.TTFT_BAND_SHARE: "share of requests with time to first token {band}",
}
_COST_BAND_LABELS = {
    Measure.COST_BAND_N: "requests that cost {band} each",
    Measure.COST_BAND_SHARE: "share of requests that cost {band} each",
    Measure.COST_BAND_SPEND: "what the requests that cost {band} each cost together",
}
_LATENCY_BAND_LABELS = {
    Measure.LATENCY_BAND_N: "requests with latency {band}",
    Measure.LATENCY_BAND_SHARE: "share of requests with latency {band}",
}


_PROMPT_BAND_LABELS = {
    Measure.PROMPT_BAND_N: "requests with input tokens {band}",
    Measure.PROMPT_BAND_SHARE: "share of requests with input tokens {band} (of those with known usage)",
}


_BAND_LABELS = {
    Measure.QUALITY_BAND_N: "responses scored {band}",
    Measure.QUALITY_BAND_SHARE: "share of scored responses scored {band}",
}


def compute_band_text(cut: Cut, m: Measure) -> str:
    """A bound on a measure in words: "over $50.00", "under 0.7", "at least 0.85"."""
    return f"{BOUND_WORDS[cut.bound]} {format_measure(m, cut.value) if m != Measure.QUALITY else f'{cut.value:g}'}"


# The figure of one call a bound on the calls reads, in words, and the measure its number is formatted as.
_CALL_FIGURES: dict[CallFigure, tuple[str, Measure]] = {
    CallFigure.LATENCY: ("latency", Measure.LATENCY_P50),
    CallFigure.TTFT: ("time to first token", Measure.TTFT_P50),
    CallFigure.COST: ("cost", Measure.COST_PER_REQUEST),
    CallFigure.INPUT_TOKENS: ("input tokens", Measure.INPUT_TOKENS),
    CallFigure.OUTPUT_TOKENS: ("output tokens", Measure.OUTPUT_TOKENS),
    CallFigure.QUALITY: ("quality score", Measure.QUALITY),
}


def compute_calls_within_texts(query: SemanticQuery) -> list[str]:
    """Each bound on the calls in words ("input tokens over 4,000", "latency over 5,000 ms")."""
    return [
        f"{_CALL_FIGURES[b.figure][0]} {compute_band_text(b, _CALL_FIGURES[b.figure][1])}" for b in query.calls_within
    ]


def _one_call_band_text(query: SemanticQuery, cut: Cut, m: Measure) -> str:
    """A band of one request's figure in words, both bounds when it has two ("between $0.01 and $0.05",
    "at least 1,000 ms and at most 4,000 ms")."""
    upper = query.band_upper
    if upper is None:
        return compute_band_text(cut, m)
    inclusive = (Bound.AT_LEAST, Bound.AT_MOST)
    if cut.bound in inclusive and upper.bound in inclusive:
        low, high = sorted((cut.value, upper.value))
        return f"between {format_measure(m, low)} and {format_measure(m, high)} inclusive"
    return f"{compute_band_text(cut, m)} and {compute_band_text(upper, m)}"


def _having_line(query: SemanticQuery, result: SemanticResult) -> str:
    """The bound the rows were kept by, and how many meet it ("3 workloads with spend over $50.00")."""
    if query.having is None:
        return ""
    m = query.having.measure
    rows = ", ".join(_dim_name(d) for d in query.dimensions) or (query.grain.value if query.grain else "row")
    bound = f"{_label(query, m)} {compute_band_text(query.having, m)}"
    if not result.rows:
        return f"No {rows} had {bound} in the window: none meets the bound."
    n = len(result.rows)
    side = "below" if query.having.bound in (Bound.ABOVE, Bound.AT_LEAST) else "above"
    return f"{n} {rows}{'' if n == 1 else 's'} with {bound} (only those are listed; the others are {side} the bound)."


def compute_change_bound_line(query: SemanticQuery, result: SemanticResult) -> str:
    """The bound on each row's change the rows were kept by, and how many of the rows compared meet it ("1 of the 6
    workloads compared had a change in spend above +10 % against the window compared")."""
    cb = query.change_bound
    assert cb is not None
    rows = ", ".join(_dim_name(d) for d in query.dimensions) or (query.grain.value if query.grain else "row")
    words = {Bound.ABOVE: "above", Bound.AT_LEAST: "of at least", Bound.BELOW: "below", Bound.AT_MOST: "of at most"}
    if cb.either_way:
        amount = f"{abs(cb.value):g} %" if cb.percent else format_measure(cb.measure, abs(cb.value))
        bound = f"a change in {_label(query, cb.measure)} {words[cb.bound]} {amount} either way (up or down)"
    else:
        sign = "+" if cb.value >= 0 else "-"
        amount = f"{abs(cb.value):g} %" if cb.percent else format_measure(cb.measure, abs(cb.value))
        bound = f"a change in {_label(query, cb.measure)} {words[cb.bound]} {sign}{amount}"
    of = f" of the {result.change_rows} {rows}s compared" if result.change_rows is not None else ""
    n = len(result.rows)
    if not n:
        return f"None{of} had {bound} against the window compared."
    return f"{n}{of} had {bound} against the window compared (only those are listed, each with its change)."


def compute_mark_line(query: SemanticQuery, result: SemanticResult) -> str:
    """Which rows meet the bound asked of each ("is any provider above an 8% error rate"), every row kept: "Error
    rate over 8.0 %: 1 of 4 providers, anthropic (10.5 %)", or none of them."""
    mark = query.mark
    assert mark is not None
    m = mark.measure
    bound = f"{_label(query, m)} {compute_band_text(mark, m)}"
    figures = [(r, _number(r.get(m.value))) for r in result.rows]
    if not query.dimensions and query.grain is None:
        value = figures[0][1] if figures else None
        if value is None:
            return ""
        met = _meets(mark, value)
        return f"{bound[:1].upper()}{bound[1:]}: {'yes' if met else 'no'}, it is {format_measure(m, value)}."
    rows = ", ".join(_dim_name(d) for d in query.dimensions) or (query.grain.value if query.grain else "row")
    met_rows = [(r, v) for r, v in figures if v is not None and _meets(mark, v)]
    if not met_rows:
        return f"{bound[:1].upper()}{bound[1:]}: none of the {len(figures)} {rows}s."
    named = "; ".join(f"{_row_label(query, r)} ({format_measure(m, v)})" for r, v in met_rows)
    return f"{bound[:1].upper()}{bound[1:]}: {len(met_rows)} of the {len(figures)} {rows}s, {named}."


def _meets(cut: Cut, value: float) -> bool:
    """Whether `value` meets the bound of `cut`."""
    return {
        Bound.ABOVE: value > cut.value,
        Bound.AT_LEAST: value >= cut.value,
        Bound.BELOW: value < cut.value,
        Bound.AT_MOST: value <= cut.value,
    }[cut.bound]


_KIND_LABELS = {
    Measure.ERROR_RATE: "{kinds} rate (share of all requests)",
    Measure.ERRORS: "{kinds} errors",
    Measure.ERROR_SPEND: "spend on {kinds} errors",
}


_DAY_TYPE_TEXT = {"weekday": "weekdays (Monday to Friday)", "weekend": "weekend days (Saturday and Sunday)"}


def _dim_name(d: Dimension) -> str:
    """A dimension as words: 'task type', not the column's 'task_type'."""
    return d.value.replace("_", " ")


def _dim_value_text(d: Dimension, value: Any) -> str:
    """One group's label: 'task type summarization', 'Monday', 'weekend days (Saturday and Sunday)',
    'the hour from 14:00 to 15:00 UTC'."""
    raw = str(value)
    if d == Dimension.DAY_TYPE and raw in _DAY_TYPE_TEXT:
        return _DAY_TYPE_TEXT[raw]
    if d == Dimension.WEEKDAY and raw:
        return escape_markdown(raw)
    if d == Dimension.HOUR_OF_DAY and len(raw) == 5 and raw[:2].isdigit():  # '14:00': the hour from 14:00 to 15:00
        return f"the hour from {raw} to {(int(raw[:2]) + 1) % 24:02d}:00 UTC"
    # An empty value (the error type of a successful request, an unnamed user) is shown as such, not as nothing.
    return f"{_dim_name(d)} {escape_markdown(raw) if raw != '' else '(none)'}"


def _scope_text(query: SemanticQuery) -> str:
    parts = []
    for d, values in query.filters.items():
        parts.append(f"{_dim_name(d)} is {' or '.join(escape_markdown(v) for v in values)}")
    for d, values in query.exclude.items():
        parts.append(f"{_dim_name(d)} is not {' or '.join(escape_markdown(v) for v in values)}")
    parts += [f"calls with {t}" for t in compute_calls_within_texts(query)]
    if query.group_name:  # "Teams: support = support-bot + ticket-classifier": the team, its members said
        return f" for {escape_markdown(query.group_name)} ({'; '.join(parts)})" if parts else ""
    return f" where {'; '.join(parts)}" if parts else ""


def _utc_stamp(value: Any) -> pd.Timestamp:
    """A time as a UTC timestamp (a naive one, as a query written by a model may hold, is read as UTC)."""
    t = pd.Timestamp(value)
    return t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")


def _bucket_cut(query: SemanticQuery, value: Any) -> str:
    """How the window cuts a time bucket ('' when it holds the whole bucket): today's day so far is not a quiet day."""
    if query.grain is None:
        return ""
    start, window_start, window_end = (_utc_stamp(v) for v in (value, query.start, query.end))
    if query.grain == Grain.MONTH:
        end = start + pd.offsets.MonthBegin(1)
    else:
        end = start + pd.Timedelta({Grain.HOUR: "1h", Grain.DAY: "1D", Grain.WEEK: "7D"}[query.grain])
    unit = query.grain.value
    if window_end < end and window_start > start:
        return f" (a partial {unit}: only {window_start:%H:%M} to {window_end:%H:%M} UTC)"
    if window_end < end:
        return f" (a partial {unit}: to {window_end:%Y-%m-%d %H:%M} UTC)"
    if window_start > start:
        return f" (a partial {unit}: from {window_start:%Y-%m-%d %H:%M} UTC)"
    return ""


def _row_label(query: SemanticQuery, row: dict[str, Any]) -> str:
    parts = []
    if query.grain is not None:
        parts.append(_bucket_text(query.grain, row["bucket"]) + _bucket_cut(query, row["bucket"]))
    parts += [_dim_value_text(d, row[d.value]) for d in query.dimensions]
    return ", ".join(parts)


def _change_text(m: Measure, row: dict[str, Any], per_day: bool, label: str | None = None) -> str:
    n = m.value
    daily = per_day and m in SUMMABLE
    now, before = (row[f"{n}_per_day"], row[f"{n}_previous_per_day"]) if daily else (row[n], row[f"{n}_previous"])
    change = _number(row[f"{n}_change"])
    unit = " per covered day" if daily else ""
    fmt = _per_day_figure if daily and m not in _MONEY else format_measure
    text = f"{label or LABELS[m]}{unit} {fmt(m, now)} against {fmt(m, before)}"
    if daily:  # the totals too: each window's own figure is asked as much as the change
        text += f" (in all {format_measure(m, row[n])} against {format_measure(m, row[f'{n}_previous'])})"
    if change is None:
        return text
    delta = f"{abs(change) * 100:.2f} points" if m == Measure.ERROR_RATE else fmt(m, abs(change))
    pct_value = _number(row[f"{n}_change_pct"])
    direction = "more" if change >= 0 else "less"
    if pct_value is None:
        return f"{text} ({delta} {direction}; the previous window has none to compare in per cent)"
    return f"{text}, {signed_pct(pct_value)} ({delta} {direction})"


def _window_ratio_text(query: SemanticQuery, result: SemanticResult, row: dict[str, Any]) -> str:
    """Two windows compared with their ratio asked ("the ratio of October to September"): each measure of this window
    over the compared one's (per covered day when the windows are compared so), and the other way round."""
    said = []
    for m in query.measures:
        daily = result.per_day and m in SUMMABLE
        now, before = (
            (_number(row.get(f"{m.value}_per_day")), _number(row.get(f"{m.value}_previous_per_day")))
            if daily
            else (_number(row.get(m.value)), _number(row.get(f"{m.value}_previous")))
        )
        if now is None or before is None or now <= 0 or before <= 0:
            continue
        said.append(
            f"{_label(query, m)}{' per covered day' if daily else ''} {now / before:,.3f} times the compared "
            f"window's (the compared to this: {before / now:,.3f})"
        )
    return (". Ratio: " + "; ".join(said)) if said else ""


def _calendar_per_day_text(query: SemanticQuery, result: SemanticResult, row: dict[str, Any]) -> str:
    """Totals of two windows fully covered but of different lengths (October's 31 days against September's 30):
    the change per day too, so the calendar's extra day is not read as growth."""
    before = result.comparison_coverage
    if result.per_day or before is None or query.grain is not None:  # (a series' buckets are compared like for like)
        return ""
    days, days_before = result.coverage.covered_days, before.covered_days
    if not days or not days_before or abs(days - days_before) < 0.5:
        return ""
    said = []
    for m in (m for m in query.measures if m in SUMMABLE):
        now, old = _number(row[m.value]), _number(row[f"{m.value}_previous"])
        if now is None or old is None:
            continue
        per_day, per_day_before = now / days, old / days_before
        change = (per_day - per_day_before) / per_day_before * 100 if per_day_before else None
        said.append(
            f"{_label(query, m)} per day {_per_day_money(m, per_day)} ({days:g} days) against "
            f"{_per_day_money(m, per_day_before)} ({days_before:g} days), {signed_pct(change)}"
        )
    return (". Per day: " + "; ".join(said)) if said else ""


def _has_comparison(result: SemanticResult) -> bool:
    return result.comparison_coverage is not None and result.comparison_coverage.days_with_data > 0


def _mean_per_group_bucket_line(query: SemanticQuery, result: SemanticResult) -> str | None:
    """The mean of each summable measure over the rows of one dimension by time bucket ("average calls per user per
    day": the calls over the user-days with traffic), when every row is in the result; None otherwise."""
    if (
        not query.mean_per_group
        or len(query.dimensions) != 1
        or query.grain is None
        or query.top_n
        or result.truncated
        or not result.rows
    ):
        return None
    name, unit = query.dimensions[0].value.replace("_", " "), query.grain.value
    said = []
    for m in query.measures:
        values = [_number(r.get(m.value)) for r in result.rows]
        if m in SUMMABLE and all(v is not None for v in values):
            total = sum(v for v in values if v is not None)
            said.append(
                f"{_label(query, m)} {_per_day_money(m, total / len(result.rows))} (of {format_measure(m, total)})"
            )
    if not said:
        return None
    return f"Mean per {name} per {unit} (over {len(result.rows)} {name}-{unit}s with traffic): " + "; ".join(said) + "."


def compute_totals(query: SemanticQuery, result: SemanticResult) -> dict[Measure, float]:
    """Each summable measure's total over the rows, when the rows are every group of one dimension (no time buckets,
    no top-N cut, not truncated): the base of each group's share of the whole."""
    if (
        len(query.dimensions) != 1
        or query.grain is not None
        or query.top_n
        or query.having is not None  # the rows that meet a bound are not every group
        or query.change_bound is not None
        or result.truncated
        or not result.rows
    ):
        return {}
    totals: dict[Measure, float] = {}
    for m in query.measures:
        values = [_number(r.get(m.value)) for r in result.rows]
        if m in SUMMABLE and all(v is not None for v in values):
            total = sum(v for v in values if v is not None)
            if total > 0:
                totals[m] = total
    return totals


def compute_series_summary(query: SemanticQuery, result: SemanticResult) -> dict[Measure, tuple[float, float]]:
    """A time series of the whole scope (no grouping): each summable measure's total and mean per covered day
    ("what's our average daily spend this month" reads the series and its mean)."""
    days = result.coverage.covered_days
    if query.grain is None or query.dimensions or query.top_n or not result.rows or days <= 0 or result.truncated:
        return {}  # (a top-N of buckets is not the whole series)
    if query.having is not None:
        return {}  # (nor are the buckets that meet a bound)
    out: dict[Measure, tuple[float, float]] = {}
    for m in query.measures:
        values = [_number(r.get(m.value)) for r in result.rows]
        if m in SUMMABLE and all(v is not None for v in values):
            total = sum(v for v in values if v is not None)
            out[m] = (total, total / days)
    return out


def compute_share_evidence(query: SemanticQuery, result: SemanticResult) -> dict[str, Any]:
    """The totals and each group's share the answer states, as tool data (every number said has a source)."""
    series = compute_series_summary(query, result)
    if series:
        return {
            "series": {f"{m.value}_{k}": v for m, (t, d) in series.items() for k, v in (("total", t), ("per_day", d))}
        }
    totals = compute_totals(query, result)
    if not totals:
        return {}
    key = query.dimensions[0].value
    shares = [
        {
            key: row[key],
            **{f"{m.value}_share": (_number(row[m.value]) or 0.0) / t for m, t in totals.items()},
            # the whole without this group ("if we dropped anthropic, what would be left")
            **{f"{m.value}_without": t - (_number(row[m.value]) or 0.0) for m, t in totals.items()},
        }
        for row in result.rows
    ]
    return {"totals": {m.value: t for m, t in totals.items()}, "shares": shares}


def compute_run_rates(query: SemanticQuery, result: SemanticResult, days_per: int) -> list[dict[str, Any]]:
    """Each row's summing measures at a run rate of `days_per` days (the window's total per covered day x
    `days_per`); none for a time series or a window with no data."""
    days = result.coverage.covered_days
    if query.grain is not None or days <= 0 or not result.rows:
        return []
    out = []
    for row in result.rows:
        figures = {
            m.value: v * days_per / days
            for m in query.measures
            if m in SUMMABLE and (v := _number(row.get(m.value))) is not None
        }
        if figures:
            out.append({**{d.value: row[d.value] for d in query.dimensions}, **figures})
    return out


# unit costs that spread over the window's length like a total ("cost per user per day": the window's cost per user
# over its days)
SPREAD_OVER_DAYS = frozenset({Measure.COST_PER_USER, Measure.COST_PER_SESSION})
RATE_SECONDS = {RateUnit.SECOND: 1, RateUnit.MINUTE: 60, RateUnit.HOUR: 3600, RateUnit.DAY: 86400}


def _in_hours_asked(query: SemanticQuery, at: datetime, hours: bool = True) -> bool:
    """Whether the hour starting at `at` is one of the hours of the day (and days) the query is filtered on (`hours`
    false: whether its day is one of the days filtered on, whatever its hour)."""
    if hours and f"{at.hour:02d}:00" not in query.filters.get(Dimension.HOUR_OF_DAY, [f"{at.hour:02d}:00"]):
        return False
    weekdays = query.filters.get(Dimension.WEEKDAY)
    if weekdays and at.strftime("%A") not in weekdays:
        return False
    day_types = query.filters.get(Dimension.DAY_TYPE)
    return not day_types or ("weekend" if at.weekday() >= 5 else "weekday") in day_types


def compute_rate_units(query: SemanticQuery, window: Window) -> float:
    """How many seconds, minutes, hours or days the rate divides by: the window's length, or with hours of the day or
    kinds of day filtered on ("calls per hour during 09:00-17:00 last week", "spend per working day in October") only
    the part of the window within them (40 hours of a Monday to Friday, not 120; October's 22 weekdays, not 31); a
    rate per day counts the days filtered on whole, whatever hours are kept."""
    if query.rate_per is None:
        return 0.0
    per_day = query.rate_per == RateUnit.DAY
    kept = {Dimension.WEEKDAY, Dimension.DAY_TYPE} | (set() if per_day else {Dimension.HOUR_OF_DAY})
    if not kept & set(query.filters):
        return window.days * 86400 / RATE_SECONDS[query.rate_per]
    seconds = 0.0
    at = window.start.replace(minute=0, second=0, microsecond=0)
    while at < window.end:
        following = at + timedelta(hours=1)
        if _in_hours_asked(query, at, hours=not per_day):
            seconds += (min(following, window.end) - max(at, window.start)).total_seconds()
        at = following
    return seconds / RATE_SECONDS[query.rate_per]


def compute_rates(query: SemanticQuery, result: SemanticResult) -> list[dict[str, Any]]:
    """Each row's summing measures per second, minute or hour of the window, when asked ("requests per minute")."""
    units = compute_rate_units(query, result.window)
    if query.rate_per is None or not result.rows or units <= 0:
        return []
    if query.grain is not None:
        # a whole series of buckets ("per day on average, and the most expensive day"): its total over the window
        series = compute_series_summary(query, result)
        return [{m.value: total / units for m, (total, _) in series.items()}] if series else []
    out = []
    for row in result.rows:
        figures = {
            m.value: v / units
            for m in query.measures
            if m in SUMMABLE | SPREAD_OVER_DAYS and (v := _number(row.get(m.value))) is not None
        }
        if figures:
            out.append({**{d.value: row[d.value] for d in query.dimensions}, **figures})
    return out


def _rate_lines(query: SemanticQuery, result: SemanticResult) -> list[str]:
    """Each summing measure per unit asked: the first unit, then each further one ("per hour, and per minute")."""
    further = [query.model_copy(update={"rate_per": u, "rate_also": []}) for u in query.rate_also]
    return [line for q in [query, *further] for line in _rate_lines_in(q, result)]


def _rate_lines_in(query: SemanticQuery, result: SemanticResult) -> list[str]:
    rows = compute_rates(query, result)
    if not rows or query.rate_per is None:
        return []
    unit = query.rate_per.value
    units = compute_rate_units(query, result.window)
    length = f"{units:,.0f}" if units >= 1000 or units == int(units) else f"{units:,.2f}"
    head = f"Per {unit} (the window's total over its length, {length} {unit}s)"
    if units != result.window.days * 86400 / RATE_SECONDS[query.rate_per]:
        within = "hours of the day" if Dimension.HOUR_OF_DAY in query.filters and unit != "day" else "days"
        head = f"Per {unit} (the total over the {length} {unit}s of the window within the {within} asked)"

    def figures(row: dict[str, Any]) -> str:
        return "; ".join(
            f"{_label(query, m)} {_rate_figure(m, row[m.value])} per {unit}" for m in query.measures if m.value in row
        )

    if not query.dimensions:
        return [f"{head}: {figures(rows[0])}."]
    return [f"{head}:", *(f"- {_row_label(query, r)}: {figures(r)}" for r in rows[:TEXT_ROWS])]


def _rate_figure(m: Measure, value: float) -> str:
    if m in _MONEY:
        return format_measure(Measure.COST_PER_REQUEST, value)  # fractions of a cent keep 3 significant digits
    return f"{value:,.4g}" if abs(value) < 10 else f"{value:,.1f}"


def compute_annualized(query: SemanticQuery, result: SemanticResult) -> list[dict[str, Any]]:
    """Each row's summing measures at a yearly run rate (the window's total per covered day x 365), when asked
    ("our annualised run rate on the last 30 days")."""
    return compute_run_rates(query, result, DAYS_A_YEAR) if query.annualize else []


def compute_monthly_run_rate(query: SemanticQuery, result: SemanticResult) -> list[dict[str, Any]]:
    """Each row's summing measures at a monthly run rate (the window's total per covered day x 30), when asked
    ("our monthly run rate based on the last 7 days")."""
    return compute_run_rates(query, result, DAYS_A_MONTH) if query.monthly_run_rate else []


def _run_rate_lines(
    query: SemanticQuery, result: SemanticResult, rows: list[dict[str, Any]], name: str, days_per: int, per: str
) -> list[str]:
    if not rows:
        return []
    days = result.coverage.covered_days
    head = f"{name} run rate (the total over the {days:.2f} covered days, divided by {days:.2f} and multiplied by {days_per})"

    def figures(row: dict[str, Any]) -> str:
        return "; ".join(
            f"{_label(query, m)} {format_measure(m, row[m.value])} a {per}" for m in query.measures if m.value in row
        )

    if not query.dimensions:
        return [f"{head}: {figures(rows[0])}."]
    labels = [", ".join(_dim_value_text(d, r[d.value]) for d in query.dimensions) for r in rows]
    return [f"{head}:", *(f"- {label}: {figures(r)}" for label, r in zip(labels[:TEXT_ROWS], rows, strict=False))]


def _annualized_lines(query: SemanticQuery, result: SemanticResult) -> list[str]:
    return [
        *_run_rate_lines(query, result, compute_monthly_run_rate(query, result), "Monthly", DAYS_A_MONTH, "month"),
        *_run_rate_lines(query, result, compute_annualized(query, result), "Annualised", DAYS_A_YEAR, "year"),
    ]


def _share_change_text(
    query: SemanticQuery, result: SemanticResult, row: dict[str, Any], totals: dict[Measure, float]
) -> str:
    """Each group's share of the whole in both windows ("search-rag's share of calls this month vs last month"):
    the share of the compared window is of that window's whole, not of this one's."""
    parts = []
    for m in query.measures:
        value, before = _number(row.get(m.value)), _number(row.get(f"{m.value}_previous"))
        previous = [_number(r.get(f"{m.value}_previous")) for r in result.rows]
        whole_before = sum(v for v in previous if v is not None)
        if m not in totals or value is None or before is None or None in previous or whole_before <= 0:
            continue
        parts.append(
            f"share of the {LABELS[m]} {pct(value / totals[m])} against {pct(before / whole_before)} in the window "
            "compared"
        )
    return ("; " + "; ".join(parts)) if parts else ""


def _row_text(
    query: SemanticQuery, result: SemanticResult, row: dict[str, Any], totals: dict[Measure, float] | None = None
) -> str:
    figures = []
    for m in query.measures:
        figure = f"{_label(query, m)} {format_measure(m, row[m.value])}"
        value = _number(row[m.value])
        if totals and m in totals and value is not None:
            figure += f" ({pct(value / totals[m])} of the total)"
        whole = _number(row.get(PART_OF[m].value)) if m in PART_OF and PART_OF[m] in query.measures else None
        if whole and value is not None:
            figure += f" ({pct(value / whole)} of {LABELS[PART_OF[m]]})"
            if m in COVERAGE_MEASURES:  # "how many calls had no quality score": the calls without it, said too
                figure += f", {count(whole - value)} without one"
        figures.append(figure)
    text = "; ".join(figures)
    days = _number(row.get(Measure.DAYS.value)) if Measure.DAYS in query.measures else None
    per_day = [m for m in query.measures if m in SUMMABLE and _number(row.get(m.value)) is not None]
    if days and per_day:  # "an average weekday": each total over the days this row's traffic fell on
        text += f". Per day (over its {count(days)} days with traffic): " + "; ".join(
            f"{_label(query, m)} {_per_day_money(m, (_number(row[m.value]) or 0.0) / days)}" for m in per_day
        )
    if result.comparison_window is not None and _has_comparison(result):
        text += ". Compared: " + "; ".join(
            _change_text(m, row, result.per_day, _label(query, m)) for m in query.measures
        )
        text += _share_change_text(query, result, row, totals or {})
        if query.ratio:  # "the ratio of October to September": this window over the other
            text += _window_ratio_text(query, result, row)
        text += _calendar_per_day_text(query, result, row)
    if result.projection is not None:
        projected = [
            f"{LABELS[Measure(n)]} {format_measure(Measure(n), row[f'{n}_projected'])}"
            for n in result.projection.measures
        ]
        text += f". Projected to {_when(result.projection.to)}: " + "; ".join(projected)
        text += _whole_days_left_text(result.projection, row)
    return text


def _whole_days_left_text(p: Projection, row: dict[str, Any]) -> str:
    """What the whole days after today add at the run rate ("accrue Nov 21-30 at the month-to-date daily rate"):
    each projected measure's rate per covered day, and that rate times the whole days left (today's rest aside)."""
    first = pd.Timestamp(p.observed_end).ceil("D")
    whole = int((pd.Timestamp(p.to) - first) / pd.Timedelta(days=1))
    if whole < 1 or p.remaining_days <= 0 or abs(whole - p.remaining_days) < 1e-6:
        return ""
    last = pd.Timestamp(p.to) - pd.Timedelta(days=1)
    parts = []
    for n in p.measures:
        m = Measure(n)
        rate = (float(row[f"{n}_projected"]) - float(row[n])) / p.remaining_days
        parts.append(f"{LABELS[m]} {format_measure(m, rate)} a day, {format_measure(m, rate * whole)} in all")
    return f". The {whole} whole days left ({first:%Y-%m-%d} to {last:%Y-%m-%d}) at the run rate: " + "; ".join(parts)


def describe_query_result(query: SemanticQuery, result: SemanticResult) -> str:
    """The answer text: figures asked for, window and coverage, comparison and its window, projection, SQL."""
    from netra_core.agents.query_series import compute_grouped_series_lines  # it reads this module's helpers

    what = ", ".join(_label(query, m) for m in query.measures)
    by = f" by {', '.join(_dim_name(d) for d in query.dimensions)}" if query.dimensions else ""
    trend = f" per {query.grain.value}" if query.grain is not None else ""
    end = "bottom" if query.order == Order.ASC else "top"
    top = f", {end} {query.top_n} by {_label(query, query.order_by or query.measures[0])}" if query.top_n else ""
    lines = [
        f"**{what[:1].upper()}{what[1:]}**{by}{trend}{_scope_text(query)}{top}, "
        f"{_window_text(result.window)}: {_coverage_text(result.coverage, result.window)}."
    ]
    if result.comparison_window is not None and result.comparison_coverage is not None:
        name = result.comparison.replace("_", " ")
        if query.compare == Comparison.PREVIOUS_BUCKET and query.grain is not None:  # "week over week"
            name = f"{query.grain.value} before each {query.grain.value}"
        lines.append(
            f"Compared with the {name}: {_window_text(result.comparison_window)}, "
            f"{_coverage_text(result.comparison_coverage)}."
        )
        if not _has_comparison(result):
            lines.append("The comparison window holds no matching events, so no change can be computed.")
        elif result.per_day:
            lines.append(
                "The two windows hold data over different spans, so sums (spend, requests, tokens, errors) are "
                "compared per covered day."
            )
    rows = result.rows
    if query.having is not None:
        lines.append(_having_line(query, result))
    if query.mark is not None:
        lines.append(compute_mark_line(query, result))
    if query.change_bound is not None:
        lines.append(compute_change_bound_line(query, result))
    for d in query.dimensions:
        if rows and all(r.get(d.value) in ("", None) for r in rows):
            # "spend by region: us-east vs eu-west" where no event has one: the one '(none)' row is the whole, no split
            name = d.value.replace("_", " ")
            lines.append(
                f"No event in the window carries a {name}, so the figures cannot be split by {name}: "
                "the one row, (none), is the whole."
            )
    if not rows and query.having is None and query.change_bound is None:
        lines.append("No events match.")
    elif not query.dimensions and query.grain is None:
        text = _row_text(query, result, rows[0])
        lines.append(f"{text[:1].upper()}{text[1:]}.")
    else:
        totals = compute_totals(query, result)
        if totals:  # every group is in the rows: each one's share of the whole is stated (issue #16)
            lines.append(
                "Total: " + "; ".join(f"{_label(query, m)} {format_measure(m, v)}" for m, v in totals.items()) + "."
            )
            if query.count_groups:  # "how many vendors did we use": the groups with traffic, counted
                name = query.dimensions[0].value.replace("_", " ")
                lines.append(f"{len(result.rows)} {name}s in the window.")
            if query.mean_per_group:  # "average calls per user": the total over the groups
                name = query.dimensions[0].value.replace("_", " ")
                lines.append(
                    f"Mean per {name} (over {len(result.rows)} {name}s): "
                    + "; ".join(
                        f"{_label(query, m)} {_per_day_money(m, v / len(result.rows))}" for m, v in totals.items()
                    )
                    + "."
                )
            if query.sd_per_group:  # "the standard deviation of spend per user": of the groups' figures
                name = query.dimensions[0].value.replace("_", " ")
                lines.append(_spread_line(query, result.rows, f"{name}s", list(totals)))
            if query.median_per_group:  # "median spend per user": the middle of the groups' figures
                name = query.dimensions[0].value.replace("_", " ")
                lines.append(
                    f"Median per {name} (over {len(result.rows)} {name}s, "
                    f"{'the middle one' if len(result.rows) % 2 else 'the mean of the two middle ones'}): "
                    + "; ".join(
                        f"{_label(query, m)} "
                        + _per_day_money(m, statistics.median(_number(r.get(m.value)) or 0.0 for r in result.rows))
                        for m in totals
                    )
                    + "."
                )
        series = compute_series_summary(query, result)
        if series:  # the series' total and mean per covered day, before its buckets
            days = result.coverage.covered_days
            lines.append(
                f"Over the {days:.2f} covered days: "
                + "; ".join(
                    f"{_label(query, m)} {format_measure(m, t)} in total, {_per_day_money(m, d)} per covered day"
                    for m, (t, d) in series.items()
                )
                + "."
            )
            if query.median_per_group:  # "calls per day - min, max and median": the middle bucket
                lines.append(_series_median_line(query, result, series))
            if query.sd_per_group:  # "the standard deviation of daily spend": of the buckets' totals
                grain = query.grain.value if query.grain is not None else "bucket"
                lines.append(_spread_line(query, result.rows, f"{grain}s", list(series)))
        if query.grain is not None and query.order_by is None and not query.top_n:
            rows = sorted(rows, key=lambda r: pd.Timestamp(r["bucket"]))  # a series reads in time order
        if query.difference and len(rows) == 2 and query.grain is None:  # "which of the two had more, by how many"
            a, b = sorted(rows, key=lambda r: -(_number(r.get(query.measures[0].value)) or 0.0))
            gaps = [
                f"{_label(query, m)} {format_measure(m, abs(va - vb))}"
                for m in query.measures  # (a latency's or a unit cost's gap too: "how much slower is its p95")
                if (va := _number(a.get(m.value))) is not None and (vb := _number(b.get(m.value))) is not None
            ]
            if gaps:
                lines.append(
                    f"Difference, {_row_label(query, a)} over {_row_label(query, b)}: " + "; ".join(gaps) + "."
                )
        if query.ratio and len(rows) == 2 and query.grain is None:  # "how many times more", "the ratio of A to B"
            lines += _ratio_lines(query, rows)
        first = query.measures[0]
        ranked = [r for r in rows if _number(r.get(first.value)) is not None]
        if query.extremes and ranked:  # "which day had the most calls and which the fewest": both ends, said
            high = max(ranked, key=lambda r: _number(r.get(first.value)) or 0.0)
            low = min(ranked, key=lambda r: _number(r.get(first.value)) or 0.0)
            lines.append(
                f"Highest {_label(query, first)}: {_row_label(query, high)} ({format_measure(first, high[first.value])});"
                f" lowest: {_row_label(query, low)} ({format_measure(first, low[first.value])})."
            )
        grouped = (
            compute_grouped_series_lines(query, rows)
            if result.comparison_window is None and not query.top_n and query.having is None
            else None
        )
        per_bucket = _mean_per_group_bucket_line(query, result) if not totals else None
        if per_bucket is not None:  # "average calls per user per day": over each user's days with traffic
            lines += [per_bucket, f"Each of the {len(rows)} rows is in the table."]
        elif (query.mean_per_group or query.median_per_group) and totals:
            # the mean (median) over the groups is what was asked: each group's own figures are in the table
            lines.append(f"Each of the {len(rows)} rows is in the table.")
        elif grouped is not None:  # "spend per workload per week": each group's line, every bucket in it
            lines += grouped
        else:
            for row in rows[:TEXT_ROWS]:
                lines.append(f"- {_row_label(query, row)}: {_row_text(query, result, row, totals)}")
            if len(rows) > TEXT_ROWS:
                lines.append(f"- and {len(rows) - TEXT_ROWS} more row(s) in the table.")
                if query.grain is not None and _is_all_time(result.window) and not query.top_n:
                    # all the data as a series: its first bucket is listed, its last (where the data ends) said too
                    last = max(rows, key=lambda r: pd.Timestamp(r["bucket"]))
                    lines.append(f"- the last, {_row_label(query, last)}: {_row_text(query, result, last, totals)}")
        lines += _largest_change_lines(query, result, rows)
    lines += compute_given_lines(query, rows)
    lines += compute_share_within_lines(query, rows, result.truncated)
    if query.top_percent is not None:
        lines.insert(1, compute_top_percent_line(query, rows, result.truncated))
    if result.projection is not None:
        p = result.projection
        lines.append(
            f"Projection: run rate over the {p.rate_days:.2f} covered days, carried {p.remaining_days:.2f} days "
            f"from {_when(p.observed_end)} to {_when(p.to)}."
        )
        if p.not_projected:
            skipped = ", ".join(LABELS[Measure(n)] for n in p.not_projected)
            lines.append(f"Not projected (they do not add up over time): {skipped}.")
    lines += _annualized_lines(query, result)
    lines += _rate_lines(query, result)
    if result.truncated:
        lines.append(f"The table was cut at the row limit ({len(rows)} rows); narrow the query to see the rest.")
    lines += [f"Note: {note}." for note in result.notes]
    source = "the hourly and daily roll-ups" if result.source == "rollup" else "the raw events"
    sql = "\n\n".join(s.sql.strip() for s in result.statements[::2])
    lines.append(f"Read from {source}. SQL:\n```sql\n{sql}\n```")
    return "\n".join(lines)


def _largest_change_lines(query: SemanticQuery, result: SemanticResult, rows: list[dict[str, Any]]) -> list[str]:
    """Groups compared with another window ("biggest mover this week? workload spend"): the group whose first
    measure changed the most in per cent, either way."""
    first = query.measures[0].value
    if not (_has_comparison(result) and query.dimensions and query.grain is None and len(rows) >= 3):
        return []
    moved = [(r, v) for r in rows if (v := _number(r.get(f"{first}_change_pct"))) is not None]
    if not moved:
        return []
    row, value = max(moved, key=lambda x: abs(x[1]))
    return [f"Largest change in {_label(query, query.measures[0])}: {_row_label(query, row)}, {signed_pct(value)}."]


def _spread_line(query: SemanticQuery, rows: list[dict[str, Any]], what: str, measures: list[Measure]) -> str:
    """The standard deviation of each measure over the rows (groups or buckets): the sample's, then the
    population's."""
    figures = []
    for m in measures:
        values = [_number(r.get(m.value)) or 0.0 for r in rows]
        if len(values) < 2:
            continue
        sample, population = statistics.stdev(values), statistics.pstdev(values)
        figures.append(f"{_label(query, m)} {_per_day_money(m, sample)} (population: {_per_day_money(m, population)})")
    if not figures:
        return f"No standard deviation over fewer than 2 {what}."
    return f"Standard deviation over the {len(rows)} {what} (the sample's): " + "; ".join(figures) + "."


def _series_median_line(
    query: SemanticQuery, result: SemanticResult, series: dict[Measure, tuple[float, float]]
) -> str:
    """The median bucket of a whole series, each summing measure's (the mean of the two middle ones when even)."""
    n = len(result.rows)
    grain = query.grain.value if query.grain is not None else "bucket"
    middle = "the middle one" if n % 2 else "the mean of the two middle ones"
    return (
        f"Median per {grain} (over {n} {grain}s, {middle}): "
        + "; ".join(
            f"{_label(query, m)} {_per_day_money(m, statistics.median(_number(r.get(m.value)) or 0.0 for r in result.rows))}"
            for m in series
        )
        + "."
    )


def compute_given_lines(query: SemanticQuery, rows: list[dict[str, Any]]) -> list[str]:
    """The number the user gave, applied to each row (a success target, a flat fee a call, a level of a total), and
    the percent between the highest and the lowest row when asked ("how much cheaper, in percent")."""
    lines: list[str] = []
    shown = rows[:TEXT_ROWS]
    if query.given is not None:
        for row in shown:
            name = _row_label(query, row) if (query.dimensions or query.grain) else ""
            text = _given_text(query, row)
            if text:
                lines.append(f"{name}: {text}" if name else f"{text[:1].upper()}{text[1:]}")
    if query.at_rate_of is not None:
        lines += _at_rate_lines(query, rows)
    if query.percent_gap:
        # two rows side by side ("gpt-4o vs gpt-4o-mini ... the difference in percent"): each measure's gap, as
        # every figure of the two is asked of both; more rows: the first measure's ends
        for first in query.measures if len(rows) == 2 else query.measures[:1]:
            lines += _percent_gap_lines(query, rows, first)
    return lines


def _ratio_lines(query: SemanticQuery, rows: list[dict[str, Any]]) -> list[str]:
    """Each measure of the larger row over the smaller's, and the other way round ("1.47 times")."""
    a, b = sorted(rows, key=lambda r: -(_number(r.get(query.measures[0].value)) or 0.0))
    out = []
    for m in query.measures:
        va, vb = _number(a.get(m.value)), _number(b.get(m.value))
        if va is None or vb is None or va <= 0 or vb <= 0:
            continue
        out.append(
            f"Ratio of {_label(query, m)}: {_row_label(query, a)} is {va / vb:,.2f} times {_row_label(query, b)} "
            f"({_row_label(query, b)} to {_row_label(query, a)}: {vb / va:,.3g})."
        )
    return out


def compute_top_percent_line(query: SemanticQuery, rows: list[dict[str, Any]], truncated: bool) -> str:
    """The top `top_percent` of the groups by the first measure: how many, their total and its share of the whole
    ("The top 10 % of users by spend, 4 of 40: $61.20, 29.9 % of the $204.47 in all")."""
    if query.top_percent is None or not rows or not query.dimensions:
        return ""
    m = query.measures[0]
    name = _dim_name(query.dimensions[0])
    head = f"The top {query.top_percent:g} % of {name}s by {_label(query, m)}"
    if truncated:
        return f"{head} is not computed: the rows were cut at the row limit, so not every {name} is in them."
    values = sorted((_number(r.get(m.value)) or 0.0 for r in rows), reverse=True)
    n = max(1, int(len(values) * query.top_percent / 100))
    top, total = sum(values[:n]), sum(values)
    if m not in SUMMABLE or total <= 0:
        return f"{head}: {n} of {len(values)} {name}s (their {_label(query, m)} does not add up to a share)."
    return (
        f"{head}, {n} of {len(values)} {name}s: {format_measure(m, top)}, {pct(top / total)} of the "
        f"{format_measure(m, total)} in all."
    )


def compute_share_within_lines(query: SemanticQuery, rows: list[dict[str, Any]], truncated: bool) -> list[str]:
    """Each group's rows as shares of the group's own total (`share_within`), the largest first: "workload
    doc-summarizer: provider openai 76.9 % of its spend ($46.75 of $60.76), provider anthropic 23.1 % ($14.01)"."""
    within = query.share_within
    m = next((x for x in query.measures if x in SUMMABLE), None)
    if within is None or m is None or not rows:
        return []
    if truncated:
        return [f"The rows were cut at the row limit, so each {_dim_name(within)}'s shares are not computed."]
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row.get(within.value), []).append(row)
    others = [d for d in query.dimensions if d != within]
    lines: list[str] = []
    for key, members in groups.items():
        total = sum(_number(r.get(m.value)) or 0.0 for r in members)
        if total <= 0:
            continue
        ranked = sorted(members, key=lambda r: -(_number(r.get(m.value)) or 0.0))
        parts = []
        for i, r in enumerate(ranked):
            value = _number(r.get(m.value)) or 0.0
            name = ", ".join(_dim_value_text(d, r[d.value]) for d in others)
            of = (
                f" of its {_label(query, m)} ({format_measure(m, value)} of {format_measure(m, total)})"
                if i == 0
                else ""
            )
            parts.append(f"{name} {pct(value / total)}{of}" + (f" ({format_measure(m, value)})" if i else ""))
        lines.append(f"{_dim_value_text(within, key)}: " + "; ".join(parts) + ".")
    return lines


def _percent_gap_lines(query: SemanticQuery, rows: list[dict[str, Any]], first: Measure) -> list[str]:
    """By what percent the highest row of `first` is above the lowest, and the lowest below the highest."""
    ranked = [r for r in rows if (_number(r.get(first.value)) or 0.0) > 0]
    if len(ranked) < 2:
        return []
    high = max(ranked, key=lambda r: _number(r.get(first.value)) or 0.0)
    low = min(ranked, key=lambda r: _number(r.get(first.value)) or 0.0)
    top, bottom = _number(high[first.value]) or 0.0, _number(low[first.value]) or 0.0
    label = _label(query, first)
    return [
        f"{_row_label(query, low)}'s {label} ({format_measure(first, bottom)}) is "
        f"{pct(1 - bottom / top)} below {_row_label(query, high)}'s ({format_measure(first, top)}); "
        f"{_row_label(query, high)}'s is {pct(top / bottom - 1)} above it."
    ]


def _given_text(query: SemanticQuery, row: dict[str, Any]) -> str:
    """One row's figures against the given number (empty when the row lacks them)."""
    given = query.given
    assert given is not None
    requests = _number(row.get(Measure.REQUESTS.value))
    if given.kind == GivenKind.SUCCESS_TARGET:
        errors = _number(row.get(Measure.ERRORS.value))
        if not requests or errors is None:
            return ""
        budget = (100 - given.value) / 100
        rate = errors / requests
        allowed = requests * budget
        left = allowed - errors
        return (
            f"against the {given.value:g} % success target (an error budget of {pct(budget)} of requests), the error "
            f"rate of {pct(rate)} ({count(errors)} errors in {count(requests)} requests) has burned "
            f"{pct(rate / budget)} of the error budget, a burn rate of {rate / budget:.2f}; the target allows "
            f"{allowed:,.1f} failed requests for this traffic, "
            + (f"{left:,.1f} of them still left." if left >= 0 else f"and the errors are {-left:,.1f} over it.")
        )
    if given.kind == GivenKind.FEE_PER_CALL:
        spend = _number(row.get(Measure.SPEND.value))
        if requests is None or spend is None:
            return ""
        flat = requests * given.value
        gap = spend - flat
        versus = f"{money(abs(gap))} {'less' if gap >= 0 else 'more'}"
        share = f", {pct(abs(gap) / spend)} {'less' if gap >= 0 else 'more'}" if spend else ""
        return (
            f"at a flat {format_measure(Measure.COST_PER_REQUEST, given.value)} a request, the {count(requests)} "
            f"requests would have cost {money(flat)}, against {money(spend)} actually spent ({versus}{share})."
        )
    if given.kind == GivenKind.TOKEN_PRICES:
        return _token_prices_text(given, row)
    if given.kind == GivenKind.MARKUP:
        return _markup_text(query, given, row)
    if given.measure is None:
        return ""
    m = given.measure
    total = _number(row.get(m.value))
    if total is None:
        return ""
    gap = given.value - total
    where = f"{format_measure(m, gap)} short of it" if gap > 0 else f"{format_measure(m, -gap)} over it"
    return (
        f"{_label(query, m)} {format_measure(m, total)} against the {format_measure(m, given.value)} given: "
        f"{where} ({pct(total / given.value)} of it)."
    )


def _at_rate_lines(query: SemanticQuery, rows: list[dict[str, Any]]) -> list[str]:
    """Each other row's requests priced at the named row's own cost per request, against what they cost ("at
    gpt-4o-mini's cost per request, $0.00222, gpt-4o's 5,021 requests would have cost $11.13, against $186.74")."""
    by, rated = query.dimensions[0], query.at_rate_of
    rate_row = next((r for r in rows if str(r.get(by.value)) == rated), None)
    rate = _number(rate_row.get(Measure.COST_PER_REQUEST.value)) if rate_row is not None else None
    if rate_row is None or rate is None:
        return [f"{_dim_name(by).capitalize()} {rated} has no requests in the window: no cost per request to price at."]
    lines = []
    for row in rows:
        requests, spend = _number(row.get(Measure.REQUESTS.value)), _number(row.get(Measure.SPEND.value))
        if row is rate_row or requests is None or spend is None:
            continue
        priced = requests * rate
        gap = spend - priced
        share = f", {pct(abs(gap) / spend)} {'less' if gap >= 0 else 'more'}" if spend else ""
        lines.append(
            f"At {rated}'s own cost per request ({format_measure(Measure.COST_PER_REQUEST, rate)}), "
            f"{_row_label(query, row)}'s {count(requests)} requests would have cost {money(priced)}, against "
            f"{money(spend)} they actually cost ({money(abs(gap))} {'less' if gap >= 0 else 'more'}{share})."
        )
    return lines


def _markup_text(query: SemanticQuery, given: Given, row: dict[str, Any]) -> str:
    """One row's cost figures priced up by the markup given ("at cost plus 35 %, cost per request $0.0206 is a price
    of $0.0278"); empty when the row has no cost figure."""
    factor = 1 + given.value / 100
    priced = [
        f"{_label(query, m)} {format_measure(m, v)} is a price of {format_measure(m, v * factor)}"
        for m in query.measures
        if m in _MONEY and (v := _number(row.get(m.value))) is not None
    ]
    if not priced:
        return ""
    return f"at cost plus {given.value:g} % (the cost times {factor:g}), " + "; ".join(priced) + "."


def _token_prices_text(given: Given, row: dict[str, Any]) -> str:
    """One row's tokens re-priced at the USD a million input and output tokens given, against what it cost."""
    prompt = _number(row.get(Measure.INPUT_TOKENS.value))
    completion = _number(row.get(Measure.OUTPUT_TOKENS.value))
    spend = _number(row.get(Measure.SPEND.value))
    if prompt is None or completion is None or spend is None or given.output_value is None:
        return ""
    priced = (prompt * given.value + completion * given.output_value) / 1e6
    gap = spend - priced
    versus = f"{money(abs(gap))} {'less' if gap >= 0 else 'more'}"
    share = f", {pct(abs(gap) / spend)} {'less' if gap >= 0 else 'more'}" if spend else ""
    return (
        f"at ${given.value:g} a million input tokens and ${given.output_value:g} a million output tokens, the "
        f"{count(prompt)} input and {count(completion)} output tokens would have cost {money(priced)}, against "
        f"{money(spend)} actually spent ({versus}{share})."
    )


def describe_whole_month_before(query: SemanticQuery, result: SemanticResult, period: str = "month") -> str:
    """The line added when a month (week, quarter) so far is compared with the same days of the one before: that
    whole period's figures, and the change against them per covered day ("this month vs last month" asks for both)."""
    if not result.rows or result.comparison_window is None or not _has_comparison(result):
        return ""
    row = result.rows[0]
    totals = "; ".join(f"{LABELS[m]} {format_measure(m, row[f'{m.value}_previous'])}" for m in query.measures)
    changes = "; ".join(_change_text(m, row, result.per_day, _label(query, m)) for m in query.measures)
    return f"The whole {period} before, {_window_text(result.comparison_window)}: {totals}. Against it: {changes}."
