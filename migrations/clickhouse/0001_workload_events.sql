-- One row per AI request. ReplacingMergeTree(version) keyed on the event: re-ingesting an
-- event replaces it instead of doubling it (ingest also skips ids already stored).
CREATE TABLE IF NOT EXISTS workload_events
(
    event_id          String,
    ts                DateTime64(3, 'UTC'),
    org_id            LowCardinality(String),
    workload          LowCardinality(String),
    task_type         LowCardinality(String),
    user_id           String DEFAULT '',
    session_id        String DEFAULT '',
    provider          LowCardinality(String),
    model             LowCardinality(String),
    region            LowCardinality(String) DEFAULT '',
    prompt_tokens     UInt32,
    completion_tokens UInt32,
    cached_tokens     UInt32 DEFAULT 0,
    reasoning_tokens  UInt32 DEFAULT 0,
    latency_ms        Float32,
    ttft_ms           Nullable(Float32),
    cost_usd          Float64,
    cost_source       LowCardinality(String) DEFAULT 'billed',
    status            LowCardinality(String) DEFAULT 'ok',
    error_type        LowCardinality(String) DEFAULT '',
    quality           Nullable(Float32),
    prompt_hash       String DEFAULT '',
    is_batch          UInt8 DEFAULT 0,
    metadata          Map(String, String),
    source            LowCardinality(String) DEFAULT '',
    version           UInt64 DEFAULT toUnixTimestamp64Milli(now64(3))
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (org_id, toDate(ts), model, event_id);
