"""The planner's check (issue #16): the plan carries every detail asked, in a fixed tool that states it all or in one
semantic query; what the store cannot answer becomes intent `cannot`, never a silent substitution."""

from __future__ import annotations

from typing import Any

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.query_plan import QUERY_TOOL, TOOL_STATES, compute_query_label, compute_window_bounds
from netra_core.agents.supervisor import apply_references, compute_cannot_text
from netra_core.agents.triage import Plan, compute_plan
from netra_core.analytics.semantic import Comparison, Dimension, SemanticQuery
from tests.agents.builders import KNOWN, NOW
from tests.agents.question_set import QUESTIONS
from tests.agents.question_set_heldout import QUESTIONS as HELDOUT
from tests.agents.question_set_heldout2 import QUESTIONS as HELDOUT2
from tests.agents.question_set_heldout3 import QUESTIONS as HELDOUT3
from tests.agents.test_question_set import plan_question


def only_query(plan: Plan) -> dict[str, Any]:
    """The plan's one query_metrics call's arguments (fails if the plan is anything else)."""
    assert [c.tool for c in plan.calls] == [QUERY_TOOL], [c.tool for c in plan.calls]
    assert plan.query == plan.calls[0].args
    return plan.calls[0].args


def test_p99_is_asked_of_the_query_not_answered_with_p50_p95() -> None:
    args = only_query(plan_question("p99 latency for the doc summariser last 3 days"))
    assert args["measures"] == ["latency_p99"]
    assert args["filters"] == {"workload": ["doc-summarizer"]} and args["days"] == 3


def test_ttft_is_asked_not_total_latency() -> None:
    args = only_query(plan_question("time to first token for gemini flash"))
    assert args["measures"] == ["ttft_p50", "ttft_p95"]
    assert args["filters"] == {"model": ["gemini-2.0-flash"]}


def test_error_spend_is_asked_not_error_rate() -> None:
    args = only_query(plan_question("how much did we spend on errored requests last month"))
    assert args["measures"] == ["error_spend"]
    assert args["start"].startswith("2026-10-01") and args["end"].startswith("2026-11-01")


def test_quality_trend_is_asked_not_spend_change() -> None:
    plan = plan_question("is quality dropping on the support bot?")
    args = only_query(plan)
    assert args["measures"] == ["quality"]
    assert (args["compare"], args["grain"]) == ("previous_period", "day")
    assert args["filters"] == {"workload": ["support-bot"]}


def test_cost_per_1k_tokens_is_asked_not_token_sizes() -> None:
    args = only_query(plan_question("what's our cost per 1k tokens by model?"))
    assert args["measures"] == ["cost_per_1k_tokens"] and args["dimensions"] == ["model"]


def test_projection_is_asked_not_month_to_date() -> None:
    plan = plan_question("what's our projected spend for this month?")
    args = only_query(plan)
    assert args["project_to"].startswith("2026-12-01")
    assert args["start"].startswith("2026-11-01") and args["end"].startswith("2026-11-20T12:00")


def test_same_day_last_week_compares_the_day_asked() -> None:
    plan = plan_question("how did yesterday's spend compare to the same day last week?")
    args = only_query(plan)
    assert args["compare"] == "same_weekday_last_week"
    assert args["start"].startswith("2026-11-19") and args["end"].startswith("2026-11-20T00:00")


def test_same_day_last_week_without_a_day_is_today_not_the_last_7_days() -> None:
    plan = plan_question("spend vs the same day last week")
    args = only_query(plan)
    assert "days" not in args and args["start"].startswith("2026-11-20T00:00")
    assert plan.window_label == "today so far"


def test_month_over_month_keeps_this_month_as_the_window() -> None:
    args = only_query(plan_question("how is spend this month vs last month?"))
    assert args["compare"] == "previous_month" and args["start"].startswith("2026-11-01")


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("p95 latency by workload", "workload"),
        ("error rate by provider", "provider"),
        ("requests by region last week", "region"),
        ("avg latency per task type", "task_type"),
    ],
)
def test_group_by_reaches_every_measure_not_only_spend(text: str, dimension: str) -> None:
    assert only_query(plan_question(text))["dimensions"] == [dimension]


def test_a_grouping_the_fixed_tool_states_keeps_the_tool() -> None:
    plan = plan_question("spend by model last week")
    assert [(c.tool, c.args.get("by")) for c in plan.calls] == [("get_top_spenders", "model")]
    assert plan.query is None


