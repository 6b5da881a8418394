"""Residuals of #16 after the eleventh set's fixes, each a rule for a family of phrasings, checked on the phrasing
that failed, siblings, and contrasts the rule must leave alone: two asks where the names said in the second scope only
it; a ranking of days (hours, weeks) by volume, lowest first, that left today's partial day in; and one table of
the measures' names. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.assistant import ask
from netra_core.analytics.semantic import Dimension, Grain, Measure, Order
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, ORG, TODAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question

WEEKEND = (TODAY - timedelta(days=6), TODAY - timedelta(days=4))  # Saturday 14 and Sunday 15 November
MONDAY = TODAY - timedelta(days=4)


# --- two asks, the names said in the second: they scope the second ask only -------------------------------------------


@pytest.mark.parametrize(
    ("text", "unscoped", "scoped", "dimension", "value"),
    [
        (
            "How many calls did we handle over the weekend, and how many Anthropic calls failed?",
            [Measure.REQUESTS],
            [Measure.ERRORS, Measure.REQUESTS],
            Dimension.PROVIDER,
            "anthropic",
        ),
        (  # sibling: a bare "and", the part "of it"
            "total spend last week and how much of it was OpenAI's errors",
            [Measure.SPEND],
            [Measure.ERROR_SPEND],
            Dimension.PROVIDER,
            "openai",
        ),
        (  # sibling: a workload, two sentences
            "What did we spend yesterday? And what did support-bot spend?",
            [Measure.SPEND],
            [Measure.SPEND],
            Dimension.WORKLOAD,
            "support-bot",
        ),
    ],
)
def test_a_name_said_in_the_second_ask_scopes_only_it(
    text: str, unscoped: list[Measure], scoped: list[Measure], dimension: Dimension, value: str
) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert (a.unscoped, a.scoped) == (unscoped, scoped)
    plan = plan_question(text)
    assert [c.tool for c in plan.calls] == ["query_metrics", "query_metrics"], plan.calls
    first, second = (c.args for c in plan.calls)
    assert first["measures"] == [m.value for m in unscoped] and "filters" not in first
    assert second["measures"] == [m.value for m in scoped] and second["filters"] == {dimension.value: [value]}
    assert {k: v for k, v in first.items() if k in ("days", "start", "end")} == {
        k: v for k, v in second.items() if k in ("days", "start", "end")
    }


@pytest.mark.parametrize(
    "text",
    [
        "How many Anthropic calls did we handle over the weekend, and how many failed?",  # named first: both its
        "spend and errors for anthropic last week",  # one ask
        "how many calls did openai handle last week and what did they cost?",  # named first, "they" its calls
    ],
)
def test_a_name_said_first_or_in_one_ask_scopes_everything(text: str) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.unscoped == [] and a.scoped == []
    calls = plan_question(text).calls
    assert len(calls) == 1 and ("filters" in calls[0].args or "providers" in calls[0].args), calls


def test_the_weekends_calls_beside_anthropics_failures_are_both_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        calls = sql.one("count()", *WEEKEND)
        failed = sql.one("count()", *WEEKEND, "provider = 'anthropic' AND status != 'ok'")
        anthropic = sql.one("count()", *WEEKEND, "provider = 'anthropic'")
    assert calls > anthropic > failed > 0
    said = answer(numbers_env, "How many calls did we handle over the weekend, and how many Anthropic calls failed?")
    assert_states(said, [Figure("calls", calls, Unit.NUMBER), Figure("failed", failed, Unit.NUMBER)])


def test_total_spend_beside_one_providers_error_spend_are_both_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        spend = sql.one("sum(cost_usd)", NOW - timedelta(days=7), NOW)
        errors = sql.one("sum(cost_usd)", NOW - timedelta(days=7), NOW, "provider = 'openai' AND status != 'ok'")
    assert spend > errors > 0
    said = answer(numbers_env, "total spend last week and how much of it was OpenAI's errors")
    assert_states(
        said, [Figure("spend", spend, Unit.MONEY, rel=0.005), Figure("errors", errors, Unit.MONEY, rel=0.005)]
    )


# --- a ranking of days by volume, lowest first: whole days, today's partial day left out and said ----------------------


@pytest.mark.parametrize(
    ("text", "grain", "order"),
    [
        ("what was the quietest day last week?", Grain.DAY, Order.ASC),
        ("which was the busiest day this week", Grain.DAY, Order.DESC),  # sibling: no "which day"
        ("our quietest hour yesterday", Grain.HOUR, Order.ASC),  # sibling
    ],
)
def test_the_quietest_or_busiest_day_is_one_day_ranked(text: str, grain: Grain, order: Order) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert (a.grain, a.top_n, a.order) == (grain, 1, order)


def test_the_quietest_days_are_no_one_day() -> None:
    a = compute_asked("list our quietest days this month", NOW, KNOWN)  # contrast: days, no one day
    assert a.top_n != 1


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("what was the quietest day last week?", TODAY - timedelta(days=7)),  # the 7 whole days before today
        ("the quietest day in the last 7 days", TODAY - timedelta(days=7)),  # sibling
        ("which day this week had the fewest calls", MONDAY),  # sibling: this week, Monday to today
        ("which day had the least spend this week", MONDAY),  # sibling: spend
        ("the 3 quietest days this month", MONTH),  # sibling: three of them
    ],
)
def test_a_lowest_first_ranking_of_days_ranks_whole_days(text: str, start: object) -> None:
    plan = plan_question(text)
    assert plan.query is not None
    assert (plan.query["start"], plan.query["end"]) == (str(start).replace(" ", "T"), TODAY.isoformat())
    assert [n["kind"] for n in plan.notes] == ["partial_bucket"]


@pytest.mark.parametrize(
    "text",
    [
        "which was the busiest day this week",  # the most: a partial day is no false winner
        "which day had the lowest p95 latency this week",  # a latency is no volume: today's half is a fair day
        "what were the 3 quietest days in October by number of calls?",  # a past month: every day whole
        "the quietest hour today",  # now is on the hour: every hour whole
        "which day this month had the most calls and which the fewest",  # both ends: today listed, flagged partial
    ],
)
def test_rankings_with_no_partial_volume_keep_their_window(text: str) -> None:
    plan = plan_question(text)
    assert plan.query is not None and not plan.notes
    assert plan.query.get("end") in (None, NOW.isoformat(), MONTH.isoformat())  # October ends where November starts


def test_the_quietest_day_last_week_is_a_whole_day_and_says_today_is_left_out(numbers_env: AgentEnv) -> None:
    start = TODAY - timedelta(days=7)
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        rolling = sql.by("toDate(ts)", "count()", NOW - timedelta(days=7), NOW)
        whole = sql.by("toDate(ts)", "count()", start, TODAY)
    # the failure reproduced: over the last 7 x 24 hours, today's half day is the quietest
    assert min(rolling, key=lambda d: rolling[d]) == str(TODAY.date())
    quietest = min(whole, key=lambda d: whole[d])
    assert quietest != str(TODAY.date()) and len(whole) == 7
    reply = ask(
        numbers_env.session_factory, numbers_env.store, numbers_env.auth("ana"), "the quietest day last week?", now=NOW
    )
    assert_states(reply.text, [Figure("quietest", whole[quietest], Unit.NUMBER)])
    assert str(quietest) in reply.text and str(TODAY.date()) in reply.text
    assert "is only partly over, so it is left out of the ranking" in reply.text
    assert reply.payload["unsupported_numbers"] == [], reply.text  # the dates said are the query's own


# --- the measures' names: one table, the answer's ----------------------------------------------------------------------


def test_a_query_label_names_each_measure_as_the_answer_does() -> None:
    from netra_core.agents.query_answer import LABELS
    from netra_core.agents.query_plan import compute_measure_label, compute_query_label

    assert all(compute_measure_label(m) == LABELS[m] for m in Measure)
    assert compute_query_label({"measures": ["users", "latency_p95"]}) == "distinct users, p95 latency"
