"""The semantic query: one typed question about an org's traffic, compiled to parameterised SQL.

Most analytics questions (the dashboards', the notebooks', the assistant's) are one `SemanticQuery`: measures
(what to compute), dimensions (what to group by), filters, a window, an optional comparison window, top-N and a
run-rate projection. `run_semantic_query` compiles it to SQL over the roll-ups when every measure and dimension is
in them, over the raw events otherwise; the org always comes from the caller's
authentication, never from the query. Every read carries a row limit and `max_execution_time`.

This module holds the vocabulary (the enums and the query model); the compiler and executor live in
`netra_core.analytics.semantic_sql`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

# The quantities one request has a figure of, each with every percentile p1..p99, a standard deviation and an
# interquartile range: "latency_p10", "cost_sd", "quality_iqr".
QUANTILE_KINDS = ("latency", "ttft", "cost", "quality", "input_tokens", "output_tokens")


class Measure(StrEnum):
    """What a query computes, per group (or once, with no dimensions)."""

    SPEND = "spend"  # sum(cost_usd), USD
    REQUESTS = "requests"  # count of events
    INPUT_TOKENS = "input_tokens"  # sum(prompt_tokens), events with known usage
    OUTPUT_TOKENS = "output_tokens"  # sum(completion_tokens)
    TOTAL_TOKENS = "total_tokens"  # input + output
    CACHED_TOKENS = "cached_tokens"  # sum(cached_tokens) (cache reads, part of input)
    UNCACHED_INPUT_TOKENS = "uncached_input_tokens"  # sum(prompt_tokens - cached_tokens): input not read from cache
    REASONING_TOKENS = "reasoning_tokens"  # sum(reasoning_tokens) (part of output)
    AVG_INPUT_TOKENS = "avg_input_tokens"  # mean prompt tokens per request with known usage
    AVG_OUTPUT_TOKENS = "avg_output_tokens"
    AVG_TOTAL_TOKENS = "avg_total_tokens"  # mean input + output tokens per request with known usage
    INPUT_TOKENS_P25 = "input_tokens_p25"
    INPUT_TOKENS_P50 = "input_tokens_p50"  # quantiles of one request's prompt tokens (known usage, raw events)
    INPUT_TOKENS_P75 = "input_tokens_p75"
    INPUT_TOKENS_P80 = "input_tokens_p80"
    INPUT_TOKENS_P90 = "input_tokens_p90"
    INPUT_TOKENS_P95 = "input_tokens_p95"
    INPUT_TOKENS_P99 = "input_tokens_p99"
    OUTPUT_TOKENS_P25 = "output_tokens_p25"
    OUTPUT_TOKENS_P50 = "output_tokens_p50"  # quantiles of one request's completion tokens
    OUTPUT_TOKENS_P75 = "output_tokens_p75"
    OUTPUT_TOKENS_P80 = "output_tokens_p80"
    OUTPUT_TOKENS_P90 = "output_tokens_p90"
    OUTPUT_TOKENS_P95 = "output_tokens_p95"
    OUTPUT_TOKENS_P99 = "output_tokens_p99"
    INPUT_OUTPUT_RATIO = "input_output_ratio"  # input tokens over output tokens (known usage): input per output token
    OUTPUT_INPUT_RATIO = "output_input_ratio"  # output tokens over input tokens (known usage): output per input token
    INPUT_TOKENS_MAX = "input_tokens_max"  # the most prompt tokens of one request: the largest prompt (raw events)
    # requests with known usage whose prompt tokens are within `prompt_band` ("calls over 10,000 input tokens")
    PROMPT_BAND_N = "prompt_band_n"
    PROMPT_BAND_SHARE = "prompt_band_share"  # those over all requests with known usage, a fraction 0..1
    # requests whose latency_ms is within `latency_band` ("calls slower than 3 seconds"), and their share of all
    LATENCY_BAND_N = "latency_band_n"
    LATENCY_BAND_SHARE = "latency_band_share"
    # requests whose time to first token is within `ttft_band` ("calls with a TTFT under 200 ms"), their share of all
    TTFT_BAND_N = "ttft_band_n"
    TTFT_BAND_SHARE = "ttft_band_share"
    # requests whose own cost is within `cost_band` ("calls that cost more than $0.10 each"), their share of all
    # requests and what they cost together
    COST_BAND_N = "cost_band_n"
    COST_BAND_SHARE = "cost_band_share"
    COST_BAND_SPEND = "cost_band_spend"
    COST_PER_REQUEST = "cost_per_request"  # spend / requests, USD
    # all spend over the requests that succeeded (status ok): what one successful call cost, failures' spend included
    COST_PER_SUCCESSFUL_REQUEST = "cost_per_successful_request"
    COST_PER_1K_TOKENS = "cost_per_1k_tokens"  # spend / (total tokens / 1000), USD
    COST_PER_1M_TOKENS = "cost_per_1m_tokens"  # spend / (total tokens / 1,000,000), USD (a price list's unit)
    # quantiles of one request's cost, and the most expensive request (raw events): "the median cost per call"
    COST_P50 = "cost_p50"
    COST_P90 = "cost_p90"
    COST_P95 = "cost_p95"
    COST_P99 = "cost_p99"
    COST_MAX = "cost_max"
    # spend over one kind of tokens ("cost per 1k output tokens"): all of a call's spend, as events do not split it
    COST_PER_1K_INPUT_TOKENS = "cost_per_1k_input_tokens"
    COST_PER_1M_INPUT_TOKENS = "cost_per_1m_input_tokens"
    COST_PER_1K_OUTPUT_TOKENS = "cost_per_1k_output_tokens"
    COST_PER_1M_OUTPUT_TOKENS = "cost_per_1m_output_tokens"
    LATENCY_AVG = "latency_avg"  # mean latency_ms
    LATENCY_P25 = "latency_p25"
    LATENCY_P50 = "latency_p50"
    LATENCY_P75 = "latency_p75"
    LATENCY_P80 = "latency_p80"
    LATENCY_P90 = "latency_p90"
    LATENCY_P95 = "latency_p95"
    LATENCY_P99 = "latency_p99"
    LATENCY_MAX = "latency_max"  # the largest latency_ms: the slowest call (raw events only)
    TTFT_AVG = "ttft_avg"  # time to first token, over events that have one
    TTFT_P25 = "ttft_p25"
    TTFT_P50 = "ttft_p50"
    TTFT_P75 = "ttft_p75"
    TTFT_P80 = "ttft_p80"
    TTFT_P90 = "ttft_p90"
    TTFT_P95 = "ttft_p95"
    TTFT_P99 = "ttft_p99"
    ERRORS = "errors"  # count of events with status != 'ok'
    ERROR_RATE = "error_rate"  # errors / requests, a fraction 0..1
    ERROR_SPEND = "error_spend"  # sum(cost_usd) over errored events, USD
    OK_SPEND = "ok_spend"  # sum(cost_usd) over the events that succeeded (status ok), USD: spend less error spend
    SUCCESS_RATE = "success_rate"  # requests with status ok / requests, a fraction 0..1 (1 - error_rate)
    QUALITY = "quality"  # mean of non-null quality scores (0..1)
    QUALITY_N = "quality_n"  # how many events carry a quality score
    # how many events carry each optional field (their share of all requests is one division away): a time to first
    # token, reported token usage (usage_known = 1), a user id, a session id ("how many calls have a TTFT recorded")
    TTFT_N = "ttft_n"
    USAGE_N = "usage_n"
    USER_ID_N = "user_id_n"
    SESSION_ID_N = "session_id_n"
    QUALITY_P10 = "quality_p10"  # quantiles of one response's quality score (scored events, raw events)
    QUALITY_P25 = "quality_p25"
    QUALITY_P50 = "quality_p50"
    QUALITY_P75 = "quality_p75"
    QUALITY_P90 = "quality_p90"
    QUALITY_BAND_N = "quality_band_n"  # scored events whose score is within `quality_band` ("scored under 0.7")
    QUALITY_BAND_SHARE = "quality_band_share"  # those over all scored events, a fraction 0..1
    CACHE_SAVINGS = "cache_savings"  # USD saved by cache reads versus paying full input price for them
    BATCH_SPEND = "batch_spend"  # spend of events sent through a batch API (is_batch = 1)
    USERS = "users"  # distinct user_id
    SESSIONS = "sessions"  # distinct session_id
    DAYS = "days"  # distinct UTC days with traffic (per group: what "an average weekday" divides by)
    MODELS = "models"  # distinct model ("how many distinct models did we use", beside other counts)
    PROVIDERS = "providers"  # distinct provider
    WORKLOADS = "workloads"  # distinct workload
    STATUSES = "statuses"  # distinct status values ("ok", "error"...)
    ERROR_TYPES = "error_types"  # distinct error types of the failed requests (an empty type not counted)
    # requests in a session over the distinct sessions (calls without a session left out): calls a session makes
    REQUESTS_PER_SESSION = "requests_per_session"
    SESSIONS_PER_USER = "sessions_per_user"  # distinct sessions over distinct users
    # the users (with an id) whose calls went to more than one model ("users on more than one model"), and their share
    MULTI_MODEL_USERS = "multi_model_users"
    FIRST_EVENT = "first_event"  # when the first event arrived (UTC), as Unix milliseconds ("when did the data start")
    LAST_EVENT = "last_event"  # when the last event arrived (UTC), as Unix milliseconds
    MULTI_MODEL_USERS_SHARE = "multi_model_users_share"
    # all spend over the distinct users (with an id) or sessions (with an id): "cost per user", "per conversation"
    COST_PER_USER = "cost_per_user"
    COST_PER_SESSION = "cost_per_session"
    COST_PER_1K_REQUESTS = "cost_per_1k_requests"  # spend / requests * 1000, USD: "what 1,000 calls cost"
    # The spread of one request's figure (raw events): its standard deviation (the sample's) and its interquartile
    # range (p75 less p25), for each quantity with quantiles: "the mean latency and its standard deviation"
    LATENCY_SD = "latency_sd"
    LATENCY_IQR = "latency_iqr"
    TTFT_SD = "ttft_sd"
    TTFT_IQR = "ttft_iqr"
    COST_SD = "cost_sd"
    COST_IQR = "cost_iqr"
    QUALITY_SD = "quality_sd"
    QUALITY_IQR = "quality_iqr"
    INPUT_TOKENS_SD = "input_tokens_sd"
    INPUT_TOKENS_IQR = "input_tokens_iqr"
    OUTPUT_TOKENS_SD = "output_tokens_sd"
    OUTPUT_TOKENS_IQR = "output_tokens_iqr"
    # Every percentile p1..p99 of each quantity with quantiles ("the 10th percentile of latency", "ttft p99", "p37
    # cost per call"): the levels not named above, as members such as LATENCY_P10 (reached by value: Measure("...")).
    _ignore_ = ["_members", "_kind", "_level"]
    _members = vars()
    for _kind in QUANTILE_KINDS:
        for _level in range(1, 100):
            if f"{_kind}_P{_level}".upper() not in _members:
                _members[f"{_kind}_P{_level}".upper()] = f"{_kind}_p{_level}"


class Dimension(StrEnum):
    """What a query groups by or filters on. A "feature" or "app" is the workload (ingest maps those fields to it)."""

    MODEL = "model"
    PROVIDER = "provider"
    WORKLOAD = "workload"
    TASK_TYPE = "task_type"
    USER = "user"  # user_id
    SESSION = "session"  # session_id
    ERROR_TYPE = "error_type"  # '' for successful events
    STATUS = "status"
    REGION = "region"
    WEEKDAY = "weekday"  # the UTC day of the week, Monday to Sunday
    DAY_TYPE = "day_type"  # 'weekday' (Monday to Friday) or 'weekend' (Saturday, Sunday), UTC
    HOUR_OF_DAY = "hour_of_day"  # the UTC hour of the day, '00:00' to '23:00' (every day's 14:00-15:00 is one group)


class Grain(StrEnum):
    """A time bucket, used as an extra grouping (a trend)."""

    HOUR = "hour"
    DAY = "day"
    WEEK = "week"  # weeks start on Monday
    MONTH = "month"


class Comparison(StrEnum):
    """Which window the query's window is compared with."""

    NONE = "none"
    PREVIOUS_PERIOD = "previous_period"  # the window of the same length just before
    SAME_WEEKDAY_LAST_WEEK = "same_weekday_last_week"  # the window shifted back 7 days
    PREVIOUS_MONTH = "previous_month"  # the calendar month(s) before, shifted by one month
    PREVIOUS_QUARTER = "previous_quarter"  # the same dates three months before (a quarter so far, whole quarters)
    PREVIOUS_YEAR = "previous_year"  # the same dates one year before
    # the whole calendar month before the window's first month ("November so far against October's daily average")
    PREVIOUS_FULL_MONTH = "previous_full_month"
    # a window the question names itself, `compare_start`..`compare_end` ("September vs November", "Q2 vs Q3")
    CHOSEN_WINDOW = "chosen_window"
    # with a grain, each bucket against the bucket just before it ("week over week for the last four weeks")
    PREVIOUS_BUCKET = "previous_bucket"


