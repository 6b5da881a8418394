"""Phrasings beside four families the twelfth blind set missed (a controller, an evals lead, an analytics engineer
typing SQL, a founder in shorthand): a bound on each group's figure, quality bands and quantiles, calls by their
status, and subjects the events do not hold. Each rule is checked on the set's question, siblings in other words,
and contrasts it must leave alone; figures come from this file's SQL over the number store. Times are relative to
builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.unheld import compute_unheld
from netra_core.analytics.semantic import Bound, Dimension, Grain, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit, score_answer
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, SEPTEMBER, TODAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

NOVEMBER = MONTH
WEEK_AGO = NOW - timedelta(days=7)
MONTH_AGO = NOW - timedelta(days=30)


def _money(label: str, value: float) -> Figure:
    return Figure(label, value, Unit.MONEY, rel=0.005)


# --- 1. a bound on each group's figure: only the groups that meet it, the bound said ---------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "bound", "value", "dimension", "grain"),
    [
        (
            "Which workloads were charged more than $50 in October? Amounts please.",
            Measure.SPEND,
            Bound.ABOVE,
            50,
            Dimension.WORKLOAD,
            None,
        ),
        ("which models cost us over $40 last month", Measure.SPEND, Bound.ABOVE, 40, Dimension.MODEL, None),  # sibling
        (
            "sum(cost_usd) group by task_type having sum(cost_usd) > 20, last 30 days",
            Measure.SPEND,
            Bound.ABOVE,
            20,
            Dimension.TASK_TYPE,
            None,
        ),
        (
            "select model, count() group by model having count() >= 2000 for october",  # sibling: a count bounded
            Measure.REQUESTS,
            Bound.AT_LEAST,
            2000,
            Dimension.MODEL,
            None,
        ),
        (
            "any day this month where we spent more than $11?? which ones n how much",
            Measure.SPEND,
            Bound.ABOVE,
            11,
            None,
            Grain.DAY,
        ),
        ("which days in october did spend go above $12", Measure.SPEND, Bound.ABOVE, 12, None, Grain.DAY),  # sibling
        ("how many ppl spent over $8 on ai in oct", Measure.SPEND, Bound.ABOVE, 8, Dimension.USER, None),
        ("how many users spent at least $9 in october?", Measure.SPEND, Bound.AT_LEAST, 9, Dimension.USER, None),
        (
            "workloads with fewer than 2,500 requests in october",
            Measure.REQUESTS,
            Bound.BELOW,
            2500,
            Dimension.WORKLOAD,
            None,
        ),
    ],
)
def test_a_bound_on_each_group_keeps_the_groups_that_meet_it(
    text: str, measure: Measure, bound: Bound, value: float, dimension: Dimension | None, grain: Grain | None
) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.having is not None and (a.having.measure, a.having.bound, a.having.value) == (measure, bound, value)
    assert measure in a.measures
    assert a.dimensions == ([dimension] if dimension else []) and a.grain == grain


@pytest.mark.parametrize(
    "text",
    [
        "which workloads spent the most in October?",  # a ranking: every group, no bound
        "did we spend more than $300 in october?",  # no grouping: the month's spend answers it
        "how much of our $350 budget is left this month?",  # a budget, not a bound on groups
        "spend by workload over the last 30 days",  # "over" a window
    ],
)
def test_no_bound_where_none_is_put_on_a_group(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).having is None


def _listed(text: str, kind: str) -> set[str]:
    return set(re.findall(rf"- {kind} ([\w.-]+):", text))


def test_the_groups_over_a_bound_are_listed_with_their_amounts_and_counted(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("model", "sum(cost_usd)", OCTOBER, NOVEMBER)
    over = {m: v for m, v in spend.items() if v > 40}
    assert 0 < len(over) < len(spend)  # the bound splits the models (the check can fail)
    said = answer(numbers_env, "which models cost us over $40 in october")
    assert_states(said, [_money(m, v) for m, v in over.items()])
    assert _listed(said, "model") == set(over)  # the models under $40 are not listed
    assert f"{len(over)} models with spend over $40.00" in said


def test_days_over_a_bound_are_the_days_that_meet_it(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        rows = Sql(client, ORG).rows(
            "toDate(ts) AS d, sum(cost_usd)",
            OCTOBER,
            NOVEMBER,
            tail="GROUP BY d HAVING sum(cost_usd) > 11.35 ORDER BY d",
        )
    assert 0 < len(rows) < 31
    said = answer(numbers_env, "which days in october did spend go above $11.35")
    assert_states(said, [_money(str(d), float(v)) for d, v in rows])
    assert set(re.findall(r"- (2026-\d\d-\d\d):", said)) == {str(d) for d, _ in rows}


@pytest.mark.parametrize(
    ("text", "cut"),
    [("how many users spent at least $9 in october?", 9.0), ("how many ppl spent over $8.50 on ai in oct", 8.5)],
)
def test_how_many_groups_meet_a_bound_is_a_count(numbers_env: AgentEnv, text: str, cut: float) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("user_id", "sum(cost_usd)", OCTOBER, NOVEMBER, "user_id != ''")
    n = sum(1 for v in spend.values() if v >= cut)
    assert 0 < n < len(spend)
    said = answer(numbers_env, text)
    assert re.search(rf"\b{n} users with spend (?:over|at least)", said), said
    assert "headcount" not in said


def test_a_having_fragment_bounds_the_groups(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("task_type", "sum(cost_usd)", TODAY - timedelta(days=30), TODAY)
    over = {t: v for t, v in spend.items() if v > 30}
    assert 0 < len(over) < len(spend)
    said = answer(numbers_env, "sum(cost_usd) group by task_type having sum(cost_usd) > 30, last 30 days")
    # the 30 days as 30 x 24 hours or the 30 whole days: the amounts within 0.5 % of either (the window's edges)
    assert set(re.findall(r"- task type ([\w-]+):", said)) == set(over)


def test_a_ranking_without_a_bound_lists_every_group(numbers_env: AgentEnv) -> None:
    said = answer(numbers_env, "which workloads spent the most in October?")  # contrast
    assert "with spend over" not in said and "sales-agent" in said and "ticket-classifier" in said


# --- 2. quality bands and quantiles: scores counted in a band, or the score at a quantile ---------------------------


@pytest.mark.parametrize(
    ("text", "measures", "bound", "value"),
    [
        (
            "What percentage of responses scored below 0.8 on quality over the last 30 days?",
            [Measure.QUALITY_BAND_SHARE],
            Bound.BELOW,
            0.8,
        ),
        (
            "what fraction of gpt-4o's answers had a quality score under 0.75 this month",  # sibling
            [Measure.QUALITY_BAND_SHARE],
            Bound.BELOW,
            0.75,
        ),
        (
            "How many responses scored under 0.7 this month, broken down by workload?",
            [Measure.QUALITY_BAND_N],
            Bound.BELOW,
            0.7,
        ),
        ("how many calls were rated 0.9 or above last week, by model", [Measure.QUALITY_BAND_N], Bound.AT_LEAST, 0.9),
        (
            "Just gpt-4o-mini: what share of its responses scored 0.85 or higher in support-bot vs in search-rag, "
            "past 14 days?",
            [Measure.QUALITY_BAND_SHARE],
            Bound.AT_LEAST,
            0.85,
        ),
        (
            "count of responses with quality >= 0.9 per workload last week",
            [Measure.QUALITY_BAND_N],
            Bound.AT_LEAST,
            0.9,
        ),
    ],
)
def test_a_quality_band_counts_the_scores_in_it(text: str, measures: list[Measure], bound: Bound, value: float) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.measures == measures and not a.cannot
    assert a.quality_band is not None and (a.quality_band.bound, a.quality_band.value) == (bound, value)


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("What's the 10th percentile quality score for search-rag over the last 30 days?", Measure.QUALITY_P10),
        ("p25 quality for code-review last week", Measure.QUALITY_P25),  # sibling
        ("median quality score by model this month", Measure.QUALITY_P50),
        ("what's the bottom decile of our eval scores this week", Measure.QUALITY_P10),
    ],
)
def test_a_quantile_of_quality_is_a_quality_measure_not_latency(text: str, measure: Measure) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.measures == [measure] and not a.cannot and not a.instead


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("p95 latency last week", [Measure.LATENCY_P95]),  # contrast: a percentile of latency
        ("mean quality by model this month", [Measure.QUALITY]),  # contrast: the mean
        ("p90 latency and mean quality score for gpt-4o this week", [Measure.LATENCY_P90, Measure.QUALITY]),
    ],
)
def test_latency_percentiles_and_mean_quality_are_unchanged(text: str, measures: list[Measure]) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.measures == measures and a.quality_band is None


def test_a_quality_floor_to_keep_is_no_band() -> None:
    a = compute_asked("switch to cheaper models while keeping quality above 0.85", NOW, KNOWN)
    assert a.quality_band is None and Measure.QUALITY_BAND_SHARE not in a.measures  # contrast: the optimizer's


def test_the_share_of_scores_in_a_band_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        share = sql.one("100 * countIf(quality < 0.75) / count(quality)", MONTH, NOW, "model = 'gpt-4o'")
        mean = sql.one("avg(quality)", MONTH, NOW, "model = 'gpt-4o'")
    assert 0 < share < 100
    said = answer(numbers_env, "what fraction of gpt-4o's answers had a quality score under 0.75 this month")
    assert_states(said, [Figure("share under 0.75", share, Unit.PERCENT, abs=0.05)])
    assert score_answer(said, [Figure("mean", mean, Unit.NUMBER, abs=0.0005)]).outcome != "correct"


def test_the_count_of_scores_in_a_band_per_group(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        counts = Sql(client, ORG).by("model", "countIf(quality >= 0.9)", WEEK_AGO, NOW)
    assert any(v > 0 for v in counts.values())
    said = answer(numbers_env, "how many calls were rated 0.9 or above over the last 7 days, by model")
    for model, n in counts.items():
        assert re.search(rf"model {re.escape(model)}: responses scored at least 0\.9 {n:,.0f}\b", said), (model, said)


@pytest.mark.parametrize(
    ("text", "measures", "bound", "value"),
    [
        ("what share of calls scored below 80% quality this month?", [Measure.QUALITY_BAND_SHARE], Bound.BELOW, 0.8),
        ("how many responses were rated at least 90 percent last week", [Measure.QUALITY_BAND_N], Bound.AT_LEAST, 0.9),
        (
            "count of answers under 70 % on quality by workload, past 14 days",
            [Measure.QUALITY_BAND_N],
            Bound.BELOW,
            0.7,
        ),
    ],
)
def test_a_quality_band_said_as_a_percentage_is_the_same_band(
    text: str, measures: list[Measure], bound: Bound, value: float
) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.measures == measures and not a.cannot
    assert a.quality_band is not None and (a.quality_band.bound, a.quality_band.value) == (bound, value)


@pytest.mark.parametrize(
    "text",
    [
        "did quality drop more than 5% this week?",  # contrast: a change, not a band of scores
        "share of requests over 80% of the budget",  # contrast: no score said
        "error rate above 5% by model last week",  # contrast: a rate's bound
    ],
)
def test_a_percentage_that_is_no_score_is_no_band(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).quality_band is None


def test_the_share_of_scores_under_a_percentage_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        share = Sql(client, ORG).one("100 * countIf(quality < 0.8) / count(quality)", MONTH, NOW)
    assert 0 < share < 100
    said = answer(numbers_env, "what share of calls scored below 80% quality this month?")
    assert_states(said, [Figure("share under 0.8", share, Unit.PERCENT, abs=0.05)])


def test_a_quality_quantile_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        p25 = Sql(client, ORG).one(
            "quantileExactInclusive(0.25)(toFloat64(quality))", MONTH_AGO, NOW, "workload = 'code-review'"
        )
    said = answer(numbers_env, "p25 quality for code-review over the last 30 days")
    assert_states(said, [Figure("p25 quality", p25, Unit.NUMBER, abs=0.002)])
    assert "latency" not in said.split("SQL")[0]


# --- 3. calls by their status: a filter said, and spend per successful call ------------------------------------------


@pytest.mark.parametrize(
    ("text", "filtered", "excluded"),
    [
        ("avg(prompt_tokens) by model where status = 'ok', last 14d", ["ok"], None),
        ("mean latency of successful calls by provider this week", ["ok"], None),  # sibling
        ("average input tokens per request for requests that succeeded, by workload, october", ["ok"], None),
        ("p95 latency of failed calls yesterday", None, ["ok"]),
        ("avg(latency_ms) where status != 'ok' by provider last 7 days", None, ["ok"]),
    ],
)
def test_a_status_said_filters_the_calls(text: str, filtered: list[str] | None, excluded: list[str] | None) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.filters.get(Dimension.STATUS) == filtered and a.exclude.get(Dimension.STATUS) == excluded


@pytest.mark.parametrize(
    "text",
    [
        "success rate by provider, last 30 days",  # contrast: the rate is over all calls
        "What did we pay for failed calls in October, per vendor?",  # contrast: spend on errors
        "error rate by model this week",
        "how many calls failed yesterday",
    ],
)
def test_measures_of_failure_count_all_calls(text: str) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert Dimension.STATUS not in a.filters and Dimension.STATUS not in a.exclude


@pytest.mark.parametrize(
    "text",
    [
        "Unit cost for the close: October's total spend divided by the number of successful calls?",
        "what was our cost per successful request in september",  # sibling
        "spend over the number of successful api calls, october",
    ],
)
def test_spend_over_successful_calls_is_one_measure(text: str) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.measures[0] == Measure.COST_PER_SUCCESSFUL_REQUEST and Measure.COST_PER_REQUEST not in a.measures


def test_cost_per_successful_call_is_all_spend_over_the_successful_calls(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        per_ok = sql.one("sum(cost_usd) / countIf(status = 'ok')", SEPTEMBER, OCTOBER)
        per_call = sql.one("sum(cost_usd) / count()", SEPTEMBER, OCTOBER)
    assert per_ok > per_call * 1.02  # the two readings differ (the check can fail)
    said = answer(numbers_env, "what was our cost per successful request in september")
    assert_states(said, [Figure("per successful call", per_ok, Unit.MONEY, rel=0.01)])
    assert score_answer(said, [Figure("per call", per_call, Unit.MONEY, rel=0.005)]).outcome != "correct"


def test_a_measure_of_successful_calls_only(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        ok = Sql(client, ORG).by("provider", "count()", WEEK_AGO, NOW, "status = 'ok'")
    said = answer(numbers_env, "how many successful calls did each provider make over the last 7 days")
    assert_states(said, [Figure(p, v, Unit.NUMBER) for p, v in ok.items()])
    assert "status is ok" in said


# --- 4. subjects the events do not hold: declined, said, nothing answered in their place ----------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("How much VAT was charged on top of October's AI bill?", "taxes on the bill"),
        ("what did we pay in sales tax on openai last quarter", "taxes on the bill"),  # sibling
        ("what was our AI spend including tax last month?", "taxes on the bill"),
        ("which deploy or release version introduced this morning's errors?", "the deploy, release"),
        ("did the error rate go up after the latest release?", "the deploy, release"),  # sibling
        ("errors by release version this week", "the deploy, release"),
        ("What share of support-bot conversations this month were in Spanish?", "the language of"),
        ("which languages do our users write in", "the language of"),  # sibling
        ("how many conversations were not in english last week", "the language of"),
        ("count(*) of tool calls made by the sales-agent in october, group by tool_name", "figures per agent run"),
        ("which tools did the sales agent call the most in october", "figures per agent run"),  # sibling
        ("tool calls per tool for the support bot last week", "figures per agent run"),
        (
            "How long did requests wait in our own queue before being sent to the provider last week, at p95?",
            "time a request spent before",
        ),
        ("what's our gateway overhead at p95 this week", "time a request spent before"),  # sibling
        ("average time requests sat in the queue yesterday", "time a request spent before"),
    ],
)
def test_a_subject_the_events_do_not_hold_is_declined(text: str, subject: str) -> None:
    said = compute_unheld(text.lower(), KNOWN)
    assert len(said) == 1 and said[0].startswith(subject)
    assert compute_asked(text, NOW, KNOWN).declined


@pytest.mark.parametrize(
    "text",
    [
        "p95 latency last week",  # contrast: the provider call's latency is held
        "what's the latency p95 of our calls to openai this week",
        "what's our spend on large language models this month",  # a language model is no language
        "how much did the sales agent spend last week",  # the org's workload, not a tool
        "which agents cost the most this month",
        "error rate since monday",
        "the queue felt crazy at some point this month, which day so far in November had the most calls",
        "what's the cost per request of the search-rag workload",
    ],
)
def test_questions_about_the_calls_stay_answerable(text: str) -> None:
    assert compute_unheld(text.lower(), KNOWN) == []


def test_a_declined_wait_says_so_and_latency_is_still_answered(numbers_env: AgentEnv) -> None:
    said = answer(numbers_env, "How long did requests wait in our own queue before being sent to the provider, p95?")
    assert "I have not answered anything in its place" in said and " ms" not in said
    with numbers_env.store.session() as client:
        p95 = Sql(client, ORG).one("quantileExactInclusive(0.95)(toFloat64(latency_ms))", WEEK_AGO, NOW)
    kept = answer(numbers_env, "what was our p95 latency over the last 7 days?")  # contrast
    assert f"p95 {round(p95):,} ms" in kept
