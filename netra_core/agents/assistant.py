"""One message in, one persisted run out: thread, messages, run status, streamed steps, the answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from netra_core.agents.context import AuthContext
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.intents import Intent
from netra_core.agents.references import compute_mentions
from netra_core.agents.supervisor import Answer, run_offline
from netra_core.agents.tools import ToolContext, ToolRegistry
from netra_core.agents.tools_analytics import make_analytics_tools
from netra_core.agents.tools_catalog import make_catalog_tools
from netra_core.agents.triage import Plan, compute_saved_name
from netra_core.db.references import fetch_reference
from netra_core.db.runs import (
    add_run_step,
    fetch_run,
    fetch_thread,
    save_message,
    save_run,
    save_thread,
    set_run_finished,
    set_run_running,
)
from netra_core.errors import NetraError
from netra_core.logs import get_logger
from netra_core.workloads.store import WorkloadStore

log = get_logger("netra.agents")
StepCallback = Callable[[dict[str, Any]], None]


def make_registry() -> ToolRegistry:
    """Every tool the assistant can call."""
    from netra_core.agents.references import make_reference_tools
    from netra_core.agents.tools_optimize import make_optimization_tools
    from netra_core.agents.tools_query import make_query_tools
    from netra_core.agents.tools_reports import make_report_tools
    from netra_core.agents.tools_whatif import make_whatif_tools

    return ToolRegistry(
        [
            *make_analytics_tools(),
            *make_catalog_tools(),
            *make_reference_tools(),
            *make_optimization_tools(),
            *make_report_tools(),
            *make_query_tools(),
            *make_whatif_tools(),
        ]
    )


@dataclass
class AskResult:
    """What a caller (page, CLI) shows: the answer, the run and its steps."""

    thread_id: int
    run_id: int
    status: str
    text: str
    error: str | None
    steps: list[dict[str, Any]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


def _resolve_references(session: Session, auth: AuthContext, text: str) -> list[dict[str, Any]]:
    out = []
    saving = compute_saved_name(text)
    for name in compute_mentions(text):
        if name == saving:
            continue
        ref = fetch_reference(session, auth, name)
        out.append({"name": ref.name, "kind": ref.kind, "description": ref.description, "payload": ref.payload})
    return out


def ask(
    session_factory: sessionmaker[Session],
    store: WorkloadStore | None,
    auth: AuthContext,
    text: str,
    *,
    thread_id: int | None = None,
    on_step: StepCallback | None = None,
    now: datetime | None = None,
    supervisor: Callable[..., Answer] | None = None,
    registry: ToolRegistry | None = None,
) -> AskResult:
    """Answer `text` in a thread (new when `thread_id` is None); the run is persisted step by step."""
    moment = now or datetime.now(UTC)
    with session_factory.begin() as session:
        thread = fetch_thread(session, auth, thread_id) if thread_id else save_thread(session, auth, text[:80])
        save_message(session, thread, "user", text)
        run = save_run(session, auth, thread)
        thread_pk, run_pk = thread.id, run.id
        state = dict(thread.state or {})
    with session_factory.begin() as session:
        set_run_running(session, fetch_run(session, auth, run_pk))

    def persist_step(step: dict[str, Any]) -> None:
        # Each step is committed as it happens so another process (the chat page) can show it live.
        with session_factory.begin() as s:
            add_run_step(s, fetch_run(s, auth, run_pk), step)
        if on_step is not None:
            on_step(step)

    ctx = ToolContext(auth=auth, store=store, session_factory=session_factory, now=moment)
    dispatcher = Dispatcher(registry or make_registry(), ctx, on_step=persist_step)
    previous = Plan.model_validate(state["plan"]) if state.get("plan") else None
    error: str | None = None
    answer: Answer | None = None
    try:
        with session_factory() as session:
            references = _resolve_references(session, auth, text)
        if references:
            dispatcher.note("supervisor", "references", [{"name": r["name"], "kind": r["kind"]} for r in references])
        answer = (supervisor or run_offline)(text, dispatcher, now=moment, previous=previous, references=references)
    except NetraError as exc:
        error = str(exc)
    except Exception as exc:
        error = f"internal error: {type(exc).__name__}: {exc}"
        log.exception("assistant run failed", extra={"run_id": run_pk})
    with session_factory.begin() as session:
        run = fetch_run(session, auth, run_pk)
        thread = fetch_thread(session, auth, thread_pk)
        usage = dict(answer.usage) if answer else {}
        set_run_finished(session, run, error=error, usage=usage)
        if answer is None:
            content = f"I could not answer: {error}"
            save_message(session, thread, "assistant", content, {"error": error}, run_id=run_pk)
            payload: dict[str, Any] = {"error": error}
        else:
            content, payload = answer.text, answer.payload()
            save_message(session, thread, "assistant", content, payload, run_id=run_pk)
            if answer.plan is not None and answer.plan.intent not in (Intent.HELP, Intent.SAVE_REFERENCE):
                thread.state = {**state, "plan": answer.plan.model_dump(mode="json")}
        steps = list(run.steps)
        status = run.status
    return AskResult(thread_pk, run_pk, status, content, error, steps, payload)
