"""A budget's spend over its window, bucket by bucket: what the Budgets page charts against the limit.

It covers the same events as the spend the gateway and `netra budget list` count (gateway/budgets.py:
`fetch_window_spend`): the budget's org, its scope's column, every source, deduplicated (FINAL); so the buckets add
up to the figure in the table.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.db.budgets import BudgetInfo

# One definition of which events a budget covers (a fixed column expression per scope, never user text).
from netra_core.gateway.budgets import _SCOPE_COLUMNS as SCOPE_COLUMNS
from netra_core.workloads.store import query_rows

_BUCKETS = {"hour": "toStartOfHour(ts)", "day": "toStartOfDay(ts)"}


def fetch_budget_spend_series(
    client: Client, budget: BudgetInfo, start: datetime, end: datetime, grain: str
) -> pd.DataFrame:
    """Spend per `grain` ('hour' or 'day') bucket of the events the budget covers in [start, end), its org only:
    columns bucket (UTC) and spend_usd, buckets with no spend left out."""
    where = ["org_id = {org:String}", "ts >= {start:DateTime64(3, 'UTC')}", "ts < {end:DateTime64(3, 'UTC')}"]
    params: dict[str, object] = {"org": budget.org_slug, "start": start, "end": end}
    if budget.scope != "org":
        where.append(f"{SCOPE_COLUMNS[budget.scope]} = {{value:String}}")
        params["value"] = budget.scope_value
    rows = query_rows(
        client,
        f"SELECT {_BUCKETS[grain]} AS bucket, sum(cost_usd) FROM workload_events FINAL "
        f"WHERE {' AND '.join(where)} GROUP BY bucket ORDER BY bucket",
        params,
    )
    frame = pd.DataFrame(rows, columns=["bucket", "spend_usd"])
    frame["bucket"] = pd.to_datetime(frame["bucket"], utc=True)
    frame["spend_usd"] = frame["spend_usd"].astype(float)
    return frame
