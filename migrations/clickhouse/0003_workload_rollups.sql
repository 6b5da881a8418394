-- Hourly and daily roll-ups of workload_events, each kept by a materialized view on every insert. The dashboards
-- read them for large windows (whole days from the daily table, whole hours from the hourly one, the partial
-- hours at the ends from the raw events): sums and counts are exact, latency quantiles come from merged
-- t-digests. Ingest writes only event ids not yet stored, so the views never count an event twice. `source` is a
-- key column so that deleting an org's generated events can delete their roll-up rows too. Errors are counted
-- per error type in a map rather than keyed by status and type, which keeps the rows (and t-digests) few.
CREATE TABLE IF NOT EXISTS workload_hourly
(
    org_id            LowCardinality(String),
    hour              DateTime('UTC'),
    workload          LowCardinality(String),
    task_type         LowCardinality(String),
    provider          LowCardinality(String),
    model             LowCardinality(String),
    source            LowCardinality(String),
    requests          SimpleAggregateFunction(sum, UInt64),
    errors            SimpleAggregateFunction(sum, UInt64),
    error_types       SimpleAggregateFunction(sumMap, Map(String, UInt64)),
    cost_usd          SimpleAggregateFunction(sum, Float64),
    prompt_tokens     SimpleAggregateFunction(sum, UInt64),
    completion_tokens SimpleAggregateFunction(sum, UInt64),
    quality_sum       SimpleAggregateFunction(sum, Float64),
    quality_n         SimpleAggregateFunction(sum, UInt64),
    latency           AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float32),
    ttft              AggregateFunction(quantilesTDigest(0.5, 0.95), Nullable(Float32))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (org_id, hour, workload, model, provider, task_type, source);

CREATE MATERIALIZED VIEW IF NOT EXISTS workload_hourly_mv TO workload_hourly AS
SELECT
    org_id,
    toDateTime(toStartOfHour(ts), 'UTC') AS hour,
    workload, task_type, provider, model, source,
    count() AS requests,
    countIf(status != 'ok') AS errors,
    sumMapIf(map(error_type, toUInt64(1)), status != 'ok') AS error_types,
    sum(cost_usd) AS cost_usd,
    sum(toUInt64(prompt_tokens)) AS prompt_tokens,
    sum(toUInt64(completion_tokens)) AS completion_tokens,
    sumIf(toFloat64(assumeNotNull(quality)), quality IS NOT NULL) AS quality_sum,
    countIf(quality IS NOT NULL) AS quality_n,
    quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms) AS latency,
    quantilesTDigestState(0.5, 0.95)(ttft_ms) AS ttft
FROM workload_events
GROUP BY org_id, hour, workload, task_type, provider, model, source;

-- Events stored before this migration.
INSERT INTO workload_hourly
SELECT
    org_id,
    toDateTime(toStartOfHour(ts), 'UTC') AS hour,
    workload, task_type, provider, model, source,
    count() AS requests,
    countIf(status != 'ok') AS errors,
    sumMapIf(map(error_type, toUInt64(1)), status != 'ok') AS error_types,
    sum(cost_usd) AS cost_usd,
    sum(toUInt64(prompt_tokens)) AS prompt_tokens,
    sum(toUInt64(completion_tokens)) AS completion_tokens,
    sumIf(toFloat64(assumeNotNull(quality)), quality IS NOT NULL) AS quality_sum,
    countIf(quality IS NOT NULL) AS quality_n,
    quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms) AS latency,
    quantilesTDigestState(0.5, 0.95)(ttft_ms) AS ttft
FROM workload_events FINAL
GROUP BY org_id, hour, workload, task_type, provider, model, source;

CREATE TABLE IF NOT EXISTS workload_daily
(
    org_id            LowCardinality(String),
    day               DateTime('UTC'),
    workload          LowCardinality(String),
    task_type         LowCardinality(String),
    provider          LowCardinality(String),
    model             LowCardinality(String),
    source            LowCardinality(String),
    requests          SimpleAggregateFunction(sum, UInt64),
    errors            SimpleAggregateFunction(sum, UInt64),
    error_types       SimpleAggregateFunction(sumMap, Map(String, UInt64)),
    cost_usd          SimpleAggregateFunction(sum, Float64),
    prompt_tokens     SimpleAggregateFunction(sum, UInt64),
    completion_tokens SimpleAggregateFunction(sum, UInt64),
    quality_sum       SimpleAggregateFunction(sum, Float64),
    quality_n         SimpleAggregateFunction(sum, UInt64),
    latency           AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float32),
    ttft              AggregateFunction(quantilesTDigest(0.5, 0.95), Nullable(Float32))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (org_id, day, workload, model, provider, task_type, source);

CREATE MATERIALIZED VIEW IF NOT EXISTS workload_daily_mv TO workload_daily AS
SELECT
    org_id,
    toDateTime(toStartOfDay(ts), 'UTC') AS day,
    workload, task_type, provider, model, source,
    count() AS requests,
    countIf(status != 'ok') AS errors,
    sumMapIf(map(error_type, toUInt64(1)), status != 'ok') AS error_types,
    sum(cost_usd) AS cost_usd,
    sum(toUInt64(prompt_tokens)) AS prompt_tokens,
    sum(toUInt64(completion_tokens)) AS completion_tokens,
    sumIf(toFloat64(assumeNotNull(quality)), quality IS NOT NULL) AS quality_sum,
    countIf(quality IS NOT NULL) AS quality_n,
    quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms) AS latency,
    quantilesTDigestState(0.5, 0.95)(ttft_ms) AS ttft
FROM workload_events
GROUP BY org_id, day, workload, task_type, provider, model, source;

-- Events stored before this migration.
INSERT INTO workload_daily
SELECT
    org_id,
    toDateTime(toStartOfDay(ts), 'UTC') AS day,
    workload, task_type, provider, model, source,
    count() AS requests,
    countIf(status != 'ok') AS errors,
    sumMapIf(map(error_type, toUInt64(1)), status != 'ok') AS error_types,
    sum(cost_usd) AS cost_usd,
    sum(toUInt64(prompt_tokens)) AS prompt_tokens,
    sum(toUInt64(completion_tokens)) AS completion_tokens,
    sumIf(toFloat64(assumeNotNull(quality)), quality IS NOT NULL) AS quality_sum,
    countIf(quality IS NOT NULL) AS quality_n,
    quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms) AS latency,
    quantilesTDigestState(0.5, 0.95)(ttft_ms) AS ttft
FROM workload_events FINAL
GROUP BY org_id, day, workload, task_type, provider, model, source;
