"""The prices a price row carries beyond input and output, and the range every price must be in."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from netra_core.catalog.pricing import PriceTier
from netra_core.errors import ValidationError


def check_prices(**prices: float | None) -> None:
    """ValidationError naming the first price outside 0 to 10,000 USD per million tokens, or a bad batch discount."""
    for name, value in prices.items():
        if value is not None and (value < 0 or value > 10_000):
            raise ValidationError(f"{name}: {value} is not a price in USD per million tokens (0 to 10,000)")
    discount = prices.get("batch_discount")
    if discount is not None and not 0 <= discount < 1:
        raise ValidationError(f"batch_discount: {discount} must be a fraction in [0, 1)")


@dataclass(frozen=True)
class ExtraPrices:
    """The prices of a price row beyond input, output and cache reads (None: falls back as catalog/pricing.py says).

    Cache writes (5-minute, 1-hour), audio tokens (input, cached input, output) and long-context tiers.
    """

    cache_write_per_mtok: float | None = None
    cache_write_1h_per_mtok: float | None = None
    audio_input_per_mtok: float | None = None
    audio_cached_input_per_mtok: float | None = None
    audio_output_per_mtok: float | None = None
    tiers: tuple[PriceTier, ...] = ()

    def check(self) -> None:
        """ValidationError naming the first price out of range or a tier that makes no sense."""
        check_prices(**{k: v for k, v in vars(self).items() if k != "tiers"})
        starts = [t.start for t in self.tiers]
        if len(set(starts)) != len(starts) or any(s <= 0 for s in starts):
            raise ValidationError("tiers: each long-context tier starts at its own positive number of prompt tokens")
        for t in self.tiers:
            check_prices(**{f"tier {t.start:,} {k}": v for k, v in vars(t).items() if k != "start"})

    def row_fields(self) -> dict[str, Any]:
        """ModelPrice's columns for these prices."""
        return {
            **{k: v for k, v in vars(self).items() if k != "tiers"},
            "tiers": [asdict(t) for t in self.tiers],
        }
