"""The Overview's top-workloads figure, now read through the semantic layer, shows the same numbers as the
breakdown query it replaced (fetch_top), on the raw events and on the roll-ups, with and without filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest

from netra_core.analytics.breakdowns import fetch_top
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.overview import fetch_overview, fetch_top_workloads
from netra_core.analytics.sources import RollupChoice
from netra_core.workloads.events import save_events
from netra_core.workloads.store import WorkloadStore
from tests.test_analytics import END, make_traffic

WINDOWS = [
    {"days": 7, "now": END},
    {"days": 6.3, "now": END - timedelta(minutes=37)},
    {"days": 10, "now": END - timedelta(hours=5, minutes=11), "models": ("gpt-4o-mini",)},
    {"days": 9, "now": END, "providers": ("anthropic",)},
]


@pytest.fixture
def loaded(store: WorkloadStore) -> WorkloadStore:
    with store.session() as client:
        save_events(client, "acme", make_traffic("acme", 4000, seed=21))
        save_events(client, "globex", make_traffic("globex", 1500, seed=22))
    return store


def _same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    assert list(new.columns) == ["workload", "spend_usd", "requests", "share"]
    assert new["workload"].tolist() == old["workload"].tolist()
    assert new["requests"].astype(int).tolist() == old["requests"].astype(int).tolist()
    np.testing.assert_allclose(new["spend_usd"].astype(float), old["spend_usd"].astype(float), rtol=1e-9)
    np.testing.assert_allclose(new["share"].astype(float), old["share"].astype(float), rtol=1e-9)


@pytest.mark.parametrize("w", WINDOWS)
@pytest.mark.parametrize("rollup", [RollupChoice.RAW, RollupChoice.ROLLUPS])
def test_top_workloads_equal_the_breakdown_it_replaced(
    loaded: WorkloadStore, w: dict[str, Any], rollup: RollupChoice
) -> None:
    dims = {k: v for k, v in w.items() if k not in {"days", "now"}}
    f = EventFilter.last_days("acme", w["days"], now=w["now"], **dims)
    with loaded.session() as client:
        old = fetch_top(client, f, by="workload", rollup=rollup)
        new = fetch_top_workloads(client, f, rollup=rollup)
    assert len(old) > 0
    _same(new, old)


def test_the_overview_figure_is_the_semantic_one_and_stays_in_the_org(loaded: WorkloadStore) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    g = EventFilter.last_days("globex", 14, now=END)
    with loaded.session() as client:
        acme, globex = fetch_overview(client, f), fetch_overview(client, g)
        _same(acme.top_workloads, fetch_top(client, f, by="workload"))
        _same(globex.top_workloads, fetch_top(client, g, by="workload"))
    assert acme.top_workloads["requests"].sum() == 4000
    assert globex.top_workloads["requests"].sum() == 1500


def test_top_workloads_limit_keeps_the_share_of_the_whole_window(loaded: WorkloadStore) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    with loaded.session() as client:
        top1 = fetch_top_workloads(client, f, limit=1)
        old = fetch_top(client, f, by="workload", limit=1)
    assert len(top1) == 1
    _same(top1, old)
    assert top1["share"].iloc[0] < 1
