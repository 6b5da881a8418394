"""What a question asks for, every detail of it, read before any tool is chosen (issue #16).

`compute_asked` is a pure parse: the measures named (p99 latency, time to first token, dollars spent on errored
requests, cost per 1k tokens, quality and its trend...), the comparison (same weekday last week, month over month,
year over year, the previous period), a projection (run rate to month, quarter or year end), top-N and sort
direction, the grouping, the names filtered on or excluded, the window, and what the store cannot answer at all
(other currencies, carbon, GPUs, revenue, sentiment, prompt contents, headcount) or the query layer lacks (a
percentile it does not compute). The planner (query_plan.py) then keeps a fixed tool only if that tool states all
of it, and otherwise asks the semantic query; nothing asked is dropped or swapped silently.

Its readers live beside it, one concept each: asked_measures.py (the measures, and what cannot be answered),
asked_periods.py (comparisons, projections, run rates), asked_groups.py (groupings, grain, top N, names) and
asked_thresholds.py (a bound on each group's figure, quality bands and quantiles, calls by their status, SQL
fragments read as words) and asked_hours.py (hours of the day over every day of a window).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from netra_core.agents.asked_bands import OneCallBand, compute_several_bands
from netra_core.agents.asked_call_bounds import compute_calls_within
from netra_core.agents.asked_changes import compute_change_bound
from netra_core.agents.asked_claims import compute_claim_mark
from netra_core.agents.asked_clauses import compute_overall_ask, compute_scoped_asks
from netra_core.agents.asked_coverage import COVERAGE_MEASURES, compute_coverage
from netra_core.agents.asked_given import (
    PERCENT_GAP,
    compute_at_rate_name,
    compute_given,
    compute_given_measures,
    compute_referred_number,
)
from netra_core.agents.asked_groups import (
    ASCENDING,
    AVERAGE_DAY_OF_TYPE,
    DAY_SERIES,
    DIM_WORDS,
    HOW_MANY_GROUPS,
    WHICH_BUCKET,
    compute_day_type_filter,
    compute_dimensions,
    compute_grain,
    compute_model_families,
    compute_named,
    compute_top_n,
    compute_weekdays_named,
    is_one_bucket,
)
from netra_core.agents.asked_hours import compute_hour_band, compute_unsaid_part_of_day
from netra_core.agents.asked_measures import (
    CHANGE,
    FRACTION_OF,
    GROWTH,
    LAYER_LACKS,
    QUALITY_TREND,
    SHARE,
    SHARE_OF_NAMED,
    UNANSWERABLE,
    compute_fraction_bound,
    compute_grouped_counts,
    compute_measures,
    compute_ranked_unit_cost,
    is_errors_unnamed,
)
from netra_core.agents.asked_periods import (
    ANNUAL,
    MONTHLY,
    SAME_HOURS_YESTERDAY,
    compute_comparison,
    compute_further_rate_units,
    compute_period_end,
    compute_period_start,
    compute_projection,
    compute_rate,
    compute_split_windows,
    compute_step_grain,
    compute_two_windows,
)
from netra_core.agents.asked_ranked import apply_ranked_measure
from netra_core.agents.asked_series import (
    compute_count_ratios,
    compute_distinct_counts,
    compute_event_times,
    compute_held,
    compute_multi_model_users,
    compute_peak_grain,
    compute_ratio_grouping,
    compute_ratio_measures,
    compute_second_ask,
    compute_series_stats,
    compute_that_per,
)
from netra_core.agents.asked_shares import compute_scope_share, compute_share_part, compute_share_part_before
from netra_core.agents.asked_spans import compute_named_periods, compute_span, is_each_part, is_together
from netra_core.agents.asked_spread import compute_spread_measures, is_bucket_spread
from netra_core.agents.asked_teams import DefinedGroup, compute_defined_groups, compute_groups_asked
from netra_core.agents.asked_thresholds import (
    compute_cost_ask,
    compute_group_threshold,
    compute_latency_ask,
    compute_prompt_ask,
    compute_quality_ask,
    compute_rate_mark,
    compute_share_within,
    compute_sided_measures,
    compute_sql_words,
    compute_status_ask,
    compute_top_percent,
    is_status_split,
)
from netra_core.agents.calendar_range import compute_aligned_comparison, compute_month_parts_said
from netra_core.agents.error_kinds import (
    KIND_ONLY,
    KIND_RATE,
    compute_error_kind_scope,
    compute_error_kinds,
    compute_kinds_left_out,
    compute_part_and_whole,
)
from netra_core.agents.moments import compute_event_windows
from netra_core.agents.quantities import compute_budget_usd, compute_money_cut
from netra_core.agents.shorthand import compute_expanded_shorthand
from netra_core.agents.spoken_numbers import compute_spoken_numbers
from netra_core.agents.timerange import (
    ALL_TIME_START,
    WEEK_BEFORE_LAST,
    TimeRange,
    compute_clock_hours,
    compute_day_type_glossed,
    compute_time_range,
    is_last_week_beside,
)
from netra_core.agents.unheld import (
    compute_answered_beside,
    compute_held_by_groups,
    compute_told_at_moment,
    compute_unheld,
)
from netra_core.agents.written_dates import compute_written_dates
from netra_core.analytics.semantic import (
    CallBound,
    ChangeBound,
    Comparison,
    Cut,
    Dimension,
    Given,
    GivenKind,
    Grain,
    Measure,
    Order,
    RateUnit,
    Threshold,
)

# Where spend stands against a budget ("how much of the $350 budget is left", "what % of our $300/mo budget have we
# used", "will we blow through a $300 budget"): spend beside the budget, not a routing policy that meets it.
_BUDGET_STATUS = re.compile(
    r"\bbudget\b.{0,60}\b(?:left|remain\w*|used|use[sd]? up|consumed|spent|gone|burn\w*|blow\w*|blew|on track|"
    r"on pace|exceed\w*|overspen\w*|(?:go|going|gone|went|be|are|is|were|was) over)\b|"
    r"\b(?:left|remain\w*|(?:how much|what %|what percent\w*|what share|what part|what fraction|% of|percent\w* of)|"
    r"blow\w* (?:through|past)|blew (?:through|past)|burn\w* through|on track|on pace|exceed\w*|overspen\w*|"
    r"(?:go|going|gone|went) over)\b.{0,60}\bbudget\b"
)
# A budget asked of to change what we run ("route to stay under a $300 budget"): the optimizer's.
_BUDGET_ACTION = re.compile(r"\b(?:rout\w*|polic\w*|optimi[sz]\w*|switch\w*|sav(?:e|ing)|cut|reduce|swap\w*|move)\b")

# The gap between two things compared ("and by how many", "how big is the gap", "what's the difference").
# What is left of the whole without the named values ("if we dropped anthropic, what would be left", "the rest",
# "everything else"): the named values beside everything else, and the whole less them, said.
_REST = re.compile(
    r"\b(?:what|how much)\b.{0,40}\b(?:would|will|is|be|does|do)\b.{0,20}\b(?:left|remain\w*)\b"
    r"(?!\s+(?:days?|weeks?|hours?|months?)\b)|"  # "the remaining days of the month": a period's rest
    r"\b(?:the rest(?!\s+of\s+(?:the\s+|this\s+)?(?:day|week|month|quarter|year|january|february|march|april|may|june|"
    r"july|august|september|october|november|december)\b)|everything else|all the others|all others)\b|\bif we (?:dropped|drop|cut|removed?|stopped using|"
    r"ditched|lost|turned off|switched off|got rid of)\b"
)
# The rest of a dimension taken together, against the value named ("compared with all the other workloads combined",
# "vs the rest combined", "against every other model put together").
_REST_NOUNS = {
    "workload": Dimension.WORKLOAD,
    "model": Dimension.MODEL,
    "provider": Dimension.PROVIDER,
    "task type": Dimension.TASK_TYPE,
    "user": Dimension.USER,
}
_VS_REST = re.compile(
    r"\b(?:all|every)\s+(?:the\s+|of\s+the\s+|our\s+)?others?\s+(?P<noun>workloads?|models?|providers?|task types?|users?)"
    r"\b(?=.{0,20}\b(?:combined|together|as a whole|pooled|in aggregate)\b)|"
    r"\b(?:the rest|everything else|all the others|all others)\s+(?:combined|together|put together|pooled)\b"
)
# Everyone but the one named, taken together ("compared with everyone else's", "against the rest of our users").
_EVERYONE_ELSE = re.compile(
    r"\b(?:everyone|everybody|anyone|all)\s+else\b|\b(?:all|every)\s+(?:the\s+|of\s+the\s+|our\s+)?other\s+"
    r"(?:users?|customers?|accounts?|traffic)\b|\bthe\s+rest\s+of\s+(?:the\s+|our\s+)?(?:users?|customers?|accounts?|"
    r"traffic|org|organi[sz]ation|company)\b|\b(?:the|our)\s+other\s+(?:users|customers|accounts)\b"
)
# The window as a whole, beside its buckets ("its error rate for the month", "overall", "in total").
_WHOLE_WINDOW = re.compile(
    r"\b(?:for|over|across|in|during|of)\s+the\s+(?:whole\s+|entire\s+|full\s+)?(?:month|week|quarter|year|period|"
    r"window|fortnight)\b|\boverall\b|\bin total\b|\ball (?:month|week|quarter|year) long\b|"
    r"\b(?:monthly|weekly|quarterly)\s+(?:error rate|success rate|average|mean|total)\b"
)
# The summed measures a share can be of ("share of calls", "of spend", "of tokens").
_SUMMED_SHARES = frozenset([Measure.SPEND, Measure.REQUESTS, Measure.TOTAL_TOKENS])
_OWN_TRAFFIC = re.compile(
    r"\bfor us\b|\bwe(?:'ve| have)? (?:paid|been paying|been charged|spent)\b|\b(?:did|do) we (?:pay|spend)\b|"
    r"\b(?:charged|cost|costs|costed) us\b|\bour (?:own )?(?:traffic|usage|calls|requests|bill)\b|"
    # "what did an average call cost on gpt-4o": what calls did cost, in the past, is what ours cost
    r"\b(?:did|have|has)\s+(?:an?\s+|one\s+|each\s+|the\s+)?(?:average\s+|typical\s+|single\s+|mean\s+)?"
    r"(?:[\w.-]+\s+)?(?:calls?|requests?|queries)\s+(?:\w+\s+){0,2}?cost\b"
)
# "how much of our spend is on gpt-4o-mini vs gpt-4o": what the org's calls cost, not a price list, unless the spend
# is a hypothetical one ("what would our spend be on gpt-4o-mini")
_OUR_SPEND = re.compile(r"\bour (?:own )?(?:spend|spending|costs?|outlay)\b")
_HYPOTHETICAL = re.compile(r"\b(?:would|could|if|were to|instead|switch\w*|mov(?:e|ed|ing)|migrat\w*)\b")
# One thing over another ("how many times more expensive", "the ratio of openai spend to anthropic spend", "A is how
# many times B"): with two named values compared, their ratio
_TIMES = re.compile(
    r"\bhow many times\b|\bratios?\s+(?:of|between)\b|\b(?:what|which)\s+multiple\b|\b(?:as|in)\s+an?\s+ratio\b"
)
# One window over another ("the ratio of October to September", "how many times more did we spend this month than
# last", "this week as a multiple of last week"): with two windows compared, the one over the other
_PERIOD_RATIO = re.compile(
    r"\bratios?\b|\bhow many times\s+(?:more|less|higher|lower|bigger|larger|greater|as)\b|"
    r"\b(?:what|which)\s+multiple\b|\ba multiple of\b|\btimes\s+(?:more|higher|bigger|larger|greater)\s+than\b"
)
_RATIO_MEASURES = frozenset([Measure.INPUT_OUTPUT_RATIO, Measure.OUTPUT_INPUT_RATIO])
_RUNNING_AT = re.compile(r"\b(?:running|run|tracking|trending|coming in)\s+at\b|\bpace\b")
_PRICE_WORDS = re.compile(r"\bpric\w*|\blist\b|\bcatalog\w*|\bpublished\b|\bsticker\b|\brate cards?\b")
_BY_HOW_MUCH = re.compile(
    # "how much more do we spend on openai than anthropic", "how many fewer calls", "how much slower is its p95"
    r"\bhow (?:much|many) (?:more|less|fewer|higher|lower|bigger|larger|smaller|greater|cheaper|pricier|costlier|"
    r"dearer|faster|slower|better|worse)\b(?!\s+times\b)|"
    r"\bby how (?:many|much)\b|\bhow (?:big|large|wide) (?:is|was) the (?:gap|difference)\b|"
    r"\bwhat(?:'s| is| was) the (?:gap|difference)\b|\bthe (?:gap|difference) between\b"
)


# One end of a ranking and the other asked together ("the most calls ... and which was the quietest").
_MOST = r"(?:most|highest|busiest|biggest|largest|peak|heaviest)"
_LEAST = r"(?:least|fewest|lowest|quietest|smallest|lightest)"
_BOTH_ENDS = re.compile(
    rf"\b{_MOST}\b.{{0,120}}\b(?:and|&|plus|vs\.?|versus)\b.{{0,60}}\b{_LEAST}\b|"
    rf"\b{_LEAST}\b.{{0,120}}\b(?:and|&|plus|vs\.?|versus)\b.{{0,60}}\b{_MOST}\b"
)

# "the average number of calls per user", "mean requests per workload", "avg tokens by model per model": the mean
# over the groups of a count that sums (the grouping itself is read by compute_dimensions; a cost per user is a unit
# cost, read elsewhere).
# A mean per day of each group ("average daily spend per vendor", "spend per day by model on average"): each group's
# total over the window's days, not a daily series nor the whole's mean.
_DAILY_MEAN = re.compile(
    r"\b(?:avg|average|mean|typical)\s+(?:\w+\s+){0,2}?(?:daily|per[- ]day|a day)\b|\b(?:daily|per[- ]day)\s+"
    r"(?:avg|average|mean)\b|\b(?:per|a) day\b.{0,30}\b(?:on|in) average\b|"
    # "how many calls a day does that hour average": the verb after the day
    r"\b(?:per|a|each) day\s+(?:\w+\s+){1,4}?(?:average|averages|avg)\b(?!\s+(?:of|per)\b)"
)
# "per working day", "a business day", "per weekend day": a kind of day a figure is per (one figure over those days),
# unless each day is asked ("for each working day")
_PER_KIND_OF_DAY = re.compile(r"\b(?:per|a)\s+(?:working|business|work|week|weekend)[- ]?day\b")
_EACH_DAY = re.compile(r"\b(?:each|every)\s+(?:\w+\s+)?day\b|\bday[- ]by[- ]day\b")
# "how many tokens a day are we pushing on average", "on average, what do we spend per day": the window's mean per
# day, one figure, not the daily series.
_ON_AVERAGE_PER_DAY = re.compile(
    r"\b(?:per|a|each) day\b.{0,60}\b(?:on|in) average\b|\b(?:on|in) average\b.{0,60}\b(?:per|a|each) day\b"
)
# "what do we spend on an average day? take October", "calls on a typical day this month", "an average day's tokens":
# the window's total over its days, one figure per group (not the window's total, nor every day's series)
_AVERAGE_DAY = re.compile(
    r"\b(?:on|in|for|during|over)\s+(?:an?\s+|the\s+)?(?:average|typical|normal|usual|ordinary|mean)\s+day\b|"
    r"\b(?:an?|the)\s+(?:average|typical|normal|usual|ordinary)\s+day'?s\b|"
    r"\b(?:an?|the)\s+(?:average|typical|normal|usual|ordinary)\s+day\s+(?:costs?|runs?|brings?|sees?|looks?)\b"
)
# "cost per user per day", "spend per session a day": a cost per person spread over the window's days (the window's
# cost per user over its length in days), not a daily series of each day's cost per user
_PER_PERSON_PER_DAY = re.compile(
    r"\bper\s+(?:\w+\s+)?(?:user|session|conversation|chat|thread)s?\s+(?:per|a|each|every)\s+day\b"
)
_MEAN_PER_GROUP = re.compile(
    r"\b(?:avg|average|mean|typical)\s+(?:number|count|no\.?|#)?\s*(?:of\s+)?(?:requests|calls|hits|invocations|"
    r"queries|tokens|errors|sessions|conversations)\s+(?:(?:made|sent|used)\s+)?(?:per|a|each|by)\s+(?:single\s+)?"
    r"(?:user|customer|person|session|workload|feature|app|model|provider|task type|bot|assistant)\b"
)

# "how many calls did each user make on average", "tokens per session on average", "average spend per workload":
# the mean over the groups of the dimension asked by (the total over the number of groups), not only each group's
_GROUP_WORDS = (
    r"(?:user|customer|person|session|conversation|workload|feature|app|model|provider|task type|bot|assistant)s?"
)
_MEAN_OVER_GROUPS = re.compile(
    rf"\b(?:per|each|every|a|an)\s+(?:single\s+)?{_GROUP_WORDS}\b.*\bon\s+(?:the\s+)?average\b|"
    rf"\bon\s+(?:the\s+)?average\b.*\b(?:per|each|every)\s+(?:single\s+)?{_GROUP_WORDS}\b|"
    r"\b(?:avg|average|mean|typical)\s+(?:daily\s+|weekly\s+|monthly\s+)?(?:spend|spending|cost|costs|bill|"
    r"token\s+usage|usage)\s+(?:per|a|for\s+(?:a|each|every)|of\s+(?:a|each|every))\s+(?:single\s+)?"
    rf"{_GROUP_WORDS}\b"
)
# "how many sessions did u3 have and how much did they cost on average": the cost of one of those counted
_COST_ON_AVERAGE = re.compile(
    r"\b(?:cost|spen[dt]|charge[ds]?|bill(?:ed)?)\b.*\b(?:on\s+(?:the\s+)?average|each|apiece|per\s+(?:one|piece))\b|"
    r"\b(?:average|avg|mean)\s+(?:cost|spend)\b"
)

# "the median spend per user", "the median user's spend", "median calls per session": the middle group's figure
# over the groups (each user's spend, its median), not the median latency of a call
_MEDIAN_PER_GROUP = re.compile(
    r"\b(?:median|middle)\s+(?:(?:(?:number|count|amount|total)\s+of\s+)?(?P<m1>spend|spending|cost|costs|bill|calls|requests|tokens)\s+(?:per|a|of\s+(?:a|each|the)|"
    r"for\s+(?:a|each|the))\s+(?:single\s+)?(?P<d1>user|customer|session|conversation|workload|model|provider|task type)|"
    r"(?P<d2>user|customer|session|conversation|workload|model|provider)(?:'s|s')?\s+(?:total\s+)?"
    r"(?P<m2>spend|spending|cost|costs|bill|calls|requests|tokens))\b"
)
# "what did the average user cost us", "the spend of an average session", "how much does the mean customer spend":
# what one member of the groups cost on average (the spend over the number of them), not the whole spend
_AVERAGE_MEMBER = re.compile(
    r"(?:^|\b(?:the|an|our|a|per|of|for)\s+)(?:average|avg|mean)\s+(?P<d>user|customer|session|conversation|workload|model|"
    r"provider)(?:'s)?\b(?!\s+(?:count|number))"
)
_MEMBER_MONEY = re.compile(r"\bcost\w*|\bspen[dt]\w*|\bbill\w*|\bcharge\w*|\$|\bdollars?\b|\bpa(?:y|id)\b")
_MEMBER_SUMS = frozenset(
    [Measure.SPEND, Measure.REQUESTS, Measure.ERRORS, Measure.TOTAL_TOKENS, Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS]
)
# A ranking's top said with the average member ("our heaviest user, and the average user"): the top one stated beside
_TOP_MEMBER = re.compile(
    r"\b(?:heaviest|biggest|largest|top|priciest|costliest|most\s+expensive|highest[- ]spending|hungriest)\s+"
    r"(?:single\s+)?(?:user|customer|session|conversation|workload|model|provider|spender)s?\b"
)
# The whole a count of calls in a band is out of, asked beside it ("out of how many calls in total", "and how many
# calls were there in all", "out of all calls", "versus the total number of calls").
_OUT_OF_ALL = re.compile(
    r"\bout\s+of\s+how\s+many\b|\bout\s+of\s+(?:the\s+|all\s+(?:the\s+|our\s+)?|our\s+)?(?:total|all\b|every)|"
    r"\bout\s+of\s+(?:all\s+)?(?:the\s+|our\s+|its\s+)?(?:[\w-]+\s+)?(?:calls|requests)\s+(?:in\s+total|in\s+all|overall)\b|"
    r"\b(?:and\s+)?how\s+many\s+(?:[\w-]+\s+){0,3}?(?:calls|requests)\s+(?:\w+\s+){0,2}?(?:in\s+total|in\s+all|overall|"
    r"altogether|all\s+told)\b|\b(?:against|versus|vs\.?|beside|next\s+to)\s+(?:the\s+)?total\s+(?:number\s+of\s+)?"
    r"(?:calls|requests)\b"
)
_BAND_COUNTS = frozenset([Measure.LATENCY_BAND_N, Measure.TTFT_BAND_N, Measure.COST_BAND_N, Measure.PROMPT_BAND_N])
_SPEND_TOTAL = re.compile(r"\b(?:total|overall|in all|altogether|all told)\b")
_MEDIAN_MEASURES = {"calls": Measure.REQUESTS, "requests": Measure.REQUESTS, "tokens": Measure.TOTAL_TOKENS}
_MEDIAN_DIMENSIONS = {
    "user": Dimension.USER,
    "customer": Dimension.USER,
    "session": Dimension.SESSION,
    "conversation": Dimension.SESSION,
    "workload": Dimension.WORKLOAD,
    "model": Dimension.MODEL,
    "provider": Dimension.PROVIDER,
    "task type": Dimension.TASK_TYPE,
}

# Spend on prompts sent again, what a response cache would save: the duplicate-prompt measure, not the window's spend.
_REPEATS = re.compile(
    r"\b(?:repeat(?:ed|ing|s)?|duplicate[ds]?|duplicat\w+|identical|re-?sent|same)\s+(?:\w+\s+){0,2}?prompts?\b|"
    r"\bprompts?\s+(?:that\s+|which\s+)?(?:\w+\s+){0,3}?(?:repeat\w*|duplicat\w*|(?:were|was|are|is)\s+"
    r"(?:the\s+)?same|(?:already\s+)?(?:seen|sent)\s+(?:before|already|earlier))|\bresponse[- ]cach\w*|\bcache (?:could|would|might|can|will) "
    r"(?:have |us )?sav\w*|\bdedup\w*"
)


# The measures an error kind named may scope as a filter: the errors themselves, and the requests they are of.
_ERROR_FAMILY = frozenset([Measure.ERRORS, Measure.ERROR_SPEND, Measure.ERROR_RATE, Measure.REQUESTS])


# Spend said outright (not the "budget" or "burn" of an error budget).
_SPEND_SAID = re.compile(r"\b(?:spen[dt]\w*|costs?|costing|bill\w*|dollars?|money|paid|pay)\b|\$")


class Asked(BaseModel):
    """Every detail a question asks for. Empty fields mean the question did not say."""

    # "the last blank of the report: ...", "numbers for my report": figures for the user's own report, not Netra's
    # written summary
    for_own_report: bool = False

    measures: list[Measure] = Field(default_factory=list)
    # Measures answered in place of one the layer lacks (p90 for a p75), always said in the answer.
    instead: list[Measure] = Field(default_factory=list)
    cannot: list[str] = Field(default_factory=list)
    dimensions: list[Dimension] = Field(default_factory=list)
    grain: Grain | None = None
    compare: Comparison = Comparison.NONE
    project_to: datetime | None = None
    project_label: str = ""
    top_n: int | None = None
    order: Order = Order.DESC
    filters: dict[Dimension, list[str]] = Field(default_factory=dict)
    exclude: dict[Dimension, list[str]] = Field(default_factory=dict)
    window: dict[str, Any] = Field(default_factory=dict)  # the window read with comparison/projection phrases cut
    window_label: str = ""
    compare_window: dict[str, Any] = Field(default_factory=dict)  # a chosen window's start/end ("sept vs nov")
    cut: bool = False  # whether a comparison or projection phrase was cut before the window was read
    share: bool = False  # "what share of spend is anthropic": the named values beside everything else
    # "what percent of search-rag calls used gpt-4o-mini": the dimension of the part (model) whose values' shares of
    # the named scope (search-rag) are asked; the scope stays a filter
    share_part: Dimension | None = None
    # "openai's share of october spend, and gpt-4o's share within the openai spend": the dimension of the scope
    # (provider) whose own share of the whole is asked too, beside the part's share within it
    scope_share: Dimension | None = None
    # "september vs october vs november so far": each period's figures, one query each (the first of them the sum of
    # them all, when it is asked with each part: "september and october combined, and each month")
    periods: list[dict[str, Any]] = Field(default_factory=list)
    rest: bool = False  # "if we dropped anthropic, what would be left": the whole less the named values, said too
    # "search-rag's error rate compared with all the other workloads combined": the named value, and the rest of its
    # dimension taken together (one query each)
    vs_rest: bool = False
    # "Teams: support = support-bot + ticket-classifier, growth = ...": the groups of the org's names the message
    # defines, each one's figures over all its members' calls (one query each)
    groups: list[DefinedGroup] = Field(default_factory=list)
    charged: bool = False  # "recompute each team's charge": what the groups are billed, their spend (not a policy)
    # "timeout rate by model": the error measures count these error types only (each group's share of its requests)
    error_kinds: list[str] = Field(default_factory=list)
    annualize: bool = False  # "annualised run rate": the window's total per covered day x 365
    repeats: bool = False  # the spend on prompts sent again (what a response cache would save)
    rate_per: RateUnit | None = None  # "requests per minute": the window's total over its length in minutes
    rate_also: list[RateUnit] = Field(default_factory=list)  # "per hour? and per minute?": each further unit asked
    monthly_run_rate: bool = False  # "monthly run rate on the last 7d": the window's total per covered day x 30
    ratio: bool = False  # "how many times more", "the ratio of A to B": the one over the other, both ways
    difference: bool = False  # "which of A and B had more calls, and by how many": the gap between the two
    extremes: bool = False  # "which day had the most calls and which was the quietest": both ends of the ranking
    mean_per_group: bool = False  # "average number of calls per user": the total over the groups, beside each group
    median_per_group: bool = False  # "median spend per user": the middle of the groups' figures
    grand_total: bool = False  # "spend per workload, together with the grand total": the whole stated beside the groups
    sd_per_group: bool = False  # "the standard deviation of daily spend": over the buckets' (or groups') figures
    # "for us", "did we pay", "what we've been paying": the org's own traffic, not a price list
    own_traffic: bool = False
    list_prices: bool = False  # "list price", "pricing", "the catalog": a price list is what is asked about
    count_groups: bool = False  # "how many vendors did we use": the groups of the window, counted and listed
    budget_usd: float | None = None  # "how much of our $350 budget is left": spend stated against it
    # "a 95% success SLO", "a flat $0.0005 per call", "the tier at 15 million input tokens": applied in the answer
    given: Given | None = None
    percent_gap: bool = False  # "how much cheaper is the cheapest, in percent": the percent between the two ends
    declined: bool = False  # about a subject the events do not hold (unheld.py): nothing is answered in its place
    # "errors by model": errors named with no rate, count or spend said; the error tool's per-model errors and each
    # model's share of its requests answer it ("error rate per model" is every model's rate side by side: a query)
    errors_unnamed: bool = False
    # "the weekend's calls, and how many anthropic calls failed": the first ask's measures over all traffic (no name,
    # no error kind of the second ask), the second's (`scoped`) filtered; empty when the names scope every measure
    unscoped: list[Measure] = Field(default_factory=list)
    scoped: list[Measure] = Field(default_factory=list)
    unscoped_kinds: bool = False  # whether the first ask names the error kinds too
    # "which workloads spent more than $50": only the groups whose figure meets the bound, the bound said
    having: Threshold | None = None
    # "is gpt-4o more than half of our spend": the fraction its share is compared with
    share_bound: Cut | None = None
    # "the top 10% of users by spend": that per cent of the groups, their total and its share of the whole
    top_percent: float | None = None
    # "what share of the workload's spend goes to it": each row's share of its workload's total
    share_within: Dimension | None = None
    # "is any provider above an 8% error rate": every group, those meeting the bound named
    mark: Threshold | None = None
    # "the workloads whose spend grew more than 10% month over month": the groups whose change meets the bound
    change_bound: ChangeBound | None = None
    # "what share scored below 0.8": the quality scores the band measures count
    quality_band: Cut | None = None
    # "calls with more than 10,000 input tokens": the prompt sizes the prompt-band measures count
    prompt_band: Cut | None = None
    latency_band: Cut | None = None  # "calls slower than 3 seconds": one request's latency against a bound, in ms
    ttft_band: Cut | None = None  # "calls with a TTFT under 200ms": one request's time to first token, in ms
    cost_band: Cut | None = None  # "calls that cost more than $0.10 each": one request's cost, in USD
    # "every gpt-4o call billed at gpt-4o-mini's average cost per call": the named value whose own cost per request
    # the other named values' requests are priced at (a what-if bill beside what they cost)
    at_rate_of: str | None = None
    # "between 1 and 5 cents": the second bound of the one-call band above (latency, TTFT or cost), a range
    band_upper: Cut | None = None
    # "the error rate for calls longer than 4000 input tokens": the calls every figure asked is of (a band kept, not
    # counted)
    calls_within: list[CallBound] = Field(default_factory=list)
    # "what share under a cent, between 1 and 5 cents, and over 5 cents": the bands asked beside the first, of the
    # same figure, each answered by a query of its own
    more_bands: list[OneCallBand] = Field(default_factory=list)
    # "what share of October's requests came in between 9:00 and 17:00": those hours against the whole window
    share_of_whole: bool = False
    # "how much did the top 10 users spend together": the N rows' sum beside each row (the query states it)
    top_together: bool = False
    # "how many models and providers, and how many calls went to each provider": the measures other than the distinct
    # counts, grouped by this dimension in a query of their own (the counts are of all the traffic)
    breakdown: Dimension | None = None
    # "on how many days did the support-bot have no failed calls, and what was its error rate for the month": with a
    # bound on each bucket, the whole window's figures asked too (a query without the buckets and the bound)
    window_total: bool = False

    def is_specific(self) -> bool:
        """Whether the question asks for anything beyond a plain measure (which any fitting tool states)."""
        return bool(
            self.cannot
            or self.share
            or self.error_kinds
            or self.dimensions
            or self.grain
            or self.compare != Comparison.NONE
            or self.project_to
            or self.top_n
            or self.order == Order.ASC
            or self.exclude
            or self.vs_rest
            or bool(self.groups)
            or self.breakdown is not None
            or self.rate_per
            or Dimension.DAY_TYPE in self.filters  # "weekends only": no fixed tool keeps only some days
            or self.having is not None
            or self.mark is not None
            or self.change_bound is not None
            or bool(self.periods)
            or self.share_within is not None
            or self.top_percent is not None
            or self.quality_band is not None
            or self.prompt_band is not None
            or self.latency_band is not None
            or self.ttft_band is not None
            or self.cost_band is not None
            or bool(self.calls_within)
        )


# The measure words a typo is read back to ("reqeusts", "qualty", "latncy", "tokns"): one letter dropped, added,
# changed or two swapped, in words of five letters or more that are not themselves one of these.
MEASURE_WORDS = frozenset(
    [
        "requests",
        "request",
        "quality",
        "latency",
        "tokens",
        "errors",
        "average",
        "prompt",
        "prompts",
        "completion",
        "completions",
        "percentile",
        "median",
        "sessions",
        "users",
        "spend",
        "spent",
        "yesterday",
        "failures",
        "timeouts",
        "workload",
        "workloads",
        "provider",
        "providers",
        "models",
        "score",
        "scores",
        "daily",
        "weekly",
        "monthly",
    ]
)


# "average calls per day in September versus October": a mean per day of each period, even in a "volume trend"
_AVERAGE_PER_DAY = re.compile(r"\b(?:avg|average|mean)\s+(?:\w+\s+){0,3}?(?:per|a|each)\s+day\b|\baverage\s+daily\b")
_OWN_REPORT = re.compile(
    r"\b(?:of|for|in|into|on)\s+(?:the|my|our|this|her|his|their|a)\s+(?:\w+\s+)?(?:report|deck|slide|template|doc|memo|"
    r"pack|brief|briefing|note|newsletter|dashboard|spreadsheet|sheet)\b|"
    r"\b(?:blanks?|___)"
)
_BLANK_COUNT = re.compile(
    r"_{2,}\s*(?=(?:distinct\s+|unique\s+|different\s+|new\s+|active\s+)?(?:users?|sessions?|calls?|requests?|errors?|"
    r"failures?|timeouts?|models?|workloads?|providers?|conversations?)\b)"
)


def one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one letter dropped, added or changed, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def compute_typos_fixed(t: str) -> str:
    """`t` with each misspelt measure word read back to the word meant."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in MEASURE_WORDS:
            return word
        # a plural's "s" added or dropped is another word ("error rate", "first token"), not a typo
        near = [w for w in MEASURE_WORDS if one_edit(word, w) and w.rstrip("s") != word.rstrip("s")]
        if len({w.rstrip("s") for w in near}) == 1 and len(near) == 2:  # "requets": request or requests
            near = [w for w in near if w.endswith("s") == word.endswith("s")] or near[:1]
        return near[0] if len(near) == 1 else word

    return re.sub(r"(?<![\w.-])[a-z]{5,}(?![\w-])", fix, t)


