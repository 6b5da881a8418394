"""Phrasings whose detail was once dropped or swapped (the seventh blind set; the sixth's are in
test_asked_phrasings.py): every quantile listed, the provider in "model providers", a top-N said as "the five X with the highest Y", an inclusive date range across months, the spend
on requests that ended in an error, cached against uncached prompt tokens, and a monthly run rate of a named window.
Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.query_answer import compute_monthly_run_rate, describe_query_result
from netra_core.analytics.semantic import Dimension, Measure, Order, SemanticQuery
from netra_core.analytics.semantic_result import Coverage, SemanticResult, Window
from tests.agents.builders import KNOWN, NOW
from tests.agents.test_query_plan import only_query
from tests.agents.test_question_set import plan_question

M = Measure


def day(month: int, d: int) -> str:
    return datetime(2026, month, d, tzinfo=UTC).isoformat()


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("What were the 95th and 99th percentile response times last week?", [M.LATENCY_P95, M.LATENCY_P99]),
        ("the 50th, 90th and 99th percentile latency", [M.LATENCY_P50, M.LATENCY_P90, M.LATENCY_P99]),
        ("p95 + p99 latency last wk", [M.LATENCY_P95, M.LATENCY_P99]),
    ],
)
def test_every_quantile_named_is_asked(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


@pytest.mark.parametrize(
    "text",
    ["rank our model providers by total spend for October", "spend per llm provider last month"],
)
def test_model_providers_are_grouped_by_provider(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).dimensions == [Dimension.PROVIDER]


@pytest.mark.parametrize(
    ("text", "n", "order", "dimension"),
    [
        ("list the five workloads with the highest spend in September 2026", 5, Order.DESC, Dimension.WORKLOAD),
        ("the 3 users that had the lowest spend in october", 3, Order.ASC, Dimension.USER),
    ],
)
def test_the_n_things_with_the_highest_measure_is_a_top_n(
    text: str, n: int, order: Order, dimension: Dimension
) -> None:
    args = only_query(plan_question(text))
    assert (args["top_n"], args.get("order", "desc"), args["dimensions"]) == (n, order.value, [dimension.value])
    assert args.get("compare", "none") == "none"  # nothing compared that was not asked


def test_an_inclusive_range_across_months_is_one_window_and_error_spend_beside_all_spend() -> None:
    args = only_query(
        plan_question(
            "Between 1 September and 31 October 2026 inclusive, how much did we spend on requests that ended in an "
            "error, and what proportion of our total spend does that represent?"
        )
    )
    assert args["measures"] == ["error_spend", "spend"]
    assert (args["start"], args["end"]) == (day(9, 1), day(11, 1))
    assert args.get("compare", "none") == "none"


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("cached vs uncached prompt toks for doc summarizer, last wk", ["cached_tokens", "uncached_input_tokens"]),
        ("uncached input tokens by model this month", ["uncached_input_tokens"]),
    ],
)
def test_cached_and_uncached_prompt_tokens_are_token_counts(text: str, measures: list[str]) -> None:
    assert only_query(plan_question(text))["measures"] == measures


@pytest.mark.parametrize(
    "text", ["whats our monthly run rate based on the last 7d", "monthly burn rate over the past 7 days"]
)
def test_a_monthly_run_rate_of_a_window_is_its_spend_per_day_times_30(text: str) -> None:
    args = only_query(plan_question(text))
    assert args["measures"] == ["spend"] and args["monthly_run_rate"] is True
    assert "project_to" not in args and args["days"] == 7


def test_a_run_rate_without_a_measure_is_spend_never_the_error_rate() -> None:
    assert compute_asked("whats our run rate", NOW, KNOWN).measures == [M.SPEND]


def test_the_monthly_run_rate_is_stated() -> None:
    import pandas as pd

    start = datetime(2026, 11, 13, 12, tzinfo=UTC)
    query = SemanticQuery(measures=[M.SPEND], monthly_run_rate=True, start=start, end=NOW)
    result = SemanticResult(
        frame=pd.DataFrame([{"spend": 70.0}]),
        window=Window(start=start, end=NOW),
        coverage=Coverage(days_with_data=8, covered_days=7.0, window_days=7.0),
        source="rollup",
        truncated=False,
    )
    assert compute_monthly_run_rate(query, result) == [{"spend": pytest.approx(300.0)}]
    assert "spend $300.00 a month" in describe_query_result(query, result)


@pytest.mark.parametrize(
    "text",
    [
        "what did our weaviate cluster cost in september",
        "datadog bill last month?",
        "how much went on vector db costs this quarter",
        "hosting costs for the bots, last 30 days",
    ],
)
def test_another_vendors_bill_is_declined(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).declined


@pytest.mark.parametrize(
    "text", ["what did openai cost us last month", "compute the spend per model", "cloud spend on llm calls this week"]
)
def test_llm_spend_is_not_mistaken_for_another_vendors_bill(text: str) -> None:
    assert not compute_asked(text, NOW, KNOWN).declined
