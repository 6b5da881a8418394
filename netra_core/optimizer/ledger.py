"""The savings ledger: each policy version's forecast beside the savings its gateway traffic realised.

Realised savings are measured on the requests the gateway routed by the version while it was active: what they
cost (their own cost_usd) against their counterfactual cost, the same tokens at the prices of the model the client
asked for (the event's baseline model), priced by the org's price book at the request's time (its overrides, and
every price dimension: cache reads and writes, long-context tiers, the service tier). A request without an honest baseline (no baseline model), whose baseline has no price, or whose
tokens were not reported is left out of the dollars and counted apart. Per segment the same sums are taken, so the
rows add up to the total exactly. Pure: values in, values out (the clock comes in as `until`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from netra_core.catalog.pricing import PriceBook
from netra_core.optimizer.segments import DAYS_PER_MONTH

LEDGER_DEFINITION = (
    "Realised savings: for the requests the Netra gateway routed by this policy version while it was active, the "
    "counterfactual cost (the same tokens at the prices of the model each client asked for, as your price book "
    "prices them) minus what they cost; requests without a baseline model, with an unpriced baseline or with "
    "unreported tokens are counted but left out of the dollars. Run-rate: per 30 days of the version's active time."
)
# The columns the ledger reads from a version's gateway events (workloads/policy_events.py returns them).
EVENT_FIELDS = (
    "ts",
    "workload",
    "task_type",
    "provider",
    "model",
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "is_batch",
    "cache_write_tokens",
    "cache_write_1h_tokens",
    "audio_prompt_tokens",
    "cached_audio_tokens",
    "audio_completion_tokens",
    "image_prompt_tokens",
    "cached_image_tokens",
    "image_completion_tokens",
    "service_tier",
    "cost_usd",
    "quality",
    "usage_known",
    "segment",
    "route_reason",
    "baseline_provider",
    "baseline_model",
    "fallback_from",
)
SEGMENT_COLUMNS = [
    "segment",
    "requests",
    "compared",
    "no_baseline",
    "actual_usd",
    "counterfactual_usd",
    "savings_usd",
    "savings_share",
    "quality_after",
    "quality_before",
]
QualityKey = tuple[str, str, str]  # (workload, task_type, model)


@dataclass(frozen=True)
class LedgerVersion:
    """A policy version as the ledger needs it: its number, status, saved forecast and active period."""

    version: int
    status: str
    forecast: Mapping[str, Any]
    created_at: datetime
    activated_at: datetime | None
    retired_at: datetime | None


@dataclass(frozen=True)
class Forecast:
    """The replayed savings saved with the version (optimizer/savings.py), None where it was not recorded."""

    window_usd: float | None
    share: float | None
    month_usd: float | None
    month_lo_usd: float | None
    month_hi_usd: float | None
    level: float | None
    window_days: float | None
    definition: str

    @classmethod
    def from_saved(cls, saved: Mapping[str, Any]) -> Forecast:
        """Read the saved Savings.as_dict (missing or NaN figures become None)."""

        def num(key: str) -> float | None:
            value = saved.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
                return None
            return float(value)

        return cls(
            window_usd=num("savings_window_usd"),
            share=num("savings_share"),
            month_usd=num("savings_month"),
            month_lo_usd=num("savings_month_lo"),
            month_hi_usd=num("savings_month_hi"),
            level=num("interval_level"),
            window_days=num("window_days"),
            definition=str(saved.get("definition", "")),
        )


@dataclass(frozen=True)
class Realised:
    """What a version's gateway traffic cost against its counterfactual, in total and per segment."""

    requests: int
    compared: int
    no_baseline: int
    unpriced_baseline: int
    usage_unknown: int
    fallbacks: int
    actual_usd: float
    counterfactual_usd: float
    active_days: float
    quality_after: float | None
    quality_before: float | None
    quality_pairs: int
    by_segment: pd.DataFrame = field(repr=False)

    @property
    def savings_usd(self) -> float:
        """Counterfactual minus actual, over the compared requests."""
        return self.counterfactual_usd - self.actual_usd

    @property
    def share(self) -> float | None:
        """Savings as a share of the counterfactual cost (what the traffic would have cost)."""
        return self.savings_usd / self.counterfactual_usd if self.counterfactual_usd else None

    @property
    def month_usd(self) -> float | None:
        """Savings per 30 days of active time (comparable with the forecast's run-rate)."""
        return self.savings_usd * DAYS_PER_MONTH / self.active_days if self.active_days > 0 else None

    @property
    def fallback_share(self) -> float | None:
        """Share of requests served after a fallback."""
        return self.fallbacks / self.requests if self.requests else None

    @property
    def is_quality_measured(self) -> bool:
        """Whether quality exists on both sides for at least one request."""
        return self.quality_pairs > 0


