"""The comment block at the top of the LiteLLM export: what the file is, how to serve it with LiteLLM's proxy, which
block LiteLLM reads and which is Netra's, and how a request reaches its segment's model group (#18: the per-segment
rules sat in a block LiteLLM ignores, with no instructions)."""

from __future__ import annotations

from typing import Any

MAX_LISTED_RULES = 40


def compute_bucket_ranges(edges: list[int], names: list[str]) -> list[str]:
    """'short: under 1,000 prompt tokens', 'medium: 1,000 to 3,999', ..., 'xlong: 16,000 and more'."""
    out = []
    for i, name in enumerate(names):
        if i == 0:
            out.append(f"{name}: under {edges[0]:,} prompt tokens" if edges else f"{name}: any prompt size")
        elif i == len(edges):
            out.append(f"{name}: {edges[-1]:,} and more")
        else:
            out.append(f"{name}: {edges[i - 1]:,} to {edges[i] - 1:,}")
    return out


def _rule_line(rule: dict[str, Any]) -> str:
    segment = f"{rule['workload']} / {rule['task_type']} / {rule['bucket']}"
    cascade = rule.get("cascade")
    if cascade:
        return f"{segment}  ->  {cascade['first']}, escalate to {cascade['escalate_to']} on low confidence"
    return f"{segment}  ->  model: {rule['model_group']}"


def compute_litellm_header(config: dict[str, Any]) -> list[str]:
    """The export's header as comment lines (each starting with '#')."""
    routing = config["netra_routing"]
    env_keys = sorted(
        {
            str(d["litellm_params"]["api_key"]).removeprefix("os.environ/")
            for d in config["model_list"]
            if str(d["litellm_params"].get("api_key", "")).startswith("os.environ/")
        }
    )
    rules = list(routing["rules"])
    lines = [
        f"LiteLLM proxy config exported by Netra from the routing policy of org {routing['org_id']!r}.",
        "",
        "Run it:   litellm --config this-file.yaml" + (f"   (with {', '.join(env_keys)} set)" if env_keys else ""),
        "",
        "What LiteLLM reads: `model_list` (one model group per model, or per weighted split of models, named",
        "netra-...; each deployment names the model by its provider's API id) and `router_settings`",
        "(simple-shuffle, which honours the weights of a split).",
        "What is Netra's: the `netra_routing` block. LiteLLM ignores it; it says which model group serves each",
        "segment of your traffic, for your application (or `netra gateway`, which applies it itself) to choose.",
        "",
        "How a request reaches its segment's model: find the request's segment, its workload, its task type and",
        "its prompt-size bucket by prompt tokens:",
        *(
            f"  {bucket}"
            for bucket in compute_bucket_ranges(list(routing["bucket_edges"]), list(routing["bucket_names"]))
        ),
        "and send the request to the proxy with `model` set to that segment's model group, e.g.",
        f'{{"model": "{rules[0]["model_group"] if rules else routing["default_group"]}", "messages": [...]}}.',
        f"A request in no segment below goes to the default group, {routing['default_group']}.",
        "A cascade (LiteLLM has none) is two calls by the caller: the first group, then the second when the",
        "first answer has low confidence.",
        "",
        "Segments (workload / task type / prompt size) and their model group:",
    ]
    lines += [f"  {_rule_line(r)}" for r in rules[:MAX_LISTED_RULES]]
    if len(rules) > MAX_LISTED_RULES:
        lines.append(f"  ... and {len(rules) - MAX_LISTED_RULES:,} more: see netra_routing.rules")
    if not rules:
        lines.append("  (none: every request goes to the default group)")
    return [f"# {line}".rstrip() for line in lines]
