"""What the optimizer reads from the workload store: segment statistics, eval aggregates, replay rows.

Segments are workload x task_type x prompt-size bucket; the bucket index is the number of bucket
edges at or below the prompt size (the same rule as PromptBuckets.index_of), passed as a
parameter. Every query is org-scoped and parameterised, reads FINAL (re-ingested events never
count twice) and covers the half-open window [start, end). Segment token statistics leave out
events whose usage was not reported (usage_known = 0): their zeros are unknowns, not small prompts.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import datetime, timedelta

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.errors import NotFoundError
from netra_core.optimizer.report import OptimizationInputs
from netra_core.optimizer.scope import SCOPE_COLUMNS, TrafficScope
from netra_core.optimizer.segments import PromptBuckets
from netra_core.workloads.store import query_df, query_rows

# SCOPE_MARK is replaced by the TrafficScope's clauses (or nothing) when a query runs.
SCOPE_MARK = "/*scope*/"
_WINDOW = (
    "org_id = {org:String} AND ts >= {start:DateTime64(3, 'UTC')} AND ts < {end:DateTime64(3, 'UTC')} AND status = 'ok'"
    + SCOPE_MARK
)
_BUCKET = "arrayCount(e -> e <= prompt_tokens, {edges:Array(UInt32)})"

SEGMENT_SQL = f"""
SELECT workload, task_type, bucket_index,
       count() AS requests,
       sum(prompt_tokens) AS prompt_tokens_sum,
       sum(completion_tokens) AS completion_tokens_sum,
       sum(cached_tokens) AS cached_tokens_sum,
       quantile(0.99)(prompt_tokens) AS prompt_tokens_p99,
       quantile(0.9)(if(prompt_tokens > 0, cached_tokens / prompt_tokens, 0)) AS cached_share_p90,
       sum(cost_usd) AS cost_usd_sum,
       countIf(is_batch = 1) AS batch_requests
FROM (SELECT workload, task_type, prompt_tokens, completion_tokens, cached_tokens, cost_usd, is_batch,
             {_BUCKET} AS bucket_index
      FROM workload_events FINAL WHERE {_WINDOW} AND usage_known = 1)
GROUP BY workload, task_type, bucket_index
ORDER BY workload, task_type, bucket_index
"""

DUPLICATE_SQL = f"""
SELECT workload, task_type, bucket_index,
       sum(n - 1) AS duplicate_requests,
       sum((n - 1) * mean_cost) AS duplicate_cost_usd
FROM (
    SELECT workload, task_type, {_BUCKET} AS bucket_index, prompt_hash, count() AS n, avg(cost_usd) AS mean_cost
    FROM workload_events FINAL
    WHERE {_WINDOW} AND prompt_hash != ''
    GROUP BY workload, task_type, bucket_index, prompt_hash
)
GROUP BY workload, task_type, bucket_index
"""

# One scan for both: the successful requests' statistics and the error rate over every attempt. A segment x model
# whose attempts all failed has no successful request and is dropped, as the join of two reads dropped it.
_WINDOW_ALL = _WINDOW.replace(" AND status = 'ok'", "")
# A segment x model's figures: the successful requests' statistics and the error rate over every attempt.
_MODEL_STATS = """countIf(status = 'ok') AS requests,
       sumIf(prompt_tokens, status = 'ok') AS prompt_tokens_sum,
       sumIf(completion_tokens, status = 'ok') AS completion_tokens_sum,
       sumIf(cached_tokens, status = 'ok') AS cached_tokens_sum,
       sumIf(cost_usd, status = 'ok') AS cost_usd_sum,
       quantileIf(0.5)(latency_ms, status = 'ok') AS latency_p50_ms,
       quantileIf(0.95)(latency_ms, status = 'ok') AS latency_p95_ms,
       avgIf(quality, status = 'ok' AND quality IS NOT NULL) AS quality_mean,
       countIf(status = 'ok' AND quality IS NOT NULL) AS quality_count,
       stddevSampIf(quality, status = 'ok' AND quality IS NOT NULL) AS quality_std,
       countIf(status != 'ok') AS errors, count() AS attempts"""
MODEL_SQL = f"""
SELECT workload, task_type, {_BUCKET} AS bucket_index, provider, model,
       {_MODEL_STATS}
