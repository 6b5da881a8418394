"""Pricing events: the interface ingest calls; the catalog fills it with time-versioned prices.

A PriceBook holds price rows with effective dates. `compute_costs` prices a whole DataFrame of
events at once (vectorised), using for each event the price in effect at its timestamp and every
dimension its usage has:
- input tokens at the input price; cache reads (`cached_tokens`) at the cache-read price; cache writes
  (`cache_write_tokens`, of which `cache_write_1h_tokens` were written for an hour) at the cache-write
  prices (Anthropic bills a 5-minute write at 1.25x input and a 1-hour one at 2x); all of them are part
  of `prompt_tokens` (see workloads/ingest/columns.py); output tokens (reasoning included) at the
  output price;
- audio tokens (`audio_prompt_tokens` of the input, `cached_audio_tokens` of the cache reads,
  `audio_completion_tokens` of the output; each part of the text count that holds it, as OpenAI's usage
  reports them) at the audio prices: the audio part pays the audio price and only the rest the text
  price, so nothing is counted twice;
- image tokens (`image_prompt_tokens` of the input, `cached_image_tokens` of the cache reads,
  `image_completion_tokens` of the output; each part of the text count that holds it, as OpenAI's and Gemini's
  usage report them) at the image prices the catalog has for image-generation, realtime and live models: the
  image part pays the image price and only the rest the text price, so nothing is counted twice; an unset image
  price is the text one (a cached image token the cache-read price the row sets, else the image input price,
  as cached audio), so an image in the prompt of a model without image prices pays the input price, as the
  providers bill it; the uncached image input (`image_prompt_tokens` less `cached_image_tokens`) is taken from
  the uncached input, up to its size;
- long-context tiers: past a tier's start (prompt tokens > start) ALL the request's tokens pay the
  tier's prices (the "cliff" every provider uses);
- service tiers: a request served on the batch API, or on a `flex` or `priority` tier, pays that
  tier's own prices where the book has them; else a batch request pays the list price less the
  provider's batch discount and another tier pays the standard price.

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


# Service tiers with prices of their own ('' is the standard tier). 'batch' is the providers' batch API.
SERVICE_TIERS = ("", "batch", "flex", "priority")


@dataclass(frozen=True)
class PriceTier:
    """A long-context tier: when a request's prompt tokens exceed `start`, all its tokens pay these prices.

    A price left None stays the base row's.
    """

    start: int
    input_per_mtok: float | None = None
    output_per_mtok: float | None = None
    cached_input_per_mtok: float | None = None
    cache_write_per_mtok: float | None = None
    cache_write_1h_per_mtok: float | None = None
    audio_input_per_mtok: float | None = None
    audio_cached_input_per_mtok: float | None = None
    audio_output_per_mtok: float | None = None
    image_input_per_mtok: float | None = None
    image_cached_per_mtok: float | None = None
    image_output_per_mtok: float | None = None


@dataclass(frozen=True)
class PriceRow:
    """One price in effect from `effective_from` until `effective_to` (open when None).

    Unset cache prices fall back: a cache read or write with no price of its own pays the input price,
    a 1-hour write with no price of its own pays the (5-minute) write price. Unset audio prices fall back
    too: audio input pays the input price, audio output the output price, and a cached audio token the
    cache-read price where the row has one, else the audio input price. Unset image prices are the text ones:
    image input pays the input price, image output the output price, and a cached image token the cache-read
    price where the row has one, else the image input price.
    """

    provider: str
    model: str
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None = None
    batch_discount: float | None = None
    effective_from: datetime = EPOCH
    effective_to: datetime | None = None
    source: str = ""
    cache_write_per_mtok: float | None = None
    cache_write_1h_per_mtok: float | None = None
    tiers: tuple[PriceTier, ...] = ()
    service_tier: str = ""
    audio_input_per_mtok: float | None = None
    audio_cached_input_per_mtok: float | None = None
    audio_output_per_mtok: float | None = None
    image_input_per_mtok: float | None = None
    image_cached_per_mtok: float | None = None
    image_output_per_mtok: float | None = None


class PriceBook:
    """Prices by (provider, model) over time; `compute_costs` applies them to events."""

    def __init__(self, rows: list[PriceRow], source: str = "") -> None:
        self.rows = rows
        self.source = source
        self._periods = _periods_by_pair(rows)
        self._providers = {compute_provider_key(p): p for p in {p for p, _ in self._periods}}
        self._resolved: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._ordered: dict[tuple[str, str], list[_Period]] = {}

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

    def price_at(self, provider: str, model: str, ts: datetime, service_tier: str = "") -> PriceRow | None:
        """The price in effect at `ts` on a service tier, or None (the later row wins where two overlap).

        A tier with no row of its own has none here; `compute_costs` then uses the standard row.
        """
        pair = self.resolve(provider, model)
        found = None
        for r in self.rows:
            if (
                (r.provider, r.model) == pair
                and r.service_tier == service_tier
                and r.effective_from <= ts
                and (r.effective_to is None or ts < r.effective_to)
            ):
                found = r
        return found

    def compute_costs(self, events: pd.DataFrame) -> pd.Series:
        """USD cost per event (NaN where no price is known). Needs provider, model, ts and token columns.

        Optional columns: cached_tokens, cache_write_tokens, cache_write_1h_tokens, audio_prompt_tokens,
        cached_audio_tokens, audio_completion_tokens, image_prompt_tokens, cached_image_tokens,
        image_completion_tokens, is_batch, service_tier.
        """
        n = len(events)
        if events.empty or not self.rows:
            return pd.Series(np.nan, index=events.index, dtype="float64")
        provider_codes, providers = pd.factorize(events["provider"])
        model_codes, models = pd.factorize(events["model"])
        pairs, pair_index = pair_codes(provider_codes, list(providers), model_codes, list(models))
        ts = pd.to_datetime(events["ts"], utc=True).to_numpy(dtype="datetime64[ns]").view("int64")  # NaT: int64 min
        zeros = np.zeros(n)

        def tokens(name: str) -> np.ndarray:
            return events[name].fillna(0).astype("float64").to_numpy() if name in events else zeros

        costs = self.price_events(
            pairs,
            pair_index,
            ts,
            events["prompt_tokens"].astype("float64").to_numpy(),
            events["completion_tokens"].astype("float64").to_numpy(),
            tokens("cached_tokens"),
            events["is_batch"].astype(bool).to_numpy() if "is_batch" in events else zeros.astype(bool),
            cache_write_tokens=tokens("cache_write_tokens"),
            cache_write_1h_tokens=tokens("cache_write_1h_tokens"),
            audio_prompt_tokens=tokens("audio_prompt_tokens"),
            cached_audio_tokens=tokens("cached_audio_tokens"),
            audio_completion_tokens=tokens("audio_completion_tokens"),
            image_prompt_tokens=tokens("image_prompt_tokens"),
            cached_image_tokens=tokens("cached_image_tokens"),
            image_completion_tokens=tokens("image_completion_tokens"),
            service_tier=events["service_tier"].fillna("").astype(str).to_numpy() if "service_tier" in events else None,
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
        *,
        cache_write_tokens: np.ndarray | None = None,
        cache_write_1h_tokens: np.ndarray | None = None,
        audio_prompt_tokens: np.ndarray | None = None,
        cached_audio_tokens: np.ndarray | None = None,
        audio_completion_tokens: np.ndarray | None = None,
        image_prompt_tokens: np.ndarray | None = None,
        cached_image_tokens: np.ndarray | None = None,
        image_completion_tokens: np.ndarray | None = None,
        service_tier: np.ndarray | None = None,
    ) -> np.ndarray:
        """USD cost per event from plain arrays (NaN where no price is known).

        `pair_index[i]` is the event's (provider, model) position in `pairs` (-1: none); `ts_ns` is
        epoch nanoseconds (UTC); `service_tier` holds each event's tier name ('' standard). Each pair's
        events are priced once per price period of that pair: first by its standard rows, then the
        rows of the tier each event was served on (batch for batch requests) replace those prices.
        """
        n = len(pair_index)
        out = np.full(n, np.nan)
        if not n or not self._periods:
            return out

        def given(tokens: np.ndarray | None) -> np.ndarray:
            return np.zeros(n) if tokens is None else tokens.astype("float64")

        usage = _Usage(
            prompt=prompt_tokens.astype("float64"),
            completion=completion_tokens.astype("float64"),
            cached=cached_tokens.astype("float64"),
            write=given(cache_write_tokens),
            write_1h=given(cache_write_1h_tokens),
            audio_prompt=given(audio_prompt_tokens),
            audio_cached=given(cached_audio_tokens),
            audio_completion=given(audio_completion_tokens),
            image_prompt=given(image_prompt_tokens),
            image_cached=given(cached_image_tokens),
            image_completion=given(image_completion_tokens),
        )
        tier = np.where(is_batch.astype(bool), "batch", "" if service_tier is None else service_tier.astype(str))
        order = np.argsort(pair_index, kind="stable")
        bounds = np.searchsorted(pair_index[order], np.arange(len(pairs) + 1))
        for k, pair in enumerate(pairs):
            resolved = self.resolve(*pair)
            periods = self._periods.get(resolved) if resolved else None
            rows = order[bounds[k] : bounds[k + 1]]
            if not periods or not len(rows):
                continue
            ts = ts_ns[rows]
            # In book order: where two periods overlap, the later row wins; a tier's own rows come after.
            for period in sorted(periods, key=lambda p: p.service_tier != ""):
                hit = ts >= period.from_ns
                if period.to_ns is not None:
                    hit &= ts < period.to_ns
                if period.service_tier:
                    hit &= tier[rows] == period.service_tier
                if not hit.any():
                    continue
                where = rows[hit]
                cost = period.price(usage, where)
                if not period.service_tier:
                    cost = np.where(is_batch[where], cost * (1 - period.discount), cost)
                out[where] = cost
        return out

    def price_call(
        self,
        provider: str,
        model: str,
        ts_ns: int,
        prompt_tokens: float,
        completion_tokens: float,
        cached_tokens: float = 0.0,
        *,
        cache_write_tokens: float = 0.0,
        cache_write_1h_tokens: float = 0.0,
        audio_prompt_tokens: float = 0.0,
        cached_audio_tokens: float = 0.0,
        audio_completion_tokens: float = 0.0,
        image_prompt_tokens: float = 0.0,
        cached_image_tokens: float = 0.0,
        image_completion_tokens: float = 0.0,
        service_tier: str = "",
        is_batch: bool = False,
    ) -> float:
        """USD cost of one call (NaN when no price is known): `price_events` for a single event, in plain Python.

        The gateway prices every call twice (the budget estimate and the actual cost) on its event loop,
        where numpy's per-call overhead on one-element arrays cost ~95 µs a time.
        """
        resolved = self.resolve(provider, model)
        periods = self._ordered.get(resolved) if resolved else None
        if periods is None:
            if not resolved or resolved not in self._periods:
                return float("nan")
            # In book order: where two periods overlap, the later row wins; a tier's own rows come after.
            periods = self._ordered[resolved] = sorted(self._periods[resolved], key=lambda p: p.service_tier != "")
        tier = "batch" if is_batch else service_tier
        out = float("nan")
        for period in periods:
            if ts_ns < period.from_ns or (period.to_ns is not None and ts_ns >= period.to_ns):
                continue
            if period.service_tier and period.service_tier != tier:
                continue
            cost = period.price_one(
                prompt_tokens,
                completion_tokens,
                cached_tokens,
                cache_write_tokens,
                cache_write_1h_tokens,
                audio_prompt_tokens,
                cached_audio_tokens,
                audio_completion_tokens,
                image_prompt_tokens,
                image_completion_tokens,
                cached_image_tokens,
            )
            if is_batch and not period.service_tier:
                cost = cost * (1 - period.discount)
            out = cost
        return out


@dataclass(frozen=True)
class _Usage:
    """Token counts of the events being priced (float arrays, all of one length)."""

    prompt: np.ndarray
    completion: np.ndarray
    cached: np.ndarray
    write: np.ndarray
    write_1h: np.ndarray
    audio_prompt: np.ndarray  # of prompt, cached audio included
    audio_cached: np.ndarray  # of cached and of audio_prompt
    audio_completion: np.ndarray  # of completion
    image_prompt: np.ndarray  # of prompt, cached images included
    image_cached: np.ndarray  # of cached and of image_prompt
    image_completion: np.ndarray  # of completion


@dataclass(frozen=True)
class _Prices:
    """Per-million-token prices of every dimension, fallbacks resolved."""

    input: float
    output: float
    cached: float
    write: float
    write_1h: float
    audio_input: float
    audio_cached: float
    audio_output: float
    image_input: float
    image_output: float
    image_cached: float

    def as_array(self) -> np.ndarray:
        """The prices in the order of `_Period.price`'s token columns."""
        return np.array(
            [
                self.input,
                self.output,
                self.cached,
                self.write,
                self.write_1h,
                self.audio_input,
                self.audio_cached,
                self.audio_output,
                self.image_input,
                self.image_output,
                self.image_cached,
            ]
        )


