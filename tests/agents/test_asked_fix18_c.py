"""Phrasings beside the eighteenth blind set's misses on per-call cost and per-user figures (issue #16): several bands
of one call's figure in one ask ("what share of calls cost us under a cent, what share between 1 and 5 cents, and what
share over 5 cents", and set 17's "how many calls finished under 1s, how many between 1s and 4s, and how many took
over 4s"), a second percentile of cost per call ("the median cost per call and the 90th-percentile cost per call"),
the average user's cost beside the heaviest one's, a markup the user gives ("at cost plus 35%"), some calls billed at
another named value's own cost per call ("every gpt-4o call billed at gpt-4o-mini's average cost per call"), and the
top N users by what they received ("the 5 users who received the most completion tokens"). Each fix is a rule for a
family, so each is checked on phrasings the set does not hold, and on contrasts the rule must leave alone. Figures
come from the test's own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00
UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Bound, Dimension, GivenKind, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, REQUESTS, SPEND, Sql, q
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
MODEL = "model = {m:String}"
WORKLOAD = "workload = {w:String}"
PER_REQUEST = "sum(cost_usd) / count()"


def _bands(text: str) -> tuple[str, list[tuple[str, float, tuple[str, float] | None]]]:
    """The one-call band field a question sets, and its bands in the order said (bound, value, second bound)."""
    asked = compute_asked(text, NOW, KNOWN)
    field = next(f for f in ("latency_band", "ttft_band", "cost_band") if getattr(asked, f) is not None)
    first = getattr(asked, field)
    upper = asked.band_upper
    out = [(first.bound.value, first.value, (upper.bound.value, upper.value) if upper else None)]
    for band in asked.more_bands:
        second = (band.upper.bound.value, band.upper.value) if band.upper else None
        out.append((band.cut.bound.value, band.cut.value, second))
    return field, out


# --- several bands of one call's figure in one ask, each answered ------------------------------------------------

CENT_BANDS = [("<", 0.01, None), (">=", 0.01, ("<=", 0.05)), (">", 0.05, None)]


@pytest.mark.parametrize(
    ("text", "field", "bands", "measure"),
    [
        (
            "october: what share of calls cost us under a cent, what share between 1 and 5 cents, and what share "
            "over 5 cents?",
            "cost_band",
            CENT_BANDS,
            Measure.COST_BAND_SHARE,
        ),
        (
            "how many calls cost less than $0.01, $0.01 to $0.05, and more than $0.05 last week",
            "cost_band",
            CENT_BANDS,
            Measure.COST_BAND_N,
        ),
        (
            "percent of requests priced below 1 cent vs 1-5 cents vs above 5 cents this month",
            "cost_band",
            CENT_BANDS,
            Measure.COST_BAND_SHARE,
        ),
        (
            "code-review since monday: how many calls finished under 1s, how many between 1s and 4s, and how many "
            "took over 4s?",
            "latency_band",
            [("<", 1000.0, None), (">=", 1000.0, ("<=", 4000.0)), (">", 4000.0, None)],
            Measure.LATENCY_BAND_N,
        ),
        (
            "what fraction of requests took 0.5s-2s, and what fraction took longer than 2 seconds?",
            "latency_band",
            [(">=", 500.0, ("<=", 2000.0)), (">", 2000.0, None)],
            Measure.LATENCY_BAND_SHARE,
        ),
        (
            "% of requests with a TTFT below 200ms vs 200-500ms vs above 500ms, last 7 days",
            "ttft_band",
            [("<", 200.0, None), (">=", 200.0, ("<=", 500.0)), (">", 500.0, None)],
            Measure.TTFT_BAND_SHARE,
        ),
        (  # one range alone is a band too
            "how many calls took between 1 and 2 seconds last week",
            "latency_band",
            [(">=", 1000.0, ("<=", 2000.0))],
            Measure.LATENCY_BAND_N,
        ),
        (
            "what percentage of calls cost between 2 and 4 cents in october",
            "cost_band",
            [(">=", 0.02, ("<=", 0.04))],
            Measure.COST_BAND_SHARE,
        ),
    ],
)
def test_every_band_of_one_calls_figure_is_asked(
    text: str, field: str, bands: list[tuple[str, float, tuple[str, float] | None]], measure: Measure
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bands(text) == (field, bands)
    assert asked.measures == [measure]  # no spend, no latency percentile beside the bands
    assert asked.having is None and not asked.cannot


@pytest.mark.parametrize(
    ("text", "bound", "value"),
    [
        ("what share of calls took longer than 3 seconds last week", Bound.ABOVE, 3000.0),  # one bound: as before
        ("how many requests cost more than $0.10 each in october", Bound.ABOVE, 0.10),
    ],
)
def test_one_bound_alone_is_read_as_before(text: str, bound: Bound, value: float) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    band = asked.latency_band or asked.cost_band
    assert band is not None and (band.bound, band.value) == (bound, value)
    assert asked.band_upper is None and not asked.more_bands


@pytest.mark.parametrize(
    "text",
    [
        "p95 under 2s and p99 under 4s for sonnet?",  # levels of percentiles, not bands of calls
        "which workloads spent over $50 and which under $5 in october",  # groups' spend, not one call's cost
        "between 9:00 and 17:00 yesterday, what was the p95 latency",  # hours of the day, not a band
    ],
)
def test_levels_groups_and_hours_are_no_bands_of_calls(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.more_bands and asked.band_upper is None


def test_each_cost_band_is_answered_with_its_share(numbers_env: AgentEnv) -> None:
    bands = {
        "under a cent": "cost_usd < 0.01",
        "1 to 5 cents": "cost_usd >= 0.01 AND cost_usd <= 0.05",
        "over 5 cents": "cost_usd > 0.05",
    }
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        shares = {k: s.one(f"100 * countIf({c}) / count()", MONTH, NOW) for k, c in bands.items()}
    said = answer(
        numbers_env,
        "this month so far, what % of requests cost below 1 cent, what % 1-5 cents and what % above 5 cents",
    )
    assert_states(said, [Figure(k, v, Unit.PERCENT, abs=0.05) for k, v in shares.items()])


def test_each_latency_band_is_answered_with_its_count(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    bands = {"under 2s": "latency_ms < 2000", "2-5s": "latency_ms >= 2000 AND latency_ms <= 5000"}
    bands["over 5s"] = "latency_ms > 5000"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        counts = {k: s.one(REQUESTS, start, NOW, f"{WORKLOAD} AND {c}", w="sales-agent") for k, c in bands.items()}
    said = answer(
        numbers_env,
        "sales-agent, last 7 days: how many calls came back in under 2 seconds, how many in 2 to 5 seconds, and how "
        "many took more than 5 seconds?",
    )
    assert_states(said, [Figure(k, v, Unit.NUMBER) for k, v in counts.items()])


# --- a second percentile of cost per call stays cost --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("the median cost per call and the 90th-percentile cost per call", ["cost_p50", "cost_p90"]),
        ("what's the 90th-percentile cost per call and the median cost per call", ["cost_p90", "cost_p50"]),
        ("p50 request cost, and the p99 request cost, for code-review", ["cost_p50", "cost_p99"]),
        ("median cost per request and its p95", ["cost_p50", "cost_p95"]),
        ("p50 cost per call and the p90, this month", ["cost_p50", "cost_p90"]),
        ("what's the median and p90 per-call cost for search-rag", ["cost_p50", "cost_p90"]),
    ],
)
def test_each_percentile_of_cost_per_call_is_of_cost(text: str, measures: list[str]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert [m.value for m in asked.measures] == measures


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("median cost per call and p90 latency for sonnet", ["cost_p50", "latency_p90"]),  # another quantity named
        ("p99 cost per call, and p95 latency", ["cost_p99", "latency_p95"]),
    ],
)
def test_a_percentile_of_another_quantity_stays_its_own(text: str, measures: list[str]) -> None:
    assert [m.value for m in compute_asked(text, NOW, KNOWN).measures] == measures


def test_two_cost_percentiles_are_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        p50 = s.one(q(0.5, "cost_usd"), start, NOW, WORKLOAD, w="code-review")
        p95 = s.one(q(0.95, "cost_usd"), start, NOW, WORKLOAD, w="code-review")
    said = answer(numbers_env, "code-review over the last 30 days: median cost per request, and the 95th percentile?")
    assert_states(said, [Figure("p50", p50, Unit.MONEY, rel=0.01), Figure("p95", p95, Unit.MONEY, rel=0.01)])


# --- what the average user (session, workload) cost ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how much did our heaviest user cost us in october, and what did the average user cost us that month?",
        "what did the biggest user spend last month vs the average user",
        "average user spend vs our top user, october",
        "top user's october bill, and the mean user's",
    ],
)
def test_the_average_user_beside_the_heaviest_is_the_mean_over_users(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.dimensions == [Dimension.USER] and asked.measures[0] == Measure.SPEND
    assert asked.mean_per_group and asked.extremes and asked.top_n is None


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("how much did the average user cost us in october", Measure.COST_PER_USER),
        ("average customer cost in october?", Measure.COST_PER_USER),
        ("what's the spend of an average session this month", Measure.COST_PER_SESSION),
        ("what does the average conversation cost us", Measure.COST_PER_SESSION),
    ],
)
def test_the_average_user_alone_is_the_cost_per_user(text: str, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == [measure] and not asked.dimensions


@pytest.mark.parametrize(
    ("text", "measures", "dimensions"),
    [
        ("how many calls does the average user make", [Measure.REQUESTS], [Dimension.USER]),  # a count, per user
        ("what's the p95 latency for the average user", [Measure.LATENCY_P95], []),  # no total to divide
        ("what's the average cost per user", [Measure.COST_PER_USER], []),  # the unit cost, as before
        ("what's our average model cost per call", [Measure.COST_PER_REQUEST], []),  # a unit cost: nothing to divide
    ],
)
def test_the_average_member_divides_only_a_total(
    text: str, measures: list[Measure], dimensions: list[Dimension]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures and asked.dimensions == dimensions


def test_the_heaviest_and_the_average_user_are_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        per_user = s.by("user_id", SPEND, OCTOBER, MONTH)
        average = s.one("sum(cost_usd) / uniqExact(user_id)", OCTOBER, MONTH)
    said = answer(numbers_env, "what did our biggest user cost in october, and what did the average user cost?")
    assert_states(
        said,
        [
            Figure("heaviest", max(per_user.values()), Unit.MONEY, abs=0.005),
            Figure("avg", average, Unit.MONEY, abs=0.005),
        ],
    )


# --- a markup the user gives, applied to the cost figures ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("what does a support-bot call cost us on average over the last 30 days, and the price at cost plus 35%?", 35),
        ("cost per call for sales-agent in october with a 20% markup", 20),
        ("if we mark up our cost by 40 percent, what's the price per request for code-review this month", 40),
        ("spend by workload in october, and the price with 35% on top", 35),
        ("what would we charge per call at cost + 25%, last month", 25),
        ("doc-summarizer's cost per request in october, marked up 15 %", 15),
    ],
)
def test_a_markup_is_a_number_given(text: str, value: float) -> None:
    given = compute_asked(text, NOW, KNOWN).given
    assert given is not None and given.kind == GivenKind.MARKUP and given.value == value


@pytest.mark.parametrize(
    "text",
    [
        "cost per call went up 35% - why?",  # a change, not a markup
        "what's the error rate when 35% of calls fail",
        "which workloads' spend rose more than 20% month over month",
    ],
)
def test_a_percent_that_is_no_markup_is_not_given(text: str) -> None:
    given = compute_asked(text, NOW, KNOWN).given
    assert given is None or given.kind != GivenKind.MARKUP


def test_the_price_at_a_markup_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_call = Sql(client, ORG).one(PER_REQUEST, OCTOBER, MONTH, WORKLOAD, w="sales-agent")
    said = answer(numbers_env, "sales-agent's average cost per call in october, and the price at a 20% markup?")
    assert_states(
        said,
        [Figure("cost", per_call, Unit.MONEY, rel=0.005), Figure("price", 1.2 * per_call, Unit.MONEY, rel=0.005)],
    )


# --- some calls billed at another named value's own cost per call --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rated", "dimension"),
    [
        (
            "what if every gpt-4o call in october had been billed at gpt-4o-mini's average cost per call?",
            "gpt-4o-mini",
            Dimension.MODEL,
        ),
        (
            "what would our sonnet calls last month have cost at haiku's cost per call",
            "claude-3-5-haiku",
            Dimension.MODEL,
        ),
        (
            "if the gpt-4o requests this month were priced at the same cost per call as gpt-4o-mini, what would they "
            "cost",
            "gpt-4o-mini",
            Dimension.MODEL,
        ),
        (
            "support-bot's calls billed at ticket-classifier's average cost per request in october, vs actual",
            "ticket-classifier",
            Dimension.WORKLOAD,
        ),
        (
            "had the sonnet calls cost what a haiku call costs, what would october have cost?",
            "claude-3-5-haiku",
            Dimension.MODEL,
        ),
    ],
)
def test_calls_billed_at_another_values_cost_per_call(text: str, rated: str, dimension: Dimension) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.at_rate_of == rated and asked.dimensions == [dimension]
    assert {Measure.SPEND, Measure.REQUESTS, Measure.COST_PER_REQUEST} <= set(asked.measures)


def test_a_rate_with_no_other_value_to_price_is_said_as_not_done() -> None:
    asked = compute_asked("what would sales-agent calls cost at gpt-4o-mini's per-call cost", NOW, KNOWN)
    assert asked.at_rate_of is None and any("gpt-4o-mini's own cost per call" in c for c in asked.cannot)


def test_the_bill_at_another_models_cost_per_call_is_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        calls = s.one(REQUESTS, start, NOW, MODEL, m="claude-3-5-sonnet")
        rate = s.one(PER_REQUEST, start, NOW, MODEL, m="claude-3-5-haiku")
        actual = s.one(SPEND, start, NOW, MODEL, m="claude-3-5-sonnet")
    said = answer(
        numbers_env,
        "over the last 30 days, what would the sonnet calls have cost if billed at haiku's average cost per call, "
        "and what did they cost?",
    )
    assert_states(
        said,
        [Figure("at haiku's", calls * rate, Unit.MONEY, rel=0.005), Figure("actual", actual, Unit.MONEY, abs=0.005)],
    )


# --- the top N of a grouping by what its members received ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n", "measure"),
    [
        ("list the 5 users who received the most completion tokens in october", 5, Measure.OUTPUT_TOKENS),
        ("who were the ten users that consumed the most input tokens in october", 10, Measure.INPUT_TOKENS),
        ("name the four users which generated the most output tokens last week", 4, Measure.OUTPUT_TOKENS),
        ("the 3 users who got the most output tokens this month", 3, Measure.OUTPUT_TOKENS),
        ("which 5 users used the most output tokens in october", 5, Measure.OUTPUT_TOKENS),
        ("the five heaviest users by completion tokens this month", 5, Measure.OUTPUT_TOKENS),
    ],
)
def test_the_top_users_by_what_they_received(text: str, n: int, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.dimensions == [Dimension.USER] and asked.top_n == n and asked.measures == [measure]


def test_who_received_the_most_is_one_row_per_user() -> None:
    asked = compute_asked("who received the most completion tokens in october", NOW, KNOWN)
    assert asked.dimensions == [Dimension.USER] and asked.measures == [Measure.OUTPUT_TOKENS]


@pytest.mark.parametrize(
    "text", ["what's the per-call cost of sonnet", "per request spend by workload in october", "our per-call price?"]
)
def test_a_per_call_cost_said_unit_first_is_the_cost_per_request(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == [Measure.COST_PER_REQUEST]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("completion tokens in october", [Measure.OUTPUT_TOKENS]),  # "tokens in october": a window, no input side
        ("tokens in vs tokens out last week", [Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS]),  # the input side
        ("tokens in and tokens out by model", [Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS]),
    ],
)
def test_tokens_in_is_the_input_side_only_when_nothing_follows(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_the_top_users_by_output_tokens_are_listed(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        per_user = Sql(client, ORG).by("user_id", "sum(completion_tokens)", start, NOW)
    top = sorted(per_user.items(), key=lambda kv: -kv[1])[:3]
    said = answer(numbers_env, "the three users that received the most output tokens over the last 30 days?")
    assert_states(said, [Figure(name, value, Unit.NUMBER) for name, value in top])
