"""An org's evaluation results (per prompt and model) in the store: read back, and written by the gateway's trials."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
from clickhouse_connect.driver.client import Client

from netra_core.workloads.store import query_df

# Rows the gateway writes for its canary and shadow trials (gateway/trial_evals.py) live in datasets named
# `gateway_<mode>/<metric>/v<version>/<trial>`. Their score is not a quality score (agreement with another model,
# or whether a call succeeded), so the quality estimates read every dataset but those.
GATEWAY_DATASET_PREFIX = "gateway_"
QUALITY_DATASETS_SQL = f"NOT startsWith(dataset, '{GATEWAY_DATASET_PREFIX}')"
_EVAL_SCHEMA = pa.schema(
    [
        ("org_id", pa.string()),
        ("dataset", pa.string()),
        ("prompt_id", pa.string()),
        ("prompt", pa.string()),
        ("workload", pa.string()),
        ("task_type", pa.string()),
        ("model", pa.string()),
        ("score", pa.float32()),
        ("cost_usd", pa.float64()),
        ("prompt_tokens", pa.uint32()),
        ("completion_tokens", pa.uint32()),
        ("latency_ms", pa.float32()),
    ]
)


def fetch_eval_frame(client: Client, org_id: str, dataset: str | None = None) -> pd.DataFrame:
    """The org's eval results (its quality datasets, or the one named) in the long format (dataset, prompt_id,
    prompt, model, score, cost_usd, task_type, workload)."""
    params: dict[str, object] = {"org": org_id}
    where = "org_id = {org:String}"
    if dataset is not None:
        where += " AND dataset = {dataset:String}"
        params["dataset"] = dataset
    else:
        where += f" AND {QUALITY_DATASETS_SQL}"
    sql = f"""
        SELECT dataset, prompt_id, any(prompt) AS prompt, model, argMax(score, version) AS score,
               argMax(cost_usd, version) AS cost_usd, any(task_type) AS task_type, any(workload) AS workload
        FROM eval_results WHERE {where}
        GROUP BY dataset, prompt_id, model ORDER BY dataset, prompt_id, model
    """
    return query_df(client, sql, params)


def save_eval_rows(client: Client, rows: list[dict[str, Any]]) -> int:
    """Insert eval rows (the table's columns; missing optional ones are NULL); a row stored again replaces itself."""
    if not rows:
        return 0
    table = pa.Table.from_pylist([{name: row.get(name) for name in _EVAL_SCHEMA.names} for row in rows], _EVAL_SCHEMA)
    client.insert_arrow("eval_results", table)
    return len(rows)
