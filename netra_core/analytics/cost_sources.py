"""Where the window's costs come from: reported by the provider (or the client), priced by Netra at the catalog's
price of the day, or not priced at all (a model without a price, or a call whose usage was not reported)."""

from __future__ import annotations

from dataclasses import dataclass

from clickhouse_connect.driver.client import Client

from netra_core.analytics.filters import EventFilter
from netra_core.workloads.store import query_rows

# cost_source values (netra_core/workloads/ingest/columns.py) by what they mean to a reader of the bill.
REPORTED = ("billed", "reported")
PRICED = ("netra",)


@dataclass(frozen=True)
class CostSourceMix:
    """The window's spend and requests by where their cost came from."""

    reported_usd: float
    priced_usd: float
    reported_requests: int
    priced_requests: int
    unpriced_requests: int  # no price for the model: cost 0, not counted in spend
    unknown_usage_requests: int  # no tokens reported (failed or cut calls): cost 0 unless the provider sent one

    @property
    def total_usd(self) -> float:
        return self.reported_usd + self.priced_usd

    def describe(self) -> str:
        """One line for a dashboard: the shares of spend and what could not be priced."""
        total = self.total_usd
        if total <= 0 and not (self.unpriced_requests or self.unknown_usage_requests):
            return ""
        parts = []
        if total > 0:
            parts.append(
                f"{self.reported_usd / total:.0%} of spend as reported by the provider, "
                f"{self.priced_usd / total:.0%} priced by Netra at the catalog's price of each day"
            )
        if self.unpriced_requests:
            parts.append(f"{self.unpriced_requests:,} requests of models without a price (not in spend)")
        if self.unknown_usage_requests:
            parts.append(f"{self.unknown_usage_requests:,} requests whose usage was not reported")
        return "Costs: " + "; ".join(parts) + "."


def fetch_cost_source_mix(client: Client, f: EventFilter) -> CostSourceMix:
    """The filter's spend and requests by cost source (raw events: the roll-ups do not keep the source)."""
    where, params = f.where()
    rows = query_rows(
        client,
        f"""
        SELECT sumIf(cost_usd, cost_source IN {{reported:Array(String)}}),
               sumIf(cost_usd, cost_source IN {{priced:Array(String)}}),
               countIf(cost_source IN {{reported:Array(String)}}), countIf(cost_source IN {{priced:Array(String)}}),
               countIf(cost_source = 'unpriced'), countIf(cost_source = 'unknown_usage')
        FROM workload_events WHERE {where}
    """,
        params | {"reported": list(REPORTED), "priced": list(PRICED)},
    )
    r = rows[0]
    return CostSourceMix(float(r[0] or 0), float(r[1] or 0), int(r[2]), int(r[3]), int(r[4]), int(r[5]))