FROM workload_events FINAL
WHERE {_WINDOW_ALL}
GROUP BY workload, task_type, bucket_index, provider, model
HAVING requests > 0
ORDER BY workload, task_type, bucket_index, model
"""

# Both of the above in one scan (what the optimizer reads at scale): GROUPING SETS gives the segment rows (`is_segment`
# = 1, provider and model empty) and the segment x model rows from the same pass over the events. The segment
# figures keep SEGMENT_SQL's filter (successful, usage known) through -If combinators.
_OK_KNOWN = "status = 'ok' AND usage_known = 1"
STATS_SQL = f"""
SELECT workload, task_type, bucket_index, provider, model, grouping(provider, model) = 3 AS is_segment,
       countIf({_OK_KNOWN}) AS seg_requests,
       sumIf(prompt_tokens, {_OK_KNOWN}) AS seg_prompt_tokens_sum,
       sumIf(completion_tokens, {_OK_KNOWN}) AS seg_completion_tokens_sum,
       sumIf(cached_tokens, {_OK_KNOWN}) AS seg_cached_tokens_sum,
       quantileIf(0.99)(prompt_tokens, {_OK_KNOWN}) AS seg_prompt_tokens_p99,
       quantileIf(0.9)(if(prompt_tokens > 0, cached_tokens / prompt_tokens, 0), {_OK_KNOWN}) AS seg_cached_share_p90,
       sumIf(cost_usd, {_OK_KNOWN}) AS seg_cost_usd_sum,
       countIf({_OK_KNOWN} AND is_batch = 1) AS seg_batch_requests,
       {_MODEL_STATS}
FROM (SELECT workload, task_type, provider, model, prompt_tokens, completion_tokens, cached_tokens, cost_usd,
             latency_ms, quality, status, usage_known, is_batch, {_BUCKET} AS bucket_index
      FROM workload_events FINAL WHERE {_WINDOW_ALL})
GROUP BY GROUPING SETS ((workload, task_type, bucket_index), (workload, task_type, bucket_index, provider, model))
"""
_SEGMENT_COLUMNS = [
    "requests",
    "prompt_tokens_sum",
    "completion_tokens_sum",
    "cached_tokens_sum",
    "prompt_tokens_p99",
    "cached_share_p90",
    "cost_usd_sum",
    "batch_requests",
]

EVAL_SQL = """
SELECT task_type, model, count() AS count, avg(score) AS mean, stddevSamp(score) AS std
FROM eval_results FINAL
WHERE org_id = {org:String} AND NOT startsWith(dataset, 'gateway_')
GROUP BY task_type, model
ORDER BY task_type, model
"""

# event_id orders ties deterministically but is not returned: the replay never reads it or the prompt hash, and
# turning millions of such strings into pandas took about half the fetch.
REPLAY_SQL = f"""
SELECT ts, workload, task_type, provider, model, prompt_tokens, completion_tokens, cached_tokens,
       is_batch, cost_usd, quality
FROM workload_events FINAL
WHERE {_WINDOW}
ORDER BY ts, event_id
"""


# The replay's input at 10 M events: instead of every event (seconds to sort and move into pandas), sums per time
# unit x segment x model x batch flag. The window is cut into REPLAY_UNITS equal spans (the replay's bootstrap
# resamples these units); every replay figure is linear in the summed tokens and costs, so nothing else is lost.
# The inner query groups by name; the outer one turns each (segment, model) into its row number in the model
# statistics (`pair`, 1-based), so the result that crosses into Python is numbers only.
REPLAY_UNITS = 4000
REPLAY_UNITS_SQL = f"""
SELECT unit, indexOf({{pairs:Array(String)}}, concat(workload, '\\t', task_type, '\\t', toString(bucket_index), '\\t',
                     provider, '\\t', model)) AS pair, batch AS is_batch, n, prompt_sum AS prompt_tokens,
       cached_sum AS cached_tokens, completion_sum AS completion_tokens, cost_sum AS cost_usd
FROM (
    SELECT least({{units:UInt32}} - 1, intDiv((toUnixTimestamp64Milli(ts) - {{start_ms:Int64}}) * {{units:UInt32}},
                                            {{span_ms:Int64}})) AS unit,
           workload, task_type, {_BUCKET} AS bucket_index, provider, model, toUInt8(is_batch) AS batch,
           count() AS n, sum(prompt_tokens) AS prompt_sum, sum(least(cached_tokens, prompt_tokens)) AS cached_sum,
           sum(completion_tokens) AS completion_sum, sum(cost_usd) AS cost_sum
    FROM workload_events FINAL
    WHERE {_WINDOW}
    GROUP BY unit, workload, task_type, bucket_index, provider, model, batch
)
ORDER BY unit, pair, is_batch
"""


def fetch_window(client: Client, org_id: str, days: float) -> tuple[datetime, datetime] | None:
    """The `days` ending just after the org's latest event, or None when it has no events."""
    rows = query_rows(
        client, "SELECT max(ts), count() FROM workload_events WHERE org_id = {org:String}", {"org": org_id}
    )
    if not rows or rows[0][1] == 0:
        return None
    end = pd.Timestamp(rows[0][0]).tz_localize(None).to_pydatetime() + timedelta(milliseconds=1)
    return end - timedelta(days=days), end


