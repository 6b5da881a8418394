"""Error kinds named in a question: one kind counted is a filter on error_type, a share of one is every kind side by
side, a rate of one is its share of all requests."""

from __future__ import annotations

import pytest

from netra_core.agents.error_kinds import compute_error_kinds
from netra_core.analytics.semantic import Dimension, Measure
from tests.agents.builders import NOW
from tests.agents.test_query_plan import only_query
from tests.agents.test_question_set import plan_question

M = Measure


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("number of rate_limit errors per provider", ["rate_limit"]),
        ("how many 429s yesterday", ["rate_limit"]),
        ("throttled calls on anthropic", ["rate_limit"]),
        ("how many timeouts did the doc bot hit", ["timeout"]),
        ("requests that timed out", ["timeout"]),
        ("5xx errors this week", ["server_error"]),
        ("context length exceeded errors", ["context_length"]),
        ("timeouts and rate limits by model", ["timeout", "rate_limit"]),
        ("error rate by model", []),
        ("our run rate to month end", []),
    ],
)
def test_the_kinds_named(text: str, kinds: list[str]) -> None:
    assert compute_error_kinds(text) == kinds


@pytest.mark.parametrize(
    "text",
    [
        "number of rate_limit errors per provider over the last 30 days",
        "rate limits per provider, last 30 days",
        "how many 429s did each provider throw in the last 30 days?",
    ],
)
def test_one_kind_counted_per_group_is_a_filter(text: str) -> None:
    args = only_query(plan_question(text))
    assert args["measures"] == ["errors"]
    assert args["dimensions"] == ["provider"]
    assert args["filters"] == {"error_type": ["rate_limit"]}


def test_money_lost_to_one_kind_is_error_spend_filtered_to_it() -> None:
    args = only_query(plan_question("how much did we waste on rate-limited calls in october"))
    assert args["measures"] == ["error_spend"] and args["filters"] == {"error_type": ["rate_limit"]}


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("what percentage of requests timed out last week", M.REQUESTS),
        ("timeout rate last week", M.REQUESTS),
    ],
)
def test_a_share_or_rate_of_one_kind_is_every_kind_beside_the_whole(text: str, whole: Measure) -> None:
    args = only_query(plan_question(text))
    assert args["measures"] == [whole.value]
    assert args["dimensions"] == [Dimension.ERROR_TYPE.value]
    assert "filters" not in args


def test_a_rate_per_group_is_that_kinds_share_of_each_groups_requests() -> None:
    from netra_core.agents.asked import compute_asked

    a = compute_asked("timeout rate by model", NOW)
    # Not the error rate of every kind (a different question): errors of that kind over each model's requests.
    assert a.measures == [M.ERROR_RATE] and Dimension.ERROR_TYPE not in a.filters and a.error_kinds == ["timeout"]
    args = only_query(plan_question("what is the 429 rate per provider this week"))
    assert args["measures"][0] == "error_rate" and args["error_kinds"] == ["rate_limit"]
    assert args["dimensions"] == ["provider"] and "filters" not in args


@pytest.mark.parametrize(
    "text", ["what share of errors were timeouts this month", "what % of our errors are rate limits"]
)
def test_a_kinds_share_of_the_errors_is_the_error_breakdown_which_states_it(text: str) -> None:
    plan = plan_question(text)
    assert [c.tool for c in plan.calls] == ["get_error_breakdown"]