@dataclass(frozen=True)
class VersionLedger:
    """One line of the ledger: a version's forecast beside what it realised (None: never active)."""

    version: int
    status: str
    created_at: datetime
    activated_at: datetime | None
    retired_at: datetime | None
    forecast: Forecast
    realised: Realised | None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-safe values."""
        f, r = self.forecast, self.realised
        out: dict[str, Any] = {
            "version": self.version,
            "status": self.status,
            "created_at": _iso(self.created_at),
            "activated_at": _iso(self.activated_at),
            "retired_at": _iso(self.retired_at),
            "forecast": {
                "savings_window_usd": f.window_usd,
                "savings_share": f.share,
                "savings_month": f.month_usd,
                "savings_month_lo": f.month_lo_usd,
                "savings_month_hi": f.month_hi_usd,
                "interval_level": f.level,
                "window_days": f.window_days,
                "definition": f.definition,
            },
            "realised": None,
        }
        if r is not None:
            out["realised"] = {
                "requests": r.requests,
                "compared_requests": r.compared,
                "no_baseline_requests": r.no_baseline,
                "unpriced_baseline_requests": r.unpriced_baseline,
                "usage_unknown_requests": r.usage_unknown,
                "actual_usd": _num(r.actual_usd),
                "counterfactual_usd": _num(r.counterfactual_usd),
                "savings_usd": _num(r.savings_usd),
                "savings_share": _num(r.share),
                "active_days": _num(r.active_days),
                "savings_month": _num(r.month_usd),
                "fallback_share": _num(r.fallback_share),
                "quality": (
                    {"after": _num(r.quality_after), "before": _num(r.quality_before), "requests": r.quality_pairs}
                    if r.is_quality_measured
                    else "not measured"
                ),
                "by_segment": [
                    {k: (_num(v) if isinstance(v, float) else v) for k, v in row.items()}
                    for row in r.by_segment.to_dict("records")
                ],
            }
        return out


@dataclass(frozen=True)
class PolicyLedger:
    """An org's ledger, newest version first, with its definition."""

    org_id: str
    versions: tuple[VersionLedger, ...]
    until: datetime
    definition: str = LEDGER_DEFINITION

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-safe values."""
        return {
            "org_id": self.org_id,
            "until": _iso(self.until),
            "definition": self.definition,
            "versions": [v.as_dict() for v in self.versions],
        }


def _num(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) or math.isinf(value) else float(value)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else _utc(moment).isoformat()


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def compute_active_period(version: LedgerVersion, until: datetime) -> tuple[datetime, datetime] | None:
    """[activated, retired or `until`) in UTC, or None for a version never activated."""
    if version.activated_at is None:
        return None
    start = _utc(version.activated_at)
    end = _utc(version.retired_at) if version.retired_at is not None else _utc(until)
    return start, max(start, min(end, _utc(until)))


def compute_counterfactual_costs(events: pd.DataFrame, book: PriceBook) -> pd.Series:
    """Each event's tokens priced at its baseline model's prices at its time (NaN: no baseline or no price)."""
    if events.empty:
        return pd.Series(np.nan, index=events.index, dtype="float64")
    frame = events.assign(provider=events["baseline_provider"], model=events["baseline_model"])
    costs = book.compute_costs(frame)
    return costs.where(events["baseline_model"].astype(str) != "")


def _segment_key(events: pd.DataFrame) -> pd.Series:
    fallback = events["workload"].astype(str) + "/" + events["task_type"].astype(str) + "/(no bucket)"
    segment = events["segment"].astype(str)
    return segment.where(segment != "", fallback)


def _quality_pairs(events: pd.DataFrame, baseline_quality: Mapping[QualityKey, float]) -> pd.DataFrame:
    """Per event: its quality and its baseline model's quality in its workload and task type (NaN where unknown)."""
    after = pd.to_numeric(events["quality"], errors="coerce").astype("float64")
    keys = zip(
        events["workload"].astype(str),
        events["task_type"].astype(str),
        events["baseline_model"].astype(str),
        strict=True,
    )
    before = pd.Series([baseline_quality.get(k, np.nan) for k in keys], index=events.index, dtype="float64")
    both = after.notna() & before.notna()
    return pd.DataFrame({"after": after.where(both), "before": before.where(both)})


