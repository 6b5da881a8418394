"""Phrasings beside the misses of the tenth blind set (an SRE, a vendor manager, a junior analyst typing fast, a
non-native speaker, a token engineer, two asks in one message): each fix is a rule for a family of phrasings, so each
is checked here on the set's question, a sibling the set does not hold, and a contrast the rule must leave alone.
Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.supervisor import compute_cannot_text
from netra_core.agents.unheld import compute_unheld
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import score_answer
from tests.agents.test_asked_phrasings_set8 import answer
from tests.agents.test_question_set import plan_question


def asked(text: str):  # type: ignore[no-untyped-def]
    return compute_asked(text, NOW, KNOWN)


# --- subjects the events do not hold: retries, moderation flags, an agreement's discount ---------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("how many times did the gateway retry a failed anthropic call before it gave up last week?", "retries"),
        ("what share of our openai requests needed a second attempt this month", "retries"),  # sibling
        ("how many calls got flagged by the content moderation filter yday", "content moderation"),
        ("which workload had the most requests flagged as toxic last week", "content moderation"),  # sibling
        ("what discount did our openai enterprise agreement give us on october's invoice?", "contracts"),
        ("how much discount do we get from anthropic under the volume agreement", "contracts"),  # sibling
    ],
)
def test_retries_moderation_and_agreements_are_subjects_the_events_do_not_hold(text: str, subject: str) -> None:
    said = compute_unheld(text, KNOWN)
    assert len(said) == 1 and said[0].startswith(subject), said
    plan = plan_question(text)
    assert plan.intent == "cannot" and plan.calls == [] and plan.query is None
    assert compute_cannot_text(plan).endswith("I have not answered anything in its place.")


@pytest.mark.parametrize(
    "text",
    [
        "how many content filter errors did we get yesterday",  # a provider's refusal is an error type
        "how much did the batch discount save us last month",  # the batch API's price, held
        "how many requests failed with a timeout last week",  # failures, not retries
        "which workload spent the most in october",
    ],
)
def test_error_types_batch_discounts_and_failures_are_not_declined(text: str) -> None:
    assert compute_unheld(text, KNOWN) == []


def test_a_name_of_the_org_holding_retry_is_a_filter() -> None:
    assert compute_unheld("spend of the retry-worker workload last week", {"workloads": ["retry-worker"]}) == []


# --- a grouping by a field no event carries: said, not printed as a split -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Split last month's spend by cloud region: how much ran in us-east versus eu-west?",
        "requests per region over the last 7 days",  # sibling
    ],
)
def test_a_grouping_no_event_carries_says_it_cannot_split(numbers_env: AgentEnv, text: str) -> None:
    said = answer(numbers_env, text)
    assert "No event in the window carries a region, so the figures cannot be split by region" in said, said
    assert score_answer(said, []).outcome == "declined"


def test_a_grouping_every_event_carries_is_split_without_that_note(numbers_env: AgentEnv) -> None:
    # contrast: the sibling's ask by a field every event carries
    said = answer(numbers_env, "requests per provider over the last 7 days")
    assert "cannot be split" not in said and "provider openai" in said, said


# --- "in average" / "on average" said after the measure: the mean ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Which model is the most slow one in the last week, in average, and how much milliseconds?", "latency_avg"),
        ("which provider answers slowest on average this month", "latency_avg"),  # sibling
        (
            "Which model gets the biggest prompts on average over the last 30 days, and how many input tokens is that?",
            "avg_input_tokens",
        ),
        ("how many output tokens does each workload produce on average, past 2 weeks", "avg_output_tokens"),  # sibling
    ],
)
def test_in_average_said_after_the_measure_is_the_mean(text: str, measure: str) -> None:
    assert [m.value for m in asked(text.lower()).measures] == [measure]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("how many input tokens did we use per day on average last week", ["input_tokens"]),  # a mean of daily sums
        ("which workload is slowest by p95 on average", ["latency_p95"]),  # a percentile named stays
        ("which model is the slowest one last week", ["latency_p50", "latency_p95"]),  # no mean said
    ],
)
def test_a_daily_mean_a_named_percentile_or_no_average_keep_their_measures(text: str, measures: list[str]) -> None:
    assert [m.value for m in asked(text).measures] == measures
