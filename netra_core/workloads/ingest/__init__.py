"""Ingest: CSV, JSON lines, Parquet, OpenTelemetry GenAI spans and LiteLLM spend logs into workload_events."""

from netra_core.workloads.ingest.evals import EvalIngestReport, ingest_eval_files
from netra_core.workloads.ingest.pipeline import ingest_files
from netra_core.workloads.ingest.report import FileStats, IngestIssue, IngestProgress, IngestReport

__all__ = [
    "EvalIngestReport",
    "FileStats",
    "IngestIssue",
    "IngestProgress",
    "IngestReport",
    "ingest_eval_files",
    "ingest_files",
]
