"""Reconciling recorded costs with a provider's bill: files in the providers' layouts made here, hand-computed."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from netra_core.config import get_settings
from netra_core.errors import ValidationError
from netra_core.exports.reconcile import model_key, read_invoice, reconcile
from netra_core.stores import make_store
from netra_core.workloads.events import EVENT_COLUMNS
from netra_core.workloads.migrations import upgrade_store
from tests.conftest import run_netra


def event(org: str, i: int, day: str, provider: str, model: str, cost: float, source: str) -> dict[str, object]:
    return {
        "event_id": f"{org}-{i}",
        "ts": pd.Timestamp(f"{day} 12:00", tz="UTC"),
        "org_id": org,
        "provider": provider,
        "model": model,
        "cost_usd": cost,
        "cost_source": source,
    }


@pytest.fixture
def recorded() -> None:
    rows = [
        event("acme", 1, "2026-11-01", "openai", "gpt-4o", 10.0, "reported"),  # billed 10.00: matches
        event("acme", 2, "2026-11-01", "openai", "gpt-4o-mini", 2.0, "netra"),  # billed 3.00: Netra priced lower
        event("acme", 3, "2026-11-02", "openai", "gpt-4o", 5.0, "reported"),  # billed 8.00: part untracked
        event("acme", 4, "2026-11-02", "openai", "o1", 4.0, "netra"),  # not on the bill
        event("acme", 5, "2026-11-02", "anthropic", "claude-3-5-haiku", 7.0, "netra"),  # another provider: left out
        event("globex", 6, "2026-11-01", "openai", "gpt-4o", 99.0, "reported"),  # another org
    ]
    frame = pd.DataFrame(rows).assign(version=int(time.time() * 1000))
    frame["metadata"] = [{} for _ in range(len(frame))]
    for column, default in EVENT_COLUMNS.items():
        if column not in frame:
            frame[column] = default
    with make_store(get_settings()).session() as client:
        upgrade_store(client)
        client.insert_df("workload_events", frame[[*EVENT_COLUMNS, "version"]])


def openai_pages(path: Path) -> Path:
    def bucket(day: str, items: list[tuple[str, float]]) -> dict[str, object]:
        start = int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())
        return {
            "object": "bucket",
            "start_time": start,
            "end_time": start + 86400,
            "results": [
                {
                    "object": "organization.costs.result",
                    "amount": {"value": v, "currency": "usd"},
                    "line_item": li,
                    "project_id": None,
                }
                for li, v in items
            ],
        }

    doc = {
        "object": "page",
        "has_more": False,
        "next_page": None,
        "data": [
            bucket(
                "2026-11-01",
                [("gpt-4o-2024-08-06, input", 6.0), ("gpt-4o-2024-08-06, output", 4.0), ("gpt-4o-mini, input", 3.0)],
            ),
            bucket("2026-11-02", [("gpt-4o-2024-08-06, input", 8.0), ("whisper-1", 1.5)]),
        ],
    }
    path.write_text(json.dumps(doc))
    return path


def test_openai_costs_against_the_events(recorded: None, tmp_path: Path) -> None:
    bill = read_invoice(openai_pages(tmp_path / "costs.json"))
    with make_store(get_settings()).session() as client:
        result = reconcile(client, "acme", bill)
    rows = {(str(r.day), r.model): r for r in result.rows.itertuples(index=False)}
    assert result.invoice_usd == pytest.approx(10.0 + 3.0 + 8.0 + 1.5)
    assert result.netra_usd == pytest.approx(10.0 + 2.0 + 5.0 + 4.0)  # anthropic and globex left out
    assert result.coverage == pytest.approx((10.0 + 2.0 + 5.0) / 22.5)  # seen, capped at what was billed
    assert rows[("2026-11-01", "gpt-4o-2024-08-06")].cause == "matches"
    assert rows[("2026-11-01", "gpt-4o-mini")].cause.startswith("Netra's price is lower")
    assert rows[("2026-11-02", "gpt-4o-2024-08-06")].cause == "part of the traffic is untracked"
    assert rows[("2026-11-02", "whisper-1")].cause.startswith("untracked traffic")
    assert rows[("2026-11-02", "o1")].cause.startswith("not on this bill")
    assert rows[("2026-11-02", "gpt-4o-2024-08-06")].difference_usd == pytest.approx(-3.0)


def test_a_generic_bill_and_the_cli(recorded: None, tmp_path: Path) -> None:
    bill = tmp_path / "bill.csv"
    bill.write_text("date,provider,model,cost\n2026-11-01,OpenAI,gpt-4o,10.00\n2026-11-02,openai,gpt-4o,5.10\n")
    done = run_netra("reconcile", "--org", "acme", "--invoice", str(bill), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["invoice_usd"] == pytest.approx(15.10) and payload["coverage"] == pytest.approx(15.0 / 15.10)
    causes = {(r["day"], r["model"]): r["cause"] for r in payload["rows"]}
    assert causes[("2026-11-02", "gpt-4o")] == "matches"  # within 2 %
    assert causes[("2026-11-01", "gpt-4o-mini")].startswith("not on this bill")
    text = run_netra("reconcile", "--org", "acme", "--invoice", str(bill))
    assert "Netra saw 99.3% of the bill" in text.stdout


def test_bad_bills_are_refused_naming_the_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,provider,model,cost\n2026-11-01,openai,gpt-4o,ten\n")
    with pytest.raises(ValidationError, match=re.escape("bad.csv line 2: cost ten: not a number")):
        read_invoice(bad)
    bad.write_text("date,provider,model,cost\nyesterday,openai,gpt-4o,1\n")
    with pytest.raises(ValidationError, match=re.escape("bad.csv line 2: date yesterday: not a date")):
        read_invoice(bad)
    bad.write_text("when,model,cost\n2026-11-01,gpt-4o,1\n")  # `day` is a date column; the provider, gpt's
    with pytest.raises(ValidationError, match=re.escape("bad.csv line 1: date: missing column")):
        read_invoice(bad)
    euros = tmp_path / "eur.json"
    euros.write_text(
        json.dumps(
            {
                "data": [
                    {
                        "start_time": 1761955200,
                        "results": [{"amount": {"value": 1.0, "currency": "eur"}, "line_item": "gpt-4o"}],
                    }
                ]
            }
        )
    )
    with pytest.raises(
        ValidationError, match=re.escape("eur.json: data[0].amount.currency eur: only USD bills are reconciled")
    ):
        read_invoice(euros)


def test_model_names_match_across_snapshots() -> None:
    assert model_key("gpt-4o-2024-08-06") == "gpt-4o" == model_key("GPT-4o")
    assert model_key("claude-3-5-sonnet-20241022") == "claude-3-5-sonnet"
    assert model_key("o1") == "o1" and date(2026, 11, 1).year == 2026


def anthropic_report(path: Path) -> Path:
    """Anthropic's cost report as its Admin API returns it (grouped by description): amounts in cents."""

    def result(cents: str, model: str | None, token_type: str | None, cost_type: str = "tokens") -> dict[str, object]:
        return {
            "amount": cents,
            "currency": "USD",
            "model": model,
            "cost_type": cost_type,
            "token_type": token_type,
            "service_tier": "standard" if model else None,
            "context_window": "0-200k" if model else None,
            "description": None,
            "workspace_id": None,
        }

    doc = {
        "has_more": False,
        "next_page": None,
        "data": [
            {
                "starting_at": "2026-11-02T00:00:00Z",
                "ending_at": "2026-11-03T00:00:00Z",
                "results": [
                    result("500.00", "claude-3-5-haiku-20241022", "uncached_input_tokens"),
                    result("150.00", "claude-3-5-haiku-20241022", "output_tokens"),
                    result("50.00", "claude-3-5-haiku-20241022", "cache_creation.ephemeral_5m_input_tokens"),
                    result("30.00", None, None, "web_search"),
                ],
            }
        ],
    }
    path.write_text(json.dumps(doc))
    return path


