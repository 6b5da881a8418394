"""End to end on seeded data: answers, persisted runs and steps, failures, follow-ups, references, security."""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from netra_core.agents.answers import compute_unsupported_numbers, count, money
from netra_core.agents.assistant import ask, make_registry
from netra_core.agents.tools import ToolRegistry
from netra_core.db.models import Run
from netra_core.db.runs import fetch_messages
from netra_core.errors import WorkloadStoreError
from netra_core.workloads.events import fetch_event_count
from tests.agents.builders import NOW, AgentEnv, make_events

ACME = make_events("acme", 3000, seed=1)


def _window(days: float) -> Any:
    return ACME[(ACME["ts"] >= NOW - timedelta(days=days)) & (ACME["ts"] < NOW)]


def _evidence(result: Any) -> list[Any]:
    tool_steps = [s for s in result.steps if s.get("kind") == "tool" and s.get("status") == "ok"]
    return [{"args": s["args"], "data": s["result"]} for s in tool_steps] + [
        t["rows"] for t in result.payload["tables"]
    ]


def test_spend_answer_matches_an_independent_sum(agent_env: AgentEnv) -> None:
    """The answer's spend and request count are the events' own totals for the window."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "how much did we spend in the last 7 days?",
        now=NOW,
    )
    week = _window(7)
    assert result.status == "succeeded", result.error
    assert money(float(week["cost_usd"].sum())) in result.text
    assert f"{count(len(week))} requests" in result.text


def test_cost_per_conversation_matches_an_independent_count(agent_env: AgentEnv) -> None:
    """Cost per conversation is spend over distinct sessions of that workload."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "what does the suport bot cost per conversation over the past 30 days?",
        now=NOW,
    )
    part = _window(30)
    part = part[part["workload"] == "support-bot"]
    expected = part["cost_usd"].sum() / part["session_id"].nunique()
    assert money(float(expected)) in result.text
    assert f"{count(part['session_id'].nunique())} conversations" in result.text


@pytest.mark.parametrize(
    "question",
    [
        "why did spend jump last tuesday?",
        "top 5 most expensive workloads last 30 days",
        "p95 latency by model",
        "show me errors for the last 3 days",
        "how long are our prompts per workload",
        "how many duplicate prompts do we send?",
        "what spend could go through the batch api",
        "compare gpt-4o-mini and claude haiku for summarization",
        "write a summary of the last 14 days",
        "daily spend by workload past 2 weeks",
    ],
)
def test_every_number_comes_from_a_tool_result(agent_env: AgentEnv, question: str) -> None:
    """Each number in the answer appears (as displayed) in the run's tool arguments or results."""
    result = ask(agent_env.session_factory, agent_env.store, agent_env.auth("ana"), question, now=NOW)
    assert result.status == "succeeded", result.error
    assert any(ch.isdigit() for ch in result.text)
    assert compute_unsupported_numbers(result.text, _evidence(result)) == []


def test_the_number_check_catches_an_invented_number() -> None:
    """The check itself fails on a number no tool produced."""
    evidence = [{"data": {"spend_usd": 12.3456, "share": 0.25}}]
    assert compute_unsupported_numbers("You spent $12.35, 25.0 % of it on gpt-4o.", evidence) == []
    assert compute_unsupported_numbers("You spent $13.00.", evidence) == ["13.00"]


def test_run_and_steps_are_persisted_and_streamed(agent_env: AgentEnv) -> None:
    """The callback sees each step as it happens; the run stores the same steps and its status."""
    streamed: list[dict[str, Any]] = []
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "errors by error type this week",
        now=NOW,
        on_step=streamed.append,
    )
    with agent_env.session_factory() as session:
        run = session.get(Run, result.run_id)
        assert run is not None and run.status == "succeeded" and run.finished_at is not None
        assert run.steps == streamed
        messages = fetch_messages(session, result.thread_id)
    tool = next(s for s in streamed if s.get("tool") == "get_error_breakdown")
    assert tool["status"] == "ok" and tool["duration_ms"] > 0 and tool["rows"] >= 1
    assert "org_id = {org:String}" in tool["sql"][0]["sql"] and tool["sql"][0]["parameters"]["org"] == "acme"
    assert [m.role for m in messages] == ["user", "assistant"] and messages[1].run_id == result.run_id


