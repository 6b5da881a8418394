"""Bills as the consoles download them (#13): OpenAI's usage-dashboard cost CSV (several projects a day, line items
per token type, a line item that is no model), and generic CSVs under the header variants a console plausibly
writes, with the provider read from the model's name. Files made here, expectations computed by hand."""

from __future__ import annotations

import csv
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from netra_core.config import get_settings
from netra_core.errors import ValidationError
from netra_core.exports.generic_bill import compute_provider_from_model
from netra_core.exports.reconcile import read_invoice, reconcile
from netra_core.stores import make_store
from netra_core.workloads.events import EVENT_COLUMNS
from netra_core.workloads.migrations import upgrade_store

ORG = "initech"
OPENAI_COLUMNS = [
    "start_time",
    "end_time",
    "amount_value",
    "amount_currency",
    "line_item",
    "project_id",
    "organization_id",
    "project_name",
    "organization_name",
]
PROJECTS = {"proj_web": "Web app", "proj_bot": "Support bot"}
# (day, line item, project, dollars), as the dashboard's export (cost, grouped by line item, 1-day buckets) has them.
OPENAI_LINES = [
    ("2026-11-01", "gpt-4o-2024-08-06, input", "proj_web", "4.0"),
    ("2026-11-01", "gpt-4o-2024-08-06, output", "proj_web", "6.0"),
    ("2026-11-01", "gpt-4o-2024-08-06, cached input", "proj_web", "0.25"),
    ("2026-11-01", "gpt-4o-2024-08-06, input", "proj_bot", "1.5"),
    ("2026-11-01", "gpt-4o-2024-08-06, output", "proj_bot", "2.25"),
    ("2026-11-01", "gpt-4o-mini-2024-07-18, input", "proj_web", "0.3"),
    ("2026-11-01", "gpt-4o-mini-2024-07-18, output", "proj_bot", "0.6"),
    ("2026-11-01", "gpt-4o-mini-2024-07-18, cached input", "proj_bot", "0.05"),
    ("2026-11-01", "web search tool calls", "proj_web", "0.75"),
    ("2026-11-02", "gpt-4o-2024-08-06, input", "proj_web", "2.0"),
    ("2026-11-02", "gpt-4o-2024-08-06, output", "proj_web", "3.0"),
]


def unix(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())


def openai_console_csv(path: Path, lines: list[tuple[str, str, str, str]], currency: str = "usd") -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(OPENAI_COLUMNS)
        for day, line_item, project, amount in lines:
            start = unix(day)
            writer.writerow(
                [
                    start,
                    start + 86_400,
                    amount,
                    currency,
                    line_item,
                    project,
                    "org-8Fq2",
                    PROJECTS[project],
                    "Initech, Inc.",
                ]
            )
    return path


def insert_events(rows: list[tuple[str, str, str, float, str]]) -> None:
    """(day, provider, model, cost, cost_source) events of ORG, one each."""
    frame = pd.DataFrame(
        [
            {
                "event_id": f"{ORG}-{i}",
                "ts": pd.Timestamp(f"{day} 09:30", tz="UTC"),
                "org_id": ORG,
                "provider": provider,
                "model": model,
                "cost_usd": cost,
                "cost_source": source,
            }
            for i, (day, provider, model, cost, source) in enumerate(rows)
        ]
    ).assign(version=int(time.time() * 1000))
    frame["metadata"] = [{} for _ in range(len(frame))]
    for column, default in EVENT_COLUMNS.items():
        if column not in frame:
            frame[column] = default
    with make_store(get_settings()).session() as client:
        upgrade_store(client)
        client.insert_df("workload_events", frame[[*EVENT_COLUMNS, "version"]])


def test_openai_console_csv_sums_projects_and_line_items_per_day_and_model(tmp_path: Path) -> None:
    bill = read_invoice(openai_console_csv(tmp_path / "cost.csv", OPENAI_LINES))
    got = {(str(r.day), r.model): r.invoice_usd for r in bill.itertuples(index=False)}
    assert got == pytest.approx(
        {
            # 4 + 6 + 0.25 (web app) + 1.5 + 2.25 (support bot)
            ("2026-11-01", "gpt-4o-2024-08-06"): 14.0,
            # 0.3 + 0.6 + 0.05
            ("2026-11-01", "gpt-4o-mini-2024-07-18"): 0.95,
            ("2026-11-01", "web search tool calls"): 0.75,
            ("2026-11-02", "gpt-4o-2024-08-06"): 5.0,
        }
    )
    assert set(bill["provider"]) == {"openai"}

    insert_events(
        [
            ("2026-11-01", "openai", "gpt-4o", 9.0, "reported"),
            ("2026-11-01", "openai", "gpt-4o", 5.0, "reported"),  # 14.00 in all: matches
            ("2026-11-01", "openai", "gpt-4o-mini", 0.80, "netra"),  # billed 0.95: Netra priced lower
            ("2026-11-02", "openai", "gpt-4o-2024-08-06", 5.05, "reported"),  # 1 % over: matches
        ]
    )
    with make_store(get_settings()).session() as client:
        result = reconcile(client, ORG, bill)
    rows = {(str(r.day), r.model): r for r in result.rows.itertuples(index=False)}
    assert result.invoice_usd == pytest.approx(20.70)
    assert result.netra_usd == pytest.approx(19.85)
    assert result.coverage == pytest.approx((14.0 + 0.80 + 5.0) / 20.70)  # each row capped at its bill
    assert rows[("2026-11-01", "gpt-4o-2024-08-06")].cause == "matches"
    assert rows[("2026-11-01", "gpt-4o-mini-2024-07-18")].cause.startswith("Netra's price is lower")
    assert rows[("2026-11-01", "gpt-4o-mini-2024-07-18")].difference_usd == pytest.approx(-0.15)
    assert rows[("2026-11-01", "web search tool calls")].cause.startswith("untracked traffic")
    assert rows[("2026-11-02", "gpt-4o-2024-08-06")].cause == "matches"


