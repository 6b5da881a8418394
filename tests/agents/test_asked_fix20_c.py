"""Phrasings beside the twentieth set's bands on one call's output tokens (issue #16): a share of a possessed total that
went to calls under or over a size of response ("what share of claude-3-5-sonnet's October spend went on calls that
produced under 200 completion tokens", "... on responses shorter than 200 tokens", "what share of the calls had fewer
than 150 output tokens"), the part of a total asked as "how much of November's bill went to requests with a TTFT above
2 seconds" (the band's part and its share, the TTFT bound read), a number that is an amount not read as an HTTP status
("over 500 completion tokens" is no 500 error), responses counted as the calls they are ("number of responses with more
than 400 output tokens"), and a band's calls counted and priced ("how many gpt-4o calls had fewer than 500 prompt
tokens, and what did those calls cost us"). Each fix is a rule for a family, so each is checked on phrasings the set
does not hold, and on contrasts the rule must leave alone. Figures come from the test's own SQL over the number store.
Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.error_kinds import compute_error_kinds
from netra_core.analytics.semantic import Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ORG, SPEND, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
OCT = (NOW.replace(month=10, day=1, hour=0), NOW.replace(month=11, day=1, hour=0))
NOV = (NOW.replace(day=1, hour=0), NOW)
NO_BAND = ("prompt_band", "latency_band", "ttft_band", "cost_band", "quality_band")
KNOWN_USAGE = "usage_known = 1"


def _bounds(text: str) -> list[tuple[str, str, float]]:
    return [(b.figure.value, b.bound.value, b.value) for b in compute_asked(text, NOW, KNOWN).calls_within]


# --- a share of a possessed total that went to calls of a size of response ----------------------------------------


@pytest.mark.parametrize(
    ("text", "bound", "whole", "model"),
    [
        (
            "What share of gpt-4o-mini's October spend went on calls that produced under 300 completion tokens?",
            ("completion_tokens", "<", 300),
            Measure.SPEND,
            "gpt-4o-mini",
        ),
        (
            "what percentage of claude-3-5-haiku's spend in October went to calls with fewer than 250 output tokens",
            ("completion_tokens", "<", 250),
            Measure.SPEND,
            "claude-3-5-haiku",
        ),
        (
            "What percentage of last week's spend was on responses shorter than 150 tokens?",
            ("completion_tokens", "<", 150),
            Measure.SPEND,
            None,
        ),
        (
            "For gpt-4o in October, what share of spend went on short responses (under 100 tokens)?",
            ("completion_tokens", "<", 100),
            Measure.SPEND,
            "gpt-4o",
        ),
        (
            "what portion of the October gpt-4o spend was on calls that generated less than 150 tokens",
            ("completion_tokens", "<", 150),
            Measure.SPEND,
            "gpt-4o",
        ),
        (
            "of our spend last week, what percentage went to calls with 400+ output tokens",
            ("completion_tokens", ">=", 400),
            Measure.SPEND,
            None,
        ),
        (
            "what part of our bill came from replies under 50 tokens in October",
            ("completion_tokens", "<", 50),
            Measure.SPEND,
            None,
        ),
        (
            "what fraction of last week's tokens came from calls with under 100 completion tokens",
            ("completion_tokens", "<", 100),
            Measure.TOTAL_TOKENS,
            None,
        ),
        (
            "what share of October's output tokens came from calls that produced more than 500 output tokens",
            ("completion_tokens", ">", 500),
            Measure.OUTPUT_TOKENS,
            None,
        ),
        (
            "what share of input tokens came from calls whose output was over 400 tokens in October",
            ("completion_tokens", ">", 400),
            Measure.INPUT_TOKENS,
            None,
        ),
    ],
)
def test_a_share_of_a_total_that_went_to_a_size_of_response_is_that_part(
    text: str, bound: tuple[str, str, float], whole: Measure, model: str | None
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert asked.share_of_whole and not asked.share
    assert whole in asked.measures and Measure.ERRORS not in asked.measures
    assert asked.filters.get(Dimension.MODEL) == ([model] if model else None)
    assert all(getattr(asked, f) is None for f in NO_BAND)


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("what share of October's calls produced fewer than 200 completion tokens", ("completion_tokens", "<", 200)),
        ("what share of calls had responses shorter than 150 tokens in October", ("completion_tokens", "<", 150)),
        ("what proportion of sonnet's october calls had under 200 completion tokens", ("completion_tokens", "<", 200)),
        ("what percent of requests last week returned more than 450 tokens", ("completion_tokens", ">", 450)),
    ],
)
def test_a_share_of_the_calls_by_their_size_of_response_is_their_part_of_all_calls(
    text: str, bound: tuple[str, str, float]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert asked.share_of_whole and asked.measures == [Measure.REQUESTS]


@pytest.mark.parametrize(
    "text",
    [
        "what share of our spend went to calls with fewer than 300 prompt tokens",  # contrast: the prompt's size
        "what share of October's spend went on calls that took under 2 seconds",  # contrast: the latency
    ],
)
def test_a_share_of_a_total_by_another_figure_is_not_the_responses(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.share_of_whole
    assert [b[0] for b in _bounds(text)] != ["completion_tokens"]


@pytest.mark.parametrize(
    "text",
    [
        "how many output tokens did calls produce in October",  # contrast: a total, no bound
        "what share of October's spend went to gpt-4o",  # contrast: a named value's share
        "average output tokens per response last week",  # contrast: a mean of responses
    ],
)
def test_no_size_of_response_is_read_where_none_is_said(text: str) -> None:
    assert not _bounds(text)


def test_the_share_of_a_models_spend_on_short_responses_is_stated(numbers_env: AgentEnv) -> None:
    where = "model = {m:String}"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        short = s.one(SPEND, *OCT, f"{where} AND {KNOWN_USAGE} AND completion_tokens < 300", m="gpt-4o-mini")
        whole = s.one(SPEND, *OCT, where, m="gpt-4o-mini")
        everyone = s.one(SPEND, *OCT)
    assert 0 < short < whole < everyone
    said = answer(
        numbers_env,
        "What share of gpt-4o-mini's October spend went on calls that produced under 300 completion tokens?",
    )
    assert_states(said, [Figure("share", 100 * short / whole, Unit.PERCENT, abs=0.05)])


def test_the_share_of_last_weeks_spend_on_responses_shorter_than_a_size_is_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        short, whole = s.one(SPEND, start, NOW, f"{KNOWN_USAGE} AND completion_tokens < 150"), s.one(SPEND, start, NOW)
    assert 0 < short < whole
    said = answer(numbers_env, "What percentage of last week's spend was on responses shorter than 150 tokens?")
    assert_states(said, [Figure("share", 100 * short / whole, Unit.PERCENT, abs=0.05)])


def test_the_share_of_the_calls_with_short_responses_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        short, calls = s.one("count()", *OCT, f"{KNOWN_USAGE} AND completion_tokens < 150"), s.one("count()", *OCT)
    said = answer(numbers_env, "what share of calls had responses shorter than 150 tokens in October?")
    assert_states(said, [Figure("share", 100 * short / calls, Unit.PERCENT, abs=0.05)])


# --- "how much of a total went to" a band: its part and its share ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("how much of November's bill went to requests with a ttft above 2 seconds", ("ttft_ms", ">", 2000)),
        (
            "how much of our spend this month went on calls whose time to first token was over 1.5 seconds",
            ("ttft_ms", ">", 1500),
        ),
        (
            "how much of gpt-4o's October spend went to calls with fewer than 300 output tokens?",
            ("completion_tokens", "<", 300),
        ),
        ("how much of the October spend went to calls slower than 4 seconds", ("latency_ms", ">", 4000)),
        ("how much of our bill last week went to calls with over 4000 input tokens", ("prompt_tokens", ">", 4000)),
    ],
)
def test_how_much_of_a_possessed_total_went_to_a_band_is_its_part(text: str, bound: tuple[str, str, float]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert asked.share_of_whole and Measure.SPEND in asked.measures
    assert not {Measure.TTFT_P50, Measure.TTFT_P95, Measure.ERRORS} & set(asked.measures)


@pytest.mark.parametrize(
    ("text", "bound", "measures"),
    [
        ("what did calls with a TTFT under 300 ms cost last week", ("ttft_ms", "<", 300), ["spend", "requests"]),
        (
            "what was the error rate of requests whose ttft was over 1 second last week",
            ("ttft_ms", ">", 1000),
            ["error_rate", "requests"],
        ),
        (
            "what's the median ttft of calls slower than 5 s in october",  # the TTFT asked, the latency bounds
            ("latency_ms", ">", 5000),
            ["ttft_p50", "requests"],
        ),
    ],
)
def test_a_bound_on_the_time_to_first_token_keeps_the_calls(
    text: str, bound: tuple[str, str, float], measures: list[str]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert [m.value for m in asked.measures] == measures and not asked.share_of_whole


def test_how_much_of_novembers_bill_went_to_slow_first_tokens_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        slow, whole = s.one(SPEND, *NOV, "ttft_ms > 1000"), s.one(SPEND, *NOV)
    assert 0 < slow < whole
    said = answer(numbers_env, "How much of November's bill went to requests with a TTFT above 1 second?")
    assert_states(
        said,
        [Figure("part", slow, Unit.MONEY, rel=0.005), Figure("share", 100 * slow / whole, Unit.PERCENT, abs=0.05)],
    )


# --- a number that is an amount is no HTTP status ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how many calls had over 500 completion tokens last week",
        "average latency of calls with under 500 prompt tokens in october",
        "how many calls took over 500 ms last week",
        "how many calls had a ttft above 504 milliseconds",
        "which workloads made more than 500 calls last week",
        "how many calls had 500 or more completion tokens in october",
        "what did the calls over $500 cost",
        "how many 500-token prompts did we send",
        "requests with at least 504 output tokens last week",
    ],
)
def test_a_number_that_is_an_amount_names_no_error_kind(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert compute_error_kinds(text.lower()) == []
    assert not asked.error_kinds and Dimension.ERROR_TYPE not in asked.filters
    assert Measure.ERRORS not in asked.measures


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("how many 500 errors did we get last week", "server_error"),  # contrast: a status named
        ("how many 500s did openai return yesterday", "server_error"),
        ("how many 502s per provider last week", "server_error"),
        ("how many 504 errors in october", "timeout"),
        ("did we see more than 10 503s yesterday", "server_error"),  # (the bound is on the count, not the code)
    ],
)
def test_a_status_named_is_still_an_error_kind(text: str, kind: str) -> None:
    assert compute_error_kinds(text.lower()) == [kind]


def test_the_calls_over_an_output_size_are_counted_not_their_errors(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        n = Sql(client, ORG).one("count()", start, NOW, f"{KNOWN_USAGE} AND completion_tokens > 500")
    said = answer(numbers_env, "How many calls had over 500 completion tokens in the last 7 days?")
    assert_states(said, [Figure("calls", n, Unit.NUMBER)])
    assert "error" not in said.lower().split("sql")[0]


# --- responses counted as the calls they are ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("number of responses with more than 400 output tokens in October", ("completion_tokens", ">", 400)),
        ("count of responses with at least 450 completion tokens last week", ("completion_tokens", ">=", 450)),
        ("how many calls had more than 500 tokens in the response last week", ("completion_tokens", ">", 500)),
        ("how many of October's calls produced under 200 completion tokens", ("completion_tokens", "<", 200)),
    ],
)
def test_responses_over_an_output_size_are_calls_counted(text: str, bound: tuple[str, str, float]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert asked.measures == [Measure.REQUESTS] and not asked.share_of_whole


def test_responses_slower_than_a_time_are_a_band_of_calls() -> None:
    asked = compute_asked("how many responses took longer than 3 seconds last week", NOW, KNOWN)
    assert asked.latency_band is not None and asked.latency_band.value == 3000
    assert asked.measures == [Measure.LATENCY_BAND_N]


def test_the_number_of_long_responses_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        n = Sql(client, ORG).one("count()", *OCT, f"{KNOWN_USAGE} AND completion_tokens > 400")
        tokens = Sql(client, ORG).one("sum(completion_tokens)", *OCT, f"{KNOWN_USAGE} AND completion_tokens > 400")
    assert n > 0
    said = answer(numbers_env, "Number of responses with more than 400 output tokens in October?")
    assert_states(said, [Figure("responses", n, Unit.NUMBER)])
    assert f"{tokens:,.0f}" not in said  # (their output tokens are not what was asked)


# --- a band's calls counted, and what those calls cost -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        (
            "Routing candidates: over the last 30 days, how many gpt-4o-mini calls had fewer than 800 prompt tokens, "
            "and what did those calls cost us in total?",
            ("prompt_tokens", "<", 800),
        ),
        (
            "how many claude-3-5-haiku calls in October had under 600 input tokens, and how much did they cost?",
            ("prompt_tokens", "<", 600),
        ),
        (
            "how many gpt-4o calls last week produced fewer than 200 completion tokens, and what did those calls cost?",
            ("completion_tokens", "<", 200),
        ),
    ],
)
def test_a_band_counted_and_priced_is_of_those_calls(text: str, bound: tuple[str, str, float]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert asked.measures == [Measure.REQUESTS, Measure.SPEND]
    assert not asked.error_kinds and not asked.share_of_whole


def test_the_small_prompts_of_a_model_are_counted_and_priced(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    small = "model = {m:String} AND usage_known = 1 AND prompt_tokens < 800"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        n, spend = (
            s.one("count()", start, NOW, small, m="gpt-4o-mini"),
            s.one(SPEND, start, NOW, small, m="gpt-4o-mini"),
        )
        whole = s.one(SPEND, start, NOW, "model = {m:String}", m="gpt-4o-mini")
    assert 0 < spend < whole
    said = answer(
        numbers_env,
        "Routing candidates: over the last 30 days, how many gpt-4o-mini calls had fewer than 800 prompt tokens, and "
        "what did those calls cost us in total?",
    )
    assert_states(said, [Figure("calls", n, Unit.NUMBER), Figure("their cost", spend, Unit.MONEY, rel=0.005)])
