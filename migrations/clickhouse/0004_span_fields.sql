-- What OpenTelemetry GenAI spans carry beyond the first schema. usage_known = 0 marks an event whose token
-- counts were not reported (a failed call, a stream without usage, a cancelled stream): its tokens are
-- stored as 0 and must not be read as zero usage. prompt_tokens includes cached_tokens (cache reads) and
-- cache_write_tokens (cache creation); see netra_core/workloads/ingest/columns.py. The roll-ups are
-- unchanged: they count every event as a request (and a failed one as an error) and sum known tokens.
ALTER TABLE workload_events
    ADD COLUMN IF NOT EXISTS usage_known UInt8 DEFAULT 1,
    ADD COLUMN IF NOT EXISTS operation LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS cache_write_tokens UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS finish_reason LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS trace_id String DEFAULT '',
    ADD COLUMN IF NOT EXISTS parent_span_id String DEFAULT '';