def _share_noun(m: re.Match[str]) -> str:
    """The noun a share is of ("share of our request volume": requests; "of calls": calls)."""
    words = m.group(0).split()
    if words[-1] == "volume" and len(words) >= 2 and re.match(r"(?:request|call|traffic)", words[-2]):
        return "requests"
    return words[-1]


def _share_measure(noun: str) -> Measure:
    """The measure a share is of ("share of calls": requests; "of tokens": tokens; otherwise spend)."""
    if noun.startswith("token"):
        return Measure.TOTAL_TOKENS
    return Measure.REQUESTS if noun in ("requests", "traffic", "calls", "hits", "invocations") else Measure.SPEND


def _names_id(t: str, value: str) -> bool:
    """Whether lower-cased text `t` names the id `value` as a whole word (a possessive "'s" after it allowed)."""
    return re.search(rf"(?<![\w@.-]){re.escape(value.lower())}(?:'s)?(?![\w@-])", t) is not None


# The bound asked as a second look at a listing ("... by task type? want to see which ones are above 2.5s", "flag the
# ones over $50"): every group listed, those meeting it named, not only those kept.
_SEE_WHICH = re.compile(
    r"\b(?:see|know|show|tell me|spot|check)\s+which\s+(?:ones?|of\s+(?:them|those|these))\b|"
    r"\b(?:flag|highlight|mark|call out)\s+(?:the\s+ones?|those|any|which)\b"
)
_TOGETHER = re.compile(
    r"\b(?:together|combined|altogether|collectively|between them|in total|as a group|summed|added up|all told)\b"
)
# "together with the grand total", "and the overall total", "plus the total for that period": the whole beside the
# groups ("the total spend per workload" is each group's total).
# (the whole may be named: "plus the Anthropic total", "and the provider's subtotal", "with the openai total")
_GRAND_TOTAL = re.compile(
    r"\b(?:grand|overall|combined)\s+total\b|\b(?:together with|along with|as well as|and|plus|with)\s+(?:the\s+|a\s+|"
    r"its\s+|their\s+)?(?:[\w.'-]+\s+){0,2}?(?:subtotals?|sub-totals?|totals?)\b"
    r"(?!\s+(?:spend\w*|costs?|number|calls|requests|tokens|errors|usage)\b)"
)


