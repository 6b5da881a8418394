"""Reading an org's evaluation results (per prompt and model) back out of the store."""

from __future__ import annotations

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.workloads.store import query_df


def fetch_eval_frame(client: Client, org_id: str, dataset: str | None = None) -> pd.DataFrame:
    """The org's eval results in the long format (dataset, prompt_id, prompt, model, score, cost_usd, task_type, workload)."""
    params: dict[str, object] = {"org": org_id}
    where = "org_id = {org:String}"
    if dataset is not None:
        where += " AND dataset = {dataset:String}"
        params["dataset"] = dataset
    sql = f"""
        SELECT dataset, prompt_id, any(prompt) AS prompt, model, argMax(score, version) AS score,
               argMax(cost_usd, version) AS cost_usd, any(task_type) AS task_type, any(workload) AS workload
        FROM eval_results WHERE {where}
        GROUP BY dataset, prompt_id, model ORDER BY dataset, prompt_id, model
    """
    return query_df(client, sql, params)
