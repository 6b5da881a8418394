"""Phrasings the eighth blind set (and a lost earlier eighth set) found answered as another question: a workload's share
of spend stated as its amount only, "our bots" grouped by model or not at all, a token breakdown without cached and
reasoning tokens, an exclusion of two or three names that excluded only the first, hand-offs to humans and prompt
template versions answered with figures the events do not hold. Each family is checked where it is parsed and, for the
figures, end to end against the test's own SQL. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.assistant import ask
from netra_core.analytics.semantic import Dimension
from netra_core.analytics.semantic import Measure as M
from tests.agents.builders import KNOWN, NOW, AgentEnv, make_events
from tests.agents.conftest import _seeded_env
from tests.agents.number_scoring import Figure, Unit, score_answer
from tests.agents.question_set_numbers import SPEND, Sql, days_ago
from tests.agents.test_query_plan import only_query
from tests.agents.test_question_set import plan_question


def answer(env: AgentEnv, text: str) -> str:
    return ask(env.session_factory, env.store, env.auth("ana"), text, now=NOW).text


def assert_states(text: str, figures: list[Figure]) -> None:
    """The answer states every figure, and the same answer against figures 8 % off does not (the check can fail)."""
    score = score_answer(text, figures)
    assert score.outcome == "correct", (score, text)
    off = [Figure(f.label, f.value * 1.08, f.unit, rel=f.rel, abs=f.abs) for f in figures]
    assert score_answer(text, off).outcome != "correct", text


# --- a. a workload's share of spend: the percentage, not only the amount -----------------------------------------


@pytest.mark.parametrize(
    ("text", "workload"),
    [
        ("what share of spend is the support bot", "support-bot"),
        ("what % of our spend goes to the sales agent?", "sales-agent"),
        ("how big a share of our costs is code review, last 30 days", "code-review"),
    ],
)
def test_a_workloads_share_of_spend_is_asked_beside_the_others(text: str, workload: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.share and asked.filters == {Dimension.WORKLOAD: [workload]}
    args = only_query(plan_question(text))
    assert args["dimensions"] == ["workload"] and "workload" not in args.get("filters", {})


def test_the_share_of_spend_is_stated_as_a_percentage(agent_env: AgentEnv) -> None:
    with agent_env.store.session() as client:
        spend = Sql(client, "acme").by("workload", SPEND, days_ago(7), NOW)
    share = 100 * spend["support-bot"] / sum(spend.values())
    assert_states(answer(agent_env, "what share of spend is the support bot"), [Figure("share", share, Unit.PERCENT)])


# --- b. "our bots" / "assistants" / "agents": the workloads, one row each ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how much do our bots cost",
        "what are our assistants costing us this month?",
        "avg cost per request for each of our agents last wk",
        "which bot has the highest error rate",
        "timeouts per assistant yesterday",
    ],
)
def test_our_bots_assistants_and_agents_are_grouped_by_workload(text: str) -> None:
    assert only_query(plan_question(text))["dimensions"] == ["workload"]


def test_the_total_of_our_bots_is_one_figure() -> None:
    assert compute_asked("how much do our bots cost in total", NOW, KNOWN).dimensions == []


def test_our_bots_cost_is_stated_per_workload(agent_env: AgentEnv) -> None:
    with agent_env.store.session() as client:
        spend = Sql(client, "acme").by("workload", SPEND, days_ago(7), NOW)
    figures = [Figure(w, v, Unit.MONEY, rel=0.005) for w, v in spend.items()]
    assert_states(answer(agent_env, "how much do our bots cost"), figures)


# --- c. tokens by kind: input, cached input, output and reasoning, as the data has them -------------------------


TOKEN_KINDS = [M.INPUT_TOKENS, M.CACHED_TOKENS, M.OUTPUT_TOKENS, M.REASONING_TOKENS]


@pytest.mark.parametrize(
    "text",
    [
        "tokens by kind",
        "token breakdown for last month",
        "break down our token usage by type, last 30 days",
        "what kinds of tokens did the support bot use yesterday",
    ],
)
def test_a_token_breakdown_asks_every_kind(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == TOKEN_KINDS


def test_cached_input_tokens_are_cached_tokens() -> None:
    assert compute_asked("cached input tokens vs total input tokens, mtd", NOW, KNOWN).measures == [
        M.INPUT_TOKENS,
        M.CACHED_TOKENS,
    ]


@pytest.fixture(scope="module")
def tokens_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AgentEnv]:
    """A store whose events have cached and reasoning tokens (the other stores have none)."""

    def events() -> dict[str, pd.DataFrame]:
        frame = make_events("acme", 2000, seed=11)
        rng = np.random.default_rng(12)
        frame["cached_tokens"] = (frame["prompt_tokens"] * rng.uniform(0, 0.6, len(frame))).round().astype("int64")
        thinks = frame["model"].isin(["claude-3-5-sonnet", "gpt-4o"])
        frame["reasoning_tokens"] = np.where(thinks, rng.integers(50, 900, len(frame)), 0)
        return {"acme": frame}

    yield from _seeded_env(tmp_path_factory.mktemp("tokens"), events)


@pytest.mark.parametrize("text", ["tokens by kind", "token breakdown, last 7 days"])
def test_the_token_breakdown_states_each_kind(tokens_env: AgentEnv, text: str) -> None:
    with tokens_env.store.session() as client:
        sql = Sql(client, "acme")
        sums = {
            kind: sql.one(f"sum({kind}_tokens)", days_ago(7), NOW, "usage_known = 1")
            for kind in ("prompt", "cached", "completion", "reasoning")
        }
    assert all(v > 0 for v in sums.values())
    assert_states(answer(tokens_env, text), [Figure(k, v, Unit.NUMBER) for k, v in sums.items()])


# --- d. an exclusion of a list: every name listed is excluded ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("spend excluding gpt-4o and claude-3-5-sonnet", {Dimension.MODEL: ["gpt-4o", "claude-3-5-sonnet"]}),
        ("spend on everything except gpt-4o, gpt-4o-mini last 30 days", {Dimension.MODEL: ["gpt-4o", "gpt-4o-mini"]}),
        (
            "mtd spend w/o doc-summarizer, search-rag or code-review",
            {Dimension.WORKLOAD: ["doc-summarizer", "search-rag", "code-review"]},
        ),
        ("spend other than the support bot and the sales agent", {Dimension.WORKLOAD: ["support-bot", "sales-agent"]}),
        ("requests without gpt-4o and support-bot", {Dimension.MODEL: ["gpt-4o"], Dimension.WORKLOAD: ["support-bot"]}),
    ],
)
def test_every_name_listed_after_an_exclusion_is_excluded(text: str, excluded: dict[Dimension, list[str]]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.exclude, asked.filters) == (excluded, {})
    args = only_query(plan_question(text))
    assert args["exclude"] == {d.value: v for d, v in excluded.items()} and not args.get("filters")


def test_a_name_after_the_list_is_still_a_filter() -> None:
    asked = compute_asked("support bot spend excluding gpt-4o and gpt-4o-mini", NOW, KNOWN)
    assert asked.filters == {Dimension.WORKLOAD: ["support-bot"]}
    assert asked.exclude == {Dimension.MODEL: ["gpt-4o", "gpt-4o-mini"]}


def test_spend_excluding_two_models_is_stated(agent_env: AgentEnv) -> None:
    with agent_env.store.session() as client:
        value = Sql(client, "acme").one(
            SPEND, days_ago(30), NOW, "model NOT IN ({a:String}, {b:String})", a="gpt-4o", b="claude-3-5-sonnet"
        )
    text = answer(agent_env, "spend excluding gpt-4o and claude-3-5-sonnet, last 30 days")
    assert_states(text, [Figure("spend", value, Unit.MONEY, rel=0.005)])


# --- e. what the events do not hold: declined, saying what they do hold -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how many hand-offs to humans",
        "how many support bot chats were escalated to a human agent last week?",
        "handoff rate of the sales agent this month",
        "prompt template versions",
        "which prompt version of the support bot has the best quality?",
        "spend by prompt template last 30 days",
    ],
)
def test_hand_offs_and_prompt_versions_are_declined(agent_env: AgentEnv, text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).declined
    reply = answer(agent_env, text)
    assert reply.startswith("I cannot answer") and "not answered anything in its place" in reply
    assert "workload" in reply  # what the events do hold is said
    assert score_answer(reply, []).outcome == "declined"


@pytest.mark.parametrize(
    "text",
    [
        "how many prompt tokens did the support bot use",
        "what does the prompt cache save us",
        "quality of the support bot last week",
        "how many people used the sales agent yesterday",
    ],
)
def test_questions_about_the_events_are_not_declined(text: str) -> None:
    assert not compute_asked(text, NOW, KNOWN).declined


# --- the rest of the eighth set's misses: budgets, a run of weekdays, the top N together, a workload over months,
# a model named by a part shared with the catalog, "how many people used X" ------------------------------------


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("we set a $350 budget for november. how much of it is left?", 350.0),
        ("what % of our $300/mo budget have we used so far this month", 300.0),
        ("are we on track to go over our 2k budget this month?", 2000.0),
    ],
)
def test_a_budget_asked_about_is_spend_against_it_not_a_policy(text: str, budget: float) -> None:
    args = only_query(plan_question(text))
    assert args["measures"][0] == "spend" and args["budget_usd"] == budget
    assert args["start"] == "2026-11-01T00:00:00+00:00"


def test_a_budget_to_route_under_is_still_the_optimizers() -> None:
    plan = plan_question("find a routing policy that keeps us under a $300 budget")
    assert [c.tool for c in plan.calls] == ["optimize_policy"]


def test_spend_against_a_budget_is_stated(agent_env: AgentEnv) -> None:
    month = NOW.replace(day=1, hour=0)
    with agent_env.store.session() as client:
        spent = Sql(client, "acme").one(SPEND, month, NOW)
    budget = round(spent * 1.7)  # well over what was spent, so what is left is far from the spend itself
    text = answer(agent_env, f"how much of our ${budget} budget for this month is left?")
    assert_states(
        text,
        [
            Figure("left", budget - spent, Unit.MONEY, rel=0.005),
            Figure("used", 100 * spent / budget, Unit.PERCENT, abs=0.05),
        ],
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("spend mon-wed this wk", "2026-11-16", "2026-11-19"),
        ("requests tuesday to thursday last week", "2026-11-10", "2026-11-13"),
        ("error rate mon thru wed", "2026-11-16", "2026-11-19"),
    ],
)
def test_a_run_of_weekdays_is_those_days(text: str, start: str, end: str) -> None:
    window = plan_question(text).window
    assert (str(window["start"])[:10], str(window["end"])[:10]) == (start, end)


def test_weeks_counted_monday_to_sunday_are_no_window_of_weekdays() -> None:
    asked = compute_asked("weekly spend for each of the last 4 complete weeks (Mon-Sun)", NOW, KNOWN)
    assert asked.window["start"].startswith("2026-10-19")


def test_the_top_n_together_is_stated_as_a_share_of_the_whole(agent_env: AgentEnv) -> None:
    with agent_env.store.session() as client:
        spend = Sql(client, "acme").by("model", SPEND, days_ago(30), NOW)
    top = sorted(spend.values(), reverse=True)[:2]
    text = answer(agent_env, "top 2 models by spend last 30 days + what % of the total they make up together")
    assert_states(
        text,
        [
            *(Figure(f"top {i}", v, Unit.MONEY, rel=0.005) for i, v in enumerate(top)),
            Figure("together", 100 * sum(top) / sum(spend.values()), Unit.PERCENT, abs=0.05),
        ],
    )


def test_a_workload_getting_pricier_is_its_spend_not_the_price_list() -> None:
    args = only_query(plan_question("did code review get pricier? sept vs oct"))
    assert args["filters"] == {"workload": ["code-review"]} and args["compare"] == "previous_full_month"


def test_a_model_part_shared_with_the_catalog_names_the_orgs_own_model() -> None:
    args = only_query(plan_question("ttft p99 for llama, last 30d"))
    assert args["filters"] == {"model": ["llama-3.1-8b-instant"]}


@pytest.mark.parametrize("text", ["how many ppl used code-review yday", "how many people are using the support bot"])
def test_how_many_people_used_a_workload_is_its_users(text: str) -> None:
    assert only_query(plan_question(text))["measures"] == ["users"]


def test_how_many_people_work_here_is_still_headcount() -> None:
    assert compute_asked("how many people work on the support bot", NOW, KNOWN).cannot
