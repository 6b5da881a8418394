"""Phrasings beside the thirteenth blind set's misses on derived token measures and on both sides of a pair: output
tokens per input token, the share or count of calls over a per-call prompt size, the largest single prompt, "the ratio
between the two", failed against successful calls, "median and p90", "the lightest and the heaviest", "calls and
spend", "October over September", "the week before last" as a window, "tokens of output" and "the claude models".
Each fix is a rule for a family of phrasings, so each is checked here on phrasings the set does not hold, and on
contrasts the rule must leave alone. Figures come from the test's own SQL over the number store. Times are relative
to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.asked_groups import compute_model_families
from netra_core.agents.timerange import compute_time_range
from netra_core.analytics.semantic import Bound, Comparison, Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, SEPTEMBER, TODAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question

DAY = timedelta(days=1)
WEEK = timedelta(days=7)
THIS_MONDAY = TODAY - 4 * DAY  # Monday 16 November
CLAUDE = "model IN ('claude-3-5-haiku', 'claude-3-5-sonnet')"


# --- "the week before last": the calendar week before last week's -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "spend per active user the week before last",
        "calls the week before last by model",  # sibling
        "what did support-bot cost the wk before last week?",  # sibling: abbreviated, "week" said twice
    ],
)
def test_the_week_before_last_is_the_calendar_week_before_last_weeks(text: str) -> None:
    found = compute_time_range(text.lower(), NOW)
    assert found is not None and (found.start, found.end) == (THIS_MONDAY - 2 * WEEK, THIS_MONDAY - WEEK)


def test_the_week_before_last_month_is_no_week_before_last() -> None:
    found = compute_time_range("spend the week before last month end", NOW)  # contrast: a month said after "last"
    assert found is not None and (found.start, found.end) != (THIS_MONDAY - 2 * WEEK, THIS_MONDAY - WEEK)


@pytest.mark.parametrize(
    "text",
    [
        "How much did we spend the week before last, and how does that compare with last week?",
        "errors the week before last vs last week",  # sibling
    ],
)
def test_the_week_before_last_against_last_week_keeps_last_week_as_the_window(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)  # contrast: last week is the window, the week before it the one compared
    assert asked.compare == Comparison.PREVIOUS_PERIOD and "start" not in asked.window


def test_tokens_and_their_ratio_over_the_week_before_last(numbers_env: AgentEnv) -> None:
    start, end = THIS_MONDAY - 2 * WEEK, THIS_MONDAY - WEEK
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        prompt = sql.one("sum(prompt_tokens)", start, end)
        completion = sql.one("sum(completion_tokens)", start, end)
    said = answer(numbers_env, "output and input tokens for the week before last, and their ratio")  # sibling
    assert_states(
        said,
        [
            Figure("output", completion, Unit.NUMBER),
            Figure("input", prompt, Unit.NUMBER),
            Figure("output per input", completion / prompt, Unit.NUMBER, rel=0.01),
        ],
    )


# --- derived token measures: output per input token, the largest prompt, calls over a prompt size -----------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Output tokens per input token, per model, last 30 days.", Measure.OUTPUT_INPUT_RATIO),
        ("completion tokens for every prompt token by workload this month", Measure.OUTPUT_INPUT_RATIO),  # sibling
        ("input tokens per output token last week", Measure.INPUT_OUTPUT_RATIO),  # contrast: the other way round
    ],
)
def test_one_kind_of_tokens_per_the_other_is_their_ratio(text: str, measure: Measure) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == [measure]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        (
            "input tokens and output tokens last week, and the ratio between the two",
            [Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS, Measure.INPUT_OUTPUT_RATIO],
        ),
        (
            "output and input tokens yesterday and their ratio",  # sibling: output named first, over input
            [Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS, Measure.OUTPUT_INPUT_RATIO],
        ),
        ("input and output tokens last week", [Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS]),  # contrast: no ratio
    ],
)
def test_the_ratio_between_input_and_output_tokens_is_asked_beside_them(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_output_per_input_token_by_workload(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        ratios = Sql(client, ORG).by("workload", "sum(completion_tokens) / sum(prompt_tokens)", MONTH, NOW)
    said = answer(numbers_env, "completion tokens for every prompt token by workload this month")
    assert_states(said, [Figure(w, v, Unit.NUMBER, rel=0.01) for w, v in ratios.items()])


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("What was the largest single prompt we sent in October, in input tokens?", [Measure.INPUT_TOKENS_MAX]),
        ("whats the biggest prompt search-rag sent this week", [Measure.INPUT_TOKENS_MAX]),  # sibling
        ("max prompt tokens by model yesterday", [Measure.INPUT_TOKENS_MAX]),  # sibling
        ("which model used the most input tokens in october", [Measure.INPUT_TOKENS]),  # contrast: a ranking of totals
        (
            "which model gets the biggest prompts on average this week, how many input tokens?",  # contrast: a mean
            [Measure.AVG_INPUT_TOKENS],
        ),
    ],
)
def test_the_largest_prompt_is_one_calls_input_tokens(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_the_biggest_prompt_per_model_is_each_models_largest_call(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        largest = Sql(client, ORG).by("model", "max(prompt_tokens)", SEPTEMBER, OCTOBER)
    said = answer(numbers_env, "the biggest prompt of each model in september")
    assert_states(said, [Figure(m, v, Unit.NUMBER) for m, v in largest.items()])


@pytest.mark.parametrize(
    ("text", "measures", "bound", "value"),
    [
        (
            "What fraction of doc-summarizer calls this month had more than 10,000 input tokens?",
            [Measure.PROMPT_BAND_SHARE],
            Bound.ABOVE,
            10_000,
        ),
        ("how many requests had prompts longer than 8k tokens last week", [Measure.PROMPT_BAND_N], Bound.ABOVE, 8000),
        ("share of calls with 5,000+ prompt tokens by model", [Measure.PROMPT_BAND_SHARE], Bound.AT_LEAST, 5000),
        ("calls under 500 input tokens yesterday", [Measure.PROMPT_BAND_N], Bound.BELOW, 500),  # sibling
    ],
)
def test_calls_over_a_prompt_size_are_counted_by_their_own_prompt(
    text: str, measures: list[Measure], bound: Bound, value: float
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures
    assert asked.prompt_band is not None and (asked.prompt_band.bound, asked.prompt_band.value) == (bound, value)


@pytest.mark.parametrize(
    "text",
    [
        "input tokens by workload last week",  # contrast: a total, no bound
        "which workloads used more than 1,000,000 input tokens in october",  # contrast: a bound on a group's total
    ],
)
def test_token_totals_and_group_bounds_are_no_prompt_band(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).prompt_band is None


def test_share_and_count_of_calls_over_a_prompt_size_by_model(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        counts = sql.by("model", "countIf(prompt_tokens >= 5000)", OCTOBER, MONTH)
        shares = sql.by("model", "100 * countIf(prompt_tokens >= 5000) / count()", OCTOBER, MONTH)
    said = answer(numbers_env, "how many calls in october had 5,000 or more prompt tokens, and what share, by model")
    figures = [Figure(f"{m} share", shares[m], Unit.PERCENT, abs=0.05) for m in shares if counts[m] > 0]
    assert_states(said, [*(Figure(m, v, Unit.NUMBER) for m, v in counts.items() if v > 0), *figures])


# --- both sides of a pair: failed vs successful, median and p90, lightest and heaviest ---------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("p99 latency of failed calls vs successful calls over the last 30 days?", [Measure.LATENCY_P99]),
        ("median latency, failed vs successful requests, this week", [Measure.LATENCY_P50]),  # sibling
        ("avg prompt tokens of successful and failed calls in october", [Measure.AVG_INPUT_TOKENS]),  # sibling
    ],
)
def test_failed_against_successful_calls_splits_by_status(text: str, measures: list[Measure]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures and Dimension.STATUS in asked.dimensions
    assert Dimension.STATUS not in asked.filters and Dimension.STATUS not in asked.exclude


@pytest.mark.parametrize(
    ("text", "exclude"),
    [
        ("p95 latency of failed calls", {Dimension.STATUS: ["ok"]}),  # contrast: one side only
        ("error rate of successful vs failed calls", {}),  # contrast: a measure of failure splits nothing
    ],
)
def test_one_side_or_a_failure_measure_is_no_status_split(text: str, exclude: dict[Dimension, list[str]]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert Dimension.STATUS not in asked.dimensions and asked.exclude == exclude


def test_median_latency_of_failed_and_successful_calls(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        failed = sql.one("quantileExactInclusive(0.5)(toFloat64(latency_ms))", OCTOBER, MONTH, "status != 'ok'")
        ok = sql.one("quantileExactInclusive(0.5)(toFloat64(latency_ms))", OCTOBER, MONTH, "status = 'ok'")
    said = answer(numbers_env, "median latency in october, failed vs successful requests")
    assert_states(said, [Figure("failed", failed, Unit.MS, rel=0.01), Figure("ok", ok, Unit.MS, rel=0.01)])


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("Median and p90 of output tokens per call over the past 14 days.", ["output_tokens_p50", "output_tokens_p90"]),
        (
            "p50, p95 and p99 of prompt tokens for search-rag this week",  # sibling: three listed
            ["input_tokens_p50", "input_tokens_p95", "input_tokens_p99"],
        ),
        ("p90 of output tokens last week", ["output_tokens_p90"]),  # contrast: one quantile
    ],
)
def test_quantiles_listed_before_the_tokens_are_each_asked(text: str, measures: list[str]) -> None:
    assert [m.value for m in compute_asked(text, NOW, KNOWN).measures] == measures


def test_median_and_p90_of_input_tokens(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        p50 = sql.one(
            "quantileExactInclusive(0.5)(toFloat64(prompt_tokens))", OCTOBER, MONTH, "workload = 'code-review'"
        )
        p90 = sql.one(
            "quantileExactInclusive(0.9)(toFloat64(prompt_tokens))", OCTOBER, MONTH, "workload = 'code-review'"
        )
    said = answer(numbers_env, "median and p90 of input tokens for code-review in october")
    assert_states(said, [Figure("p50", p50, Unit.NUMBER, rel=0.01), Figure("p90", p90, Unit.NUMBER, rel=0.01)])


@pytest.mark.parametrize(
    ("text", "extremes"),
    [
        ("Over the last 30 days, what did our lightest user cost and what did our heaviest user cost?", True),
        ("which workload was the heaviest on spend this month and which the lightest", True),  # sibling
        ("who was our heaviest user this month", False),  # contrast: one end
    ],
)
def test_the_lightest_and_the_heaviest_are_both_ends(text: str, extremes: bool) -> None:
    assert compute_asked(text, NOW, KNOWN).extremes is extremes


def test_the_lightest_and_heaviest_workload_by_spend(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("workload", "sum(cost_usd)", OCTOBER, MONTH)
    said = answer(numbers_env, "in october which workload was heaviest on spend and which was lightest?")
    assert_states(
        said,
        [
            Figure("heaviest", max(spend.values()), Unit.MONEY, rel=0.005),
            Figure("lightest", min(spend.values()), Unit.MONEY, rel=0.005),
        ],
    )


# --- "calls and spend", "October over September" ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("Calls and spend in the second half of September vs the second half of October?", {"spend", "requests"}),
        ("spend and number of calls last week vs the week before", {"spend", "requests"}),  # sibling
        ("spend last week vs the week before", {"spend"}),  # contrast
    ],
)
def test_calls_listed_beside_spend_are_counted(text: str, measures: set[str]) -> None:
    assert {m.value for m in compute_asked(text, NOW, KNOWN).measures} == measures


@pytest.mark.parametrize(
    ("text", "compare"),
    [
        ("Percent change in calls per provider, October over September.", Comparison.PREVIOUS_FULL_MONTH),
        ("change in spend by model, september over august", Comparison.PREVIOUS_FULL_MONTH),  # sibling
        ("calls per user over october", Comparison.NONE),  # contrast: "over" a window, no second month
    ],
)
def test_a_month_over_the_month_before_is_compared_with_it(text: str, compare: Comparison) -> None:
    assert compute_asked(text, NOW, KNOWN).compare == compare


def test_spend_and_calls_per_workload_october_over_september(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        octo = sql.by("workload", "count()", OCTOBER, MONTH)
        sept = sql.by("workload", "count()", SEPTEMBER, OCTOBER)
    said = answer(numbers_env, "change in calls by workload, october over september")
    assert_states(
        said,
        [
            *(Figure(f"{w} october", v, Unit.NUMBER) for w, v in octo.items()),
            *(Figure(f"{w} september", v, Unit.NUMBER) for w, v in sept.items()),
        ],
    )


# --- "tokens of output" and "the claude models" --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures", "models"),
    [
        (
            "Tokens of output, how many we produced in total with the claude models between the 3rd and the 9th?",
            [Measure.OUTPUT_TOKENS],
            ["claude-3-5-haiku", "claude-3-5-sonnet"],
        ),
        ("tokens of input for the gpt models yesterday", [Measure.INPUT_TOKENS], ["gpt-4o", "gpt-4o-mini"]),  # sibling
        ("claude haiku spend last week", [Measure.SPEND], ["claude-3-5-haiku"]),  # contrast: one model named
    ],
)
def test_a_model_family_is_its_models_together(text: str, measures: list[Measure], models: list[str]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures
    plan = plan_question(text)
    assert plan.models == models and all("dimensions" not in c.args for c in plan.calls)


@pytest.mark.parametrize(
    ("text", "models"),
    [
        ("spend last week excluding the claude models", ["claude-3-5-haiku", "claude-3-5-sonnet"]),
        ("spend by model last week, except the gpt models", ["gpt-4o", "gpt-4o-mini"]),  # sibling
    ],
)
def test_a_model_family_left_out_is_excluded(text: str, models: list[str]) -> None:
    plan = plan_question(text)  # contrast: the family is left out, not filtered to
    assert plan.models == [] and [c.args.get("exclude") for c in plan.calls] == [{"model": models}]


@pytest.mark.parametrize(
    ("text", "kept", "left_out"),
    [
        # ids as gateways and clouds write them: a provider prefix, Bedrock's "vendor." prefix, underscores
        (
            "spend with the claude models",
            ["anthropic/claude-3-5-haiku", "anthropic.claude-3-haiku-20240307-v1:0", "claude_3_opus"],
            [],
        ),
        ("calls excluding the gpt models", [], ["openai/gpt-4o-mini", "azure/prod/gpt-4o"]),
        ("spend on the o1 models", ["o1-mini"], []),  # a family word with a digit
        ("spend with the mistral models", [], []),  # contrast: no model of that family in the org
    ],
)
def test_a_model_family_is_read_from_ids_with_provider_prefixes(
    text: str, kept: list[str], left_out: list[str]
) -> None:
    models = [
        "anthropic/claude-3-5-haiku",
        "anthropic.claude-3-haiku-20240307-v1:0",
        "claude_3_opus",
        "openai/gpt-4o-mini",
        "azure/prod/gpt-4o",
        "o1-mini",
        "gemini-2.0-flash",
    ]
    assert compute_model_families(text, models) == (kept, left_out)


def test_output_tokens_of_the_claude_models(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        total = Sql(client, ORG).one("sum(completion_tokens)", TODAY - WEEK, TODAY, CLAUDE)
    said = answer(numbers_env, "output tokens we produced with the claude models over the last 7 whole days")
    assert_states(said, [Figure("claude output", total, Unit.NUMBER)])
