"""Which models a request tries, in order, and why: the org's active policy, pinning, pass-through, fallbacks.

`compute_route_plan` is pure. `PolicyCache` re-reads each org's active policy version every
`reload_s` seconds, so an activation takes effect without a restart; while the app database cannot
be read, the version last read keeps routing.

Reasons recorded on the event (`route_reason`): `policy` (the segment's rule), `default` (the policy
has no rule for the segment: the busiest workload's rule for the same task and size, or the policy's
default), `requested` (the policy picked the very model the client asked for), `pinned`
(`X-Netra-Route: off`), `passthrough` (no active policy), `fallback` (an earlier model failed),
`canary` (a canary trial of the version served it: the policy's model is its fallback), `learned` (the version's
learned router chose this prompt's model among the several its segment's rule allows; the rule's own choice follows
as the fallback). A router that fails on a prompt leaves the rule's choice in place; one that cannot be loaded leaves
the version routing by its rules alone (logged).
A cascade rule calls its cheap model; the confidence gate is not run in the gateway, so the strong
model is tried only when the cheap one fails upstream (429, 5xx, timeout).

Trials (optimizer/trials.py) apply to routed requests only: a pinned request is never sent to a candidate, nor
mirrored to one (pinning may be a data-handling choice). A plan names at most one canary and one shadow trial.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool

from netra_core.db.policies import PolicyVersionInfo
from netra_core.logs import get_logger
from netra_core.optimizer.policy import LearnedRouterRef, RouteRule, RoutingPolicy
from netra_core.optimizer.runtime import PolicyRouter, make_router
from netra_core.optimizer.segments import PromptBuckets
from netra_core.optimizer.trials import Trial, compute_trial_draw, compute_trial_salt

if TYPE_CHECKING:
    from netra_core.routing.router import LearnedRouter

log = get_logger("netra.gateway")
RouterLoader = Callable[[LearnedRouterRef], "LearnedRouter"]
AUTO_MODEL = "netra-auto"


class RouteError(Exception):
    """The request cannot be routed as sent (HTTP 400 with this message)."""


@dataclass(frozen=True)
class ActivePolicy:
    """An org's active policy version, compiled."""

    version: int
    policy: RoutingPolicy
    router: PolicyRouter
    rules: dict[tuple[str, str, str], RouteRule]
    trials: tuple[tuple[Trial, str], ...] = ()  # each trial and the salt of its draw
    learned: LearnedRouter | None = None  # the version's learned router, loaded

    @classmethod
    def of(cls, info: PolicyVersionInfo, load_router: RouterLoader | None = None) -> ActivePolicy:
        """Compile a saved version (its learned router loaded when it has one and a loader is given)."""
        rules = {(r.workload, r.task_type, r.bucket): r for r in info.policy.rules}
        trials = tuple((t, compute_trial_salt(info.policy.org_id, t)) for t in info.policy.trials)
        learned = None
        ref = info.policy.learned_router
        if ref is not None and load_router is not None:
            try:
                learned = load_router(ref)
            except Exception as exc:  # a missing or changed file: route by the rules alone, and say so
                log.warning(
                    "learned router not loaded, the version routes by its rules alone",
                    extra={"version": info.version, "router": ref.sha256[:12], "error": f"{type(exc).__name__}: {exc}"},
                )
        return cls(info.version, info.policy, make_router(info.policy), rules, trials, learned)

    def refine(self, rule: RouteRule | None, task_type: str, prompt: str | None) -> str | None:
        """The learned router's pick for this prompt among the rule's models (None: no router, nothing to choose,
        or the router failed, which is logged and leaves the rule's choice)."""
        if self.learned is None or rule is None or not prompt or len(rule.models) < 2:
            return None
        try:
            return self.learned.choose_among(prompt, None if task_type == "unknown" else task_type, list(rule.models))
        except Exception as exc:
            log.warning("learned router failed on a prompt", extra={"error": f"{type(exc).__name__}: {exc}"})
            return None

    def pick_trials(self, workload: str, task_type: str, bucket: str, prompt: str) -> tuple[Trial | None, Trial | None]:
        """The canary and the shadow trial (each may be None) whose sample this request is in."""
        canary = shadow = None
        for trial, salt in self.trials:
            if not trial.is_matching(workload, task_type, bucket) or compute_trial_draw(salt, prompt) >= trial.share:
                continue
            if trial.mode == "canary":
                canary = canary or trial
            else:
                shadow = shadow or trial
        return canary, shadow

    def models(self) -> list[tuple[str, str]]:
        """Every (provider, model) the policy may route to, default included."""
        seen: dict[str, str] = {}
        for rule in self.policy.rules:
            for t in rule.targets:
                seen.setdefault(t.model, t.provider)
            if rule.cascade is not None:
                seen.setdefault(rule.cascade.cheap_model, rule.cascade.cheap_provider)
                seen.setdefault(rule.cascade.strong_model, rule.cascade.strong_provider)
        seen.setdefault(self.policy.default.model, self.policy.default.provider)
        return [(p, m) for m, p in seen.items()]


@dataclass(frozen=True)
class Candidate:
    """One model to try and why it is tried."""

    provider: str
    model: str
    reason: str


