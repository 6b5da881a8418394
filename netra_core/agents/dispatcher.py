"""The one way tools run: look up, check the role, validate the arguments, run with a timeout, record the step.

Two kinds of failure, as in pydantic-ai: ToolArgumentsError ("bad arguments, fix them and retry")
goes back to the planner; ToolFailedError ("the tool ran and failed") stops the step.

A thread cannot be killed, so a timeout is cooperative: the dispatcher sets the call's cancel
event and waits up to CANCEL_GRACE_S for the tool to reach a safe point (every store query is
one), so a timed-out tool stops computing and has closed its store session when the caller goes on.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pydantic

from netra_core.agents.tools import ToolContext, ToolRegistry, ToolResult
from netra_core.errors import NetraError, PermissionDeniedError, ToolArgumentsError, ToolFailedError

if TYPE_CHECKING:
    from netra_core.agents.triage import Plan

StepCallback = Callable[[dict[str, Any]], None]
# How long a timed-out call gets to reach its next safe point and stop.
CANCEL_GRACE_S = 5.0


def compute_args_error(exc: pydantic.ValidationError) -> str:
    """A pydantic error as one line naming each bad field and value."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "arguments"
        parts.append(f"{where}: {err['msg']} (got {err.get('input')!r})")
    return "; ".join(parts)


@dataclass
class ToolCallRecord:
    """A successful call: the evidence every number in the answer must come from."""

    agent: str
    tool: str
    args: dict[str, Any]
    result: ToolResult


@dataclass
class Dispatcher:
    """Runs tools for one run; the org always comes from `ctx.auth`."""

    registry: ToolRegistry
    ctx: ToolContext
    on_step: StepCallback | None = None
    calls: list[ToolCallRecord] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)

    def record(self, step: dict[str, Any]) -> dict[str, Any]:
        """Add a step (tool call or note) and stream it to the callback."""
        step = {"n": len(self.steps) + 1, "at": datetime.now(UTC).isoformat(), **step}
        self.steps.append(step)
        if self.on_step is not None:
            self.on_step(step)
        return step

    def note(self, agent: str, kind: str, detail: Any) -> None:
        """Record a non-tool step (the plan, an ignored request, a model call)."""
        self.record({"agent": agent, "kind": kind, "detail": detail})

    def describe(self, name: str, result: ToolResult, plan: Plan) -> str:
        """The tool's own words for its result ("" for a tool that leaves its result to the table)."""
        tool = self.registry.get(name)
        return tool.describe(result, plan) if tool is not None and tool.describe is not None else ""

    def call(self, agent: str, name: str, raw_args: dict[str, Any] | None) -> ToolResult:
        """Validate and run one tool; raises ToolArgumentsError, PermissionDeniedError or ToolFailedError."""
        started = time.perf_counter()
        args_in = dict(raw_args or {})
        base: dict[str, Any] = {"agent": agent, "kind": "tool", "tool": name, "args": args_in}

        def fail(status: str, exc: NetraError) -> NetraError:
            self.record({**base, "status": status, "error": str(exc), "duration_ms": _ms(started), "rows": 0})
            return exc

        tool = self.registry.get(name)
        if tool is None:
            raise fail(
                "retry", ToolArgumentsError(f"tool {name!r} does not exist; known: {', '.join(self.registry.names())}")
            )
        if not self.ctx.auth.has_role(tool.min_role):
            raise fail(
                "denied",
                PermissionDeniedError(
                    f"{self.ctx.auth.username} has the {self.ctx.auth.role} role; {name} needs the {tool.min_role} role"
                ),
            )
        try:
            args = tool.args_model.model_validate(args_in)
        except pydantic.ValidationError as exc:
            raise fail("retry", ToolArgumentsError(f"{name}: {compute_args_error(exc)}")) from exc
        base["args"] = args.model_dump(mode="json", exclude_defaults=True)
        # Each call gets its own cancel event (the run's SQL log and clock are shared).
        call_ctx = dataclasses.replace(self.ctx, cancel=threading.Event())
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"tool-{name}")
        future = pool.submit(tool.fn, call_ctx, args)
        try:
            result = future.result(timeout=tool.timeout_s)
        except concurrent.futures.TimeoutError as exc:
            call_ctx.cancel.set()
            raise fail("failed", ToolFailedError(_timeout_message(name, tool.timeout_s, future))) from exc
        except ToolArgumentsError as exc:
            raise fail("retry", exc) from exc
        except NetraError as exc:
            raise fail("failed", ToolFailedError(f"{name} failed: {exc}")) from exc
        except Exception as exc:
            raise fail("failed", ToolFailedError(f"{name} failed: {type(exc).__name__}: {exc}")) from exc
        finally:
            pool.shutdown(wait=False)
        self.record(
            {
                **base,
                "status": "ok",
                "duration_ms": _ms(started),
                "rows": result.rows,
                "sql": result.sql,
                "result": result.data,
            }
        )
        self.calls.append(ToolCallRecord(agent, name, base["args"], result))
        return result


def _timeout_message(name: str, timeout_s: float, future: concurrent.futures.Future[ToolResult]) -> str:
    """Wait for a cancelled call to stop (briefly); the message says whether it did."""
    done, _ = concurrent.futures.wait([future], timeout=CANCEL_GRACE_S)
    if done:
        return f"{name} did not finish within {timeout_s:g} s and was cancelled"
    return (
        f"{name} did not finish within {timeout_s:g} s; it was told to stop and is finishing its current step "
        "in the background (its result will be dropped)"
    )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