def _at_rate_of(asked: Asked, words: str, known: dict[str, list[str]]) -> None:
    """Some calls priced at another named value's own cost per call, read into `asked`: the values named side by side
    (one row each) with their spend, requests and cost per request, the rate's value said; when no other value of its
    grouping is named, what cannot be priced is said."""
    rated = compute_named(words, known)[0]
    found = [(d, v[0]) for d, v in rated.items() if len(v) == 1]
    if not found:
        return
    by, name = found[0]
    others = [v for v in asked.filters.get(by, []) if v != name]
    if not others:
        asked.cannot.append(
            f"other calls priced at {name}'s own cost per call (that prices the calls of another {by.value.replace('_', ' ')} "
            "named beside it, such as 'every gpt-4o call billed at gpt-4o-mini's cost per call')"
        )
        return
    priced = [Measure.SPEND, Measure.REQUESTS, Measure.COST_PER_REQUEST]
    asked.at_rate_of, asked.dimensions, asked.share = name, [by], False
    asked.measures = [*priced, *(m for m in asked.measures if m not in priced)]


def _average_member(asked: Asked, by: Dimension, t: str) -> None:
    """What the average user (session, workload...) cost, read into `asked`: beside the groups ranked ("our heaviest
    user, and the average user"), the mean over the groups with the top one said; alone, the spend per user or per
    session, or the mean over the groups of another dimension."""
    money = _MEMBER_MONEY.search(t) is not None
    summed = [m for m in asked.measures if m in _MEMBER_SUMS]
    if (not money and not summed) or not set(asked.measures) <= _MEMBER_SUMS:
        return  # "the average user's latency", "the average model's cost per call": no total to divide among them
    if money:
        summed = [Measure.SPEND, *(m for m in summed if m != Measure.SPEND)]
    if asked.dimensions == [by] or not (asked.dimensions or (money and by in (Dimension.USER, Dimension.SESSION))):
        asked.dimensions, asked.measures, asked.mean_per_group = [by], summed, True
        if _TOP_MEMBER.search(t) and asked.top_n in (None, 1):
            asked.top_n, asked.extremes = None, True  # every group, to divide by; the highest one said
        return
    if not asked.dimensions:
        unit = Measure.COST_PER_USER if by == Dimension.USER else Measure.COST_PER_SESSION
        asked.measures = [unit, *(m for m in asked.measures if m not in (unit, Measure.SPEND))]


