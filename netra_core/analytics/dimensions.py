"""The values an org's filters can take (its workloads, models, providers, task types)."""

from __future__ import annotations

from datetime import datetime

from clickhouse_connect.driver.client import Client

from netra_core.workloads.store import query_rows


def fetch_dimension_values(client: Client, org_id: str, since: datetime | None = None) -> dict[str, list[str]]:
    """Distinct workloads, models, providers and task types of the org (optionally since a time), sorted."""
    params: dict[str, object] = {"org": org_id}
    # Every event has a row in the daily roll-up, so without `since` its few rows give the same values.
    table, where = "workload_daily", "org_id = {org:String}"
    if since is not None:
        table, where = "workload_events", where + " AND ts >= {since:DateTime64(3, 'UTC')}"
        params["since"] = since
    row = query_rows(
        client,
        f"SELECT groupUniqArray(workload), groupUniqArray(model), groupUniqArray(provider), groupUniqArray(task_type) "
        f"FROM {table} WHERE {where}",
        params,
    )[0]
    return {
        name: sorted(v for v in values if v)
        for name, values in zip(("workloads", "models", "providers", "task_types"), row, strict=True)
    }


def fetch_time_bounds(client: Client, org_id: str) -> tuple[datetime | None, datetime | None]:
    """The first and last event time of the org (None, None when it has no events)."""
    first, last, n = query_rows(
        client, "SELECT min(ts), max(ts), count() FROM workload_events WHERE org_id = {org:String}", {"org": org_id}
    )[0]
    return (first, last) if n else (None, None)


def fetch_loaded_sources(client: Client, org_id: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What is loaded for the org: events per source (count, first, last, spend) and eval rows per dataset."""
    events = query_rows(
        client,
        "SELECT if(source = '', '(unnamed)', source) AS src, count(), min(ts), max(ts), round(sum(cost_usd), 2) "
        "FROM workload_events WHERE org_id = {org:String} GROUP BY src ORDER BY count() DESC",
        {"org": org_id},
    )
    evals = query_rows(
        client,
        "SELECT dataset, uniqExact(prompt_id), uniqExact(model), count() FROM eval_results "
        "WHERE org_id = {org:String} GROUP BY dataset ORDER BY dataset",
        {"org": org_id},
    )
    return events, evals


def fetch_user_ids(client: Client, org_id: str, limit: int = 500) -> list[str]:
    """The org's user ids seen in its events, the busiest first (at most `limit`)."""
    rows = query_rows(
        client,
        "SELECT user_id FROM workload_events WHERE org_id = {org:String} AND user_id != '' "
        "GROUP BY user_id ORDER BY count() DESC, user_id LIMIT {limit:UInt32}",
        {"org": org_id, "limit": limit},
    )
    return [str(r[0]) for r in rows]


def fetch_named_ids(client: Client, org_id: str, candidates: list[str]) -> dict[str, list[str]]:
    """Which of `candidates` (words a question names) are the org's user ids and which its session ids: one bounded
    read of the two columns, only for the words given (never a listing of every id)."""
    if not candidates:
        return {"users": [], "sessions": []}
    users, sessions = query_rows(
        client,
        "SELECT groupUniqArrayIf(user_id, user_id IN {ids:Array(String)}), "
        "groupUniqArrayIf(session_id, session_id IN {ids:Array(String)}) FROM workload_events "
        "WHERE org_id = {org:String} AND (user_id IN {ids:Array(String)} OR session_id IN {ids:Array(String)})",
        {"org": org_id, "ids": candidates},
    )[0]
    return {"users": sorted(str(u) for u in users), "sessions": sorted(str(s) for s in sessions)}
