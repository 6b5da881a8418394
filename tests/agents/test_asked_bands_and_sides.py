"""Rules found by asking new phrasings of the long tail (issue #16): calls counted by their own latency ("what share of
calls took longer than 3 seconds"), the failed calls left out ("cost per call excluding failed calls": the successful
ones, never the failed ones the words name), the failed side's spend or count beside the successful side's, slow and
fast ranking by the time to first token when it is the one named, "did any workload exceed $100", and the p25, p75 and
p80 of one call's tokens. Each rule is checked on siblings and on contrasts it must leave alone; figures come from the
test's own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.triage_whatif import compute_what_if_target
from netra_core.analytics.semantic import Bound, Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

WEEK = timedelta(days=7)


# --- calls counted by their own latency -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures", "bound", "value"),
    [
        ("what share of calls took longer than 3 seconds last week?", [Measure.LATENCY_BAND_SHARE], Bound.ABOVE, 3000),
        ("how many requests were slower than 2,500 ms yesterday", [Measure.LATENCY_BAND_N], Bound.ABOVE, 2500),
        ("% of calls under 1s for support-bot this month", [Measure.LATENCY_BAND_SHARE], Bound.BELOW, 1000),
        ("what fraction of requests finished within 1.5 seconds", [Measure.LATENCY_BAND_SHARE], Bound.AT_MOST, 1500),
        (
            "how many calls took more than 5 seconds in october and what share of all calls is that",
            [Measure.LATENCY_BAND_N, Measure.LATENCY_BAND_SHARE],
            Bound.ABOVE,
            5000,
        ),
    ],
)
def test_calls_over_a_latency_are_counted_by_their_own_latency(
    text: str, measures: list[Measure], bound: Bound, value: float
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures and asked.cannot == []
    assert asked.latency_band is not None and (asked.latency_band.bound, asked.latency_band.value) == (bound, value)


@pytest.mark.parametrize(
    "text",
    [
        "is our p95 under 2 seconds this week?",  # a percentile's level, not a band of calls
        "average latency above 1s by model last week",  # a mean's level
        "how many calls had a ttft over 500 ms",  # the time to first token, not the latency
    ],
)
def test_a_level_of_a_percentile_or_ttft_is_no_latency_band(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).latency_band is None


def test_a_latency_slo_with_no_target_is_said_not_answerable() -> None:
    asked = compute_asked("how many requests breached our latency SLO last week", NOW, KNOWN)
    assert asked.cannot and "latency SLO" in asked.cannot[0]


def test_the_share_of_a_workloads_calls_over_a_latency(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        where = "workload = 'support-bot'"
        share = 100 * sql.one("countIf(latency_ms < 1000) / count()", MONTH, NOW, where)
    said = answer(numbers_env, "% of calls under 1s for support-bot this month")
    assert_states(said, [Figure("share under 1 s", share, Unit.PERCENT)])
    assert "by workload" not in said  # the band's share of support-bot's calls, not support-bot's share of all


def test_calls_slower_than_a_bound_per_model(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        counts = Sql(client, ORG).by("model", "countIf(latency_ms > 2500)", YESTERDAY, TODAY)
    said = answer(numbers_env, "how many requests were slower than 2,500 ms yesterday, by model")
    nonzero = {m: n for m, n in counts.items() if n >= 5}
    assert len(nonzero) >= 2
    assert_states(said, [Figure(m, n, Unit.NUMBER) for m, n in nonzero.items()])


def test_a_count_and_share_over_a_latency_in_a_month(numbers_env: AgentEnv) -> None:
    end = MONTH
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        n = sql.one("countIf(latency_ms > 4000)", OCTOBER, end)
        share = 100 * sql.one("countIf(latency_ms > 4000) / count()", OCTOBER, end)
    said = answer(numbers_env, "how many calls took more than 4 seconds in october, and what percent of calls is that?")
    assert_states(said, [Figure("calls", n, Unit.NUMBER), Figure("share", share, Unit.PERCENT)])


# --- the failed calls left out --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "average cost per call for each workload, excluding failed calls, in October",
        "spend in october without the errors",  # sibling
        "p95 latency of gpt-4o not counting failed requests, last 14 days",  # sibling
        "mean output tokens ignoring errored calls last week",  # sibling
    ],
)
def test_failed_calls_left_out_keep_the_successful_ones(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.filters.get(Dimension.STATUS) == ["ok"] and Dimension.STATUS not in asked.exclude


def test_the_failed_calls_named_keep_the_failed_ones() -> None:
    asked = compute_asked("p95 latency of failed calls last week", NOW, KNOWN)  # contrast
    assert asked.exclude.get(Dimension.STATUS) == ["ok"] and Dimension.STATUS not in asked.filters


def test_cost_per_call_by_workload_excluding_failed_calls(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_call = Sql(client, ORG).by("workload", "sum(cost_usd) / count()", OCTOBER, MONTH, "status = 'ok'")
    said = answer(numbers_env, "average cost per call for each workload, excluding failed calls, in October")
    assert_states(said, [Figure(w, v, Unit.MONEY, rel=0.01) for w, v in per_call.items()])


# --- the failed side beside the successful side ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("how much did we spend on the failed calls vs the successful ones last month", [Measure.SPEND]),
        ("how many failed vs successful calls did gpt-4o have in october", [Measure.REQUESTS]),  # sibling
    ],
)
def test_the_failed_sides_spend_or_count_beside_the_successful_sides_is_split_by_status(
    text: str, measures: list[Measure]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures and Dimension.STATUS in asked.dimensions


def test_what_failed_calls_cost_alone_is_the_error_spend() -> None:
    asked = compute_asked("what did the failed calls cost us in october?", NOW, KNOWN)  # contrast: one side asked
    assert asked.measures == [Measure.ERROR_SPEND] and Dimension.STATUS not in asked.dimensions


def test_spend_of_failed_and_successful_calls(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        failed = sql.one("sum(cost_usd)", OCTOBER, MONTH, "status != 'ok'")
        ok = sql.one("sum(cost_usd)", OCTOBER, MONTH, "status = 'ok'")
    said = answer(numbers_env, "how much did we spend on the failed calls vs the successful ones last month")
    assert_states(said, [Figure("failed", failed, Unit.MONEY), Figure("ok", ok, Unit.MONEY)])


# --- slow and fast ranked by the time to first token named ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("the 3 slowest models by p99 ttft last 30 days", [Measure.TTFT_P99]),
        ("which model is fastest by median time to first token this week", [Measure.TTFT_P50]),  # sibling
        ("p99 latency and ttft by model last week", [Measure.LATENCY_P99, Measure.TTFT_P99]),  # contrast: both named
        ("the 3 slowest models by p99 last 30 days", [Measure.LATENCY_P99]),  # contrast: no ttft
    ],
)
def test_slow_and_fast_rank_by_the_time_to_first_token_when_it_is_named(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


# --- "did any workload exceed $100" ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "measure", "value"),
    [
        ("did any workload exceed $100 in october?", Dimension.WORKLOAD, Measure.SPEND, 100),
        ("did any of our models go over 1000 errors in october?", Dimension.MODEL, Measure.ERRORS, 1000),
    ],
)
def test_any_group_over_a_bound_keeps_the_groups_meeting_it(
    text: str, dimension: Dimension, measure: Measure, value: float
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.dimensions == [dimension]
    assert asked.having is not None and (asked.having.measure, asked.having.value) == (measure, value)


def test_the_workloads_over_a_spend_in_a_month(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("workload", "sum(cost_usd)", OCTOBER, MONTH)
    over = {w: v for w, v in spend.items() if v > 50}
    assert 1 <= len(over) < len(spend)
    said = answer(numbers_env, "did any workload exceed $50 in october?")
    assert_states(said, [Figure(w, v, Unit.MONEY) for w, v in over.items()])
    assert all(w not in said for w in spend if w not in over)


# --- quartiles of one call's tokens ---------------------------------------------------------------------------------


def test_the_quartiles_of_output_tokens_per_call(numbers_env: AgentEnv) -> None:
    start = NOW - WEEK
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        p25 = sql.one("quantileExactInclusive(0.25)(toFloat64(completion_tokens))", start, NOW)
        p75 = sql.one("quantileExactInclusive(0.75)(toFloat64(completion_tokens))", start, NOW)
    said = answer(numbers_env, "p25 and p75 of output tokens per call over the last 7 days")
    assert_states(said, [Figure("p25", p25, Unit.NUMBER, rel=0.01), Figure("p75", p75, Unit.NUMBER, rel=0.01)])


# --- spend over one kind of tokens, and "our" unit cost over a window -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("cost per 1k output tokens by model last 30 days", Measure.COST_PER_1K_OUTPUT_TOKENS),
        ("cost per million input tokens by provider in october", Measure.COST_PER_1M_INPUT_TOKENS),
        ("spend per 1M prompt tokens for each workload this month", Measure.COST_PER_1M_INPUT_TOKENS),  # sibling
        ("what do we pay per thousand completion tokens, per model, last week", Measure.COST_PER_1K_OUTPUT_TOKENS),
        ("cost per million tokens by provider this month", Measure.COST_PER_1M_TOKENS),  # contrast: all tokens
    ],
)
def test_a_unit_cost_of_one_kind_of_tokens_is_spend_over_those_tokens(text: str, measure: Measure) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == [measure]


def test_cost_per_1k_output_tokens_per_model(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * timedelta(days=1)
    with numbers_env.store.session() as client:
        per_1k = Sql(client, ORG).by("model", "1000 * sum(cost_usd) / sum(completion_tokens)", start, NOW)
    said = answer(numbers_env, "cost per 1k output tokens by model last 30 days")
    assert_states(said, [Figure(m, v, Unit.MONEY, rel=0.01) for m, v in per_1k.items()])
    assert "all spend over output tokens" in said  # what the unit cost divides, said


def test_our_cost_per_million_tokens_over_a_window_is_our_traffics(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_m = Sql(client, ORG).one("1e6 * sum(cost_usd) / sum(prompt_tokens + completion_tokens)", MONTH, NOW)
    said = answer(numbers_env, "what's our cost per million tokens this month")
    assert_states(said, [Figure("per million tokens", per_m, Unit.MONEY, rel=0.01)])


# --- a saving asked of a move is a what-if on the org's own traffic -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "moved"),
    [
        ("what would we save if we moved support-bot from gpt-4o to gpt-4o-mini?", True),
        ("how much would we save by switching sales-agent to claude-3-5-haiku in october?", True),  # sibling
        ("savings if we route code-review to claude-3-5-haiku", True),  # sibling
        ("what would gpt-4o cost if we switched to gpt-4o-mini", False),  # contrast: a list-price comparison
    ],
)
def test_a_saving_asked_of_a_move_is_a_what_if(text: str, moved: bool) -> None:
    org_models = ["gpt-4o", "gpt-4o-mini", "claude-3-5-haiku", "claude-3-5-sonnet"]
    named = [m for m in ("gpt-4o", "gpt-4o-mini", "claude-3-5-haiku") if re.search(rf"\b{m}\b(?!-)", text)]
    workloads = [w for w in ("support-bot", "sales-agent", "code-review") if w in text]
    found = compute_what_if_target(text, None, named, org_models, {"workloads": workloads})
    assert (found is not None) == moved


def test_the_saving_of_moving_a_workloads_model(numbers_env: AgentEnv) -> None:
    start = NOW - WEEK
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        where = "workload = 'support-bot' AND model = 'gpt-4o'"
        spend, calls = sql.one("sum(cost_usd)", start, NOW, where), sql.one("count()", start, NOW, where)
    said = answer(numbers_env, "what would we save if we moved support-bot from gpt-4o to gpt-4o-mini?")
    assert_states(said, [Figure("spend", spend, Unit.MONEY), Figure("calls", calls, Unit.NUMBER)])
    assert "gpt-4o-mini" in said and "less" in said


# --- what one call cost: a quantile, or the most expensive ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures", "cannot"),
    [
        ("what is the median cost per call by workload this month", [Measure.COST_P50], False),
        ("p95 request cost for gpt-4o last week", [Measure.COST_P95], False),  # sibling
        ("the 90th percentile of cost per request in october", [Measure.COST_P90], False),  # sibling
        ("what was the most expensive single request in october", [Measure.COST_MAX], False),  # sibling
        ("show me the 5 most expensive individual calls yesterday", [Measure.COST_MAX], True),  # listing: said
        ("average cost per call by workload this month", [Measure.COST_PER_REQUEST], False),  # contrast: the mean
        ("which model has the highest cost per request this quarter", [Measure.COST_PER_REQUEST], False),  # contrast
        ("the highest cost of any single call last week", [Measure.COST_MAX], False),  # sibling
    ],
)
def test_one_calls_cost_at_a_quantile_or_its_most(text: str, measures: list[Measure], cannot: bool) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures and bool(asked.cannot) == cannot


def test_the_median_cost_per_call_by_workload(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        medians = Sql(client, ORG).by("workload", "quantileExactInclusive(0.5)(cost_usd)", MONTH, NOW)
    said = answer(numbers_env, "what is the median cost per call by workload this month")
    assert_states(said, [Figure(w, v, Unit.MONEY, rel=0.01) for w, v in medians.items()])


# --- one error kind's rate: "only counting timeouts" ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("what's the error rate for each model, only counting timeouts, last week", ["timeout"]),
        ("error rate this month, rate limits only", ["rate_limit"]),  # sibling
        ("error rate by provider counting just the 429s in october", ["rate_limit"]),  # sibling
        ("error rate for each model last week", []),  # contrast: every kind
    ],
)
def test_an_error_rate_counting_one_kind_is_that_kinds_rate(text: str, kinds: list[str]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == [Measure.ERROR_RATE] and asked.error_kinds == kinds


def test_the_rate_limit_rate_of_a_month(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        rate = 100 * Sql(client, ORG).one("countIf(error_type = 'rate_limit') / count()", MONTH, NOW)
    said = answer(numbers_env, "error rate this month, rate limits only")
    assert_states(said, [Figure("rate-limit rate", rate, Unit.PERCENT)])
