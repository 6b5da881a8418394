"""Windows read as asked (issue #16): a count of days or weeks that is the rows of a ranking is no window ("the top 3
days by spend in October" ranks October's days, not the last three days), and a period said to be whole ("the last
full month", "the previous complete week") is the calendar period before this one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netra_core.agents.answers import money
from netra_core.agents.asked import compute_asked
from netra_core.agents.assistant import ask
from netra_core.agents.timerange import compute_time_range
from netra_core.agents.triage import compute_plan
from netra_core.agents.unread_numbers import compute_unused_numbers
from tests.agents.builders import NOW, AgentEnv, make_events

AT = datetime(2026, 11, 20, 12, tzinfo=UTC)
ACME = make_events("acme", 3000, seed=1)


@pytest.mark.parametrize(
    ("question", "grain", "top_n", "label"),
    [
        ("What were the top 3 days by spend in October and how much each?", "day", 3, "2026-10-01 to 2026-11-01"),
        ("which 2 days had the most errors last month?", "day", 2, "2026-10-01 to 2026-11-01"),
        ("the 3 days with the most calls in october", "day", 3, "2026-10-01 to 2026-11-01"),
        (
            "which 2 weeks had the highest spend this quarter?",
            "week",
            2,
            "this quarter to date, 2026-10-01 to 2026-11-20",
        ),
        ("top 5 weeks by spend this year", "week", 5, "this year to date, 2026-01-01 to 2026-11-20"),
        ("the three busiest days in october", "day", 3, "2026-10-01 to 2026-11-01"),
    ],
)
def test_ranked_days_or_weeks_are_buckets_of_the_window_named(
    question: str, grain: str, top_n: int, label: str
) -> None:
    asked = compute_asked(question, AT, {})
    assert (asked.grain, asked.top_n, asked.window_label) == (grain, top_n, label)


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("spend over the last 3 days", "the last 3 days"),
        ("past 2 weeks spend", "the last 14 days"),
        ("spend the last 3 days by workload", "the last 3 days"),
        ("which workload spent most in the past 3 days", "the last 3 days"),
        ("error rate for 3 days", "the last 3 days"),
    ],
)
def test_a_count_of_days_that_is_a_window_stays_one(question: str, label: str) -> None:
    found = compute_time_range(question, AT)
    assert found is not None and found.label == label


def test_the_top_days_are_said_with_their_spend(agent_env: AgentEnv) -> None:
    """Each of the three days with the highest spend over the last 30 days, checked against the events."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "what were the top 3 days by spend over the last 30 days?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    window = ACME[(ACME["ts"] >= NOW - timedelta(days=30)) & (ACME["ts"] < NOW)]
    daily = window.groupby(window["ts"].dt.floor("D"))["cost_usd"].sum().sort_values(ascending=False)
    for day, spend in daily.head(3).items():
        assert f"{day:%Y-%m-%d}" in result.text and money(float(spend)) in result.text
    assert f"{daily.index[3]:%Y-%m-%d}:" not in result.text


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("spend per task type for the last full month", "2026-10-01", "2026-11-01"),
        ("previous calendar month's error rate", "2026-10-01", "2026-11-01"),
        ("calls in the last complete week", "2026-11-09", "2026-11-16"),
        ("the last full week's p95 latency", "2026-11-09", "2026-11-16"),
        ("spend over the last complete quarter", "2026-07-01", "2026-10-01"),
        ("our bill for the last whole year", "2025-01-01", "2026-01-01"),
    ],
)
def test_a_whole_period_said_is_the_calendar_period_before_this_one(question: str, start: str, end: str) -> None:
    found = compute_time_range(question, AT)
    assert found is not None and found.start is not None and found.end is not None
    assert (f"{found.start:%Y-%m-%d}", f"{found.end:%Y-%m-%d}") == (start, end)


def test_last_week_alone_stays_the_last_seven_days() -> None:
    found = compute_time_range("spend last week", AT)
    assert found is not None and found.label == "the last 7 days"


