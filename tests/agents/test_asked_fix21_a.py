"""Phrasings beside the twenty-first blind set's misses on parts and their whole (issue #16): each part asked and the
whole asked beside them, all stated. The calls counted by status in so many words and in a list ("the number of
successful calls, the number of failed calls, and the total"): each status its own row beside the total; prompt and
completion tokens "and the two added together" (or "plus the total", "combined"): the total tokens too; a grouping
with its whole named ("split by model, plus the Anthropic total", "with the openai subtotal"): the whole stated
beside the groups, which no fixed tool does; a rate asked in two units ("per hour? And per minute?", "per second and
per minute"): each unit stated; and a figure asked for a document ("For the eval write-up: what was ...", "for the
board deck, how many ..."): the figure, not a written summary (which stays the answer when a summary is asked: "write
up October", "summarise last week for my report"). Contrasts the rules must leave alone: one status asked, one kind
of tokens, "total prompt tokens" alone, a grouping with no whole asked, one rate unit. Figures come from the test's
own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.asked import Asked, compute_asked
from netra_core.agents.catalog_names import BUILTIN_MODEL_NAMES
from netra_core.agents.intents import Intent
from netra_core.agents.triage import compute_plan
from netra_core.analytics.semantic import Dimension, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ORG, QUALITY, REQUESTS, SPEND, Sql, count, quality
from tests.agents.test_asked_phrasings_set8 import answer, assert_states


def at(month: int, d: int) -> datetime:
    return datetime(2026, month, d, tzinfo=UTC)


def asked(text: str) -> Asked:
    out = compute_asked(text, NOW, KNOWN)
    assert not out.declined and not out.cannot, out.cannot
    return out


# --- the calls by status and their total ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "For September 2026: the number of successful calls, the number of failed calls, and the total number of calls.",
        "October 2026: count of failed requests, count of successful requests, and all requests",
        "how many successful calls, failed calls and total calls did we have last week?",
        "last week: the number of failed calls, the number of ok calls, and the total",
    ],
)
def test_both_statuses_listed_are_each_a_row(text: str) -> None:
    out = asked(text)
    assert Dimension.STATUS in out.dimensions, out
    assert Measure.REQUESTS in out.measures
    assert Dimension.STATUS not in out.filters and Dimension.STATUS not in out.exclude


@pytest.mark.parametrize(
    "text", ["how many failed calls did we have last week, and how much did they cost?", "number of successful calls"]
)
def test_one_status_asked_is_no_split(text: str) -> None:
    assert Dimension.STATUS not in compute_asked(text, NOW, KNOWN).dimensions


def test_the_calls_by_status_and_their_total_are_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        ok = s.one(REQUESTS, at(10, 1), at(11, 1), "status = 'ok'")
        failed = s.one(REQUESTS, at(10, 1), at(11, 1), "status != 'ok'")
    said = answer(
        numbers_env, "October 2026: the count of successful requests, the count of failed ones, and the total"
    )
    assert_states(said, [count("ok", ok), count("failed", failed), count("total", ok + failed)])


# --- prompt and completion tokens and their sum ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "doc-summarizer, October 2026: total prompt tokens, total completion tokens, and the two added together.",
        "input tokens and output tokens for support-bot last week, plus the total",
        "prompt tokens, completion tokens and the sum of both for code-review in October",
        "input, output and total tokens last week",
        "October's input tokens and output tokens, and the combined total",
    ],
)
def test_the_two_kinds_and_their_sum_are_asked(text: str) -> None:
    measures = asked(text).measures
    assert {Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS, Measure.TOTAL_TOKENS} <= set(measures), measures


@pytest.mark.parametrize(
    "text",
    [
        "total prompt tokens for doc-summarizer in October",
        "doc-summarizer, October 2026: total prompt tokens and total completion tokens",
        "input tokens vs output tokens last week",
    ],
)
def test_no_sum_asked_is_no_total_tokens(text: str) -> None:
    assert Measure.TOTAL_TOKENS not in asked(text).measures


def test_the_token_sum_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        w = "workload = {w:String}"
        prompt = s.one("sum(prompt_tokens)", at(10, 1), at(11, 1), w, w="support-bot")
        completion = s.one("sum(completion_tokens)", at(10, 1), at(11, 1), w, w="support-bot")
    said = answer(numbers_env, "support-bot in October 2026: prompt tokens, completion tokens, and both added up")
    assert_states(said, [count("prompt", prompt), count("completion", completion), count("sum", prompt + completion)])


# --- a grouping with its whole named ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Anthropic spend so far this month, split by model, plus the Anthropic total.",
        "openai spend by model for October 2026 with the openai subtotal",
        "spend per workload last week and the workload subtotal",
        "spend by model for anthropic in October, together with the provider's total",
    ],
)
def test_a_named_whole_beside_the_groups_is_a_grand_total(text: str) -> None:
    out = asked(text)
    assert out.dimensions and out.grand_total, out


@pytest.mark.parametrize(
    "text", ["anthropic spend by model this month", "spend by model and the total spend by provider last week"]
)
def test_no_whole_asked_is_no_grand_total(text: str) -> None:
    assert not compute_asked(text, NOW, KNOWN).grand_total


def test_the_providers_total_is_stated_beside_its_models(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        models = s.by("model", SPEND, at(10, 1), at(11, 1), "provider = {p:String}", p="openai")
    said = answer(numbers_env, "OpenAI spend in October 2026 by model, plus the OpenAI subtotal")
    assert "could not read" not in said, said
    figures = [Figure(m, v, Unit.MONEY, rel=0.005) for m, v in models.items()]
    assert_states(said, [*figures, Figure("total", sum(models.values()), Unit.MONEY, rel=0.005)])


# --- a rate in two units ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "also"),
    [
        (
            "On average, how many calls per hour did we handle in October 2026? And per minute?",
            RateUnit.HOUR,
            [RateUnit.MINUTE],
        ),
        ("average requests per second and per minute last week", RateUnit.SECOND, [RateUnit.MINUTE]),
        ("what was our mean RPM in October, and per hour?", RateUnit.MINUTE, [RateUnit.HOUR]),
        ("tokens per minute last week on average, and per second", RateUnit.MINUTE, [RateUnit.SECOND]),
    ],
)
def test_a_rate_in_two_units_is_asked_in_both(text: str, first: RateUnit, also: list[RateUnit]) -> None:
    out = asked(text)
    assert (out.rate_per, out.rate_also) == (first, also)


def test_one_unit_is_one_rate() -> None:
    out = asked("average requests per minute last week")
    assert (out.rate_per, out.rate_also) == (RateUnit.MINUTE, [])


def test_both_rates_are_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        calls = Sql(client, ORG).one(REQUESTS, at(9, 1), at(10, 1))
    said = answer(numbers_env, "average calls per minute in September 2026, and per hour")
    hours = 30 * 24
    per_hour = Figure("per hour", calls / hours, Unit.NUMBER, rel=0.005)
    per_minute = Figure("per minute", calls / hours / 60, Unit.NUMBER, rel=0.01)
    assert_states(said, [per_hour, per_minute])


# --- a figure asked for a document ------------------------------------------------------------------------------------


def _intent(text: str) -> Intent:
    return compute_plan(text, known=KNOWN, catalog_models=BUILTIN_MODEL_NAMES, own_org="acme", now=NOW).intent


@pytest.mark.parametrize(
    "text",
    [
        "For the eval write-up: what was the mean quality score per model over October 2026?",
        "for the board deck: what was our total spend in October 2026?",
        "for my monthly report, how many calls did we handle in October 2026 per provider?",
        "What was the p95 latency last week? It's for the memo.",
        "for our readout: how much did we spend with anthropic last month?",
    ],
)
def test_a_figure_asked_for_a_document_is_no_summary(text: str) -> None:
    assert _intent(text) != Intent.REPORT


@pytest.mark.parametrize(
    "text",
    [
        "Write up October 2026 for the board deck",
        "summarise last week for my report",
        "write me a summary of last week",
        "give me a report for October",
    ],
)
def test_a_summary_asked_is_still_a_summary(text: str) -> None:
    assert _intent(text) == Intent.REPORT


def test_the_figure_asked_for_a_write_up_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        by = Sql(client, ORG).by("task_type", QUALITY, at(10, 1), at(11, 1))
    said = answer(
        numbers_env, "For the quarterly write-up: what was the mean quality score per task type in October 2026?"
    )
    assert "written summary" not in said, said
    assert_states(said, [quality(t, v) for t, v in by.items()])