def compute_asked(question: str, now: datetime, known: dict[str, list[str]] | None = None) -> Asked:
    """Every detail `question` asks for, at `now`; `known` holds the org's names per dimension (workloads...)."""
    question = compute_expanded_shorthand(question)  # "w/o", "err rate", "yday": as the planner reads them
    # (a list's bullets, one to a line, kept as bullets once the lines run together: "- 1-15 oct", "* 16-31 oct")
    question = re.sub(r"(?:^|\n)[ \t]*[-*\u2022][ \t]+", " \u2022 ", question)
    t = compute_typos_fixed(" ".join(question.lower().replace("\u2019", "'").split()))
    t = compute_spoken_numbers(t)  # "longer than two seconds", "the last seven days": as digits
    t = compute_sql_words(t)  # "sum(cost_usd) group by task_type": "spend by task type"
    t = compute_referred_number(t)  # "our bar is 0.75. what share scored under it?": under 0.75
    # a template's blanks before what is counted ("___ distinct users across ___ sessions"): how many of each
    t = _BLANK_COUNT.sub("how many ", t)
    for_own_report = bool(_OWN_REPORT.search(t))
    t = compute_ranked_unit_cost(t)  # "which workload costs the most per session": its cost per session, ranked
    # "how many calls did not time out", "excluding rate limits": those error types left out, read as an exclusion
    kinds_left_out, t = compute_kinds_left_out(t)
    # "from 01/11 to 10/11, versus 20/10 to 31/10", "KW 41 and KW 40": dates as ISO dates, read once over the whole
    # message (a part cut from it may not hold what settles the order of day and month)
    t = compute_written_dates(t, now)
    t = compute_month_parts_said(t)  # "the first half of october vs the second half": the month said for both
    t = compute_day_type_glossed(t)  # "an average weekday (monday to friday)": no date, what a weekday is
    now = now.astimezone(UTC)
    unheld = compute_unheld(t, known)
    cannot = [*unheld, *(text for pattern, text in (*UNANSWERABLE, *LAYER_LACKS) if pattern.search(t))]
    # "allocate the bill to the teams: what did each workload spend": the teams said as not held, the workloads answered
    unheld = [u for u in unheld if u not in compute_answered_beside(t, unheld)]
    # "Teams: support = support-bot + ticket-classifier, ...": teams the message defines by the org's own names are
    # those names taken together, not a subject the events lack
    groups = compute_defined_groups(question, known)
    if groups and (answered := compute_held_by_groups(t, unheld)):
        unheld = [u for u in unheld if u not in answered]
        cannot = [c for c in cannot if c not in answered]
    # "we rolled out release 4.2 on 17 november at 14:00 utc: the error rate in the 48 hours before and after it": the
    # windows around the time stated, the release only told (which release made a call stays declined)
    around = compute_event_windows(t, now)
    if around is not None and (told := compute_told_at_moment(t, unheld)):
        unheld = [u for u in unheld if u not in told]
        cannot = [c for c in cannot if c not in told]
    if around is not None and unheld:
        around = None
    # "grew fastest", "fastest-growing": growth against the period before, not speed
    grows = GROWTH.search(t)
    # "$500 a month" is money: no HTTP 500 error kind, no monthly series (read where those are read)
    unpriced = compute_money_cut(t)
    dimensions = compute_dimensions(unpriced)
    t = GROWTH.sub(" grew ", t)
    # "how many of October's calls have a quality score attached": the calls carrying the field, beside all calls
    # (read first: its field is no mean quality, TTFT quantile or token total)
    carried, t = compute_coverage(t)
    # "what share scored below 0.8", "the 10th percentile quality score": scores in a band or at a quantile, read
    # first so no other reader takes the quantile for latency's or the score for the mean
    scored, quality_band, unscored = compute_quality_ask(t, cannot)
    median_group = _MEDIAN_PER_GROUP.search(unscored)
    if median_group:  # (its "median" is the groups', not a latency quantile)
        unscored = unscored[: median_group.start()] + " " + unscored[median_group.end() :]
    # "what fraction of calls had more than 10,000 input tokens": calls counted by their prompt's size, not a total
    sized, prompt_band, unscored = compute_prompt_ask(unscored)
    # "what share of calls took longer than 3 seconds": calls counted by their latency, not a latency percentile
    band_upper: Cut | None = None
    more_bands: list[OneCallBand] = []
    if several := compute_several_bands(unscored):
        # "what share of calls cost under a cent, between 1 and 5 cents, and over 5 cents": each band, none dropped
        first = {"latency_band": None, "ttft_band": None, "cost_band": None, several.field: several.bands[0].cut}
        latency_band, ttft_band, cost_band = first["latency_band"], first["ttft_band"], first["cost_band"]
        timed, unscored = several.measures, several.rest
        priced: list[Measure] = []
        band_upper, more_bands = several.bands[0].upper, several.bands[1:]
    else:
        timed, latency_band, ttft_band, unscored = compute_latency_ask(unscored)
        # "how many calls cost more than $0.10 each, and what did they cost together": calls counted by their cost
        priced, cost_band, unscored = compute_cost_ask(unscored)
    timed = [*timed, *priced]
    # "calls per day in october - min, max and median": the daily series' ends and middle (its "median" is the days')
    ends, mid, unstated = compute_series_stats(unscored)
    if compute_grain(unpriced) is None:
        ends, mid = False, False
    elif ends or mid:
        unscored = unstated
    # "the mean latency and its standard deviation", "p25, p75 and the IQR": one call's figure's spread, beside it
    spread, unscored = compute_spread_measures(unscored)
    measures, instead = compute_measures(unscored, cannot)
    if carried:  # (all calls are the whole the ones carrying the field are a share of)
        measures = [*carried, *(m for m in measures if m not in carried and m != Measure.REQUESTS), Measure.REQUESTS]
    measures = [*measures, *(m for m in spread if m not in measures)]
    # "how many distinct models, providers, users and sessions", "calls per session", "sessions per user": distinct
    # counts listed, and counts over counts, not a grouping by the first or a unit cost
    distinct, ratios = compute_distinct_counts(t), compute_count_ratios(t)
    if distinct or ratios:
        measures = compute_ratio_measures(t, [*distinct, *measures], ratios)
        dimensions = compute_ratio_grouping(distinct, ratios, dimensions)
    second = compute_second_ask(t)
    second_measures = compute_measures(second, [])[0] if second else []
    breakdown = compute_dimensions(second)[:1] if second_measures or re.search(r"\bhow many\b", second) else []
    if breakdown:
        # "how many models and how many providers, and how many calls went to each provider": the distinct counts
        # over all the traffic, and the second ask's measures (its calls when none is named) by its grouping
        measures = [*distinct, *(second_measures or [Measure.REQUESTS])]
        dimensions = []
    if multi := compute_multi_model_users(t):  # "what share of its users got answers from more than one model"
        # (a share is said with the users it is of: "48.6 %, 17 of 35 users")
        served = (
            [multi, Measure.MULTI_MODEL_USERS, Measure.USERS] if multi == Measure.MULTI_MODEL_USERS_SHARE else [multi]
        )
        measures = [*served, *(m for m in measures if m not in (Measure.USERS, Measure.MODELS, *served))]
        dimensions = [d for d in dimensions if d not in (Dimension.USER, Dimension.MODEL)]
    if sized:
        unsized = {Measure.REQUESTS, Measure.INPUT_TOKENS, Measure.AVG_INPUT_TOKENS}
        measures = [*sized, *(m for m in measures if m not in unsized)]
    if timed:
        untimed = {Measure.REQUESTS, Measure.LATENCY_P50, Measure.LATENCY_P95, Measure.TTFT_P50, Measure.TTFT_P95}
        if Measure.COST_BAND_SPEND in timed:  # "what did those calls cost in total": the band's spend, not all
            untimed |= {Measure.SPEND, Measure.COST_PER_REQUEST}
        if several and cost_band is not None and not _SPEND_TOTAL.search(t):
            untimed |= {Measure.SPEND, Measure.COST_PER_REQUEST}  # "cost us under a cent": the bands' own word
        measures = [*timed, *(m for m in measures if m not in untimed)]
    if scored:  # ("how many calls were rated 0.9 or above": the calls counted are those in the band)
        dropped = {Measure.QUALITY, *([Measure.REQUESTS] if Measure.QUALITY_BAND_N in scored else [])}
        measures = [*scored, *(m for m in measures if m not in scored and m not in dropped)]
    if _OUT_OF_ALL.search(t) and _BAND_COUNTS & set(measures) and Measure.REQUESTS not in measures:
        measures = [*measures, Measure.REQUESTS]  # "out of how many calls in total": the whole beside the band's count
    measures = compute_grouped_counts(measures, dimensions)
    compare, rest, cut = compute_comparison(t)
    compare_window: dict[str, Any] = {}
    # "month-over-month growth from September to October": two adjacent windows named are the ones compared (the
    # later against the earlier), not the first of them against the month before it
    changes = (Comparison.PREVIOUS_MONTH, Comparison.PREVIOUS_PERIOD)
    two = (
        compute_two_windows(t, now) if compare in (Comparison.NONE, Comparison.PREVIOUS_FULL_MONTH, *changes) else None
    )
    if two and (
        compare == Comparison.NONE
        or (compare in changes and two[0] != Comparison.CHOSEN_WINDOW)
        or (compare == Comparison.PREVIOUS_FULL_MONTH and two[0] == Comparison.CHOSEN_WINDOW)
        # "was yesterday's p95 higher than the last 7 days": a day against the rolling window holding it (the
        # chosen window ends now), not the rolling window against the one before it
        or (compare in changes and two[0] == Comparison.CHOSEN_WINDOW and two[2].get("end") == now.isoformat())
    ):
        compare, rest, cut, compare_window = two[0], two[1], True, two[2]
    if (around is None or around.compare is None) and (split := compute_split_windows(t, now)):
        # "before and after the 1st of November", "from the 13th on, against the 13 days before it": both windows as
        # said, the later one read from the text (two windows read around a stated moment's clock time stay)
        compare, rest, cut, compare_window = Comparison.CHOSEN_WINDOW, split[0], True, split[1]
        around = None
    if around is not None:  # the windows set around the stated moment, as said
        compare, rest, cut = Comparison.CHOSEN_WINDOW if around.compare else Comparison.NONE, around.rest, True
        compare_window = around.compare.as_args() if around.compare else {}
    if cut and compare == Comparison.PREVIOUS_PERIOD and is_last_week_beside(t):
        # "the week before last, and how does that compare with last week": last week is the window, the week
        # before it the one it is compared with
        rest = WEEK_BEFORE_LAST.sub(" ", rest)
    unit, rest, projected = compute_projection(rest, now)
    share_said = SHARE.search(t) or FRACTION_OF.search(t)  # ("more than half of our spend": its share)
    # (what is left of a budget is the budget's standing, not the whole less a named value)
    rest_said = bool(_REST.search(t)) and compute_budget_usd(t) is None
    share = bool(share_said) or rest_said
    banded = {
        Measure.PROMPT_BAND_SHARE,
        Measure.LATENCY_BAND_SHARE,
        Measure.QUALITY_BAND_SHARE,
        Measure.TTFT_BAND_SHARE,
        Measure.COST_BAND_SHARE,
    }
    if share and (banded | {Measure.MULTI_MODEL_USERS_SHARE} | COVERAGE_MEASURES) & set(measures):
        share = False  # "% of support-bot's calls under 1s": the band's share of the calls named, not theirs of all
    if share_said and not measures:  # "what percentage of calls were gpt-4o": the share's noun is the measure
        measures = [_share_measure(_share_noun(share_said))]
    shared = list(dict.fromkeys(_share_measure(_share_noun(m)) for m in SHARE.finditer(t)))
    if len(shared) >= 2:  # "its share of calls vs its share of spend": each share asked, in the order said
        measures = [*shared, *(m for m in measures if m not in shared)]
    whole_added = False  # the share asked is a part's of its whole, each stated in its row ("8.1 % of spend")
    if share_said and measures:  # "what % of tokens were output tokens": the part beside its whole
        parted = compute_part_and_whole(_share_noun(share_said), measures)
        measures, whole_added = parted, len(parted) > len(measures)
    elif measures and (named_share := SHARE_OF_NAMED.search(t)):
        # "what share of sales-agent spend came from failed calls": the part beside the name's own whole (each row
        # states the part's share of its whole), not the name's share of everyone's
        measures = compute_part_and_whole(_share_noun(named_share), measures)
    if share and share_said and measures and set(measures) <= _SUMMED_SHARES:
        # "which provider do we spend the least on, and what share of our calls does it serve": the share's own
        # measure beside the one ranked (each group's share of calls, not only of spend)
        noun = _share_noun(share_said)
        whole = _share_measure(noun)
        if whole not in measures and (whole != Measure.SPEND or noun.startswith(("spend", "cost", "bill"))):
            measures = [*measures, whole]
    compare = Comparison.PREVIOUS_PERIOD if grows and compare == Comparison.NONE else compare
    asked = Asked(
        measures=measures,
        for_own_report=for_own_report,
        instead=instead,
        cannot=cannot,
        compare=compare,
        dimensions=dimensions,
        # "which day of the week is busiest": the days of the week ranked, not a series of dates
        # ("the slowest hour of the day": the 24 hours of the day ranked, not a series of hours)
        grain=None
        if projected or {Dimension.WEEKDAY, Dimension.HOUR_OF_DAY} & set(dimensions)
        else compute_grain(unpriced),
        top_n=compute_top_n(t),
        order=Order.ASC if ASCENDING.search(t) else Order.DESC,
        cut=cut or projected,
        share=share,
        rest=rest_said,
        compare_window=compare_window,
        declined=bool(unheld),
    )
    if asked.grain is not None and not asked.measures and re.search(r"\btok(?:en)?s?\b", t):
        asked.measures = [Measure.TOTAL_TOKENS]  # "how did token usage trend day by day": a series of the tokens
    asked.breakdown = breakdown[0] if breakdown else None
    asked.mean_per_group = bool(asked.dimensions) and (
        bool(_MEAN_PER_GROUP.search(t))
        or (
            bool(_MEAN_OVER_GROUPS.search(t))
            and bool(set(asked.measures) & _MEMBER_SUMS)
            # "how much does each workload spend per day, on average": each one's own daily mean, not one figure
            and (asked.grain is None or not re.search(rf"\b(?:each|every)\s+{_GROUP_WORDS}\b", t))
        )
    )
    if (
        not asked.dimensions
        and Measure.SPEND in asked.measures
        and (units_counted := [m for m in (Measure.SESSIONS, Measure.REQUESTS) if m in asked.measures])
        and _COST_ON_AVERAGE.search(t)
    ):
        # "how many sessions did u3 have and how much did they cost on average": the spend over those counted too
        each_one = Measure.COST_PER_SESSION if units_counted[0] == Measure.SESSIONS else Measure.COST_PER_REQUEST
        if each_one not in asked.measures:
            asked.measures.insert(asked.measures.index(Measure.SPEND) + 1, each_one)
    asked.grand_total = bool(_GRAND_TOTAL.search(t)) and bool(asked.dimensions)
    if (member := _AVERAGE_MEMBER.search(t)) and not median_group and not asked.mean_per_group:
        _average_member(asked, _MEDIAN_DIMENSIONS[member["d"]], t)
    if median_group:
        middle = _MEDIAN_MEASURES.get(median_group["m1"] or median_group["m2"], Measure.SPEND)
        by = _MEDIAN_DIMENSIONS[median_group["d1"] or median_group["d2"]]
        asked.measures = [middle, *(m for m in asked.measures if m != middle)]
        asked.dimensions = [by, *(d for d in asked.dimensions if d != by)][:1]
        asked.median_per_group, asked.grain, asked.top_n = True, None, None
    asked.own_traffic = bool(_OWN_TRAFFIC.search(t)) or (bool(_OUR_SPEND.search(t)) and not _HYPOTHETICAL.search(t))
    if (m := HOW_MANY_GROUPS.search(t)) and not asked.declined and not distinct:
        # "how many vendors did we use": the providers counted (a distinct count has no measure), each one listed
        by = DIM_WORDS[m.group(1)]
        asked.dimensions = [by, *(d for d in asked.dimensions if d != by)][:3]
        asked.count_groups, asked.grain = True, None
        if not asked.measures:
            asked.measures = [Measure.REQUESTS]
    asked.repeats = bool(_REPEATS.search(t))
    asked.errors_unnamed = is_errors_unnamed(t)
    summed = {Measure.SPEND, Measure.REQUESTS, Measure.ERRORS, Measure.ERROR_SPEND, Measure.TOTAL_TOKENS}
    if asked.dimensions and _DAILY_MEAN.search(t) and set(asked.measures) & summed and asked.rate_per is None:
        asked.rate_per, asked.grain = RateUnit.DAY, None  # each group's mean per day, not a daily series
    if (
        Dimension.DAY_TYPE in asked.dimensions
        and AVERAGE_DAY_OF_TYPE.search(t)
        and set(asked.measures) & summed
        and asked.rate_per is None
    ):
        # "what did we spend on an average weekend day against an average weekday": each kind's spend per day
        asked.rate_per, asked.grain = RateUnit.DAY, None
    if (
        asked.grain == Grain.DAY
        and {Dimension.DAY_TYPE, Dimension.WEEKDAY} & set(asked.dimensions)
        and re.search(r"\b(?:per|a)\s+day\b|\bdaily\b", t)
        and not DAY_SERIES.search(t)
        and set(asked.measures) & summed
        and asked.rate_per is None
    ):
        # "weekday spend against weekend spend per day": each kind of day's spend over its days, not every day listed
        asked.rate_per, asked.grain = RateUnit.DAY, None
    if asked.grain == Grain.DAY and _RUNNING_AT.search(t) and not DAY_SERIES.search(t) and asked.rate_per is None:
        # "what's our daily spend running at this month, on average": the window's spend per day, not every day
        asked.rate_per, asked.grain = RateUnit.DAY, None
    if (
        asked.grain == Grain.DAY
        and not asked.dimensions
        and _ON_AVERAGE_PER_DAY.search(t)
        and not DAY_SERIES.search(t)
        and asked.rate_per is None
    ):
        asked.rate_per, asked.grain = RateUnit.DAY, None
    if asked.rate_per is None and _AVERAGE_DAY.search(t) and (not asked.measures or set(asked.measures) & summed):
        asked.rate_per, asked.grain = RateUnit.DAY, None
        asked.measures = asked.measures or [Measure.SPEND]
    per_person = {Measure.COST_PER_USER, Measure.COST_PER_SESSION}
    if asked.rate_per is None and set(asked.measures) & per_person and _PER_PERSON_PER_DAY.search(t):
        asked.rate_per, asked.grain = RateUnit.DAY, None
    if rate := compute_rate(t):
        asked.rate_per = rate[0]
        asked.rate_also = compute_further_rate_units(t, rate[0])  # "per hour? And per minute?": each unit asked
        asked.measures = [rate[1], *(m for m in asked.measures if m != rate[1])]
        if asked.grain in (Grain.HOUR, Grain.DAY) and rate[0] != RateUnit.SECOND:
            asked.grain = None  # "average requests per hour": a rate, not an hourly series
    if asked.rate_per is None and (per := compute_that_per(t)):
        asked.rate_per = per  # "how many requests fell in that hour, and how many is that per day"
    peak = compute_peak_grain(t)
    if asked.grain is None and peak is not None and not asked.dimensions and not projected:
        asked.grain = peak  # "the most requests we've handled in a single hour": the hours ranked
    if asked.top_n in (None, 1) and _BOTH_ENDS.search(t) and (WHICH_BUCKET.search(t) or asked.dimensions):
        asked.top_n, asked.extremes = None, True  # the most and the fewest asked together: both ends, said
    elif asked.top_n is None and (WHICH_BUCKET.search(t) or peak is not None):
        asked.top_n = 1  # "which day had the highest spend": the one bucket, its figure stated
    ranked = compute_grain(unpriced) if WHICH_BUCKET.search(t) else peak
    if ranked is not None and asked.rate_per is not None and not asked.dimensions and asked.top_n in (None, 1):
        # "what did we spend on average per day, and what did the single most expensive day cost": the whole series
        # of buckets, its highest stated beside the mean (a top 1 alone would leave the mean nothing to divide)
        asked.grain, asked.top_n, asked.extremes = ranked, None, True
    if is_bucket_spread(t) and (asked.grain is not None or len(asked.dimensions) == 1):
        # "the mean and the standard deviation of daily spend": every bucket (group), their spread said
        asked.top_n, asked.sd_per_group = None, True
    if (ends or mid) and asked.grain is not None and not asked.dimensions:
        # "calls per day - min, max and median": every bucket, its ends and its middle said
        asked.top_n, asked.extremes, asked.median_per_group = None, asked.extremes or ends, mid
    if (
        compare != Comparison.NONE
        and asked.grain == Grain.DAY
        and (not DAY_SERIES.search(t) or _AVERAGE_PER_DAY.search(t))
        and not re.search(r"\b(?:each|every)\s+day\b|\bday[- ]by[- ]day\b", t)
    ):
        # "spend per day vs October", "average daily spend against October's": two periods compared per covered
        # day, not a daily series (alone, "average daily spend" is the daily series and its mean per covered day)
        asked.grain = None
    if Measure.QUALITY in measures and QUALITY_TREND.search(t) and compare == Comparison.NONE and not asked.grain:
        asked.compare = Comparison.PREVIOUS_PERIOD  # "is quality dropping": this window against the one before
        asked.grain = Grain.DAY
    elif (
        compare == Comparison.NONE
        and CHANGE.search(t)
        and not asked.grain
        and any(m not in (Measure.SPEND, Measure.REQUESTS) for m in measures)
    ):
        asked.compare = Comparison.PREVIOUS_PERIOD  # "is ttft getting worse", "did the error rate go up"
    if known:
        asked.filters, asked.exclude = compute_named(question, known, grouped=bool(asked.dimensions))
        # "anthropic vs openai", "support bot and sales agent": two values of one dimension named are compared side
        # by side (one row each), unless their sum is asked ("combined", "together", "in total")
        for dimension, values in asked.filters.items():
            together = re.search(r"\b(?:combined|together|in total|total of|altogether|summed|put together)\b", t)
            if len(values) >= 2 and dimension not in asked.dimensions and not together and len(asked.dimensions) < 3:
                asked.dimensions.append(dimension)
    if whole_added and asked.share and asked.filters and not FRACTION_OF.search(t):
        # "what share of spend came from failed calls for the support-bot": the part of the support-bot's own spend,
        # not the support-bot's share of everyone's
        asked.share = False
    if kinds_left_out:
        asked.exclude[Dimension.ERROR_TYPE] = kinds_left_out
    named_dimensions = [d for d in asked.filters if d in _REST_NOUNS.values()]
    if (
        (other := _VS_REST.search(t))
        and len(named_dimensions) == 1
        and (other["noun"] is None or _REST_NOUNS[other["noun"].rstrip("s")] == named_dimensions[0])
        and asked.dimensions in ([], named_dimensions)  # ("every other provider" read as a grouping by provider)
        and not asked.exclude
    ):
        asked.vs_rest = True  # "search-rag against all the other workloads combined": the named and the rest, each
        asked.dimensions = []
    if (part := compute_share_part(t, asked.filters)) is not None and not asked.vs_rest:
        # "what percent of search-rag calls used gpt-4o-mini": the scope filters, the part's dimension groups
        asked.share, asked.share_part = True, part[0]
        whole = _share_measure(part[1])
        asked.measures = [whole, *(m for m in asked.measures if m != whole)]
        asked.dimensions = [d for d in asked.dimensions if d not in asked.filters or d == part[0]]
    family, left_out = compute_model_families(
        t,
        (known or {}).get("models", []),
        named=[*asked.filters.get(Dimension.MODEL, []), *asked.exclude.get(Dimension.MODEL, [])],
        others=[v for k, values in (known or {}).items() if k != "models" for v in values],
    )
    for dimension_names, members in ((asked.filters, family), (asked.exclude, left_out)):
        # "with the claude models", "excluding the gpt models": the family's models together, beside any model named
        named = dimension_names.get(Dimension.MODEL, [])
        if members:
            dimension_names[Dimension.MODEL] = [*named, *(v for v in members if v not in named)]
    if (
        asked.share_part is None
        and not asked.vs_rest
        and (part := compute_share_part_before(t, asked.filters) or compute_share_part(t, asked.filters)) is not None
    ):
        # "sonnet spend as a share of anthropic spend", "support-bot's share of gpt-4o spend": as above, the part
        # said first (a model family's name read too)
        asked.share, asked.share_part = True, part[0]
        whole = _share_measure(part[1])
        asked.measures = [whole, *(m for m in asked.measures if m != whole)]
        asked.dimensions = [d for d in asked.dimensions if d not in asked.filters or d == part[0]]
    if asked.share_part is not None:
        asked.scope_share = compute_scope_share(t, asked.filters, asked.share_part)
    for key, dimension in (("users", Dimension.USER), ("sessions", Dimension.SESSION)):
        # "what did u7 run up", "session s317": the org's user or session ids named filter to them; one named is no
        # grouping by users ("user u14's p95" is u14's, not every user's)
        named = [v for v in (known or {}).get(key, []) if _names_id(t, v)]
        if named:
            asked.filters[dimension] = named
            if len(named) == 1:
                asked.dimensions = [d for d in asked.dimensions if d != dimension]
    named_now = [d for d in asked.filters if d in _REST_NOUNS.values()]
    one_named = len(named_now) == 1 and len(asked.filters[named_now[0]]) == 1 and not asked.exclude
    if not asked.vs_rest and one_named and _EVERYONE_ELSE.search(t) and asked.dimensions in ([], named_now):
        # "u12's error rate compared with everyone else's", "support-bot against everybody else": the one named, and
        # every other one's calls together
        asked.vs_rest, asked.dimensions, asked.share, asked.rest = True, [], False, False
    if (day_type := compute_day_type_filter(unpriced)) and Dimension.DAY_TYPE not in asked.dimensions:
        asked.filters[Dimension.DAY_TYPE] = [day_type]  # "weekends only": those days of the window, said
        if asked.share and not asked.dimensions and not asked.grain:
            # "what share of October's requests came on weekends": those days against the whole window
            asked.share_of_whole, asked.share = True, False
        if (
            asked.grain in (Grain.DAY, None)
            and asked.rate_per is None
            and _PER_KIND_OF_DAY.search(t)
            and not _EACH_DAY.search(t)
        ):
            # "spend per working day (Monday to Friday)": those days' total over their number, not each day listed
            asked.rate_per, asked.grain = RateUnit.DAY, None
    if (weekdays := compute_weekdays_named(t)) and Dimension.WEEKDAY not in asked.filters:
        # "did we spend more on mondays or on fridays": those days of the week kept, each stated when more than one
        asked.filters[Dimension.WEEKDAY] = weekdays
        if len(weekdays) > 1:
            asked.dimensions = [Dimension.WEEKDAY, *(d for d in asked.dimensions if d != Dimension.WEEKDAY)][:2]
            asked.grain = None if asked.grain == Grain.DAY and asked.rate_per is None else asked.grain
    if _BY_HOW_MUCH.search(t) and any(len(v) == 2 for v in asked.filters.values()):
        asked.difference = True  # two named values compared: the gap between them, stated
    if _TIMES.search(t) and any(len(v) == 2 for v in asked.filters.values()):
        asked.ratio = True  # two named values compared: the one over the other, stated
    elif asked.compare != Comparison.NONE and _PERIOD_RATIO.search(t) and not _RATIO_MEASURES & set(asked.measures):
        asked.ratio = True  # two windows compared: this one over the other, stated
    share_of = _share_noun(share_said) if share_said else None
    if share_of is None and not asked.dimensions and KIND_RATE.search(unpriced):
        share_of, asked.share = "requests", True  # "the timeout rate": timeouts' share of all requests
    asked.measures, asked.dimensions, kinds = compute_error_kind_scope(
        unpriced,
        asked.measures,
        asked.dimensions,
        share_of=share_of,
        rate_said=bool(re.search(r"(?<!run )(?<!run-)\brates?\b(?![- _]?limit)", t)),
    )
    if kinds and set(asked.measures) - _ERROR_FAMILY:
        # "its p95 this week and how many of its calls timed out": the kind scopes the error count only; the
        # latency (spend, quality...) asked beside it is of all its traffic
        asked.error_kinds = kinds
    elif kinds:  # "rate-limit errors per provider": the errors of that kind only
        asked.filters[Dimension.ERROR_TYPE] = kinds
    elif Measure.ERROR_RATE in asked.measures and (
        (asked.dimensions and KIND_RATE.search(unpriced)) or KIND_ONLY.search(unpriced)
    ):
        asked.error_kinds = compute_error_kinds(
            unpriced
        )  # "timeout rate by model": timeouts' share of each model's requests
    overall = compute_overall_ask(t, known) if known and asked.filters and not (asked.share or asked.vs_rest) else None
    if overall is not None and overall.measures:
        # "doc-summarizer's median and p99, and also the median across all workloads": the named values' figures and
        # the later ask's over all the traffic ("all workloads" the whole, not a grouping)
        asked.unscoped, asked.scoped = overall.measures, list(asked.measures)
        asked.measures = list(dict.fromkeys([*asked.measures, *overall.measures]))
        asked.dimensions = [d for d in asked.dimensions if d != overall.dimension]
    one_ask = asked.dimensions or asked.share or asked.declined or not (asked.filters or asked.exclude)
    one_ask = one_ask or bool(asked.unscoped)
    if known and not one_ask and (asks := compute_scoped_asks(t, known)):
        # "the weekend's calls, and how many anthropic calls failed": anthropic scopes the failures, not the calls
        asked.unscoped, asked.scoped = asks.unscoped, asks.scoped
        asked.unscoped_kinds = bool(compute_error_kinds(asks.first))
        asked.measures = list(dict.fromkeys([*asks.unscoped, *asks.scoped]))
    asked.quality_band, asked.prompt_band, asked.latency_band = quality_band, prompt_band, latency_band
    asked.ttft_band, asked.cost_band = ttft_band, cost_band
    asked.band_upper, asked.more_bands = band_upper, more_bands
    # "the error rate for calls longer than 4000 input tokens": the band keeps the calls the error rate is of
    compute_calls_within(t, asked)
    if changed := compute_change_bound(t, asked.measures, asked.dimensions, asked.grain):
        # "the workloads whose spend grew more than 10% month over month": the groups whose change meets the bound
        asked.change_bound, asked.measures, asked.dimensions, asked.grain, t = changed
        asked.top_n = None if asked.top_n == 1 else asked.top_n
        if asked.compare == Comparison.NONE:
            asked.compare = Comparison.PREVIOUS_PERIOD
    threshold = None if several else compute_group_threshold(t, asked.measures, asked.dimensions, asked.grain)
    if threshold is not None and any(b.value == threshold[0].value for b in asked.calls_within):
        threshold = None  # "among calls that cost over 5 cents, the error rate by model": the calls' bound, read
    if threshold is not None:
        # "which workloads were charged more than $50", "any day over $11": the groups meeting the bound
        asked.having, asked.measures, asked.dimensions, asked.grain, counted = threshold
        asked.count_groups = asked.count_groups or counted
        asked.top_n = None if asked.top_n == 1 else asked.top_n
    if asked.having is not None and asked.share and len(asked.dimensions) == 1 and asked.grain is None:
        # "how many users made more than 380 calls, and what share of the calls those users made together": the
        # groups meeting the bound together against the whole window
        asked.share_of_whole, asked.share = True, False
    if asked.having is not None and asked.dimensions and _SEE_WHICH.search(t):
        # "p95 per task type ... want to see which ones are above 2.5s": every group, those over the bound named
        asked.mark, asked.having = asked.having, None
    if asked.having is not None and asked.grain is not None and _WHOLE_WINDOW.search(t):
        asked.window_total = True
    asked.share_bound = compute_fraction_bound(t) if asked.share else None
    if (top := compute_top_percent(t)) is not None:  # "the top 10% of users by spend": not the top 10 users
        asked.top_percent, asked.top_n, asked.grain = top[0], None, None
        asked.dimensions = [top[1]]
        asked.measures = asked.measures or [Measure.SPEND]
        asked.share = False  # (the share asked is the top groups' of the whole, stated with them)
    if (within := compute_share_within(t, asked.dimensions)) is not None:
        asked.share_within, asked.share = within[0], False  # "the workload's spend": its own total, not the whole's
        asked.measures = asked.measures or [_share_measure(within[1])]
    if asked.having is None and (marked := compute_rate_mark(t, asked.measures, asked.dimensions, asked.grain)):
        asked.mark, asked.measures, asked.dimensions = marked  # "is any provider above an 8% error rate"
    if asked.mark is None and asked.having is None and not asked.dimensions and asked.grain is None:
        # "is ticket-classifier's cost per call under 0.1 cents", "was gpt-4o's p95 over 3 s": the figure checked
        asked.mark = compute_claim_mark(t, asked.measures)
        if asked.mark is not None and asked.mark.measure not in asked.measures:
            # "does gpt-4o-mini cost under 1 cent per call": its cost per call, the figure checked
            asked.measures = [asked.mark.measure, *(m for m in asked.measures if m != Measure.SPEND)]
    asked.measures, ok, not_ok = compute_status_ask(t, asked.measures, asked.errors_unnamed)
    sided = [m for m in asked.measures if not (asked.errors_unnamed and m in (Measure.ERROR_RATE, Measure.ERRORS))]
    sided = compute_sided_measures(t, sided)
    if is_status_split(t, sided):  # "p99 of failed calls vs successful calls": each status its own row
        asked.measures, ok, not_ok = sided, None, None
        asked.dimensions = [*(d for d in asked.dimensions if d != Dimension.STATUS), Dimension.STATUS]
    if ok:  # "avg prompt tokens where status = 'ok'", "over successful calls": those calls only
        asked.filters[Dimension.STATUS] = ok
    if not_ok:  # "latency of failed calls": the calls that did not succeed
        asked.exclude[Dimension.STATUS] = not_ok
    same_hours = SAME_HOURS_YESTERDAY.search(t)
    if same_hours and (said := SAME_HOURS_YESTERDAY.search(rest)):
        # "since midnight vs the same hours yesterday": the window is read without "yesterday"
        rest = rest[: said.start()] + " " + rest[said.end() :]
    found = around.window if around is not None else compute_time_range(rest, now)
    band = compute_hour_band(rest)  # "09:00 to 17:00", "after 6pm" over a window of days: those hours of each day
    held, covered, ends_said = compute_held(t)
    times = compute_event_times(t) if not asked.declined else []
    ends_said = ends_said or bool(times)
    if (held or ends_said) and found is None and not asked.declined:
        # "how many events do we hold in total", "when did the first and the last event arrive": every event the
        # org has, not the default window
        found = TimeRange(label="all time", start=ALL_TIME_START, end=now)
        asked.measures, asked.cut = asked.measures or [Measure.REQUESTS], True
    if covered and not asked.declined:  # "how many days of data does that cover": the days with traffic
        asked.measures = [*(asked.measures or [Measure.REQUESTS]), Measure.DAYS]
        asked.measures = list(dict.fromkeys(asked.measures))
    if times:  # "when did the first and the last event arrive": those moments
        asked.measures = [*times, *(m for m in asked.measures if m not in times)]
    on_days = re.search(r"\b(?:on|in) (?:each of )?(?:those|these|the) (?:two )?days\b|\bon each\b", t)
    if ends_said and on_days and not asked.declined and not asked.dimensions:
        # "and how many events came in on each of those two days": the daily series, its first and last day said
        asked.grain, asked.top_n = Grain.DAY, None
        asked.measures = [m for m in asked.measures if m != Measure.DAYS]
    if (given := compute_given(t)) is not None and not asked.declined:
        # the number the user gives is applied to the figures it reads, which are asked beside what was named
        asked.given = given
        needed = compute_given_measures(given)
        if given.measure is not None:
            asked.measures = [m for m in asked.measures if m != Measure.REQUESTS or given.measure == m]
        asked.measures = [*asked.measures, *(m for m in needed if m not in asked.measures)]
        if given.kind == GivenKind.SUCCESS_TARGET:
            # "the error budget burn rate against the 95% SLO": the budget's, not spend's run rate or a projection
            unit = None
            if not _SPEND_SAID.search(t):
                asked.measures = [m for m in asked.measures if m != Measure.SPEND]
    if known and (rate_words := compute_at_rate_name(t)) and not asked.declined:
        _at_rate_of(asked, rate_words, known)
    if asked.dimensions and asked.compare == Comparison.NONE and PERCENT_GAP.search(t):
        asked.percent_gap = True  # "how much cheaper per call than the most expensive vendor, in percent"
    if ANNUAL.search(t):  # a year's run rate of a window (the last 30 days unless one is said), not a period's end
        asked.annualize, unit, asked.cut = True, None, True
        asked.measures = asked.measures or [Measure.SPEND]
        found = found or TimeRange.last(30)
    if unit is not None and found is not None and MONTHLY.search(t):
        # "monthly run rate based on the last 7d": that window's month at its pace, not the window carried to month end
        asked.monthly_run_rate, unit, asked.cut = True, None, True
        asked.measures = asked.measures or [Measure.SPEND]
    if _BUDGET_STATUS.search(t) and not _BUDGET_ACTION.search(t) and (budget := compute_budget_usd(t)):
        asked.budget_usd, asked.cut = budget, True
        asked.measures = [Measure.SPEND, *(m for m in asked.measures if m != Measure.SPEND)]
        if found is None:  # a budget is a month's unless the question says which window
            start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            found = TimeRange.between(start, now, "this month to date, ")
    if unit is not None:
        # "our monthly run rate", "the burn rate": a run rate with no measure named is spend's, never the error rate
        asked.measures = asked.measures or [Measure.SPEND]
        asked.project_to = compute_period_end(now, unit)
        asked.project_label = f"the end of the {unit} ({asked.project_to - timedelta(days=1):%Y-%m-%d})"
        if found is None:  # the run rate of the period so far
            found = TimeRange.between(compute_period_start(now, unit), now, f"this {unit} to date, ")
    asked.list_prices = bool(_PRICE_WORDS.search(t))
    ours = re.search(r"\b(?:our|we|us|my)\b", t) is not None
    if found is not None and (asked.dimensions or ours) and not _PRICE_WORDS.search(t):
        # "what's the cost per million tokens for each provider this month": a unit cost of each of the org's groups
        # over a window is what its calls cost in it (a price list has no window); "list price" stays the list
        asked.own_traffic = True
    if band is not None and band.hours and found is not None and " UTC" not in found.label:
        # "what share of October's requests came in between 9:00 and 17:00 UTC", "the night shift (22:00 to 06:00
        # UTC) over the last 7 days": those hours of every day of the window (whole hours of the day), against the
        # whole window when a share is asked
        asked.filters[Dimension.HOUR_OF_DAY] = band.hours
        if not asked.dimensions and not asked.grain:
            asked.share_of_whole, asked.share = asked.share, False
    elif band is not None and (found is None or " UTC" not in found.label):
        why = "no window of days is said with them" if band.hours else "only whole hours of the day are read"
        asked.cannot.append(f"the hours {band.said} of each day ({why})")
    elif band is None and (unsaid := compute_unsaid_part_of_day(rest)):
        asked.cannot.append(unsaid)  # "during business hours" with no hours given: not guessed
    elif (hours := compute_clock_hours(rest)) and (found is None or " UTC" not in found.label):
        # "between 9am and 5pm" over many days: the query reads whole windows, not the same hours of every day
        asked.cannot.append(
            f"the hours {hours} of each day (a window of one day can be cut to hours; "
            "over several days only the whole days are read)"
        )
    if found is not None:
        asked.window, asked.window_label = found.as_args(), found.label
        if asked.grain is not None and is_one_bucket(found, asked.grain, now):
            asked.grain = None  # "the monthly review: October's spend", "each month" of one month: one figure
        steps = (Comparison.NONE, Comparison.PREVIOUS_PERIOD, Comparison.PREVIOUS_MONTH)
        span = found.days or ((found.end - found.start) / timedelta(days=1) if found.start and found.end else 0.0)
        if asked.compare in steps and not asked.rate_per and (step := compute_step_grain(t, asked.grain, span)):
            # "spend growth week over week for the last four full weeks": each week against the week before it, not
            # the whole series against the window before
            asked.compare, asked.grain, asked.top_n = Comparison.PREVIOUS_BUCKET, step, None
        elif cut:  # a comparison said ("vs last week"), not one read from a change word ("what changed since monday")
            asked.compare = compute_aligned_comparison(asked.compare, found, now)
        if same_hours and found.start is not None and found.end is not None:
            _compare_same_hours_yesterday(asked, found.start, found.end)
        elif same_hours and found.days is not None:  # "the last 2 hours vs the same 2 hours yesterday"
            start = now - timedelta(seconds=round(found.days * 86400))  # whole seconds: the hour from 11:00, not 10:59
            asked.window = {"start": start.isoformat(), "end": now.isoformat()}
            _compare_same_hours_yesterday(asked, start, now)
    apply_ranked_measure(asked, t)  # "which model had the best quality, and its cost per call": by quality
    asked.top_together = asked.top_n is not None and bool(_TOGETHER.search(t))
    if around is None:
        _apply_named_periods(asked, t, now)
    if groups and not asked.declined:
        _apply_groups(asked, t, compute_groups_asked(question, groups), compute_dimensions(unpriced))
    return asked


