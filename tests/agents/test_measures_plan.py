"""Measures the planner must carry whatever the phrasing: shares of the whole, projections asked with a grain word,
the spend a projection is of, a yearly run rate, own-traffic unit costs of named models, top and bottom N rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.query_answer import compute_annualized, describe_query_result
from netra_core.analytics.semantic import Dimension, Grain, Measure, Order, SemanticQuery
from netra_core.analytics.semantic_result import Coverage, SemanticResult, Window
from tests.agents.builders import KNOWN, NOW
from tests.agents.test_query_plan import only_query
from tests.agents.test_question_set import plan_question

M = Measure


# --- shares of the whole ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "dimension"),
    [
        ("what % of October's spend went to Anthropic?", "spend", "provider"),
        ("what portion of our october bill was openai", "spend", "provider"),
        ("what fraction of requests went to gpt-4o last week", "requests", "model"),
        ("anthropic's share of this month's spend", "spend", "provider"),
        ("how much of total spend is the support bot, last 30 days", "spend", "workload"),
        ("what proportion of our tokens does code-review use", "total_tokens", "workload"),
    ],
)
def test_a_named_value_share_is_every_group_beside_the_whole(text: str, measure: str, dimension: str) -> None:
    args = only_query(plan_question(text))
    assert args["measures"] == [measure]
    assert args["dimensions"] == [dimension]
    assert dimension not in args.get("filters", {})  # the share needs the other groups too


@pytest.mark.parametrize(
    "text",
    [
        "% of spend by provider, last 30 days",
        "percentage of requests per model in october",
        "share of spend by workload this month",
        "each provider's share of total spend",
    ],
)
def test_a_share_per_group_is_the_query_not_the_spend_change_tool(text: str) -> None:
    args = only_query(plan_question(text))
    assert len(args["dimensions"]) == 1 and "compare" not in args


# --- projections --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "at the current run rate what will we have spent by month end?",
        "At the current run rate, what will November end up costing us in total?",
        "projected spend by month end",
        "if we keep going at this rate what's the bill by the end of the month",
        "forecast our month-end costs",
    ],
)
def test_a_month_end_projection_is_of_spend_window_totals(text: str) -> None:
    args = only_query(plan_question(text))
    assert args["measures"] == ["spend"]
    assert "grain" not in args
    assert args["project_to"].startswith("2026-12-01")


def test_a_projection_asked_per_month_projects_the_totals_not_a_series() -> None:
    a = compute_asked("projected spend per month by the end of the quarter", NOW, KNOWN)
    assert a.grain is None and a.project_to == datetime(2027, 1, 1, tzinfo=UTC)


# --- a yearly run rate ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("For the board: what's our annualized run-rate based on the last 30 days of spend?", 30),
        ("what's our annual run rate?", 30),
        ("annualised spend based on the last 14 days", 14),
        ("what would a full year cost at this pace", 30),
        ("at the current rate what do we spend per year", 30),
    ],
)
def test_an_annualised_run_rate_is_the_window_total_per_day_times_365(text: str, days: int) -> None:
    args = only_query(plan_question(text))
    assert args["annualize"] is True and "project_to" not in args
    assert args["measures"] == ["spend"] and args["days"] == days


def test_a_year_end_projection_is_not_an_annual_run_rate() -> None:
    a = compute_asked("projected spend by the end of the year", NOW, KNOWN)
    assert not a.annualize and a.project_to == datetime(2027, 1, 1, tzinfo=UTC)


def _result(rows: list[dict[str, object]], days: float) -> SemanticResult:
    import pandas as pd

    window = Window(start=datetime(2026, 10, 21, 12, tzinfo=UTC), end=NOW)
    coverage = Coverage(days_with_data=int(days), covered_days=days, window_days=days)
    return SemanticResult(frame=pd.DataFrame(rows), window=window, coverage=coverage, source="rollup", truncated=False)


def test_the_annualised_figure_is_stated_per_row() -> None:
    query = SemanticQuery(
        measures=[M.SPEND, M.ERROR_RATE],
        dimensions=[Dimension.PROVIDER],
        annualize=True,
        start=datetime(2026, 10, 21, 12, tzinfo=UTC),
        end=NOW,
    )
    result = _result(
        [
            {"provider": "openai", "spend": 30.0, "error_rate": 0.1},
            {"provider": "groq", "spend": 3.0, "error_rate": 0.2},
        ],
        30.0,
    )
    rows = compute_annualized(query, result)
    assert rows == [
        {"provider": "openai", "spend": pytest.approx(365.0)},
        {"provider": "groq", "spend": pytest.approx(36.5)},
    ]
    text = describe_query_result(query, result)
    assert "provider openai: spend $365.00 a year" in text and "multiplied by 365" in text


def test_no_annualised_figure_unless_asked() -> None:
    query = SemanticQuery(measures=[M.SPEND], start=datetime(2026, 10, 21, 12, tzinfo=UTC), end=NOW)
    assert compute_annualized(query, _result([{"spend": 30.0}], 30.0)) == []


# --- unit costs of named models on the org's own traffic -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "cost per 1K tokens, gpt-4o vs gpt-4o-mini, last 30 days",
        "compare $/req of gpt-4o and claude-3-5-sonnet in october",
        "gpt-4o versus gpt-4o-mini: cost per request over the past fortnight",
    ],
)
def test_unit_costs_of_models_the_org_runs_over_a_window_are_its_own(text: str) -> None:
    args = only_query(plan_question(text))
    assert args["measures"][0] in ("cost_per_1k_tokens", "cost_per_request")
    assert args["dimensions"] == ["model"]


def test_a_list_price_comparison_without_a_window_stays_the_catalogs() -> None:
    plan = plan_question("compare gpt-4o and claude-3-5-sonnet")
    assert plan.intent == "compare_models"


# --- ranked rows --------------------------------------------------------------------------------------------------


def test_the_top_spenders_tool_lists_as_many_rows_as_asked() -> None:
    plan = plan_question("which 3 users spent the most last week")
    assert [c.tool for c in plan.calls] == ["get_top_spenders"] and plan.calls[0].args["limit"] == 3


@pytest.mark.parametrize(
    "text",
    [
        "bottom 2 workloads by spend in october",
        "the 3 least expensive workloads last month",
        "which two providers had the fewest requests",
    ],
)
def test_bottom_n_is_ascending_and_cut(text: str) -> None:
    args = only_query(plan_question(text))
    assert args["order"] == Order.ASC.value and args["top_n"] in (2, 3)


def test_a_bottom_n_answer_says_bottom() -> None:
    query = SemanticQuery(
        measures=[M.SPEND],
        dimensions=[Dimension.WORKLOAD],
        top_n=2,
        order=Order.ASC,
        order_by=M.SPEND,
        start=datetime(2026, 10, 1, tzinfo=UTC),
        end=NOW,
    )
    text = describe_query_result(query, _result([{"workload": "a", "spend": 1.0}], 30.0))
    assert "bottom 2 by spend" in text


@pytest.mark.parametrize(
    "text",
    [
        "who were our 5 most active users by number of requests in the last 14 days",
        "top 5 users by requests",
        "the 10 busiest sessions yesterday",
    ],
)
def test_ranking_users_counts_their_requests_not_distinct_users(text: str) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert M.USERS not in a.measures and M.SESSIONS not in a.measures
    assert a.measures == [M.REQUESTS]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("how many tokns did we use yesterday", [M.TOTAL_TOKENS]),
        ("input and output tokens for code-review in october", [M.INPUT_TOKENS, M.OUTPUT_TOKENS]),
        ("reqeusts by provider last week", [M.REQUESTS]),
        ("what did the doc bot end up costing in october", [M.SPEND]),
        ("total token usage per workload", [M.TOTAL_TOKENS]),
    ],
)
def test_measures_are_read_through_typos_and_plain_words(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_grain_is_kept_without_a_projection() -> None:
    assert compute_asked("spend by month this year", NOW, KNOWN).grain == Grain.MONTH


# --- a part beside its whole ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("what fraction of tokens were output tokens last week", [M.OUTPUT_TOKENS, M.TOTAL_TOKENS]),
        ("what % of spend was wasted on errors in october", [M.ERROR_SPEND, M.SPEND]),
        ("what percentage of our tokens were cached last week", [M.CACHED_TOKENS, M.INPUT_TOKENS]),
        ("what share of our tokens are input tokens", [M.INPUT_TOKENS, M.TOTAL_TOKENS]),
    ],
)
def test_a_share_of_a_part_asks_its_whole_too(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_the_part_is_said_as_a_share_of_its_whole() -> None:
    query = SemanticQuery(measures=[M.ERROR_SPEND, M.SPEND], start=datetime(2026, 10, 1, tzinfo=UTC), end=NOW)
    text = describe_query_result(query, _result([{"error_spend": 25.0, "spend": 200.0}], 30.0))
    assert "Spend on errored requests $25.00 (12.5 % of spend); spend $200.00" in text