def test_exclusion_is_asked_and_the_excluded_name_is_no_filter() -> None:
    args = only_query(plan_question("top 3 models by spend excluding the support bot"))
    assert args["exclude"] == {"workload": ["support-bot"]}
    assert "workload" not in args.get("filters", {})
    assert (args["top_n"], args["order_by"], args["dimensions"]) == (3, "spend", ["model"])


def test_ascending_order_is_asked() -> None:
    args = only_query(plan_question("which workload spent the least last week?"))
    assert (args["order"], args["order_by"], args["dimensions"]) == ("asc", "spend", ["workload"])


def test_top_spenders_against_the_period_before_is_the_spend_change_tool() -> None:
    plan = plan_question("which workload's spend climbed the most vs the prior 2 weeks")
    assert plan.intent == "spend_change"
    assert [(c.tool, c.args) for c in plan.calls] == [("get_spend_change", {"days": 14.0, "by": "workload"})]


def test_filters_reach_the_fixed_tool_and_the_query() -> None:
    plan = plan_question("error rate on the support bot by type of error")
    assert [c.tool for c in plan.calls] == ["get_error_breakdown"]
    assert plan.calls[0].args["workloads"] == ["support-bot"]
    # the tool names the top (model, error type) pairs, not every model's rate: one rate per model is the query's
    args = only_query(plan_question("error rate on the support bot by model"))
    assert args["filters"] == {"workload": ["support-bot"]} and args["dimensions"] == ["model"]
    args = only_query(plan_question("error spend on the support bot by model"))
    assert args["filters"] == {"workload": ["support-bot"]} and args["dimensions"] == ["model"]


def test_a_follow_up_keeps_the_query_it_continues() -> None:
    first = plan_question("p99 latency for the doc summarizer")
    plan = plan_question("and for the last 30 days?", previous=first)
    args = only_query(plan)
    assert args["measures"] == ["latency_p99"] and args["days"] == 30
    assert args["filters"] == {"workload": ["doc-summarizer"]}


def test_unanswerable_alone_is_cannot_with_no_calls() -> None:
    plan = plan_question("what's the carbon footprint of our llm usage?")
    assert plan.intent == "cannot" and plan.calls == []
    text = compute_cannot_text(plan)
    assert text.startswith("I cannot answer carbon, energy or power figures")
    assert text.endswith("I have not answered anything in its place.")


def test_unanswerable_beside_an_answerable_ask_says_both() -> None:
    plan = plan_question("spend by provider last week in euros")
    assert plan.intent == "cannot"
    assert [(c.tool, c.args.get("by")) for c in plan.calls] == [("get_spend_change", "provider")]
    text = compute_cannot_text(plan)
    assert "other currencies" in text and "What I answered instead: spend per group" in text


def test_a_missing_percentile_is_said_and_its_neighbours_asked() -> None:
    # (every whole percentile p1-p99 is answered: a fractional one is not, and its neighbours are)
    plan = plan_question("p99.9 latency for the sales agent")
    args = only_query(plan)
    assert plan.intent == "cannot"
    assert args["measures"] == ["latency_p99"]
    text = compute_cannot_text(plan)
    assert text.startswith("I cannot answer p99.9 latency (the query layer computes its whole percentiles, p1 to p99)")
    assert "What I answered instead: p99 latency for sales-agent, over the last 7 days." in text


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("how much did we spend last week?", "get_kpis"),
        ("p95 latency by model", "get_latency_by_model"),
        ("show me errors for the last 3 days", "get_error_breakdown"),
        ("daily spend past 2 weeks", "get_spend_over_time"),  # (by workload: each group per day, a query)
        ("how long are our prompts per workload", "get_token_stats"),
        ("top 5 most expensive workloads last 30 days", "get_top_spenders"),
    ],
)
def test_questions_a_fixed_tool_states_fully_keep_it(text: str, tool: str) -> None:
    plan = plan_question(text)
    assert [c.tool for c in plan.calls] == [tool] and plan.query is None and plan.cannot == []


def test_query_label_names_every_detail() -> None:
    args = only_query(plan_question("top 3 models by p99 ttft excluding the support bot vs the week before"))
    label = compute_query_label(args)
    assert label == ("p99 time to first token by model excluding support-bot, compared with the period before, top 3")


ALL_SETS = [q for s in (QUESTIONS, HELDOUT, HELDOUT2, HELDOUT3) for q in s if not q["follow"]]


