"""FOCUS export: the spec's column rules on the output, totals equal to the events', one org only, and the CLI."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netra_core.config import get_settings
from netra_core.errors import ValidationError
from netra_core.exports.focus import COLUMNS, FOCUS_COLUMNS, fetch_focus_rows, save_focus_file
from netra_core.stores import make_store
from netra_core.workloads.events import EVENT_COLUMNS
from netra_core.workloads.migrations import upgrade_store
from tests.conftest import run_netra
from tests.test_analytics import END, make_traffic

# The columns FOCUS 1.2 requires in every row (mandatory, not nullable) and its allowed values.
NOT_NULL = (
    "BilledCost",
    "BillingAccountId",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "ContractedCost",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "ProviderName",
    "PublisherName",
    "ServiceCategory",
    "ServiceName",
)
ALLOWED: dict[str, set[str | None]] = {
    "ChargeCategory": {"Usage", "Purchase", "Tax", "Credit", "Adjustment"},
    "ChargeClass": {None, "Correction"},
    "ChargeFrequency": {"One-Time", "Recurring", "Usage-Based"},
    "PricingCategory": {"Standard", "Dynamic", "Committed", "Other"},
    "ServiceCategory": {
        "AI and Machine Learning",
        "Analytics",
        "Business Applications",
        "Compute",
        "Databases",
        "Developer Tools",
        "Multicloud",
        "Identity",
        "Integration",
        "Internet of Things",
        "Management and Governance",
        "Media",
        "Migration",
        "Mobile",
        "Networking",
        "Security",
        "Storage",
        "Web",
        "Other",
    },
}
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
UNIT = re.compile(r"^(\d+ )?[A-Z][A-Za-z]*( [A-Za-z]+)*$")  # FOCUS unit format: "Tokens", "1000000 Tokens"


def stored(org: str, n: int, seed: int) -> pd.DataFrame:
    frame = make_traffic(org, n, seed=seed, days=10)
    rng = np.random.default_rng(seed)
    frame["cost_source"] = rng.choice(["billed", "reported", "netra", "unpriced"], n)
    frame.loc[frame["cost_source"] == "unpriced", "cost_usd"] = 0.0
    frame["usage_known"] = np.where(frame["status"] == "ok", 1, 0).astype("uint8")
    frame["cached_tokens"] = (frame["prompt_tokens"] // 4).astype("uint32")
    frame["cache_write_tokens"] = (frame["prompt_tokens"] // 10).astype("uint32")
    frame["audio_prompt_tokens"] = (frame["prompt_tokens"] // 8).astype("uint32")
    frame["cached_audio_tokens"] = (frame["cached_tokens"] // 8).astype("uint32")
    frame["audio_completion_tokens"] = (frame["completion_tokens"] // 5).astype("uint32")
    frame["image_prompt_tokens"] = (frame["prompt_tokens"] // 6).astype("uint32")
    frame["cached_image_tokens"] = (frame["cached_tokens"] // 6).astype("uint32")
    frame["image_completion_tokens"] = (frame["completion_tokens"] // 3).astype("uint32")
    frame = frame.assign(org_id=org, ts=pd.to_datetime(frame["ts"], utc=True), version=int(time.time() * 1000))
    for column, default in EVENT_COLUMNS.items():
        if column not in frame:
            frame[column] = default
    audio = ["audio_prompt_tokens", "cached_audio_tokens", "audio_completion_tokens"]
    image = ["image_prompt_tokens", "cached_image_tokens", "image_completion_tokens"]
    return frame[[*EVENT_COLUMNS, "usage_known", "cache_write_tokens", *audio, *image]]


@pytest.fixture
def events() -> pd.DataFrame:
    acme, globex = stored("acme", 3000, 1), stored("globex", 500, 2)
    with make_store(get_settings()).session() as client:
        upgrade_store(client)
        client.insert_df("workload_events", acme)
        client.insert_df("workload_events", globex)
    return acme


def export(first: date, last: date) -> pd.DataFrame:
    with make_store(get_settings()).session() as client:
        return fetch_focus_rows(client, "acme", "Acme", first, last)


def test_rows_follow_focus_column_rules(events: pd.DataFrame) -> None:
    rows = export(date(2026, 11, 5), date(2026, 11, 14))
    assert list(rows.columns) == list(COLUMNS) and len(rows) > 0
    assert all(c.startswith("x_") for c in COLUMNS if c not in FOCUS_COLUMNS)
    for column in NOT_NULL:
        assert rows[column].notna().all(), column
    for column, allowed in ALLOWED.items():
        assert set(rows[column].where(rows[column].notna(), None)) <= allowed, column
    for column in ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"):
        assert rows[column].str.match(ISO_UTC).all(), column
    assert (rows["ChargePeriodStart"] < rows["ChargePeriodEnd"]).all()
    assert (
        (rows["BillingPeriodStart"] <= rows["ChargePeriodStart"])
        & (rows["ChargePeriodEnd"] <= rows["BillingPeriodEnd"])
    ).all()
    assert set(rows["BillingCurrency"]) == {"USD"}
    assert rows["ConsumedUnit"].str.match(UNIT).all() and rows["PricingUnit"].str.match(UNIT).all()
    priced = rows[rows["PricingQuantity"] > 0]
    assert np.allclose(priced["ListUnitPrice"] * priced["PricingQuantity"], priced["ListCost"])
    assert np.allclose(priced["ContractedUnitPrice"] * priced["PricingQuantity"], priced["ContractedCost"])
    assert all(isinstance(json.loads(t), dict) for t in rows["Tags"])
    assert set(rows["BillingAccountId"]) == {"acme"}


def test_totals_are_the_events_and_unknown_usage_is_not_zero_tokens(events: pd.DataFrame) -> None:
    first, last = date(2026, 11, 5), date(2026, 11, 14)
    rows = export(first, last)
    inside = events[(events["ts"] >= pd.Timestamp(first, tz="UTC")) & (events["ts"] < pd.Timestamp(END))]
    known = inside[inside["usage_known"] == 1]
    assert rows["BilledCost"].sum() == pytest.approx(inside["cost_usd"].sum())
    assert rows["x_Requests"].sum() == len(inside)
    assert rows["x_UsageUnknownRequests"].sum() == int((inside["usage_known"] == 0).sum()) > 0
    assert rows["ConsumedQuantity"].sum() == known["prompt_tokens"].sum() + known["completion_tokens"].sum()
    assert rows["x_CacheWriteTokens"].sum() == known["cache_write_tokens"].sum()
    assert rows["x_AudioInputTokens"].sum() == known["audio_prompt_tokens"].sum() > 0
    assert rows["x_CachedAudioInputTokens"].sum() == known["cached_audio_tokens"].sum() > 0
    assert rows["x_AudioOutputTokens"].sum() == known["audio_completion_tokens"].sum() > 0
    assert rows["x_ImageInputTokens"].sum() == known["image_prompt_tokens"].sum() > 0
    assert rows["x_CachedImageInputTokens"].sum() == known["cached_image_tokens"].sum() > 0
    assert rows["x_ImageOutputTokens"].sum() == known["image_completion_tokens"].sum() > 0
    reported = inside[inside["cost_source"].isin(["billed", "reported"])]["cost_usd"].sum()
    assert rows["x_ProviderReportedCost"].sum() == pytest.approx(reported)
    assert rows["x_NetraPricedCost"].sum() == pytest.approx(inside[inside["cost_source"] == "netra"]["cost_usd"].sum())
    assert rows["x_UnpricedRequests"].sum() == int((inside["cost_source"] == "unpriced").sum())
    one_day = export(date(2026, 11, 10), date(2026, 11, 10))
    assert set(one_day["ChargePeriodStart"]) == {"2026-11-10T00:00:00Z"}
    assert set(one_day["BillingPeriodStart"]) == {"2026-11-01T00:00:00Z"} and set(one_day["BillingPeriodEnd"]) == {
        "2026-12-01T00:00:00Z"
    }


def test_bad_input_is_refused_and_nothing_half_written(events: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="--to 2026-11-01 is before --from 2026-11-05"):
        export(date(2026, 11, 5), date(2026, 11, 1))
    with pytest.raises(ValidationError, match=r"out\.xlsx: the FOCUS export is written as \.csv or \.parquet"):
        save_focus_file(export(date(2026, 11, 5), date(2026, 11, 6)), tmp_path / "out.xlsx")
    assert not list(tmp_path.glob("out.xlsx*"))


def test_the_cli_writes_csv_and_parquet(events: pd.DataFrame, tmp_path: Path) -> None:
    for name in ("focus.csv", "focus.parquet"):
        out = tmp_path / name
        done = run_netra(
            "export", "focus", "--org", "acme", "--from", "2026-11-05", "--to", "2026-11-14", "--out", str(out)
        )
        assert done.returncode == 0, done.stderr
        frame = pd.read_csv(out) if name.endswith(".csv") else pd.read_parquet(out)
        assert list(frame.columns) == list(COLUMNS)
        assert frame["BilledCost"].sum() == pytest.approx(
            export(date(2026, 11, 5), date(2026, 11, 14))["BilledCost"].sum()
        )
        assert f"{len(frame):,} FOCUS 1.2 rows for org acme" in done.stdout
    unknown = run_netra("export", "focus", "--org", "nobody", "--out", str(tmp_path / "x.csv"))
    assert unknown.returncode != 0 and "nobody" in unknown.stderr and not (tmp_path / "x.csv").exists()