@dataclass(frozen=True)
class _Period:
    """One price row as plain numbers, for `PriceBook.price_events`."""

    from_ns: int
    to_ns: int | None
    base: _Prices
    discount: float
    tiers: tuple[tuple[int, _Prices], ...] = ()
    service_tier: str = ""

    def price(self, usage: _Usage, where: np.ndarray) -> np.ndarray:
        """USD cost of the events at positions `where`."""
        prompt = usage.prompt[where]
        cached = np.minimum(usage.cached[where], prompt)
        write = np.minimum(usage.write[where], prompt - cached)
        write_1h = np.minimum(usage.write_1h[where], write)
        # Audio is a part of the counts above: cached audio of the cache reads, the rest of the audio input of
        # the plain input, audio output of the output (counts past their whole are clipped to it).
        audio_cached = np.minimum(usage.audio_cached[where], cached)
        # Cached images are a part of the cache reads left once cached audio is taken out.
        image_cached = np.maximum(np.minimum(usage.image_cached[where], cached - audio_cached), 0.0)
        audio_in = np.maximum(np.minimum(usage.audio_prompt[where] - audio_cached, prompt - cached - write), 0.0)
        completion = usage.completion[where]
        audio_out = np.minimum(usage.audio_completion[where], completion)
        # The rest of the image input tokens (those not read from the cache) are a part of the plain input left
        # once audio is taken out, image output of the output left once audio is taken out.
        image_in = np.maximum(
            np.minimum(usage.image_prompt[where] - image_cached, prompt - cached - write - audio_in), 0.0
        )
        image_out = np.maximum(np.minimum(usage.image_completion[where], completion - audio_out), 0.0)
        columns = (
            prompt - cached - write - audio_in - image_in,
            completion - audio_out - image_out,
            cached - audio_cached - image_cached,
            write - write_1h,
            write_1h,
            audio_in,
            audio_cached,
            audio_out,
            image_in,
            image_out,
            image_cached,
        )
        per_event = np.broadcast_to(self.base.as_array(), (len(where), len(columns))).copy()
        for start, tier in self.tiers:  # ascending starts: the highest tier passed wins
            per_event[prompt > start] = tier.as_array()
        return np.asarray((np.stack(columns, axis=1) * per_event).sum(axis=1) / 1e6)

    def price_one(
        self,
        prompt: float,
        completion: float,
        cached: float,
        write: float,
        write_1h: float,
        audio_prompt: float = 0.0,
        audio_cached: float = 0.0,
        audio_completion: float = 0.0,
        image_prompt: float = 0.0,
        image_completion: float = 0.0,
        image_cached: float = 0.0,
    ) -> float:
        """`price` for one event's token counts, in plain Python (same rules, same order of operations)."""
        cached = min(cached, prompt)
        write = min(write, prompt - cached)
        write_1h = min(write_1h, write)
        audio_cached = min(audio_cached, cached)
        image_cached = max(min(image_cached, cached - audio_cached), 0.0)
        audio_in = max(min(audio_prompt - audio_cached, prompt - cached - write), 0.0)
        audio_out = min(audio_completion, completion)
        image_in = max(min(image_prompt - image_cached, prompt - cached - write - audio_in), 0.0)
        image_out = max(min(image_completion, completion - audio_out), 0.0)
        p = self.base
        for start, tier in self.tiers:
            if prompt > start:
                p = tier
        return (
            (prompt - cached - write - audio_in - image_in) * p.input
            + (completion - audio_out - image_out) * p.output
            + (cached - audio_cached - image_cached) * p.cached
            + (write - write_1h) * p.write
            + write_1h * p.write_1h
            + audio_in * p.audio_input
            + audio_cached * p.audio_cached
            + audio_out * p.audio_output
            + image_in * p.image_input
            + image_out * p.image_output
            + image_cached * p.image_cached
        ) / 1e6