class RateUnit(StrEnum):
    """The time unit a rate is stated in (requests per minute)."""

    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    DAY = "day"  # "average daily spend per vendor": each group's total over the window's days


class Order(StrEnum):
    """Sort direction of the first measure (top-N takes the first rows)."""

    DESC = "desc"
    ASC = "asc"


class Bound(StrEnum):
    """A comparison of a figure with a number."""

    ABOVE = ">"
    AT_LEAST = ">="
    BELOW = "<"
    AT_MOST = "<="


class Cut(BaseModel):
    """A bound on a number: "below 0.8" is (<, 0.8), "0.85 or higher" is (>=, 0.85)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    bound: Bound
    value: float


class Threshold(Cut):
    """A bound on one measure of each row: "workloads that spent more than $50" is (spend, >, 50)."""

    measure: Measure


class CallFigure(StrEnum):
    """A figure of one call that a bound on the calls reads."""

    LATENCY = "latency_ms"
    TTFT = "ttft_ms"
    COST = "cost_usd"
    INPUT_TOKENS = "prompt_tokens"
    OUTPUT_TOKENS = "completion_tokens"
    QUALITY = "quality"


class CallBound(Cut):
    """A bound on one call's own figure that keeps only the calls meeting it: "calls longer than 4000 input tokens"
    is (prompt_tokens, >, 4000), "calls slower than 5 seconds" is (latency_ms, >, 5000)."""

    figure: CallFigure


class ChangeBound(Cut):
    """A bound on each row's change of one measure against the compared window: "workloads whose spend grew more
    than 10%" is (spend, >, 10, percent), "models whose spend fell by over $5" is (spend, <, -5); `either_way`
    bounds the size of the change, up or down ("moved by more than 20%")."""

    measure: Measure
    percent: bool = True  # the change in per cent of the compared window's figure, else in the measure's unit
    either_way: bool = False


class GivenKind(StrEnum):
    """What a number the user supplies is: a success target in per cent (an SLO), a flat fee in USD a call, or a
    level of one measure's total (a volume tier)."""

    SUCCESS_TARGET = "success_target"
    FEE_PER_CALL = "fee_per_call"
    LEVEL = "level"
    # USD per million input tokens (`value`) and per million output tokens (`output_value`): a price to re-price at
    TOKEN_PRICES = "token_prices"  # noqa: S105 (a kind of number, not a secret)
    # a markup in per cent on the org's own cost ("at cost plus 35%"): each cost figure of a row, priced up by it
    MARKUP = "markup"


