"""Shadow calls: a request already answered by the policy's model is sent again to a trial's candidate, in the background.

The client never waits for a shadow and never sees its answer. Each shadow is a real upstream call, so it is real
spend: it passes the budget guard like any request (a refusal skips it), and it is written through the same spool
as its own event (route_reason `shadow`, `shadow_of` = the primary's event id, `trial_id`, `trial_version`). It
carries no `policy_version`, so the savings ledger, which counts the requests a version routed, does not count a
mirror as a second request; its cost is in every spend figure, budgets included.

At most `max_in_flight` shadows run at once; a shadow due while that many run is dropped and counted, never queued
(a queue would grow without bound under load). A streamed request is shadowed non-streamed. A shadow whose primary
failed is not made (there is nothing to compare it with). A shadow still running when the gateway stops ends as a
`shadow_cancelled` event (tokens unknown, cost 0); if the process is killed, the spool makes it `gateway_interrupted`.

Agreement (`shadow_agreement` in the event's metadata, and the score of its eval row, gateway/trial_evals.py) is the
Jaccard similarity of the two answers' word sets: lower-cased, words are runs of letters, digits and underscores;
two empty answers agree (1.0). It needs no judge model and says how often the candidate says what the policy's model
says, not which is right.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netra_core.catalog.pricing import PriceBook
from netra_core.errors import UpstreamTimeoutError, UpstreamTransportError
from netra_core.gateway.client import UpstreamClient
from netra_core.gateway.events import (
    SOURCE,
    Usage,
    compute_cost,
    compute_estimate,
    compute_prompt_text,
    estimate_tokens,
    finish_event,
    new_event_id,
    now_iso,
)
from netra_core.gateway.hooks import BudgetGuard, BudgetRefused, SpendScope
from netra_core.gateway.upstreams import Upstreams
from netra_core.logs import get_logger
from netra_core.optimizer.trials import TRIAL_METRICS, Trial

log = get_logger("netra.gateway")
AGREEMENT_METRIC = TRIAL_METRICS["shadow"]
CANCELLED = "shadow_cancelled"  # listed in optimizer/trial_results.py NOT_TRIED
_WORD = re.compile(r"\w+")


def compute_agreement(primary: str, candidate: str) -> float:
    """Jaccard similarity of the two texts' lower-cased word sets (1.0 when both are empty)."""
    a, b = set(_WORD.findall(primary.lower())), set(_WORD.findall(candidate.lower()))
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _tool_text(calls: object) -> list[str]:
    out = []
    for call in calls if isinstance(calls, list) else []:
        fn = call.get("function") if isinstance(call, dict) else None
        if isinstance(fn, dict):
            out.append(f"{fn.get('name') or ''} {fn.get('arguments') or ''}")
    return out


