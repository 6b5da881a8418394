"""compute_asked: every detail a question asks for, one test per phrasing family (issue #16).

Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.asked import Asked, compute_asked
from netra_core.agents.asked_measures import LATENCY_PERCENTILES, TTFT_PERCENTILES
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure, Order
from tests.agents.builders import KNOWN, NOW

M = Measure


def asked(text: str, now: datetime = NOW) -> Asked:
    return compute_asked(text, now, KNOWN)


# --- latency and time to first token -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["p99 latency last week", "99th percentile latency", "p99 latencey for the doc bot"])
def test_p99_latency_is_p99_not_p50_or_p95(text: str) -> None:
    assert asked(text).measures == [M.LATENCY_P99]


def test_p90_latency() -> None:
    assert asked("what's the p90 response time").measures == [M.LATENCY_P90]


@pytest.mark.parametrize("text", ["median latency on gpt-4o", "p50 latency"])
def test_median_is_p50(text: str) -> None:
    assert asked(text).measures == [M.LATENCY_P50]


def test_two_percentiles_named_are_both_kept() -> None:
    assert asked("p50 and p99 latency by model").measures == [M.LATENCY_P50, M.LATENCY_P99]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p75 latency for the support bot", [M.LATENCY_P75]),
        ("75th percentile response time by model", [M.LATENCY_P75]),
        ("what's the p25 latency", [M.LATENCY_P25]),
        ("80th pct latency over the last 48 hours", [M.LATENCY_P80]),
        ("p75 time to first token per workload", [M.TTFT_P75]),
        ("ttft p80 and p99", [M.TTFT_P80, M.TTFT_P99]),
    ],
)
def test_p25_p75_and_p80_are_computed(text: str, expected: list[M]) -> None:
    a = asked(text)
    assert a.measures == expected and not a.instead and not a.cannot


def test_every_whole_percentile_is_answerable() -> None:
    a = asked("p85 latency for the support bot")  # every level p1..p99 is in the layer's vocabulary (issue #16)
    assert 85 in LATENCY_PERCENTILES
    assert a.measures == [M("latency_p85")] and not a.instead and not a.cannot


def test_a_fractional_percentile_is_unanswerable() -> None:
    a = asked("p99.9 latency")
    assert a.cannot and a.cannot[0].startswith("p99.9 latency")
    assert a.instead == [M.LATENCY_P99]


@pytest.mark.parametrize("text", ["ttft for gemini flash", "time to first token on haiku", "tiem to first token?"])
def test_ttft_is_ttft_not_total_latency(text: str) -> None:
    assert asked(text).measures == [M.TTFT_P50, M.TTFT_P95]


def test_ttft_percentile() -> None:
    assert asked("p99 ttft last 3 days").measures == [M.TTFT_P99]
    assert 99 in TTFT_PERCENTILES


def test_average_ttft() -> None:
    assert asked("average time to first token").measures == [M.TTFT_AVG]


def test_average_latency() -> None:
    assert asked("avg latency per model").measures == [M.LATENCY_AVG]


def test_latency_and_ttft_together() -> None:
    assert asked("p95 latency and ttft for sonnet").measures == [M.LATENCY_P95, M.TTFT_P95]


@pytest.mark.parametrize("text", ["how slow is the sales agent", "latency last week", "what's our response time"])
def test_latency_unqualified_is_p50_and_p95(text: str) -> None:
    assert asked(text).measures == [M.LATENCY_P50, M.LATENCY_P95]


# --- errors -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how much did we spend on errored requests last month",
        "what did failed calls cost us",
        "cost of the failed requests",
        "dollars wasted on timeouts",
    ],
)
def test_money_spent_on_errors_is_error_spend_not_error_rate(text: str) -> None:
    a = asked(text)
    assert M.ERROR_SPEND in a.measures
    assert M.ERROR_RATE not in a.measures and M.SPEND not in a.measures


@pytest.mark.parametrize("text", ["error rate by model", "what's the failure rate", "failure rate on groq"])
def test_error_rate(text: str) -> None:
    assert asked(text).measures == [M.ERROR_RATE]


@pytest.mark.parametrize("text", ["how many errors yesterday", "number of failed requests", "error count by type"])
def test_error_count(text: str) -> None:
    assert M.ERRORS in asked(text).measures


def test_errors_unqualified_are_rate_and_count() -> None:
    assert asked("show me errors for the last 3 days").measures == [M.ERROR_RATE, M.ERRORS]


# --- unit costs and tokens --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["cost per request by model", "what's the $ per call", "unit cost"])
def test_cost_per_request(text: str) -> None:
    assert asked(text).measures == [M.COST_PER_REQUEST]


@pytest.mark.parametrize("text", ["cost per 1k tokens by model", "what do we pay per 1,000 tokens", "$/1k tokens"])
def test_cost_per_1k_tokens_is_not_token_sizes(text: str) -> None:
    assert asked(text).measures == [M.COST_PER_1K_TOKENS]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("input tokens by workload", M.INPUT_TOKENS),
        ("how many prompt tokens did we send", M.INPUT_TOKENS),
        ("output tokens last week", M.OUTPUT_TOKENS),
        ("completion tokens for the code bot", M.OUTPUT_TOKENS),
        ("cached tokens this month", M.CACHED_TOKENS),
        ("reasoning tokens on o1", M.REASONING_TOKENS),
        ("total tokens by provider", M.TOTAL_TOKENS),
    ],
)
def test_tokens_by_kind(text: str, measure: Measure) -> None:
    assert measure in asked(text).measures


def test_average_token_kinds_are_per_request_means() -> None:
    assert asked("average prompt tokens for the summarizer").measures == [M.AVG_INPUT_TOKENS]
    assert asked("avg completion tokens per model").measures == [M.AVG_OUTPUT_TOKENS]


def test_cost_per_user_is_a_unit_not_a_grouping() -> None:
    a = asked("what's our spend per user")
    assert a.dimensions == []
    assert M.SPEND not in a.measures


# --- quality, users, requests, spend ----------------------------------------------------------------------------


def test_quality_plain() -> None:
    a = asked("what's the mean quality of the ticket classifier?")
    assert a.measures == [M.QUALITY]
    assert a.compare == Comparison.NONE


@pytest.mark.parametrize(
    "text", ["is quality dropping?", "has quality gotten worse on the support bot", "quality trend"]
)
def test_quality_trend_compares_with_the_period_before_per_day(text: str) -> None:
    a = asked(text)
    assert a.measures == [M.QUALITY]
    assert (a.compare, a.grain) == (Comparison.PREVIOUS_PERIOD, Grain.DAY)


@pytest.mark.parametrize("text", ["how many active users this week", "number of unique users", "DAU last month"])
def test_users(text: str) -> None:
    assert M.USERS in asked(text).measures


def test_users_as_a_grouping_is_not_the_user_count() -> None:
    a = asked("spend by user")
    assert M.USERS not in a.measures and a.dimensions == [Dimension.USER]


def test_request_count() -> None:
    assert asked("how many requests did the support bot handle").measures == [M.REQUESTS]


@pytest.mark.parametrize("text", ["how much did we spend last week?", "total cost this month", "what's the bill"])
def test_spend(text: str) -> None:
    assert asked(text).measures == [M.SPEND]


def test_a_plain_question_asks_nothing_more() -> None:
    a = asked("how much did we spend last week?")
    assert not a.is_specific()
    assert a.window == {"days": 7.0}


# --- comparisons ------------------------------------------------------------------------------------------------


def test_same_weekday_last_week_keeps_the_day_asked() -> None:
    a = asked("spend yesterday vs the same day last week")
    assert a.compare == Comparison.SAME_WEEKDAY_LAST_WEEK
    assert a.cut
    assert a.window == {"start": "2026-11-19T00:00:00+00:00", "end": "2026-11-20T00:00:00+00:00"}


def test_same_weekday_without_a_day_reads_no_window_from_last_week() -> None:
    a = asked("how does spend compare to the same day last week?")
    assert a.compare == Comparison.SAME_WEEKDAY_LAST_WEEK
    assert a.window == {}  # "last week" belonged to the comparison


@pytest.mark.parametrize("text", ["spend month over month", "this month vs last month", "costs compared to last month"])
def test_previous_month(text: str) -> None:
    a = asked(text)
    assert a.compare == Comparison.PREVIOUS_MONTH
    assert a.window.get("start", "2026-11-01").startswith("2026-11-01")  # never October: that is the comparison


@pytest.mark.parametrize("text", ["spend year over year", "requests vs the same period last year", "yoy spend"])
def test_previous_year(text: str) -> None:
    assert asked(text).compare == Comparison.PREVIOUS_YEAR


def test_previous_period_phrase_is_cut_before_the_window_is_read() -> None:
    a = asked("spend last week vs the week before")
    assert a.compare == Comparison.PREVIOUS_PERIOD
    assert a.window == {"days": 7.0}


def test_a_comparison_holding_a_number_is_the_window() -> None:
    a = asked("which workload's spend climbed the most vs the prior 2 weeks")
    assert a.compare == Comparison.PREVIOUS_PERIOD
    assert not a.cut and a.window == {"days": 14.0}


def test_a_change_asked_of_a_non_spend_measure_compares_periods() -> None:
    assert asked("is ttft getting worse?").compare == Comparison.PREVIOUS_PERIOD
    assert asked("did the error rate go up").compare == Comparison.PREVIOUS_PERIOD


def test_over_the_last_weeks_is_a_window_not_a_comparison() -> None:
    a = asked("how has the sales agent's spend trended over the last 3 weeks")
    assert a.compare == Comparison.NONE and a.window == {"days": 21.0}


# --- projection -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["projected spend this month", "what will we spend by the end of the month", "month-end forecast"]
)
def test_projection_to_month_end_runs_from_month_to_date(text: str) -> None:
    a = asked(text)
    assert a.project_to == datetime(2026, 12, 1, tzinfo=UTC)
    assert a.window["start"].startswith("2026-11-01")
    assert a.measures in ([M.SPEND], [])


def test_projection_to_quarter_and_year_end() -> None:
    summer = datetime(2026, 8, 10, 9, 0, tzinfo=UTC)
    assert asked("forecast spend to the end of the quarter", summer).project_to == datetime(2026, 10, 1, tzinfo=UTC)
    assert asked("projected spend for the year", summer).project_to == datetime(2027, 1, 1, tzinfo=UTC)
    assert asked("forecast spend to the end of the quarter", summer).window["start"].startswith("2026-07-01")


def test_projection_keeps_a_window_named() -> None:
    a = asked("at the run rate of the last 7 days, what will we spend by end of month")
    assert a.window == {"days": 7.0} and a.project_to == datetime(2026, 12, 1, tzinfo=UTC)


def test_month_to_date_is_not_a_projection() -> None:
    assert asked("spend this month").project_to is None


# --- top-N and order --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("top 5 workloads", 5),
        ("top three models by spend", 3),
        ("the 3 most expensive models", 3),
        ("bottom 10 users", 10),
    ],
)
def test_top_n(text: str, n: int) -> None:
    assert asked(text).top_n == n


@pytest.mark.parametrize("text", ["which workload spent the least", "cheapest models we use", "lowest error rate"])
def test_ascending(text: str) -> None:
    assert asked(text).order == Order.ASC


def test_at_least_is_not_ascending() -> None:
    assert asked("workloads with at least 100 requests").order == Order.DESC


# --- grouping and grain -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("spend by model", Dimension.MODEL),
        ("which provider costs most", Dimension.PROVIDER),
        ("spend per vendor", Dimension.PROVIDER),
        ("latency by workload", Dimension.WORKLOAD),
        ("cost split by feature", Dimension.WORKLOAD),
        ("requests per app", Dimension.WORKLOAD),
        ("spend by task type", Dimension.TASK_TYPE),
        ("top customers by spend", Dimension.USER),
        ("errors by error type", Dimension.ERROR_TYPE),
        ("requests by region", Dimension.REGION),
        ("requests grouped by status", Dimension.STATUS),
    ],
)
def test_group_by(text: str, dimension: Dimension) -> None:
    assert asked(text).dimensions == [dimension]


@pytest.mark.parametrize(
    ("text", "dimension"),
    [("top 10 most expensive workloads", Dimension.WORKLOAD), ("bottom 3 models by p95 latency", Dimension.MODEL)],
)
def test_group_by_after_top_or_bottom_n(text: str, dimension: Dimension) -> None:
    assert asked(text).dimensions == [dimension]


def test_two_groupings() -> None:
    assert asked("spend by model and by workload").dimensions == [Dimension.MODEL, Dimension.WORKLOAD]


@pytest.mark.parametrize(
    ("text", "grain"),
    [
        ("daily spend", Grain.DAY),
        ("requests per week", Grain.WEEK),
        ("hourly latency", Grain.HOUR),
        ("quality over time", Grain.DAY),
        ("monthly spend by provider", Grain.MONTH),
    ],
)
def test_grain(text: str, grain: Grain) -> None:
    assert asked(text).grain == grain


# --- names: filters and exclusions ------------------------------------------------------------------------------


def test_names_become_filters() -> None:
    a = asked("p99 latency for gpt 4o mini on search rag")
    assert a.filters == {Dimension.MODEL: ["gpt-4o-mini"], Dimension.WORKLOAD: ["search-rag"]}


def test_provider_filter() -> None:
    assert asked("anthropic spend last week").filters == {Dimension.PROVIDER: ["anthropic"]}


@pytest.mark.parametrize("text", ["spend by model excluding the support bot", "spend other than the support bot"])
def test_exclusions(text: str) -> None:
    a = asked(text)
    assert a.exclude == {Dimension.WORKLOAD: ["support-bot"]}
    assert Dimension.WORKLOAD not in a.filters


# --- what the store cannot answer -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["spend in euros", "what did we spend in GBP", "cost in €"])
def test_other_currencies(text: str) -> None:
    assert any("currencies" in c for c in asked(text).cannot)


@pytest.mark.parametrize("text", ["what's our carbon footprint", "how much energy did the models use"])
def test_carbon_and_energy(text: str) -> None:
    assert any("carbon" in c for c in asked(text).cannot)


def test_gpu() -> None:
    assert any("GPU" in c for c in asked("how many gpu hours did we use").cannot)


@pytest.mark.parametrize("text", ["what's our profit margin on the support bot", "revenue per request"])
def test_revenue_and_profit(text: str) -> None:
    assert any("revenue" in c for c in asked(text).cannot)


def test_sentiment() -> None:
    assert any("sentiment" in c for c in asked("are users satisfied with the support bot").cannot)


@pytest.mark.parametrize("text", ["what are users asking the support bot", "show me the prompt text of failed calls"])
def test_prompt_contents(text: str) -> None:
    assert any("prompts" in c for c in asked(text).cannot)


@pytest.mark.parametrize(
    "text",
    [
        "list a few example prompts sent to sales-agent last week",
        "what did folks type into doc-summarizer on monday?",
        "can I see the raw conversations from the ticket bot",
    ],
)
def test_prompt_contents_asked_for_as_examples_or_what_was_typed(text: str) -> None:
    assert any("prompts" in c for c in asked(text).cannot)


@pytest.mark.parametrize(
    "text",
    [
        "how many customers did we lose to churn in september",
        "user retention last quarter",
        "new signups this month",
        "what is our customer lifetime value",
    ],
)
def test_customer_lifecycle_is_unanswerable(text: str) -> None:
    assert any("churn" in c for c in asked(text).cannot)


def test_headcount() -> None:
    assert any("headcount" in c for c in asked("what is our llm spend per employee").cannot)


@pytest.mark.parametrize(
    "text",
    [
        "how much did we spend last week?",
        "p95 latency by model",
        "cut our bill 30% without dropping quality below 0.9",
        "compare gpt-4o-mini and claude haiku",
        "why did spend jump last tuesday?",
        "top users by requests",
    ],
)
def test_ordinary_questions_are_answerable(text: str) -> None:
    assert asked(text).cannot == []


def test_requests_named_alone_are_the_measure() -> None:
    assert asked("what's our month-over-month growth in requests?").measures == [M.REQUESTS]
    assert asked("requests by region").measures == [M.REQUESTS]


def test_rank_is_a_grouping_word() -> None:
    assert asked("rank providers by cost per request").dimensions == [Dimension.PROVIDER]


def test_session_count() -> None:
    assert asked("how many sessions did the support bot have").measures == [M.SESSIONS]


def test_get_worse_is_a_change() -> None:
    assert asked("did latency get worse after tuesday").compare == Comparison.PREVIOUS_PERIOD


def test_happiest_users_is_sentiment() -> None:
    assert any("sentiment" in c for c in asked("which users are happiest").cannot)


def test_threshold_share_is_the_latency_band() -> None:
    a = asked("what share of requests are over 2 seconds")
    assert a.measures == [M.LATENCY_BAND_SHARE] and a.latency_band is not None and a.latency_band.value == 2000


@pytest.mark.parametrize("text", ["which workload's spend grew fastest", "what's the fastest growing model by spend"])
def test_growing_fastest_is_growth_not_speed(text: str) -> None:
    a = asked(text)
    assert a.measures == [M.SPEND] and a.compare == Comparison.PREVIOUS_PERIOD and a.order == Order.DESC
    assert len(a.dimensions) == 1


def test_fastest_alone_is_speed() -> None:
    a = asked("which model is fastest")
    assert a.measures == [M.LATENCY_P50, M.LATENCY_P95] and a.order == Order.ASC


def test_input_and_output_tokens_together() -> None:
    assert asked("how many input and output tokens did we use yesterday?").measures == [M.INPUT_TOKENS, M.OUTPUT_TOKENS]


def test_a_second_grouping_after_and() -> None:
    assert asked("group spend by task type and model").dimensions == [Dimension.TASK_TYPE, Dimension.MODEL]


@pytest.mark.parametrize(
    "text",
    ["at the current pace, how much will we spend this month?", "how much will we spend this month at this rate"],
)
def test_a_future_total_of_this_month_is_a_projection(text: str) -> None:
    assert asked(text).project_to == datetime(2026, 12, 1, tzinfo=UTC)


def test_an_average_of_something_else_is_not_average_latency() -> None:
    assert asked("average cost and p95 latency by model").measures[:1] == [M.LATENCY_P95]
    assert M.LATENCY_AVG not in asked("average cost and p95 latency by model").measures


def test_a_percentile_of_tokens_is_not_latency() -> None:
    assert not {M.LATENCY_P95, M.LATENCY_P50} & set(asked("p95 prompt tokens per workload").measures)


def test_same_week_last_month() -> None:
    a = asked("spend this week vs the same week last month")
    assert a.compare == Comparison.PREVIOUS_MONTH and a.window["start"].startswith("2026-11-16")


def test_what_changed_in_a_measure_compares_periods() -> None:
    assert asked("what changed in latency since monday").compare == Comparison.PREVIOUS_PERIOD


def test_power_draw_is_energy() -> None:
    assert any("energy" in c for c in asked("how much power do our models draw").cannot)


# --- issue #16, second round: the classes of question the number-checked set found answered wrongly -----------


@pytest.mark.parametrize(
    ("text", "window_start", "window_end"),
    [
        ("how did august compare to september for spend?", "2026-09-01", "2026-10-01"),
        ("October vs. September costs", "2026-10-01", "2026-11-01"),
        ("what changed between our june and july bill", "2026-07-01", "2026-08-01"),
    ],
)
def test_two_named_months_compare_the_later_with_the_whole_earlier(
    text: str, window_start: str, window_end: str
) -> None:
    a = asked(text)
    assert a.compare == Comparison.PREVIOUS_FULL_MONTH and a.cut
    assert a.window["start"].startswith(window_start) and a.window["end"].startswith(window_end)


def test_two_months_far_apart_are_not_read_as_month_over_month() -> None:
    assert asked("compare march and october spend").compare != Comparison.PREVIOUS_FULL_MONTH


@pytest.mark.parametrize(
    "text",
    [
        "is the daily average spend this month above or below september's?",
        "how does our mean daily cost so far this month compare with the average per day in october",
        "are we spending more per day on average than in october?",
    ],
)
def test_a_daily_average_is_per_day_normalisation_not_a_daily_series(text: str) -> None:
    a = asked(text)
    assert a.grain is None and a.measures == [M.SPEND]
    assert a.compare == Comparison.PREVIOUS_FULL_MONTH


@pytest.mark.parametrize(
    "text",
    [
        "which workload is the least expensive per call?",
        "what's the cheapest model per request this week",
        "how much does a single code-review request cost us",
        "what did each support-bot call cost on average last month",
    ],
)
def test_cost_of_one_request_is_cost_per_request(text: str) -> None:
    a = asked(text)
    assert a.measures == [M.COST_PER_REQUEST]


def test_cheapest_per_call_sorts_cost_per_request_up() -> None:
    a = asked("which provider was cheapest per call over the last 2 weeks")
    assert a.measures == [M.COST_PER_REQUEST] and a.order == Order.ASC and a.dimensions == [Dimension.PROVIDER]


@pytest.mark.parametrize(
    "text",
    [
        "count the 429s and the timeouts from yesterday",
        "how many rate limit hits vs timed out calls this week",
        "number of server errors and timeouts on gpt-4o",
    ],
)
def test_two_error_kinds_named_are_counted_per_error_type(text: str) -> None:
    a = asked(text)
    assert Dimension.ERROR_TYPE in a.dimensions and M.ERRORS in a.measures


def test_one_error_kind_named_is_no_grouping() -> None:
    assert asked("any timeouts from groq this week?").dimensions == []


@pytest.mark.parametrize("text", ["average cost of a gpt-4o request this month", "mean price per api call last week"])
def test_an_average_cost_of_a_request_is_cost_per_request(text: str) -> None:
    assert asked(text).measures == [M.COST_PER_REQUEST]


@pytest.mark.parametrize(
    "text", ["what % of requests went to claude-3-5-sonnet", "what percentage of calls were gpt-4o"]
)
def test_a_percent_sign_asks_a_share(text: str) -> None:
    a = asked(text)
    assert a.share and M.REQUESTS in a.measures


@pytest.mark.parametrize(
    ("text", "n"), [("which two providers cost the most in october?", 2), ("what 3 workloads spent the most", 3)]
)
def test_which_n_cost_the_most_is_a_top_n(text: str, n: int) -> None:
    assert asked(text).top_n == n


@pytest.mark.parametrize(
    "text", ["how did wednesday's spend compare with the wednesday before?", "monday vs the previous monday"]
)
def test_the_weekday_before_is_the_same_weekday_last_week(text: str) -> None:
    assert asked(text).compare == Comparison.SAME_WEEKDAY_LAST_WEEK


def test_tokens_cost_per_1k_said_in_another_order() -> None:
    assert asked("what did tokens cost us per 1k on the doc-summarizer last month?").measures == [M.COST_PER_1K_TOKENS]


@pytest.mark.parametrize(
    ("text", "grain"),
    [
        ("in november so far, which day had the highest spend?", Grain.DAY),
        ("what hour was busiest yesterday", Grain.HOUR),
    ],
)
def test_which_day_had_the_most_ranks_the_buckets(text: str, grain: Grain) -> None:
    a = asked(text)
    assert (a.grain, a.top_n) == (grain, 1)


@pytest.mark.parametrize(
    "text", ["what's the average number of output tokens per request for code-review?", "completion tokens per call"]
)
def test_tokens_per_request_are_the_mean_not_the_sum(text: str) -> None:
    assert asked(text).measures == [M.AVG_OUTPUT_TOKENS]


@pytest.mark.parametrize(
    "text", ["compare spend nov 1-7 vs nov 8-14", "spend from nov 1 to nov 7 compared with nov 8 to nov 14"]
)
def test_two_adjacent_ranges_compare_the_later_with_the_one_before(text: str) -> None:
    a = asked(text)
    assert a.compare == Comparison.PREVIOUS_PERIOD
    assert (a.window["start"][:10], a.window["end"][:10]) == ("2026-11-08", "2026-11-15")


def test_a_month_followed_by_a_day_is_a_date_not_a_month_compared() -> None:
    assert asked("spend vs nov 8").compare != Comparison.PREVIOUS_FULL_MONTH


def test_days_of_one_month_named_once_are_a_range() -> None:
    a = asked("what did the support bot cost oct 3-9")
    assert (a.window["start"][:10], a.window["end"][:10]) == ("2026-10-03", "2026-10-10")


# --- windows typed loosely: whole days, a possessive without its apostrophe, "14d" compared -------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("daily cost over the past 3 complete days", "2026-11-17", "2026-11-20"),
        ("requests for the last two whole weeks", "2026-11-02", "2026-11-16"),
    ],
)
def test_whole_days_or_weeks_end_at_midnight_not_now(text: str, start: str, end: str) -> None:
    window = asked(text).window
    assert (str(window["start"])[:10], str(window["end"])[:10]) == (start, end)


def test_a_possessive_day_without_its_apostrophe_is_that_day() -> None:
    a = asked("todays requests against the same day a week ago")
    assert a.compare == Comparison.SAME_WEEKDAY_LAST_WEEK
    assert str(a.window["start"])[:10] == "2026-11-20"


def test_a_window_written_as_digits_and_a_letter_compared_with_the_one_before() -> None:
    a = asked("error rate past 3d compared to the prior 3d")
    assert (a.compare, a.window) == (Comparison.PREVIOUS_PERIOD, {"days": 3.0})


# --- misspelt measure words, "$/req", tokens split by kind ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("median latnecy for haiku", M.LATENCY_P50),
        ("avg qaulity on the doc bot", M.QUALITY),
        ("how many requsts yesterday", M.REQUESTS),
        ("number of erors this week", M.ERRORS),
    ],
)
def test_a_misspelt_measure_word_is_the_measure_meant(text: str, measure: Measure) -> None:
    assert measure in asked(text).measures


def test_names_and_ordinary_words_are_not_read_as_typos() -> None:
    a = asked("spend on the support-bot and ticket-classifier, broken down by model")
    assert a.measures == [M.SPEND] and a.dimensions[0] == Dimension.MODEL


@pytest.mark.parametrize("text", ["$/call by model this week", "$ / request for each workload"])
def test_dollars_slash_request_is_cost_per_request(text: str) -> None:
    assert asked(text).measures == [M.COST_PER_REQUEST]


@pytest.mark.parametrize("text", ["tokens last week, input versus output", "how many tokens: prompt and completion"])
def test_tokens_split_by_kind_are_both_totals(text: str) -> None:
    assert asked(text).measures == [M.INPUT_TOKENS, M.OUTPUT_TOKENS]


def test_one_kind_named_with_tokens_against_the_other_is_both_totals() -> None:
    assert set(asked("completion vs prompt tokens last week").measures) == {M.INPUT_TOKENS, M.OUTPUT_TOKENS}


@pytest.mark.parametrize("text", ["cost/req by model", "usd / call for support-bot last week"])
def test_cost_slash_request_is_cost_per_request(text: str) -> None:
    assert asked(text).measures == [M.COST_PER_REQUEST]
