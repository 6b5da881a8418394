"""Phrasings beside the eighteenth blind set's misses on windows set from a moment the user states, and on dates and
numbers written in words (issue #16): the windows before, after and since a release, deploy, rollout, incident,
migration or cutover at a stated time ("the 48 hours before the rollout, and the 48 hours after it", "since the
rollout, compared with the same length of time right before it"), a window between two clock times across midnight
("between 18:00 yesterday and 06:00 today"), last week beside this week so far, days written as ordinal words
("from november first through november seventh") and numbers written in words ("longer than two seconds", "half a
second", "the last seven days"). Each fix is a rule for a family, so each is checked on phrasings the set does not
hold, and on contrasts the rule must leave alone (which release made a call stays declined; hours of one day, "this
week vs last week", "the first week of november", "which two workloads", model names said in words). Figures come
from the test's own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.spoken_numbers import compute_spoken_numbers
from netra_core.agents.timerange import compute_time_range
from netra_core.analytics.semantic import Bound, Comparison, Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ERROR_RATE, ORG, QUALITY, REQUESTS, SPEND, Sql

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
THIS_MONDAY = datetime(2026, 11, 16, tzinfo=UTC)


def at(month: int, d: int, hour: float = 0) -> datetime:
    return datetime(2026, month, d, tzinfo=UTC) + timedelta(hours=hour)


def window(start: datetime, end: datetime) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


# --- windows around a moment the message states ---------------------------------------------------------------------

ROLLOUT = at(11, 17, 14)


@pytest.mark.parametrize(
    ("text", "later", "earlier"),
    [
        (
            "We rolled out release 4.2 on Tuesday 17 November at 14:00 UTC. Error rate in the 48 hours before the "
            "rollout, and in the 48 hours after it?",
            (ROLLOUT, ROLLOUT + 48 * HOUR),
            (ROLLOUT - 48 * HOUR, ROLLOUT),
        ),
        (
            "release 4.2 shipped 17 nov 14:00 utc -- error rate for the 2 days either side of the release pls",
            (ROLLOUT, ROLLOUT + 48 * HOUR),
            (ROLLOUT - 48 * HOUR, ROLLOUT),
        ),
        (
            "The deploy went out at 2pm UTC on Nov 17. Compare the error rate over the forty eight hours after the "
            "deploy with the forty eight hours before it.",
            (ROLLOUT, ROLLOUT + 48 * HOUR),
            (ROLLOUT - 48 * HOUR, ROLLOUT),
        ),
        (
            "p95 latency since the rollout (17 Nov, 14:00 UTC), compared with the same length of time right before it",
            (ROLLOUT, NOW),
            (ROLLOUT - (NOW - ROLLOUT), ROLLOUT),
        ),
        (
            "the incident started Nov 12 08:30 UTC. error rate since the incident started vs an equal stretch before",
            (at(11, 12, 8.5), NOW),
            (at(11, 12, 8.5) - (NOW - at(11, 12, 8.5)), at(11, 12, 8.5)),
        ),
        (
            "error rate before and after the deploy at 9am on 3 Nov",
            (at(11, 3, 9), NOW),
            (at(11, 3, 9) - (NOW - at(11, 3, 9)), at(11, 3, 9)),
        ),
        (
            "spend in the 2 days either side of the migration on 5 November",
            (at(11, 5), at(11, 7)),
            (at(11, 3), at(11, 5)),
        ),
        (
            "We cut over to the new gateway at 06:00 UTC on 16 Nov. How many errors in the 12 hours after the cutover "
            "vs the 12 hours before?",
            (at(11, 16, 6), at(11, 16, 18)),
            (at(11, 15, 18), at(11, 16, 6)),
        ),
        (
            "error rate in the week after the fix on nov 12 vs the week before it",
            (at(11, 12), at(11, 19)),
            (at(11, 5), at(11, 12)),
        ),
        (
            "p95 the day before and the day after the upgrade on 10 nov at 09:00",
            (at(11, 10, 9), at(11, 11, 9)),
            (at(11, 9, 9), at(11, 10, 9)),
        ),
        (
            "the launch was 2026-11-18T09:30Z. support-bot error rate in the 7 days before the launch vs since it",
            (at(11, 18, 9.5), NOW),
            (at(11, 18, 9.5) - 7 * DAY, at(11, 18, 9.5)),
        ),
    ],
)
def test_the_windows_around_a_stated_moment_are_compared_as_said(
    text: str, later: tuple[datetime, datetime], earlier: tuple[datetime, datetime]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.declined and not asked.cannot, asked.cannot
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert asked.window == window(*later)
    assert asked.compare_window == window(*earlier)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("how many calls failed in the 24h after the deploy on nov 17 at 2pm", (ROLLOUT, ROLLOUT + DAY)),
        ("timeouts in the 24 hours before the rollout at 14:00 UTC on 17 Nov", (ROLLOUT - DAY, ROLLOUT)),
        ("We switched models on 17 Nov at 14:00 UTC. What's our spend since then?", (ROLLOUT, NOW)),
        ("we shipped the fix on nov 12. error rate since then?", (at(11, 12), NOW)),
    ],
)
def test_one_window_from_a_stated_moment_is_that_window_alone(text: str, span: tuple[datetime, datetime]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.declined
    assert asked.compare == Comparison.NONE and not asked.compare_window
    assert asked.window == window(*span)


def test_a_prompt_template_a_release_shipped_is_told_not_asked() -> None:
    text = (
        "The 4.2 rollout (17 Nov, 14:00 UTC) shipped a new prompt template for doc-summarizer. Average input tokens "
        "per doc-summarizer call in the 7 days before the rollout vs since the rollout?"
    )
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.declined and not asked.cannot
    assert asked.measures == [Measure.AVG_INPUT_TOKENS]
    assert asked.filters == {Dimension.WORKLOAD: ["doc-summarizer"]}
    assert asked.window == window(ROLLOUT, NOW) and asked.compare_window == window(ROLLOUT - 7 * DAY, ROLLOUT)


@pytest.mark.parametrize(
    "text",
    [
        "which release caused the errors after the deploy on 17 nov at 14:00",  # the release is asked of
        "error rate per release version since 17 nov",
        "error rate by prompt template in the 2 days after the rollout on 17 Nov at 14:00",
        "Of the errors since the rollout, how many came from calls with the new-prompt-v2 feature flag switched on?",
        "errors since the rollout on 17 Nov 14:00 UTC from calls with the dark-mode feature flag on",
        "what's the error rate since our last deploy?",  # no moment stated: the deploy's time is not held
    ],
)
def test_a_release_asked_of_stays_declined(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.declined and asked.cannot


def test_a_day_pointed_back_at_without_a_release_keeps_its_reading() -> None:
    # "before that" points at monday, no release: the window since monday against the 7 days before it, as before
    asked = compute_asked("what changed since monday? compare with the 7 days before that", NOW, KNOWN)
    assert asked.window == window(THIS_MONDAY, NOW)
    assert asked.compare_window == window(THIS_MONDAY - 7 * DAY, THIS_MONDAY)


def test_hours_of_the_release_day_said_without_before_or_after_stay_that_window() -> None:
    text = "During the rollout window, between 14:00 and 18:00 UTC on 17 November: how many calls and how many failed?"
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.window == window(at(11, 17, 14), at(11, 17, 18))
    assert asked.compare == Comparison.NONE and not asked.declined


def _rate(s: Sql, start: datetime, end: datetime) -> float:
    return s.one(ERROR_RATE, start, end)


def test_the_windows_around_the_rollout_are_answered(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        before, after = _rate(s, ROLLOUT - 2 * DAY, ROLLOUT), _rate(s, ROLLOUT, ROLLOUT + 2 * DAY)
        timeouts = s.one(REQUESTS, ROLLOUT - DAY, ROLLOUT, "error_type = 'timeout'")
    said = answer(
        numbers_env,
        "the deploy went out on 17/11 at 14:00 UTC; error rate for the two days either side of the deploy?",
    )
    assert_states(
        said, [Figure("before", before, Unit.PERCENT, abs=0.05), Figure("after", after, Unit.PERCENT, abs=0.05)]
    )
    said = answer(numbers_env, "timeouts in the 24 hours before the rollout at 14:00 UTC on 17 Nov")
    assert_states(said, [Figure("timeouts", timeouts, Unit.NUMBER, abs=0)])


def test_a_cutover_at_a_stated_time_is_two_windows_not_a_cost_cut(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    cutover = at(11, 16, 6)
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        after = s.one(REQUESTS, cutover, cutover + 12 * HOUR, "status != 'ok'")
        before = s.one(REQUESTS, cutover - 12 * HOUR, cutover, "status != 'ok'")
    said = answer(
        numbers_env,
        "We cut over to the new gateway at 06:00 UTC on 16 Nov. How many errors in the 12 hours after the cutover "
        "vs the 12 hours before?",
    )
    assert "could not read" not in said and "policy" not in said, said
    assert_states(said, [Figure("after", after, Unit.NUMBER, abs=0), Figure("before", before, Unit.NUMBER, abs=0)])


# --- a window between two clock times, across midnight -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("How many calls between 18:00 yesterday and 06:00 today (UTC)?", (at(11, 19, 18), at(11, 20, 6))),
        ("calls from 9pm last night until 7am this morning", (at(11, 19, 21), at(11, 20, 7))),
        ("spend between yesterday 18:00 and today 06:00", (at(11, 19, 18), at(11, 20, 6))),
        ("error rate from 22:00 on 3 nov to 04:00 on 4 nov", (at(11, 3, 22), at(11, 4, 4))),
        ("how many requests from 22:00 to 04:00 on 4 nov", (at(11, 3, 22), at(11, 4, 4))),
        ("requests between 11pm on the 18th and 2am on the 19th", (at(11, 18, 23), at(11, 19, 2))),
    ],
)
def test_a_window_between_two_moments_runs_from_one_to_the_other(text: str, span: tuple[datetime, datetime]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.window == window(*span)
    assert Dimension.HOUR_OF_DAY not in asked.filters and not asked.cannot


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("between 9am and 5pm yesterday", (at(11, 19, 9), at(11, 19, 17))),  # hours of one day, as before
        ("between 14:00 and 18:00 UTC on 17 November", (at(11, 17, 14), at(11, 17, 18))),
        ("since 08:00 today", (at(11, 20, 8), NOW)),
    ],
)
def test_hours_of_one_day_keep_their_reading(text: str, span: tuple[datetime, datetime]) -> None:
    found = compute_time_range(text, NOW)
    assert found is not None and (found.start, found.end) == span


def test_the_overnight_window_is_answered(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        calls = Sql(client, ORG).one(REQUESTS, at(11, 19, 21), at(11, 20, 7))
    said = answer(numbers_env, "how many calls came in from 9pm last night until 7am this morning")
    assert_states(said, [Figure("calls", calls, Unit.NUMBER, abs=0)])


# --- last week beside this week so far ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What's the average quality score on u12's calls for last week (9-15 Nov), and for this week so far?",
        "mean quality last week vs this week so far",
        "quality for last week and for this week to date",
        "avg quality score - last week compared to this week so far",
        "quality score 9-15 nov and this week so far",
    ],
)
def test_last_week_beside_this_week_so_far_is_the_whole_week_before(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert asked.window == window(THIS_MONDAY, NOW)
    assert asked.compare_window == window(THIS_MONDAY - 7 * DAY, THIS_MONDAY)


def test_this_week_vs_last_week_keeps_the_same_weekday_reading() -> None:
    asked = compute_asked("spend this week vs last week", NOW, KNOWN)
    assert asked.compare == Comparison.SAME_WEEKDAY_LAST_WEEK


def test_last_week_and_this_week_so_far_are_answered(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        last, this = s.one(QUALITY, THIS_MONDAY - 7 * DAY, THIS_MONDAY), s.one(QUALITY, THIS_MONDAY, NOW)
    said = answer(numbers_env, "mean quality score last week vs this week so far")
    assert_states(said, [Figure("last", last, Unit.NUMBER, abs=0.002), Figure("this", this, Unit.NUMBER, abs=0.002)])


# --- days written as ordinal words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("How much did we spend from november first through november seventh", (at(11, 1), at(11, 8))),
        ("spend from the first of november to the seventh of november", (at(11, 1), at(11, 8))),
        ("spend between the fifth and the twelfth of november", (at(11, 5), at(11, 13))),
        ("how many calls on the third of november", (at(11, 3), at(11, 4))),
        ("what did we spend on october twenty first", (at(10, 21), at(10, 22))),
        ("errors from nov first to nov tenth", (at(11, 1), at(11, 11))),
    ],
)
def test_days_written_as_ordinal_words_are_those_days(text: str, span: tuple[datetime, datetime]) -> None:
    assert compute_asked(text, NOW, KNOWN).window == window(*span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("mean quality across 10, 11 and 12 november", (at(11, 10), at(11, 13))),
        ("calls on the 3rd, 4th and 5th of november", (at(11, 3), at(11, 6))),
        ("spend on 10, 11, 12 and 13 nov", (at(11, 10), at(11, 14))),
        ("error rate on the fifth, sixth and seventh of november", (at(11, 5), at(11, 8))),
    ],
)
def test_days_listed_one_after_another_are_all_of_them(text: str, span: tuple[datetime, datetime]) -> None:
    assert compute_asked(text, NOW, KNOWN).window == window(*span)


def test_listed_days_against_others_are_each_as_said() -> None:
    text = "Mean quality score across 10, 11 and 12 November, against 18 and 19 November -- did the release dent it?"
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert asked.window == window(at(11, 18), at(11, 20)) and asked.compare_window == window(at(11, 10), at(11, 13))


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("spend in the first week of november", (at(11, 1), at(11, 8))),
        ("spend in the first half of november", (at(11, 1), at(11, 16))),
        ("spend in the first 10 days of november", (at(11, 1), at(11, 11))),
    ],
)
def test_ordinal_words_of_a_part_of_a_month_keep_their_reading(text: str, span: tuple[datetime, datetime]) -> None:
    assert compute_asked(text, NOW, KNOWN).window == window(*span)


def test_the_first_week_said_in_ordinal_words_is_answered(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).one(SPEND, at(11, 2), at(11, 10))
    said = answer(numbers_env, "how much did we spend from november second through november ninth")
    assert_states(said, [Figure("spend", spend, Unit.MONEY, rel=0.005)])


# --- numbers written in words ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bound", "ms"),
    [
        ("How many calls took longer than two seconds in the last seven days", Bound.ABOVE, 2000.0),
        ("how many requests were slower than half a second this week", Bound.ABOVE, 500.0),
        ("how many calls took under one and a half seconds yesterday", Bound.BELOW, 1500.0),
        ("count of calls over two point five seconds in october", Bound.ABOVE, 2500.0),
        ("how many calls took more than fifteen hundred milliseconds last week", Bound.ABOVE, 1500.0),
    ],
)
def test_a_latency_bound_in_words_is_read(text: str, bound: Bound, ms: float) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.latency_band is not None
    assert (asked.latency_band.bound, asked.latency_band.value) == (bound, ms)


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("how many calls cost more than ten cents in october", 0.10),
        ("calls costing over five cents each last week", 0.05),
        ("how many calls cost more than half a cent", 0.005),
    ],
)
def test_a_cost_bound_in_words_is_read(text: str, usd: float) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.cost_band is not None and asked.cost_band.value == pytest.approx(usd)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("spend over the last seven days", 7.0),
        ("calls in the past fourteen days", 14.0),
        ("error rate for the last twenty one days", 21.0),
        ("requests in the last forty-eight hours", 2.0),
        ("spend over the past sixty days", 60.0),
    ],
)
def test_a_window_counted_in_words_is_read(text: str, days: float) -> None:
    assert compute_asked(text, NOW, KNOWN).window == {"days": days}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("which two workloads spent the most", "which two workloads spent the most"),
        ("p95 for claude three five sonnet", "p95 for claude three five sonnet"),
        ("tokens for gemini two point oh flash", "tokens for gemini two point oh flash"),
        ("one day we saw a spike", "one day we saw a spike"),
        ("the p ninety five latency", "the p95 latency"),
        ("the ninety ninth percentile", "the 99th percentile"),
    ],
)
def test_number_words_are_rewritten_only_before_a_unit_or_after_p(text: str, said: str) -> None:
    assert compute_spoken_numbers(text) == said


def test_a_spelled_percentile_is_that_percentile_alone() -> None:
    asked = compute_asked("What was the p ninety five latency for claude three five sonnet", NOW, KNOWN)
    assert asked.measures == [Measure.LATENCY_P95]


def test_a_latency_bound_in_words_is_answered(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        slow = Sql(client, ORG).one(REQUESTS, NOW - 14 * DAY, NOW, "latency_ms > 1500")
    said = answer(numbers_env, "how many calls took longer than one and a half seconds over the past fourteen days")
    assert_states(said, [Figure("slow", slow, Unit.NUMBER, abs=0)])
