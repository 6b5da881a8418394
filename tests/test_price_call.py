"""`PriceBook.price_call` (one call, plain Python, the gateway's path) agrees with `price_events` (vectorised)."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime

import numpy as np
import pytest

from netra_core.catalog.pricing import PriceBook, PriceRow, PriceTier, make_builtin_price_book

JAN = datetime(2026, 1, 1, tzinfo=UTC)
JUN = datetime(2026, 6, 1, tzinfo=UTC)


def _ns(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000_000


def make_tricky_book() -> PriceBook:
    """Overlapping periods, a long-context tier, batch discount, a flex row of its own, cache prices unset."""
    return PriceBook(
        [
            PriceRow("acme", "m1", 1.0, 4.0, batch_discount=0.5, effective_to=JUN),
            PriceRow(
                "acme",
                "m1",
                2.0,
                8.0,
                cached_input_per_mtok=0.2,
                batch_discount=0.5,
                effective_from=JAN,
                cache_write_per_mtok=2.5,
                cache_write_1h_per_mtok=4.0,
                tiers=(PriceTier(200, input_per_mtok=4.0, output_per_mtok=16.0), PriceTier(1000, input_per_mtok=6.0)),
            ),
            PriceRow("acme", "m1", 0.5, 2.0, service_tier="flex", effective_from=JAN),
            PriceRow("acme", "m1", 0.9, 3.0, service_tier="batch", effective_from=JUN),
            PriceRow("acme", "m2", 3.0, 15.0),
        ]
    )


USAGES = [  # prompt, completion, cached, write, write_1h
    (0, 0, 0, 0, 0),
    (120, 24, 0, 0, 0),
    (200, 10, 50, 0, 0),
    (201, 10, 50, 20, 5),
    (5000, 300, 6000, 100, 200),  # more cached than prompt, more 1-hour writes than writes: clipped
    (1500, 0, 0, 1500, 1500),
]


def _vectorised(
    book: PriceBook, pair: tuple[str, str], ts: int, usage: tuple[int, ...], tier: str, batch: bool
) -> float:
    p, c, cached, write, write_1h = usage
    return float(
        book.price_events(
            [pair],
            np.zeros(1, dtype=np.intp),
            np.array([ts], dtype=np.int64),
            np.array([p], dtype=np.float64),
            np.array([c], dtype=np.float64),
            np.array([cached], dtype=np.float64),
            np.array([batch]),
            cache_write_tokens=np.array([write], dtype=np.float64),
            cache_write_1h_tokens=np.array([write_1h], dtype=np.float64),
            service_tier=np.array([tier]),
        )[0]
    )


def _assert_same(book: PriceBook, pairs: list[tuple[str, str]], times: list[int]) -> int:
    compared = 0
    for pair, ts, usage, tier, batch in itertools.product(
        pairs, times, USAGES, ("", "flex", "priority"), (False, True)
    ):
        expected = _vectorised(book, pair, ts, usage, tier, batch)
        p, c, cached, write, write_1h = usage
        got = book.price_call(
            *pair,
            ts,
            p,
            c,
            cached,
            cache_write_tokens=write,
            cache_write_1h_tokens=write_1h,
            service_tier=tier,
            is_batch=batch,
        )
        if math.isnan(expected):
            assert math.isnan(got), (pair, ts, usage, tier, batch)
        else:
            assert got == pytest.approx(expected, rel=1e-12, abs=1e-15), (pair, ts, usage, tier, batch)
            compared += 1
    return compared


def test_price_call_matches_price_events_on_periods_tiers_and_service_tiers() -> None:
    book = make_tricky_book()
    times = [
        _ns(datetime(2025, 6, 1, tzinfo=UTC)),
        _ns(datetime(2026, 3, 1, tzinfo=UTC)),
        _ns(JUN),
        _ns(datetime(2027, 1, 1, tzinfo=UTC)),
    ]
    pairs = [("acme", "m1"), ("acme", "m2"), ("acme", "unknown"), ("other", "m1")]
    assert _assert_same(book, pairs, times) > 100


def test_price_call_matches_price_events_on_every_builtin_model() -> None:
    book = make_builtin_price_book()
    pairs = sorted(book.models())
    assert len(pairs) > 10
    assert _assert_same(book, pairs, [_ns(datetime(2026, 12, 1, tzinfo=UTC))]) > 10 * len(USAGES)


def test_a_hand_computed_call() -> None:
    # 300 prompt tokens (> 200: the first tier for all tokens), 100 of them cache reads, 50 written (10 for 1 h).
    book = make_tricky_book()
    cost = book.price_call(
        "acme",
        "m1",
        _ns(datetime(2026, 7, 1, tzinfo=UTC)),
        300,
        20,
        100,
        cache_write_tokens=50,
        cache_write_1h_tokens=10,
    )
    # tier: input 4, output 16; cache read 0.2, write 2.5, 1 h 4.0 (unset on the tier: the row's)
    assert cost == pytest.approx((150 * 4 + 20 * 16 + 100 * 0.2 + 40 * 2.5 + 10 * 4.0) / 1e6)
