"""Phrasings beside the thirteenth blind set's misses on numbers the user gives, unit costs in our traffic, subjects
the events do not hold, a non-native "how much is costing one call", "the median spend per user" and "since the month
begin": each fix is a rule for a family of phrasings, so each is checked here on phrasings the set does not hold, and
on contrasts the rule must leave alone. Figures come from the test's own SQL over the number store. Times are
relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.timerange import compute_time_range
from netra_core.agents.unheld import compute_unheld
from netra_core.analytics.semantic import Dimension, GivenKind, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, TODAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
WEEK_START = TODAY - 4 * DAY  # Monday 16 November


# --- "since the month begin": the period to date, in a non-native word order --------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("the calls of gemini which were failing since the month begin, how many they are?", MONTH),
        ("how much we spent since the begin of the month?", MONTH),  # sibling
        ("errors since the week beginning", WEEK_START),  # sibling: another period
        ("calls since the month's begin", MONTH),  # sibling
        ("spend since the start of the month", MONTH),  # contrast: already read, unchanged
    ],
)
def test_since_the_month_begin_is_the_month_to_date(text: str, start: datetime) -> None:
    found = compute_time_range(text, NOW)
    assert found is not None and (found.start, found.end) == (start, NOW)


def test_since_last_month_is_left_alone() -> None:
    found = compute_time_range("spend since last month", NOW)  # contrast: no "begin" of a period said
    assert found is None or found.start != MONTH


def test_gemini_failures_since_the_month_begin(numbers_env: AgentEnv) -> None:
    text = "how many calls of gemini were failing since the month begin?"  # sibling of the set's word order
    with numbers_env.store.session() as client:
        failed = Sql(client, ORG).one("count()", MONTH, NOW, "model = 'gemini-2.0-flash' AND status != 'ok'")
    assert failed > 0
    assert_states(answer(numbers_env, text), [Figure("failed", failed, Unit.NUMBER)])


# --- subjects the events do not hold: pages and alerts, the org's own validation of a response -------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("how many times was the on-call engineer paged for llm errors this month?", "pages or alerts"),
        ("how often did pagerduty wake someone for openai timeouts last week", "pages or alerts"),  # sibling
        ("how many alerts fired for the support bot yesterday?", "pages or alerts"),  # sibling
        ("how many gpt-4o-mini responses in the last 7 days failed our json schema validation?", "own checks"),
        ("what share of sales-agent responses were invalid json this month", "own checks"),  # sibling
        ("how many outputs failed to parse yesterday", "own checks"),  # sibling
    ],
)
def test_pages_and_validation_are_not_held(text: str, subject: str) -> None:
    unheld = compute_unheld(text, KNOWN)
    assert any(subject in u for u in unheld), unheld
    assert compute_asked(text, NOW, KNOWN).declined


@pytest.mark.parametrize(
    "text",
    [
        "how many errors this month?",  # contrast: failed calls are held
        "how many timeouts did gpt-4o-mini have in the last 7 days",
        "spend on calls this month",  # "on call" of "on calls" is no on-call rotation
        "what does the workloads page show for support-bot",  # a page of the app
        "we're getting paged - error rate for the last 6 hours?",  # a page is the context; the error rate is asked
        "how many calls this month? we got paged twice",
    ],
)
def test_errors_and_pages_of_the_app_are_left_alone(text: str) -> None:
    assert compute_unheld(text, KNOWN) == []


def test_a_declined_page_question_answers_nothing_in_its_place(numbers_env: AgentEnv) -> None:
    text = answer(numbers_env, "how many pages did the sre on call get because of gpt-4o errors this week?")
    assert text.startswith("I cannot answer pages or alerts") and "615" not in text


# --- "how much is costing one call": the cost per call, in a non-native word order ------------------------------


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        (
            "for the code-review, how much is costing one call in average since the beginning of this month?",
            {Dimension.WORKLOAD: ["code-review"]},
        ),
        ("how much costs each request of the support-bot last week?", {Dimension.WORKLOAD: ["support-bot"]}),
        ("one call of gpt-4o is costing how much, in average?", {Dimension.MODEL: ["gpt-4o"]}),
    ],
)
def test_how_much_is_costing_one_call_is_the_cost_per_call(text: str, filters: dict[Dimension, list[str]]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures[0] == Measure.COST_PER_REQUEST and asked.filters == filters


@pytest.mark.parametrize(
    "text", ["how much did the calls of code-review cost this month", "how much does it cost us this month"]
)
def test_what_the_calls_cost_in_all_is_spend(text: str) -> None:
    assert Measure.COST_PER_REQUEST not in compute_asked(text, NOW, KNOWN).measures  # contrast: a total


def test_how_much_costs_one_call_of_a_workload(numbers_env: AgentEnv) -> None:
    text = "how much is costing one call of search-rag since the month begin?"  # sibling
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        per_call = sql.one("sum(cost_usd) / count()", MONTH, NOW, "workload = 'search-rag'")
    assert_states(answer(numbers_env, text), [Figure("per call", per_call, Unit.MONEY, rel=0.01)])


# --- a success target the user gives: the error budget burned, the burn rate, the failures it allows ------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("support-bot has a 95% success SLO over a rolling 30 days. how much of its error budget has it burned?", 95),
        ("we target 95% success for november. how many failed calls does that allow?", 95),
        ("against a 99.5 % availability target, what share of the error budget did sales-agent use last week?", 99.5),
        ("our slo is 98% for code-review: how much error budget is left this month?", 98),
    ],
)
def test_a_success_target_is_given(text: str, target: float) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.given is not None and asked.given.kind == GivenKind.SUCCESS_TARGET and asked.given.value == target
    assert {Measure.ERRORS, Measure.REQUESTS} <= set(asked.measures)
    assert asked.project_to is None  # a budget's burn, not spend's run rate


@pytest.mark.parametrize(
    "text",
    [
        "what share of calls succeeded this month",  # contrast: no target said
        "what were 95% of calls under, latency-wise?",  # a share of calls, not a success target
        "did we hit 95% of our $400 budget",
    ],
)
def test_no_success_target_without_one_said(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.given is None or asked.given.kind != GivenKind.SUCCESS_TARGET


@pytest.mark.parametrize(
    ("text", "workload", "target", "start"),
    [
        (
            "search-rag has a 97% success slo. how much of its error budget did it burn this month?",
            "search-rag",
            97,
            MONTH,
        ),
        ("against a 90 % success target, what's sales-agent's burn rate since monday?", "sales-agent", 90, WEEK_START),
    ],
)
def test_the_error_budget_burned_and_the_failures_allowed(
    numbers_env: AgentEnv, text: str, workload: str, target: float, start: datetime
) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        calls = sql.one("count()", start, NOW, "workload = {w:String}", w=workload)
        failed = sql.one("countIf(status != 'ok')", start, NOW, "workload = {w:String}", w=workload)
    budget = (100 - target) / 100
    burned = 100 * (failed / calls) / budget
    assert_states(
        answer(numbers_env, text),
        [
            Figure("budget burned", burned, Unit.PERCENT, abs=0.05),
            Figure("allowed", calls * budget, Unit.NUMBER, rel=0.01),
            Figure("failed", failed, Unit.NUMBER),
        ],
    )


# --- a flat fee a call the user gives: the window's calls at that fee against what was paid -------------------------


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("groq offered a flat $0.0005 per call. what would october have cost us with groq at that price?", 0.0005),
        ("what if openai charged us $0.02 a request last month, instead of what we paid?", 0.02),
        ("google quoted a fixed $0.001 per request: what would this month have cost?", 0.001),
    ],
)
def test_a_flat_fee_a_call_is_given(text: str, fee: float) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.given is not None and asked.given.kind == GivenKind.FEE_PER_CALL and asked.given.value == fee
    assert {Measure.SPEND, Measure.REQUESTS} <= set(asked.measures)


@pytest.mark.parametrize(
    "text",
    ["which workloads had calls costing more than $0.01 per call this month", "cost per call of gpt-4o last week"],
)
def test_a_bound_on_the_cost_per_call_is_no_fee(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)  # contrast: a threshold or a unit cost, not an offer
    assert asked.given is None


def test_a_flat_fee_applied_to_a_months_calls(numbers_env: AgentEnv) -> None:
    text = "google offered a flat $0.001 per call. what would october have cost with google at that price?"
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        calls = sql.one("count()", OCTOBER, MONTH, "provider = 'google'")
        spend = sql.one("sum(cost_usd)", OCTOBER, MONTH, "provider = 'google'")
    assert_states(
        answer(numbers_env, text),
        [Figure("at the fee", calls * 0.001, Unit.MONEY, rel=0.005), Figure("paid", spend, Unit.MONEY, rel=0.005)],
    )


# --- a level of a total the user gives (a volume tier): how far short of it or over it -----------------------------


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        (
            "anthropic's next volume tier starts at 15 million input tokens a month. how far short were we in october?",
            15e6,
            Measure.INPUT_TOKENS,
        ),
        ("the next tier kicks in at 3,000 calls a month: how close did groq get in october?", 3000, Measure.REQUESTS),
        (
            "openai's discount tier begins at 40m tokens - how far away from it are we this month?",
            40e6,
            Measure.TOTAL_TOKENS,
        ),
    ],
)
def test_a_level_is_given(text: str, value: float, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.declined
    assert asked.given is not None and asked.given.kind == GivenKind.LEVEL
    assert (asked.given.value, asked.given.measure) == (value, measure) and measure in asked.measures


@pytest.mark.parametrize(
    "text", ["what volume tier pricing do we get from anthropic?", "what are our volume tiers with openai"]
)
def test_a_tier_with_no_level_said_is_still_a_contract_term(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).declined  # contrast


def test_how_far_short_of_a_level_of_calls(numbers_env: AgentEnv) -> None:
    text = "the next tier kicks in at 3,000 calls a month: how far short was groq in october?"
    with numbers_env.store.session() as client:
        calls = Sql(client, ORG).one("count()", OCTOBER, MONTH, "provider = 'groq'")
    assert 0 < calls < 3000
    assert_states(
        answer(numbers_env, text),
        [Figure("calls", calls, Unit.NUMBER), Figure("short", 3000 - calls, Unit.NUMBER)],
    )


# --- the percent between the two ends of a ranking: "how much cheaper ..., in percent" -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "which vendor is cheapest per call so far this month, and how much cheaper is it than the dearest, in percent?",
        "over the last 30 days, what did an average call cost on gpt-4o and on claude-3-5-sonnet, and by what percent"
        " is the pricier one more expensive?",
        "which model is fastest by p50 this week, and what percent faster is it than the slowest?",
    ],
)
def test_the_percent_between_the_ends_is_asked(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.percent_gap and asked.dimensions


def test_a_change_in_percent_is_no_gap() -> None:
    asked = compute_asked("by what percent did spend per provider grow vs last month?", NOW, KNOWN)
    assert not asked.percent_gap  # contrast: a change over time


def test_how_much_faster_in_percent(numbers_env: AgentEnv) -> None:
    text = (
        "which provider had the lowest p50 latency in october, and how much faster is it than the slowest, in percent?"
    )
    with numbers_env.store.session() as client:
        p50 = Sql(client, ORG).by("provider", "quantileExactInclusive(0.5)(toFloat64(latency_ms))", OCTOBER, MONTH)
    low, high = min(p50.values()), max(p50.values())
    assert_states(
        answer(numbers_env, text),
        [Figure("below", 100 * (1 - low / high), Unit.PERCENT, abs=0.05), Figure("lowest", low, Unit.MS, rel=0.01)],
    )


# --- what a call did cost on a model: the org's own traffic, not the price list --------------------------------------


def test_what_a_call_did_cost_is_our_traffic(numbers_env: AgentEnv) -> None:
    text = "what did an average request cost on gpt-4o-mini and on claude-3-5-haiku this month?"  # sibling
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        mini = sql.one("sum(cost_usd) / count()", MONTH, NOW, "model = 'gpt-4o-mini'")
        haiku = sql.one("sum(cost_usd) / count()", MONTH, NOW, "model = 'claude-3-5-haiku'")
    assert_states(
        answer(numbers_env, text),
        [Figure("mini", mini, Unit.MONEY, rel=0.01), Figure("haiku", haiku, Unit.MONEY, rel=0.01)],
    )


def test_which_model_is_pricier_is_still_the_price_list() -> None:
    asked = compute_asked("which is pricier, gpt-4o or claude-3-5-sonnet?", NOW, KNOWN)
    assert not asked.own_traffic  # contrast: no window, no "did cost": the list prices


# --- "the median spend per user": the middle of the groups' figures, not a latency quantile -------------------------


@pytest.mark.parametrize(
    ("text", "measure", "dimension"),
    [
        (
            "what was the median spend per user in october, across everyone who used the ai?",
            Measure.SPEND,
            Dimension.USER,
        ),
        ("what's the median user's spend this month?", Measure.SPEND, Dimension.USER),
        ("median calls per session last week", Measure.REQUESTS, Dimension.SESSION),
        ("the median cost per workload in october", Measure.SPEND, Dimension.WORKLOAD),
    ],
)
def test_the_median_per_group_is_asked(text: str, measure: Measure, dimension: Dimension) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.median_per_group and asked.measures[0] == measure and asked.dimensions == [dimension]
    assert Measure.LATENCY_P50 not in asked.measures


@pytest.mark.parametrize("text", ["median latency per model this week", "what's our median latency in october"])
def test_a_median_latency_is_left_alone(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)  # contrast
    assert not asked.median_per_group and Measure.LATENCY_P50 in asked.measures


@pytest.mark.parametrize(
    ("text", "dim", "expr", "start", "unit"),
    [
        # (one user's spend lies near another's 8 % above: the workloads' spends are far apart)
        ("what's the median workload's spend this month?", "workload", "sum(cost_usd)", MONTH, Unit.MONEY),
        ("median calls per session since the month begin", "session_id", "count()", MONTH, Unit.NUMBER),
    ],
)
def test_the_median_over_the_groups(
    numbers_env: AgentEnv, text: str, dim: str, expr: str, start: datetime, unit: Unit
) -> None:
    with numbers_env.store.session() as client:
        middle = median(Sql(client, ORG).by(dim, expr, start, NOW).values())
    assert_states(answer(numbers_env, text), [Figure("median", middle, unit, rel=0.01)])


# --- the query model: a given number needs the measures it is applied to ---------------------------------------------


@pytest.mark.parametrize(
    ("given", "measures", "ok"),
    [
        ({"kind": "success_target", "value": 95}, ["error_rate", "errors", "requests"], True),
        ({"kind": "success_target", "value": 95}, ["error_rate"], False),  # no requests, no errors to apply it to
        ({"kind": "success_target", "value": 100}, ["errors", "requests"], False),  # no error budget at 100 %
        ({"kind": "fee_per_call", "value": 0.001}, ["spend", "requests"], True),
        ({"kind": "fee_per_call", "value": 0.001}, ["spend"], False),
        ({"kind": "level", "value": 1e6, "measure": "input_tokens"}, ["input_tokens"], True),
        ({"kind": "level", "value": 1e6}, ["input_tokens"], False),  # a level names its measure
        ({"kind": "level", "value": 1e6, "measure": "input_tokens"}, ["spend"], False),
    ],
)
def test_a_given_number_needs_what_it_reads(given: dict[str, object], measures: list[str], ok: bool) -> None:
    from pydantic import ValidationError

    from netra_core.analytics.semantic import SemanticQuery

    args = {"measures": measures, "start": MONTH, "end": NOW, "given": given}
    if ok:
        assert SemanticQuery.model_validate(args).given is not None
    else:
        with pytest.raises(ValidationError):
            SemanticQuery.model_validate(args)
