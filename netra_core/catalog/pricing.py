"""Pricing events: the interface ingest calls; the catalog fills it with time-versioned prices.

A PriceBook holds price rows with effective dates. `compute_costs` prices a whole DataFrame of
events at once (vectorised), using for each event the price in effect at its timestamp, the
cached-input price for cached prompt tokens and the batch discount for batch requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import BUILTIN_MODELS, PRICE_SOURCE

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PriceRow:
    """One price in effect from `effective_from` until `effective_to` (open when None)."""

    provider: str
    model: str
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None = None
    batch_discount: float | None = None
    effective_from: datetime = EPOCH
    effective_to: datetime | None = None
    source: str = ""


class PriceBook:
    """Prices by (provider, model) over time; `compute_costs` applies them to events."""

    def __init__(self, rows: list[PriceRow]) -> None:
        self.rows = rows
        frame = (
            pd.DataFrame([vars(r) for r in rows]) if rows else pd.DataFrame(columns=list(PriceRow.__dataclass_fields__))
        )
        frame["effective_from"] = pd.to_datetime(frame["effective_from"], utc=True)
        frame["effective_to"] = pd.to_datetime(frame["effective_to"], utc=True)
        self.frame = frame

    def models(self) -> set[tuple[str, str]]:
        """The (provider, model) pairs with a price."""
        return {(r.provider, r.model) for r in self.rows}

    def price_at(self, provider: str, model: str, ts: datetime) -> PriceRow | None:
        """The price in effect at `ts`, or None."""
        for r in self.rows:
            if (
                r.provider == provider
                and r.model == model
                and r.effective_from <= ts
                and (r.effective_to is None or ts < r.effective_to)
            ):
                return r
        return None

    def compute_costs(self, events: pd.DataFrame) -> pd.Series:
        """USD cost per event (NaN where no price is known). Needs provider, model, ts and token columns."""
        out = pd.Series(np.nan, index=events.index, dtype="float64")
        if events.empty or self.frame.empty:
            return out
        ts = pd.to_datetime(events["ts"], utc=True)
        prompt = events["prompt_tokens"].astype("float64")
        completion = events["completion_tokens"].astype("float64")
        cached = (
            events["cached_tokens"].astype("float64")
            if "cached_tokens" in events
            else pd.Series(0.0, index=events.index)
        )
        batch = events["is_batch"].astype(bool) if "is_batch" in events else pd.Series(False, index=events.index)
        for row in self.frame.itertuples(index=False):
            mask = (events["provider"] == row.provider) & (events["model"] == row.model) & (ts >= row.effective_from)
            if not pd.isna(row.effective_to):
                mask &= ts < row.effective_to
            if not mask.any():
                continue
            cached_price = row.cached_input_per_mtok if not pd.isna(row.cached_input_per_mtok) else row.input_per_mtok
            cached_m = cached[mask].clip(upper=prompt[mask])
            cost = (
                (prompt[mask] - cached_m) * row.input_per_mtok
                + cached_m * cached_price
                + completion[mask] * row.output_per_mtok
            ) / 1e6
            discount = 0.0 if pd.isna(row.batch_discount) else float(row.batch_discount)
            cost = cost.where(~batch[mask], cost * (1 - discount))
            out[mask] = cost
        return out


def make_builtin_price_book() -> PriceBook:
    """The built-in table, in effect since 2020 (replaced by the catalog's prices once synced)."""
    return PriceBook(
        [
            PriceRow(
                provider=m.provider,
                model=m.model,
                input_per_mtok=m.input_per_mtok,
                output_per_mtok=m.output_per_mtok,
                cached_input_per_mtok=m.cached_input_per_mtok,
                batch_discount=m.batch_discount,
                source=PRICE_SOURCE,
            )
            for m in BUILTIN_MODELS
        ]
    )
