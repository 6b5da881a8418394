"""Readings from the twentieth set (issue #16): a workload named by what it does ("the bot that answers our customers'
support questions" is support-bot, "the sales assistant" sales-agent; never a guess between two); the other side of a
comparison or the whole beside a part (both weeks of "last week (Monday to Sunday) compared with the week before", a
day named beside the busiest day, "out of how many calls in total", yesterday "up to the same time of day"); the mean
of a call's tokens "(input + output)"; "which 3 workloads have the highest ..." as a top 3, and "the first two weeks of
November" as no top 2; and how long users spend reading an answer declined as a subject the events do not hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.assistant import ask
from netra_core.agents.described import compute_described_names
from netra_core.agents.timerange import compute_time_range
from netra_core.agents.unheld import compute_unheld
from tests.agents.builders import KNOWN, NOW, AgentEnv, make_events

AT = datetime(2026, 11, 20, 12, tzinfo=UTC)
ACME = make_events("acme", 3000, seed=1)


# --- a workload named by what it does ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("p95 latency of the bot that answers our customers' support questions last week", "the support-bot last week"),
        ("How much did the sales assistant spend in October?", "the sales-agent spend"),
        ("error rate of the tool we use for reviewing pull requests, last 7 days", "the code-review, last 7 days"),
        ("calls of the bot that sorts incoming tickets into queues this month", "the ticket-classifier this month"),
        ("what did our sales copilot cost yesterday", "our sales-agent cost"),
        ("the assistant which summarises long documents: spend by model", "the doc-summarizer: spend"),
        ("cost per call of my search assistant over the last 30 days", "my search-rag over"),
    ],
)
def test_a_workload_described_by_its_work_is_that_workload(question: str, said: str) -> None:
    assert said in compute_described_names(question, KNOWN)


@pytest.mark.parametrize(
    "question",
    [
        # two workloads fit (support-bot and ticket-classifier; search-rag and doc-summarizer): no guess
        "how much did the bot that classifies support tickets cost",
        "spend of the assistant that searches our docs",
        # no workload's words
        "what did the assistant that writes marketing emails cost",
        "the most expensive feature last month",
        # a bot alone, or a model described (read elsewhere), or one already named
        "which bot costs the most",
        "How much did the Anthropic model that does our code reviews cost us yesterday?",
        "the support bot's p95 last week",
    ],
)
def test_a_description_two_workloads_fit_or_none_is_left_as_written(question: str) -> None:
    assert compute_described_names(question, KNOWN) == question


def test_the_described_workload_is_the_one_answered(agent_env: AgentEnv) -> None:
    """The sales assistant's spend over the last 7 days, checked against the events (not all traffic's)."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "How much did the sales assistant spend over the last 7 days?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    window = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    sales = float(window.loc[window["workload"] == "sales-agent", "cost_usd"].sum())
    assert "sales-agent" in result.text and f"${sales:,.2f}" in result.text
    assert f"${float(window['cost_usd'].sum()):,.2f}" not in result.text


# --- which N groups have the highest; the first N weeks of a month ----------------------------------------------------


@pytest.mark.parametrize(
    ("question", "top_n"),
    [
        ("Which 3 workloads have the highest average cost per call over the last 30 days?", 3),
        ("what two models have the lowest p95 latency last week", 2),
        ("which 4 providers have the most errors this month", 4),
        ("Which five users get the most calls in October?", 5),
    ],
)
def test_which_n_groups_have_the_highest_is_a_top_n(question: str, top_n: int) -> None:
    assert compute_asked(question, AT, {}).top_n == top_n


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        (
            "spend in the first two weeks of November compared with the last two weeks of October",
            "2026-11-01",
            "2026-11-15",
        ),
        ("calls in the first 10 days of october", "2026-10-01", "2026-10-11"),
        ("error rate over the first three weeks of october", "2026-10-01", "2026-10-22"),
    ],
)
def test_the_first_weeks_of_a_month_are_a_window_not_a_top_n(question: str, start: str, end: str) -> None:
    asked = compute_asked(question, AT, {})
    assert asked.top_n is None
    assert (asked.window["start"][:10], asked.window["end"][:10]) == (start, end)


# --- how long users spend reading an answer --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "KPI tile: Avg time users spend reading an answer (seconds), last 7 days.",
        "what is the average dwell time on the support bot's answers?",
        "median time on page per session last week",
        "reading time per answer by workload",
        "engagement time for sales-agent users in october",
        "how long do customers read the answers before closing the chat?",
        "how many seconds do users spend on each response",
    ],
)
def test_time_spent_reading_an_answer_is_declined(question: str) -> None:
    assert any(text.startswith("how long users spent reading") for text in compute_unheld(question.lower()))


@pytest.mark.parametrize(
    "question",
    [
        "p95 latency last week",
        "time to first token p50 by model",
        "how much time did gpt-4o calls take on average",
        "how many read timeouts last week",
        "how long did the support bot take to respond",
    ],
)
def test_the_calls_own_times_are_no_reading_time(question: str) -> None:
    assert not any(text.startswith("how long users spent reading") for text in compute_unheld(question.lower()))


def test_reading_time_is_declined_not_answered(agent_env: AgentEnv) -> None:
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "What was the average dwell time on answers over the last 7 days?",
        now=NOW,
    )
    window = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    assert "I cannot answer how long users spent reading" in result.text
    assert f"${float(window['cost_usd'].sum()):,.2f}" not in result.text


