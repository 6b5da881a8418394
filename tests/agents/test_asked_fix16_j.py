"""Probed phrasings the layer answered with something else (issue #16): a model family said alone ("how many calls
used claude", "our gemini spend", "excluding llama") filters to the org's models of that family, and the cheapest
or priciest period ("the cheapest day in october", "our most expensive week") ranks the org's own spend per period,
not the catalog's prices. Each rule is checked on siblings and on contrasts it must leave alone; figures come from
the test's own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.asked_groups import compute_model_families
from netra_core.analytics.semantic import Bound, Cut, Dimension, Grain, Measure, Order, Threshold
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit, score_answer
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, REQUESTS, SPEND, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
CLAUDE = ["claude-3-5-haiku", "claude-3-5-sonnet"]


# --- a family word said alone ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept", "left_out"),
    [
        ("how many calls used claude in the past 2 days?", CLAUDE, []),
        ("what did we spend on gemini last week", ["gemini-2.0-flash"], []),  # sibling: one member
        ("claude's error rate in october", CLAUDE, []),  # sibling: a possessive
        ("error rate excluding llama, last 7 days", [], ["llama-3.1-8b-instant"]),  # sibling: left out
        ("spend on the claude models this month", CLAUDE, []),  # the family with "models", as before
    ],
)
def test_a_family_word_alone_names_the_orgs_models_of_that_family(
    text: str, kept: list[str], left_out: list[str]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.filters.get(Dimension.MODEL, []) == kept
    assert asked.exclude.get(Dimension.MODEL, []) == left_out


@pytest.mark.parametrize(
    ("text", "models"),
    [
        ("claude haiku error rate last week", ["claude-3-5-haiku"]),  # contrast: a model of the family named
        ("how many calls did gpt 4o get", ["gpt-4o"]),  # contrast: the family word is part of a model's name
        ("gpt-4o-mini spend yesterday", ["gpt-4o-mini"]),  # contrast: a model id
    ],
)
def test_a_family_word_inside_a_model_name_is_that_model(text: str, models: list[str]) -> None:
    assert compute_asked(text, NOW, KNOWN).filters.get(Dimension.MODEL) == models


def test_a_family_word_that_is_a_common_word_or_another_value_is_not_a_family() -> None:
    models = ["text-embedding-3-small", "claude-3-5-haiku", "mistral-large"]
    # "text" is an English word, "mistral" a provider's name: neither filters on its own
    kept, _ = compute_model_families("how many text calls via mistral", models, others=["mistral"])
    assert kept == []
    kept, _ = compute_model_families("how many calls used claude", models, others=["mistral"])
    assert kept == ["claude-3-5-haiku"]


def test_calls_that_used_a_family_are_counted_over_its_models(numbers_env: AgentEnv) -> None:
    start = NOW - 2 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        calls = s.one(REQUESTS, start, NOW, "model IN {m:Array(String)}", m=CLAUDE)
        everything = s.one(REQUESTS, start, NOW)
    said = answer(numbers_env, "how many calls used claude in the past 2 days?")
    assert_states(said, [Figure("claude calls", calls, Unit.NUMBER)])
    assert f"{int(everything):,}" not in said, said  # not the whole org's calls


def test_spend_without_a_family_leaves_its_models_out(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).one(SPEND, start, NOW, "model NOT LIKE 'llama%'")
    assert_states(answer(numbers_env, "spend excluding llama, last 7 days"), [Figure("spend", spend, Unit.MONEY)])


# --- the cheapest or priciest period: the org's spend per period ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "grain", "order"),
    [
        ("what was the cheapest day in october", Grain.DAY, Order.ASC),
        ("which was our most expensive week since september?", Grain.WEEK, Order.DESC),  # sibling
        ("the priciest hour yesterday", Grain.HOUR, Order.DESC),  # sibling
    ],
)
def test_the_cheapest_period_is_asked_as_spend_per_period(text: str, grain: Grain, order: Order) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.grain, asked.top_n, asked.order) == (grain, 1, order)


@pytest.mark.parametrize(
    ("text", "pick"),
    [("what was the cheapest day in october", min), ("what was the most expensive day in october?", max)],
)
def test_the_cheapest_day_is_the_orgs_own_spend_not_a_price_list(
    numbers_env: AgentEnv, text: str, pick: object
) -> None:
    start, end = OCTOBER, MONTH
    with numbers_env.store.session() as client:
        days = Sql(client, ORG).by("toDate(ts)", SPEND, start, end)
    day = pick(days, key=days.__getitem__)  # type: ignore[operator]
    said = answer(numbers_env, text)
    assert "per million tokens" not in said, said
    assert day in said, said
    assert_states(said, [Figure("that day's spend", days[day], Unit.MONEY)])


def test_the_cheapest_model_is_still_the_price_list(numbers_env: AgentEnv) -> None:
    # contrast: a model named as what is ranked, no period: the catalog's prices
    assert "per million tokens" in answer(numbers_env, "which model is cheapest?")


# --- the failed calls counted, then asked of by a pronoun ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        (
            "how many failed calls did we pay for in the last 30 days and how much did they cost",
            [Measure.REQUESTS, Measure.SPEND],
        ),
        ("how many calls failed last week and what was their average latency", [Measure.REQUESTS, Measure.LATENCY_AVG]),
        (
            "how many requests errored yesterday, and how many tokens did they use?",
            [Measure.REQUESTS, Measure.TOTAL_TOKENS],
        ),
    ],
)
def test_figures_asked_of_the_failed_calls_by_a_pronoun_are_of_those_calls(text: str, measures: list[Measure]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures
    assert asked.exclude.get(Dimension.STATUS) == ["ok"]


@pytest.mark.parametrize(
    "text",
    [
        "how many failed calls were there last week",  # contrast: nothing asked of them but their number
        "how many failed calls last week and what was the error rate",  # contrast: a rate of all calls
        "how many calls did we make last week and what did they cost",  # contrast: no failure named
    ],
)
def test_without_a_figure_of_the_failed_calls_the_status_is_not_a_filter(text: str) -> None:
    assert Dimension.STATUS not in compute_asked(text, NOW, KNOWN).exclude


def test_the_failed_calls_counted_and_what_they_cost(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        calls = s.one(REQUESTS, start, NOW, "status != 'ok'")
        spend = s.one(SPEND, start, NOW, "status != 'ok'")
    said = answer(numbers_env, "how many failed calls did we pay for in the last 30 days and how much did they cost")
    assert_states(said, [Figure("failed calls", calls, Unit.NUMBER), Figure("their spend", spend, Unit.MONEY)])


# --- distinct counts of each group, and bounds on them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "dimension"),
    [
        ("how many models does each workload use", Measure.MODELS, Dimension.WORKLOAD),
        ("number of distinct users per model last week", Measure.USERS, Dimension.MODEL),  # sibling
        ("count of providers by workload this month", Measure.PROVIDERS, Dimension.WORKLOAD),  # sibling
    ],
)
def test_a_distinct_count_of_each_group(text: str, measure: Measure, dimension: Dimension) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.measures[:1], asked.dimensions) == ([measure], [dimension])


def test_calls_per_workload_stay_calls() -> None:  # contrast: a count of calls, not of distinct values
    asked = compute_asked("how many calls per workload", NOW, KNOWN)
    assert (asked.measures, asked.dimensions) == ([Measure.REQUESTS], [Dimension.WORKLOAD])


@pytest.mark.parametrize(
    ("text", "measure", "bound", "value", "dimension"),
    [
        ("which workloads use more than one model?", Measure.MODELS, Bound.ABOVE, 1.0, Dimension.WORKLOAD),
        (
            "which models served at least 3 workloads last month",
            Measure.WORKLOADS,
            Bound.AT_LEAST,
            3.0,
            Dimension.MODEL,
        ),
        ("workloads with multiple models this week", Measure.MODELS, Bound.AT_LEAST, 2.0, Dimension.WORKLOAD),
    ],
)
def test_a_bound_on_a_distinct_count_keeps_the_groups_meeting_it(
    text: str, measure: Measure, bound: Bound, value: float, dimension: Dimension
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.having == Threshold(measure=measure, bound=bound, value=value)
    assert asked.dimensions == [dimension]


def test_users_on_more_than_one_model_keep_their_own_measure() -> None:  # contrast
    asked = compute_asked("which users used more than one model", NOW, KNOWN)
    assert asked.measures == [Measure.MULTI_MODEL_USERS] and asked.having is None


def test_the_workloads_on_more_than_one_model(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        models = Sql(client, ORG).by("workload", "uniqExact(model)", start, NOW)
    said = answer(numbers_env, "which workloads use more than one model?")
    for workload, n in models.items():
        assert (workload in said) == (n > 1), (workload, said)
    # small counts: a figure 8 % off rounds to the same integer, so the check is the listing and the counts stated
    score = score_answer(said, [Figure(w, n, Unit.NUMBER) for w, n in models.items() if n > 1])
    assert score.outcome == "correct", (score, said)
    assert f"{sum(n > 1 for n in models.values())} workloads" in said, said


# --- the top N "together": their sum beside each ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "together"),
    [
        ("how much did the top 10 users spend together this month", True),
        ("top 3 workloads by spend last week, and their combined total", True),  # sibling
        ("top 10 users by spend this month", False),  # contrast: no sum asked
    ],
)
def test_the_top_n_together_is_asked(text: str, together: bool) -> None:
    assert compute_asked(text, NOW, KNOWN).top_together is together


def test_the_top_users_together(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("user_id", SPEND, MONTH, NOW)
    top = sorted(spend.values(), reverse=True)[:10]
    said = answer(numbers_env, "how much did the top 10 users spend together this month")
    assert_states(said, [Figure("the top 10 together", sum(top), Unit.MONEY), Figure("the first", top[0], Unit.MONEY)])


# --- a bound asked as a second look at a listing marks, a band's own line is not a bound ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "p95 latency per task type over the last 30 days? want to see which ones are above 2.5s",
        "spend by workload this month, and flag the ones over $50",  # sibling
    ],
)
def test_a_bound_to_see_which_groups_meet_it_marks_every_group(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.mark is not None and asked.having is None


def test_groups_with_a_bound_keep_only_those_meeting_it() -> None:  # contrast
    asked = compute_asked("models with a p95 above 3 seconds last week", NOW, KNOWN)
    assert asked.having == Threshold(measure=Measure.LATENCY_P95, bound=Bound.ABOVE, value=3000.0)
    assert asked.mark is None


def test_calls_over_a_latency_line_by_group_are_a_band_not_a_bound() -> None:
    asked = compute_asked("count of requests slower than 1s by model, past 14 days", NOW, KNOWN)
    assert asked.measures == [Measure.LATENCY_BAND_N] and asked.having is None
    assert asked.latency_band == Cut(bound=Bound.ABOVE, value=1000.0)


# --- a cost per call: a group's average, or each call's own -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "having", "band"),
    [
        ("models that average more than 2 cents a call", True, False),
        ("which models cost on average over 3 cents per request", True, False),  # sibling
        ("which models cost more than $0.02 per call over the last 30 days", True, False),  # the groups are the subject
        ("number of calls costing less than $0.001 per call by model this month", False, True),  # each call's cost
        ("how many requests cost more than $0.10 each in october", False, True),  # sibling
    ],
)
def test_a_cost_per_call_bound_is_a_groups_average_or_each_calls_own(text: str, having: bool, band: bool) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.having is not None, asked.cost_band is not None) == (having, band)