@pytest.mark.parametrize("item", ALL_SETS, ids=[q["q"][:40] for q in ALL_SETS])
def test_every_plan_carries_every_detail_asked(item: dict[str, Any]) -> None:
    """Over every question of the four sets: the query holds each measure, grouping, comparison, order, limit and
    projection asked, and validates as a SemanticQuery; a fixed tool kept states them all."""
    plan = plan_question(item["q"])
    asked = compute_asked(item["q"], NOW, KNOWN)
    if plan.query is not None:
        args = plan.query
        assert {*asked.measures, *asked.instead} <= set(args["measures"])
        assert set(asked.dimensions) <= {Dimension(d) for d in args.get("dimensions", [])}
        assert Comparison(args.get("compare", "none")) == asked.compare
        assert args.get("top_n") == asked.top_n and args.get("order", "desc") == asked.order.value
        assert ("project_to" in args) == (asked.project_to is not None)
        start, end = compute_window_bounds(args, NOW)
        query = {k: v for k, v in args.items() if k not in ("days", "start", "end")}
        SemanticQuery.model_validate({**query, "start": start, "end": end})
    elif plan.intent in TOOL_STATES_INTENTS and not asked.cannot:
        for call in plan.calls:
            states = TOOL_STATES[call.tool]
            assert set(asked.measures) <= states["measures"], (call.tool, asked.measures)
            assert asked.compare in (Comparison.NONE, *states.get("compare", ()))
            assert asked.project_to is None and not asked.exclude and not asked.instead


TOOL_STATES_INTENTS = {"kpis", "spend_change", "trend", "top_spenders", "latency", "errors", "tokens", "unit_cost"}


def test_a_follow_up_keeps_order_limit_and_exclusion() -> None:
    first = plan_question("bottom 3 workloads by p95 latency excluding the sales agent")
    args = only_query(plan_question("and for the last 30 days?", previous=first))
    assert (args["order"], args["top_n"], args["exclude"]) == ("asc", 3, {"workload": ["sales-agent"]})
    assert args["measures"] == ["latency_p95"] and args["days"] == 30 and args["dimensions"] == ["workload"]


def test_a_follow_up_of_a_declined_question_is_still_declined() -> None:
    first = plan_question("what was our carbon footprint last week?")
    plan = plan_question("and for last month?", previous=first)
    assert plan.intent == "cannot" and plan.calls == [] and plan.cannot == first.cannot


def test_a_declined_comparison_keeps_its_tool_and_says_what_it_could_not_do() -> None:
    plan = plan_question("compare gpt-4o-mini and claude haiku, prices in euros please")
    assert plan.intent == "cannot"
    assert [c.tool for c in plan.calls] == ["get_model_comparison"]
    assert "What I answered instead: the model comparison." in compute_cannot_text(plan)


def test_cached_tokens_are_asked_not_repeated_prompts() -> None:
    args = only_query(plan_question("how many cached tokens did the search rag use?"))
    assert args["measures"] == ["cached_tokens"] and args["filters"] == {"workload": ["search-rag"]}


def test_ranking_by_another_measure_is_not_the_top_spenders_tool() -> None:
    args = only_query(plan_question("top users by requests"))
    assert args["measures"] == ["requests"] and args["dimensions"] == ["user"]


def test_this_week_against_last_week_is_the_same_days_a_week_before() -> None:
    """Monday to now against last Monday to the same weekday and hour, not the hours just before Monday."""
    args = only_query(plan_question("how does this week compare to last week?"))
    assert args["compare"] == "same_weekday_last_week" and args["start"].startswith("2026-11-16")


def test_a_named_month_compared_with_the_one_before() -> None:
    args = only_query(plan_question("how much did we spend in october vs september"))
    # a named month compared: the whole month before (the same window as previous_month for a whole month)
    assert args["compare"] == "previous_full_month" and args["start"].startswith("2026-10-01")
    assert args["end"].startswith("2026-11-01")


def test_on_track_is_a_projection() -> None:
    args = only_query(plan_question("are we on track to stay under 5k this month?"))
    assert args["project_to"].startswith("2026-12-01") and "spend" in args["measures"]


def test_cheapest_workloads_are_the_orgs_not_the_catalogs() -> None:
    plan = plan_question("give me the 5 cheapest workloads")
    args = only_query(plan)
    assert plan.intent == "top_spenders"
    assert (args["dimensions"], args["order"], args["top_n"]) == (["workload"], "asc", 5)