# --- the mean of a call's tokens, input and output together ------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "KPI tile: Avg tokens per call (input + output), last 30 days.",
        "average tokens per request (prompt plus completion) this month",
        "mean total tokens per call for gpt-4o",
        "tokens per call (input and output) last week",
        "average combined tokens per request in october",
    ],
)
def test_a_calls_tokens_in_and_out_on_average_is_the_mean_total(question: str) -> None:
    assert [m.value for m in compute_asked(question, AT, {}).measures] == ["avg_total_tokens"]


@pytest.mark.parametrize(
    "question",
    [
        "total tokens (input + output) last week",
        "input + output tokens per day on average",
        "how many tokens did we use in october, input plus output",
    ],
)
def test_the_sum_of_both_kinds_stays_a_sum(question: str) -> None:
    assert "avg_total_tokens" not in [m.value for m in compute_asked(question, AT, {}).measures]


# --- both sides of a comparison, or the whole beside a part ----------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "timeouts last week (Monday to Sunday)",
        "errors last week (mon-sun) by model",
        "spend last week, Monday through Sunday, by workload",
        "how many calls did we get the previous week (Monday to Sunday)?",
    ],
)
def test_a_week_said_monday_to_sunday_is_the_calendar_week(question: str) -> None:
    found = compute_time_range(question, AT)
    assert found is not None and found.start is not None and found.end is not None
    assert (f"{found.start:%Y-%m-%d}", f"{found.end:%Y-%m-%d}") == ("2026-11-09", "2026-11-16")


@pytest.mark.parametrize(
    "question",
    [
        "The weekly update claims our timeouts halved last week (Monday to Sunday) compared with the week before. How "
        "many timeouts did each of those two weeks actually have?",
        "how many rate limit errors did we have last week (mon-sun) and the week before?",
        "calls last week (Monday to Sunday) versus the week before",
    ],
)
def test_last_week_against_the_week_before_states_both(question: str) -> None:
    asked = compute_asked(question, AT, {})
    assert (asked.window["start"][:10], asked.window["end"][:10]) == ("2026-11-09", "2026-11-16")
    assert asked.compare.value == "previous_period"


@pytest.mark.parametrize(
    ("question", "day"),
    [
        (
            "How many calls did we get on the 17th, and how many calls were there on the busiest day of the month so "
            "far?",
            "2026-11-17",
        ),
        ("How much did we spend on 3 November, and how much on the most expensive day this month?", "2026-11-03"),
        ("How many calls did we get on the 12th, and how many on our busiest day this month?", "2026-11-12"),
    ],
)
def test_a_day_named_beside_the_busiest_is_asked_too(question: str, day: str) -> None:
    asked = compute_asked(question, AT, {})
    assert asked.grain is not None and asked.grain.value == "day" and asked.top_n == 1
    assert [p["start"][:10] for p in asked.periods] == [day, "2026-11-01"]


def test_the_named_day_and_the_busiest_day_are_both_said(agent_env: AgentEnv) -> None:
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "How many calls did we get on the 12th, and how many on our busiest day this month?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    month = ACME[(ACME["ts"] >= datetime(2026, 11, 1, tzinfo=UTC)) & (ACME["ts"] < NOW)]
    daily = month.groupby(month["ts"].dt.floor("D")).size().sort_values(ascending=False)
    twelfth = int(daily[datetime(2026, 11, 12, tzinfo=UTC)])
    assert f"2026-11-12: requests {twelfth:,}" in result.text
    assert f"{daily.index[0]:%Y-%m-%d}: requests {int(daily.iloc[0]):,}" in result.text


@pytest.mark.parametrize(
    ("question", "band"),
    [
        (
            "How many support-bot calls this month had a time to first token under 200 ms, out of how many support-bot "
            "calls in total?",
            "ttft_band_n",
        ),
        (
            "how many calls took longer than 2 seconds last week, and how many calls were there in total?",
            "latency_band_n",
        ),
        ("how many gpt-4o calls cost more than 5 cents in october, out of how many?", "cost_band_n"),
        ("how many calls had more than 8000 prompt tokens in october, out of all calls?", "prompt_band_n"),
    ],
)
def test_a_band_count_out_of_the_whole_states_the_whole(question: str, band: str) -> None:
    assert [m.value for m in compute_asked(question, AT, {}).measures] == [band, "requests"]


def test_a_band_count_alone_states_no_whole() -> None:
    asked = compute_asked("how many calls took longer than 2 seconds last week?", AT, {})
    assert [m.value for m in asked.measures] == ["latency_band_n"]


def test_the_band_and_its_whole_are_both_said(agent_env: AgentEnv) -> None:
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "How many support-bot calls over the last 7 days took longer than 1 second, out of how many in total?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    window = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW) & (ACME["workload"] == "support-bot")]
    slow = int((window["latency_ms"] > 1000).sum())
    assert f"{slow:,}" in result.text and f"{len(window):,}" in result.text


@pytest.mark.parametrize(
    "question",
    [
        "KPI tile: Calls today so far, next to calls yesterday up to the same time of day, and the delta %.",
        "spend today vs yesterday up to the same time",
        "how many errors today compared with yesterday until this time?",
        "calls so far today against the same point yesterday",
    ],
)
def test_yesterday_up_to_the_same_time_is_the_same_hours(question: str) -> None:
    asked = compute_asked(question, AT, {})
    assert asked.window == {"start": "2026-11-20T00:00:00+00:00", "end": "2026-11-20T12:00:00+00:00"}
    assert asked.compare_window == {"start": "2026-11-19T00:00:00+00:00", "end": "2026-11-19T12:00:00+00:00"}
    assert asked.dimensions == []


def test_by_time_of_day_stays_a_grouping() -> None:
    assert [d.value for d in compute_asked("spend by time of day last week", AT, {}).dimensions] == ["hour_of_day"]