class Given(BaseModel):
    """A number the user supplies for the answer to use: "a 95% success SLO" is (success_target, 95), "a flat $0.0005
    per call" is (fee_per_call, 0.0005), "a tier at 15 million input tokens" is (level, 15e6, input_tokens)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    kind: GivenKind
    value: float = Field(gt=0)
    measure: Measure | None = None
    # token_prices only: USD per million output tokens (`value` is per million input tokens)
    output_value: float | None = Field(default=None, ge=0)


# The measures each kind of given number is applied to.
_GIVEN_READS: dict[GivenKind, tuple[Measure, ...]] = {
    GivenKind.SUCCESS_TARGET: (Measure.REQUESTS, Measure.ERRORS),
    GivenKind.FEE_PER_CALL: (Measure.REQUESTS, Measure.SPEND),
    GivenKind.LEVEL: (),
    GivenKind.TOKEN_PRICES: (Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS, Measure.SPEND),
    GivenKind.MARKUP: (),
}


def quantile_measure(kind: str, level: int) -> Measure:
    """The measure of one quantity's percentile: ("latency", 10) is latency_p10."""
    return Measure(f"{kind}_p{level}")


def quantile_level(m: Measure) -> tuple[str, int] | None:
    """The quantity and the level of a percentile measure (latency_p10 is ("latency", 10)), None for any other."""
    kind, _, level = m.value.rpartition("_p")
    return (kind, int(level)) if kind in QUANTILE_KINDS and level.isdigit() else None


