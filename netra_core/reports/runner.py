"""Render a report notebook: execute it with papermill, then export self-contained HTML with the code hidden."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netra_core.errors import NetraError, NotFoundError
from netra_core.logs import get_logger

log = get_logger("netra.reports")
REPORTS_DIR = Path(__file__).resolve().parents[2] / "notebooks" / "reports"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class ReportError(NetraError):
    """A report notebook failed to render; the message names the cell's error."""


@dataclass(frozen=True)
class RenderedReport:
    """Where a rendered report was written."""

    name: str
    html_path: Path
    notebook_path: Path
    seconds: float


def list_reports() -> list[str]:
    """The report notebooks that can be run (file names without .ipynb)."""
    return sorted(p.stem for p in REPORTS_DIR.glob("*.ipynb"))


def report_path(name: str) -> Path:
    """The notebook of a report, or NotFoundError listing the ones that exist."""
    path = REPORTS_DIR / f"{name}.ipynb"
    if _SAFE.sub("", name) != name or not path.is_file():
        raise NotFoundError(f"report {name!r} does not exist; available: {', '.join(list_reports())}")
    return path


def _html(notebook_path: Path) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)  # type: ignore[no-untyped-call]
    body, _ = exporter.from_notebook_node(nbformat.read(notebook_path, as_version=4))  # type: ignore[no-untyped-call]
    # The lab template links MathJax and require.js from a CDN; reports have no maths and inline plotly.js,
    # so drop remote scripts to keep the file self-contained and quiet offline.
    return re.sub(r'<script[^>]+src="https?://[^"]+"[^>]*>\s*</script>', "", body)


def render_report(
    name: str, org_id: str, out_dir: Path, params: dict[str, Any] | None = None, timeout_s: int = 600
) -> RenderedReport:
    """Execute the notebook for the org with papermill and write <name>-<org>-<stamp>.html/.ipynb into out_dir.

    The kernel inherits this process's environment and working directory, so relative settings (the default
    data dir `data`, a `.env` file) resolve to the same stores as the caller's.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = report_path(name)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    base = out_dir / f"{name}-{_SAFE.sub('_', org_id)}-{stamp}"
    executed = base.with_suffix(".ipynb")
    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(source),
            str(executed),
            parameters={"org": org_id, **(params or {})},
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout_s,
            cwd=os.getcwd(),
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"report {name} for org {org_id} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
        ) from exc
    html_path = base.with_suffix(".html")
    html_path.write_text(_html(executed), encoding="utf-8")
    seconds = time.perf_counter() - started
    log.info("report rendered", extra={"report": name, "org": org_id, "seconds": round(seconds, 1)})
    return RenderedReport(name=name, html_path=html_path, notebook_path=executed, seconds=seconds)