def _ns(moment: datetime) -> int:
    """Epoch nanoseconds of a datetime (naive ones are UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    delta = aware - _UNIX_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1_000


def _is_missing(value: float | None) -> bool:
    return value is None or value != value  # None or NaN


def _or(value: float | None, fallback: float) -> float:
    return fallback if _is_missing(value) else float(value)  # type: ignore[arg-type]


def _first(*values: float | None) -> float | None:
    return next((v for v in values if not _is_missing(v)), None)


def _resolved_prices(row: PriceRow, tier: PriceTier | None = None, base: _Prices | None = None) -> _Prices:
    """A row's (or one of its tiers') prices with fallbacks. A tier's missing text price is the base row's;
    a row's missing cache prices are the input price (reads and writes) and the write price (1-hour writes).
    Audio: the tier's own price, else the row's, else the text price it falls back to (input, output; a cached
    audio token the cache-read price the tier or row sets, else the audio input price). Images the same way: the
    tier's own price, else the row's, else the input or output price (a cached image token the cache-read price
    the tier or row sets, else the image input price)."""
    if tier is not None and base is not None:
        text = {
            "input": _or(tier.input_per_mtok, base.input),
            "output": _or(tier.output_per_mtok, base.output),
            "cached": _or(tier.cached_input_per_mtok, base.cached),
            "write": _or(tier.cache_write_per_mtok, base.write),
            "write_1h": _or(tier.cache_write_1h_per_mtok, base.write_1h),
        }
        own_read = _first(tier.cached_input_per_mtok, row.cached_input_per_mtok)
        audio_in = _first(tier.audio_input_per_mtok, row.audio_input_per_mtok)
        audio_cached = _first(tier.audio_cached_input_per_mtok, row.audio_cached_input_per_mtok)
        audio_out = _first(tier.audio_output_per_mtok, row.audio_output_per_mtok)
        image_in = _first(tier.image_input_per_mtok, row.image_input_per_mtok)
        image_cached = _first(tier.image_cached_per_mtok, row.image_cached_per_mtok)
        image_out = _first(tier.image_output_per_mtok, row.image_output_per_mtok)
    else:
        inp = float(row.input_per_mtok)
        write = _or(row.cache_write_per_mtok, inp)
        text = {
            "input": inp,
            "output": float(row.output_per_mtok),
            "cached": _or(row.cached_input_per_mtok, inp),
            "write": write,
            "write_1h": _or(row.cache_write_1h_per_mtok, write),
        }
        own_read = row.cached_input_per_mtok
        audio_in, audio_cached, audio_out = (
            row.audio_input_per_mtok,
            row.audio_cached_input_per_mtok,
            row.audio_output_per_mtok,
        )
        image_in, image_cached, image_out = (
            row.image_input_per_mtok,
            row.image_cached_per_mtok,
            row.image_output_per_mtok,
        )
    audio_input = _or(audio_in, text["input"])
    image_input = _or(image_in, text["input"])
    return _Prices(
        **text,
        audio_input=audio_input,
        audio_cached=_or(audio_cached, _or(own_read, audio_input)),
        audio_output=_or(audio_out, text["output"]),
        image_input=image_input,
        image_output=_or(image_out, text["output"]),
        image_cached=_or(image_cached, _or(own_read, image_input)),
    )


def _periods_by_pair(rows: list[PriceRow]) -> dict[tuple[str, str], list[_Period]]:
    periods: dict[tuple[str, str], list[_Period]] = {}
    for row in rows:
        base = _resolved_prices(row)
        periods.setdefault((row.provider, row.model), []).append(
            _Period(
                from_ns=_ns(row.effective_from),
                to_ns=None if row.effective_to is None else _ns(row.effective_to),
                base=base,
                discount=0.0 if _is_missing(row.batch_discount) else float(row.batch_discount),  # type: ignore[arg-type]
                tiers=tuple(
                    (t.start, _resolved_prices(row, t, base)) for t in sorted(row.tiers, key=lambda t: t.start)
                ),
                service_tier=row.service_tier,
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
        [m.price_row(PRICE_SOURCE) for m in BUILTIN_MODELS],
        source=BUILTIN_PRICES,
    )


def compute_book_over_builtin(book: PriceBook) -> PriceBook:
    """The book with the built-in table under it: generated traffic uses the built-in models, priced by the book where it can."""
    return PriceBook([*make_builtin_price_book().rows, *book.rows], source=book.source)