# Each quantity's spread: its standard deviation and its interquartile range.
SPREAD_MEASURES = frozenset(Measure(f"{kind}_{spread}") for kind in QUANTILE_KINDS for spread in ("sd", "iqr"))
# What one request cost: at a quantile, its spread, or the most.
ONE_REQUEST_COSTS = frozenset(
    [
        *(quantile_measure("cost", level) for level in range(1, 100)),
        Measure.COST_SD,
        Measure.COST_IQR,
        Measure.COST_MAX,
    ]
)
# Spend over one kind of tokens, per 1k or per million.
TOKEN_KIND_UNIT_COSTS = frozenset(
    [
        Measure.COST_PER_1K_INPUT_TOKENS,
        Measure.COST_PER_1M_INPUT_TOKENS,
        Measure.COST_PER_1K_OUTPUT_TOKENS,
        Measure.COST_PER_1M_OUTPUT_TOKENS,
    ]
)
# The measures that count or share the scores within a quality band: they need the query's `quality_band`.
BAND_MEASURES = frozenset([Measure.QUALITY_BAND_N, Measure.QUALITY_BAND_SHARE])
# The measures that count or share the requests whose prompt tokens are within a band: they need `prompt_band`.
PROMPT_BAND_MEASURES = frozenset([Measure.PROMPT_BAND_N, Measure.PROMPT_BAND_SHARE])
# The measures that count or share the requests whose latency is within a band: they need `latency_band`.
LATENCY_BAND_MEASURES = frozenset([Measure.LATENCY_BAND_N, Measure.LATENCY_BAND_SHARE])
# The measures that count or share the requests whose TTFT is within a band: they need `ttft_band`.
TTFT_BAND_MEASURES = frozenset([Measure.TTFT_BAND_N, Measure.TTFT_BAND_SHARE])
# The measures of the requests whose own cost is within a band: they need `cost_band`.
COST_BAND_MEASURES = frozenset([Measure.COST_BAND_N, Measure.COST_BAND_SHARE, Measure.COST_BAND_SPEND])


