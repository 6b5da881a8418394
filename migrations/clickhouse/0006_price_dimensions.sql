-- Every price dimension (catalog/pricing.py): cache writes to a one-hour cache (part of cache_write_tokens,
-- priced higher than five-minute writes), the service tier a request was served on ('' standard, 'flex',
-- 'priority', ...), and Netra's own price of each event beside the cost it was given (NULL when there is no
-- price or no usage), so a reported or billed cost can be compared with the catalog's. The roll-ups are
-- unchanged: they sum cost_usd, which stays the cost of record.
ALTER TABLE workload_events
    ADD COLUMN IF NOT EXISTS cache_write_1h_tokens UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS service_tier LowCardinality(String) DEFAULT '',
    ADD COLUMN IF NOT EXISTS priced_cost_usd Nullable(Float64);