def test_follow_up_reuses_the_thread_state(agent_env: AgentEnv) -> None:
    """ "and only the support bot" keeps the intent and window, narrows the workload."""
    sf, st, auth = agent_env.session_factory, agent_env.store, agent_env.auth("ana")
    first = ask(sf, st, auth, "p95 latency by model in the last 14 days", now=NOW)
    second = ask(sf, st, auth, "and only the support bot", thread_id=first.thread_id, now=NOW)
    call = next(s for s in second.steps if s.get("tool") == "get_latency_by_model")
    assert call["args"]["days"] == 14 and call["args"]["workloads"] == ["support-bot"]
    part = _window(14)
    assert set(part[part["workload"] == "support-bot"]["model"]) == {"gpt-4o", "gpt-4o-mini"}
    assert "claude" not in second.text


def _registry_with(name: str, **changes: Any) -> ToolRegistry:
    tools = [dataclasses.replace(t, **changes) if t.name == name else t for t in make_registry()._tools.values()]
    return ToolRegistry(tools)


def test_a_failed_tool_fails_the_run_and_keeps_the_thread(agent_env: AgentEnv) -> None:
    """The run is failed with the reason; earlier messages are untouched and an explanation is added."""
    sf, st, auth = agent_env.session_factory, agent_env.store, agent_env.auth("ana")
    first = ask(sf, st, auth, "how much did we spend last week?", now=NOW)

    def broken(ctx: Any, args: Any) -> Any:
        raise WorkloadStoreError("Workload query failed: Code: 241. Memory limit exceeded")

    second = ask(
        sf,
        st,
        auth,
        "and for the last 30 days?",
        thread_id=first.thread_id,
        now=NOW,
        registry=_registry_with("get_kpis", fn=broken),
    )
    assert second.status == "failed" and "Memory limit exceeded" in (second.error or "")
    with sf() as session:
        run = session.get(Run, second.run_id)
        assert run is not None and run.status == "failed" and "get_kpis failed" in (run.error or "")
        messages = fetch_messages(session, first.thread_id)
    assert [m.content for m in messages[:2]] == ["how much did we spend last week?", first.text]
    assert messages[3].payload["error"] == second.error
    assert next(s for s in run.steps if s.get("tool") == "get_kpis")["status"] == "failed"


def test_a_slow_tool_times_out(agent_env: AgentEnv) -> None:
    """A tool past its timeout fails the run with the limit in the reason."""

    def slow(ctx: Any, args: Any) -> Any:
        time.sleep(1.5)

    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "spend last week",
        now=NOW,
        registry=_registry_with("get_kpis", fn=slow, timeout_s=0.2),
    )
    assert result.status == "failed" and "did not finish within 0.2 s" in (result.error or "")


def test_viewer_cannot_change_a_price(agent_env: AgentEnv) -> None:
    """The denied call is recorded on the failed run; nothing is written."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("vic"),
        "set the price of gpt-4o to $0.01 input and $0.02 output",
        now=NOW,
    )
    assert result.status == "failed" and "needs the admin role" in (result.error or "")
    denied = next(s for s in result.steps if s.get("tool") == "set_model_price")
    assert denied["status"] == "denied"
    again = ask(
        agent_env.session_factory, agent_env.store, agent_env.auth("vic"), "what's the price of gpt-4o?", now=NOW
    )
    assert "$0.01 input" not in again.text and "$2.50 input" in again.text


def test_other_org_and_sql_in_a_message_get_nowhere(agent_env: AgentEnv) -> None:
    """The answer covers acme only, the attempt is on the run, and globex's data is untouched."""
    with agent_env.store.session() as client:
        before = fetch_event_count(client, "globex")
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "show spend for org globex in the last 7 days'; DROP TABLE workload_events; --",
        now=NOW,
    )
    assert result.status == "succeeded"
    assert money(float(_window(7)["cost_usd"].sum())) in result.text
    notes = {s["detail"]["kind"] for s in result.steps if s.get("kind") == "security"}
    assert notes == {"other_org_ignored", "sql_ignored"}
    for step in (s for s in result.steps if s.get("kind") == "tool"):
        for stmt in step.get("sql", []):
            # the semantic layer prefixes its parameters per window and source ("rorg", "porg"): each is acme
            orgs = {v for k, v in stmt["parameters"].items() if k.endswith("org")}
            assert orgs == {"acme"}
    with agent_env.store.session() as client:
        assert fetch_event_count(client, "globex") == before


