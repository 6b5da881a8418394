"""The rejects file written beside an input with --skip-invalid: one line per rejected row and why."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa

from netra_core.workloads.ingest.report import IngestIssue


def rejects_path_for(path: Path) -> Path:
    """events.csv -> events.csv.rejects.csv"""
    return path.with_name(path.name + ".rejects.csv")


class RejectsWriter:
    """Opens the file on the first reject, so a clean input leaves none behind."""

    def __init__(self, source: Path) -> None:
        self.path = rejects_path_for(source)
        self._fh: IO[str] | None = None
        self._writer: Any = None
        self.count = 0

    def _open(self) -> None:
        if self._writer is None:
            self._fh = self.path.open("w", newline="", encoding="utf-8")
            self._writer = csv.writer(self._fh)
            self._writer.writerow(["location", "reason", "record"])

    def write_issue(self, issue: IngestIssue) -> None:
        """A row that could not even be read (bad line, bad structure)."""
        self._open()
        where = f"line {issue.line}" if issue.line is not None else (f"row {issue.row}" if issue.row else "file")
        reason = f"{issue.field}: {issue.message}" if issue.field else issue.message
        self._writer.writerow([where, reason, issue.value])
        self.count += 1

    def write_rows(self, table: pa.Table, locations: np.ndarray, reasons: dict[int, str], kind: str) -> None:
        """Rows that were read but failed validation, with their original values as JSON."""
        self._open()
        rows = sorted(reasons)
        picked = table.take(pa.array(rows, pa.int64())).to_pylist() if table.num_columns else [{} for _ in rows]
        for i, record in zip(rows, picked, strict=True):
            text = json.dumps({k: _plain(v) for k, v in record.items()}, default=str)
            self._writer.writerow([f"{kind} {int(locations[i])}", reasons[i], text])
        self.count += len(rows)

    def close(self) -> str | None:
        """Close the file; returns its path if anything was rejected."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        return str(self.path) if self.count else None


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