def test_anthropic_cost_report_json_and_csv(recorded: None, tmp_path: Path) -> None:
    bill = read_invoice(anthropic_report(tmp_path / "anthropic.json"))
    with make_store(get_settings()).session() as client:
        result = reconcile(client, "acme", bill)
    rows = {(str(r.day), r.model): r for r in result.rows.itertuples(index=False)}
    # $5.00 + $1.50 + $0.50 of haiku tokens against $7.00 recorded; $0.30 of web search Netra cannot see.
    assert result.invoice_usd == pytest.approx(7.30) and result.netra_usd == pytest.approx(7.0)
    assert rows[("2026-11-02", "claude-3-5-haiku-20241022")].cause == "matches"
    assert rows[("2026-11-02", "web_search")].cause.startswith("untracked traffic")
    assert result.coverage == pytest.approx(7.0 / 7.30)
    flat = tmp_path / "anthropic.csv"
    flat.write_text(
        "starting_at,ending_at,amount,currency,model,cost_type,token_type\n"
        "2026-11-02T00:00:00Z,2026-11-03T00:00:00Z,500.00,USD,claude-3-5-haiku-20241022,tokens,uncached_input_tokens\n"
        "2026-11-02T00:00:00Z,2026-11-03T00:00:00Z,200.00,USD,claude-3-5-haiku-20241022,tokens,output_tokens\n"
    )
    assert read_invoice(flat)["invoice_usd"].tolist() == pytest.approx([7.0])
    flat.write_text("starting_at,amount,currency,model\n2026-11-02T00:00:00Z,five,USD,claude-3-5-haiku\n")
    with pytest.raises(ValidationError, match=re.escape("anthropic.csv line 2: amount five: not a decimal amount")):
        read_invoice(flat)
