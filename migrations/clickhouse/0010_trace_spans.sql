-- Spans that are not model calls, kept as trace context (workloads/ingest/trace_spans.py): agent, tool, chain
-- and workflow spans (OpenInference, OTel GenAI, OpenLLMetry) and the app spans that parent model calls. Model
-- calls stay events; these let their cost roll up to the agent or tool that made them (analytics/agent_costs.py).
-- kind: agent, tool, chain, workflow, retriever, ... or other (an app span). entity_name: the tool or agent name
-- when the span gives one (gen_ai.tool.name, gen_ai.agent.name, tool.name, agent.name, traceloop.entity.name).
-- ReplacingMergeTree keyed on the span; ingest also skips spans already stored, so a re-ingest adds nothing.
-- ingest_id: the write that added the row, so a write cut short is rolled back with its events.
CREATE TABLE IF NOT EXISTS trace_spans
(
    org_id         LowCardinality(String),
    trace_id       String,
    span_id        String,
    parent_span_id String DEFAULT '',
    ts             DateTime64(3, 'UTC'),
    name           String DEFAULT '',
    kind           LowCardinality(String),
    entity_name    String DEFAULT '',
    workload       LowCardinality(String) DEFAULT '',
    latency_ms     Float64,
    status         LowCardinality(String) DEFAULT 'ok',
    error_type     LowCardinality(String) DEFAULT '',
    ingest_id      String DEFAULT '',
    version        UInt64 DEFAULT toUnixTimestamp64Milli(now64(3))
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(ts)
ORDER BY (org_id, toDate(ts), trace_id, span_id);