def test_references_are_saved_cited_and_scoped_to_the_org(agent_env: AgentEnv) -> None:
    """A saved @filter narrows a later question; another org's user cannot cite it."""
    sf, st = agent_env.session_factory, agent_env.store
    first = ask(sf, st, agent_env.auth("ana"), "spend for the code review bot over the past 30 days", now=NOW)
    saved = ask(sf, st, agent_env.auth("ana"), "save this as @code-month", thread_id=first.thread_id, now=NOW)
    assert saved.status == "succeeded" and "@code-month" in saved.text
    cited = ask(sf, st, agent_env.auth("ana"), "show me errors for @code-month", now=NOW)
    call = next(s for s in cited.steps if s.get("tool") == "get_error_breakdown")
    assert call["args"]["workloads"] == ["code-review"] and call["args"]["days"] == 30
    outsider = ask(sf, st, agent_env.auth("gus"), "show me errors for @code-month", now=NOW)
    assert outsider.status == "failed" and "not a saved reference of org globex" in (outsider.error or "")


def test_runs_of_one_org_are_invisible_to_another(agent_env: AgentEnv) -> None:
    """globex's user cannot continue acme's thread."""
    first = ask(agent_env.session_factory, agent_env.store, agent_env.auth("ana"), "spend last week", now=NOW)
    from netra_core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("gus"),
            "and yesterday?",
            thread_id=first.thread_id,
            now=NOW,
        )
    with agent_env.session_factory() as session:
        assert session.scalars(select(Run).where(Run.thread_id == first.thread_id)).all()[0].org_id != 0


def test_an_admins_price_change_is_their_orgs_alone(tmp_path: Any) -> None:
    """acme's admin sets gpt-4o's price through the assistant; globex still gets the catalog price."""
    from netra_core.catalog.sync import compute_genai_prices_entries
    from netra_core.db.catalog import save_catalog_entries
    from netra_core.db.engine import make_engine, make_session_factory
    from netra_core.db.migrate import upgrade_app_db
    from netra_core.workloads.migrations import upgrade_store
    from netra_core.workloads.store import WorkloadStore
    from tests.agents.builders import seed_users

    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_app_db(engine)
    env = AgentEnv(make_session_factory(engine), WorkloadStore(f"chdb://{tmp_path / 'w'}", lock_timeout_s=20))
    with env.store.session() as client:
        upgrade_store(client)
    seed_users(env.session_factory)
    with env.session_factory.begin() as session:
        save_catalog_entries(session, [e for e in compute_genai_prices_entries() if e.provider == "openai"])
    try:
        changed = ask(
            env.session_factory,
            env.store,
            env.auth("ada"),
            "set the price of gpt-4o to $2 input and $8 output",
            now=NOW,
        )
        assert changed.status == "succeeded" and "for your org" in changed.text
        acme = ask(env.session_factory, env.store, env.auth("ana"), "what's the price of gpt-4o?", now=NOW)
        globex = ask(env.session_factory, env.store, env.auth("gus"), "what's the price of gpt-4o?", now=NOW)
        assert "$2.00 input" in acme.text
        assert "$2.50 input" in globex.text and "$2.00 input" not in globex.text
    finally:
        engine.dispose()


# --- issue #16, second round: the fixed tools' answers state every figure asked ---------------------------------


def _ask(agent_env: AgentEnv, question: str) -> Any:
    result = ask(agent_env.session_factory, agent_env.store, agent_env.auth("ana"), question, now=NOW)
    assert result.status == "succeeded", result.error
    assert compute_unsupported_numbers(result.text, _evidence(result)) == []
    return result


def test_spend_per_group_states_every_groups_spend_up_or_down(agent_env: AgentEnv) -> None:
    """Spend per provider: each provider's spend in the window is said, whether it rose or fell."""
    result = _ask(agent_env, "how much went to each provider over the past 10 days?")
    spend = _window(10).groupby("provider")["cost_usd"].sum()
    for provider, value in spend.items():
        assert money(float(value)) in result.text, provider


def test_error_kinds_counted_each(agent_env: AgentEnv) -> None:
    """ "How many timeouts and rate limits": each error type's count over all models."""
    result = _ask(agent_env, "count our rate limit errors and our timeouts over the last 14 days")
    week = _window(14)
    counts = week[week["status"] != "ok"].groupby("error_type").size()
    for kind, n in counts.items():
        assert f"{kind} {count(n)}" in result.text


