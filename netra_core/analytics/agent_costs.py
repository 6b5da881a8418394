"""Cost per agent and tool: the model calls beneath each agent, tool or chain span, rolled up by its name.

Agent, tool and app spans are kept as trace context in `trace_spans` (workloads/ingest/trace_spans.py); model
calls are events carrying their trace id and parent span id. For every span of the filter's window (org,
time, workload), the model calls beneath it are all its descendants, through any depth of nesting: a call
counts for every kept span on the chain of parents above it. A chain stops at the first parent that never
arrived (or was not kept): the call rolls up to the spans below that gap, and a call whose own parent is
unknown is an orphan, counted to its trace only (what one trace costs is `request_log.fetch_trace_costs`).

Descendants are resolved in Python over a bounded set of spans, not in SQL: ClickHouse has no recursive
query that this engine runs reliably, and a chain of any depth needs one. The SQL does the heavy part: it
sums the calls per (trace, parent span) in the engine, so Python walks one row per distinct parent, not one
per call, and reads only the spans of the window's traces (at most MAX_SPANS, else a narrower window is
asked for) that start within MAX_RUN (a day) of the window: a chain through a span further out stops there. Every query is scoped to the org and parameterised.

Per name and kind: runs (spans in the window), the model calls beneath them, their cost and tokens in all
and per run, and the spans' own latency p50/p95 (linear interpolation between the two nearest runs). A call
beneath two nested spans of one name (an agent calling itself) counts once for that name. App spans (kind
other) are listed only when model calls sit beneath them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.filters import EventFilter
from netra_core.errors import ValidationError
from netra_core.workloads.store import query_rows

MAX_SPANS = 200_000
MAX_RUN = timedelta(days=1)  # spans of a window's traces are read this far either side of it (bounds the scan)
MAX_DEPTH = 10_000  # a chain of parents longer than this is a cycle in bad data: the walk stops
_SKEW = timedelta(minutes=1)  # clocks of the services in one trace may differ by this much
_AT = "DateTime64(3, 'UTC')"
COLUMNS = (
    "kind",
    "name",
    "runs",
    "model_calls",
    "cost_usd",
    "cost_per_run_usd",
    "tokens",
    "tokens_per_run",
    "latency_p50_ms",
    "latency_p95_ms",
    "failed_runs",
)


@dataclass(frozen=True)
class AgentCosts:
    """The roll-up per agent/tool name, and how the window's model calls were attributed."""

    rows: pd.DataFrame  # COLUMNS, dearest first
    spans: int  # spans of the window's traces read
    traces: int  # traces with a span in the window
    calls: int  # model calls in those traces (the filter's models, providers, task types)
    calls_beneath_spans: int  # ... beneath at least one kept span
    orphan_calls: int  # ... whose parent span is unknown: counted to their trace only


