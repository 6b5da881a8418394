"""Reading what a version's trial results need from the workload store: its gateway events and its trials' eval rows.

Every query is scoped by org and parameterised; events stored again are read once, as last written (FINAL).
"""

from __future__ import annotations

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.workloads.policy_events import GATEWAY_SOURCE
from netra_core.workloads.store import query_df

_EVENTS_SQL = """
SELECT event_id, workload, task_type, arrayElement(splitByChar('/', metadata['segment']), -1) AS bucket, model,
       status, error_type, latency_ms, cost_usd, metadata['route_reason'] AS route_reason,
       metadata['trial_id'] AS trial_id, metadata['trial_model'] AS trial_model, metadata['shadow_of'] AS shadow_of
FROM workload_events FINAL
WHERE org_id = {org:String} AND source = {source:String}
  AND (metadata['policy_version'] = {version:String} OR metadata['trial_version'] = {version:String})
"""
_EVALS_SQL = """
SELECT dataset, prompt_id, model, argMax(score, version) AS score
FROM eval_results
WHERE org_id = {org:String} AND dataset IN {datasets:Array(String)}
GROUP BY dataset, prompt_id, model
"""


def fetch_trial_events(client: Client, org_id: str, version: int) -> pd.DataFrame:
    """The org's gateway events routed by `version` and the shadow calls of its trials (trial_results' columns)."""
    return query_df(client, _EVENTS_SQL, {"org": org_id, "source": GATEWAY_SOURCE, "version": str(version)})


def fetch_trial_evals(client: Client, org_id: str, datasets: list[str]) -> pd.DataFrame:
    """The org's eval rows in these datasets (dataset, prompt_id, model, score), as last written."""
    if not datasets:
        return pd.DataFrame(columns=["dataset", "prompt_id", "model", "score"])
    return query_df(client, _EVALS_SQL, {"org": org_id, "datasets": datasets})
