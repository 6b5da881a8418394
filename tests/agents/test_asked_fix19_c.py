"""Every part of a question with two asks answered (issue #16): two windows each on a bullet of a list ("- spend 1-15
Oct\\n- spend 16-31 Oct"), a scope's share of the whole beside a part's share within it ("openai's share of october
spend, and gpt-4o's share within the openai spend"), a figure of the named values beside the same figure over all the
traffic ("doc-summarizer's median, and also the median across all workloads"), and two named models' cost per call
on a workload, which asks for each model's own figures and moves no traffic ("could you tell me the cost per call of
gemini and gpt-4o-mini on search-rag": no what-if)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.answers import money, ms, pct
from netra_core.agents.asked import compute_asked
from netra_core.agents.assistant import ask
from netra_core.agents.catalog_names import BUILTIN_MODEL_NAMES
from netra_core.agents.intents import Intent
from netra_core.agents.triage import Plan, compute_plan
from netra_core.analytics.semantic import Comparison, Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv, make_events

AT = datetime(2026, 11, 20, 12, tzinfo=UTC)
ACME = make_events("acme", 3000, seed=1)
NOVEMBER = ACME[(ACME["ts"] >= datetime(2026, 11, 1, tzinfo=UTC)) & (ACME["ts"] < NOW)]
FIRST_HALF_OCT = {"start": "2026-10-01T00:00:00+00:00", "end": "2026-10-16T00:00:00+00:00"}
SECOND_HALF_OCT = {"start": "2026-10-16T00:00:00+00:00", "end": "2026-11-01T00:00:00+00:00"}


def _answer(env: AgentEnv, question: str) -> str:
    result = ask(env.session_factory, env.store, env.auth("ana"), question, now=NOW)
    assert result.status == "succeeded", result.error
    return result.text


def _plan(question: str) -> Plan:
    return compute_plan(question, known=KNOWN, catalog_models=BUILTIN_MODEL_NAMES, own_org="acme", now=NOW)


# --- two windows, each on a bullet of a list ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Two lines for the deck:\n- spend in the first half of October (1-15 Oct)\n- spend in the second half (16-31 Oct)",
        "calls, please:\n- 1-15 Oct\n- 16\u201331 Oct",
        "error rate:\n\u2022 Oct 1-15\n\u2022 Oct 16-31",
        "spend\n* the 1st to the 15th of October\n* the 16th to the 31st of October",
        "For the board:\n - tokens used 1-15 October\n - tokens used 16-31 October",
    ],
)
def test_two_bullets_each_naming_a_window_are_both_read(question: str) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert asked.window == SECOND_HALF_OCT and asked.compare_window == FIRST_HALF_OCT


@pytest.mark.parametrize(
    "question",
    [
        "October please:\n- total spend\n- number of calls\n- average cost per call",
        "Pace check:\n- spend so far this month\n- average spend per day this month",
        "spend in the first half of October (1-15 Oct)",
    ],
)
def test_bullets_of_one_window_compare_nothing(question: str) -> None:
    assert compute_asked(question, AT, KNOWN).compare == Comparison.NONE


def test_both_bulleted_windows_are_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "Two lines:\n- spend 1-10 Nov\n- spend 11-19 Nov")
    ts = NOVEMBER["ts"]
    first = NOVEMBER.loc[ts < datetime(2026, 11, 11, tzinfo=UTC), "cost_usd"].sum()
    second = NOVEMBER.loc[(ts >= datetime(2026, 11, 11, tzinfo=UTC)) & (ts < datetime(2026, 11, 20, tzinfo=UTC))]
    assert f"(in all {money(float(second['cost_usd'].sum()))} against {money(float(first))})" in text


# --- a scope's share of the whole, and a part's share within the scope ---------------------------------------


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        (
            "Vendor risk: OpenAI's share of spend last month, and gpt-4o's share within the OpenAI spend",
            Dimension.PROVIDER,
        ),
        (
            "what share of october spend went to anthropic, and what share of anthropic spend went to sonnet",
            Dimension.PROVIDER,
        ),
        (
            "openai as a percentage of total spend this month, and gpt-4o-mini as a percentage of openai spend",
            Dimension.PROVIDER,
        ),
        (
            "search-rag's share of all calls last week, and gpt-4o-mini's share of search-rag calls",
            Dimension.WORKLOAD,
        ),
        ("anthropic's share of total calls this month and sonnet's share of anthropic calls", Dimension.PROVIDER),
    ],
)
def test_both_shares_are_read(question: str, scope: Dimension) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert asked.share and asked.scope_share == scope and asked.share_part == Dimension.MODEL


@pytest.mark.parametrize(
    "question",
    [
        "sonnet spend as a share of anthropic spend in october",
        "what we spent with Anthropic in october and claude-3-5-sonnet's share of that Anthropic spend",
        "what percent of search-rag calls used gpt-4o-mini",
        "what share of our spend is gpt-4o?",
    ],
)
def test_one_share_asked_is_one_share(question: str) -> None:
    assert compute_asked(question, AT, KNOWN).scope_share is None


def test_both_shares_are_one_query_each() -> None:
    plan = _plan("OpenAI's share of spend last month, and gpt-4o's share within the OpenAI spend")
    whole, within = (call.args for call in plan.calls)
    assert whole["dimensions"] == ["provider"] and "filters" not in whole
    assert within["dimensions"] == ["model"] and within["filters"] == {"provider": ["openai"]}


def test_both_shares_are_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "this month: openai's share of spend, and gpt-4o's share within the openai spend")
    openai = NOVEMBER[NOVEMBER["provider"] == "openai"]
    whole = openai["cost_usd"].sum() / NOVEMBER["cost_usd"].sum()
    within = openai.loc[openai["model"] == "gpt-4o", "cost_usd"].sum() / openai["cost_usd"].sum()
    assert f"openai: {pct(float(whole))} of the spend." in text
    assert f"gpt-4o: {pct(float(within))} of the spend of openai." in text


# --- the named values' figure, and the same over all the traffic --------------------------------------------


@pytest.mark.parametrize(
    ("question", "scoped", "overall"),
    [
        (
            "doc-summarizer's median and p99 latency this month, and maybe also the median latency across all "
            "workloads together",
            [Measure.LATENCY_P50, Measure.LATENCY_P99],
            [Measure.LATENCY_P50],
        ),
        ("search-rag's p95 latency last week as well as the p95 overall", [Measure.LATENCY_P95], [Measure.LATENCY_P95]),
        (
            "gpt-4o's error rate in october, plus the same figure for everyone",
            [Measure.ERROR_RATE],
            [Measure.ERROR_RATE],
        ),
        (
            "what did support-bot spend in october, and what did we spend across all workloads",
            [Measure.SPEND],
            [Measure.SPEND],
        ),
        (
            "anthropic's spend and error rate this month, and also the error rate over all providers",
            [Measure.SPEND, Measure.ERROR_RATE],
            [Measure.ERROR_RATE],
        ),
    ],
)
def test_the_same_figure_over_all_traffic_is_asked_too(
    question: str, scoped: list[Measure], overall: list[Measure]
) -> None:
    asked = compute_asked(question, AT, KNOWN)
    assert set(asked.scoped) == set(scoped) and asked.unscoped == overall and asked.dimensions == []


@pytest.mark.parametrize(
    "question",
    [
        "error rate for anthropic across all workloads",  # (each workload's: one ask)
        "spend for search-rag and gpt-4o this month",
        "gpt-4o's spend and calls overall",  # (no later ask: gpt-4o's, over the whole window)
    ],
)
def test_no_later_ask_over_all_traffic(question: str) -> None:
    assert compute_asked(question, AT, KNOWN).unscoped == []


def test_the_named_and_the_overall_figure_are_both_stated(agent_env: AgentEnv) -> None:
    text = _answer(agent_env, "doc-summarizer's median latency this month, and also the median across all workloads")
    doc = NOVEMBER[NOVEMBER["workload"] == "doc-summarizer"]
    assert f"P50 latency {ms(float(NOVEMBER['latency_ms'].median()))}." in text
    assert f"P50 latency {ms(float(doc['latency_ms'].median()))}." in text
    assert "by workload" not in text


# --- two named models' cost per call on a workload: no what-if ----------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "someone said gemini is way cheaper than gpt-4o-mini on search-rag, so could you tell me the cost per call "
        "of each of those two models on search-rag in october?",
        "could you tell me the cost per call of gemini and gpt-4o-mini on search-rag last month?",
        "would you give me gpt-4o's and gpt-4o-mini's cost per request on support-bot in october",
        "will you show me what a call costs with gpt-4o and with gpt-4o-mini on support-bot this month?",
    ],
)
def test_two_models_compared_per_call_are_each_models_own_cost(question: str) -> None:
    plan = _plan(question)
    assert plan.intent != Intent.WHAT_IF
    assert [call.tool for call in plan.calls] == ["query_metrics"]
    assert "cost_per_request" in plan.calls[0].args["measures"] and plan.calls[0].args["dimensions"] == ["model"]


@pytest.mark.parametrize(
    "question",
    [
        "how much would the search-rag workload cost on gpt-4o-mini",
        "what would support-bot cost if it ran on gpt-4o-mini",
        "could the doc-summarizer workload run cheaper on gpt-4o-mini? what would it cost on it",
    ],
)
def test_a_hypothetical_is_still_a_what_if(question: str) -> None:
    assert _plan(question).intent == Intent.WHAT_IF
