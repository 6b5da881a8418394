"""Questions read as asked (issue #16): the mean over the groups ("how many calls did each user make on average"),
a part's share of a named whole said part first ("sonnet spend as a share of anthropic spend"), two halves of one
month said once ("the first half of october vs the second half"), weekday against weekend spend per day and named
days of the week ("more on mondays or on fridays"), and a user's sessions with what one cost on average."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.answers import count, money, pct
from netra_core.agents.asked import compute_asked
from netra_core.agents.assistant import ask
from netra_core.agents.calendar_range import compute_month_parts_said
from netra_core.analytics.semantic import Dimension, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv, make_events

AT = datetime(2026, 11, 20, 12, tzinfo=UTC)
ACME = make_events("acme", 3000, seed=1)
OCTOBER = ACME[(ACME["ts"] >= datetime(2026, 10, 1, tzinfo=UTC)) & (ACME["ts"] < datetime(2026, 11, 1, tzinfo=UTC))]
NOVEMBER = ACME[(ACME["ts"] >= datetime(2026, 11, 1, tzinfo=UTC)) & (ACME["ts"] < NOW)]


def _answer(env: AgentEnv, question: str) -> str:
    result = ask(env.session_factory, env.store, env.auth("ana"), question, now=NOW)
    assert result.status == "succeeded", result.error
    return result.text


# --- the mean over the groups ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "by"),
    [
        ("How many calls did each user make on average in October?", Dimension.USER),
        ("How many tokens did the sales-agent use per session on average in October?", Dimension.SESSION),
        ("average spend per workload last week", Dimension.WORKLOAD),
        ("on average, how many requests does every user send in october?", Dimension.USER),
        ("what's the mean spend per model this month", Dimension.MODEL),
        ("what does each user cost on average?", Dimension.USER),
        ("typical cost per provider in october", Dimension.PROVIDER),
    ],
)
def test_an_average_over_the_groups_is_the_mean_per_group(question: str, by: Dimension) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert asked.mean_per_group and asked.dimensions == [by]


@pytest.mark.parametrize(
    "question",
    [
        "how many calls did each user make in october?",
        "what is the average latency per model",
        "spend per workload last week",
        "calls per session, on average, last week",  # (the requests per session, one figure)
    ],
)
def test_nearby_questions_are_no_mean_over_the_groups(question: str) -> None:
    assert not compute_asked(question, AT, KNOWN).mean_per_group


def test_the_mean_calls_per_user_is_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "How many calls did each user make on average in October?")
    users = OCTOBER["user_id"].nunique()
    assert f"Mean per user (over {users} users): requests {len(OCTOBER) / users:,.1f}" in text


def test_the_mean_spend_per_workload_is_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "what was the average spend per workload in november?")
    per = NOVEMBER.groupby("workload")["cost_usd"].sum()
    assert f"Mean per workload (over {len(per)} workloads): spend {money(float(per.mean()))}" in text


def test_the_mean_calls_per_user_per_day_is_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "What is the average number of calls per user per day this month?")
    pairs = NOVEMBER.groupby([NOVEMBER["ts"].dt.floor("D"), "user_id"]).size()
    assert f"Mean per user per day (over {len(pairs)} user-days with traffic): requests {pairs.mean():,.1f}" in text
    assert "- 2026-11-01, user" not in text  # the mean, not every user-day listed


# --- a part's share of a named whole, the part said first -----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "part", "measure"),
    [
        ("sonnet spend as a share of anthropic spend in october", Dimension.MODEL, Measure.SPEND),
        ("support-bot's share of gpt-4o spend", Dimension.WORKLOAD, Measure.SPEND),
        ("gpt-4o-mini calls as a percentage of all openai calls last week", Dimension.MODEL, Measure.REQUESTS),
        ("What share of anthropic spend is sonnet?", Dimension.MODEL, Measure.SPEND),
        ("what fraction of anthropic's calls were haiku in october", Dimension.MODEL, Measure.REQUESTS),
        ("code-review's portion of claude-3-5-sonnet tokens this month", Dimension.WORKLOAD, Measure.TOTAL_TOKENS),
    ],
)
def test_a_part_said_first_is_shared_within_the_whole_named(question: str, part: Dimension, measure: Measure) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert asked.share and asked.share_part == part and asked.measures[0] == measure


def test_a_share_of_the_whole_stays_everyones() -> None:
    """Nothing named as the whole: the named value's share of all the spend, as before."""
    asked = compute_asked("what share of our spend is gpt-4o?", AT, KNOWN)
    assert asked.share_part is None