# What a group is charged or billed ("each team's October charge", "bill the growth team"): its spend.
_CHARGED = re.compile(r"\b(?:charg(?:e|es|ed|ing)|chargebacks?|bill(?:s|ed|ing)?|invoic\w*|allocat\w*)\b")
_COUNTED = re.compile(
    r"\bhow many\b|\bnumber of\b|\bcounts?\b|\brates?\b|\bvolumes?\b|\b(?:calls|requests) (?:made|sent)\b"
)
# Only the calls that succeeded are charged ("we no longer charge teams for failed calls", "for successful calls
# only", "excluding failed calls").
_OK_CHARGED = re.compile(
    r"\b(?:no longer|don't|do not|won't|will not|never|stop(?:ped)?|not)\s+(?:\w+\s+){0,2}?(?:charg\w*|bill\w*)\s+"
    r"(?:\w+\s+){0,2}?for\s+(?:the\s+|any\s+)?(?:failed|failing|errored|unsuccessful)\s+(?:calls|requests)\b|"
    r"\b(?:successful|succeeded|ok|non-?failed)\s+(?:calls|requests)\s+only\b|\bonly\s+(?:for\s+)?(?:the\s+)?"
    r"(?:successful|succeeded|ok)\s+(?:calls|requests)\b|\b(?:excluding|without|minus|leaving out)\s+(?:the\s+|any\s+)?"
    r"(?:failed|failing|errored|unsuccessful)\s+(?:calls|requests)\b"
)


