"""Reading what the savings ledger needs from the workload store: a policy version's gateway events, baseline quality.

Every query is scoped by org and parameterised. Events stored again are read once, as last written (FINAL).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.optimizer.ledger import QualityKey
from netra_core.workloads.store import query_df, query_rows

GATEWAY_SOURCE = "gateway"


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def fetch_policy_version_events(
    client: Client, org_id: str, version: int, start: datetime, end: datetime
) -> pd.DataFrame:
    """The org's gateway events routed by policy `version` with start <= ts < end (the ledger's EVENT_FIELDS)."""
    sql = """
        SELECT ts, workload, task_type, provider, model, prompt_tokens, completion_tokens, cached_tokens, is_batch,
               cache_write_tokens, cache_write_1h_tokens, audio_prompt_tokens, cached_audio_tokens,
               audio_completion_tokens, image_prompt_tokens, cached_image_tokens, image_completion_tokens, service_tier,
               cost_usd, quality, usage_known,
               metadata['segment'] AS segment, metadata['route_reason'] AS route_reason,
               metadata['baseline_provider'] AS baseline_provider, metadata['baseline_model'] AS baseline_model,
               metadata['fallback_from'] AS fallback_from
        FROM workload_events FINAL
        WHERE org_id = {org:String} AND source = {source:String} AND metadata['policy_version'] = {version:String}
          AND ts >= {start:DateTime64(3)} AND ts < {end:DateTime64(3)}
        ORDER BY ts
    """
    params = {
        "org": org_id,
        "source": GATEWAY_SOURCE,
        "version": str(version),
        "start": _naive_utc(start),
        "end": _naive_utc(end),
    }
    frame = query_df(client, sql, params)
    if len(frame):
        frame["ts"] = pd.to_datetime(frame["ts"], utc=True)
    return frame


def fetch_baseline_quality(client: Client, org_id: str) -> dict[QualityKey, float]:
    """Mean quality per (workload, task type, model) of the org's requests served by that model that carry one.

    Where the org's traffic has none for a model, its eval results' mean score for that workload and task type is
    used. This is the 'before' side of the ledger's quality comparison (the baseline model's measured quality).
    """
    events = query_rows(
        client,
        """
        SELECT workload, task_type, model, avg(quality) FROM workload_events FINAL
        WHERE org_id = {org:String} AND quality IS NOT NULL
        GROUP BY workload, task_type, model
        """,
        {"org": org_id},
    )
    evals = query_rows(
        client,
        """
        SELECT workload, task_type, model, avg(score) FROM (
            SELECT workload, task_type, model, argMax(score, version) AS score FROM eval_results
            WHERE org_id = {org:String} AND NOT startsWith(dataset, 'gateway_')
            GROUP BY dataset, prompt_id, model, workload, task_type
        ) GROUP BY workload, task_type, model
        """,
        {"org": org_id},
    )
    out: dict[QualityKey, float] = {(str(w), str(t), str(m)): float(q) for w, t, m, q in evals}
    out.update({(str(w), str(t), str(m)): float(q) for w, t, m, q in events})
    return out