def test_cheapest_model_for_a_task_stays_a_catalog_question() -> None:
    assert [c.tool for c in plan_question("cheapest model for classification").calls] == ["get_catalog"]


def test_a_weekly_trend_with_no_window_spans_several_weeks() -> None:
    args = only_query(plan_question("what's the weekly trend in p95 latency for the sales agent"))
    assert (args["grain"], args["days"]) == ("week", 56.0)


def test_a_latency_threshold_share_is_declined_and_the_percentiles_given_instead() -> None:
    plan = plan_question("what's the latency SLO breach rate")
    assert plan.intent == "cannot" and [c.tool for c in plan.calls] == ["get_latency_by_model"]
    assert "What I answered instead: latency p50 and p95 per model." in compute_cannot_text(plan)


def test_the_window_is_whole_days_or_start_and_end() -> None:
    assert only_query(plan_question("p99 latency last 3 days"))["days"] == 3
    args = only_query(plan_question("p99 latency over the last 6 hours"))
    assert (
        "days" not in args
        and args["end"].startswith("2026-11-20T12:00")
        and args["start"].startswith("2026-11-20T06:00")
    )


def test_spend_per_group_growing_fastest_is_the_spend_change_tool() -> None:
    plan = plan_question("what's the fastest growing model by spend")
    assert plan.intent == "spend_change"
    assert [(c.tool, c.args.get("by")) for c in plan.calls] == [("get_spend_change", "model")]


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("what percentage of spend is from anthropic?", "provider"),
        ("how much of our spend is the support bot", "workload"),
    ],
)
def test_a_share_of_the_whole_groups_by_the_named_dimension_instead_of_filtering(text: str, dimension: str) -> None:
    args = only_query(plan_question(text))
    assert args["dimensions"] == [dimension] and "filters" not in args


def test_a_share_the_tool_states_keeps_the_tool() -> None:
    assert [c.tool for c in plan_question("how much of our spend is batch-able? past 2 weeks").calls] == [
        "get_batchable_spend"
    ]


def test_a_saved_filter_reaches_the_query() -> None:
    """A cited @filter fills the names the message leaves open; the plan is checked again, the query kept."""
    text = "p99 latency last 3 days"
    plan = apply_references(
        plan_question(text), text, [{"name": "bot", "payload": {"filter": {"workloads": ["support-bot"]}}}], NOW
    )
    args = only_query(plan)
    assert args["measures"] == ["latency_p99"] and args["filters"] == {"workload": ["support-bot"]}
    assert args["days"] == 3


def test_a_saved_filter_on_a_declined_question_keeps_it_declined() -> None:
    text = "p99.9 latency last 3 days"
    plan = apply_references(
        plan_question(text), text, [{"name": "bot", "payload": {"filter": {"workloads": ["support-bot"]}}}], NOW
    )
    assert plan.intent == "cannot" and plan.cannot
    assert only_query(plan)["filters"] == {"workload": ["support-bot"]}


def test_a_window_the_query_cannot_take_is_said_not_dropped() -> None:
    """ "today" asked at midnight is an empty window: the query cannot take it, and the answer says so."""
    plan = compute_plan("p99 latency today", known=KNOWN, catalog_models=[], own_org="acme", now=NOW.replace(hour=0))
    assert plan.intent == "cannot" and any(c.startswith("the query as asked") for c in plan.cannot)


def test_a_declined_ask_about_a_tools_subject_keeps_that_tool() -> None:
    plan = plan_question("whats the ROI of caching")
    assert plan.intent == "cannot" and [c.tool for c in plan.calls] == ["get_duplicate_share"]
    assert "What I answered instead: repeated prompts and what they cost." in compute_cannot_text(plan)


def test_a_declined_headline_ask_answers_nothing_else() -> None:
    plan = plan_question("how much energy did we use last week")
    assert plan.intent == "cannot" and plan.calls == []


def test_sessions_per_user_is_sessions_over_users_not_a_cost() -> None:
    # (#16: the distinct sessions over the distinct users, one figure; a list of each user's sessions left the ratio
    # asked for unsaid)
    args = only_query(plan_question("sessions per user"))
    assert (args["measures"], args.get("dimensions")) == (["sessions_per_user"], None)


# --- issue #16, second round: plans for the classes of question the number-checked set found answered wrongly ---


