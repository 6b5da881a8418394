"""Phrasings beside the seventeenth blind set's misses on spread and on bands of one call (issue #16): a standard
deviation or an interquartile range of one call's figure ("the mean latency and its standard deviaton", "p25, p75 and
the interquartile range"), every percentile p1..p99 ("the 10th and 90th percentiles" of the quality score, "ttft p10,
p50, p90 and p99"), "mean vs median cost per call", the standard deviation of a series' buckets ("31 daily spend
totals ... the standard deviation of daily spend"), and calls counted by their own TTFT or cost ("a TTFT under 200ms",
"cost more than $0.10 each, and what did those calls cost in total"). Each fix is a rule for a family, so each is
checked on phrasings the set does not hold, and on contrasts the rule must leave alone. Figures come from the test's
own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta
from statistics import pstdev, stdev

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.shorthand import compute_expanded_shorthand
from netra_core.agents.vocabulary import SQL_RE
from netra_core.analytics.semantic import Bound, Cut, Dimension, Grain, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, SPEND, Sql, q
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
LATENCY = "toFloat64(latency_ms)"
MODEL = "model = {m:String}"
WORKLOAD = "workload = {w:String}"


# --- a standard deviation or an IQR of one call's figure, of the quantity it names -------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("over the last 30 days, whats the mean latency and its standard deviaton?", ["latency_avg", "latency_sd"]),
        ("std dev of ttft for gpt-4o this week", ["ttft_sd"]),  # sibling: another quantity, said after
        ("what's the stdev of the quality score in october", ["quality_sd"]),  # sibling: the score
        ("sd of prompt tokens per call, last 7 days", ["input_tokens_sd"]),  # sibling: tokens
        ("sonnet latency this month: p25, p75 and the interquartile range pls", ["latency_iqr"]),
        ("IQR of completion tokens by workload", ["output_tokens_iqr"]),  # sibling
        ("the interquartile range of cost per call by model", ["cost_iqr"]),  # sibling: a call's cost
    ],
)
def test_a_spread_word_is_of_the_quantity_it_names(text: str, measures: list[str]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert [m.value for m in asked.measures if m.value in measures] == measures
    assert not asked.cannot


@pytest.mark.parametrize(
    "text",
    [
        "what's the standard deviation of daily spend in october",  # contrast: the days' totals, not one call's cost
        "how spread out is spend across workloads",  # contrast: no spread word of one call's figure
        "error rate by model, last 7 days",  # contrast: "sd" nowhere
    ],
)
def test_a_spread_of_a_total_or_no_spread_word_asks_no_spread_of_one_call(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not {m for m in asked.measures if m.value.endswith(("_sd", "_iqr"))}


def test_the_interquartile_range_is_stated_beside_its_quartiles(numbers_env: AgentEnv) -> None:
    start = NOW - 14 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        p25, p75 = (s.one(q(level, "ttft_ms"), start, NOW, WORKLOAD, w="support-bot") for level in (0.25, 0.75))
        sd = s.one("stddevSamp(toFloat64(ttft_ms))", start, NOW, WORKLOAD, w="support-bot")
    said = answer(numbers_env, "support-bot ttft over the last 14 days: p25, p75, the IQR and the std dev")
    assert_states(
        said,
        [
            Figure("p25", p25, Unit.MS, rel=0.01),
            Figure("p75", p75, Unit.MS, rel=0.01),
            Figure("IQR", p75 - p25, Unit.MS, rel=0.01),
            Figure("sd", sd, Unit.MS, rel=0.01),
        ],
    )


def test_the_standard_deviation_of_latency_by_model_is_each_models(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    models = ("gpt-4o", "claude-3-5-sonnet", "claude-3-5-haiku")
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        sds = {m: s.one(f"stddevSamp({LATENCY})", start, NOW, MODEL, m=m) for m in models}
    said = answer(numbers_env, "standard deviation of latency by model over the last 7 days")
    assert_states(said, [Figure(m, v, Unit.MS, rel=0.01) for m, v in sds.items()])


# --- every percentile, p1..p99, of each quantity ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("ttft distribution over the past 14 days -- p10, p50, p90 and p99", ["ttft_p10", "ttft_p50", "ttft_p90"]),
        ("p5 latency for gpt-4o yesterday", ["latency_p5"]),  # sibling: one digit
        ("the 10th and 90th percentiles of the quality scores in october", ["quality_p10", "quality_p90"]),
        ("p25 cost per call by workload", ["cost_p25"]),  # sibling: a level the layer did not have
        ("p60 of output tokens per request, last 7 days", ["output_tokens_p60"]),  # sibling: tokens
    ],
)
def test_every_percentile_level_is_answerable(text: str, measures: list[str]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert [m.value for m in asked.measures if m.value in measures] == measures
    assert not asked.cannot


def test_ordinal_percentiles_are_levels_not_days_of_the_month() -> None:
    assert compute_expanded_shorthand("I'd like the 10th and 90th percentiles") == "I'd like the p10 and p90"
    assert compute_expanded_shorthand("spend on the 10th and the 11th") == "spend on the 10th and the 11th"  # contrast
    asked = compute_asked("quality scores in October: the 10th and 90th percentiles, the mean and the sd", NOW, KNOWN)
    assert asked.window["start"].startswith("2026-10-01") and asked.window["end"].startswith("2026-11-01")
    assert asked.measures == [Measure.QUALITY_P10, Measure.QUALITY_P90, Measure.QUALITY, Measure.QUALITY_SD]


def test_a_dash_between_words_is_prose_and_sql_comments_are_still_caught() -> None:
    assert not SQL_RE.search("ttft over the past 14 days -- p10, p50")
    assert SQL_RE.search("spend' -- drop") and SQL_RE.search("admin'--")  # contrast: a comment after a quote


def test_quality_percentiles_and_spread_are_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        p10, p90 = (s.one(q(level, "quality"), OCTOBER, MONTH) for level in (0.1, 0.9))
        sd = s.one("stddevSampIf(quality, quality IS NOT NULL)", OCTOBER, MONTH)
    said = answer(numbers_env, "october quality scores: the 10th and 90th percentiles and the standard deviation")
    figures = [
        Figure("p10", p10, Unit.NUMBER, abs=0.002),
        Figure("p90", p90, Unit.NUMBER, abs=0.002),
        Figure("sd", sd, Unit.NUMBER, abs=0.002),
    ]
    assert_states(said, figures)


# --- the mean listed beside a cost quantile -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("mean vs median cost per call, by model, last 30 days", [Measure.COST_PER_REQUEST, Measure.COST_P50]),
        ("the average and the median cost per request this month", [Measure.COST_PER_REQUEST, Measure.COST_P50]),
        ("p50, p90 and p99 cost per call last week", [Measure.COST_P50, Measure.COST_P90, Measure.COST_P99]),
        ("median cost per call by workload", [Measure.COST_P50]),  # contrast: no mean said
    ],
)
def test_levels_and_the_mean_listed_before_a_cost_quantile_are_each_asked(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_mean_and_median_cost_per_call_are_both_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        figures = [
            Figure(f"{m} {kind}", s.one(expr, start, NOW, MODEL, m=m), Unit.MONEY, rel=0.01)
            for m in ("claude-3-5-sonnet", "gpt-4o")
            for kind, expr in (("mean", "sum(cost_usd) / count()"), ("median", q(0.5, "cost_usd")))
        ]
    assert_states(answer(numbers_env, "mean and median cost per call by model over the last 30 days"), figures)


# --- the standard deviation of a series' buckets ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "grain"),
    [
        ("the mean and the standard deviation of daily spend in october", Measure.SPEND, Grain.DAY),
        ("std dev of calls per day over the last 30 days", Measure.REQUESTS, Grain.DAY),  # sibling: a count
        ("weekly spend since september, and its standard deviation", Measure.SPEND, Grain.WEEK),  # sibling: a grain
    ],
)
def test_a_standard_deviation_of_a_per_bucket_total_is_over_the_buckets(
    text: str, measure: Measure, grain: Grain
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.sd_per_group and asked.grain == grain and measure in asked.measures


def test_the_standard_deviation_of_octobers_daily_spend_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        daily = list(Sql(client, ORG).by("toDate(ts)", SPEND, OCTOBER, MONTH).values())
    said = answer(numbers_env, "each day of October as one observation: mean and standard deviation of daily spend")
    sd = Figure("sd", stdev(daily), Unit.MONEY, rel=0.01, alternatives=(pstdev(daily),))
    assert_states(said, [Figure("mean", sum(daily) / len(daily), Unit.MONEY, rel=0.005), sd])


# --- calls counted by their own TTFT or cost ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "cut", "measures"),
    [
        (
            "What fraction of support-bot calls in Oct had a TTFT under 200ms?",
            "ttft_band",
            Cut(bound=Bound.BELOW, value=200),
            [Measure.TTFT_BAND_SHARE],
        ),
        (
            "how many requests had a time to first token over 1s last week",  # sibling: a count, in seconds
            "ttft_band",
            Cut(bound=Bound.ABOVE, value=1000),
            [Measure.TTFT_BAND_N],
        ),
        (
            "How many calls in October cost more than $0.10 each, and what did those calls cost in total?",
            "cost_band",
            Cut(bound=Bound.ABOVE, value=0.10),
            [Measure.COST_BAND_N, Measure.COST_BAND_SPEND],
        ),
        (
            "what share of requests cost over 5 cents apiece last week",  # sibling: cents, a share
            "cost_band",
            Cut(bound=Bound.ABOVE, value=0.05),
            [Measure.COST_BAND_SHARE],
        ),
        (
            "number of calls costing less than $0.001 per call by model this month",  # sibling: below, by model
            "cost_band",
            Cut(bound=Bound.BELOW, value=0.001),
            [Measure.COST_BAND_N],
        ),
    ],
)
def test_a_bound_on_one_calls_ttft_or_cost_counts_the_calls_within_it(
    text: str, field: str, cut: Cut, measures: list[Measure]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert getattr(asked, field) == cut
    assert asked.measures[: len(measures)] == measures


@pytest.mark.parametrize(
    "text",
    [
        "which workloads cost more than $50 this month",  # contrast: a group's spend, a having
        "p95 ttft under 200ms by model?",  # contrast: a percentile's level, not a band of calls
        "what's our ttft p50 this week",  # contrast: no bound
    ],
)
def test_a_groups_spend_or_a_percentiles_level_is_no_band_of_calls(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.cost_band is None and asked.ttft_band is None


def test_the_calls_over_a_cost_and_what_they_cost_are_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    dear = "cost_usd > 0.05"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        n, spend = s.one("count()", start, NOW, dear), s.one(SPEND, start, NOW, dear)
        share = s.one("100 * countIf(cost_usd > 0.05) / count()", start, NOW)
    said = answer(
        numbers_env,
        "over the last 30 days, how many calls cost more than $0.05 each, what % of all calls is that, and what did "
        "they cost in total?",
    )
    assert_states(
        said,
        [
            Figure("calls", n, Unit.NUMBER),
            Figure("share", share, Unit.PERCENT, abs=0.05),
            Figure("their cost", spend, Unit.MONEY, rel=0.005),
        ],
    )


def test_the_share_under_a_ttft_line_is_stated_per_group(numbers_env: AgentEnv) -> None:
    start = NOW - 14 * DAY
    with numbers_env.store.session() as client:
        shares = Sql(client, ORG).by("provider", "100 * countIf(ttft_ms < 300) / count()", start, NOW)
    said = answer(numbers_env, "share of calls with a ttft under 300ms per provider over the last 14 days")
    assert_states(said, [Figure(p, v, Unit.PERCENT, abs=0.05) for p, v in shares.items()])
    assert compute_asked("share of calls with a ttft under 300ms per provider", NOW, KNOWN).dimensions == [
        Dimension.PROVIDER
    ]


# --- the spend of the successful calls beside the failed calls' and the total ----------------------------------


@pytest.mark.parametrize(
    ("text", "measures", "filtered"),
    [
        (
            "spend on successful calls, spend on failed calls and the total for october",
            [Measure.OK_SPEND, Measure.ERROR_SPEND, Measure.SPEND],
            False,
        ),
        ("what did successful calls cost this month, and what was the total", [Measure.OK_SPEND, Measure.SPEND], False),
        ("spend on successful calls last week", [Measure.SPEND], True),  # contrast: one side alone is a filter
    ],
)
def test_the_successful_calls_spend_beside_the_others_is_its_own_measure(
    text: str, measures: list[Measure], filtered: bool
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures
    assert (Dimension.STATUS in asked.filters) == filtered


def test_the_two_sides_and_the_total_are_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        ok, failed = s.one(SPEND, OCTOBER, MONTH, "status = 'ok'"), s.one(SPEND, OCTOBER, MONTH, "status != 'ok'")
    said = answer(numbers_env, "october: the cost of successful calls, the cost of failed calls, and the overall spend")
    assert_states(
        said,
        [
            Figure("ok", ok, Unit.MONEY, rel=0.005),
            Figure("failed", failed, Unit.MONEY, rel=0.005),
            Figure("total", ok + failed, Unit.MONEY, rel=0.005),
        ],
    )


# --- one of several asks: "what one of its calls costs", "which of our models" -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how many calls has the sales-agent made so far this month, and what one of its calls costs on average",
        "how many calls did code-review make last week, and what does one of those calls cost",  # sibling
        "how many calls did support-bot get yesterday, and what did any of its calls cost on average",  # sibling
    ],
)
def test_what_one_of_its_calls_costs_is_the_cost_per_call_beside_the_count(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert Measure.COST_PER_REQUEST in asked.measures and Measure.REQUESTS in asked.measures


def test_how_many_of_its_calls_failed_is_no_cost_per_call() -> None:
    asked = compute_asked("how many of its calls failed yesterday for code-review", NOW, KNOWN)  # contrast
    assert Measure.COST_PER_REQUEST not in asked.measures


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("which of our models is the cheapest per call and which is the most expensive, last 30 days", Dimension.MODEL),
        ("which of the providers had the highest error rate this week", Dimension.PROVIDER),  # sibling
        ("which one of our workloads spent the most yesterday", Dimension.WORKLOAD),  # sibling
    ],
)
def test_which_of_our_groups_groups_by_them(text: str, dimension: Dimension) -> None:
    assert compute_asked(text, NOW, KNOWN).dimensions == [dimension]


def test_the_cheapest_and_the_dearest_model_per_call_are_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        per_call = Sql(client, ORG).by("model", "sum(cost_usd) / count()", start, NOW)
    said = answer(
        numbers_env,
        "which of our models is the cheapest per call and which is the most expensive over the last 30 days?",
    )
    dearest = max(per_call, key=lambda m: per_call[m])
    assert_states(said, [Figure(dearest, per_call[dearest], Unit.MONEY, rel=0.01)])
    assert min(per_call, key=lambda m: per_call[m]) in said
