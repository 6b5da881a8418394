-- One row per (prompt, model) outcome from offline or shadow evaluation.
CREATE TABLE IF NOT EXISTS eval_results
(
    org_id            LowCardinality(String),
    dataset           LowCardinality(String),
    prompt_id         String,
    prompt            String,
    workload          LowCardinality(String) DEFAULT '',
    task_type         LowCardinality(String) DEFAULT '',
    model             LowCardinality(String),
    score             Float32,
    cost_usd          Nullable(Float64),
    prompt_tokens     Nullable(UInt32),
    completion_tokens Nullable(UInt32),
    latency_ms        Nullable(Float32),
    version           UInt64 DEFAULT toUnixTimestamp64Milli(now64(3))
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (org_id, dataset, prompt_id, model);
