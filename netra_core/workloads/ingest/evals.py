"""Eval results (one row per prompt and model) from CSV, JSON lines or Parquet into eval_results."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from clickhouse_connect.driver.client import Client

from netra_core.errors import IngestRejectedError, ValidationError
from netra_core.workloads.ingest import convert
from netra_core.workloads.ingest.columns import normalise_name
from netra_core.workloads.ingest.report import IngestIssue, IssueLog, show_value
from netra_core.workloads.ingest.sources import FileError, detect_format, iter_mapped_chunks
from netra_core.workloads.store import WorkloadStore

EVAL_ALIASES: dict[str, tuple[str, ...]] = {
    "prompt_id": ("prompt_id", "id", "question_id", "example_id", "item_id"),
    "prompt": ("prompt", "question", "input", "text"),
    "model": ("model", "model_name"),
    "score": ("score", "quality", "correct", "accuracy", "grade"),
    "cost_usd": ("cost_usd", "cost", "spend"),
    "prompt_tokens": ("prompt_tokens", "input_tokens"),
    "completion_tokens": ("completion_tokens", "output_tokens"),
    "latency_ms": ("latency_ms", "latency", "duration_ms"),
    "task_type": ("task_type", "task", "category"),
    "workload": ("workload", "app", "feature"),
}
REQUIRED = ("prompt_id", "model", "score")


@dataclass
class EvalIngestReport:
    """Rows read and written into eval_results."""

    org_id: str
    dataset: str
    rows_read: int = 0
    rows_written: int = 0
    errors: list[IngestIssue] = field(default_factory=list)
    error_count: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON output."""
        out = asdict(self)
        out["errors"] = [str(e) for e in self.errors]
        return out


def _mapping(names: list[str]) -> dict[str, str]:
    by_norm = {normalise_name(n): n for n in names}
    out: dict[str, str] = {}
    for field_name, spellings in EVAL_ALIASES.items():
        for s in spellings:
            if s in by_norm and by_norm[s] not in out.values():
                out[field_name] = by_norm[s]
                break
    return out


def _convert(
    table: pa.Table, cols: dict[str, str], locs: np.ndarray, file: str, kind: str, log: IssueLog
) -> pa.Table | None:
    n = len(locs)
    bad = np.zeros(n, dtype=bool)
    out: dict[str, pa.Array] = {}
    specs = {
        "prompt_id": convert.to_str,
        "prompt": convert.to_str,
        "model": convert.to_str,
        "score": convert.to_float,
        "cost_usd": convert.to_float,
        "prompt_tokens": convert.to_int,
        "completion_tokens": convert.to_int,
        "latency_ms": convert.to_float,
        "task_type": convert.to_str,
        "workload": convert.to_str,
    }
    for name, fn in specs.items():
        raw = convert.combined(table.column(cols[name])) if name in cols and cols[name] in table.column_names else None
        if raw is None:
            if name in REQUIRED:
                _add(log, np.ones(n, bool), locs, file, kind, name, "missing", None)
                bad[:] = True
            out[name] = pa.nulls(n, pa.string() if fn is convert.to_str else pa.float64())
            continue
        values, problems = fn(raw)
        for mask, message in problems:
            _add(log, mask, locs, file, kind, name, message, raw)
            bad |= mask
        if name == "score":
            outside = convert._mask(pc.fill_null(pc.or_(pc.less(values, 0), pc.greater(values, 1)), False))
            _add(log, outside, locs, file, kind, name, "must be between 0 and 1", raw)
            missing = ~convert._mask(values.is_valid()) & ~bad
            _add(log, missing, locs, file, kind, name, "is empty", raw)
            bad |= outside | missing
        if name in ("cost_usd", "prompt_tokens", "completion_tokens", "latency_ms"):
            negative = convert._mask(pc.fill_null(pc.less(values, 0), False))
            _add(log, negative, locs, file, kind, name, "is negative", raw)
            bad |= negative
        if name in ("prompt_id", "model"):
            empty = convert._mask(pc.equal(values, "")) & ~bad
            _add(log, empty, locs, file, kind, name, "is empty", raw)
            bad |= empty
        out[name] = values
    if bad.any():
        return None
    return pa.table(
        {
            "prompt_id": out["prompt_id"],
            "prompt": out["prompt"].fill_null(""),
            "model": out["model"],
            "score": out["score"].cast(pa.float32()),
            "cost_usd": out["cost_usd"].cast(pa.float64()),
            "prompt_tokens": out["prompt_tokens"].cast(pa.uint32()),
            "completion_tokens": out["completion_tokens"].cast(pa.uint32()),
            "latency_ms": out["latency_ms"].cast(pa.float32()),
            "task_type": out["task_type"].fill_null(""),
            "workload": out["workload"].fill_null(""),
        }
    )


def _add(
    log: IssueLog, mask: np.ndarray, locs: np.ndarray, file: str, kind: str, name: str, msg: str, raw: pa.Array | None
) -> None:
    rows = np.flatnonzero(mask)
    issues = [
        IngestIssue(
            file,
            msg,
            line=int(locs[i]) if kind == "line" else None,
            row=int(locs[i]) if kind == "row" else None,
            field=name,
            value=show_value(raw[int(i)].as_py()) if raw is not None else "",
        )
        for i in rows[:20]
    ]
    if len(rows):
        log.add_many(issues, len(rows))


def ingest_eval_files(
    target: WorkloadStore | Client, paths: Sequence[str | Path], org_id: str, dataset: str
) -> EvalIngestReport:
    """Load eval results for one dataset; all or nothing (raises IngestRejectedError on bad input)."""
    started = time.perf_counter()
    if not dataset.strip():
        raise ValidationError("dataset: a dataset name is required")
    if not org_id.strip():
        raise ValidationError("org: an org id is required")
    report = EvalIngestReport(org_id=org_id, dataset=dataset)
    log = IssueLog()
    tables: list[pa.Table] = []
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise ValidationError(f"{path}: no such file")
        try:
            _, container = detect_format(path, "auto")
            fmt = {"csv": "csv", "json": "jsonl", "parquet": "parquet"}[container]
            for chunk in iter_mapped_chunks(path, fmt, container, 500_000, is_events=False):
                raw = chunk.raw
                for issue in raw.issues:
                    log.add(issue)
                report.rows_read += len(raw.locations)
                cols = _mapping(raw.table.column_names)
                typed = _convert(raw.table, cols, raw.locations, path.name, chunk.location_kind, log)
                if typed is not None and not log.count:
                    tables.append(typed)
        except FileError as exc:
            log.add(exc.issue)
    report.errors, report.error_count = log.issues, log.count
    if log.count:
        raise IngestRejectedError(report)
    if tables:
        data = pa.concat_tables(tables)
        n = data.num_rows
        data = data.append_column("org_id", pa.array([org_id] * n, pa.string())).append_column(
            "dataset", pa.array([dataset] * n, pa.string())
        )
        if isinstance(target, WorkloadStore):
            with target.session() as client:
                client.insert_arrow("eval_results", data)
        else:
            target.insert_arrow("eval_results", data)
        report.rows_written = n
    report.seconds = time.perf_counter() - started
    return report


def fetch_eval_count(client: Client, org_id: str, dataset: str) -> int:
    """How many (prompt, model) results the org has in a dataset."""
    rows = client.query(
        "SELECT count() FROM eval_results FINAL WHERE org_id = {org:String} AND dataset = {ds:String}",
        parameters={"org": org_id, "ds": dataset},
    ).result_rows
    return int(rows[0][0])


__all__ = ["EvalIngestReport", "fetch_eval_count", "ingest_eval_files"]
