"""Phrasing families the sixth blind set found read wrong: each mechanism tested on phrasings other than the set's.

Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC).
"""

from __future__ import annotations

import pytest

from netra_core.agents.asked import Asked, compute_asked
from netra_core.agents.matching import compute_example_tokens, compute_name_matches, compute_tokens
from netra_core.agents.timerange import compute_time_range
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW


def asked(text: str) -> Asked:
    return compute_asked(text, NOW, KNOWN)


def named(text: str) -> set[str]:
    return {m.value for m in compute_name_matches(text, KNOWN)}


@pytest.mark.parametrize(
    "text",
    [
        "for the quarterly review, what did we spend last month?",
        "how many support tickets came in yesterday",
        "search costs over the past week",
        "our sales were fine, what about LLM spend?",
    ],
)
def test_a_common_word_that_is_only_part_of_a_name_is_not_the_name(text: str) -> None:
    assert not named(text) & {"code-review", "ticket-classifier", "search-rag", "sales-agent", "support-bot"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the ticket bot's error rate", "ticket-classifier"),
        ("spend of the review workload", "code-review"),
        ("code-review latency", "code-review"),
        ("how much does the classifier cost", "ticket-classifier"),
    ],
)
def test_a_whole_name_or_a_part_said_as_a_name_still_names_it(text: str, value: str) -> None:
    assert value in named(text)


@pytest.mark.parametrize(
    ("text", "month"), [("sept spend", 9), ("aug errors by model", 8), ("spend for jun pls", 6), ("dec bill", 12)]
)
def test_a_month_abbreviation_alone_is_that_month(text: str, month: int) -> None:
    found = compute_time_range(text, NOW)
    assert found is not None and found.start is not None and found.start.month == month


@pytest.mark.parametrize("text", ["may we see the spend", "errors that mar the week"])
def test_may_and_mar_alone_are_words_not_months(text: str) -> None:
    found = compute_time_range(text, NOW)
    assert found is None or found.start is None or found.start.month not in (3, 5)


@pytest.mark.parametrize(
    "text",
    [
        "mean latency this week, not counting the sales agent",
        "spend last week other than sales-agent",
        "error rate apart from the sales agent, past 3 days",
        "tokens over 7 days leaving the sales agent out",
        "requests except sales-agent yesterday",
    ],
)
def test_an_exclusion_is_a_not_in_filter_never_an_inclusion(text: str) -> None:
    a = asked(text)
    assert a.exclude == {Dimension.WORKLOAD: ["sales-agent"]}
    assert Dimension.WORKLOAD not in a.filters


@pytest.mark.parametrize(
    "text",
    [
        "which workloads cost the most in October (e.g. support bot, search rag)?",
        "spend by workload last week, such as the support bot and the summarizer",
        "top 3 features by spend - support bot, search rag, etc",
    ],
)
def test_examples_beside_a_ranking_are_no_filter(text: str) -> None:
    a = asked(text)
    assert Dimension.WORKLOAD in a.dimensions and not a.filters


def test_examples_in_parentheses_without_a_grouping_are_left_to_the_names() -> None:
    tokens = compute_tokens("spend for the bot (support-bot) last week")
    assert not compute_example_tokens("spend for the bot (support-bot) last week") & set(range(len(tokens)))


@pytest.mark.parametrize(
    "text",
    [
        "p95 latency for the last 6 hours, and how about the 6 hours before that?",
        "spend over the past 3 days and what was it in the 3 days before that",
        "requests over the last 48 hours vs the 48 hours before that",
    ],
)
def test_the_n_units_before_that_is_the_previous_period(text: str) -> None:
    assert asked(text).compare == Comparison.PREVIOUS_PERIOD


@pytest.mark.parametrize(
    ("text", "unit", "measure"),
    [
        ("what's our RPS over the last hour", RateUnit.SECOND, Measure.REQUESTS),
        ("average calls per minute yesterday", RateUnit.MINUTE, Measure.REQUESTS),
        ("mean requests per hour over the past 2 days", RateUnit.HOUR, Measure.REQUESTS),
        ("tokens per minute for the support bot today", RateUnit.MINUTE, Measure.TOTAL_TOKENS),
    ],
)
def test_a_rate_per_unit_of_time_is_the_window_total_over_its_length(
    text: str, unit: RateUnit, measure: Measure
) -> None:
    a = asked(text)
    assert a.rate_per == unit and a.measures[0] == measure and a.grain is None


def test_requests_per_hour_alone_is_an_hourly_series() -> None:
    a = asked("requests per hour over the last day")
    assert a.rate_per is None and a.grain == Grain.HOUR


@pytest.mark.parametrize(
    "text",
    [
        "what did duplicate prompts cost us last week",
        "spend on identical prompts in October",
        "how much would a response cache have saved since Monday",
        "cost of prompts we had already sent before, past 30 days",
    ],
)
def test_the_spend_on_repeated_prompts_is_its_own_measure(text: str) -> None:
    assert asked(text).repeats


@pytest.mark.parametrize(
    "text",
    [
        "spend by country last month",
        "which cities do our users come from",
        "error rate per user location",
        "how close are we to the anthropic rate limit",
        "what's our openai TPM limit set to",
        "remaining quota on groq",
    ],
)
def test_what_the_events_do_not_hold_is_declined(text: str) -> None:
    a = asked(text)
    assert a.declined and a.cannot


@pytest.mark.parametrize("text", ["rate-limit errors by provider last week", "spend by region last week"])
def test_rate_limit_errors_and_regions_are_held(text: str) -> None:
    assert not asked(text).declined


def test_a_monthly_grain_over_one_month_is_one_figure() -> None:
    a = asked("monthly spend for October")
    assert a.grain is None and a.window["start"].startswith("2026-10-01")
