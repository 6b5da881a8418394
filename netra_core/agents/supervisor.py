"""The offline supervisor: triage, route the plan to sub-agents, aggregate one answer that shows its working."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from netra_core.agents.answers import AgentOutput, compute_unsupported_numbers
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.intents import Intent
from netra_core.agents.names import fetch_known_names as fetch_names
from netra_core.agents.names import fetch_named_ids
from netra_core.agents.query_plan import compute_query_label
from netra_core.agents.references import compute_text_without_mentions
from netra_core.agents.shorthand import compute_expanded_shorthand
from netra_core.agents.subagents.analysis import run_analysis
from netra_core.agents.subagents.catalog import run_catalog
from netra_core.agents.subagents.optimization import run_optimization
from netra_core.agents.subagents.reporting import run_reporting
from netra_core.agents.subagents.whatif import run_whatif
from netra_core.agents.timerange import compute_time_range
from netra_core.agents.triage import (
    Plan,
    ToolCall,
    compute_calls,
    compute_checked_plan,
    compute_plan,
    compute_saved_name,
)
from netra_core.markup import escape_markdown

HELP = (
    "I can answer questions about your spend, its changes and trend, top workloads, users and models, latency, "
    "errors, tokens, cost per conversation, repeated prompts, batchable traffic, model prices and comparisons, "
    "routing policies that cut cost, and write a summary or run the weekly cost report notebook. Try: "
    '"why did spend jump last tuesday?" or "compare gpt-4o-mini and claude haiku for summarization".'
)
SUBAGENTS = {
    "data_analysis": run_analysis,
    "catalog": run_catalog,
    "optimization": run_optimization,
    "reporting": run_reporting,
}
SUBAGENTS["whatif"] = run_whatif


@dataclass
class Answer:
    """The aggregated answer of a run."""

    text: str
    plan: Plan | None
    tables: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    sql: list[dict[str, Any]] = field(default_factory=list)
    unsupported_numbers: list[str] = field(default_factory=list)
    usage: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        """What the assistant message stores beside its text."""
        return {
            "plan": self.plan.model_dump(mode="json") if self.plan else None,
            "tables": self.tables,
            "charts": self.charts,
            "sql": self.sql,
            "unsupported_numbers": self.unsupported_numbers,
            "usage": self.usage,
        }


def compute_evidence(dispatcher: Dispatcher) -> list[Any]:
    """Arguments and results of every successful tool call of the run."""
    return [{"args": c.args, "data": c.result.data, "table": c.result.table} for c in dispatcher.calls]


def fetch_known_names(dispatcher: Dispatcher, text: str = "") -> tuple[dict[str, list[str]], list[str]]:
    """The org's real workload/model/provider/task names (daily roll-up), the user and session ids the message names,
    and the catalog models for this message (the whole catalog: see agents/names.py), cached per process."""
    started = time.perf_counter()
    names, is_cached = fetch_names(dispatcher.ctx)
    dispatcher.note(
        "supervisor",
        "names",
        {
            "catalog_models": len(names.catalog_models),
            "is_cached": is_cached,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        },
    )
    # the user and session ids the message names ("what did u7 run up"): filters, looked up for its id-like words
    return {**names.known(), **fetch_named_ids(dispatcher.ctx, text)}, names.compute_planner_catalog(text)


def apply_references(plan: Plan, text: str, references: list[dict[str, Any]], now: datetime) -> Plan:
    """Saved @filters fill what the message leaves open (names; the window unless the message gives one)."""
    changed = False
    for ref in references:
        saved = (ref.get("payload") or {}).get("filter") or {}
        for key in ("workloads", "models", "providers", "task_types"):
            if saved.get(key) and not getattr(plan, key):
                setattr(plan, key, list(saved[key]))
                changed = True
        window = {k: saved[k] for k in ("days", "start", "end") if k in saved}
        if window and compute_time_range(text, now) is None:
            plan.window, plan.window_label = window, f"the window of @{ref['name']}"
            changed = True
    if changed:
        plan.calls = compute_calls(plan, text)
        plan = compute_checked_plan(plan, text, now, {})
    return plan


# What a fixed tool answers, for the "instead" sentence of an answer that could not do all that was asked.
TOOL_LABELS = {
    "get_kpis": "spend, requests, latency, error rate and quality",
    "get_spend_change": "spend per group against the period before",
    "get_spend_over_time": "spend over time",
    "get_top_spenders": "the top spenders",
    "get_latency_by_model": "latency p50 and p95 per model",
    "get_error_breakdown": "errors per model and error type",
    "get_token_stats": "tokens per request",
    "get_unit_costs": "cost per request, conversation and user",
    "get_model_comparison": "the model comparison",
    "get_catalog": "the catalog's prices",
    "optimize_policy": "a routing policy",
    "get_duplicate_share": "repeated prompts and what they cost",
    "get_batchable_spend": "spend that could use a batch API",
    "run_report": "the report notebook",
    "set_model_price": "the price change",
}


def compute_cannot_text(plan: Plan) -> str:
    """Exactly what the question asked that Netra cannot answer, and what (if anything) was answered instead."""
    text = "I cannot answer " + "; ".join(plan.cannot) + "."
    if plan.query is not None:
        instead = f"{compute_query_label(plan.query)}, over {plan.window_label}"
    else:
        instead = ", ".join(dict.fromkeys(TOOL_LABELS.get(c.tool, c.tool.replace("_", " ")) for c in plan.calls))
    if not instead:
        return text + " I have not answered anything in its place."
    return text + " What I answered instead: " + escape_markdown(instead) + "."


def compute_unread_text(plan: Plan) -> str:
    """What the answer leaves out because no reader knows the words (unread.py) or the plan holds no number typed
    (unread_numbers.py), or "" when every word and number was read."""
    if not plan.unread and not plan.unused_numbers:
        return ""
    quoted = [f"'{w}'" for w in (*plan.unread, *plan.unused_numbers)]
    words = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    it = "it" if len(quoted) == 1 else "them"
    return escape_markdown(
        f"I could not read {words} in your question, so what follows does not take {it} into account; "
        "rephrase if it changes what you asked."
    )


def run_plan(plan: Plan, dispatcher: Dispatcher) -> list[AgentOutput]:
    """Send each sub-agent its calls, in plan order."""
    outputs: list[AgentOutput] = []
    groups: dict[str, list[ToolCall]] = {}
    for call in plan.calls:
        groups.setdefault(call.agent, []).append(call)
    for agent, calls in groups.items():
        if agent == "supervisor":
            for call in calls:
                result = dispatcher.call("supervisor", call.tool, call.args)
                outputs.append(
                    AgentOutput(
                        agent="supervisor",
                        paragraphs=[
                            f"Saved @{result.data['name']} ({result.data['kind']}); cite it in a later question."
                        ],
                    )
                )
            continue
        dispatcher.note("supervisor", "delegate", {"agent": agent, "tools": [c.tool for c in calls]})
        outputs.append(SUBAGENTS[agent](calls, dispatcher, plan))
    return outputs


def run_offline(
    text: str,
    dispatcher: Dispatcher,
    *,
    now: datetime,
    previous: Plan | None = None,
    references: list[dict[str, Any]] | None = None,
) -> Answer:
    """Answer a message with the deterministic planner and templates (no model, no network)."""
    known, catalog_models = fetch_known_names(dispatcher, text)
    # The @name being saved stays in the text (the planner reads it); cited @names are context, not words.
    clean = compute_expanded_shorthand(text if compute_saved_name(text) else compute_text_without_mentions(text))
    plan = compute_plan(
        clean,
        known=known,
        catalog_models=catalog_models,
        own_org=dispatcher.ctx.auth.org_slug,
        now=now,
        previous=previous,
    )
    if references:
        plan = apply_references(plan, clean, references, now)
    for note in plan.notes:
        dispatcher.note("supervisor", "note" if note["kind"] in ("no_traffic", "partial_bucket") else "security", note)
    dispatcher.note("supervisor", "plan", plan.model_dump(mode="json", exclude={"notes"}))
    unread = compute_unread_text(plan)
    if plan.intent == Intent.HELP or not plan.calls:
        text = compute_cannot_text(plan) if plan.cannot else HELP
        return Answer(text=f"{text}\n\n{unread}" if unread else text, plan=plan)
    outputs = run_plan(plan, dispatcher)
    paragraphs: list[str] = [p for p in (compute_cannot_text(plan) if plan.cannot else "", unread) if p]
    for p in (p for o in outputs for p in o.paragraphs if p):
        if p not in paragraphs:  # an empty window gives every tool the same "no events" line
            paragraphs.append(p)
    paragraphs.extend(escape_markdown(n["detail"][:1].upper() + n["detail"][1:]) + "." for n in plan.notes)
    answer = Answer(
        text="\n\n".join(paragraphs),
        plan=plan,
        tables=[t for o in outputs for t in o.tables],
        charts=[c for o in outputs for c in o.charts],
        sql=[s for o in outputs for s in o.sql],
    )
    answer.unsupported_numbers = compute_unsupported_numbers(answer.text, compute_evidence(dispatcher))
    return answer