@dataclass(frozen=True)
class RoutePlan:
    """The models to try in order, the request's segment and the counterfactual baseline."""

    candidates: tuple[Candidate, ...]
    segment: str
    policy_version: int | None
    requested_model: str
    baseline: tuple[str, str] | None
    canary: Trial | None = None
    shadow: Trial | None = None


def compute_route_plan(
    active: ActivePolicy | None,
    *,
    requested_model: str,
    is_pinned: bool,
    workload: str,
    task_type: str,
    prompt_tokens: int,
    prompt: str | None,
    owner_of: Callable[[str], str],
    is_catalog_model: Callable[[str], bool],
    max_attempts: int,
) -> RoutePlan:
    """The plan for one request; RouteError when it cannot be served as sent."""
    is_auto = requested_model == AUTO_MODEL
    buckets = active.policy.buckets if active is not None else PromptBuckets()
    bucket = buckets.name_of(prompt_tokens)
    segment = f"{workload}/{task_type}/{bucket}"
    version = active.version if active is not None else None
    real = not is_auto and bool(requested_model)
    baseline = (owner_of(requested_model), requested_model) if real and is_catalog_model(requested_model) else None
    requested = Candidate(owner_of(requested_model), requested_model, "") if real else None
    if not requested_model:
        raise RouteError("model: the request names no model (send a model name or netra-auto)")
    if is_pinned or active is None:
        if requested is None:
            why = "X-Netra-Route: off pins the requested model" if is_pinned else "the org has no active routing policy"
            raise RouteError(f"model: {AUTO_MODEL} needs a routing policy, but {why}; send a model name")
        reason = "pinned" if is_pinned else "passthrough"
        return RoutePlan(
            (Candidate(requested.provider, requested.model, reason),), segment, version, requested_model, baseline
        )
    decision = active.router.route(workload, task_type, prompt_tokens, prompt)
    first_reason = "default" if decision.is_fallback else "policy"
    if requested is not None and decision.model == requested.model:
        first_reason = "requested"
    canary, shadow = active.pick_trials(workload, task_type, bucket, prompt or "")
    ordered = [] if canary is None else [Candidate(canary.provider, canary.model, "canary")]
    rule = active.rules.get((workload, task_type, bucket))
    learned = None if decision.is_fallback else active.refine(rule, task_type, prompt)
    if learned is not None and rule is not None:
        ordered.append(Candidate(rule.models[learned], learned, "learned"))
    ordered.append(Candidate(decision.provider, decision.model, first_reason))
    if rule is not None:
        ordered += [Candidate(t.provider, t.model, "fallback") for t in rule.targets]
    if decision.escalate_to:
        ordered.append(Candidate(decision.escalate_to_provider or "", decision.escalate_to, "fallback"))
    if requested is not None:
        ordered.append(Candidate(requested.provider, requested.model, "fallback"))
    unique: dict[str, Candidate] = {}
    for c in ordered:
        unique.setdefault(c.model, c)
    candidates = tuple(list(unique.values())[:max_attempts])
    return RoutePlan(candidates, segment, version, requested_model, baseline, canary, shadow)


class PolicyCache:
    """org -> its active policy, re-read every `reload_s` seconds (one read per org at a time)."""

    def __init__(
        self,
        fetch: Callable[[str], PolicyVersionInfo | None],
        reload_s: float,
        load_router: RouterLoader | None = None,
    ) -> None:
        self.fetch = fetch
        self.reload_s = reload_s
        self.load_router = load_router
        self._entries: dict[str, tuple[float, ActivePolicy | None]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def _fresh(self, org: str) -> tuple[bool, ActivePolicy | None]:
        entry = self._entries.get(org)
        if entry is not None and time.monotonic() - entry[0] < self.reload_s:
            return True, entry[1]
        return False, None

    async def get(self, org: str) -> ActivePolicy | None:
        """The org's active policy (None: pass requests through)."""
        is_fresh, value = self._fresh(org)
        if is_fresh:
            return value
        lock = self._locks.setdefault(org, asyncio.Lock())
        async with lock:
            is_fresh, value = self._fresh(org)
            if is_fresh:
                return value
            stale = self._entries.get(org)
            try:
                info = await run_in_threadpool(self.fetch, org)
            except Exception as exc:
                if stale is None:
                    raise
                log.warning(
                    "policy not re-read, routing by the version read before",
                    extra={"org": org, "error": f"{type(exc).__name__}: {str(exc)[:200]}"},
                )
                self._entries[org] = (time.monotonic(), stale[1])
                return stale[1]
            current = stale[1] if stale is not None else None
            if info is None:
                value = None
            elif (
                current is not None
                and current.version == info.version
                and current.policy.trials == info.policy.trials
                and current.policy.learned_router == info.policy.learned_router
            ):
                value = current  # the same version, and its trials and router unchanged
            else:
                value = await run_in_threadpool(ActivePolicy.of, info, self.load_router)  # a router loads off the loop
                log.info("routing by policy version", extra={"org": org, "version": info.version})
            self._entries[org] = (time.monotonic(), value)
            return value
