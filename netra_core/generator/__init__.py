"""Realistic multi-workload LLM traffic for demos, tests and benchmarks: seeded, vectorised, chunked.

`compute_events` returns a DataFrame with the columns of EVENT_COLUMNS (org_id left empty for the
writer); `iter_event_chunks` yields the same rows block by block, so 10 M events never sit in memory
at once; `save_generated` writes them to the workload store. Event ids are `gen-{seed}-{i}` in time
order and source is 'generator', so generating again gives the same rows. What the traffic holds on
purpose is described by `compute_planted_truth`.

The parts: traffic_profiles.py (workload specs, seasonality, calibrated token sizes),
generation_plan.py (events per minute), event_blocks.py (drawing a block), event_tables.py
(blocks as tables and frames), planted.py (the truth), generated_events.py (writing).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pandas as pd

from netra_core.catalog.pricing import PriceBook
from netra_core.generator.event_blocks import iter_event_blocks
from netra_core.generator.event_tables import SOURCE, compute_event_frame
from netra_core.generator.generated_events import GenerateReport, save_generated
from netra_core.generator.generation_plan import compute_plan
from netra_core.generator.planted import PlantedTruth, compute_planted_truth
from netra_core.generator.traffic_profiles import TrafficSpec, WorkloadSpec, default_spec

__all__ = [
    "SOURCE",
    "GenerateReport",
    "PlantedTruth",
    "TrafficSpec",
    "WorkloadSpec",
    "compute_events",
    "compute_planted_truth",
    "default_spec",
    "iter_event_chunks",
    "save_generated",
]


def iter_event_chunks(
    spec: TrafficSpec,
    n_events: int,
    days: int,
    seed: int,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    price_book: PriceBook | None = None,
    org_id: str = "",
) -> Iterator[pd.DataFrame]:
    """The events of `compute_events`, as DataFrames of at most ~250k rows each, in time order."""
    for block in iter_event_blocks(compute_plan(spec, n_events, days, seed, start, end), price_book):
        yield compute_event_frame(block, org_id)


def compute_events(
    spec: TrafficSpec,
    n_events: int,
    days: int,
    seed: int,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    price_book: PriceBook | None = None,
    org_id: str = "",
) -> pd.DataFrame:
    """`n_events` events over the `days` before `end` (or after `start`); same arguments, same frame.

    org_id stays empty for the writer to fill unless given (`save_events` wants the org it writes).
    """
    chunks = list(
        iter_event_chunks(spec, n_events, days, seed, start=start, end=end, price_book=price_book, org_id=org_id)
    )
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
