"""Phrasings beside the fourteenth and fifteenth blind sets' misses on numbers the user gives (a price a million
tokens, a fee in cents, a bar named in one sentence and referred to in the next, a bound in per cent over groups, a
fraction of the spend), on both sides of the failed calls, on each group's top sub-group, and on subjects the events
do not hold (conversion to a paid plan, human graders) or hold beside another grouping (teams beside workloads).
Each fix is a rule for a family of phrasings, so each is checked on phrasings the sets do not hold and on contrasts
the rule must leave alone. Figures come from the test's own SQL over the number store. Times are relative to
builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.asked_given import compute_referred_number, compute_token_prices
from netra_core.agents.unheld import compute_unheld
from netra_core.analytics.semantic import Bound, Dimension, GivenKind, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, ORG, TODAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)


# --- a price a million tokens, and a flat fee in cents: the what-if applied, against what was paid -----------------


@pytest.mark.parametrize(
    ("text", "prices"),
    [
        (
            "what would support-bot have cost at $0.80 per million input tokens and $4 per million output tokens",
            (0.8, 4.0),
        ),
        ("what would it cost at $3/M input and $15/M output?", (3.0, 15.0)),  # sibling: shorthand
        ("if input were $2.50 per 1M tokens and output $10 per 1M tokens, what would last week cost", (2.5, 10.0)),
        ("re-price october at $1 per million tokens", (1.0, 1.0)),  # sibling: one price for both kinds
        ("suppose we paid $0.5 per 1k input tokens and $1 per 1k output tokens", (500.0, 1000.0)),  # a thousand
    ],
)
def test_token_prices_are_read(text: str, prices: tuple[float, float]) -> None:
    assert compute_token_prices(text.lower()) == prices
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.given is not None and asked.given.kind == GivenKind.TOKEN_PRICES
    assert (asked.given.value, asked.given.output_value) == prices
    assert {Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS, Measure.SPEND} <= set(asked.measures)


@pytest.mark.parametrize(
    "text",
    [
        "which workloads cost more than $5 per million tokens in october?",  # contrast: a bound, not a price
        "what's our cost per million tokens this month?",  # contrast: no price given
        "what did we pay per million input tokens last week?",  # contrast
    ],
)
def test_a_unit_cost_asked_is_no_price_given(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.given is None or asked.given.kind != GivenKind.TOKEN_PRICES


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("if every sales-agent call cost a flat 2 cents, what would the last 30 days have come to?", 0.02),
        ("what would last week have cost if each request cost 1.5 cents?", 0.015),  # sibling
        ("if every call was a flat $0.01, what would october cost", 0.01),  # sibling: dollars after the call
        ("groq offered a flat 3c per call: what would support-bot have cost this month", 0.03),  # sibling: "3c"
    ],
)
def test_a_flat_fee_in_cents_is_read(text: str, fee: float) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.given is not None and asked.given.kind == GivenKind.FEE_PER_CALL
    assert asked.given.value == pytest.approx(fee)


def test_calls_costing_more_than_cents_are_no_fee() -> None:
    # contrast: a bound on one call's cost is no fee to apply
    asked = compute_asked("how many calls cost more than 2 cents each last week?", NOW, KNOWN)
    assert asked.given is None


def test_token_prices_applied_against_what_was_paid(numbers_env: AgentEnv) -> None:
    text = "What would sales-agent have cost last week at $3/M input and $15/M output, against what we paid?"
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        prompt = s.one("sum(prompt_tokens)", start, NOW, "workload = 'sales-agent'")
        completion = s.one("sum(completion_tokens)", start, NOW, "workload = 'sales-agent'")
        paid = s.one("sum(cost_usd)", start, NOW, "workload = 'sales-agent'")
    priced = (prompt * 3 + completion * 15) / 1e6
    assert priced > 0 and paid > 0
    assert_states(
        answer(numbers_env, text),
        [Figure("at the price", priced, Unit.MONEY, rel=0.005), Figure("paid", paid, Unit.MONEY, rel=0.005)],
    )


def test_a_flat_fee_in_cents_applied(numbers_env: AgentEnv) -> None:
    text = "If each code-review request cost 3 cents, what would this month have come to, against what we paid?"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        calls = s.one("count()", MONTH, NOW, "workload = 'code-review'")
        paid = s.one("sum(cost_usd)", MONTH, NOW, "workload = 'code-review'")
    assert calls > 0
    assert_states(
        answer(numbers_env, text),
        [Figure("flat", calls * 0.03, Unit.MONEY, rel=0.005), Figure("paid", paid, Unit.MONEY, rel=0.005)],
    )


# --- the spend without the failed calls, and the failed calls' own: both sides ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "what's our spend this month without the failed calls? and what did the failed calls cost us?",
        "spend last week excluding errored requests, and how much did the errored requests cost?",  # sibling
        "what did we spend in october not counting failures, and what did the failed calls cost?",  # sibling
    ],
)
def test_spend_without_the_failed_calls_and_theirs_is_split_by_status(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert Dimension.STATUS in asked.dimensions and Measure.SPEND in asked.measures
    assert Dimension.STATUS not in asked.filters and Dimension.STATUS not in asked.exclude


def test_spend_without_the_failed_calls_alone_keeps_the_successful() -> None:
    asked = compute_asked("what's our spend this month without the failed calls?", NOW, KNOWN)  # contrast
    assert asked.filters.get(Dimension.STATUS) == ["ok"] and Dimension.STATUS not in asked.dimensions


def test_spend_without_and_of_the_failed_calls(numbers_env: AgentEnv) -> None:
    text = "How much did we spend last week leaving out the failed calls, and how much went on the failed calls?"
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        ok = s.one("sum(cost_usd)", start, NOW, "status = 'ok'")
        failed = s.one("sum(cost_usd)", start, NOW, "status != 'ok'")
    assert_states(
        answer(numbers_env, text),
        [Figure("ok", ok, Unit.MONEY, rel=0.005), Figure("failed", failed, Unit.MONEY, rel=0.005)],
    )


# --- subjects the events do not hold, and the teams beside a grouping they do ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "did gpt-4o-mini users convert to a paid plan less often than gpt-4o users?",
        "how many users upgraded to premium after using the support bot?",  # sibling
        "which workload's users converted to paying customers most?",  # sibling
    ],
)
def test_conversion_to_a_paid_plan_is_said_not_held(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert any("sign-ups or subscriptions" in c for c in asked.cannot)


@pytest.mark.parametrize(
    "text",
    [
        "how much did gemini-1.5-pro users spend last week?",  # contrast: a model's name
        "convert october's spend to a daily average",  # contrast: "convert" of a figure
        "what would we save on groq's free tier?",  # contrast: a provider's tier
    ],
)
def test_other_converts_and_tiers_are_not_conversion(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not any("sign-ups or subscriptions" in c for c in asked.cannot)


@pytest.mark.parametrize(
    "text",
    [
        "which of our human graders gives the harshest quality scores?",
        "which annotator rated code-review lowest this month?",  # sibling
        "mean quality score per rater last week",  # sibling
        "are the human ratings lower on gpt-4o-mini?",  # sibling
    ],
)
def test_graders_are_declined(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.declined and any("who gave a quality score" in c for c in asked.cannot)


@pytest.mark.parametrize(
    "text",
    [
        "what's the mean quality score per workload this week?",  # contrast: scores are held
        "error rates by provider this month",  # contrast: "rates" is no rater
        "how did code-review's quality change last week?",  # contrast: a workload named "code-review"
    ],
)
def test_quality_questions_are_not_graders(text: str) -> None:
    assert not any("who gave a quality score" in c for c in compute_unheld(text, KNOWN))


@pytest.mark.parametrize(
    "text",
    [
        "i have to allocate october's openai bill to the teams. how much openai spend did each workload run up?",
        "for the team split, what did each user spend last week?",  # sibling: users
        "for the split by team: spend per task type in october",  # sibling: task types
    ],
)
def test_teams_beside_a_held_grouping_answer_the_grouping(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.declined and any(c.startswith("teams,") for c in asked.cannot)
    assert asked.dimensions


@pytest.mark.parametrize("text", ["what did each team spend last month?", "spend by department in october"])
def test_teams_alone_are_declined(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).declined  # contrast


def test_openai_spend_per_workload_for_the_teams(numbers_env: AgentEnv) -> None:
    text = "We split last month's OpenAI bill across teams; what OpenAI spend did each workload run up in October?"
    start, end = TODAY.replace(month=10, day=1), TODAY.replace(month=11, day=1)
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("workload", "sum(cost_usd)", start, end, "provider = 'openai'")
    text_out = answer(numbers_env, text)
    assert "teams" in text_out
    assert_states(text_out, [Figure(w, v, Unit.MONEY, rel=0.005) for w, v in spend.items()])


# --- a number named in one sentence and referred to in the next -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("our bar is 0.75. what share of calls in the past 14 days scored under it?", "under 0.75"),
        (
            "the target is 2 seconds - what share of support-bot calls were slower than that last week?",
            "than 2 seconds",
        ),
        ("our threshold is 0.8; how many calls scored below the threshold yesterday?", "below 0.8"),  # sibling
        ("our latency limit is 1500ms. how many calls went over it last week?", "over 1500ms"),  # sibling
    ],
)
def test_a_number_named_before_is_put_where_it_is_referred_to(text: str, said: str) -> None:
    assert said in compute_referred_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "the bar is 0.75. what is the mean quality this week?",  # contrast: no reference to it
        "what share scored under our bar of 0.75 and is it up?",  # contrast: named where it is compared
        "spend is up this week. is it over $50?",  # contrast: nothing named as a bar
    ],
)
def test_a_number_not_referred_to_is_left_alone(text: str) -> None:
    assert compute_referred_number(text) == text


def test_the_share_under_a_bar_named_before(numbers_env: AgentEnv) -> None:
    text = "Our threshold is 0.8. What share of support-bot's calls last week scored below it?"
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        share = Sql(client, ORG).one("100 * countIf(quality < 0.8) / count()", start, NOW, "workload = 'support-bot'")
    assert 0 < share < 100
    assert_states(answer(numbers_env, text), [Figure("under", share, Unit.PERCENT, abs=0.05)])


# --- a bound in per cent on a rate: every group's rate, those meeting it named -----------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "measure", "value"),
    [
        ("is any provider above an 8% error rate this month?", Dimension.PROVIDER, Measure.ERROR_RATE, 0.08),
        (
            "which models have an error rate over 5 percent in the last 7 days?",
            Dimension.MODEL,
            Measure.ERROR_RATE,
            0.05,
        ),
        ("did any workload's success rate drop below 93% last week?", Dimension.WORKLOAD, Measure.SUCCESS_RATE, 0.93),
        ("is any model's failure rate at least 10% this week?", Dimension.MODEL, Measure.ERROR_RATE, 0.10),
    ],
)
def test_a_rate_bound_in_percent_marks_each_group(
    text: str, dimension: Dimension, measure: Measure, value: float
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.mark is not None and asked.mark.measure == measure and asked.mark.value == pytest.approx(value)
    assert asked.dimensions == [dimension] and asked.having is None


@pytest.mark.parametrize(
    "text",
    [
        "which workloads spent more than $50 this month?",  # contrast: a bound on spend keeps the groups over it
        "what is our error rate this month?",  # contrast: no bound
        "did we hit a 95% success target last week?",  # contrast: a success target, read as given
    ],
)
def test_other_bounds_are_no_rate_mark(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).mark is None


def test_models_over_an_error_rate(numbers_env: AgentEnv) -> None:
    text = "Is any model above a 6% error rate over the last 7 days?"
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        rates = Sql(client, ORG).by("model", "100 * countIf(status != 'ok') / count()", start, NOW)
    over = sorted(m for m, v in rates.items() if v > 6)
    assert over and len(over) < len(rates)
    out = answer(numbers_env, text)
    assert_states(out, [Figure(m, v, Unit.PERCENT, abs=0.05) for m, v in rates.items()])
    line = next(x for x in out.splitlines() if x.startswith("Error rate over 6.0 %"))
    assert f"{len(over)} of the {len(rates)} models" in line and all(m in line for m in over)


# --- a part against a fraction of the whole: its share -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "share_of"),
    [
        ("is gpt-4o more than half of our spend this month?", Measure.SPEND),
        ("is support-bot under a third of our calls this week?", Measure.REQUESTS),  # sibling
        ("does anthropic account for over 40% of our spend in october?", Measure.SPEND),  # sibling
        ("are gpt-4o's tokens less than a quarter of all tokens last week?", Measure.TOTAL_TOKENS),  # sibling
    ],
)
def test_a_fraction_of_the_whole_is_a_share(text: str, share_of: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.share and share_of in asked.measures


def test_more_than_half_a_dollar_is_no_share() -> None:
    # contrast: no whole named after "of"
    assert not compute_asked("which calls cost more than half a dollar last week?", NOW, KNOWN).share


@pytest.mark.parametrize(
    ("text", "bound", "value"),
    [
        ("is gpt-4o more than half of our spend this month?", Bound.ABOVE, 0.5),
        ("is support-bot under a third of our calls this week?", Bound.BELOW, 1 / 3),
        ("does anthropic account for over 40% of our spend in october?", Bound.ABOVE, 0.4),
        ("is groq at least a tenth of our requests?", Bound.AT_LEAST, 0.1),
    ],
)
def test_the_fraction_a_share_is_said_against(text: str, bound: Bound, value: float) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.share_bound is not None and asked.share_bound.bound == bound
    assert asked.share_bound.value == pytest.approx(value)


def test_about_a_third_is_a_share_with_no_bound() -> None:
    asked = compute_asked("is gpt-4o about a third of our spend this month?", NOW, KNOWN)  # contrast
    assert asked.share and asked.share_bound is None


@pytest.mark.parametrize("model", ["gpt-4o", "claude-3-5-haiku"])
def test_a_model_against_half_of_the_spend(numbers_env: AgentEnv, model: str) -> None:
    text = f"Is {model} more than half of our spend over the last 7 days?"
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        share = Sql(client, ORG).one("100 * sumIf(cost_usd, model = {m:String}) / sum(cost_usd)", start, NOW, m=model)
    out = answer(numbers_env, text)
    assert_states(out, [Figure("share", share, Unit.PERCENT, abs=0.05)])
    assert f"(more than 50.0 %: {'yes' if share > 50 else 'no'})" in out


# --- each group's top sub-group, and its share of the group's own total ------------------------------------------


@pytest.mark.parametrize(
    ("text", "within", "measure"),
    [
        (
            "which provider does each workload depend on most by spend in october, and what share of the workload's"
            " spend goes to it?",
            Dimension.WORKLOAD,
            Measure.SPEND,
        ),
        (
            "spend by workload and model this month, with each model's share of the workload's spend",
            Dimension.WORKLOAD,
            Measure.SPEND,
        ),
        (
            "for each workload, which model gets most of its calls, as a percent of the workload's calls?",
            Dimension.WORKLOAD,
            Measure.REQUESTS,
        ),
        (
            "for each provider, what share of the provider's tokens does each model use?",
            Dimension.PROVIDER,
            Measure.TOTAL_TOKENS,
        ),
    ],
)
def test_a_share_of_the_groups_own_total(text: str, within: Dimension, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.share_within == within and measure in asked.measures and len(asked.dimensions) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "spend by workload and model so far this month.",  # contrast: no share
        "what share of our spend does each workload take this month?",  # contrast: of the whole, one grouping
        "what share of spend is each model's, by workload and model?",  # contrast: of the whole spend
    ],
)
def test_a_share_of_the_whole_is_not_within(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).share_within is None


def test_each_workloads_top_model_and_its_share(numbers_env: AgentEnv) -> None:
    text = "Which model does each workload spend most on over the last 7 days, and what share of the workload's spend?"
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("concat(workload, ' / ', model)", "sum(cost_usd)", start, NOW)
    figures = []
    for w in sorted({k.split(" / ")[0] for k in spend}):
        mine = {k: v for k, v in spend.items() if k.startswith(f"{w} / ")}
        top = max(mine, key=lambda k: mine[k])
        if len(mine) > 1:  # (a workload on one model is 100 %, which any answer of 100 % would state)
            figures.append(Figure(top, 100 * mine[top] / sum(mine.values()), Unit.PERCENT, abs=0.05))
    assert figures
    assert_states(answer(numbers_env, text), figures)


# --- a per cent of the groups ranked: their total and its share --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "percent", "dimension"),
    [
        (
            "how much did the top 10% of users by spend account for this month, in dollars and as a share?",
            10.0,
            Dimension.USER,
        ),
        ("what share of calls came from the top 20% of sessions last week?", 20.0, Dimension.SESSION),  # sibling
        ("top decile of users by requests in october: how many calls?", 10.0, Dimension.USER),  # sibling: a word
        ("how much of our spend is the top 5 percent of users?", 5.0, Dimension.USER),  # sibling
    ],
)
def test_a_top_percent_of_the_groups(text: str, percent: float, dimension: Dimension) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.top_percent == percent and asked.dimensions == [dimension] and asked.top_n is None


@pytest.mark.parametrize(
    "text",
    [
        "who are the top 10 users by spend this month?",  # contrast: ten users, not a per cent
        "what are the top 3 workloads by spend?",  # contrast
        "what's the p90 latency of the top workload?",  # contrast
    ],
)
def test_a_top_count_is_no_top_percent(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).top_percent is None


def test_the_top_fifth_of_users_by_calls(numbers_env: AgentEnv) -> None:
    text = "How many calls did the top 20% of users by calls make last week, and what share of all calls is that?"
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        calls = Sql(client, ORG).by("user_id", "count()", start, NOW)
    ranked = sorted(calls.values(), reverse=True)
    n = len(ranked) // 5
    top = sum(ranked[:n])
    assert 0 < n < len(ranked)
    assert_states(
        answer(numbers_env, text),
        [Figure("top", top, Unit.NUMBER), Figure("share", 100 * top / sum(ranked), Unit.PERCENT, abs=0.05)],
    )