def compute_reply_text(data: bytes) -> str | None:
    """The answer of a chat completion (its text and tool calls), or None when the body is not one."""
    try:
        reply = json.loads(data)
    except ValueError:
        return None
    choices = reply.get("choices") if isinstance(reply, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get("message") or {}
    content = message.get("content")
    parts = [content] if isinstance(content, str) else []
    if isinstance(content, list):
        parts += [p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
    return "\n".join(parts + _tool_text(message.get("tool_calls")))


def compute_stream_text(chunks: list[bytes]) -> str:
    """The answer of a relayed chat completion stream (the first choice's content and tool calls)."""
    text: list[str] = []
    tools: dict[int, list[str]] = {}
    for line in b"".join(chunks).split(b"\n"):
        if not line.startswith(b"data:"):
            continue
        try:
            event = json.loads(line[5:])
        except ValueError:
            continue
        for choice in (event.get("choices") or []) if isinstance(event, dict) else []:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta") or {}
            if isinstance(delta.get("content"), str):
                text.append(delta["content"])
            for call in delta.get("tool_calls") or []:
                fn = call.get("function") or {}
                tools.setdefault(int(call.get("index", 0)), []).append(
                    f"{fn.get('name') or ''}{fn.get('arguments') or ''}"
                )
    return "\n".join(["".join(text)] + ["".join(t) for _, t in sorted(tools.items())])


@dataclass(frozen=True)
class ShadowJob:
    """What a shadow needs from the request it mirrors (the primary's answer is read off the request path)."""

    trial: Trial
    trial_version: int
    scope: SpendScope
    task_type: str
    segment: str
    body: dict[str, Any]
    book: PriceBook
    prompt_hash: str
    primary_event_id: str
    primary_reply: bytes | list[bytes]  # the body, or the relayed stream's chunks


@dataclass
class ShadowCounters:
    """Shadows since start, by what became of them."""

    due: int = 0
    started: int = 0
    finished: int = 0
    failed: int = 0
    dropped_saturated: int = 0
    skipped_budget: int = 0
    skipped_no_upstream: int = 0


@dataclass
class ShadowRunner:
    """Runs shadows as background tasks on the gateway's event loop, at most `max_in_flight` at once."""

    upstreams: Upstreams
    client: UpstreamClient
    record_start: Callable[[str, dict[str, Any]], None]
    record_finish: Callable[[str, dict[str, Any]], None]
    guard: Callable[[], BudgetGuard]
    max_in_flight: int = 8
    timeout_s: float = 30.0
    default_max_tokens: int = 4096
    counters: ShadowCounters = field(default_factory=ShadowCounters)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def in_flight(self) -> int:
        """Shadows running now."""
        return len(self._tasks)

    def submit(self, job: ShadowJob) -> None:
        """Start the shadow in the background, or drop it (counted) when `max_in_flight` already run."""
        self.counters.due += 1
        if len(self._tasks) >= self.max_in_flight:
            self.counters.dropped_saturated += 1
            if self.counters.dropped_saturated in (1, 10) or self.counters.dropped_saturated % 100 == 0:
                log.warning(
                    "shadow dropped: as many shadows as allowed are running",
                    extra={
                        "org": job.scope.org,
                        "trial": job.trial.id,
                        "max_in_flight": self.max_in_flight,
                        "dropped": self.counters.dropped_saturated,
                    },
                )
            return
        task = asyncio.get_running_loop().create_task(self._run(job), name=f"netra-shadow-{job.primary_event_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout_s: float) -> None:
        """Wait up to `timeout_s` for the running shadows (a clean stop)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout_s)

    def _request(self, job: ShadowJob, key: str) -> tuple[bytes, dict[str, str]]:
        payload = {k: v for k, v in job.body.items() if k not in ("stream", "stream_options")}
        payload["model"] = job.trial.model
        headers = {"content-type": "application/json"}
        if key:
            headers["authorization"] = f"Bearer {key}"
        return json.dumps(payload).encode(), headers

    async def _run(self, job: ShadowJob) -> None:
        trial = job.trial
        target = self.upstreams.for_provider(trial.provider)
        if target is None:
            self.counters.skipped_no_upstream += 1
            return
        max_tokens = job.body.get("max_completion_tokens") or job.body.get("max_tokens") or self.default_max_tokens
        prompt_tokens = estimate_tokens(compute_prompt_text(job.body))
        estimate = compute_estimate(job.book, trial.provider, trial.model, prompt_tokens, int(max_tokens))
        guard = self.guard()
        try:
            reservation = guard.admit(job.scope, estimate)
        except BudgetRefused as exc:
            self.counters.skipped_budget += 1
            log.info(
                "shadow skipped: a budget refused it",
                extra={"org": job.scope.org, "trial": trial.id, "reason": exc.message[:200]},
            )
            return
        self.counters.started += 1
        event_id = new_event_id()
        meta = {
            "segment": job.segment,
            "route_reason": "shadow",
            "shadow_of": job.primary_event_id,
            "trial_id": trial.id,
            "trial_version": str(job.trial_version),
            "api_key": job.scope.api_key,
            "requested_model": str(job.body.get("model") or ""),
        }
        start = {
            "event_id": event_id,
            "ts": now_iso(),
            "org_id": job.scope.org,
            "workload": job.scope.workload,
            "task_type": job.task_type,
            "user_id": job.scope.user,
            "provider": trial.provider,
            "model": trial.model,
            "prompt_hash": job.prompt_hash,
            "source": SOURCE,
            "operation": "chat",
            "metadata": meta,
        }
        self.record_start(event_id, start)
        started = time.perf_counter()
        usage, error_type, text = Usage(), CANCELLED, None
        try:
            usage, error_type, text = await self._call(job, target[1].base_url, target[1].api_key)
        finally:
            self._finish(job, event_id, start, started, usage, error_type, text, reservation, guard)

    async def _call(self, job: ShadowJob, base_url: str, api_key: Any) -> tuple[Usage, str, str | None]:
        key = api_key.get_secret_value() if api_key is not None else ""
        usage = Usage()
        content, headers = self._request(job, key)
        timeout = self.client.make_timeout(min(10.0, self.timeout_s), self.timeout_s)
        try:
            async with asyncio.timeout(self.timeout_s):
                status, data = await self.client.fetch(
                    base_url + "/chat/completions", content, headers, timeout=timeout
                )
        except (TimeoutError, UpstreamTimeoutError):
            return usage, "timeout", None
        except UpstreamTransportError:
            return usage, "connection_error", None
        if status >= 400:
            return usage, f"http_{status}", None
        try:
            reply = json.loads(data)
        except ValueError:
            return usage, "bad_reply", None
        if isinstance(reply, dict) and isinstance(reply.get("usage"), dict):
            usage.add_openai(reply["usage"])
            usage.add_service_tier(reply)
        text = compute_reply_text(data)
        return usage, "" if text is not None else "bad_reply", text

    def _finish(
        self,
        job: ShadowJob,
        event_id: str,
        start: dict[str, Any],
        started: float,
        usage: Usage,
        error_type: str,
        text: str | None,
        reservation: object,
        guard: BudgetGuard,
    ) -> None:
        trial = job.trial
        meta: dict[str, str] = {}
        if text is not None:
            primary = job.primary_reply
            primary_text = compute_stream_text(primary) if isinstance(primary, list) else compute_reply_text(primary)
            if primary_text is not None:
                meta[AGREEMENT_METRIC] = f"{compute_agreement(primary_text, text):.6f}"
        cost = compute_cost(job.book, trial.provider, trial.model, usage) if usage.is_known else None
        event = finish_event(
            start,
            provider=trial.provider,
            model=trial.model,
            usage=usage,
            cost_usd=cost,
            latency_ms=(time.perf_counter() - started) * 1000,
            error_type=error_type,
            metadata=meta,
        )
        self.record_finish(event_id, event)
        self.counters.finished += 1
        if error_type:
            self.counters.failed += 1
        try:
            guard.settle(reservation, float(event["cost_usd"] or 0.0))
        except Exception:
            log.exception("the budget guard could not settle a shadow", extra={"org": job.scope.org})
