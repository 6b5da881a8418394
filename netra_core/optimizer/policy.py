"""RoutingPolicy: the solver's answer as a value that exports to JSON, YAML and a LiteLLM Router config."""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
import yaml

from netra_core.errors import ValidationError
from netra_core.optimizer.litellm_header import compute_litellm_header
from netra_core.optimizer.litellm_ids import compute_litellm_model
from netra_core.optimizer.segments import PromptBuckets
from netra_core.optimizer.solver import PolicySolution
from netra_core.optimizer.trials import Trial, parse_trials

POLICY_FORMAT = "netra.routing-policy/v1"


@dataclass(frozen=True)
class RouteTarget:
    """A model and the share of the segment's traffic it gets."""

    provider: str
    model: str
    share: float = 1.0


@dataclass(frozen=True)
class LearnedRouterRef:
    """A learned per-prompt router attached to a policy version (routing/artifacts.py keeps the file).

    Where a segment's rule allows more than one model (a split, or a cascade's cheap and strong model), the
    gateway asks this router which of them each prompt should go to; the policy still decides which models.
    """

    sha256: str  # of the artifact, which is kept under the data dir by this name
    models: tuple[str, ...]  # the models the router scores
    name: str = ""  # the file it was attached from (for people; never opened again)
    attached_at: str = ""

    @classmethod
    def parse(cls, data: Any) -> LearnedRouterRef | None:
        """From a policy's JSON (None when absent); ValidationError naming the field when malformed."""
        if data is None:
            return None
        if not isinstance(data, dict):
            raise ValidationError("learned_router: expected an object")
        sha = data.get("sha256")
        if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise ValidationError("learned_router.sha256: expected 64 lowercase hex digits")
        models = data.get("models")
        if not isinstance(models, list | tuple) or not models or not all(isinstance(m, str) and m for m in models):
            raise ValidationError("learned_router.models: expected a non-empty list of model names")
        return cls(sha, tuple(models), str(data.get("name", "")), str(data.get("attached_at", "")))


@dataclass(frozen=True)
class Cascade:
    """Run `cheap` first; escalate to `strong` when the confidence gate fails (expected `escalation_rate`)."""

    cheap_provider: str
    cheap_model: str
    strong_provider: str
    strong_model: str
    escalation_rate: float


@dataclass(frozen=True)
class RouteRule:
    """Where one segment's traffic goes."""

    workload: str
    task_type: str
    bucket: str
    targets: tuple[RouteTarget, ...]
    requests: int = 0
    cascade: Cascade | None = None
    reason: str = ""
    # Target models with no measured quality in the org's own traffic or evals: their quality is the catalog's prior.
    prior_only_models: tuple[str, ...] = ()

    @property
    def models(self) -> dict[str, str]:
        """The models the rule allows (its targets, then a cascade's cheap and strong model) and their providers."""
        out = {t.model: t.provider for t in self.targets}
        if self.cascade is not None:
            out.setdefault(self.cascade.cheap_model, self.cascade.cheap_provider)
            out.setdefault(self.cascade.strong_model, self.cascade.strong_provider)
        return out


