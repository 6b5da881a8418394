"""The Optimize page's parameters: what the form holds, their URL form, and the request they make.

Pure (no streamlit): the page reads and writes `st.query_params`; a reload or a shared link with these parameters
shows the same recommendation. A bad value falls back to its default and says so. The org is never part of the
state: the page passes the signed-in user's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netra_core.services.recommend import RecommendRequest

WINDOW_DAYS = (7, 14, 30, 90)
MAX_DROP = 0.20
URL_KEYS = ("days", "floor", "drop", "p95", "providers", "batch")


@dataclass(frozen=True)
class OptimizeParams:
    """The form's constraints. Defaults never sit below today's measured quality: no floor, a drop of 0."""

    days: int = 30
    floor: float | None = None  # traffic-weighted quality floor
    drop: float | None = 0.0  # max quality drop per segment and workload (None: not named)
    p95: int = 0  # ms, for every workload; 0 is no limit
    providers: tuple[str, ...] = ()  # allowed providers; empty is all
    batch: tuple[str, ...] = ()  # latency-insensitive workloads

    def to_request(self, org_slug: str) -> RecommendRequest:
        """The service's request for the signed-in user's org."""
        from netra_core.services.recommend import RecommendRequest  # the optimizer loads slowly

        return RecommendRequest(
            org_slug,
            days=float(self.days),
            quality_floor=self.floor,
            max_quality_drop=self.drop,
            p95_limit_ms=float(self.p95) if self.p95 else None,
            allowed_providers=frozenset(self.providers) if self.providers else None,
            batch_workloads=self.batch,
        )

    def to_params(self) -> dict[str, list[str]]:
        """The URL form (each key's values); a shared link with it shows the same recommendation."""
        params: dict[str, list[str]] = {"days": [str(self.days)]}
        if self.floor is not None:
            params["floor"] = [f"{self.floor:g}"]
        if self.drop is not None:
            params["drop"] = [f"{self.drop:g}"]
        if self.p95:
            params["p95"] = [str(self.p95)]
        if self.providers:
            params["providers"] = list(self.providers)
        if self.batch:
            params["batch"] = list(self.batch)
        return params

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values (what a past run keeps)."""
        return {**asdict(self), "providers": list(self.providers), "batch": list(self.batch)}

    def describe(self) -> str:
        """One line for the past-runs table."""
        parts = [f"{self.days} days"]
        if self.floor is not None:
            parts.append(f"floor {self.floor:.2f}")
        if self.drop == 0:
            parts.append("no quality drop")
        elif self.drop is not None:
            parts.append(f"drop ≤ {self.drop:.2f}")
        if self.p95:
            parts.append(f"p95 ≤ {self.p95:,} ms")
        if self.providers:
            parts.append("providers " + ", ".join(self.providers))
        if self.batch:
            parts.append("batch " + ", ".join(self.batch))
        return "; ".join(parts)


def _number(raw: str, low: float, high: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if low <= value <= high else None


def parse_params(
    params: Mapping[str, Sequence[str]], providers: Sequence[str], workloads: Sequence[str]
) -> tuple[OptimizeParams | None, list[str]]:
    """The parameters a URL holds (None when it holds none) and a warning per part that was ignored.

    `providers` and `workloads` are the ones the org may pick: other names are dropped.
    """
    if not any(params.get(key) for key in URL_KEYS):
        return None, []
    default = OptimizeParams()
    warnings: list[str] = []

    def one(key: str) -> str | None:
        values = [str(v) for v in params.get(key, []) if str(v)]
        return values[0] if values else None

    days = default.days
    if (raw := one("days")) is not None:
        if raw.isdigit() and int(raw) in WINDOW_DAYS:
            days = int(raw)
        else:
            warnings.append(f"days: '{raw[:20]}' is not one of {', '.join(map(str, WINDOW_DAYS))}; used {days}")
    floor = default.floor
    if (raw := one("floor")) is not None:
        floor = _number(raw, 0.0, 1.0)
        if floor is None:
            warnings.append(f"floor: '{raw[:20]}' is not a quality from 0 to 1; used none")
    drop = default.drop
    if (raw := one("drop")) is not None:
        drop = _number(raw, 0.0, MAX_DROP)
        if drop is None:
            warnings.append(f"drop: '{raw[:20]}' is not a drop from 0 to {MAX_DROP}; used {default.drop}")
            drop = default.drop
    p95 = default.p95
    if (raw := one("p95")) is not None:
        if raw.isdigit():
            p95 = int(raw)
        else:
            warnings.append(f"p95: '{raw[:20]}' is not a whole number of ms; used no limit")

    def known(key: str, allowed: Sequence[str], what: str) -> tuple[str, ...]:
        asked = [str(v) for v in params.get(key, []) if str(v)]
        kept = tuple(v for v in dict.fromkeys(asked) if v in allowed)
        if len(kept) < len(set(asked)):
            unknown = ", ".join(repr(v[:40]) for v in asked if v not in allowed)
            warnings.append(f"{key}: ignored {unknown}, not among your org's {what}")
        return tuple(sorted(kept))

    state = OptimizeParams(
        days=days,
        floor=floor,
        drop=drop,
        p95=p95,
        providers=known("providers", providers, "providers"),
        batch=known("batch", workloads, "workloads"),
    )
    return state, warnings


def from_dict(data: Mapping[str, Any]) -> OptimizeParams:
    """The parameters a past run kept (to_dict's form)."""
    return OptimizeParams(
        days=int(data.get("days", 30)),
        floor=None if data.get("floor") is None else float(data["floor"]),
        drop=None if data.get("drop") is None else float(data["drop"]),
        p95=int(data.get("p95") or 0),
        providers=tuple(data.get("providers") or ()),
        batch=tuple(data.get("batch") or ()),
    )