def fetch_agent_costs(client: Client, f: EventFilter) -> AgentCosts:
    """The filter's agent, tool and chain spans by name, with the model calls beneath them (see the module)."""
    params: dict[str, Any] = {"org": f.org_id, "start": f.start, "end": f.end}
    window = f"org_id = {{org:String}} AND ts >= {{start:{_AT}}} AND ts < {{end:{_AT}}}"
    if f.workloads:
        window += " AND workload IN {workloads:Array(String)}"
        params["workloads"] = list(f.workloads)
    traces = f"(SELECT DISTINCT trace_id FROM trace_spans WHERE {window})"
    spans = query_rows(
        client,
        f"SELECT trace_id, span_id, parent_span_id, kind, if(entity_name != '', entity_name, name), latency_ms, "
        f"status, ts >= {{start:{_AT}}} AND ts < {{end:{_AT}}} "
        f"AND (empty({{workloads:Array(String)}}) OR workload IN {{workloads:Array(String)}}), "
        f"ts, ts + toIntervalMillisecond(toInt64(latency_ms)) "
        f"FROM trace_spans FINAL WHERE org_id = {{org:String}} AND ts >= {{from:{_AT}}} AND ts < {{to:{_AT}}} "
        f"AND trace_id IN {traces} LIMIT {{cap:UInt32}}",
        params
        | {"workloads": list(f.workloads), "cap": MAX_SPANS + 1, "from": f.start - MAX_RUN, "to": f.end + MAX_RUN},
    )
    if len(spans) > MAX_SPANS:
        raise ValidationError(
            f"time range: more than {MAX_SPANS:,} agent, tool and app spans in the window's traces; "
            "choose a shorter window or one workload"
        )
    if not spans:
        return AgentCosts(pd.DataFrame(columns=list(COLUMNS)), 0, 0, 0, 0, 0)
    lo = min(s[8] for s in spans) - _SKEW
    hi = max(s[9] for s in spans) + _SKEW
    # The calls of the window's traces, whatever their own workload (a trace may cross workloads): the span's
    # workload chose the traces above; the filter's models, providers and task types apply to the calls.
    dims, dim_params = replace(f, workloads=()).dimension_where("ev_")
    calls = query_rows(
        client,
        "SELECT trace_id, parent_span_id, count(), sum(cost_usd), sumIf(prompt_tokens + completion_tokens, usage_known = 1) "
        f"FROM workload_events FINAL WHERE org_id = {{org:String}} AND ts >= {{lo:{_AT}}} AND ts < {{hi:{_AT}}} "
        f"AND trace_id IN {traces} {''.join(' AND ' + d for d in dims)} GROUP BY trace_id, parent_span_id",
        params | dim_params | {"lo": lo, "hi": hi},
    )
    return _roll_up(spans, calls)


def _roll_up(spans: list[Any], calls: list[Any]) -> AgentCosts:
    parent: dict[tuple[str, str], str] = {}
    group_of: dict[tuple[str, str], tuple[str, str] | None] = {}  # in-window spans only have a group
    runs: dict[tuple[str, str], list[tuple[float, bool]]] = {}
    for trace, span, up, kind, name, latency, status, in_window, *_ in spans:
        key = (trace, span)
        parent[key] = up
        group = (kind, name) if in_window else None
        group_of[key] = group
        if group is not None:
            runs.setdefault(group, []).append((float(latency), status != "ok"))
    totals: dict[tuple[str, str], list[float]] = {g: [0, 0.0, 0] for g in runs}  # calls, cost, tokens
    beneath = orphans = n_calls = 0
    for trace, up, count, cost, tokens in calls:
        n_calls += int(count)
        if (trace, up) not in parent:
            orphans += int(count)
            continue
        beneath += int(count)
        seen: set[tuple[str, str]] = set()
        current, depth = up, 0
        while (trace, current) in parent and depth < MAX_DEPTH:
            group = group_of[(trace, current)]
            if group is not None and group not in seen:
                seen.add(group)
                total = totals[group]
                total[0] += int(count)
                total[1] += float(cost)
                total[2] += int(tokens)
            current, depth = parent[(trace, current)], depth + 1
    out = []
    for (kind, name), found in runs.items():
        n_calls_here, cost, tokens = totals[(kind, name)]
        if kind == "other" and not n_calls_here:
            continue
        latency = np.array([r[0] for r in found])
        out.append(
            {
                "kind": kind,
                "name": name,
                "runs": len(found),
                "model_calls": int(n_calls_here),
                "cost_usd": cost,
                "cost_per_run_usd": cost / len(found),
                "tokens": int(tokens),
                "tokens_per_run": tokens / len(found),
                "latency_p50_ms": float(np.percentile(latency, 50)),
                "latency_p95_ms": float(np.percentile(latency, 95)),
                "failed_runs": sum(r[1] for r in found),
            }
        )
    rows = pd.DataFrame(out, columns=list(COLUMNS))
    rows = rows.sort_values(["cost_usd", "kind", "name"], ascending=[False, True, True], ignore_index=True)
    n_traces = len({trace for (trace, _), group in group_of.items() if group is not None})
    return AgentCosts(rows, len(spans), n_traces, n_calls, beneath, orphans)
