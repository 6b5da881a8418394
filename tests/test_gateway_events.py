"""Event ids: 32 hex digits, unique, and not repeated when a test (or anything) seeds the `random` module."""

from __future__ import annotations

import random
import re

from netra_core.gateway.events import new_event_id


def test_event_ids_are_32_hex_digits_and_unique_even_after_random_is_seeded() -> None:
    random.seed(0)
    first = [new_event_id() for _ in range(1000)]
    random.seed(0)
    second = [new_event_id() for _ in range(1000)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in first)
    assert len(set(first + second)) == 2000
