"""Phrasings beside the fourteenth and fifteenth blind sets' misses on the two sides of a comparison (issue #16): "the
difference in percent" of two arms, "sep -> oct", a day against a rolling window that holds it ("Tuesday's error rate
... than our 30-day average"), "today vs yesterday", "before and after <a date>", "from the 13th on, against the 13
days before it", groups named in the plural and taken one by one ("differ between the workloads that use it", "runs
in two workloads. For each one"), "biggest mover", shorthand ("toks per workload", "avg qual") and measured figures
of models the org runs compared over a window. Each fix is a rule for a family, so each is checked on phrasings the
sets do not hold, and on contrasts the rule must leave alone. Figures come from the test's own SQL over the number
store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.timerange import compute_time_range
from netra_core.analytics.semantic import Comparison, Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import (
    ERROR_RATE,
    MONTH,
    OCTOBER,
    ORG,
    QUALITY,
    REQUESTS,
    SEPTEMBER,
    SPEND,
    TODAY,
    YESTERDAY,
    Sql,
    q,
)
from tests.agents.question_set_numbers7 import PER_REQUEST
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
THIS_MONDAY = TODAY - 4 * DAY  # Monday 16 November
TOKENS = "sum(prompt_tokens + completion_tokens + cached_tokens + reasoning_tokens)"
MODEL = "model = {m:String}"


def change(label: str, new: float, old: float) -> Figure:
    """A change in per cent, compared by size (either arm over the other is a fair reading)."""
    return Figure(label, 100 * (new - old) / old, Unit.PERCENT, abs=0.3, alternatives=(100 * (old - new) / new,))


def at(iso: object) -> datetime:
    return datetime.fromisoformat(str(iso))


# --- "the difference in percent" of two arms: each measure's gap -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "p95 of anthropic vs openai last week, % difference?",
        "spend of support-bot vs sales-agent this month, and the gap in percent",  # sibling
        "gpt-4o against claude-3-5-haiku cost per call in october: the difference between them as a percentage",
        "error rate groq vs google, last 30 days, percentage gap",  # sibling: the words the other way round
    ],
)
def test_the_difference_in_percent_of_two_named_values_is_a_percent_gap(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.percent_gap and asked.dimensions


def test_the_gap_between_them_without_percent_is_the_plain_difference() -> None:
    asked = compute_asked("spend of support-bot vs sales-agent this month, and the gap between them", NOW, KNOWN)
    assert asked.difference and not asked.percent_gap  # contrast: no percent said


def test_the_percent_gap_of_two_arms_is_stated_for_each_measure(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        arms = {
            m: (s.one(PER_REQUEST, start, NOW, MODEL, m=m), s.one(q(0.5), start, NOW, MODEL, m=m))
            for m in ("claude-3-5-sonnet", "claude-3-5-haiku")
        }
    said = answer(
        numbers_env,
        "claude-3-5-sonnet vs claude-3-5-haiku over the last 7 days: cost per call and median latency of each, and the"
        " difference in percent",
    )
    (son_cost, son_p50), (hai_cost, hai_p50) = arms["claude-3-5-sonnet"], arms["claude-3-5-haiku"]
    assert_states(
        said,
        [
            Figure("sonnet per call", son_cost, Unit.MONEY, rel=0.01),
            Figure("haiku per call", hai_cost, Unit.MONEY, rel=0.01),
            Figure("sonnet median", son_p50, Unit.MS, rel=0.01),
            Figure("haiku median", hai_p50, Unit.MS, rel=0.01),
            change("per call gap", son_cost, hai_cost),
            change("median gap", son_p50, hai_p50),
        ],
    )


# --- shorthand: "toks per <group>" are each group's tokens, "avg qual" is the mean score ---------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("toks per workload this wk", [Measure.TOTAL_TOKENS]),
        ("tokens by model yesterday", [Measure.TOTAL_TOKENS]),  # sibling
        ("how many tokens per provider last month", [Measure.TOTAL_TOKENS]),  # sibling
        ("tokens per request by workload this week", [Measure.AVG_INPUT_TOKENS, Measure.AVG_OUTPUT_TOKENS]),  # contrast
        ("prompt tokens per model this week", [Measure.INPUT_TOKENS]),  # contrast: one kind named
        ("avg qual by model last wk", [Measure.QUALITY]),
    ],
)
def test_shorthand_measures(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_tokens_by_model_are_each_models_total(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        tokens = Sql(client, ORG).by("model", TOKENS, YESTERDAY, TODAY)
    said = answer(numbers_env, "toks by model yday")
    assert_states(said, [Figure(m, v, Unit.NUMBER) for m, v in tokens.items()])


def test_avg_qual_of_two_models_over_a_window_is_their_measured_quality(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        scores = {m: s.one(QUALITY, start, NOW, MODEL, m=m) for m in ("gpt-4o", "gpt-4o-mini")}
    said = answer(numbers_env, "avg qual gpt-4o vs gpt-4o-mini, 7d")
    assert "list price" not in said, said
    assert_states(said, [Figure(m, v, Unit.NUMBER, abs=0.002) for m, v in scores.items()])


# --- "sep -> oct": the later month against the earlier ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["spend MoM sep -> oct, $ and % chg?", "requests sep -> oct, % chg", "errors sept → oct, month over month"],
)
def test_an_arrow_between_two_months_compares_the_later_with_the_earlier(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.compare == Comparison.PREVIOUS_FULL_MONTH
    assert (at(asked.window["start"]), at(asked.window["end"])) == (OCTOBER, MONTH)


def test_requests_sep_to_oct_states_both_months_and_the_change(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        sep, octo = s.one(REQUESTS, SEPTEMBER, OCTOBER), s.one(REQUESTS, OCTOBER, MONTH)
    said = answer(numbers_env, "reqs sep -> oct, % chg")
    assert_states(
        said,
        [
            Figure("september", sep, Unit.NUMBER),
            Figure("october", octo, Unit.NUMBER),
            Figure("change", 100 * (octo - sep) / sep, Unit.PERCENT, abs=0.3, magnitude=True),
        ],
    )


# --- a day against a rolling window holding it; today against yesterday ------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "days"),
    [
        ("Was Tuesday's error rate worse than our 30-day average?", TODAY - 3 * DAY, 30),
        ("was yesterday's p95 higher than the last 7 days?", YESTERDAY, 7),  # sibling
        ("error rate yesterday compared to the last 30 days", YESTERDAY, 30),  # sibling
    ],
)
def test_a_day_against_a_rolling_window_compares_the_two(text: str, day: datetime, days: int) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert (at(asked.window["start"]), at(asked.window["end"])) == (day, day + DAY)
    assert (at(asked.compare_window["start"]), at(asked.compare_window["end"])) == (NOW - days * DAY, NOW)


@pytest.mark.parametrize(
    ("text", "compare"),
    [
        ("p95 this week vs last week", Comparison.SAME_WEEKDAY_LAST_WEEK),  # contrast: "last week" is no span counted
        ("spend yesterday vs the day before", Comparison.PREVIOUS_PERIOD),  # contrast: two whole days
    ],
)
def test_calendar_periods_compared_keep_their_comparison(text: str, compare: Comparison) -> None:
    assert compute_asked(text, NOW, KNOWN).compare == compare


def test_yesterdays_p95_against_the_last_7_days(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        day, week = s.one(q(0.95), YESTERDAY, TODAY), s.one(q(0.95), NOW - 7 * DAY, NOW)
    said = answer(numbers_env, "was yesterday's p95 higher than the last 7 days?")
    assert_states(said, [Figure("yesterday", day, Unit.MS, rel=0.01), Figure("7 days", week, Unit.MS, rel=0.01)])


@pytest.mark.parametrize("text", ["TTFT p95 today vs yesterday?", "error rate today vs yesterday", "spend tdy vs yday"])
def test_today_against_yesterday_is_today_so_far_against_all_of_yesterday(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert (at(asked.window["start"]), at(asked.window["end"])) == (TODAY, NOW)
    assert (at(asked.compare_window["start"]), at(asked.compare_window["end"])) == (YESTERDAY, TODAY)


def test_the_error_rate_today_against_yesterday(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        today, yday = s.one(ERROR_RATE, TODAY, NOW), s.one(ERROR_RATE, YESTERDAY, TODAY)
    said = answer(numbers_env, "error rate today vs yesterday")
    assert_states(said, [Figure("today", today, Unit.PERCENT, abs=0.05), Figure("yday", yday, Unit.PERCENT, abs=0.05)])


# --- two windows split at a date ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "before"),
    [
        ("error rate before and after nov 13", datetime(2026, 11, 13, tzinfo=NOW.tzinfo), timedelta(days=7.5)),
        (
            "p95 of support-bot pre vs post the 10th of november",  # sibling
            datetime(2026, 11, 10, tzinfo=NOW.tzinfo),
            timedelta(days=10.5),
        ),
        ("spend since monday vs the 7 days before that", THIS_MONDAY, timedelta(days=7)),
        (
            "Mean quality from nov 13 onwards, against the 13 days before it",
            datetime(2026, 11, 13, tzinfo=NOW.tzinfo),
            timedelta(days=13),
        ),
    ],
)
def test_a_window_and_the_one_before_it_around_a_date(text: str, start: datetime, before: timedelta) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert (at(asked.window["start"]), at(asked.window["end"])) == (start, NOW)
    assert (at(asked.compare_window["start"]), at(asked.compare_window["end"])) == (start - before, start)


def test_before_and_after_the_first_of_a_month_is_the_month_before() -> None:
    asked = compute_asked("doc-summarizer error rate before and after the 1st of November", NOW, KNOWN)
    assert (at(asked.compare_window["start"]), at(asked.compare_window["end"])) == (OCTOBER, MONTH)


@pytest.mark.parametrize(
    "text",
    [
        "what happened before and after the outage",  # contrast: no date
        "p95 before and after switching models, this month",  # contrast: the window is not split at a date
    ],
)
def test_before_and_after_with_no_date_is_no_split(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).compare != Comparison.CHOSEN_WINDOW


@pytest.mark.parametrize("text", ["from the 13th onwards", "quality from nov 13 on, by model"])
def test_from_a_day_on_is_since_that_day(text: str) -> None:
    found = compute_time_range(text, NOW)
    assert found is not None and (found.start, found.end) == (datetime(2026, 11, 13, tzinfo=NOW.tzinfo), NOW)


def test_quality_around_a_date_states_both_windows_and_the_change(numbers_env: AgentEnv) -> None:
    split = datetime(2026, 11, 10, tzinfo=NOW.tzinfo)
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        after, before = s.one(QUALITY, split, NOW), s.one(QUALITY, split - 10 * DAY, split)
    said = answer(numbers_env, "mean quality from the 10th of november on, against the 10 days before it")
    assert_states(
        said,
        [
            Figure("after", after, Unit.NUMBER, abs=0.002),
            Figure("before", before, Unit.NUMBER, abs=0.002),
            Figure("change", 100 * (after - before) / before, Unit.PERCENT, abs=0.3, magnitude=True),
        ],
    )


def test_support_bot_before_and_after_a_date(numbers_env: AgentEnv) -> None:
    split = datetime(2026, 11, 13, tzinfo=NOW.tzinfo)
    where = "workload = {w:String}"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        after = s.one(ERROR_RATE, split, NOW, where, w="support-bot")
        before = s.one(ERROR_RATE, split - (NOW - split), split, where, w="support-bot")
    said = answer(numbers_env, "support-bot error rate before and after nov 13")
    assert_states(
        said, [Figure("after", after, Unit.PERCENT, abs=0.05), Figure("before", before, Unit.PERCENT, abs=0.05)]
    )


# --- groups named in the plural, taken one by one ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("How does gpt-4o's quality differ between the workloads that use it? Last 30 days.", Dimension.WORKLOAD),
        ("does claude-3-5-haiku's p95 vary among the workloads it serves?", Dimension.WORKLOAD),  # sibling
        ("gpt-4o-mini runs in two workloads. For each one, spend this month", Dimension.WORKLOAD),
        ("support-bot uses two models; for each of them, spend this month", Dimension.MODEL),  # sibling
    ],
)
def test_groups_in_the_plural_taken_one_by_one_are_a_grouping(text: str, dimension: Dimension) -> None:
    assert compute_asked(text, NOW, KNOWN).dimensions == [dimension]


@pytest.mark.parametrize(
    "text",
    [
        "latency between 9:00 and 17:00 yesterday",  # contrast: hours, no groups
        "quality of gpt-4o between the 1st and the 15th of november",  # contrast: dates
        "gpt-4o spend this month, and for each day the calls",  # contrast: no groups in the plural before "each"
    ],
)
def test_between_hours_or_dates_is_no_grouping(text: str) -> None:
    assert Dimension.WORKLOAD not in compute_asked(text, NOW, KNOWN).dimensions
    assert Dimension.MODEL not in compute_asked(text, NOW, KNOWN).dimensions


def test_a_models_p95_in_each_workload_it_serves(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        p95 = Sql(client, ORG).by("workload", q(0.95), start, NOW, MODEL, m="claude-3-5-haiku")
    said = answer(numbers_env, "does claude-3-5-haiku's p95 vary among the workloads it serves? last 30 days")
    assert_states(said, [Figure(w, v, Unit.MS, rel=0.01) for w, v in p95.items()])


def test_a_workloads_spend_on_each_of_its_models(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("model", SPEND, MONTH, NOW, "workload = {w:String}", w="support-bot")
    said = answer(numbers_env, "support-bot uses two models; for each of them, spend this month")
    assert_states(said, [Figure(m, v, Unit.MONEY, rel=0.005) for m, v in spend.items()])


# --- "biggest mover": each group's change --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("biggest mover this week? workload spend, % vs last week", Dimension.WORKLOAD),
        ("which model moved the most in calls this week vs last week?", Dimension.MODEL),  # sibling
        ("top movers by provider spend this month vs last month", Dimension.PROVIDER),  # sibling
    ],
)
def test_the_biggest_mover_compares_each_group(text: str, dimension: Dimension) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.dimensions == [dimension] and asked.compare != Comparison.NONE


def test_the_model_that_moved_most_in_calls(numbers_env: AgentEnv) -> None:
    last_monday, same_point = THIS_MONDAY - 7 * DAY, NOW - 7 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        now_calls, then_calls = (
            s.by("model", REQUESTS, THIS_MONDAY, NOW),
            s.by("model", REQUESTS, last_monday, same_point),
        )
    moves = {m: 100 * (now_calls[m] - then_calls[m]) / then_calls[m] for m in now_calls}
    mover = max(moves, key=lambda m: abs(moves[m]))
    said = answer(numbers_env, "which model moved the most in calls this week vs last week?")
    assert_states(said, [Figure("biggest move", moves[mover], Unit.PERCENT, abs=0.3, magnitude=True)])
    assert f"Largest change in requests: model {mover}," in said, said  # the mover named, not only listed
