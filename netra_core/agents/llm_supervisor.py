"""The LLM supervisor: the model plans with tool calling over the same tools, through the same dispatcher."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from netra_core.agents.answers import compute_unsupported_numbers
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.names import fetch_known_names
from netra_core.agents.prompts import (
    CONTEXT_PREVIOUS,
    CONTEXT_REFERENCES,
    SYSTEM,
    TOOL_DENIED,
    TOOL_RETRY,
    UNTRACED_NUMBERS,
)
from netra_core.agents.providers.base import LLMProvider, LLMResponse
from netra_core.agents.supervisor import Answer, compute_evidence
from netra_core.agents.triage import Plan
from netra_core.catalog.builtin import BUILTIN_MODELS
from netra_core.errors import LLMError, PermissionDeniedError, ToolArgumentsError
from netra_core.markup import escape_links

MAX_TURNS = 8
MAX_RETRIES = 2
# What a tool result may put in the model's context (rows beyond this are summarised by count).
MAX_ROWS_TO_MODEL = 40


def compute_llm_cost(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """The call's cost at the built-in list price of that model, or None when Netra has no price for it."""
    for m in BUILTIN_MODELS:
        if m.model == model:
            return round((prompt_tokens * m.input_per_mtok + completion_tokens * m.output_per_mtok) / 1e6, 8)
    return None


def _system(dispatcher: Dispatcher, now: datetime, previous: Plan | None, references: list[dict[str, Any]]) -> str:
    # The org's names from the daily roll-up, cached per process (agents/names.py), not a scan of raw events.
    dims = fetch_known_names(dispatcher.ctx)[0].known()
    auth = dispatcher.ctx.auth
    context = []
    if previous is not None:
        context.append(
            CONTEXT_PREVIOUS.format(plan=previous.model_dump_json(include={"intent", "window", "workloads", "models"}))
        )
    if references:
        context.append(CONTEXT_REFERENCES.format(references=json.dumps(references, default=str)))
    return SYSTEM.format(
        org=auth.org_slug,
        user=auth.username,
        role=auth.role,
        now=now.isoformat(timespec="minutes"),
        workloads=", ".join(dims["workloads"]) or "(none yet)",
        models=", ".join(dims["models"]) or "(none yet)",
        providers=", ".join(dims["providers"]) or "(none yet)",
        context="\n".join(context),
    )


def _tool_message(call_id: str, content: Any) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "content": json.dumps(content, default=str)}


def make_llm_supervisor(provider: LLMProvider, on_text: Callable[[str], None] | None = None) -> Callable[..., Answer]:
    """A supervisor function with the same signature as `run_offline`, driven by `provider`."""

    def run_llm(
        text: str,
        dispatcher: Dispatcher,
        *,
        now: datetime,
        previous: Plan | None = None,
        references: list[dict[str, Any]] | None = None,
    ) -> Answer:
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": _system(dispatcher, now, previous, references or [])},
            {"role": "user", "content": text},
        ]
        tools = dispatcher.registry.schemas(dispatcher.ctx.auth.role)
        usage: dict[str, Any] = {"model": provider.model, "prompt_tokens": 0, "completion_tokens": 0, "calls": 0}
        retries = 0
        for _turn in range(MAX_TURNS):
            started = time.perf_counter()
            try:
                response: LLMResponse = provider.complete(messages, tools, on_text)
            except LLMError as exc:
                dispatcher.note("supervisor", "model", {"status": "failed", "error": str(exc)})
                raise
            usage["prompt_tokens"] += response.prompt_tokens
            usage["completion_tokens"] += response.completion_tokens
            usage["calls"] += 1
            dispatcher.note(
                "supervisor",
                "model",
                {
                    "status": "ok",
                    "model": provider.model,
                    "tool_calls": [c.name for c in response.tool_calls],
                    "prompt_tokens": response.prompt_tokens,
                    "completion_tokens": response.completion_tokens,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            if not response.tool_calls:
                return _final(response.text, dispatcher, usage)
            messages.append(
                {
                    "role": "assistant",
                    "content": response.text or None,
                    "tool_calls": [
                        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                        for c in response.tool_calls
                    ],
                }
            )
            for call in response.tool_calls:
                try:
                    args = json.loads(call.arguments or "{}")
                    if not isinstance(args, dict):
                        raise ToolArgumentsError(f"{call.name}: arguments must be a JSON object")
                except json.JSONDecodeError as exc:
                    args = None
                    error: Exception = ToolArgumentsError(f"{call.name}: arguments are not JSON ({exc.msg})")
                tool = dispatcher.registry.get(call.name)
                agent = tool.agent if tool else "supervisor"
                try:
                    if args is None:
                        raise error
                    result = dispatcher.call(agent, call.name, args)
                    content: Any = {
                        **result.as_dict(),
                        "table": result.table[:MAX_ROWS_TO_MODEL],
                        "rows": result.rows,
                        "sql": None,
                    }
                except ToolArgumentsError as exc:
                    retries += 1
                    if retries > MAX_RETRIES:
                        raise
                    content = TOOL_RETRY.format(error=exc)
                except PermissionDeniedError as exc:
                    content = TOOL_DENIED.format(error=exc)
                messages.append(_tool_message(call.id, content))
        raise LLMError(f"the model did not finish within {MAX_TURNS} turns")

    return run_llm


def _final(text: str, dispatcher: Dispatcher, usage: dict[str, Any]) -> Answer:
    text = escape_links(text)
    cost = compute_llm_cost(usage["model"], usage["prompt_tokens"], usage["completion_tokens"])
    usage["cost_usd"] = cost
    answer = Answer(
        text=text,
        plan=None,
        tables=[{"title": c.tool, "rows": c.result.table} for c in dispatcher.calls if c.result.table],
        sql=[s for c in dispatcher.calls for s in c.result.sql],
    )
    answer.unsupported_numbers = compute_unsupported_numbers(text, compute_evidence(dispatcher))
    if answer.unsupported_numbers:
        # A model can still write a number no tool gave; it is flagged on the answer, never passed off as data.
        answer.text += "\n\n" + UNTRACED_NUMBERS.format(numbers=", ".join(answer.unsupported_numbers))
        dispatcher.note("supervisor", "untraced_numbers", answer.unsupported_numbers)
    answer.usage = usage
    return answer
