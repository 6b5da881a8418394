"""The planner's what-if and optimizer-scope rules, kept apart from triage.py's analytics rules.

A what-if question moves some traffic (a workload, a task type, a provider's or a model's traffic) onto one catalog
model and asks what it would cost: "what if we moved the gpt-4o traffic to gpt-4o-mini", "how much would the
summarisation workload cost on gpt-4o-mini". Plain "what would X cost if we switched to Y" stays a comparison of
list prices (get_model_comparison), as the question sets pin it.
"""

from __future__ import annotations

import re
from typing import Any

from netra_core.agents.intents import Intent

WHAT_IF_RE = re.compile(r"\bwhat\s+if\b|\bsuppose\b|\bimagine\b|\bhypothetically\b")
MOVE_TRAFFIC_RE = re.compile(
    r"\b(?:move|moved|moving|shift|shifted|shifting|send|sent|sending|route|routed|routing|"
    r"migrate|migrated|migrating|switch|switched|switching|put|ran|run|running)\b"
)
TRAFFIC_RE = re.compile(r"\b(?:traffic|requests|calls|workload|workloads|load)\b")
# "what would we save if we moved support-bot from gpt-4o to gpt-4o-mini": a saving asked of a move is a what-if
SAVE_RE = re.compile(r"\bsav(?:e|ed|es|ing|ings)\b")
# ("could you tell me the cost per call of each model on search-rag" asks; "could" there is no hypothetical)
COST_ON_RE = re.compile(
    r"\b(?:would|will|could)\b(?!\s+(?:you|u|ya|someone|somebody)\b)"
    r".*\b(?:cost|run|pay|be|charge)\b.*\b(?:on|with|using|via)\b\s+\S"
)


def compute_what_if_target(
    text: str, intent: str | None, catalog_named: list[str], org_models: list[str], sources: dict[str, list[str]]
) -> tuple[str, list[str]] | None:
    """(target model, source models) when the message is a what-if, else None.

    `catalog_named` are the catalog models the message names in order (the target is the last); `org_models` the
    ones the org runs (only those can be a source); `sources` the workloads, task types and providers named.
    """
    if not 1 <= len(catalog_named) <= 2 or intent in (
        Intent.SET_PRICE,
        Intent.SAVE_REFERENCE,
        Intent.REPORT,
        Intent.CATALOG,
    ):
        return None
    lowered = text.lower()
    target, others = catalog_named[-1], catalog_named[:-1]
    source_models = [m for m in others if m in org_models]
    if len(source_models) != len(others):
        return None  # two catalog-only models: a comparison, not a move
    has_source = bool(source_models or any(sources.get(k) for k in ("workloads", "task_types", "providers")))
    if intent == Intent.COMPARE_MODELS and not MOVE_TRAFFIC_RE.search(lowered):
        return None  # "what if we compare A and B" compares; "what if we moved A's traffic to B" moves
    is_what_if = bool(WHAT_IF_RE.search(lowered)) and (has_source or bool(MOVE_TRAFFIC_RE.search(lowered)))
    moved = TRAFFIC_RE.search(lowered) or SAVE_RE.search(lowered)
    is_move = bool(MOVE_TRAFFIC_RE.search(lowered) and moved) and has_source
    is_cost_on = bool(COST_ON_RE.search(lowered)) and has_source
    return (target, source_models) if is_what_if or is_move or is_cost_on else None


def compute_what_if_args(filters: dict[str, Any], target: str, source_models: list[str]) -> dict[str, Any]:
    """reprice_traffic's arguments: the plan's window and filters, the source models, the target."""
    args = {k: v for k, v in filters.items() if k != "models"}
    if source_models:
        args["models"] = list(source_models)
    args["target_model"] = target
    return args


# "using only anthropic models", "stick to openai models": the providers named are what the policy may route to,
# not the traffic it is for ("optimise our openai traffic").
ONLY_PROVIDERS_RE = re.compile(
    r"\b(?:only|just|exclusively|stick\s+to|stay\s+(?:on|with)|restricted\s+to|"
    r"limited\s+to)\b.*\b(?:models?|providers?|vendors?)\b"
)


def compute_optimize_args(text: str, args: dict[str, Any]) -> dict[str, Any]:
    """optimize_policy's arguments with the providers moved to `allowed_providers` when the message limits the models
    (the providers otherwise scope the traffic)."""
    if args.get("providers") and ONLY_PROVIDERS_RE.search(text.lower()):
        args = {**args, "allowed_providers": args["providers"]}
        del args["providers"]
    return args