def test_openai_console_csv_refuses_an_empty_amount_another_currency_or_a_bad_time(tmp_path: Path) -> None:
    path = tmp_path / "cost.csv"
    lines = list(OPENAI_LINES[:4])
    lines[2] = ("2026-11-01", "gpt-4o-2024-08-06, cached input", "proj_web", "")
    with pytest.raises(ValidationError, match=re.escape("cost.csv line 4: amount_value: empty")):
        read_invoice(openai_console_csv(path, lines))
    lines[2] = ("2026-11-01", "gpt-4o-2024-08-06, cached input", "proj_web", "n/a")
    with pytest.raises(ValidationError, match=re.escape("cost.csv line 4: amount_value n/a: not a number")):
        read_invoice(openai_console_csv(path, lines))
    with pytest.raises(
        ValidationError, match=re.escape("cost.csv line 2: amount_currency eur: only USD bills are reconciled")
    ):
        read_invoice(openai_console_csv(path, OPENAI_LINES[:2], currency="EUR"))
    openai_console_csv(path, OPENAI_LINES[:2])
    text = path.read_text().splitlines()
    text[2] = "yesterday" + text[2][text[2].index(",") :]
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(ValidationError, match=re.escape("cost.csv line 3: start_time yesterday: not a time")):
        read_invoice(path)


HEADER_VARIANTS = [
    ("Date", "Model", "Cost"),
    ("usage_date", "Model Name", "Cost (USD)"),
    (" DATE ", "model", "cost_usd"),
    ("Usage Date", "MODEL_ID", "Cost USD"),
]


@pytest.mark.parametrize(("date_header", "model_header", "cost_header"), HEADER_VARIANTS)
def test_a_generic_bill_under_console_headers_and_no_provider_column(
    tmp_path: Path, date_header: str, model_header: str, cost_header: str
) -> None:
    path = tmp_path / "console.csv"
    path.write_text(
        f"{date_header},{model_header},{cost_header}\n"
        "2026-11-01,claude-3-5-haiku-20241022,5.00\n"
        "2026-11-01,claude-3-5-haiku-20241022,$1.50\n"
        "2026-11-01,gpt-4o,2.00\n"
        "2026-11-01,o3-mini,0.40\n"
        "2026-11-02,o1,3.00\n"
        "2026-11-02,gemini-2.0-flash,0.10\n"
    )
    bill = read_invoice(path)
    got = {(str(r.day), r.provider, r.model): r.invoice_usd for r in bill.itertuples(index=False)}
    assert got == pytest.approx(
        {
            ("2026-11-01", "anthropic", "claude-3-5-haiku-20241022"): 6.50,
            ("2026-11-01", "openai", "gpt-4o"): 2.00,
            ("2026-11-01", "openai", "o3-mini"): 0.40,
            ("2026-11-02", "openai", "o1"): 3.00,
            ("2026-11-02", "google", "gemini-2.0-flash"): 0.10,
        }
    )


def test_a_console_bill_without_a_provider_column_reconciles_by_the_inferred_provider(tmp_path: Path) -> None:
    insert_events(
        [
            ("2026-11-01", "anthropic", "claude-3-5-haiku", 6.50, "netra"),
            ("2026-11-01", "openai", "gpt-4o", 1.00, "reported"),
        ]
    )
    path = tmp_path / "console.csv"
    path.write_text("Date,Model,Cost (USD)\n2026-11-01,claude-3-5-haiku-20241022,6.50\n2026-11-01,gpt-4o,2.00\n")
    with make_store(get_settings()).session() as client:
        result = reconcile(client, ORG, read_invoice(path))
    causes = {(r.provider, r.model): r.cause for r in result.rows.itertuples(index=False)}
    assert causes[("anthropic", "claude-3-5-haiku-20241022")] == "matches"
    assert causes[("openai", "gpt-4o")] == "part of the traffic is untracked"
    assert result.coverage == pytest.approx((6.50 + 1.00) / 8.50)


