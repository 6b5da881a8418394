"""Completeness and breakdowns asked beside counts (issue #16, the sixteenth blind set's misses): how many calls carry an
optional field ("have a quality score attached", "a time to first token recorded", "reported token usage", "a user
id", "a session id") is the count of those calls beside all calls, its share stated, not a summary of the window;
distinct counts (models, providers, status values, error types...) followed by a second ask by a grouping ("and how
many calls went to each provider") are two queries, the counts and the grouped measure, not the counts alone; and the
buckets or groups with no failure at all ("on how many days did the support-bot have no failed calls", "error-free
hours", "models that never failed") are those whose errors are at most zero, counted, with the window's own figures
beside them when asked ("and its error rate for the month"). Each fix is a rule for a family of phrasings, checked here on phrasings the set does not hold and on contrasts the rule must
leave alone; figures come from the test's own SQL, over a store where the fields are sometimes missing (so a count of
all calls cannot pass for the calls carrying one) and over the number store. Times are relative to builders.NOW
(Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Bound, Dimension, Grain, Measure
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore
from tests.agents.builders import KNOWN, NOW, AgentEnv, make_events, seed_users
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question
from tests.helpers.semantic_reference import store_semantic_events

DAY = timedelta(days=1)
WEEK_AGO = NOW - 7 * DAY


@pytest.fixture(scope="module")
def gaps_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AgentEnv]:
    """Four weeks of events whose quality score, TTFT, user id, session id and token usage are each missing from a
    different part of the calls (written as ingest writes them: NULLs, empty ids, usage_known = 0)."""
    root = tmp_path_factory.mktemp("gaps")
    engine = make_engine(f"sqlite:///{root / 'app.db'}")
    upgrade_app_db(engine)
    factory = make_session_factory(engine)
    seed_users(factory)
    store = WorkloadStore(f"chdb://{root / 'workloads'}", lock_timeout_s=20)
    frame = make_events(ORG, 4000, seed=16)
    rng = np.random.default_rng(16)
    n = len(frame)
    frame["quality"] = np.where(rng.random(n) < 0.35, np.nan, frame["quality"])
    frame["ttft_ms"] = np.where(rng.random(n) < 0.2, np.nan, frame["ttft_ms"])
    frame["user_id"] = np.where(rng.random(n) < 0.12, "", frame["user_id"])
    frame["session_id"] = np.where(rng.random(n) < 0.27, "", frame["session_id"])
    known = rng.random(n) >= 0.15
    frame["usage_known"] = known.astype("uint8")
    for column in ("prompt_tokens", "completion_tokens"):
        frame[column] = np.where(known, frame[column], 0)
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True)
    with store.session() as client:
        upgrade_store(client)
        store_semantic_events(client, ORG, frame)
    yield AgentEnv(factory, store)
    engine.dispose()


def _count_and_share(label: str, part: float, whole: float) -> list[Figure]:
    return [
        Figure(label, part, Unit.NUMBER),
        Figure(f"{label} share", 100 * part / whole, Unit.PERCENT, abs=0.05),
    ]


# --- how many calls carry a field: the count of those calls and their share of all calls ----------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        (
            "How many of October's calls have a quality score attached, and what share of all calls is that?",
            "quality_n",
        ),
        ("how many requests were scored this week?", "quality_n"),  # sibling: scored, said as a verb
        ("quality score coverage for the support-bot in October", "quality_n"),  # sibling: "coverage"
        ("how many calls last week came with a ttft?", "ttft_n"),
        ("what % of requests have a time to first token recorded, by model, last 30 days", "ttft_n"),
        ("How many of yesterday's calls reported token usage?", "usage_n"),
        ("what share of requests carry a user id, by workload, last 30 days", "user_id_n"),
        ("session id coverage this month", "session_id_n"),
    ],
)
def test_calls_carrying_a_field_are_counted_beside_all_calls(text: str, measure: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures[0] == Measure(measure) and Measure.REQUESTS in asked.measures, asked.measures
    assert not asked.share  # (the share is the covered calls' of all calls, not a name's of the others)


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("how many calls had a quality score below 0.7 last week", [Measure.QUALITY_BAND_N]),  # contrast: a band
        ("mean quality of scored calls last week", [Measure.QUALITY]),  # contrast: the scores' mean
        ("ttft p95 last week", [Measure.TTFT_P95]),  # contrast: a quantile of the field
        ("calls with a ttft over 500 ms last week", [Measure.TTFT_P50, Measure.TTFT_P95]),  # contrast: a bound said
        ("token usage by model last week", []),  # contrast: the tokens themselves
    ],
)
def test_a_field_measured_banded_or_missing_is_no_coverage(text: str, measures: list[Measure]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not {Measure.QUALITY_N, Measure.TTFT_N, Measure.USAGE_N, Measure.USER_ID_N} & set(asked.measures)
    assert asked.measures == measures


def test_the_scored_calls_and_their_share(gaps_env: AgentEnv) -> None:
    with gaps_env.store.session() as client:
        s = Sql(client, ORG)
        scored, calls = s.one("count(quality)", WEEK_AGO, NOW), s.one("count()", WEEK_AGO, NOW)
    said = answer(gaps_env, "How many of the last 7 days' calls have a quality score attached, and what % is that?")
    assert_states(said, _count_and_share("scored", scored, calls))


def test_the_calls_with_a_ttft_of_each_model(gaps_env: AgentEnv) -> None:
    with gaps_env.store.session() as client:
        s = Sql(client, ORG)
        timed, calls = s.by("model", "count(ttft_ms)", WEEK_AGO, NOW), s.by("model", "count()", WEEK_AGO, NOW)
    said = answer(gaps_env, "per model, how many calls had a time to first token recorded in the past 7 days?")
    assert_states(said, [f for m in timed for f in _count_and_share(m, timed[m], calls[m])])


def test_the_calls_with_a_user_id_and_a_session_id(gaps_env: AgentEnv) -> None:
    with gaps_env.store.session() as client:
        s = Sql(client, ORG)
        users = s.one("countIf(user_id != '')", WEEK_AGO, NOW)
        sessions = s.one("countIf(session_id != '')", WEEK_AGO, NOW)
        calls = s.one("count()", WEEK_AGO, NOW)
    said = answer(gaps_env, "last 7 days: how many requests carry a user id, and how many carry a session id?")
    assert_states(said, [*_count_and_share("users", users, calls), *_count_and_share("sessions", sessions, calls)])


def test_the_calls_that_reported_usage_and_their_tokens(gaps_env: AgentEnv) -> None:
    with gaps_env.store.session() as client:
        s = Sql(client, ORG)
        reported = s.one("countIf(usage_known = 1)", YESTERDAY, TODAY)
        tokens = s.one("sum(prompt_tokens + completion_tokens)", YESTERDAY, TODAY)
    said = answer(gaps_env, "how many calls yesterday reported token usage, and how many tokens did they report?")
    assert "Summary for" not in said, said  # (the calls' report, not the written summary)
    assert_states(said, [Figure("reported", reported, Unit.NUMBER), Figure("tokens", tokens, Unit.NUMBER)])


def test_coverage_of_each_workload_is_grouped(gaps_env: AgentEnv) -> None:
    asked = compute_asked("quality score coverage per workload this month", NOW, KNOWN)
    assert asked.dimensions == [Dimension.WORKLOAD]
    assert asked.measures == [Measure.QUALITY_N, Measure.REQUESTS]


# --- distinct counts, and a second ask by a grouping: two queries ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "counts", "measures", "by"),
    [
        (
            "how many distinct users and sessions did we have last week, and what did each workload spend?",
            ["users", "sessions"],
            ["spend"],
            "workload",
        ),
        (
            "How many models and providers do we use? And what's the p95 latency per model this month?",
            ["models", "providers"],
            ["latency_p95"],
            "model",
        ),
        (
            "how many unique users and sessions yesterday, and how many requests by model?",
            ["users", "sessions"],
            ["requests"],
            "model",
        ),
        (
            "number of distinct status values and error types in October, and how many events per status",
            ["statuses", "error_types"],
            ["requests"],
            "status",
        ),
    ],
)
def test_distinct_counts_and_a_grouped_second_ask_are_two_queries(
    text: str, counts: list[str], measures: list[str], by: str
) -> None:
    plan = plan_question(text)
    assert [c.args["measures"] for c in plan.calls] == [counts, measures], plan.calls
    assert [c.args.get("dimensions") for c in plan.calls] == [None, [by]]


@pytest.mark.parametrize(
    ("text", "dimensions"),
    [
        ("how many distinct users and sessions per workload last week", [Dimension.WORKLOAD]),  # contrast: grouped
        ("how many distinct users and sessions last week, broken down by workload", [Dimension.WORKLOAD]),  # contrast
        ("how many distinct models, providers, users and sessions last week?", []),  # contrast: no second ask
        # contrast: a count over a count, no grouping
        ("How many sessions and how many users did we have in October, and how many sessions per user is that?", []),
    ],
)
def test_distinct_counts_grouped_or_alone_stay_one_query(text: str, dimensions: list[Dimension]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.breakdown is None and asked.dimensions == dimensions
    assert len(plan_question(text).calls) == 1


def test_distinct_users_and_sessions_and_each_workloads_spend(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        users = s.one("uniqExactIf(user_id, user_id != '')", start, NOW)
        sessions = s.one("uniqExactIf(session_id, session_id != '')", start, NOW)
        spend = s.by("workload", "sum(cost_usd)", start, NOW)
    said = answer(
        numbers_env, "how many distinct users and sessions in the last 7 days, and what did each workload spend?"
    )
    assert_states(
        said,
        [
            Figure("users", users, Unit.NUMBER),
            Figure("sessions", sessions, Unit.NUMBER),
            *(Figure(w, v, Unit.MONEY, rel=0.005) for w, v in spend.items()),
        ],
    )


def test_distinct_statuses_and_error_types_and_the_calls_per_error_type(gaps_env: AgentEnv) -> None:
    start = NOW - 14 * DAY
    with gaps_env.store.session() as client:
        s = Sql(client, ORG)
        per_type = s.by("error_type", "count()", start, NOW, "status != 'ok'")
        per_status = s.by("status", "count()", start, NOW)
    said = answer(
        gaps_env,
        "over the past 14 days, how many distinct status values and error types do we have, and how many calls carry "
        "each status?",
    )
    assert (
        "distinct status values 2" in said.lower()
        and f"distinct error types (of the failed requests) {len(per_type)}" in said.lower()
    ), said
    assert_states(said, [Figure(v, n, Unit.NUMBER) for v, n in per_status.items()])


# --- groups with no failure at all: errors at most zero, counted; the window's own figures beside them ------------


@pytest.mark.parametrize(
    ("text", "grain", "dimensions", "counted"),
    [
        ("how many hours yesterday had zero errors?", Grain.HOUR, [], True),
        ("which days this month were error-free for gpt-4o?", Grain.DAY, [], False),
        ("how many weeks since September had no failures at all for search-rag", Grain.WEEK, [], False),
        ("which workloads had no errors last week?", None, [Dimension.WORKLOAD], False),
        ("models that never failed last week", None, [Dimension.MODEL], False),
    ],
)
def test_groups_with_no_failure_are_those_with_no_errors(
    text: str, grain: Grain | None, dimensions: list[Dimension], counted: bool
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.having is not None and (asked.having.measure, asked.having.bound, asked.having.value) == (
        Measure.ERRORS,
        Bound.AT_MOST,
        0,
    )
    assert (asked.grain, asked.dimensions) == (grain, dimensions)
    if counted:
        assert asked.count_groups


@pytest.mark.parametrize(
    "text",
    [
        "did we have no errors yesterday?",  # contrast: no group to keep
        "how many calls had no errors yesterday",  # contrast: calls, not groups
        "error rate for the month of october",  # contrast: no bound
    ],
)
def test_no_errors_without_a_grouping_is_no_bound(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.having is None and not asked.window_total


def test_the_days_without_failures_and_the_months_error_rate(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        failed = s.by("toDate(ts)", "countIf(status != 'ok')", OCTOBER, MONTH, "workload = 'ticket-classifier'")
        rate = s.one("countIf(status != 'ok') / count()", OCTOBER, MONTH, "workload = 'ticket-classifier'")
    clean = sum(1 for v in failed.values() if v == 0) + 31 - len(failed)
    assert 0 < clean < 31
    said = answer(
        numbers_env,
        "How many October days did ticket-classifier get through without a single error? And its overall error rate?",
    )
    assert_states(said, [Figure("days", clean, Unit.NUMBER), Figure("rate", 100 * rate, Unit.PERCENT, abs=0.05)])
