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


TIER_SYNTAX = "START:INPUT:OUTPUT[:CACHED]"


def parse_tiers(text: str, keep: Any = ()) -> tuple[PriceTier, ...]:
    """Long-context tiers written as `START:INPUT:OUTPUT[:CACHED]`, comma-separated (the CLI's --tier and the
    Catalog form): past START prompt tokens, all tokens pay INPUT/OUTPUT (and CACHED for cache reads) per million.
    The prices the syntax does not carry (cache writes, audio, images) come from the tier of the same START in `keep` (the
    tiers in effect now, PriceTier values or their stored dicts), so editing a tier keeps them.
    ValidationError naming the tier that does not parse."""
    kept = {int(t["start"]): t for t in (k if isinstance(k, dict) else asdict(k) for k in keep or ())}
    tiers = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        fields = [f.strip().replace("_", "") for f in part.split(":")]
        try:
            if len(fields) not in (3, 4):
                raise ValueError(part)
            start = int(fields[0])
            prices = [float(f) for f in fields[1:]]
        except ValueError:
            raise ValidationError(f"tier {part!r}: write it as {TIER_SYNTAX}, e.g. 200000:6:22.5") from None
        given = {"input_per_mtok": prices[0], "output_per_mtok": prices[1]}
        if len(prices) == 3:
            given["cached_input_per_mtok"] = prices[2]
        carried = {k: v for k, v in kept.get(start, {}).items() if k != "start" and k in PriceTier.__dataclass_fields__}
        tiers.append(PriceTier(start=start, **{**carried, **given}))
    return tuple(tiers)


def format_tiers(tiers: Any) -> str:
    """Tiers (PriceTier values or their stored dicts) in the syntax `parse_tiers` reads."""
    parts = []
    for tier in tiers or ():
        t = tier if isinstance(tier, dict) else asdict(tier)
        fields = [str(int(t["start"]))] + [f"{float(t.get(k) or 0):g}" for k in ("input_per_mtok", "output_per_mtok")]
        if t.get("cached_input_per_mtok") is not None:
            fields.append(f"{float(t['cached_input_per_mtok']):g}")
        parts.append(":".join(fields))
    return ", ".join(parts)


@dataclass(frozen=True)
class ExtraPrices:
    """The prices of a price row beyond input, output and cache reads (None: falls back as catalog/pricing.py says).

    Cache writes (5-minute, 1-hour), audio tokens (input, cached input, output), image tokens (input, cached input, output) and
    long-context tiers.
    """

    cache_write_per_mtok: float | None = None
    cache_write_1h_per_mtok: float | None = None
    audio_input_per_mtok: float | None = None
    audio_cached_input_per_mtok: float | None = None
    audio_output_per_mtok: float | None = None
    image_input_per_mtok: float | None = None
    image_cached_per_mtok: float | None = None
    image_output_per_mtok: float | None = None
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