def test_the_provider_comes_from_the_model_name_or_a_provider_column() -> None:
    assert compute_provider_from_model("claude-sonnet-4-5") == "anthropic"
    assert compute_provider_from_model("GPT-4.1-mini") == "openai"
    assert compute_provider_from_model("o4-mini") == "openai" == compute_provider_from_model("o1")
    assert compute_provider_from_model("models/gemini-2.5-pro") == "google"
    for other in ("mistral-large-latest", "o10", "gpt4all", "claudette", "llama-3.1-70b"):
        assert compute_provider_from_model(other) is None, other


def test_a_cost_in_another_currency_beside_the_dollars_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "console.csv"
    path.write_text("Date,Model,Cost (EUR),Cost (USD)\n2026-11-01,gpt-4o,0.92,1.00\n")
    assert read_invoice(path)["invoice_usd"].tolist() == pytest.approx([1.00])


def test_a_generic_bill_whose_provider_cannot_be_told_is_refused_asking_for_the_column(tmp_path: Path) -> None:
    path = tmp_path / "console.csv"
    path.write_text("Date,Model,Cost\n2026-11-01,gpt-4o,1\n2026-11-01,mistral-large-latest,2\n")
    with pytest.raises(
        ValidationError,
        match=re.escape(
            "console.csv line 3: Model mistral-large-latest: the provider is not in the model's name; add a"
        ),
    ):
        read_invoice(path)
    # With the column, a blank cell is read from the name, a given one is kept.
    path.write_text("Date,Provider,Model,Cost\n2026-11-01,,gpt-4o,1\n2026-11-01,Mistral,mistral-large-latest,2\n")
    assert sorted(zip(read_invoice(path)["provider"], read_invoice(path)["model"], strict=True)) == [
        ("mistral", "mistral-large-latest"),
        ("openai", "gpt-4o"),
    ]


@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        (
            "Date,usage_date,Model,Cost",
            "2026-11-01,2026-11-01,gpt-4o,1",
            "line 1: Date,usage_date: ambiguous: 2 columns",
        ),
        ("Date,Model,Cost,cost_usd", "2026-11-01,gpt-4o,1,1", "line 1: Cost,cost_usd: ambiguous: 2 columns could be"),
        ("Date,Model,Cost (cents)", "2026-11-01,gpt-4o,100", "line 1: Cost (cents): a cost in another unit"),
        ("Date,Model,Cost (EUR)", "2026-11-01,gpt-4o,1", "line 1: Cost (EUR): a cost in another unit or currency"),
        ("Date,Model,Cost,Currency", "2026-11-01,gpt-4o,1,EUR", "line 2: Currency EUR: only USD bills are reconciled"),
        ("Date,Model,Amount", "2026-11-01,gpt-4o,1", "line 1: cost: missing column(s)"),
        ("When,Model,Cost", "2026-11-01,gpt-4o,1", "line 1: date: missing column(s)"),
        ("Date,Model,Cost", "2026-11-01,gpt-4o,", "line 2: Cost: empty"),
        ("Date,Model,Cost", "11/01/2026,gpt-4o,1", "line 2: Date 11/01/2026: not a date (YYYY-MM-DD)"),
    ],
)
def test_ambiguous_or_unclear_generic_bills_are_refused(tmp_path: Path, header: str, row: str, message: str) -> None:
    path = tmp_path / "console.csv"
    path.write_text(f"{header}\n{row}\n")
    with pytest.raises(ValidationError, match=re.escape(f"console.csv {message}")):
        read_invoice(path)


def test_the_bill_and_the_events_name_a_provider_alike_whatever_their_spelling(tmp_path: Path) -> None:
    # Events as their sources wrote the provider: OpenTelemetry's `gcp.gemini`, a user's CSV's `OpenAI`.
    insert_events(
        [
            ("2026-11-01", "gcp.gemini", "gemini-2.0-flash", 0.10, "netra"),
            ("2026-11-01", "google_genai", "gemini-2.0-flash", 0.05, "netra"),
            ("2026-11-01", "OpenAI", "gpt-4o", 2.00, "reported"),
            ("2026-11-01", "azure_openai", "gpt-4o", 9.00, "reported"),  # Azure's bill, not OpenAI's
        ]
    )
    path = tmp_path / "console.csv"
    path.write_text("Date,Model,Cost\n2026-11-01,gemini-2.0-flash,0.15\n2026-11-01,gpt-4o,2.00\n")
    with make_store(get_settings()).session() as client:
        result = reconcile(client, ORG, read_invoice(path))
    rows = {(r.provider, r.model): r for r in result.rows.itertuples(index=False)}
    assert set(rows) == {("google", "gemini-2.0-flash"), ("openai", "gpt-4o")}
    assert rows[("google", "gemini-2.0-flash")].netra_usd == pytest.approx(0.15)
    assert rows[("openai", "gpt-4o")].netra_usd == pytest.approx(2.00)
    assert result.coverage == pytest.approx(1.0) and {r.cause for r in rows.values()} == {"matches"}