def compute_realised(
    events: pd.DataFrame,
    book: PriceBook,
    period: tuple[datetime, datetime],
    baseline_quality: Mapping[QualityKey, float] | None = None,
) -> Realised:
    """The realised savings of one version's gateway events (only those inside `period` count)."""
    start, end = period
    ts = pd.to_datetime(events["ts"], utc=True) if len(events) else pd.Series([], dtype="datetime64[ns, UTC]")
    ev = events[(ts >= pd.Timestamp(start)) & (ts < pd.Timestamp(end))].copy()
    ev["segment_key"] = _segment_key(ev) if len(ev) else pd.Series([], dtype=object)
    has_baseline = ev["baseline_model"].astype(str) != ""
    usage_known = ev["usage_known"].astype(int) != 0 if "usage_known" in ev else pd.Series(True, index=ev.index)
    counterfactual = compute_counterfactual_costs(ev, book)
    priced = has_baseline & counterfactual.notna()
    compared = priced & usage_known
    ev["cf"] = counterfactual.where(compared, 0.0)
    ev["actual"] = pd.to_numeric(ev["cost_usd"], errors="coerce").fillna(0.0).where(compared, 0.0)
    ev["compared"] = compared.astype(int)
    ev["no_baseline"] = (~has_baseline).astype(int)
    quality = _quality_pairs(ev, baseline_quality or {})
    ev["q_after"], ev["q_before"] = quality["after"], quality["before"]
    is_fallback = (ev["fallback_from"].astype(str) != "") | (ev["route_reason"].astype(str) == "fallback")
    rows = []
    for segment, g in ev.groupby("segment_key", sort=True):
        cf, actual = float(g["cf"].sum()), float(g["actual"].sum())
        rows.append(
            {
                "segment": str(segment),
                "requests": len(g),
                "compared": int(g["compared"].sum()),
                "no_baseline": int(g["no_baseline"].sum()),
                "actual_usd": actual,
                "counterfactual_usd": cf,
                "savings_usd": cf - actual,
                "savings_share": (cf - actual) / cf if cf else math.nan,
                "quality_after": float(g["q_after"].mean()) if g["q_after"].notna().any() else math.nan,
                "quality_before": float(g["q_before"].mean()) if g["q_before"].notna().any() else math.nan,
            }
        )
    by_segment = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    if not by_segment.empty:
        by_segment = by_segment.sort_values("savings_usd", ascending=False, kind="stable").reset_index(drop=True)
    pairs = int(quality["after"].notna().sum())
    return Realised(
        requests=len(ev),
        compared=int(compared.sum()),
        no_baseline=int((~has_baseline).sum()),
        unpriced_baseline=int((has_baseline & counterfactual.isna()).sum()),
        usage_unknown=int((priced & ~usage_known).sum()),
        fallbacks=int(is_fallback.sum()),
        actual_usd=float(ev["actual"].sum()),
        counterfactual_usd=float(ev["cf"].sum()),
        active_days=(end - start).total_seconds() / 86_400,
        quality_after=float(quality["after"].mean()) if pairs else None,
        quality_before=float(quality["before"].mean()) if pairs else None,
        quality_pairs=pairs,
        by_segment=by_segment,
    )


def compute_ledger(
    org_id: str,
    versions: Sequence[LedgerVersion],
    events_by_version: Mapping[int, pd.DataFrame],
    book: PriceBook,
    *,
    until: datetime,
    baseline_quality: Mapping[QualityKey, float] | None = None,
) -> PolicyLedger:
    """The ledger of the given versions (newest first): forecast as saved, realised over each active period."""
    lines = []
    for v in sorted(versions, key=lambda x: x.version, reverse=True):
        period = compute_active_period(v, until)
        realised = None
        if period is not None:
            events = events_by_version.get(v.version, compute_empty_events())
            realised = compute_realised(events, book, period, baseline_quality)
        lines.append(
            VersionLedger(
                v.version,
                v.status,
                v.created_at,
                v.activated_at,
                v.retired_at,
                Forecast.from_saved(v.forecast),
                realised,
            )
        )
    return PolicyLedger(org_id=org_id, versions=tuple(lines), until=_utc(until))


def compute_empty_events() -> pd.DataFrame:
    """A version's events when it has none."""
    return pd.DataFrame({c: pd.Series(dtype="datetime64[ns, UTC]" if c == "ts" else object) for c in EVENT_FIELDS})