def _params(org_id: str, start: datetime, end: datetime, buckets: PromptBuckets) -> dict[str, object]:
    return {"org": org_id, "start": start, "end": end, "edges": list(buckets.edges)}


def compute_scoped_sql(
    sql: str, params: dict[str, object], scope: TrafficScope | None
) -> tuple[str, dict[str, object]]:
    """The query with the scope's clauses in place of SCOPE_MARK (parameterised), and its parameters."""
    clauses, extra = [], {}
    for name, column in SCOPE_COLUMNS.items():
        values = getattr(scope, name) if scope is not None else ()
        if values:
            clauses.append(f" AND {column} IN {{scope_{name}:Array(String)}}")
            extra[f"scope_{name}"] = list(values)
    return sql.replace(SCOPE_MARK, "".join(clauses)), {**params, **extra}


def _name_buckets(frame: pd.DataFrame, buckets: PromptBuckets) -> pd.DataFrame:
    frame = frame.copy()
    frame["bucket"] = [buckets.names[int(i)] for i in frame["bucket_index"]]
    return frame.drop(columns=["bucket_index"])


def fetch_segment_stats(
    client: Client,
    org_id: str,
    start: datetime,
    end: datetime,
    buckets: PromptBuckets,
    scope: TrafficScope | None = None,
    *,
    with_duplicates: bool = True,
) -> pd.DataFrame:
    """Per segment: requests, token sums, p99 prompt, cached share p90, cost, batch and duplicate counts.

    Without `with_duplicates` the duplicate counts are zeros and not read: they only size the duplicate-cache
    opportunity (never the policy or its replay), and grouping every prompt hash is the slowest read at scale.
    """
    params = _params(org_id, start, end, buckets)
    seg = query_df(client, *compute_scoped_sql(SEGMENT_SQL, params, scope))
    if seg.empty or not with_duplicates:
        return _name_buckets(seg.assign(duplicate_requests=0, duplicate_cost_usd=0.0), buckets)
    dup = query_df(client, *compute_scoped_sql(DUPLICATE_SQL, params, scope))
    keys = ["workload", "task_type", "bucket_index"]
    seg = seg.merge(dup, on=keys, how="left").fillna({"duplicate_requests": 0, "duplicate_cost_usd": 0.0})
    return _name_buckets(seg, buckets)


def fetch_segment_model_stats(
    client: Client,
    org_id: str,
    start: datetime,
    end: datetime,
    buckets: PromptBuckets,
    scope: TrafficScope | None = None,
) -> pd.DataFrame:
    """Per segment x model: successful requests, tokens, cost, latency p50/p95, quality, error rate."""
    params = _params(org_id, start, end, buckets)
    models = query_df(client, *compute_scoped_sql(MODEL_SQL, params, scope))
    models["error_rate"] = (models["errors"] / models["attempts"]).fillna(0.0)
    models["errors"] = models["errors"].fillna(0).astype("int64")
    return _name_buckets(models.drop(columns=["attempts"]), buckets)