# A group's part of the whole ("what fraction of our spend do they account for", "in percent").
_GROUP_SHARE = re.compile(
    r"\b(?:share|fraction|proportion|percent(?:age)?|portion|%)\s+of\b|\baccount(?:s|ed|ing)?\s+for\b|"
    r"\b(?:in|as\s+a)\s+(?:percent(?:age)?|%)\b|\bwhat\s+(?:share|fraction|proportion|percent(?:age)?|portion|%)\b"
)


def _apply_groups(asked: Asked, t: str, groups: list[DefinedGroup], said: list[Dimension]) -> None:
    """The groups a message defines ("Teams: support = support-bot + ticket-classifier, ..."): each group's members
    taken together, one query each; their names no grouping by themselves ("the support team (support-bot and
    ticket-classifier)": the team's figure, not each workload's), unless one is said ("each team's spend by workload").
    A group's share is of the whole window ("what percentage of our spend goes to the growth team": its members' spend
    over everyone's)."""
    dimension = groups[0].dimension
    asked.groups = groups
    if dimension not in said:
        asked.dimensions = [d for d in asked.dimensions if d != dimension]
    for other, values in list(asked.filters.items()):
        # ("our 'openai core' group is gpt-4o plus gpt-4o-mini": openai names the group, it filters nothing)
        kept = [v for v in values if not any(v.lower() in g.name for g in groups)]
        if kept != values:
            asked.filters[other] = kept
        if not asked.filters[other]:
            del asked.filters[other]
    asked.filters[dimension] = list(dict.fromkeys(v for g in groups for v in g.members))
    asked.exclude.pop(dimension, None)
    asked.vs_rest, asked.difference, asked.ratio = False, False, False
    counts = {Measure.REQUESTS, Measure.ERRORS, Measure.ERROR_RATE}
    asked.charged = bool(_CHARGED.search(t))
    if asked.charged and set(asked.measures) <= counts and not _COUNTED.search(t):
        # "each team's October charge for successful calls only": what the calls cost, not how many there were
        asked.measures, asked.errors_unnamed = [Measure.SPEND], False
    if _OK_CHARGED.search(t):  # "we no longer charge teams for failed calls": the calls that succeeded
        asked.filters[Dimension.STATUS] = ["ok"]
        asked.exclude.pop(Dimension.STATUS, None)
        if asked.measures != [Measure.ERRORS] and set(asked.measures) - counts:
            asked.measures = [m for m in asked.measures if m not in (Measure.ERRORS, Measure.ERROR_RATE)]
    share = asked.share or (_GROUP_SHARE.search(t) is not None and asked.share_part is None)
    if share and not asked.dimensions and asked.grain is None and asked.share_part is None:
        asked.share, asked.rest, asked.share_of_whole = False, False, True