@pytest.mark.parametrize(
    ("question", "dimensions"),
    [
        # what the spend was on is a filter ("on claude models"), not a second grouping
        ("Which user spent the most on claude models in October?", ["user"]),
        ("who spent the most on gpt models last week", ["user"]),
        ("which workload spent the most on the gpt models", ["workload"]),
        # the models ranked themselves stay one row each
        ("the most expensive models last month", ["model"]),
        ("the 3 most expensive claude models", ["model"]),
        ("the least used models in october", ["model"]),
    ],
)
def test_what_the_most_was_spent_on_is_no_grouping(question: str, dimensions: list[str]) -> None:
    assert [d.value for d in compute_asked(question, AT, {}).dimensions] == dimensions


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        ("Median tokens per completion for gpt-4o-mini this month?", ["output_tokens_p50"]),
        ("average tokens per response last week", ["avg_output_tokens"]),
        ("p90 tokens per prompt in october", ["input_tokens_p90"]),
        ("how many tokens in each reply on average", ["avg_output_tokens"]),
        ("tokens per completion by model", ["avg_output_tokens"]),
    ],
)
def test_tokens_per_completion_or_prompt_are_one_calls_output_or_input(question: str, measures: list[str]) -> None:
    assert [m.value for m in compute_asked(question, AT, {}).measures] == measures


@pytest.mark.parametrize(
    "question",
    [
        "which model has the best quality per dollar over the last 30 days?",
        "which model gives us the most bang for the buck, last month?",
        "best value for money among our models?",
        "quality-to-cost ratio by workload",
    ],
)
def test_quality_per_dollar_is_said_to_be_not_computed(question: str) -> None:
    assert any(c.startswith("quality per dollar") for c in compute_asked(question, AT, {}).cannot)


@pytest.mark.parametrize(
    "question",
    [
        "Spend for October excluding failed calls",
        "october spend not counting failed requests",
        "what did we spend in october, leaving out the errored calls?",
        "total cost for october without the failures",
    ],
)
def test_spend_with_the_failed_calls_left_out_is_the_successful_calls_spend(question: str) -> None:
    """Not the spend on the failed calls: the words "failed calls" name what is left out."""
    asked = compute_asked(question, AT, {})
    assert [m.value for m in asked.measures] == ["spend"]
    assert {d.value: v for d, v in asked.filters.items()} == {"status": ["ok"]}


@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("list models by p99 ttft for the past 3 days", "model"),
        ("rank our workloads by error rate", "workload"),
        ("sort the providers by spend last month", "provider"),
        ("show all task types by cost per call", "task_type"),
    ],
)
def test_groups_listed_or_ranked_by_a_figure_are_one_row_each(question: str, dimension: str) -> None:
    assert [d.value for d in compute_asked(question, AT, {}).dimensions] == [dimension]


@pytest.mark.parametrize(
    ("question", "measure", "dimension", "order"),
    [
        ("What is our most expensive task type per call?", "cost_per_request", "task_type", "desc"),
        ("cheapest model that support-bot used last week, per call", "cost_per_request", "model", "asc"),
        ("the priciest workload per session in october", "cost_per_session", "workload", "desc"),
        ("the cheapest provider per 1k tokens", "cost_per_1k_tokens", "provider", "asc"),
    ],
)
def test_a_group_ranked_by_its_unit_cost_is_that_cost_per_group(
    question: str, measure: str, dimension: str, order: str
) -> None:
    asked = compute_asked(question, AT, {"workloads": ["support-bot"]})
    assert [m.value for m in asked.measures] == [measure]
    assert [d.value for d in asked.dimensions] == [dimension] and asked.order.value == order


@pytest.mark.parametrize(
    ("question", "grain"),
    [
        ("What was the highest single-day spend for code-review in October and on which day?", "day"),
        ("our biggest one-day bill last month", "day"),
        ("the peak daily cost in october", "day"),
        ("peak hourly calls yesterday", "hour"),
    ],
)
def test_the_highest_one_bucket_figure_is_the_top_bucket(question: str, grain: str) -> None:
    asked = compute_asked(question, AT, {"workloads": ["code-review"]})
    assert (asked.grain, asked.top_n) == (grain, 1)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("When was our last error from groq?", "the moment of the last or first failed call"),
        ("when did the first timeout happen today", "the moment of the last or first failed call"),
        ("How many calls per minute did we peak at yesterday?", "the peak rate per minute or per second"),
        ("what's our peak rps", "the peak rate per minute or per second"),
    ],
)
def test_what_the_layer_lacks_is_said(question: str, said: str) -> None:
    assert any(c.startswith(said) for c in compute_asked(question, AT, {}).cannot)


