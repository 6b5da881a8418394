"""Exclusions, second parts and what the events do not hold (issue #16, the sixteenth blind set's misses): a
workload's owner and what users did with an answer (clicks, click-through, conversions) are said as not held, never
answered with spend or errors in their place; an error kind left out ("calls that did not time out", "excluding rate
limits") is every call of another error type or none, not the calls of that kind; "all providers but openai" leaves
openai out; a name's busiest day is the top day of that name's series; a share of another measure ("and what share of
our calls does it serve") is asked beside the measure ranked; and a value against "all the other workloads combined"
is two queries, the value and the rest pooled. Each fix is a rule for a family of phrasings, checked here on phrasings
the set does not hold and on contrasts the rule must leave alone. Figures come from the test's own SQL over the number
store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.unheld import compute_unheld
from netra_core.analytics.semantic import Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import OCTOBER, ORG, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
NOVEMBER = OCTOBER + 31 * DAY

# --- what the events do not hold: a workload's owner, what users did with an answer ------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("who is the owner of the search-rag workload?", "who owns or maintains a workload"),
        ("Who maintains the support-bot?", "who owns or maintains a workload"),
        ("which person on the team is responsible for code-review? who owns it", "who owns or maintains a workload"),
        ("point of contact for search-rag", "who owns or maintains a workload"),
        ("CTR of search-rag last week", "what users did with the answers"),
        ("how many clicks did search-rag results get yesterday?", "what users did with the answers"),
        ("conversion rate of the support-bot this month", "what users did with the answers"),
        ("click-thru rate per workload in October", "what users did with the answers"),
    ],
)
def test_an_owner_or_a_click_is_not_held(text: str, said: str) -> None:
    texts = compute_unheld(text.lower(), KNOWN)
    assert any(t.startswith(said) for t in texts), texts


@pytest.mark.parametrize(
    "text",
    [
        "who spent the most on code-review last week?",  # contrast: a user, held
        "which user used the support-bot most?",  # contrast: a user, held
        "spend on our own workloads this month",  # contrast: "own" is no owner
        "convert October's spend to euros",  # contrast: no conversion of users
        "search-rag's error rate this month",  # contrast: held
    ],
)
def test_users_and_spend_are_still_held(text: str) -> None:
    assert compute_unheld(text.lower(), KNOWN) == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Who on our team owns the code-review workload?", "who owns or maintains a workload"),
        ("What was search-rag's click-through rate last week?", "what users did with the answers"),
    ],
)
def test_an_owner_or_a_click_through_is_declined_with_nothing_in_its_place(
    numbers_env: AgentEnv, text: str, said: str
) -> None:
    text_said = answer(numbers_env, text)
    assert f"I cannot answer {said}" in text_said and "I have not answered anything in its place" in text_said
    assert "$" not in text_said and "error rate" not in text_said.lower(), text_said


# --- an error kind left out: the calls of every other kind and none ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "kind", "dimensions"),
    [
        ("how many requests last week were not rate limited?", Measure.REQUESTS, "rate_limit", []),
        ("spend on calls that didn't time out in October", Measure.SPEND, "timeout", []),
        ("p95 latency excluding timeouts, last 7 days", Measure.LATENCY_P95, "timeout", []),
        ("number of non-timeout calls per model last week", Measure.REQUESTS, "timeout", [Dimension.MODEL]),
        ("calls without a timeout yesterday, per workload", Measure.REQUESTS, "timeout", [Dimension.WORKLOAD]),
        ("how many calls did we make this month, not counting 429s", Measure.REQUESTS, "rate_limit", []),
    ],
)
def test_an_error_kind_left_out_is_excluded(
    text: str, measure: Measure, kind: str, dimensions: list[Dimension]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == [measure], asked.measures
    assert asked.exclude.get(Dimension.ERROR_TYPE) == [kind]
    assert Dimension.ERROR_TYPE not in asked.filters and not asked.error_kinds
    assert asked.dimensions == dimensions


@pytest.mark.parametrize(
    "text",
    [
        "how many calls yesterday timed out?",  # contrast: the kind's own calls
        "how many timeouts did we have last week?",  # contrast: the kind's own calls
        "rate-limit errors per provider in October",  # contrast: the kind's own errors
    ],
)
def test_an_error_kind_asked_is_still_its_calls(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert Dimension.ERROR_TYPE not in asked.exclude
    assert asked.filters.get(Dimension.ERROR_TYPE) or asked.error_kinds


def test_calls_that_were_not_rate_limited_last_week(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        n = s.one("count()", NOW - 7 * DAY, NOW, "error_type != 'rate_limit'")
    said = answer(numbers_env, "how many of the last 7 days' requests were not rate limited?")
    assert_states(said, [Figure("not rate limited", n, Unit.NUMBER)])


def test_spend_on_calls_that_did_not_time_out_yesterday(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        spend = s.one("sum(cost_usd)", YESTERDAY, TODAY, "error_type != 'timeout'")
    said = answer(numbers_env, "what did the calls that didn't time out cost us yesterday?")
    assert_states(said, [Figure("spend not timed out", spend, Unit.MONEY)])


# --- "all X but Y": the name after "but" and a word for the whole is left out ------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "left_out"),
    [
        ("spend by workload for every workload but the support-bot last week", Dimension.WORKLOAD, ["support-bot"]),
        ("error rate of all models but gpt-4o and gpt-4o-mini this month", Dimension.MODEL, ["gpt-4o", "gpt-4o-mini"]),
        ("requests for everything but search-rag yesterday", Dimension.WORKLOAD, ["search-rag"]),
        ("p95 latency of each provider but anthropic over the last 14 days", Dimension.PROVIDER, ["anthropic"]),
    ],
)
def test_all_but_a_name_leaves_it_out(text: str, dimension: Dimension, left_out: list[str]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.exclude.get(dimension) == left_out and dimension not in asked.filters


@pytest.mark.parametrize(
    ("text", "dimension", "kept"),
    [
        ("spend on gpt-4o last week, but only for search-rag", Dimension.WORKLOAD, ["search-rag"]),  # contrast
        ("openai's spend is up, but what did anthropic cost in October?", Dimension.PROVIDER, ["openai", "anthropic"]),
    ],
)
def test_but_alone_filters(text: str, dimension: Dimension, kept: list[str]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.filters.get(dimension) == kept and not asked.exclude


def test_yesterdays_requests_for_everything_but_search_rag(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        n = Sql(client, ORG).one("count()", YESTERDAY, TODAY, "workload != 'search-rag'")
    said = answer(numbers_env, "how many requests did everything but search-rag make yesterday?")
    assert_states(said, [Figure("not search-rag", n, Unit.NUMBER)])


# --- a name's busiest day: the one bucket of that name's series -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("busiest day this month for search-rag", Measure.REQUESTS),
        ("the support-bot's busiest day last week", Measure.REQUESTS),
        ("gpt-4o's most expensive day in October", Measure.SPEND),
        ("what was anthropic's busiest hour yesterday?", Measure.REQUESTS),
    ],
)
def test_a_names_busiest_day_is_its_top_bucket(text: str, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.top_n, asked.measures[0]) == (1, measure) and asked.grain is not None and asked.filters


@pytest.mark.parametrize(
    "text",
    [
        "what was search-rag's spend this month?",  # contrast: no bucket
        "busiest hour of the day for search-rag",  # contrast: the hours of a day ranked
    ],
)
def test_a_names_total_is_no_bucket(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.grain is None


def test_gpt_4o_most_expensive_day_in_october(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        days = Sql(client, ORG).by("toDate(ts)", "sum(cost_usd)", OCTOBER, NOVEMBER, "model = 'gpt-4o'")
    said = answer(numbers_env, "gpt-4o's most expensive day in October, and what it cost")
    day = max(days, key=lambda d: days[d])
    assert day in said, said
    assert_states(said, [Figure("most expensive day", days[day], Unit.MONEY)])


# --- a share of another measure asked beside the one ranked -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        (
            "which workload spent the most last week and what share of requests did it make?",
            [Measure.SPEND, Measure.REQUESTS],
        ),
        ("which model costs us most this month, and its share of tokens", [Measure.SPEND, Measure.TOTAL_TOKENS]),
        (
            "the provider with the biggest bill in October, and what share of our traffic it carried",
            [Measure.SPEND, Measure.REQUESTS],
        ),
    ],
)
def test_a_share_of_another_measure_is_asked_beside(text: str, measures: list[Measure]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures and asked.share


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("which provider do we spend most on and what share of spend is that", [Measure.SPEND]),  # contrast: one
        ("what percentage of calls were gpt-4o in October?", [Measure.REQUESTS]),  # contrast: the share's own
    ],
)
def test_a_share_of_the_measure_asked_adds_nothing(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_the_workload_that_spent_most_last_week_and_its_share_of_calls(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        spend = s.by("workload", "sum(cost_usd)", NOW - 7 * DAY, NOW)
        calls = s.by("workload", "count()", NOW - 7 * DAY, NOW)
    top = max(spend, key=lambda w: spend[w])
    said = answer(
        numbers_env, "which workload spent the most over the last 7 days, and what share of our calls did it make?"
    )
    assert top in said, said
    share = 100 * calls[top] / sum(calls.values())
    assert_states(
        said, [Figure("top spend", spend[top], Unit.MONEY), Figure("its share of calls", share, Unit.PERCENT)]
    )


# --- a value named against the rest of its dimension taken together ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "gpt-4o's p95 latency last week vs the rest combined",
        "support-bot spend this month vs all other workloads together",
        "how does anthropic's error rate in October compare with every other provider combined?",
        "search-rag's mean quality against everything else put together, last 7 days",
    ],
)
def test_a_value_against_the_rest_combined(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.vs_rest and len(asked.filters) == 1 and not asked.dimensions


@pytest.mark.parametrize(
    "text",
    [
        "spend for search-rag vs code-review this month",  # contrast: two values side by side
        "search-rag vs all the other workloads this month",  # contrast: nothing pooled ("combined" unsaid)
        "total spend this month, all workloads combined",  # contrast: no value named
    ],
)
def test_no_rest_pooled_without_one_name_and_combined(text: str) -> None:
    assert not compute_asked(text, NOW, KNOWN).vs_rest


def test_anthropic_error_rate_against_every_other_provider_combined(numbers_env: AgentEnv) -> None:
    nov = NOVEMBER
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        ours = 100 * s.one("countIf(status != 'ok') / count()", OCTOBER, nov, "provider = 'anthropic'")
        rest = 100 * s.one("countIf(status != 'ok') / count()", OCTOBER, nov, "provider != 'anthropic'")
    said = answer(numbers_env, "how does anthropic's error rate in October compare with every other provider combined?")
    assert_states(said, [Figure("anthropic", ours, Unit.PERCENT), Figure("the rest", rest, Unit.PERCENT)])
