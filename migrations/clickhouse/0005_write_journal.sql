-- Crash-safe writes. Every row an ingest writes carries the ingest's id, and every multi-statement write
-- (an ingest's move, a roll-up rebuild) is recorded in the journal before it starts and again when it ends.
-- A write the journal shows as started and never finished was cut short (kill -9, out of memory, a lost
-- machine): the next session rolls it back (deletes the rows with its ingest id) and rebuilds the roll-ups of
-- the days it touched from the raw events, so an ingest is all or nothing and the roll-ups stay exact.
-- Rows stored before this migration, and rows of other writers (the generator), have ingest_id ''.
ALTER TABLE workload_events ADD COLUMN IF NOT EXISTS ingest_id String DEFAULT '';

CREATE TABLE IF NOT EXISTS netra_write_journal
(
    op_id      String,
    kind       LowCardinality(String),
    org_id     String,
    lo         DateTime64(3, 'UTC'),
    hi         DateTime64(3, 'UTC'),
    state      LowCardinality(String),
    pid        UInt32,
    host       String,
    rows       UInt64 DEFAULT 0,
    at         DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (op_id, at);
