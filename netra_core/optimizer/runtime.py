"""The runtime router: request features in, model (or cascade) out, in microseconds.

`make_router(policy)` compiles the policy once into dicts keyed by (workload, task_type, bucket
index); `route` does a bisect on the bucket edges and one or two dict lookups, no pandas. A
segment split between models is resolved deterministically: by a CRC32 of the prompt text when it
is given (the same prompt always goes to the same model), else by a per-segment low-discrepancy
sequence (golden-ratio steps) so the served shares converge to the policy's shares.
"""

from __future__ import annotations

import bisect
import zlib
from dataclasses import dataclass

from netra_core.optimizer.policy import RouteRule, RouteTarget, RoutingPolicy

_GOLDEN = 0.6180339887498949


@dataclass(frozen=True)
class RouteDecision:
    """What to call: `model` first; when `escalate_to` is set, call it if the confidence gate fails."""

    provider: str
    model: str
    segment: str
    escalate_to_provider: str | None = None
    escalate_to: str | None = None
    is_fallback: bool = False


class _Split:
    """Cumulative share thresholds of a split segment and a decision per model."""

    __slots__ = ("decisions", "state", "thresholds")

    def __init__(self, thresholds: list[float], decisions: list[RouteDecision]) -> None:
        self.thresholds = thresholds
        self.decisions = decisions
        self.state = 0.0

    def pick(self, prompt: str | None) -> RouteDecision:
        if prompt is not None:
            u = zlib.crc32(prompt.encode()) / 4294967296.0
        else:
            self.state = (self.state + _GOLDEN) % 1.0
            u = self.state
        i = bisect.bisect_right(self.thresholds, u)
        return self.decisions[min(i, len(self.decisions) - 1)]


_Entry = RouteDecision | _Split


def _decision(rule: RouteRule, target: RouteTarget, segment: str, *, is_fallback: bool = False) -> RouteDecision:
    if rule.cascade is not None:
        c = rule.cascade
        return RouteDecision(c.cheap_provider, c.cheap_model, segment, c.strong_provider, c.strong_model, is_fallback)
    return RouteDecision(target.provider, target.model, segment, is_fallback=is_fallback)


def _entry(rule: RouteRule, *, is_fallback: bool = False) -> _Entry:
    segment = f"{rule.workload}/{rule.task_type}/{rule.bucket}"
    if rule.cascade is not None or len(rule.targets) == 1:
        return _decision(rule, rule.targets[0], segment, is_fallback=is_fallback)
    total = sum(t.share for t in rule.targets)
    thresholds, acc = [], 0.0
    for t in rule.targets[:-1]:
        acc += t.share / total
        thresholds.append(acc)
    return _Split(thresholds, [_decision(rule, t, segment, is_fallback=is_fallback) for t in rule.targets])


class PolicyRouter:
    """A compiled RoutingPolicy; `route` is the hot path."""

    def __init__(self, policy: RoutingPolicy) -> None:
        self.policy = policy
        self._edges = list(policy.buckets.edges)
        index = {name: i for i, name in enumerate(policy.buckets.names)}
        self._table: dict[tuple[str, str, int], _Entry] = {}
        busiest: dict[tuple[str, int], RouteRule] = {}
        for rule in policy.rules:
            b = index[rule.bucket]
            self._table[(rule.workload, rule.task_type, b)] = _entry(rule)
            best = busiest.get((rule.task_type, b))
            if best is None or rule.requests > best.requests:
                busiest[(rule.task_type, b)] = rule
        # Unseen workloads fall back to what the busiest workload with the same task and size does.
        self._task_fallback: dict[tuple[str, int], _Entry] = {
            key: _entry(rule, is_fallback=True) for key, rule in busiest.items()
        }
        d = policy.default
        self._default = RouteDecision(d.provider, d.model, "*", is_fallback=True)

    def route(self, workload: str, task_type: str, prompt_tokens: int, prompt: str | None = None) -> RouteDecision:
        """The model (or cascade) for one request."""
        b = bisect.bisect_right(self._edges, prompt_tokens)
        entry = self._table.get((workload, task_type, b))
        if entry is None:
            entry = self._task_fallback.get((task_type, b), self._default)
        if entry.__class__ is RouteDecision:
            return entry
        return entry.pick(prompt)  # type: ignore[union-attr]


def make_router(policy: RoutingPolicy) -> PolicyRouter:
    """Compile a policy for routing."""
    return PolicyRouter(policy)
