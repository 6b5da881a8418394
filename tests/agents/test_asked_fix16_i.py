"""Probed questions answered as another question (issue #16), each fixed by a rule for its family: three or more
named periods each given ("september vs october vs november so far"); the share of a named scope's calls that a
value of another dimension takes ("what percent of search-rag calls used gpt-4o-mini"); periods "combined" read as
one window over them all; a series with a grain and a grouping keeping both ("spend per workload per week"); and a
bound on each group's change keeping the groups that meet it ("workloads whose spend grew more than 10% month over
month"). Each rule is checked on siblings (other phrasings, measures, windows, groupings) and contrasts the rule
must leave alone. Figures come from the test's own SQL over the number store. Times are relative to builders.NOW
(Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.query_plan import QUERY_TOOL
from netra_core.analytics.semantic import Bound, Comparison, Dimension, Grain, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, REQUESTS, SEPTEMBER, SPEND, TODAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question

DAY = timedelta(days=1)
AUGUST = datetime(2026, 8, 1, tzinfo=UTC)
MODEL = "model = {m:String}"
WORKLOAD = "workload = {w:String}"


def at(iso: object) -> datetime:
    return datetime.fromisoformat(str(iso))


def change(label: str, new: float, old: float) -> Figure:
    return Figure(label, 100 * (new - old) / old, Unit.PERCENT, abs=0.15, magnitude=True)


# --- three or more named periods: each one given ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("gpt-4o spend in september vs october vs november so far", [SEPTEMBER, OCTOBER, MONTH]),
        ("spend in sept, oct and nov", [SEPTEMBER, OCTOBER, MONTH]),  # sibling: a list, abbreviated
        ("requests by model in august vs september vs october", [AUGUST, SEPTEMBER, OCTOBER]),  # sibling: grouped
        ("error rate: q1 vs q2 vs q3", [datetime(2026, m, 1, tzinfo=UTC) for m in (1, 4, 7)]),  # sibling: quarters
    ],
)
def test_three_named_periods_are_each_asked(text: str, starts: list[datetime]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert [at(p["start"]) for p in asked.periods] == starts
    assert asked.compare == Comparison.NONE


def test_three_named_periods_are_one_query_each_against_the_one_before() -> None:
    plan = plan_question("gpt-4o spend in september vs october vs november so far")
    assert [c.tool for c in plan.calls] == [QUERY_TOOL] * 3
    first, second, third = (c.args for c in plan.calls)
    assert first["filters"] == {"model": ["gpt-4o"]} and "compare" not in first
    assert (at(second["compare_start"]), at(second["start"])) == (SEPTEMBER, OCTOBER)
    assert (at(third["compare_start"]), at(third["start"]), at(third["end"])) == (OCTOBER, MONTH, NOW)


@pytest.mark.parametrize(
    "text",
    [
        "spend in september vs october",  # contrast: two periods are the comparison of the later with the earlier
        "spend from september to november",  # contrast: one window said as a range
        "spend between september and november",
        "spend this week vs last week",
    ],
)
def test_one_or_two_periods_are_no_list_of_periods(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).periods == []


def test_gpt_4o_spend_in_three_months_states_each(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        sep, octo, nov = (
            s.one(SPEND, a, b, MODEL, m="gpt-4o") for a, b in ((SEPTEMBER, OCTOBER), (OCTOBER, MONTH), (MONTH, NOW))
        )
    said = answer(numbers_env, "gpt-4o spend in september vs october vs november so far")
    assert_states(
        said,
        [
            Figure("september", sep, Unit.MONEY),
            Figure("october", octo, Unit.MONEY),
            Figure("november so far", nov, Unit.MONEY),
            change("october against september", octo, sep),
        ],
    )


def test_calls_in_three_months_listed_state_each(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        counts = [s.one(REQUESTS, a, b) for a, b in ((AUGUST, SEPTEMBER), (SEPTEMBER, OCTOBER), (OCTOBER, MONTH))]
    said = answer(numbers_env, "how many calls did we make in august, september and october?")
    assert_states(said, [Figure(f"month {i}", v, Unit.NUMBER) for i, v in enumerate(counts)])


# --- the share of a named scope's calls that a value of another dimension takes ------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "by", "scope"),
    [
        (
            "what percent of search-rag calls used gpt-4o-mini last month",
            "requests",
            "model",
            {"workload": ["search-rag"]},
        ),
        (
            "what share of gpt-4o's spend came from the support bot this month",
            "spend",
            "workload",
            {"model": ["gpt-4o"]},
        ),
        (
            "what fraction of code-review tokens went to claude-3-5-sonnet last week",
            "total_tokens",
            "model",
            {"workload": ["code-review"]},
        ),
        (
            "% of anthropic requests that were for sales-agent in october",
            "requests",
            "workload",
            {"provider": ["anthropic"]},
        ),
    ],
)
def test_a_share_of_a_scope_groups_by_the_parts_dimension_within_the_scope(
    text: str, measure: str, by: str, scope: dict[str, list[str]]
) -> None:
    plan = plan_question(text)
    (call,) = plan.calls
    assert call.tool == QUERY_TOOL
    assert call.args["measures"][0] == measure and call.args["dimensions"] == [by]
    assert call.args["filters"] == scope


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("what percent of calls used gpt-4o-mini last month", "model"),  # contrast: no scope, the share of all
        ("what percentage of our costs is anthropic this month?", "provider"),
    ],
)
def test_a_share_of_the_whole_is_unchanged(text: str, by: str) -> None:
    (call,) = plan_question(text).calls
    assert call.args["dimensions"] == [by] and "filters" not in call.args


def test_percent_of_search_rag_calls_on_gpt_4o_mini(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        calls = Sql(client, ORG).by("model", REQUESTS, OCTOBER, MONTH, WORKLOAD, w="search-rag")
    said = answer(numbers_env, "what percent of search-rag calls used gpt-4o-mini last month")
    share = calls["gpt-4o-mini"] / sum(calls.values())
    assert_states(
        said, [Figure("share", 100 * share, Unit.PERCENT, abs=0.05), Figure("calls", calls["gpt-4o-mini"], Unit.NUMBER)]
    )
    assert said.startswith("gpt-4o-mini: ") and "of search-rag" in said.splitlines()[0], said


def test_share_of_gpt_4o_spend_from_the_support_bot(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("workload", SPEND, MONTH, NOW, MODEL, m="gpt-4o")
    said = answer(numbers_env, "what share of gpt-4o's spend came from the support bot this month")
    share = spend["support-bot"] / sum(spend.values())
    assert_states(
        said, [Figure("share", 100 * share, Unit.PERCENT, abs=0.05), Figure("spend", spend["support-bot"], Unit.MONEY)]
    )


# --- periods "combined": one window over them all -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("total spend in september and october combined", SEPTEMBER, MONTH),
        ("q2 plus q3 spend", datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)),  # "plus"
        ("how many requests in october and november together", OCTOBER, NOW),  # sibling: a month so far
        ("error rate in total across september and october", SEPTEMBER, MONTH),  # sibling: a rate over both
    ],
)
def test_periods_combined_are_one_window_over_them(text: str, start: datetime, end: datetime) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (at(asked.window["start"]), at(asked.window["end"])) == (start, end)
    assert asked.compare == Comparison.NONE and asked.periods == []


@pytest.mark.parametrize(
    "text",
    [
        "spend in september and october",  # contrast: no sum said: october against september
        "spend plus requests in october",  # contrast: "plus" between measures, not periods
    ],
)
def test_periods_not_combined_keep_their_reading(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert at(asked.window["start"]) == OCTOBER and asked.periods == []


def test_anthropic_and_openai_combined_is_a_sum_of_providers_not_of_periods() -> None:
    asked = compute_asked("anthropic and openai spend combined in october", NOW, KNOWN)  # contrast
    assert at(asked.window["start"]) == OCTOBER and asked.periods == [] and asked.dimensions == []


def test_periods_a_gap_parts_are_each_given_and_the_sum_declined() -> None:
    plan = plan_question("calls in september and november together")
    assert plan.intent == "cannot" and any("gap" in c for c in plan.cannot)
    assert [at(c.args["start"]) for c in plan.calls] == [SEPTEMBER, MONTH]


def test_total_spend_in_september_and_october_combined(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        total = Sql(client, ORG).one(SPEND, SEPTEMBER, MONTH)
    said = answer(numbers_env, "total spend in september and october combined")
    assert_states(said, [Figure("both months", total, Unit.MONEY)])


def test_combined_with_each_month_states_the_sum_and_each_part(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        sep, octo = s.one(REQUESTS, SEPTEMBER, OCTOBER), s.one(REQUESTS, OCTOBER, MONTH)
    said = answer(numbers_env, "requests in september and october combined, and each month")
    assert_states(
        said,
        [Figure("sum", sep + octo, Unit.NUMBER), Figure("sep", sep, Unit.NUMBER), Figure("oct", octo, Unit.NUMBER)],
    )


# --- a series with a grain and a grouping keeps both ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "grain"),
    [
        ("spend per workload per week for the last 3 weeks", "workload", "week"),
        ("daily spend by model this week", "model", "day"),  # sibling: the grain said first
        ("daily spend by workload past 2 weeks", "workload", "day"),
        ("weekly requests per provider over the last 4 weeks", "provider", "week"),  # sibling: another measure
    ],
)
def test_a_series_by_group_is_a_query_with_both(text: str, dimension: str, grain: str) -> None:
    (call,) = plan_question(text).calls
    assert call.tool == QUERY_TOOL and call.args["dimensions"] == [dimension] and call.args["grain"] == grain


def test_a_series_of_the_whole_keeps_the_series_tool() -> None:
    (call,) = plan_question("daily spend past 2 weeks").calls  # contrast: no grouping, the tool states it
    assert call.tool == "get_spend_over_time"


def test_the_last_3_weeks_is_21_days_and_says_its_partial_weeks(numbers_env: AgentEnv) -> None:
    start = NOW - 21 * DAY
    edges = [start, datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 9, tzinfo=UTC), TODAY - 4 * DAY, NOW]
    workloads = ("code-review", "sales-agent", "support-bot", "search-rag")
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        weekly = {
            (w, i): s.one(SPEND, a, b, WORKLOAD, w=w) for w in workloads for i, (a, b) in enumerate(pairwise(edges))
        }
    said = answer(numbers_env, "spend per workload per week for the last 3 weeks")
    assert "2026-10-30 12:00 to 2026-11-20 12:00 UTC (21.00 days)" in said, said
    assert "a partial week: from 2026-10-30 12:00 UTC" in said, said
    assert_states(said, [Figure(f"{w} week {i}", v, Unit.MONEY) for (w, i), v in weekly.items()])


def test_daily_spend_by_model_states_each_model_each_day(numbers_env: AgentEnv) -> None:
    days = [TODAY - 4 * DAY + i * DAY for i in range(5)]
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        daily = {
            (m, d): s.one(SPEND, d, min(d + DAY, NOW), MODEL, m=m)
            for m in ("gpt-4o", "claude-3-5-sonnet")
            for d in days
        }
    said = answer(numbers_env, "daily spend by model this week")
    assert_states(said, [Figure(f"{m} {d:%d}", v, Unit.MONEY) for (m, d), v in daily.items()])


# --- a bound on each group's change keeps the groups meeting it ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "bound", "value", "percent", "either"),
    [
        (
            "list the workloads whose spend grew more than 10% month over month",
            Measure.SPEND,
            Bound.ABOVE,
            10,
            True,
            False,
        ),
        ("which models' calls fell by more than 5% week over week", Measure.REQUESTS, Bound.BELOW, -5, True, False),
        ("any workload with more than 10% growth in spend vs last month", Measure.SPEND, Bound.ABOVE, 10, True, False),
        (
            "which providers' spend is up by more than $1 this week vs last week",
            Measure.SPEND,
            Bound.ABOVE,
            1,
            False,
            False,
        ),
        ("which workloads' spend changed by more than 8% month over month", Measure.SPEND, Bound.ABOVE, 8, True, True),
        (
            "models whose error rate rose at least 20% vs the previous week",
            Measure.ERROR_RATE,
            Bound.AT_LEAST,
            20,
            True,
            False,
        ),
    ],
)
def test_a_bound_on_each_groups_change(
    text: str, measure: Measure, bound: Bound, value: float, percent: bool, either: bool
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    cb = asked.change_bound
    assert cb is not None and asked.dimensions and asked.compare != Comparison.NONE
    assert (cb.measure, cb.bound, cb.value, cb.percent, cb.either_way) == (measure, bound, value, percent, either)
    assert asked.having is None and asked.mark is None  # its number is no bound on the figure itself


@pytest.mark.parametrize(
    "text",
    [
        "which workloads spent more than $50 last month",  # contrast: a bound on the figure, not on its change
        "spend by workload month over month",  # contrast: every group's change, no bound
        "spend is down 5% vs last month, why?",  # contrast: a change said, no groups
        "which models make up more than 10% of spend",  # contrast: a share, not a change
        "did any workload's success rate drop below 93% last week?",  # contrast: a level reached, not a change
        "if prices dropped 20% what would spend by model be",  # contrast: a change supposed, a what-if
    ],
)
def test_no_change_bound_without_a_bound_on_groups_changes(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).change_bound is None


def test_workloads_whose_spend_grew_more_than_10_percent_month_over_month(numbers_env: AgentEnv) -> None:
    before_end = OCTOBER + (NOW - MONTH)
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        now_by, before_by = s.by("workload", SPEND, MONTH, NOW), s.by("workload", SPEND, OCTOBER, before_end)
    grew = {w: (v, before_by[w]) for w, v in now_by.items() if before_by.get(w) and v / before_by[w] - 1 > 0.10}
    assert grew, "the number store holds a workload that grew more than 10 %"
    said = answer(numbers_env, "list the workloads whose spend grew more than 10% month over month")
    figures = [Figure(w, v, Unit.MONEY) for w, (v, _) in grew.items()]
    assert_states(said, [*figures, *(change(f"{w} change", v, b) for w, (v, b) in grew.items())])
    listed = set(re.findall(r"^- workload ([\w-]+):", said, re.M))
    assert listed == set(grew), said
    assert f"{len(grew)} of the {len(now_by)} workloads compared" in said, said


def test_models_whose_calls_fell_more_than_5_percent_week_over_week(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        now_by, before_by = (
            s.by("model", REQUESTS, NOW - 7 * DAY, NOW),
            s.by("model", REQUESTS, NOW - 14 * DAY, NOW - 7 * DAY),
        )
    fell = {m: (v, before_by[m]) for m, v in now_by.items() if v / before_by[m] - 1 < -0.05}
    said = answer(numbers_env, "which models' calls fell by more than 5% week over week")
    listed = set(re.findall(r"^- model ([\w.-]+):", said, re.M))
    assert listed == set(fell), said
    if fell:
        assert_states(said, [change(m, v, b) for m, (v, b) in fell.items()])


def test_a_change_bound_is_no_grouping_left_to_a_fixed_tool() -> None:
    (call,) = plan_question("list the workloads whose spend grew more than 10% month over month").calls
    assert call.tool == QUERY_TOOL and call.args["dimensions"] == ["workload"]
    assert call.args["change_bound"] == {"bound": ">", "value": 10.0, "measure": "spend"}


def test_a_change_bound_over_a_grain_keeps_the_buckets() -> None:
    asked = compute_asked("which days had calls up more than 20% vs the same day last week", NOW, KNOWN)
    assert asked.change_bound is not None and (asked.grain == Grain.DAY or Dimension.WEEKDAY in asked.dimensions)


def test_a_change_bound_needs_a_comparison_and_groups() -> None:
    from pydantic import ValidationError

    from netra_core.analytics.semantic import ChangeBound, SemanticQuery

    bound = ChangeBound(measure=Measure.SPEND, bound=Bound.ABOVE, value=10)
    common: dict[str, Any] = {"measures": [Measure.SPEND], "start": datetime(2026, 11, 1, tzinfo=UTC), "end": NOW}
    with pytest.raises(ValidationError, match="change_bound"):
        SemanticQuery(**common, dimensions=[Dimension.WORKLOAD], change_bound=bound)  # no comparison
    with pytest.raises(ValidationError, match="change_bound"):
        SemanticQuery(**common, compare=Comparison.PREVIOUS_MONTH, change_bound=bound)  # no groups
    SemanticQuery(**common, dimensions=[Dimension.WORKLOAD], compare=Comparison.PREVIOUS_MONTH, change_bound=bound)
