"""Where money can be recovered without changing models: duplicate prompts (cache) and batchable spend."""

from __future__ import annotations

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.filters import EventFilter
from netra_core.workloads.store import query_df

# Events tag latency-insensitive traffic with metadata['latency_insensitive'] = 'true' (the generator and
# users' exports do); workloads can also be named explicitly.
LATENCY_INSENSITIVE_KEY = "latency_insensitive"


def fetch_duplicate_share(client: Client, f: EventFilter) -> pd.DataFrame:
    """Per workload: requests with a prompt hash, repeats of an earlier prompt, their share and their spend."""
    where, params = f.where()
    sql = f"""
        SELECT workload, sum(n) AS hashed_requests, sum(n - 1) AS duplicate_requests,
               sum(n - 1) / sum(n) AS duplicate_share,
               sum(repeat_spend) AS duplicate_spend_usd
        FROM (
            SELECT workload, prompt_hash, count() AS n,
                   sum(cost_usd) - argMin(cost_usd, ts) AS repeat_spend
            FROM workload_events WHERE {where} AND prompt_hash != ''
            GROUP BY workload, prompt_hash
        )
        GROUP BY workload ORDER BY duplicate_spend_usd DESC, workload
    """
    return query_df(client, sql, params)


def fetch_batchable_spend(client: Client, f: EventFilter, workloads: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per latency-insensitive workload: spend not yet sent through a batch API (is_batch = 0)."""
    where, params = f.where()
    params["named"] = list(workloads)
    params["key"] = LATENCY_INSENSITIVE_KEY
    sql = f"""
        SELECT workload, provider, model, count() AS requests, sum(cost_usd) AS spend_usd
        FROM workload_events
        WHERE {where} AND is_batch = 0 AND status = 'ok'
          AND (workload IN {{named:Array(String)}} OR metadata[{{key:String}}] = 'true')
        GROUP BY workload, provider, model ORDER BY spend_usd DESC
    """
    return query_df(client, sql, params)