@pytest.mark.parametrize(
    "question", ["average calls per minute yesterday", "When did the first and the last event arrive?"]
)
def test_what_the_layer_has_is_not_declined(question: str) -> None:
    assert compute_asked(question, AT, {}).cannot == []


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("What was our spend in the week of 2 November?", "2026-11-02", "2026-11-09"),
        ("spend the week of Nov 11", "2026-11-09", "2026-11-16"),
        ("error rate for the week beginning Mon 9 Nov", "2026-11-09", "2026-11-16"),
        ("calls in the week starting 2026-11-04", "2026-11-04", "2026-11-11"),
    ],
)
def test_the_week_of_a_date_is_its_seven_days(question: str, start: str, end: str) -> None:
    found = compute_time_range(question, AT)
    assert found is not None and found.start is not None and found.end is not None
    assert (f"{found.start:%Y-%m-%d}", f"{found.end:%Y-%m-%d}") == (start, end)


@pytest.mark.parametrize(
    "question",
    [
        "average output tokens per call for sonnet, last 30 days vs the 30 before?",
        "spend in the last 14 days against the previous 14",
        "error rate last 7 days compared with the 7 prior",
    ],
)
def test_the_same_count_before_is_the_previous_period(question: str) -> None:
    assert compute_asked(question, AT, {}).compare == "previous_period"


@pytest.mark.parametrize(
    "question",
    [
        "What's our average spend per working day in October (Mon-Fri only)?",
        "calls per business day last month",
        "average daily spend in october, Mon-Fri",
    ],
)
def test_working_days_keep_the_weekdays_one_day_at_a_time(question: str) -> None:
    """The weekdays kept, and the figure per one of them: "per working day" is their total over their number (one
    figure, session 19), "average daily spend" the daily series with its mean per covered day."""
    asked = compute_asked(question, AT, {})
    assert {d.value: v for d, v in asked.filters.items()} == {"day_type": ["weekday"]}
    if "per working day" in question or "per business day" in question:
        assert (asked.grain, asked.rate_per) == (None, "day")
    else:
        assert asked.grain == "day"


def test_the_past_n_weeks_with_a_ranking_stay_the_window() -> None:
    """ "which day in the past two weeks had the most failed calls": one day of the last 14, not the top two."""
    asked = compute_asked("Which day in the past two weeks had the most failed calls and how many?", AT, {})
    assert (asked.grain, asked.top_n, asked.window_label) == ("day", 1, "the last 14 days")


@pytest.mark.parametrize(
    ("question", "grain", "dimensions"),
    [
        ("When in the day do we spend the most, on average?", None, ["hour_of_day"]),
        ("what time do we get the most calls?", None, ["hour_of_day"]),
        ("Compare anthropic vs openai error rates for each of the last 4 weeks", "week", ["provider"]),
        ("error rate for each of the last 7 days", "day", []),
        ("spend in each of the past 3 months", "month", []),
    ],
)
def test_times_of_day_and_each_of_the_last_periods_are_buckets(
    question: str, grain: str | None, dimensions: list[str]
) -> None:
    asked = compute_asked(question, AT, {"providers": ["anthropic", "openai"]})
    assert asked.grain == grain and [d.value for d in asked.dimensions] == dimensions