def _apply_named_periods(asked: Asked, t: str, now: datetime) -> None:
    """Periods named one after another: their sum over one window ("september and october combined"), with each
    part when asked; or each of three or more ("september vs october vs november so far"), one query each."""
    periods = compute_named_periods(t, now) if not asked.declined else []
    # (the grain ranked, even when the day named alone was read as the window and dropped it)
    grain = asked.grain or (compute_grain(t) if WHICH_BUCKET.search(t) else None)
    if len(periods) == 2 and grain is not None and _is_bucket_beside_ranked(asked, grain, periods, now):
        # "how many calls on the 17th, and how many on the busiest day of the month": the day named, and the
        # window's top day, one query each (the named day's own ranking is its figure)
        asked.compare, asked.compare_window, asked.cut, asked.periods = Comparison.NONE, {}, True, periods
        asked.grain = grain
        wide = max(periods, key=lambda p: datetime.fromisoformat(p["end"]) - datetime.fromisoformat(p["start"]))
        asked.window, asked.window_label = {k: wide[k] for k in ("start", "end")}, str(wide["label"])
        return
    if len(periods) < 2 or (len(periods) == 2 and not is_together(t, now)):
        return
    asked.compare, asked.compare_window, asked.cut = Comparison.NONE, {}, True
    if not is_together(t, now):  # "september vs october vs november so far": each period, the last the window
        asked.periods = periods
        asked.window = {k: periods[-1][k] for k in ("start", "end")}
        asked.window_label = str(periods[-1]["label"])
        return
    span = compute_span(periods)
    if span is None:  # "september and november combined": no one window sums two periods a gap parts
        asked.periods = periods
        asked.window = {k: periods[-1][k] for k in ("start", "end")}
        asked.window_label = str(periods[-1]["label"])
        said = " and ".join(str(p["label"]) for p in periods)
        asked.cannot.append(f"the sum of {said} (a gap parts them, and a query reads one window): each is given")
        return
    asked.window, asked.window_label = {k: span[k] for k in ("start", "end")}, f"{span['label']}, together"
    asked.periods = [span, *periods] if is_each_part(t) else []