def test_sonnet_share_of_anthropic_spend_is_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "sonnet spend as a share of anthropic spend in october")
    anthropic = OCTOBER[OCTOBER["provider"] == "anthropic"]
    share = anthropic.loc[anthropic["model"] == "claude-3-5-sonnet", "cost_usd"].sum() / anthropic["cost_usd"].sum()
    assert f"claude-3-5-sonnet: {pct(float(share))} of the spend of anthropic" in text


def test_a_part_with_none_of_the_whole_is_said_to_have_none(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "sales-agent's portion of gpt-4o-mini tokens this month")
    assert "sales-agent: 0 % of the total tokens of gpt-4o-mini (none in the window)" in text


# --- two halves of one month --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "what did we spend on search-rag in the first half of october vs the second half?",
            "the second half of october",
        ),
        ("first vs second half of october: how many calls?", "first half of october vs second half of october"),
        ("compare the first half of october with the second half for gpt-4o", "the second half of october"),
        ("spend in the first week of november against the second", "the second week of november"),
        ("first half of october versus the latter one", "the latter half of october"),
    ],
)
def test_the_month_said_once_is_each_parts(question: str, said: str) -> None:
    assert said in compute_month_parts_said(question)


@pytest.mark.parametrize(
    "question",
    ["spend in the first half of october", "first half of october vs second half of september", "first and second"],
)
def test_parts_each_with_their_month_stay_as_said(question: str) -> None:
    assert compute_month_parts_said(question) == question


@pytest.mark.parametrize(
    "question",
    [
        "What did we spend on search-rag in the first half of October vs the second half?",
        "first vs second half of october spend",
        "spend in the first half of october compared to the second half",
    ],
)
def test_the_second_half_is_against_the_first(question: str) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert asked.window == {"start": "2026-10-16T00:00:00+00:00", "end": "2026-11-01T00:00:00+00:00"}
    assert asked.compare_window == {"start": "2026-10-01T00:00:00+00:00", "end": "2026-10-16T00:00:00+00:00"}


# --- weekdays against weekends per day, and days of the week named ---------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "How does weekday spend compare with weekend spend per day in november?",
        "weekend vs weekday calls per day this month",
        "daily spend: weekends compared to weekdays, november",
        "spend per day on weekdays versus weekends last month",
    ],
)
def test_weekdays_against_weekends_per_day_is_each_ones_mean(question: str) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert asked.dimensions == [Dimension.DAY_TYPE] and asked.rate_per == RateUnit.DAY and asked.grain is None


@pytest.mark.parametrize(
    "question",
    [
        "In October, what did we spend on an average weekend day compared with an average weekday (Monday to Friday)?",
        "the typical weekday vs the typical weekend day: calls in november",
        "what does an average weekend day (sat and sun) cost us next to an average weekday, october?",
        "average weekday against average weekend day spend last month",
    ],
)
def test_an_average_day_of_each_kind_is_each_kinds_mean_per_day(question: str) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert asked.dimensions == [Dimension.DAY_TYPE] and asked.rate_per == RateUnit.DAY
    assert asked.compare_window == {} and asked.window_label != "Monday 2026-11-16"


def test_weekends_glossed_still_keep_only_weekends() -> None:
    asked = compute_asked("spend on weekends (sat and sun) in october", AT, KNOWN)
    assert asked.filters[Dimension.DAY_TYPE] == ["weekend"] and not asked.dimensions