def fetch_segment_and_model_stats(
    client: Client,
    org_id: str,
    start: datetime,
    end: datetime,
    buckets: PromptBuckets,
    scope: TrafficScope | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """fetch_segment_stats (without duplicate counts) and fetch_segment_model_stats from one scan."""
    params = _params(org_id, start, end, buckets)
    both = query_df(client, *compute_scoped_sql(STATS_SQL, params, scope))
    keys = ["workload", "task_type", "bucket_index"]
    is_segment = both["is_segment"].astype(bool) if not both.empty else pd.Series(dtype=bool)
    seg = both[is_segment & (both["seg_requests"] > 0)] if not both.empty else both
    seg = seg[keys + [f"seg_{c}" for c in _SEGMENT_COLUMNS]].rename(columns=lambda c: c.removeprefix("seg_"))
    seg = seg.sort_values(keys).reset_index(drop=True).assign(duplicate_requests=0, duplicate_cost_usd=0.0)
    models = both[~is_segment & (both["requests"] > 0)] if not both.empty else both
    models = models.drop(columns=["is_segment"] + [f"seg_{c}" for c in _SEGMENT_COLUMNS])
    models = models.sort_values([*keys, "model"]).reset_index(drop=True)
    models["error_rate"] = (models["errors"] / models["attempts"]).fillna(0.0)
    models["errors"] = models["errors"].fillna(0).astype("int64")
    return _name_buckets(seg, buckets), _name_buckets(models.drop(columns=["attempts"]), buckets)


def fetch_eval_stats(client: Client, org_id: str) -> pd.DataFrame:
    """eval_results per task type x model: count, mean score, score std."""
    return query_df(client, EVAL_SQL, {"org": org_id})


def fetch_replay_events(
    client: Client, org_id: str, start: datetime, end: datetime, scope: TrafficScope | None = None
) -> pd.DataFrame:
    """The successful events of the window (in scope), with just the columns replay needs."""
    return query_df(client, *compute_scoped_sql(REPLAY_SQL, {"org": org_id, "start": start, "end": end}, scope))


def fetch_replay_units(
    client: Client,
    org_id: str,
    start: datetime,
    end: datetime,
    buckets: PromptBuckets,
    model_stats: pd.DataFrame,
    scope: TrafficScope | None = None,
) -> pd.DataFrame:
    """The window's successful events (in scope) summed per time unit x segment x model x batch flag.

    Columns: unit, workload, task_type, bucket, provider, model, is_batch, n (events) and the sums prompt_tokens,
    cached_tokens (each event's capped at its prompt), completion_tokens, cost_usd. `model_stats` is
    fetch_segment_model_stats' frame for the same window and scope: it names every (segment, model) there is.
    """
    names = {name: i for i, name in enumerate(buckets.names)}
    ms = model_stats.reset_index(drop=True)
    keys = [
        "\t".join((str(w), str(t), str(names[b]), str(p), str(m)))
        for w, t, b, p, m in zip(
            ms["workload"], ms["task_type"], ms["bucket"], ms["provider"], ms["model"], strict=True
        )
    ]
    span_ms = max(1, round((end - start).total_seconds() * 1000))
    start_ms = pd.Timestamp(start).value // 1_000_000  # naive datetimes here are UTC
    params = {
        **_params(org_id, start, end, buckets),
        "pairs": keys,
        "units": REPLAY_UNITS,
        "start_ms": start_ms,
        "span_ms": span_ms,
    }
    raw = query_df(client, *compute_scoped_sql(REPLAY_UNITS_SQL, params, scope))
    # A (segment, model) the statistics did not see (events landing between the two reads) cannot be placed.
    raw = raw[raw["pair"].astype("int64") > 0] if not raw.empty else raw
    row = raw["pair"].to_numpy(dtype="int64") - 1
    out = pd.DataFrame({"unit": raw["unit"].to_numpy(dtype="int64")})
    for column in ("workload", "task_type", "bucket", "provider", "model"):
        out[column] = ms[column].to_numpy(dtype=object)[row]
    out["is_batch"] = raw["is_batch"].to_numpy(dtype="int64")
    out["n"] = raw["n"].to_numpy(dtype="int64")
    for column in ("prompt_tokens", "cached_tokens", "completion_tokens"):
        out[column] = raw[column].to_numpy(dtype="float64")
    out["cost_usd"] = raw["cost_usd"].to_numpy(dtype="float64")
    return out


def fetch_optimization_inputs(
    client: Client,
    org_id: str,
    days: float,
    buckets: PromptBuckets,
    scope: TrafficScope | None = None,
    *,
    with_duplicates: bool = True,
    window: tuple[datetime, datetime] | None = None,
) -> OptimizationInputs:
    """Everything `compute_optimization` needs for an org's last `days` of traffic, or the part of it in `scope`
    (raises if there is none). `with_duplicates`: see fetch_segment_stats.

    `window` (naive UTC start, end), when given, is the calendar window read instead of the `days` ending at the
    org's latest event; its length then sets `window_days`.
    """
    if window is None:
        found = fetch_window(client, org_id, days)
        if found is None:
            raise NotFoundError(f"org {org_id!r} has no workload events: ingest some first")
        start, end = found
    else:
        start, end = window
        days = (end - start).total_seconds() / 86400
    segment_stats, model_stats = fetch_segment_and_model_stats(client, org_id, start, end, buckets, scope)
    if with_duplicates and not segment_stats.empty:
        dup = query_df(client, *compute_scoped_sql(DUPLICATE_SQL, _params(org_id, start, end, buckets), scope))
        segment_stats = (
            segment_stats.drop(columns=["duplicate_requests", "duplicate_cost_usd"])
            .merge(_name_buckets(dup, buckets), on=["workload", "task_type", "bucket"], how="left")
            .fillna({"duplicate_requests": 0, "duplicate_cost_usd": 0.0})
        )
    if segment_stats.empty:
        where = "" if scope is None or scope.is_everything else f" for {scope.describe()}"
        raise NotFoundError(
            f"org {org_id!r} has no successful events{where} between {start:%Y-%m-%d} and {end:%Y-%m-%d}"
        )
    return OptimizationInputs(
        segment_stats=segment_stats,
        model_stats=model_stats,
        eval_stats=fetch_eval_stats(client, org_id),
        events=fetch_replay_units(client, org_id, start, end, buckets, model_stats, scope),
        window_days=days,
        window_start=start,
        window_end=end,
    )


# The data version of the tables the inputs come from, per partition: the highest insert block number (every insert
# takes a new one; a merge keeps the highest of the parts it merges), the highest mutation version (deletes and
# updates) and the row count. A cached read is used only while these are unchanged; background merges keep them.
DATA_VERSION_SQL = """
SELECT table, partition_id, max(max_block_number), max(data_version), sum(rows)
FROM system.parts
WHERE database = currentDatabase() AND table IN ('workload_events', 'eval_results') AND active
GROUP BY table, partition_id
ORDER BY table, partition_id
"""
INPUTS_CACHE_SIZE = 4
_inputs_cache: OrderedDict[tuple[object, ...], OptimizationInputs] = OrderedDict()
_inputs_cache_lock = threading.Lock()


def fetch_data_version(client: Client) -> tuple[tuple[object, ...], ...]:
    """What identifies the data of workload_events and eval_results (see DATA_VERSION_SQL)."""
    return tuple(query_rows(client, DATA_VERSION_SQL))


def compute_scoped_inputs(inputs: OptimizationInputs, scope: TrafficScope, org_id: str) -> OptimizationInputs:
    """The inputs of a workloads / task types scope, cut from the whole org's (raises if the scope has no traffic).

    Exact: segments are per workload and task type, so the rows of a segment, of a segment x model and of a
    replay unit are the same whether the query filtered on them or not. (A providers scope is not cut this way:
    a segment's statistics over one provider's events are not rows of the whole.)
    """

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        mask = pd.Series(True, index=frame.index)
        if scope.workloads:
            mask &= frame["workload"].isin(scope.workloads)
        if scope.task_types:
            mask &= frame["task_type"].isin(scope.task_types)
        return frame[mask].reset_index(drop=True)

    segment_stats = keep(inputs.segment_stats)
    if segment_stats.empty:
        raise NotFoundError(
            f"org {org_id!r} has no successful events for {scope.describe()} between "
            f"{inputs.window_start:%Y-%m-%d} and {inputs.window_end:%Y-%m-%d}"
        )
    return replace(
        inputs, segment_stats=segment_stats, model_stats=keep(inputs.model_stats), events=keep(inputs.events)
    )


def fetch_cached_optimization_inputs(
    client: Client,
    store_key: str,
    org_id: str,
    days: float,
    buckets: PromptBuckets,
    scope: TrafficScope | None = None,
    *,
    with_duplicates: bool = True,
    window: tuple[datetime, datetime] | None = None,
) -> OptimizationInputs:
    """fetch_optimization_inputs, reused while the store's data is unchanged (the questions of a thread often ask
    about the same traffic under other constraints). `store_key` names the store (its location). A workloads /
    task types scope is cut from the whole org's inputs (read once), a providers scope is read on its own."""
    scope = scope or TrafficScope()
    is_cut = not scope.providers
    read_scope = TrafficScope() if is_cut else scope
    version = fetch_data_version(client)
    key = (store_key, org_id, float(days), window, buckets, read_scope, with_duplicates, version)
    with _inputs_cache_lock:
        inputs = _inputs_cache.get(key)
        if inputs is not None:
            _inputs_cache.move_to_end(key)
    if inputs is None:
        inputs = fetch_optimization_inputs(
            client, org_id, days, buckets, read_scope, with_duplicates=with_duplicates, window=window
        )
        with _inputs_cache_lock:
            _inputs_cache[key] = inputs
            while len(_inputs_cache) > INPUTS_CACHE_SIZE:
                _inputs_cache.popitem(last=False)
    return compute_scoped_inputs(inputs, scope, org_id) if is_cut and not scope.is_everything else inputs
