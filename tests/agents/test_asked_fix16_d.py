"""Unit costs with their own denominator (issue #16, the sixteenth blind set's misses): "cost per user", "spend per
active user", "cost per session" or "per conversation", and "what 1,000 calls cost" are measures of their own (all
spend over the distinct users or sessions, spend per 1,000 requests), no longer read as cost per request or as the
window's raw totals. Each rule is checked on phrasings the set does not hold and on contrasts it must leave alone.
Figures come from the test's own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20
12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Dimension, Grain, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, SEPTEMBER, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)


# --- cost per user, per session ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "dimension"),
    [
        ("what's the cost per user by workload last week", Measure.COST_PER_USER, Dimension.WORKLOAD),
        ("spend per active user in October", Measure.COST_PER_USER, None),
        ("how much is our cost per unique user for each model this month?", Measure.COST_PER_USER, Dimension.MODEL),
        ("what's our cost per conversation for the support-bot in October", Measure.COST_PER_SESSION, None),
        ("cost per session by provider last 30 days", Measure.COST_PER_SESSION, Dimension.PROVIDER),
        ("dollars per chat for each workload yesterday", Measure.COST_PER_SESSION, Dimension.WORKLOAD),
    ],
)
def test_a_cost_per_user_or_session_is_its_own_measure(
    text: str, measure: Measure, dimension: Dimension | None
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures[0] == measure, asked
    assert Measure.COST_PER_REQUEST not in asked.measures
    assert asked.dimensions == ([dimension] if dimension else []), asked
    assert Dimension.USER not in asked.dimensions and Dimension.SESSION not in asked.dimensions


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("cost per request by model last week", Measure.COST_PER_REQUEST),  # contrast: one call's cost
        ("how many sessions per user did we have in October?", Measure.SESSIONS_PER_USER),  # contrast: a count ratio
    ],
)
def test_other_unit_costs_and_count_ratios_are_left_alone(text: str, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert measure in asked.measures
    assert Measure.COST_PER_USER not in asked.measures and Measure.COST_PER_SESSION not in asked.measures


def test_spend_by_user_is_a_grouping_not_a_unit_cost() -> None:
    asked = compute_asked("spend by user last week", NOW, KNOWN)  # contrast
    assert asked.measures[0] == Measure.SPEND and asked.dimensions == [Dimension.USER]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("what do we spend per user per day, going by October?", Measure.COST_PER_USER),
        ("cost per active user a day over the last two weeks", Measure.COST_PER_USER),
        ("spend per conversation per day this month", Measure.COST_PER_SESSION),
    ],
)
def test_a_cost_per_person_per_day_is_spread_over_the_days(text: str, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.measures[0], asked.rate_per, asked.grain) == (measure, RateUnit.DAY, None), asked


def test_a_cost_per_user_by_day_is_a_daily_series() -> None:
    asked = compute_asked("cost per user by day last week", NOW, KNOWN)  # contrast: each day's own figure
    assert (asked.measures[0], asked.rate_per, asked.grain) == (Measure.COST_PER_USER, None, Grain.DAY), asked


# --- the cost of 1,000 calls -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "cost per 1,000 requests by model this month",
        "what would a thousand calls cost us?",
        "price of 1000 requests last week",
        "how much does 1k calls cost for the support-bot",
    ],
)
def test_the_cost_of_a_thousand_calls_is_spend_per_1000_requests(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == [Measure.COST_PER_1K_REQUESTS], asked


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("cost per 1k tokens by model", Measure.COST_PER_1K_TOKENS),  # contrast: tokens, not calls
        ("which workloads had more than 1000 calls last week?", Measure.REQUESTS),  # contrast: a bound on calls
    ],
)
def test_a_thousand_tokens_or_a_bound_on_calls_is_not_the_cost_of_1000_calls(text: str, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert measure in asked.measures and Measure.COST_PER_1K_REQUESTS not in asked.measures


# --- answers, against the test's own SQL --------------------------------------------------------------------------


def test_cost_per_user_by_workload_this_month(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_user = Sql(client, ORG).by("workload", "sum(cost_usd) / uniqExact(user_id)", MONTH, NOW)
    said = answer(numbers_env, "what's our spend per user for each workload so far this month?")
    assert_states(said, [Figure(w, v, Unit.MONEY) for w, v in per_user.items()])


def test_cost_per_conversation_of_one_workload_in_september(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        expr = "sum(cost_usd) / uniqExact(session_id)"
        value = Sql(client, ORG).one(expr, SEPTEMBER, OCTOBER, "workload = {w:String}", w="sales-agent")
    said = answer(numbers_env, "cost per conversation for the sales-agent in September")
    assert_states(said, [Figure("per conversation", value, Unit.MONEY)])


def test_what_a_thousand_calls_cost_by_provider_in_october(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_1k = Sql(client, ORG).by("provider", "1000 * sum(cost_usd) / count()", OCTOBER, OCTOBER + 31 * DAY)
    said = answer(numbers_env, "what did 1,000 calls cost us on each provider in October?")
    assert_states(said, [Figure(p, v, Unit.MONEY) for p, v in per_1k.items()])


def test_spend_per_user_per_day_in_september(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_user = Sql(client, ORG).one("sum(cost_usd) / uniqExact(user_id)", SEPTEMBER, OCTOBER)
    said = answer(numbers_env, "how much did we spend per user per day in September?")
    assert_states(said, [Figure("per user per day", per_user / 30, Unit.MONEY)])


# --- one thing over another: "how many times more", "the ratio of A to B" ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how many times more requests did gpt-4o get than gpt-4o-mini in October?",
        "what's the ratio of support-bot spend to sales-agent spend last week",
        "ratio between openai and google calls this month",
    ],
)
def test_two_named_values_and_how_many_times_state_their_ratio(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.ratio and any(len(v) == 2 for v in asked.filters.values()), asked


@pytest.mark.parametrize(
    "text",
    [
        "compare support-bot and sales-agent spend last week",  # contrast: two values, no ratio asked
        "how many times did the support-bot time out yesterday?",  # contrast: a count, nothing over anything
    ],
)
def test_no_ratio_without_how_many_times_and_two_values(text: str) -> None:
    assert not compute_asked(text, NOW, KNOWN).ratio


@pytest.mark.parametrize(
    "text",
    [
        "how much more expensive is a gpt-4o call than a gpt-4o-mini call last week?",
        "a claude-3-5-sonnet request is how many times more expensive than a claude-3-5-haiku request?",
    ],
)
def test_one_call_compared_as_more_expensive_is_the_cost_per_request(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures[0] == Measure.COST_PER_REQUEST, asked


def test_which_model_is_more_expensive_is_left_as_spend() -> None:
    asked = compute_asked("which is more expensive last week, gpt-4o or claude-3-5-sonnet?", NOW, KNOWN)  # contrast
    assert asked.measures[0] == Measure.SPEND and not asked.ratio


def test_how_many_times_more_requests_one_provider_got_in_october(numbers_env: AgentEnv) -> None:
    end = OCTOBER + 31 * DAY
    with numbers_env.store.session() as client:
        calls = Sql(client, ORG).by("provider", "count()", OCTOBER, end)
    said = answer(numbers_env, "how many times more calls went to openai than to groq in October?")
    assert_states(said, [Figure("times", calls["openai"] / calls["groq"], Unit.NUMBER)])


def test_how_many_times_dearer_one_models_call_is_last_week(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_call = Sql(client, ORG).by("model", "sum(cost_usd) / count()", NOW - 7 * DAY, NOW)
    said = answer(numbers_env, "how many times more expensive is a gpt-4o call than a gpt-4o-mini call, last 7 days?")
    assert_states(said, [Figure("times", per_call["gpt-4o"] / per_call["gpt-4o-mini"], Unit.NUMBER)])