@pytest.mark.parametrize(
    "text",
    [
        "is spend per day this month running higher or lower than in october?",
        "are we spending less per day than october's daily average, or more?",
    ],
)
def test_higher_or_lower_is_a_comparison_not_an_optimisation(text: str) -> None:
    plan = plan_question(text)
    assert plan.intent != "optimize"
    args = only_query(plan)
    assert args["compare"] == "previous_full_month" and "grain" not in args
    assert args["start"].startswith("2026-11-01")


def test_lower_the_bill_is_still_an_optimisation() -> None:
    assert plan_question("lower our bill by 20% without hurting quality").intent == "optimize"


def test_two_named_months_are_one_query_comparing_them() -> None:
    args = only_query(plan_question("how did september's spend compare with august's?"))
    assert (args["compare"], args["start"][:10], args["end"][:10]) == (
        "previous_full_month",
        "2026-09-01",
        "2026-10-01",
    )


def test_cheapest_per_call_ranks_cost_per_request_not_spend() -> None:
    args = only_query(plan_question("which workload was least expensive per call in the past 2 weeks?"))
    assert args["measures"] == ["cost_per_request"] and args["dimensions"] == ["workload"]
    assert (args["order_by"], args["order"]) == ("cost_per_request", "asc")


def test_one_request_of_a_workload_is_its_cost_per_request() -> None:
    args = only_query(plan_question("how much does a single code-review request cost us"))
    assert args["measures"] == ["cost_per_request"] and args["filters"] == {"workload": ["code-review"]}


def test_a_share_of_spend_groups_by_the_named_values_dimension() -> None:
    args = only_query(plan_question("what percentage of our costs is anthropic this month?"))
    assert args["measures"] == ["spend"] and args["dimensions"] == ["provider"] and "filters" not in args


def test_spend_per_day_over_named_dates_is_a_daily_series() -> None:
    plan = plan_question("give me each day's spend from nov 3 to nov 9")
    assert plan.window["start"].startswith("2026-11-03") and plan.window["end"].startswith("2026-11-10")
    assert [c.tool for c in plan.calls] in (["get_spend_over_time"], [QUERY_TOOL])
    assert plan.calls[0].args.get("grain") == "day"


def test_two_named_values_of_one_dimension_are_compared_side_by_side() -> None:
    args = only_query(plan_question("what was our cost per request on anthropic vs openai last month"))
    assert args["measures"] == ["cost_per_request"] and args["dimensions"] == ["provider"]
    assert sorted(args["filters"]["provider"]) == ["anthropic", "openai"]


def test_two_named_values_summed_when_asked_together() -> None:
    plan = plan_question("combined spend of the support bot and the sales agent this week")
    assert "workload" not in (plan.query or {}).get("dimensions", [])


def test_measured_latency_of_two_catalog_models_is_the_orgs_traffic() -> None:
    plan = plan_question("Average latency for claude sonnet vs gpt-4o over the last 30 days")
    args = only_query(plan)
    assert args["measures"] == ["latency_avg"] and args["dimensions"] == ["model"]
    assert sorted(args["filters"]["model"]) == ["claude-3-5-sonnet", "gpt-4o"]


# --- the second number set's classes, worded differently ------------------------------------------------------


def test_a_misspelt_quality_by_provider_is_asked_of_the_query() -> None:
    args = only_query(plan_question("mean qualiy score per provider over the past 2 weeks"))
    assert args["measures"] == ["quality"] and args["dimensions"] == ["provider"]


def test_dollars_per_req_by_model_is_the_unit_cost_not_spend() -> None:
    args = only_query(plan_question("$/req for each model, last 10 days"))
    assert args["measures"] == ["cost_per_request"] and args["dimensions"] == ["model"]


def test_input_versus_output_tokens_are_two_totals() -> None:
    args = only_query(plan_question("tokens this month: input vs output"))
    assert args["measures"] == ["input_tokens", "output_tokens"]


def test_whole_days_window_ends_at_midnight() -> None:
    args = only_query(plan_question("requests per day over the last 5 complete days"))
    assert str(args["start"]).startswith("2026-11-15") and str(args["end"]).startswith("2026-11-20T00:00")


def test_churn_declined_naming_what_was_answered_instead() -> None:
    plan = plan_question("what was our churn in october, and our spend")
    assert plan.cannot and compute_cannot_text(plan).startswith("I cannot answer customer churn")
