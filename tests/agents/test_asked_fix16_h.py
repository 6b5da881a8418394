"""Series, all-time windows, models compared on the org's traffic, unit costs ranked, a part's share within a name
and "how much more" (issue #16, probed misses): a series keeps the measure named ("hourly request counts", "daily
tokens"); "ever", "all time", "in total so far", "to date" are the whole history when no other window is said; a
measured figure of models named side by side ("avg tokens per request for gpt-4o vs claude-3-5-sonnet") is measured on
the org's own calls, not a list-price comparison; "costs the most per session" ranks the cost per session of each
group, not spend by group and session; "what share of sales-agent spend came from failed calls" is the failed spend
over sales-agent's own spend, both stated; "how much more ... than ..." states the gap between the two named (and "how
many times more" their ratio). Each fix is a rule for a family of phrasings, checked here on siblings and on contrasts
the rule must leave alone. Figures come from the test's own SQL over the number store. Times are relative to
builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Dimension, Grain, Measure, Order
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import OCTOBER, ORG, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_query_plan import only_query
from tests.agents.test_question_set import plan_question

DAY = timedelta(days=1)
NOVEMBER = OCTOBER + 31 * DAY
QUARTER = OCTOBER  # the quarter of NOW starts on the 1st of October
EVER = datetime(2000, 1, 1, tzinfo=UTC)  # before any event of the store
TOKENS = "sum(prompt_tokens + completion_tokens)"

# --- a series keeps the measure named ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "grain"),
    [
        ("show me hourly request counts for yesterday", Measure.REQUESTS, Grain.HOUR),
        ("hourly call counts yesterday", Measure.REQUESTS, Grain.HOUR),
        ("daily request count for the last 2 weeks", Measure.REQUESTS, Grain.DAY),
        ("weekly calls this quarter", Measure.REQUESTS, Grain.WEEK),
        ("daily tokens last week", Measure.TOTAL_TOKENS, Grain.DAY),
        ("hourly token usage yesterday", Measure.TOTAL_TOKENS, Grain.HOUR),
        ("weekly token counts in october", Measure.TOTAL_TOKENS, Grain.WEEK),
        ("daily error counts over the last 14 days", Measure.ERRORS, Grain.DAY),
        ("how did token usage trend day by day last week", Measure.TOTAL_TOKENS, Grain.DAY),
        ("monthly token usage this year", Measure.TOTAL_TOKENS, Grain.MONTH),
        ("daily spend last week", Measure.SPEND, Grain.DAY),  # contrast: spend named
        ("daily output tokens this month", Measure.OUTPUT_TOKENS, Grain.DAY),  # contrast: a kind named
    ],
)
def test_a_series_keeps_the_measure_named(text: str, measure: Measure, grain: Grain) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.measures, asked.grain) == ([measure], grain), (asked.measures, asked.grain)


def test_token_usage_with_no_series_is_still_the_token_tool() -> None:
    plan = plan_question("token usage by model last month")  # contrast: every kind of token, per model
    assert [c.tool for c in plan.calls] == ["get_token_stats"]


def test_hourly_request_counts_for_yesterday(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        hours = Sql(client, ORG).by("toHour(ts)", "count()", YESTERDAY, TODAY)
    said = answer(numbers_env, "show me hourly request counts for yesterday")
    assert "spend" not in said.lower() and "$" not in said, said
    figures = [Figure(f"{h}:00", hours[str(h)], Unit.NUMBER) for h in range(3)]
    assert_states(said, [Figure("total", sum(hours.values()), Unit.NUMBER), *figures])


def test_daily_tokens_over_the_last_week(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        total = s.one(TOKENS, NOW - 7 * DAY, NOW)
        day = s.one(TOKENS, YESTERDAY, TODAY)
    said = answer(numbers_env, "daily tokens over the last week")
    assert "$" not in said, said
    assert_states(said, [Figure("total tokens", total, Unit.NUMBER), Figure("yesterday", day, Unit.NUMBER)])


# --- "ever", "all time", "so far", "to date": the whole history ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "what's the total number of calls we've ever made",
        "how much have we spent in total so far",
        "total spend since we started",
        "how many tokens have we used all time",
        "lifetime spend per workload",
        "total requests to date",
        "spend to date",
        "our spend of all time",
        "how much has the support-bot cost since launch",
        "what is the most expensive day ever",
    ],
)
def test_ever_and_so_far_are_the_whole_history(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.window == {"start": EVER.isoformat(), "end": NOW.isoformat()}, asked.window


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("spend this month to date", datetime(2026, 11, 1, tzinfo=UTC)),  # contrast: the month so far
        ("how much have we spent so far this month", datetime(2026, 11, 1, tzinfo=UTC)),
        ("what's the highest daily spend ever in october", OCTOBER),  # contrast: October's days
        ("week to date spend", datetime(2026, 11, 16, tzinfo=UTC)),  # contrast: the week so far
        ("q4 to date spend", QUARTER),  # contrast: the quarter so far
    ],
)
def test_so_far_with_a_window_is_that_window(text: str, start: datetime) -> None:
    assert compute_asked(text, NOW, KNOWN).window["start"] == start.isoformat()


def test_how_much_did_we_spend_last_week_is_still_last_week() -> None:
    assert compute_asked("how much did we spend last week, the most ever?", NOW, KNOWN).window == {"days": 7.0}


def test_every_call_we_have_ever_made(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        n = Sql(client, ORG).one("count()", EVER, NOW)
    said = answer(numbers_env, "what's the total number of calls we've ever made")
    assert "all time" in said, said
    assert_states(said, [Figure("calls ever", n, Unit.NUMBER)])


def test_what_we_have_spent_in_total_so_far(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).one("sum(cost_usd)", EVER, NOW)
    assert_states(answer(numbers_env, "how much have we spent in total so far?"), [Figure("spend", spend, Unit.MONEY)])


# --- a measured figure of models named side by side: on the org's own calls ------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        (
            "avg tokens per request for gpt-4o vs claude-3-5-sonnet",
            ["avg_input_tokens", "avg_output_tokens", "avg_total_tokens"],
        ),
        ("average output tokens for gpt-4o vs gpt-4o-mini last month", ["avg_output_tokens"]),
        ("cost per call gpt-4o vs claude-3-5-sonnet", ["cost_per_request"]),
        ("quality of gpt-4o vs claude-3-5-sonnet", ["quality"]),
        ("how many calls did gpt-4o get vs claude-3-5-sonnet", ["requests"]),
        ("tokens used by gpt-4o vs claude-3-5-sonnet", ["total_tokens"]),
    ],
)
def test_models_side_by_side_are_measured_on_our_calls(text: str, measures: list[str]) -> None:
    args = only_query(plan_question(text))
    assert args["measures"] == measures and args["dimensions"] == ["model"], args
    assert len(args["filters"]["model"]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "compare gpt-4o and claude-3-5-sonnet list prices",  # contrast: the price list
        "gpt-4o vs claude-3-5-sonnet list price per call",  # contrast: the price list
        "how do gpt-4o and claude-3-5-sonnet compare on pricing",  # contrast: the price list
        "avg tokens per request gpt-4o vs mistral-large",  # contrast: a model the org does not run
    ],
)
def test_list_prices_stay_the_catalog(text: str) -> None:
    assert [c.tool for c in plan_question(text).calls] == ["get_model_comparison"]


def test_avg_tokens_per_request_for_two_models(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        known = "usage_known = 1 AND model IN ('gpt-4o', 'claude-3-5-sonnet')"
        avg_in = s.by("model", "avg(prompt_tokens)", NOW - 7 * DAY, NOW, known)
        avg_out = s.by("model", "avg(completion_tokens)", NOW - 7 * DAY, NOW, known)
    said = answer(numbers_env, "avg tokens per request for gpt-4o vs claude-3-5-sonnet")
    assert "list price" not in said, said
    assert_states(
        said,
        [
            Figure(f"{m} {k}", v[m], Unit.NUMBER)
            for m in ("gpt-4o", "claude-3-5-sonnet")
            for k, v in (("in", avg_in), ("out", avg_out))
        ],
    )


# --- "costs the most per session": the unit cost ranked --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "dimension", "order"),
    [
        ("which workload costs the most per session?", Measure.COST_PER_SESSION, Dimension.WORKLOAD, Order.DESC),
        ("which workload spends the most per user last month", Measure.COST_PER_USER, Dimension.WORKLOAD, Order.DESC),
        ("which model costs the least per call?", Measure.COST_PER_REQUEST, Dimension.MODEL, Order.ASC),
        ("which provider costs the most per 1k tokens", Measure.COST_PER_1K_TOKENS, Dimension.PROVIDER, Order.DESC),
        ("which workload is the most expensive per session", Measure.COST_PER_SESSION, Dimension.WORKLOAD, Order.DESC),
        ("which model is cheapest per user this month", Measure.COST_PER_USER, Dimension.MODEL, Order.ASC),
        ("which model costs the most per request in october", Measure.COST_PER_REQUEST, Dimension.MODEL, Order.DESC),
    ],
)
def test_costs_the_most_per_unit_is_the_unit_cost_ranked(
    text: str, measure: Measure, dimension: Dimension, order: Order
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.measures, asked.dimensions, asked.order) == ([measure], [dimension], order)


@pytest.mark.parametrize(
    ("text", "dimensions"),
    [
        ("which workload costs the most", [Dimension.WORKLOAD]),  # contrast: no unit
        ("which user costs the most", [Dimension.USER]),  # contrast: the users are the groups
        ("which workload costs the most per day", [Dimension.WORKLOAD]),  # contrast: a day is no unit cost
    ],
)
def test_costs_the_most_alone_is_spend(text: str, dimensions: list[Dimension]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.measures, asked.dimensions) == ([Measure.SPEND], dimensions)


def test_the_workload_that_costs_the_most_per_session(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        spend = s.by("workload", "sum(cost_usd)", NOW - 7 * DAY, NOW)
        sessions = s.by("workload", "uniqExactIf(session_id, session_id != '')", NOW - 7 * DAY, NOW)
    per = {w: spend[w] / sessions[w] for w in spend}
    top = max(per, key=lambda w: per[w])
    said = answer(numbers_env, "which workload costs the most per session?")
    assert top in said and "session s" not in said, said
    assert_states(said, [Figure("top cost per session", per[top], Unit.MONEY)])


# --- a part's share within a name: the part over the name's own whole ------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "name"),
    [
        ("what share of sales-agent spend came from failed calls in october", Dimension.WORKLOAD, "sales-agent"),
        ("what percentage of gpt-4o's spend was on errors last week", Dimension.MODEL, "gpt-4o"),
        ("what fraction of the support-bot's spend went to failed requests", Dimension.WORKLOAD, "support-bot"),
        ("how much of anthropic's spend was wasted on errors", Dimension.PROVIDER, "anthropic"),
        ("what share of spend came from failed calls for the support-bot last week", Dimension.WORKLOAD, "support-bot"),
    ],
)
def test_a_parts_share_within_a_name_is_of_its_own_whole(text: str, dimension: Dimension, name: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == [Measure.ERROR_SPEND, Measure.SPEND], asked.measures
    assert asked.filters[dimension] == [name] and not asked.share and not asked.dimensions


def test_a_names_share_of_everything_is_still_its_share() -> None:
    asked = compute_asked("what share of our spend is sales-agent", NOW, KNOWN)  # contrast: no part named
    assert asked.share and asked.measures == [Measure.SPEND]


def test_the_share_of_sales_agent_spend_from_failed_calls_in_october(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        failed = s.one("sum(cost_usd)", OCTOBER, NOVEMBER, "workload = 'sales-agent' AND status != 'ok'")
        whole = s.one("sum(cost_usd)", OCTOBER, NOVEMBER, "workload = 'sales-agent'")
    said = answer(numbers_env, "what share of sales-agent spend came from failed calls in october")
    assert_states(
        said,
        [
            Figure("failed spend", failed, Unit.MONEY),
            Figure("share", 100 * failed / whole, Unit.PERCENT),
            Figure("sales-agent spend", whole, Unit.MONEY),
        ],
    )


# --- "how much more ... than ...": the gap; "how many times more": the ratio ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how much more do we spend on openai than anthropic this quarter",
        "how many more calls did gpt-4o get than claude-3-5-sonnet last week",
        "how much less did the support-bot cost than sales-agent in october",
        "how much higher is gpt-4o's p95 latency than claude-3-5-sonnet's this week",
        "how much cheaper per call is gpt-4o-mini than gpt-4o",
        "how many more tokens did code-review use than search-rag yesterday",
    ],
)
def test_how_much_more_states_the_difference(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.difference and not asked.ratio and len(asked.measures) == 1, asked


@pytest.mark.parametrize(
    "text",
    [
        "did we spend more on openai than anthropic this quarter",  # contrast: which is more, no "how much"
        "how much more does openai cost us",  # contrast: one name
    ],
)
def test_more_without_how_much_or_two_names_is_no_difference(text: str) -> None:
    assert not compute_asked(text, NOW, KNOWN).difference


def test_how_many_times_more_is_a_ratio_of_the_measure_named() -> None:
    asked = compute_asked("how many times more do we spend on openai than anthropic", NOW, KNOWN)
    assert asked.ratio and not asked.difference and asked.measures == [Measure.SPEND]
    calls = compute_asked("how many times did we call gpt-4o yesterday", NOW, KNOWN)  # contrast: a count
    assert calls.measures == [Measure.REQUESTS] and not calls.ratio


def test_how_much_more_we_spend_on_openai_than_anthropic(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("provider", "sum(cost_usd)", QUARTER, NOW)
    said = answer(numbers_env, "how much more do we spend on openai than anthropic this quarter")
    assert_states(
        said,
        [
            Figure("difference", spend["openai"] - spend["anthropic"], Unit.MONEY),
            Figure("openai", spend["openai"], Unit.MONEY),
            Figure("anthropic", spend["anthropic"], Unit.MONEY),
        ],
    )


def test_how_much_slower_one_models_p95_is(numbers_env: AgentEnv) -> None:
    start = datetime(2026, 11, 16, tzinfo=UTC)  # this week: from Monday
    p95 = "quantileExactInclusive(0.95)(toFloat64(latency_ms))"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        a = s.one(p95, start, NOW, "model = 'gpt-4o'")
        b = s.one(p95, start, NOW, "model = 'claude-3-5-sonnet'")
    said = answer(numbers_env, "how much higher is claude-3-5-sonnet's p95 latency than gpt-4o's this week?")
    assert_states(said, [Figure("gap", abs(a - b), Unit.MS), Figure("a", a, Unit.MS), Figure("b", b, Unit.MS)])
