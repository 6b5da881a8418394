"""Phrasings beside the misses of the tenth blind set (an SRE, a vendor manager, a junior analyst typing fast, a
non-native speaker, a token engineer, two asks in one message): each fix is a rule for a family of phrasings, so each
is checked here on the set's question, a sibling the set does not hold, and a contrast the rule must leave alone.
Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.supervisor import compute_cannot_text
from netra_core.agents.unheld import compute_unheld
from netra_core.analytics.semantic import Dimension, Grain, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit, score_answer
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question


def asked(text: str):  # type: ignore[no-untyped-def]
    return compute_asked(text, NOW, KNOWN)


# --- subjects the events do not hold: retries, moderation flags, an agreement's discount ---------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("how many times did the gateway retry a failed anthropic call before it gave up last week?", "retries"),
        ("what share of our openai requests needed a second attempt this month", "retries"),  # sibling
        ("how many calls got flagged by the content moderation filter yday", "content moderation"),
        ("which workload had the most requests flagged as toxic last week", "content moderation"),  # sibling
        ("what discount did our openai enterprise agreement give us on october's invoice?", "contracts"),
        ("how much discount do we get from anthropic under the volume agreement", "contracts"),  # sibling
    ],
)
def test_retries_moderation_and_agreements_are_subjects_the_events_do_not_hold(text: str, subject: str) -> None:
    said = compute_unheld(text, KNOWN)
    assert len(said) == 1 and said[0].startswith(subject), said
    plan = plan_question(text)
    assert plan.intent == "cannot" and plan.calls == [] and plan.query is None
    assert compute_cannot_text(plan).endswith("I have not answered anything in its place.")


@pytest.mark.parametrize(
    "text",
    [
        "how many content filter errors did we get yesterday",  # a provider's refusal is an error type
        "how much did the batch discount save us last month",  # the batch API's price, held
        "how many requests failed with a timeout last week",  # failures, not retries
        "which workload spent the most in october",
    ],
)
def test_error_types_batch_discounts_and_failures_are_not_declined(text: str) -> None:
    assert compute_unheld(text, KNOWN) == []


def test_a_name_of_the_org_holding_retry_is_a_filter() -> None:
    assert compute_unheld("spend of the retry-worker workload last week", {"workloads": ["retry-worker"]}) == []


# --- a grouping by a field no event carries: said, not printed as a split -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Split last month's spend by cloud region: how much ran in us-east versus eu-west?",
        "requests per region over the last 7 days",  # sibling
    ],
)
def test_a_grouping_no_event_carries_says_it_cannot_split(numbers_env: AgentEnv, text: str) -> None:
    said = answer(numbers_env, text)
    assert "No event in the window carries a region, so the figures cannot be split by region" in said, said
    assert score_answer(said, []).outcome == "declined"


def test_a_grouping_every_event_carries_is_split_without_that_note(numbers_env: AgentEnv) -> None:
    # contrast: the sibling's ask by a field every event carries
    said = answer(numbers_env, "requests per provider over the last 7 days")
    assert "cannot be split" not in said and "provider openai" in said, said


# --- "in average" / "on average" said after the measure: the mean ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Which model is the most slow one in the last week, in average, and how much milliseconds?", "latency_avg"),
        ("which provider answers slowest on average this month", "latency_avg"),  # sibling
        (
            "Which model gets the biggest prompts on average over the last 30 days, and how many input tokens is that?",
            "avg_input_tokens",
        ),
        ("how many output tokens does each workload produce on average, past 2 weeks", "avg_output_tokens"),  # sibling
    ],
)
def test_in_average_said_after_the_measure_is_the_mean(text: str, measure: str) -> None:
    assert [m.value for m in asked(text.lower()).measures] == [measure]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("how many input tokens did we use per day on average last week", ["input_tokens"]),  # a mean of daily sums
        ("which workload is slowest by p95 on average", ["latency_p95"]),  # a percentile named stays
        ("which model is the slowest one last week", ["latency_p50", "latency_p95"]),  # no mean said
    ],
)
def test_a_daily_mean_a_named_percentile_or_no_average_keep_their_measures(text: str, measures: list[str]) -> None:
    assert [m.value for m in asked(text).measures] == measures


# --- measures one step from the layer's: the success rate, a call's tokens in all, the input/output ratio ---------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("What's our overall success rate this month?", Measure.SUCCESS_RATE),
        ("what % of calls succeeded yesterday per provider", Measure.SUCCESS_RATE),  # sibling
        ("avg toks per call claude haiku mo to date", Measure.AVG_TOTAL_TOKENS),
        ("average tokens per request by model last week", Measure.AVG_TOTAL_TOKENS),  # sibling
        ("What's the input vs output token ratio for each workload over the last 14 days?", Measure.INPUT_OUTPUT_RATIO),
        ("ratio of prompt to completion tokens by model this month", Measure.INPUT_OUTPUT_RATIO),  # sibling
    ],
)
def test_success_rate_tokens_per_call_and_the_token_ratio_are_measures(text: str, measure: Measure) -> None:
    assert measure in asked(text.lower()).measures


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("error rate this month", [Measure.ERROR_RATE]),  # the failures' share, not the successes'
        ("average prompt size per workload", [Measure.AVG_INPUT_TOKENS, Measure.AVG_OUTPUT_TOKENS]),  # a kind named
        ("how many input and output tokens by workload", [Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS]),  # no ratio
    ],
)
def test_error_rates_prompt_sizes_and_token_totals_keep_their_measures(text: str, measures: list[Measure]) -> None:
    assert asked(text).measures == measures


@pytest.mark.parametrize(
    ("text", "expr", "where", "make"),
    [
        (
            "what % of calls succeeded on anthropic yesterday",
            "100 * countIf(status = 'ok') / count()",
            "provider = 'anthropic'",
            "pct",
        ),
        (
            "average tokens per request for gpt-4o this month",
            "avg(prompt_tokens + completion_tokens)",
            "model = 'gpt-4o'",
            "mean",
        ),
        (
            "ratio of prompt to completion tokens for the search-rag workload yesterday",
            "sum(prompt_tokens) / sum(completion_tokens)",
            "workload = 'search-rag'",
            "mean",
        ),
    ],
)
def test_the_new_measures_state_the_events_figures(
    numbers_env: AgentEnv, text: str, expr: str, where: str, make: str
) -> None:
    start, end = (YESTERDAY, TODAY) if "yesterday" in text else (MONTH, NOW)
    with numbers_env.store.session() as client:
        value = Sql(client, ORG).one(expr, start, end, where)
    figure = Figure("f", value, Unit.PERCENT, abs=0.05) if make == "pct" else Figure("f", value, Unit.NUMBER, rel=0.01)
    assert_states(answer(numbers_env, text), [figure])


# --- the hour of the day as a grouping: every day's same hour together ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What's the slowest hour of the day by p95 latency over the last 30 days, and what is its p95?",
        "which time of day do we get the most requests, past 2 weeks",  # sibling
    ],
)
def test_the_hour_of_the_day_groups_the_hours_of_every_day(text: str) -> None:
    a = asked(text.lower())
    assert a.dimensions == [Dimension.HOUR_OF_DAY] and a.grain is None


def test_per_hour_is_still_a_series_of_hours() -> None:
    a = asked("spend per hour yesterday")  # contrast: yesterday's 24 hours one after the other
    assert a.dimensions == [] and a.grain == Grain.HOUR


def test_the_busiest_time_of_day_states_the_events_count(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        hours = Sql(client, ORG).by("toHour(ts)", "count()", NOW - timedelta(days=14), NOW)
    said = answer(numbers_env, "which time of day do we get the most requests, past 2 weeks")
    assert_states(said, [Figure("busiest hour", max(hours.values()), Unit.NUMBER)])
    busiest = max(hours, key=lambda h: hours[h])
    # The group is named in words, not by the column: 'the hour from 14:00 to 15:00 UTC', not 'hour_of_day 14:00'.
    assert f"the hour from {int(busiest):02d}:00 to {(int(busiest) + 1) % 24:02d}:00 UTC" in said
    assert "hour_of_day" not in said.split("```")[0]


# --- what would be left without a named value: the whole less it, said beside its share ------------------------------


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("If we dropped anthropic, how much of last month's spend would go away, and what would be left?", "anthropic"),
        ("if we stopped using openai, what would our october spend be for everything else?", "openai"),  # sibling
    ],
)
def test_what_would_be_left_without_a_named_provider_is_said(numbers_env: AgentEnv, text: str, provider: str) -> None:
    plan = plan_question(text)
    assert plan.rest and plan.query is not None and plan.query["dimensions"] == ["provider"]
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        named = sql.one("sum(cost_usd)", OCTOBER, MONTH, "provider = {p:String}", p=provider)
        left = sql.one("sum(cost_usd)", OCTOBER, MONTH, "provider != {p:String}", p=provider)
    said = answer(numbers_env, text)
    assert f"without {provider}, the rest:" in said, said
    assert_states(said, [Figure("named", named, Unit.MONEY, rel=0.005), Figure("left", left, Unit.MONEY, rel=0.005)])


def test_a_share_without_the_rest_asked_says_no_rest() -> None:
    plan = plan_question("what share of last month's spend went to anthropic")  # contrast: the share alone
    assert not plan.rest


# --- a mean per day of each group: each group's total over the window's days ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Average daily spend per vendor so far this month?",
        "what do we spend per day on each model on average, last 30 days",  # sibling
    ],
)
def test_a_daily_mean_per_group_is_each_groups_total_over_the_days(text: str) -> None:
    a = asked(text.lower())
    assert a.rate_per == RateUnit.DAY and a.grain is None and len(a.dimensions) == 1


@pytest.mark.parametrize("text", ["daily spend per vendor this week", "average daily spend this month"])
def test_a_daily_series_or_the_whole_daily_mean_is_no_group_rate(text: str) -> None:
    assert asked(text).rate_per is None  # contrast: a series per group, or the whole's mean (its own path)


def test_the_daily_mean_per_model_states_the_events_figures(numbers_env: AgentEnv) -> None:
    start = NOW - timedelta(days=30)
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("model", "sum(cost_usd)", start, NOW)
    said = answer(numbers_env, "what do we spend per day on each model on average, last 30 days")
    assert_states(said, [Figure(m, v / 30, Unit.MONEY, rel=0.005) for m, v in spend.items()])


# --- how many groups: "how many vendors did we use" counts and lists them ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("How many vendors did we use in September, and what did the smallest one cost us?", Dimension.PROVIDER),
        ("how many different models did the support bot call last week", Dimension.MODEL),  # sibling
    ],
)
def test_how_many_groups_groups_by_them_and_counts_them(text: str, dimension: Dimension) -> None:
    a = asked(text.lower())
    assert a.count_groups and a.dimensions[0] == dimension


def test_how_many_users_is_still_the_distinct_users_measure() -> None:
    a = asked("how many users did we have yesterday")  # contrast: users have their own distinct count
    assert not a.count_groups and a.measures == [Measure.USERS]


def test_the_models_a_workload_called_are_counted_from_the_events(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        models = Sql(client, ORG).by("model", "count()", NOW - timedelta(days=7), NOW, "workload = 'support-bot'")
    said = answer(numbers_env, "how many different models did the support bot call last week")
    assert f"{len(models)} models in the window." in said, said
    assert all(f"model {m}: requests {n:,.0f}" in said for m, n in models.items()), said


# --- the org's own cost per million tokens: "for us", "did we pay", with a window, is no price list ------------------


@pytest.mark.parametrize(
    "text",
    [
        "Which vendor has been the cheapest per million tokens for us over the last 30 days, and at what price?",
        "what did we pay per 1m tokens on each model last month",  # sibling
    ],
)
def test_what_we_paid_per_million_tokens_is_our_traffics_cost(text: str) -> None:
    plan = plan_question(text)
    assert plan.query is not None and plan.query["measures"][0] == "cost_per_1m_tokens"


def test_the_cheapest_model_per_million_tokens_is_still_the_price_list() -> None:
    plan = plan_question("which model is the cheapest per million tokens?")  # contrast: no window, no "we"
    assert plan.query is None and [c.tool for c in plan.calls] == ["get_catalog"]


def test_our_cost_per_million_tokens_per_model_states_the_events_figures(numbers_env: AgentEnv) -> None:
    expr = "sum(cost_usd) / sum(prompt_tokens + completion_tokens) * 1000000"
    with numbers_env.store.session() as client:
        per_model = Sql(client, ORG).by("model", expr, OCTOBER, MONTH)
    said = answer(numbers_env, "what did we pay per 1m tokens on each model last month")
    assert_states(said, [Figure(m, v, Unit.MONEY, rel=0.01) for m, v in per_model.items()])


@pytest.mark.parametrize(
    "text", ["how much of our $350 november budget is left?", "what would be left of the $300 budget at this pace"]
)
def test_what_is_left_of_a_budget_is_no_rest_of_a_whole(text: str) -> None:
    a = asked(text)  # contrast: the budget's standing (what is left of it), not the whole less a named value
    assert a.budget_usd is not None and not a.rest and not a.share