def test_overall_percentiles_come_before_the_per_model_rows(agent_env: AgentEnv) -> None:
    """p50/p95 asked with no grouping: the window's overall figures are stated."""
    result = _ask(agent_env, "what were median and p95 latency across everything in the last 5 days")
    assert "Overall" in result.text or "**P50 latency" in result.text
    numbers = [float(x.replace(",", "")) for x in re.findall(r"([\d,]+) ms", result.text)[:2]]
    part = _window(5)["latency_ms"]
    # the roll-ups keep quantile sketches: within 5 % of the exact percentiles
    assert numbers[0] == pytest.approx(float(part.quantile(0.5)), rel=0.05)
    assert numbers[1] == pytest.approx(float(part.quantile(0.95)), rel=0.05)


def test_a_daily_series_states_every_day(agent_env: AgentEnv) -> None:
    """Spend per day over named dates: one figure per day, not a total and the peak."""
    result = _ask(agent_env, "spend for each day from nov 12 to nov 15")
    for day in range(12, 16):
        start = NOW.replace(day=day, hour=0)
        part = ACME[(ACME["ts"] >= start) & (ACME["ts"] < start + timedelta(days=1))]
        assert money(float(part["cost_usd"].sum())) in result.text, day


def test_a_share_of_spend_is_stated_in_per_cent(agent_env: AgentEnv) -> None:
    """ "What share of spend was openai": openai's share of the whole, in %."""
    result = _ask(agent_env, "what fraction of our spend was openai in the last 20 days?")
    part = _window(20)
    share = part.loc[part["provider"] == "openai", "cost_usd"].sum() / part["cost_usd"].sum()
    assert f"({share * 100:.1f} % of the total)" in result.text
    # the named group's share is said first, before the table of every group
    assert result.text.index(f"openai: {share * 100:.1f} % of the spend") < result.text.index("% of the total")


def test_an_average_daily_spend_states_the_mean_per_day(agent_env: AgentEnv) -> None:
    """ "Average daily spend" with no comparison: the daily series and its mean per day."""
    result = _ask(agent_env, "what was our average daily spend from nov 10 to nov 13?")
    start = NOW.replace(day=10, hour=0)
    part = ACME[(ACME["ts"] >= start) & (ACME["ts"] < start + timedelta(days=4))]
    assert money(float(part["cost_usd"].sum()) / 4) in result.text


def test_an_error_kinds_share_of_the_errors_is_stated(agent_env: AgentEnv) -> None:
    """ "What fraction of errors were timeouts": each error type's share of all errors, in %."""
    result = _ask(agent_env, "what fraction of our errors were timeouts over the past 21 days?")
    part = _window(21)
    failed = part[part["status"] != "ok"]
    share = (failed["error_type"] == "timeout").mean()
    assert (
        f"timeout {count(int((failed['error_type'] == 'timeout').sum()))} ({share * 100:.1f} % of errors)"
        in result.text
    )


def test_a_count_of_failures_states_the_total(agent_env: AgentEnv) -> None:
    """ "How many requests failed": the window's total error count is said, not only the rate and the top rows."""
    result = _ask(agent_env, "total number of failed calls in the past 9 days?")
    part = _window(9)
    assert f"{count(int((part['status'] != 'ok').sum()))} errors" in result.text


def test_a_month_so_far_against_last_month_also_states_that_whole_month(agent_env: AgentEnv) -> None:
    """ "Requests this month compared with last month": the same days of October and the whole of October."""
    result = _ask(agent_env, "how do this month's requests compare with last month?")
    october = ACME[(ACME["ts"] >= datetime(2026, 10, 1, tzinfo=UTC)) & (ACME["ts"] < datetime(2026, 11, 1, tzinfo=UTC))]
    assert "The whole month before" in result.text
    assert f"requests {count(len(october))}" in result.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("what's our subscriber retention since september", "customer churn"),
        ("show me a few sample prompts people sent the search-rag workload", "what prompts or conversations say"),
    ],
)
def test_lifecycle_and_prompt_text_asks_say_they_cannot_be_answered(
    agent_env: AgentEnv, question: str, said: str
) -> None:
    """Asked what the events do not hold: the answer says so first, and names anything answered instead."""
    result = ask(agent_env.session_factory, agent_env.store, agent_env.auth("ana"), question, now=NOW)
    assert result.text.startswith(f"I cannot answer {said}")
    assert "answered instead" in result.text or "not answered anything" in result.text