def _is_bucket_beside_ranked(asked: Asked, grain: Grain, periods: list[dict[str, Any]], now: datetime) -> bool:
    """Whether two periods are one bucket of the `grain` ranked (a day) and a longer window holding it, with the top
    buckets of that grain asked ("the 17th ... the busiest day of the month so far")."""
    if asked.top_n is None or asked.dimensions:
        return False
    spans = sorted(
        ((datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["end"])) for p in periods),
        key=lambda s: s[1] - s[0],
    )
    (start, end), (wide_start, wide_end) = spans
    one = TimeRange.between(start, end, "")
    return (
        is_one_bucket(one, grain, now)
        and not is_one_bucket(TimeRange.between(wide_start, wide_end, ""), grain, now)
        and wide_start <= start
        and end <= wide_end
    )


def _compare_same_hours_yesterday(asked: Asked, start: datetime, end: datetime) -> None:
    """The window against the same hours one day earlier ("since midnight vs the same hours yesterday"), when the
    window is at most a day (over longer windows the hours of a day are not one span)."""
    # (two windows read apart, "since 06:00 vs this time yesterday", are the same hours too: not all of yesterday)
    compares = (Comparison.NONE, Comparison.PREVIOUS_PERIOD, Comparison.CHOSEN_WINDOW)
    if end - start > timedelta(days=1) or asked.compare not in compares:
        return
    day = timedelta(days=1)
    asked.compare, asked.cut = Comparison.CHOSEN_WINDOW, True
    asked.compare_window = {"start": (start - day).isoformat(), "end": (end - day).isoformat()}