def test_weekdays_against_weekends_day_by_day_stays_a_series() -> None:
    asked = compute_asked("weekday vs weekend spend day by day in november", AT, KNOWN)
    assert asked.grain is not None and asked.rate_per is None


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("Did we spend more on Mondays or on Fridays in October?", ["Monday", "Friday"]),
        ("mondays vs fridays: how many calls this month?", ["Monday", "Friday"]),
        ("compare spend on tuesdays and thursdays in november", ["Tuesday", "Thursday"]),
        ("is every saturday busier than every sunday?", ["Saturday", "Sunday"]),
    ],
)
def test_days_of_the_week_named_are_kept_and_each_stated(question: str, days: list[str]) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert asked.filters[Dimension.WEEKDAY] == days and asked.dimensions[0] == Dimension.WEEKDAY


@pytest.mark.parametrize(
    "question",
    ["spend since last monday", "send me the spend report every monday", "what did we spend on friday?"],
)
def test_a_single_date_or_a_schedule_keeps_no_weekday_filter(question: str) -> None:
    assert Dimension.WEEKDAY not in compute_asked(question, AT, KNOWN).filters


def test_mondays_and_fridays_are_each_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "Did we spend more on Mondays or on Fridays in November?")
    days = NOVEMBER["ts"].dt.day_name()
    for day in ("Monday", "Friday"):
        assert f"- {day}: spend {money(float(NOVEMBER.loc[days == day, 'cost_usd'].sum()))}" in text
    assert "- Tuesday" not in text


def test_weekday_and_weekend_spend_per_day_are_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "How does weekday spend compare with weekend spend per day in november?")
    weekend = NOVEMBER["ts"].dt.dayofweek >= 5
    for rows in (NOVEMBER[~weekend], NOVEMBER[weekend]):
        per_day = rows.groupby(rows["ts"].dt.floor("D"))["cost_usd"].sum().mean()
        assert money(float(per_day)) in text


# --- a user's sessions and what one cost on average -------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        (
            "How many sessions did u3 have this month and how much did they cost on average?",
            Measure.COST_PER_SESSION,
        ),
        ("how many sessions did u3 run in october, and what did each one cost on average?", Measure.COST_PER_SESSION),
        ("number of sessions for u3 in october and their average cost", Measure.COST_PER_SESSION),
        ("How many calls did u3 make this month and what did each cost on average?", Measure.COST_PER_REQUEST),
    ],
)
def test_what_one_counted_cost_on_average_is_asked(question: str, unit: Measure) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert unit in asked.measures and Measure.SPEND in asked.measures and asked.project_to is None


def test_sessions_and_spend_without_an_average_add_no_unit_cost() -> None:
    asked = compute_asked("How many sessions did u3 have this month and how much did they cost?", AT, KNOWN)
    assert Measure.COST_PER_SESSION not in asked.measures


def test_u3s_sessions_and_their_mean_cost_are_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "How many sessions did u3 have this month and how much did they cost on average?")
    u3 = NOVEMBER[NOVEMBER["user_id"] == "u3"]
    sessions = u3.loc[u3["session_id"] != "", "session_id"].nunique()
    assert f"Distinct sessions {count(sessions)}" in text
    assert f"cost per session {money(float(u3['cost_usd'].sum()) / sessions)}" in text


def test_an_average_weekend_day_and_weekday_are_stated_over_the_month_asked(agent_env: AgentEnv) -> None:
    """'(Monday to Friday)' says what a weekday is: October is the window, not Monday 16 November."""
    text = _answer(
        agent_env,
        "In October, what did we spend on an average weekend day compared with an average weekday (Monday to Friday)?",
    )
    assert "2026-10-01 00:00 to 2026-11-01 00:00 UTC" in text
    weekend = OCTOBER["ts"].dt.dayofweek >= 5
    for rows in (OCTOBER[~weekend], OCTOBER[weekend]):
        per_day = rows.groupby(rows["ts"].dt.floor("D"))["cost_usd"].sum().mean()
        assert f"spend {money(float(per_day))}" in text