@pytest.mark.parametrize(
    ("question", "measures", "dimensions"),
    [
        ("How long did the slowest support-bot call take yesterday?", ["latency_max"], []),
        ("the longest gpt-4o request last week", ["latency_max"], []),
        ("what's the slowest model per call", ["latency_p50", "latency_p95"], ["model"]),
        ("What's the average cost of a failed call compared to a successful one?", ["cost_per_request"], ["status"]),
        ("mean latency of a failed request versus an ok request", ["latency_avg"], ["status"]),
        ("How many calls had no quality score in October?", ["quality_n", "requests"], []),
        ("how many of yesterday's calls came without a user id?", ["user_id_n", "requests"], []),
        ("is sonnet more expensive per request than gpt-4o?", ["cost_per_request"], ["model"]),
        ("is gpt-4o pricier per 1k tokens than sonnet?", ["cost_per_1k_tokens"], ["model"]),
    ],
)
def test_one_calls_extremes_statuses_coverage_and_compared_unit_costs(
    question: str, measures: list[str], dimensions: list[str]
) -> None:
    known = {"workloads": ["support-bot"], "models": ["gpt-4o", "claude-3-5-sonnet"]}
    asked = compute_asked(question, AT, known)
    assert [m.value for m in asked.measures] == measures
    assert [d.value for d in asked.dimensions] == dimensions


@pytest.mark.parametrize(
    ("question", "held", "unused"),
    [
        ("month-over-month growth for the last 3 months", {"days": 90}, []),
        ("spend over the last 2 years", {"days": 730}, []),
    ],
)
def test_months_and_years_are_held_as_days(question: str, held: dict[str, object], unused: list[str]) -> None:
    assert compute_unused_numbers(question, held) == unused


def test_calls_without_a_field_are_said_beside_those_with_it(agent_env: AgentEnv) -> None:
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "how many calls over the last 7 days had no quality score?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    week = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    missing = int(week["quality"].isna().sum())
    assert f"{missing:,} without one" in result.text


@pytest.mark.parametrize(
    ("question", "measures", "dimensions"),
    [
        ("'So far this month we have served ___ distinct users across ___ sessions.'", ["users", "sessions"], []),
        ("fill in: ___ calls and ___ errors yesterday", ["requests", "errors"], []),
    ],
)
def test_a_templates_blanks_before_what_is_counted_are_counts(
    question: str, measures: list[str], dimensions: list[str]
) -> None:
    asked = compute_asked(question, AT, {})
    assert {m.value for m in asked.measures} == set(measures)
    assert [d.value for d in asked.dimensions] == dimensions


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("last blank of the report: 'Tokens processed in the last 30 days: ___ input / ___ output'", True),
        ("I need October's spend by provider for my board deck", True),
        ("write the weekly report", False),
        ("run the cost report for last week", False),
    ],
)
def test_figures_for_the_users_own_report_are_not_the_written_summary(question: str, own: bool) -> None:
    assert compute_asked(question, AT, {}).for_own_report is own


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Reliability since the start of Q4 (1 October to now): the success rate", "2026-10-01", "2026-11-20"),
        ("failed calls from 3 October to date", "2026-10-03", "2026-11-20"),
        ("spend from october 1st until today", "2026-10-01", "2026-11-20"),
        ("For the CFO's Monday pack, October please: total spend", "2026-10-01", "2026-11-01"),
        ("for friday's standup: spend in september", "2026-09-01", "2026-10-01"),
    ],
)
def test_a_day_to_now_and_a_weekday_naming_a_document(question: str, start: str, end: str) -> None:
    found = compute_time_range(question, AT)
    assert found is not None and found.start is not None and found.end is not None
    assert (f"{found.start:%Y-%m-%d}", f"{found.end:%Y-%m-%d}") == (start, end)


def test_an_average_per_day_of_two_months_is_one_figure_each_even_in_a_trend() -> None:
    asked = compute_asked("Volume trend: average calls per day in September versus October, and the % change", AT, {})
    assert (asked.grain, asked.compare) == (None, "previous_full_month")


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("quality looked a bit lower recently? compare the mean quality of the last 7 days with the 7 before", "kpis"),
        ("how can we lower our costs?", "optimize"),
        ("lower the bill for support-bot", "optimize"),
    ],
)
def test_lower_said_of_a_figure_seen_is_no_cost_cut(question: str, intent: str) -> None:
    assert compute_plan(question, known={}, catalog_models=[], own_org="acme", now=AT).intent == intent


@pytest.mark.parametrize(
    "question",
    [
        "how many of our calls failed yesterday, and how many went through ok?",
        "how many calls errored last week and how many succeeded?",
    ],
)
def test_both_sides_of_the_status_counted(question: str) -> None:
    asked = compute_asked(question, AT, {})
    assert [d.value for d in asked.dimensions] == ["status"]
