"""Eval rows for the gateway's trials, derived from the trial events the spool writes (so they are as durable).

One row per shadow pair and per canary request, in `eval_results` (workloads/eval_results.py):

- shadow: dataset `gateway_shadow/shadow_agreement/v<version>/<trial>`, prompt_id = the primary's event id,
  model = the candidate, score = the agreement of the two answers (gateway/shadow.py), with the candidate's cost,
  tokens and latency. A shadow that failed has no answer to compare, so no row (its event counts the error).
- canary: dataset `gateway_canary/canary_ok/v<version>/<trial>`, prompt_id = the request's event id, model = the
  candidate, score = 1 when the candidate answered without error, 0 when it failed (the policy's model then served
  it as a fallback); cost, tokens and latency are the candidate's when it answered, else NULL.

Requests the candidate never got a fair try at (a budget refused them, the client left, the gateway stopped) have no
row. The prompt itself is never stored (the gateway keeps only its hash, on the event). A row written twice (after
a crash between the store and the spool's cleanup) replaces itself.
"""

from __future__ import annotations

from typing import Any

from netra_core.gateway.shadow import AGREEMENT_METRIC
from netra_core.optimizer.trial_results import NOT_TRIED
from netra_core.optimizer.trials import compute_trial_dataset


def _measures(event: dict[str, Any]) -> dict[str, Any]:
    known = bool(event.get("usage_known"))
    return {
        "cost_usd": event.get("cost_usd"),
        "prompt_tokens": event.get("prompt_tokens") if known else None,
        "completion_tokens": event.get("completion_tokens") if known else None,
        "latency_ms": event.get("latency_ms"),
    }


def compute_trial_eval_rows(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The eval rows of the trial events among finished gateway events (others are skipped)."""
    rows = []
    for event in events:
        meta = event.get("metadata") or {}
        trial_id = meta.get("trial_id")
        if not trial_id or event.get("error_type") in NOT_TRIED:
            continue
        base = {
            "org_id": event.get("org_id", ""),
            "prompt": "",
            "workload": event.get("workload", ""),
            "task_type": event.get("task_type", ""),
        }
        if meta.get("route_reason") == "shadow":
            agreement = meta.get(AGREEMENT_METRIC)
            if agreement is None or event.get("status") != "ok":
                continue
            dataset = compute_trial_dataset("shadow", meta.get("trial_version", ""), trial_id)
            pair = {"dataset": dataset, "prompt_id": meta.get("shadow_of", ""), "model": event.get("model", "")}
            rows.append({**base, **_measures(event), **pair, "score": float(agreement)})
            continue
        candidate = meta.get("trial_model") or ""
        is_ok = meta.get("route_reason") == "canary" and event.get("status") == "ok" and event.get("model") == candidate
        measures = _measures(event) if is_ok else {}
        dataset = compute_trial_dataset("canary", meta.get("policy_version", ""), trial_id)
        request = {"dataset": dataset, "prompt_id": event.get("event_id", ""), "model": candidate}
        rows.append({**base, **measures, **request, "score": 1.0 if is_ok else 0.0})
    return rows