@dataclass(frozen=True)
class RoutingPolicy:
    """A complete routing policy: bucket edges, one rule per segment and a default for unseen traffic."""

    org_id: str
    quality_floor: float
    buckets: PromptBuckets
    rules: tuple[RouteRule, ...]
    default: RouteTarget
    # THE savings figure (optimizer/savings.py Savings.as_dict) and the expected qualities.
    summary: dict[str, Any] = field(default_factory=dict)
    # Canary and shadow trials attached to this version (optimizer/trials.py); absent from the JSON when none.
    trials: tuple[Trial, ...] = ()
    # A learned router refining the choice among a segment's models per prompt; absent from the JSON when none.
    learned_router: LearnedRouterRef | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-safe dict (format tag included)."""
        data = asdict(self)
        data["buckets"] = {"edges": list(self.buckets.edges), "names": list(self.buckets.names)}
        data["summary"] = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in self.summary.items()}
        for rule in data["rules"]:
            rule["targets"] = list(rule["targets"])
            rule["prior_only_models"] = list(rule["prior_only_models"])
        data["trials"] = [t.to_dict() for t in self.trials]
        if not data["trials"]:
            del data["trials"]
        if self.learned_router is None:
            del data["learned_router"]
        else:
            data["learned_router"]["models"] = list(self.learned_router.models)
        return {"format": POLICY_FORMAT, **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoutingPolicy:
        """Rebuild a policy from to_dict's output; raises ValidationError naming the bad field."""
        if data.get("format") != POLICY_FORMAT:
            raise ValidationError(f"format: expected {POLICY_FORMAT!r}, got {data.get('format')!r}")
        try:
            rules = tuple(
                RouteRule(
                    workload=r["workload"],
                    task_type=r["task_type"],
                    bucket=r["bucket"],
                    targets=tuple(RouteTarget(**t) for t in r["targets"]),
                    requests=int(r.get("requests", 0)),
                    cascade=Cascade(**r["cascade"]) if r.get("cascade") else None,
                    reason=r.get("reason", ""),
                    prior_only_models=tuple(r.get("prior_only_models", ())),
                )
                for r in data["rules"]
            )
            summary = {k: (math.nan if v is None else v) for k, v in data.get("summary", {}).items()}
            buckets = PromptBuckets(tuple(data["buckets"]["edges"]), tuple(data["buckets"]["names"]))
            return cls(
                org_id=data["org_id"],
                quality_floor=float(data["quality_floor"]),
                buckets=buckets,
                rules=rules,
                default=RouteTarget(**data["default"]),
                summary=summary,
                trials=parse_trials(data.get("trials"), buckets.names),
                learned_router=LearnedRouterRef.parse(data.get("learned_router")),
            )
        except (KeyError, TypeError) as exc:
            raise ValidationError(f"routing policy: missing or malformed field {exc}") from exc

    def to_json(self) -> str:
        """The policy as indented JSON."""
        return json.dumps(self.to_dict(), indent=2, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> RoutingPolicy:
        """Parse to_json's output."""
        return cls.from_dict(json.loads(text))

    def to_yaml(self) -> str:
        """The policy as YAML."""
        return str(yaml.safe_dump(self.to_dict(), sort_keys=False))

    @classmethod
    def from_yaml(cls, text: str) -> RoutingPolicy:
        """Parse to_yaml's output."""
        return cls.from_dict(yaml.safe_load(text))


def compute_policy(
    solution: PolicySolution,
    buckets: PromptBuckets,
    org_id: str,
    cascades: dict[str, Cascade] | None = None,
) -> RoutingPolicy:
    """Turn a solution (and optional cascades by segment id) into a RoutingPolicy."""
    cascades = cascades or {}
    reasons = solution.segments.set_index("segment")["reason"].to_dict()
    rules = []
    for segment, group in solution.assignments.groupby("segment", sort=True):
        group = group.sort_values(["share", "model"], ascending=[False, True])
        first = group.iloc[0]
        rules.append(
            RouteRule(
                workload=str(first["workload"]),
                task_type=str(first["task_type"]),
                bucket=str(first["bucket"]),
                targets=tuple(
                    RouteTarget(str(p), str(m), round(float(s), 6))
                    for p, m, s in zip(group["provider"], group["model"], group["share"], strict=True)
                ),
                requests=int(first["requests"]),
                cascade=cascades.get(str(segment)),
                reason=str(reasons.get(segment, "")),
            )
        )
    volume = solution.assignments.assign(v=lambda f: f["requests"] * f["share"]).groupby(["provider", "model"])["v"]
    top_provider, top_model = volume.sum().idxmax()
    # Savings are not the solver's to state: compute_policy_with_savings (savings.py) adds THE replayed figure.
    summary: dict[str, Any] = {
        k: float(solution.totals[k])
        for k in ("current_quality", "policy_quality", "quality_floor")
        if k in solution.totals
    }
    return RoutingPolicy(
        org_id, solution.constraints.quality_floor, buckets, tuple(rules), RouteTarget(top_provider, top_model), summary
    )


def _group_name(targets: tuple[RouteTarget, ...]) -> str:
    raw = "-".join(t.model if len(targets) == 1 else f"{t.model}-{round(t.share * 100)}" for t in targets)
    return "netra-" + re.sub(r"[^A-Za-z0-9._-]+", "-", raw)


def _deployment(group: str, target: RouteTarget) -> dict[str, Any]:
    """One deployment of a model group: the provider API's id for the model (litellm_ids.py), its credentials and
    weight; `model_info.netra_warning` says so when no id the provider accepts is known."""
    resolved = compute_litellm_model(target.provider, target.model)
    info: dict[str, Any] = {"netra_provider": target.provider, "netra_model": target.model}
    if resolved.reason:
        info["netra_model_id_reason"] = resolved.reason
    if resolved.warning:
        info["netra_warning"] = resolved.warning
    return {
        "model_name": group,
        "litellm_params": {"model": resolved.model, **resolved.params, "weight": target.share},
        "model_info": info,
    }


def compute_litellm_warnings(config: dict[str, Any]) -> list[str]:
    """The export's deployments with no id their provider's API is known to accept, one line each (deduplicated)."""
    out: list[str] = []
    for deployment in config["model_list"]:
        warning = deployment.get("model_info", {}).get("netra_warning")
        model = deployment["litellm_params"]["model"]
        line = f"{model}: no id its provider's API accepts is known ({warning})" if warning else ""
        if line and line not in out:
            out.append(line)
    return out


def compute_litellm_config(policy: RoutingPolicy) -> dict[str, Any]:
    """A LiteLLM proxy/Router config: one model group per distinct target mix, and Netra's routing rules.

    Splits become weighted deployments of one group (LiteLLM's simple-shuffle honours `weight`).
    LiteLLM has no confidence-gated cascade, so cascades are listed under `netra_routing` for the
    caller (or Netra's runtime router) to apply: call the cheap group, escalate to the strong one.
    Each deployment names the model by the id its provider's API accepts (litellm_ids.py); a model with no such id
    known is kept under its catalog id and listed under `netra_routing.warnings` (and its `model_info.netra_warning`).
    """
    groups: dict[tuple[RouteTarget, ...], str] = {}
    model_list: list[dict[str, Any]] = []

    def group_for(targets: tuple[RouteTarget, ...]) -> str:
        if targets not in groups:
            groups[targets] = _group_name(targets)
            model_list.extend(_deployment(groups[targets], t) for t in targets)
        return groups[targets]

    default_group = group_for((RouteTarget(policy.default.provider, policy.default.model, 1.0),))
    rules = []
    for rule in policy.rules:
        entry: dict[str, Any] = {
            "workload": rule.workload,
            "task_type": rule.task_type,
            "bucket": rule.bucket,
            "model_group": group_for(rule.targets),
        }
        if rule.prior_only_models:
            entry["quality_not_measured"] = list(rule.prior_only_models)
        if rule.cascade is not None:
            c = rule.cascade
            entry["cascade"] = {
                "first": group_for((RouteTarget(c.cheap_provider, c.cheap_model, 1.0),)),
                "escalate_to": group_for((RouteTarget(c.strong_provider, c.strong_model, 1.0),)),
                "expected_escalation_rate": c.escalation_rate,
            }
        rules.append(entry)
    config: dict[str, Any] = {
        "model_list": model_list,
        "router_settings": {"routing_strategy": "simple-shuffle"},
        "netra_routing": {
            "format": POLICY_FORMAT,
            "org_id": policy.org_id,
            "bucket_edges": list(policy.buckets.edges),
            "bucket_names": list(policy.buckets.names),
            "default_group": default_group,
            "rules": rules,
            "savings": dict(policy.summary),
        },
    }
    warnings = compute_litellm_warnings(config)
    if warnings:
        config["netra_routing"]["warnings"] = warnings
    return config


def compute_litellm_yaml(policy: RoutingPolicy) -> str:
    """compute_litellm_config as YAML, ready for `litellm --config`, under a comment header that says how to serve
    it and route by it (litellm_header.py); any model with no id its provider's API is known to accept is named
    first, above the header, since it must be fixed before the file is served."""
    config = compute_litellm_config(policy)
    text = str(yaml.safe_dump(config, sort_keys=False))
    lines: list[str] = []
    warnings = config["netra_routing"].get("warnings", [])
    if warnings:
        lines += ["# WARNING: fix these model ids before serving this config (see netra_routing.warnings):"]
        lines += [f"#   {w}" for w in warnings]
        lines += ["#"]
    lines += compute_litellm_header(config)
    return "\n".join(lines) + "\n\n" + text


def compute_policy_table(policy: RoutingPolicy) -> pd.DataFrame:
    """One row per (rule, target): workload, task_type, bucket, provider, model, share (for replay and display)."""
    rows = [
        {
            "workload": r.workload,
            "task_type": r.task_type,
            "bucket": r.bucket,
            "provider": t.provider,
            "model": t.model,
            "share": t.share,
        }
        for r in policy.rules
        for t in r.targets
    ]
    return pd.DataFrame(rows, columns=["workload", "task_type", "bucket", "provider", "model", "share"])
