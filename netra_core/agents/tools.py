"""Typed tools: pydantic arguments, a JSON-ready result, the role they need; and the registry that holds them."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

import pandas as pd
from clickhouse_connect.driver.client import Client
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session, sessionmaker

from netra_core.agents.context import AuthContext
from netra_core.analytics.filters import EventFilter
from netra_core.errors import ToolArgumentsError, ToolFailedError
from netra_core.roles import Role
from netra_core.workloads.store import WorkloadStore

if TYPE_CHECKING:
    from netra_core.agents.triage import Plan


class ToolCancelledError(ToolFailedError):
    """The dispatcher cancelled the call (it ran past its time limit); the tool stopped at a safe point."""


class ToolArgs(BaseModel):
    """Base of every tool's arguments: unknown fields (an `org_id`, say) are refused, never ignored."""

    model_config = ConfigDict(extra="forbid")


class WindowArgs(ToolArgs):
    """A time window (the last `days`, or `start`..`end`) and optional dimension filters."""

    days: float | None = Field(default=None, gt=0, le=731, description="The last N days (default 7)")
    start: datetime | None = Field(default=None, description="Window start (UTC), with `end`")
    end: datetime | None = Field(default=None, description="Window end (UTC), exclusive")
    workloads: list[str] = Field(default_factory=list, max_length=50)
    models: list[str] = Field(default_factory=list, max_length=50)
    providers: list[str] = Field(default_factory=list, max_length=50)
    task_types: list[str] = Field(default_factory=list, max_length=50)

    def to_filter(self, ctx: ToolContext) -> EventFilter:
        """The EventFilter for this window; the org is the signed-in user's, whatever the arguments say."""
        dims: dict[str, Any] = {
            "workloads": tuple(self.workloads),
            "models": tuple(self.models),
            "providers": tuple(self.providers),
            "task_types": tuple(self.task_types),
        }
        if self.start is not None:
            end = self.end or ctx.now
            return EventFilter(org_id=ctx.auth.org_slug, start=self.start, end=end, **dims)
        if self.end is not None:
            raise ToolArgumentsError("end: give `start` with `end`, or use `days`")
        return EventFilter.last_days(ctx.auth.org_slug, self.days or 7, now=ctx.now, **dims)


@dataclass
class SqlRecord:
    """One statement a tool ran on the workload store, with its parameters."""

    sql: str
    parameters: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (parameters as text)."""
        return {"sql": " ".join(self.sql.split()), "parameters": {k: str(v) for k, v in self.parameters.items()}}


class RecordingClient:
    """Passes queries to the real client and keeps the SQL and parameters, to show the user what ran.

    `check` runs before every query: a cancelled tool starts no new query.
    """

    def __init__(self, client: Client, log: list[SqlRecord], check: Callable[[], None] | None = None) -> None:
        self._client = client
        self._log = log
        self._check = check

    def _record(self, sql: str, parameters: dict[str, Any] | None) -> None:
        if self._check is not None:
            self._check()
        self._log.append(SqlRecord(sql, dict(parameters or {})))

    def query_df(self, sql: str, parameters: dict[str, Any] | None = None, **kw: Any) -> pd.DataFrame:
        """Record, then run."""
        self._record(sql, parameters)
        return self._client.query_df(sql, parameters=parameters, **kw)

    def query(self, sql: str, parameters: dict[str, Any] | None = None, **kw: Any) -> Any:
        """Record, then run."""
        self._record(sql, parameters)
        return self._client.query(sql, parameters=parameters, **kw)


@dataclass
class ToolContext:
    """What a tool may touch: the authenticated user, the stores, the run's clock. Nothing from the message.

    `cancel` is set by the dispatcher when a call runs past its time limit; long-running tools call
    `check_cancelled()` at safe points (store queries do it themselves) so a timed-out call stops.
    """

    auth: AuthContext
    store: WorkloadStore | None
    session_factory: sessionmaker[Session] | None
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    sql_log: list[SqlRecord] = field(default_factory=list)
    cancel: threading.Event = field(default_factory=threading.Event)

    def check_cancelled(self) -> None:
        """Raise ToolCancelledError once this call has been cancelled."""
        if self.cancel.is_set():
            raise ToolCancelledError("the call was cancelled after its time limit and stopped before finishing")

    @contextmanager
    def workload_client(self) -> Iterator[Client]:
        """A short store session whose queries are recorded; a cancelled call opens none and runs no query."""
        if self.store is None:
            raise ToolArgumentsError("no workload store is configured for this run")
        self.check_cancelled()
        with self.store.session() as client:
            yield cast(Client, RecordingClient(client, self.sql_log, self.check_cancelled))


@dataclass
class ToolResult:
    """A tool's output: JSON-ready data (the only source of numbers in answers), a table and chart spec."""

    data: dict[str, Any]
    table: list[dict[str, Any]] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    sql: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        """Rows in the table."""
        return len(self.table)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"data": self.data, "table": self.table, "chart": self.chart, "sql": self.sql}


ToolFn = Callable[[ToolContext, Any], ToolResult]
# A tool's own words for its result: one paragraph, numbers from the result only (the plan gives scope and window).
Describer = Callable[[ToolResult, "Plan"], str]


@dataclass(frozen=True)
class Tool:
    """One typed tool; `min_role` guards it, `changes_data` marks writes."""

    name: str
    description: str
    args_model: type[ToolArgs]
    fn: ToolFn
    agent: str
    min_role: Role = Role.VIEWER
    changes_data: bool = False
    timeout_s: float = 30.0
    describe: Describer | None = None

    def json_schema(self) -> dict[str, Any]:
        """The OpenAI-style function description of this tool."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.args_model.model_json_schema(),
            },
        }


class ToolRegistry:
    """The tools the dispatcher can run, by name."""

    def __init__(self, tools: list[Tool] | None = None) -> None:
        self._tools: dict[str, Tool] = {}
        for tool in tools or []:
            self.add(tool)

    def add(self, tool: Tool) -> None:
        """Register a tool; names are unique."""
        if tool.name in self._tools:
            raise ValueError(f"tool {tool.name!r} is registered twice")
        self._tools[tool.name] = tool

    def get(self, name: str) -> Tool | None:
        """The tool, or None."""
        return self._tools.get(name)

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return sorted(self._tools)

    def schemas(self, role: str | None = None) -> list[dict[str, Any]]:
        """Function descriptions for the model (only the tools this role may call, when given)."""

        return [t.json_schema() for t in self._tools.values() if role is None or Role.parse(role).includes(t.min_role)]


def compute_records(frame: pd.DataFrame, limit: int = 200) -> list[dict[str, Any]]:
    """A DataFrame as JSON-ready records: timestamps as ISO text, NaN as None, floats rounded to 6 places."""
    out: list[dict[str, Any]] = []
    for record in frame.head(limit).to_dict(orient="records"):
        out.append({str(k): compute_json_value(v) for k, v in record.items()})
    return out


def compute_json_value(value: Any) -> Any:
    """One value made JSON-ready."""
    if isinstance(value, pd.Timestamp | datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 6)
    if isinstance(value, list | tuple):
        return [compute_json_value(v) for v in value]
    return value


def compute_window(f: EventFilter) -> dict[str, Any]:
    """The window a tool looked at, for the answer and the provenance check."""
    return {
        "start": f.start.isoformat(),
        "end": f.end.isoformat(),
        "days": round(f.span.total_seconds() / 86400, 6),
        "hours": round(f.span.total_seconds() / 3600, 6),
        "workloads": list(f.workloads),
        "models": list(f.models),
        "providers": list(f.providers),
        "task_types": list(f.task_types),
    }
