"""Pricing events: the interface ingest calls; the catalog fills it with time-versioned prices.

A PriceBook holds price rows with effective dates. `compute_costs` prices a whole DataFrame of
events at once (vectorised), using for each event the price in effect at its timestamp, the
cached-input price for cached prompt tokens and the batch discount for batch requests.

An event's (provider, model) finds its prices by the exact pair first; else by the catalog's id
for the provider's name (`azure_openai` -> `azure`), then the providers it resells (Azure serves
OpenAI's models at OpenAI's price), each with the model's name and then without a snapshot date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import BUILTIN_MODELS, PRICE_SOURCE
from netra_core.catalog.providers import (
    PROVIDER_FALLBACKS,
    compute_catalog_providers,
    compute_provider_key,
    compute_undated_model,
)

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Where a PriceBook's prices come from, as the ingest report says it.
CATALOG_PRICES = "catalog"
BUILTIN_PRICES = "built-in table"


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

    def __init__(self, rows: list[PriceRow], source: str = "") -> None:
        self.rows = rows
        self.source = source
        self._periods = _periods_by_pair(rows)
        self._providers = {compute_provider_key(p): p for p in {p for p, _ in self._periods}}
        self._resolved: dict[tuple[str, str], tuple[str, str] | None] = {}

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame (UTC timestamps)."""
        rows = self.rows
        frame = (
            pd.DataFrame([vars(r) for r in rows]) if rows else pd.DataFrame(columns=list(PriceRow.__dataclass_fields__))
        )
        frame["effective_from"] = pd.to_datetime(frame["effective_from"], utc=True)
        frame["effective_to"] = pd.to_datetime(frame["effective_to"], utc=True)
        return frame

    def models(self) -> set[tuple[str, str]]:
        """The (provider, model) pairs with a price."""
        return {(r.provider, r.model) for r in self.rows}

    def resolve(self, provider: str, model: str) -> tuple[str, str] | None:
        """The book's (provider, model) whose prices apply to an event's provider and model, or None."""
        pair = (provider, model)
        if pair in self._periods:
            return pair
        if pair not in self._resolved:
            undated = compute_undated_model(model)
            names = [model] if undated is None else [model, undated]
            found = None
            for prov in compute_catalog_providers(provider, self._providers) if provider else []:
                found = next(((prov, name) for name in names if (prov, name) in self._periods), None)
                if found:
                    break
            self._resolved[pair] = found
        return self._resolved[pair]

    def compute_model_owners(self) -> dict[str, str]:
        """Model -> the one provider that sells it under its own name (resellers of another owner left out)."""
        owners: dict[str, set[str]] = {}
        for p, m in self._periods:
            owners.setdefault(m, set()).add(p)
        out = {}
        for model, providers in owners.items():
            sellers = {p for p in providers if not set(PROVIDER_FALLBACKS.get(p, ())) & providers}
            if len(sellers) == 1:
                out[model] = next(iter(sellers))
        return out

    def compute_price_changes(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Epoch nanoseconds at which a price of any of these (event) pairs starts or ends."""
        edges = []
        for pair in pairs:
            resolved = self.resolve(*pair)
            for period in self._periods.get(resolved, []) if resolved else []:
                edges.append(period.from_ns)
                if period.to_ns is not None:
                    edges.append(period.to_ns)
        return np.array(edges, dtype=np.int64)

    def price_at(self, provider: str, model: str, ts: datetime) -> PriceRow | None:
        """The price in effect at `ts`, or None (the later row wins where two overlap, as in compute_costs)."""
        pair = self.resolve(provider, model)
        found = None
        for r in self.rows:
            if (
                (r.provider, r.model) == pair
                and r.effective_from <= ts
                and (r.effective_to is None or ts < r.effective_to)
            ):
                found = r
        return found

    def compute_costs(self, events: pd.DataFrame) -> pd.Series:
        """USD cost per event (NaN where no price is known). Needs provider, model, ts and token columns."""
        n = len(events)
        if events.empty or not self.rows:
            return pd.Series(np.nan, index=events.index, dtype="float64")
        provider_codes, providers = pd.factorize(events["provider"])
        model_codes, models = pd.factorize(events["model"])
        pairs, pair_index = pair_codes(provider_codes, list(providers), model_codes, list(models))
        ts = pd.to_datetime(events["ts"], utc=True).to_numpy(dtype="datetime64[ns]").view("int64")  # NaT: int64 min
        zeros = np.zeros(n)
        costs = self.price_events(
            pairs,
            pair_index,
            ts,
            events["prompt_tokens"].astype("float64").to_numpy(),
            events["completion_tokens"].astype("float64").to_numpy(),
            events["cached_tokens"].astype("float64").to_numpy() if "cached_tokens" in events else zeros,
            events["is_batch"].astype(bool).to_numpy() if "is_batch" in events else zeros.astype(bool),
        )
        return pd.Series(costs, index=events.index, dtype="float64")

    def price_events(
        self,
        pairs: Sequence[tuple[str, str]],
        pair_index: np.ndarray,
        ts_ns: np.ndarray,
        prompt_tokens: np.ndarray,
        completion_tokens: np.ndarray,
        cached_tokens: np.ndarray,
        is_batch: np.ndarray,
    ) -> np.ndarray:
        """USD cost per event from plain arrays (NaN where no price is known).

        `pair_index[i]` is the event's (provider, model) position in `pairs` (-1: none); `ts_ns` is
        epoch nanoseconds (UTC). Each pair's events are priced once per price period of that pair.
        """
        out = np.full(len(pair_index), np.nan)
        if not len(pair_index) or not self._periods:
            return out
        order = np.argsort(pair_index, kind="stable")
        bounds = np.searchsorted(pair_index[order], np.arange(len(pairs) + 1))
        for k, pair in enumerate(pairs):
            resolved = self.resolve(*pair)
            periods = self._periods.get(resolved) if resolved else None
            rows = order[bounds[k] : bounds[k + 1]]
            if not periods or not len(rows):
                continue
            ts = ts_ns[rows]
            for period in periods:  # in book order: where two periods overlap, the later row wins
                hit = ts >= period.from_ns
                if period.to_ns is not None:
                    hit &= ts < period.to_ns
                if not hit.any():
                    continue
                where = rows[hit]
                prompt = prompt_tokens[where].astype("float64")
                cached = np.minimum(cached_tokens[where].astype("float64"), prompt)
                cost = (
                    (prompt - cached) * period.input + cached * period.cached + completion_tokens[where] * period.output
                ) / 1e6
                out[where] = np.where(is_batch[where], cost * (1 - period.discount), cost)
        return out


@dataclass(frozen=True)
class _Period:
    """One price row as plain numbers, for `PriceBook.price_events`."""

    from_ns: int
    to_ns: int | None
    input: float
    output: float
    cached: float
    discount: float


def _ns(moment: datetime) -> int:
    """Epoch nanoseconds of a datetime (naive ones are UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    delta = aware - _UNIX_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1_000


def _is_missing(value: float | None) -> bool:
    return value is None or value != value  # None or NaN


def _periods_by_pair(rows: list[PriceRow]) -> dict[tuple[str, str], list[_Period]]:
    periods: dict[tuple[str, str], list[_Period]] = {}
    for row in rows:
        cached = row.input_per_mtok if _is_missing(row.cached_input_per_mtok) else row.cached_input_per_mtok
        periods.setdefault((row.provider, row.model), []).append(
            _Period(
                from_ns=_ns(row.effective_from),
                to_ns=None if row.effective_to is None else _ns(row.effective_to),
                input=float(row.input_per_mtok),
                output=float(row.output_per_mtok),
                cached=float(cached),  # type: ignore[arg-type]
                discount=0.0 if _is_missing(row.batch_discount) else float(row.batch_discount),  # type: ignore[arg-type]
            )
        )
    return periods


def pair_codes(
    provider_codes: np.ndarray, providers: Sequence[str], model_codes: np.ndarray, models: Sequence[str]
) -> tuple[list[tuple[str, str]], np.ndarray]:
    """The distinct (provider, model) pairs of events given as codes into value lists, and each event's pair.

    A negative code (a missing value) gives pair index -1.
    """
    missing = (provider_codes < 0) | (model_codes < 0)
    combined = provider_codes.astype(np.int64) * max(len(models), 1) + model_codes
    combined[missing] = -1
    present, index = np.unique(combined, return_inverse=True)
    pairs = [
        ("", "") if c < 0 else (providers[c // max(len(models), 1)], models[c % max(len(models), 1)]) for c in present
    ]
    if len(present) and present[0] < 0:  # the missing ones: point them at no pair
        index = index - 1
        pairs = pairs[1:]
    return pairs, index.astype(np.intp)


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
        ],
        source=BUILTIN_PRICES,
    )


def compute_book_over_builtin(book: PriceBook) -> PriceBook:
    """The book with the built-in table under it: generated traffic uses the built-in models, priced by the book where it can."""
    return PriceBook([*make_builtin_price_book().rows, *book.rows], source=book.source)
