"""`netra ask`: the assistant from the terminal (same agents, same persisted runs)."""

from __future__ import annotations

import json
from typing import Any

import click


def _step_line(step: dict[str, Any]) -> str:
    if step.get("kind") == "tool":
        extra = f" {step['rows']} rows" if step.get("status") == "ok" else f" {step.get('error', '')}"
        return (
            f"  [{step['n']:>2}] {step['agent']}: {step['tool']} {json.dumps(step['args'], default=str)} "
            f"-> {step['status']} {step.get('duration_ms', 0):.0f} ms{extra}"
        )
    return f"  [{step['n']:>2}] {step['agent']}: {step['kind']} {json.dumps(step.get('detail'), default=str)[:160]}"


@click.command("ask")
@click.argument("question")
@click.option("--org", "org_slug", required=True, help="The user's org (checked against the user).")
@click.option("--user", "username", required=True, help="Who asks: their role decides what tools may run.")
@click.option("--thread", "thread_id", type=int, default=None, help="Continue a thread (follow-up questions).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer, run and steps as JSON.")
def ask(question: str, org_slug: str, username: str, thread_id: int | None, as_json: bool) -> None:
    """Ask Netra a question about your org's AI traffic; prints the answer and the steps it took."""
    from netra_core.agents.assistant import ask as run_ask
    from netra_core.agents.context import fetch_auth_context
    from netra_core.config import get_settings
    from netra_core.db.engine import make_session_factory
    from netra_core.db.orgs import fetch_org
    from netra_core.logs import configure_logging
    from netra_core.services.assistant import make_supervisor
    from netra_core.stores import make_app_engine, make_store

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    engine = make_app_engine(settings)
    factory = make_session_factory(engine)
    store = make_store(settings)
    try:
        with factory() as session:
            fetch_org(session, org_slug)  # an unknown org says so (and suggests a known one), not "not a member"
            auth = fetch_auth_context(session, username, org_slug)
        supervisor = make_supervisor(settings)
        on_step = None if as_json else (lambda step: click.echo(_step_line(step), err=True))
        result = run_ask(factory, store, auth, question, thread_id=thread_id, on_step=on_step, supervisor=supervisor)
    finally:
        store.close()
        engine.dispose()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "thread_id": result.thread_id,
                    "run_id": result.run_id,
                    "status": result.status,
                    "answer": result.text,
                    "error": result.error,
                    "steps": result.steps,
                    "payload": result.payload,
                },
                default=str,
                indent=2,
            )
        )
    else:
        click.echo(result.text)
        click.echo(f"(thread {result.thread_id}, run {result.run_id}, {result.status})", err=True)
    if result.status == "failed":
        raise SystemExit(1)


COMMANDS = [ask]