class SemanticQuery(BaseModel):
    """One analytics question. Window `start`..`end` is half-open, UTC; there is no org field by design."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    measures: list[Measure] = Field(min_length=1, max_length=12)
    dimensions: list[Dimension] = Field(default_factory=list, max_length=3)
    filters: dict[Dimension, list[str]] = Field(default_factory=dict)
    exclude: dict[Dimension, list[str]] = Field(default_factory=dict)
    start: datetime
    end: datetime
    grain: Grain | None = None
    compare: Comparison = Comparison.NONE
    compare_start: datetime | None = Field(default=None, description="With compare=chosen_window: its start")
    compare_end: datetime | None = Field(default=None, description="With compare=chosen_window: its end")
    normalize_per_day: bool = Field(
        default=True, description="Compare per covered day when the two windows' data coverage differs"
    )
    error_kinds: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Error measures (errors, error_rate, error_spend) count only these error types; requests and "
        "every other measure count all traffic, so error_rate is that kind's share of all requests",
    )
    order_by: Measure | None = Field(default=None, description="Sort by this measure (default: the first)")
    order: Order = Order.DESC
    top_n: int | None = Field(default=None, ge=1, le=1000)
    project_to: datetime | None = Field(
        default=None, description="Forecast each measure that sums (spend, requests, tokens) to this time at run rate"
    )
    annualize: bool = Field(
        default=False,
        description="Also state each summing measure's yearly run rate: the window's total per covered day x 365",
    )
    rate_per: RateUnit | None = Field(
        default=None,
        description="Also state each summing measure per second, minute or hour: the window's total over the "
        "window's length in that unit (requests per minute)",
    )
    rate_also: list[RateUnit] = Field(
        default_factory=list,
        description="Further units the same rate is stated in besides rate_per (per hour and per minute)",
    )
    monthly_run_rate: bool = Field(
        default=False,
        description="Also state each summing measure's monthly run rate: the window's total per covered day x 30",
    )
    extremes: bool = Field(
        default=False,
        description='Also state the highest and the lowest row by the first measure ("which day had the most '
        'calls and which the fewest")',
    )
    difference: bool = Field(
        default=False,
        description="Also state the difference between the two rows (two groups compared) in each measure "
        '("which of A and B had more calls, and by how many", "how much more do we spend on A than B")',
    )
    ratio: bool = Field(
        default=False,
        description="Also state the ratio of the two rows (two groups compared) in each measure, both ways "
        '("how many times more expensive is A than B", "the ratio of A spend to B spend"); with compare, each row\'s '
        'figure over the compared window\'s, both ways ("the ratio of October to September")',
    )
    mean_per_group: bool = Field(
        default=False,
        description="Also state each summing measure's mean per group (with one dimension and every group in the "
        'rows): the total over the number of groups ("average requests per user")',
    )
    median_per_group: bool = Field(
        default=False,
        description="Also state each summing measure's median over the groups (with one dimension and every group "
        "in the rows), or over the buckets of a whole series (a grain, no dimension): the middle one's figure, or the "
        'mean of the two middle ones ("median spend per user", "calls per day: min, max and median")',
    )
    sd_per_group: bool = Field(
        default=False,
        description="Also state each summing measure's standard deviation over the groups (with one dimension and "
        "every group in the rows), or over the buckets of a whole series (a grain, no dimension): the sample's and "
        'the population\'s ("the mean and the standard deviation of daily spend")',
    )
    count_groups: bool = Field(
        default=False,
        description="Also state how many groups the window holds (with one dimension and every group in the rows): "
        '"how many vendors did we use"',
    )
    having: Threshold | None = Field(
        default=None,
        description="Keep only the rows (groups, or time buckets) whose figure of this measure meets the bound "
        '("which workloads spent more than $50", "days over $11", "having sum(cost_usd) > 20"); the answer states '
        "the bound and how many rows meet it",
    )
    top_percent: float | None = Field(
        default=None,
        gt=0,
        lt=100,
        description="With one dimension and every group in the rows, the top this per cent of the groups by the first "
        'measure (their count rounded down, at least one): their total and its share of the whole ("the top 10% of '
        'users by spend")',
    )
    share_within: Dimension | None = Field(
        default=None,
        description="With two or more dimensions, each row's share of its group's total over this dimension, the "
        'top row of each group first ("which provider does each workload depend on most, and what share of the '
        "workload's spend goes to it\": share_within workload)",
    )
    change_bound: ChangeBound | None = Field(
        default=None,
        description="With a comparison, keep only the rows (groups, or time buckets) whose change of this measure "
        "meets the bound, in per cent or in the measure's unit (\"workloads whose spend grew more than 10% month "
        'over month": spend, >, 10, percent; "fell by over $5": spend, <, -5, not percent); the answer states the '
        "bound and how many rows meet it, each with its change",
    )
    mark: Threshold | None = Field(
        default=None,
        description="State which rows' figure of this measure meets the bound, every row kept (\"is any provider "
        "above an 8% error rate\": each provider's rate, and those over 8 % named); rates are fractions (0.08)",
    )
    quality_band: Cut | None = Field(
        default=None,
        description='The quality scores that quality_band_n and quality_band_share count: (<, 0.8) for "scored '
        'below 0.8", (>=, 0.85) for "0.85 or higher"',
    )
    given: Given | None = Field(
        default=None,
        description="A number the user supplies, applied to each row: a success target (95: the error budget is 5 % "
        "of requests; the share of it burned, the burn rate, the failures it allows against the errors), a flat fee "
        "a call (requests x fee against spend), a markup in per cent on each cost figure (cost plus 35 %), or a level of "
        "one measure's total (how far short of or over it); "
        "needs the measures it reads (requests, errors, spend, that measure)",
    )
    percent_gap: bool = Field(
        default=False,
        description="Also state by what percent the highest row of the first measure is above the lowest, and the "
        'lowest below the highest ("how much cheaper per call is the cheapest vendor, in percent"); with two rows '
        '("A vs B ... the difference in percent"), of every measure',
    )
    prompt_band: Cut | None = Field(
        default=None,
        description="The prompt tokens of one request that prompt_band_n and prompt_band_share count: (>, 10000) "
        'for "calls with more than 10,000 input tokens"',
    )
    latency_band: Cut | None = Field(
        default=None,
        description="The latency of one request, in ms, that latency_band_n and latency_band_share count: (>, 3000) "
        'for "calls slower than 3 seconds"',
    )
    ttft_band: Cut | None = Field(
        default=None,
        description="The time to first token of one request, in ms, that ttft_band_n and ttft_band_share count: "
        '(<, 200) for "calls with a TTFT under 200 ms"',
    )
    cost_band: Cut | None = Field(
        default=None,
        description="The cost of one request, in USD, that cost_band_n, cost_band_share and cost_band_spend count: "
        '(>, 0.10) for "calls that cost more than $0.10 each"',
    )
    at_rate_of: str | None = Field(
        default=None,
        description="One value of the query's one dimension whose own cost per request the other rows' requests are "
        'priced at, against what they cost: "gpt-4o-mini" for "every gpt-4o call billed at gpt-4o-mini\'s average '
        'cost per call" (needs spend, requests and cost_per_request, and that value in the rows)',
    )
    band_upper: Cut | None = Field(
        default=None,
        description="A second bound the one-call band (latency_band, ttft_band or cost_band, whichever is given) also "
        'holds its requests to: "calls that cost between 1 and 5 cents" is cost_band (>=, 0.01) and band_upper '
        "(<=, 0.05)",
    )
    calls_within: list[CallBound] = Field(
        default_factory=list,
        max_length=4,
        description="Keep only the calls whose own figure meets each bound; every measure is of those calls: "
        '"the error rate for calls longer than 4000 input tokens" is error_rate with (prompt_tokens, >, 4000), '
        '"average latency of calls over 2000 output tokens" is latency_avg with (completion_tokens, >, 2000); '
        "latency and TTFT in ms, cost in USD, quality 0..1 (calls without the figure meet none)",
    )
    share_of_whole: bool = Field(
        default=False,
        description="Also state each summing measure's share of the same window without the filters on the time "
        "of day or week (hour of the day, weekday, day type): \"what share of October's requests came in between "
        '9:00 and 17:00 UTC" (one total, no dimensions or grain); with no such filter, without the filters on '
        'workload, model, provider and task type ("what share of our spend goes to the growth team": its workloads\' '
        "spend over everyone's); with `having` and one dimension, the groups meeting the bound together over every "
        'group\'s ("how many users made more than 380 calls, and what share of the calls they made")',
    )
    group_name: str | None = Field(
        default=None,
        max_length=80,
        description="What the question calls the values filtered on, taken together (a team it defines by its "
        'workloads: "the support team"), said with them in the answer',
    )
    budget_usd: float | None = Field(
        default=None,
        gt=0,
        description="Also state spend against this budget (USD): the share of it spent and what is left (with "
        "project_to: the projected total over or under it)",
    )

    @model_validator(mode="after")
    def _check(self) -> SemanticQuery:
        if self.end <= self.start:
            raise ValueError(f"window: end {self.end:%Y-%m-%d %H:%M} is not after start {self.start:%Y-%m-%d %H:%M}")
        chosen = self.compare_start is not None and self.compare_end is not None
        if (self.compare == Comparison.CHOSEN_WINDOW) != chosen or (self.compare_start is None) != (
            self.compare_end is None
        ):
            raise ValueError("compare: chosen_window takes compare_start and compare_end, no other comparison does")
        if chosen and self.compare_end <= self.compare_start:  # type: ignore[operator]
            raise ValueError("compare_end: the compared window's end is not after its start")
        if self.compare == Comparison.PREVIOUS_BUCKET and self.grain is None:
            raise ValueError("compare: previous_bucket compares each bucket of a grain with the one before: give grain")
        if self.order_by is not None and self.order_by not in self.measures:
            raise ValueError(f"order_by: {self.order_by.value} is not one of the query's measures")
        for name, values in (*self.filters.items(), *self.exclude.items()):
            if not values or len(values) > 100:
                raise ValueError(f"filters.{name.value}: give 1 to 100 values")
        if self.having is not None and self.having.measure not in self.measures:
            raise ValueError(f"having: {self.having.measure.value} is not one of the query's measures")
        if self.top_percent is not None and (len(self.dimensions) != 1 or self.top_n is not None):
            raise ValueError("top_percent: a per cent of the groups of one dimension, with no top_n")
        if self.share_within is not None and (self.share_within not in self.dimensions or len(self.dimensions) < 2):
            raise ValueError("share_within: one of two or more dimensions, the group each row's share is of")
        if self.change_bound is not None and (
            self.compare == Comparison.NONE
            or self.change_bound.measure not in self.measures
            or (not self.dimensions and self.grain is None)
        ):
            raise ValueError(
                "change_bound: a bound on each group's change needs a comparison, dimensions or a grain, and its "
                "measure among the measures"
            )
        if self.mark is not None and self.mark.measure not in self.measures:
            raise ValueError(f"mark: {self.mark.measure.value} is not one of the query's measures")
        if self.having is not None and not self.dimensions and self.grain is None:
            raise ValueError("having: a bound keeps groups or time buckets: give dimensions or a grain")
        if BAND_MEASURES & set(self.measures) and self.quality_band is None:
            raise ValueError("quality_band: quality_band_n and quality_band_share count the scores within it: give it")
        if self.given is not None and self.given.kind == GivenKind.SUCCESS_TARGET and self.given.value >= 100:
            raise ValueError("given: a success target is under 100 (per cent)")
        if self.given is not None and (self.given.kind == GivenKind.LEVEL) != (self.given.measure is not None):
            raise ValueError("given: a level names the measure it is a level of, no other kind does")
        if self.given is not None and (self.given.kind == GivenKind.TOKEN_PRICES) != (
            self.given.output_value is not None
        ):
            raise ValueError("given: token prices give the output price (output_value), no other kind does")
        if self.given is not None and not set(_GIVEN_READS[self.given.kind]) <= set(self.measures):
            needed = ", ".join(m.value for m in _GIVEN_READS[self.given.kind])
            raise ValueError(f"given: {self.given.kind.value} reads {needed}: give them as measures")
        if self.given is not None and self.given.measure is not None and self.given.measure not in self.measures:
            raise ValueError(f"given: {self.given.measure.value} is not one of the query's measures")
        if PROMPT_BAND_MEASURES & set(self.measures) and self.prompt_band is None:
            raise ValueError("prompt_band: prompt_band_n and prompt_band_share count the requests within it: give it")
        if LATENCY_BAND_MEASURES & set(self.measures) and self.latency_band is None:
            raise ValueError(
                "latency_band: latency_band_n and latency_band_share count the requests within it: give it"
            )
        for banded, band, field in (
            (TTFT_BAND_MEASURES, self.ttft_band, "ttft_band"),
            (COST_BAND_MEASURES, self.cost_band, "cost_band"),
        ):
            if banded & set(self.measures) and band is None:
                raise ValueError(f"{field}: its measures count the requests within it: give it")
        priced_at = {Measure.SPEND, Measure.REQUESTS, Measure.COST_PER_REQUEST}
        if self.at_rate_of is not None and (len(self.dimensions) != 1 or not priced_at <= set(self.measures)):
            raise ValueError("at_rate_of: one dimension, and spend, requests and cost_per_request as measures")
        one_call = [b for b in (self.latency_band, self.ttft_band, self.cost_band) if b is not None]
        if self.band_upper is not None and len(one_call) != 1:
            raise ValueError(
                "band_upper: a second bound of one band: give exactly one of latency_band, ttft_band or "
                "cost_band with it"
            )
        cut = {
            Dimension.HOUR_OF_DAY,
            Dimension.WEEKDAY,
            Dimension.DAY_TYPE,
            Dimension.WORKLOAD,
            Dimension.MODEL,
            Dimension.PROVIDER,
            Dimension.TASK_TYPE,
        }
        # (or the groups of one dimension that meet a bound, together: "how many users made more than 380 calls,
        # and what share of the calls they made")
        bounded = self.having is not None and len(self.dimensions) == 1
        if self.share_of_whole and (
            self.grain is not None
            or (self.dimensions and not bounded)
            or not (cut & set(self.filters) or self.calls_within or bounded)
        ):
            raise ValueError(
                "share_of_whole: one total filtered on the hour of the day, weekday or day type (or on workload, "
                "model, provider or task type, or on a bound on each call), no dimensions or grain; or the groups "
                "of one dimension that meet a bound (having), together"
            )
        if self.project_to is not None and self.project_to <= self.end:
            raise ValueError("project_to: the projection's end must be after the window's end")
        return self
