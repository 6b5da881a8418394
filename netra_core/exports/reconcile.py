"""Reconcile an org's recorded costs with a provider's bill, per UTC day and model.

Reads a cost export, compares it with what Netra recorded, and reports the coverage (the share of the bill Netra
saw) and each difference with its likely cause. Layouts:
- a generic `date,provider,model,cost` CSV, under the headers a console download plausibly has (generic_bill.py);
- OpenAI's organization costs as its API returns them: JSON pages of daily buckets (`start_time`) whose results
  carry `amount.value` (dollars) and a `line_item` such as "gpt-4o-2024-08-06, input"; or the usage dashboard's
  CSV export of the same (`start_time,end_time,amount_value,amount_currency,line_item,project_id,...`, one line
  per day, line item and project: the projects' and line items' amounts of a day and model are summed). An empty
  amount or a currency other than USD is refused naming the line and the field;
- Anthropic's cost report as its Admin API returns it: JSON pages of daily buckets (`starting_at`, RFC 3339)
  whose results carry `amount` as a decimal string in cents ("123.45" is $1.23), `currency`, and, grouped by
  description, `model`, `cost_type`, `token_type`, `service_tier`; or the same flattened to CSV (`starting_at`,
  `amount`, `model`, ...). Costs that are not a model's tokens (web search, code execution) are their own rows,
  named by `cost_type`, which Netra does not record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.catalog.providers import PROVIDER_ALIASES, compute_provider_key
from netra_core.errors import ValidationError
from netra_core.exports.generic_bill import bill_error as _reject
from netra_core.exports.generic_bill import read_generic_bill
from netra_core.workloads.store import query_df

MATCH_TOLERANCE = 0.02  # a day and model within 2 % of the bill matches
_DATED = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{8})$")
_SQL = """
    SELECT toDate(ts) AS day, provider, model, sum(cost_usd) AS netra_usd,
           sumIf(cost_usd, cost_source = 'netra') AS priced_usd, count() AS requests
    FROM workload_events FINAL
    WHERE org_id = {org:String} AND ts >= {start:DateTime64(3, 'UTC')} AND ts < {end:DateTime64(3, 'UTC')}
    GROUP BY day, provider, model
"""


def provider_id(name: str) -> str:
    """The provider as both sides can name it, the catalog's id: 'OpenAI' -> openai, 'gcp.gemini' -> google."""
    key = compute_provider_key(name)
    return PROVIDER_ALIASES.get(key) or key


def model_key(model: str) -> str:
    """The model as both sides can name it: lowercased, without a dated snapshot suffix (gpt-4o-2024-08-06 -> gpt-4o)."""
    return _DATED.sub("", model.strip().lower())


def _openai_rows(path: Path, buckets: list[dict[str, object]], lines: list[int] | None = None) -> pd.DataFrame:
    """OpenAI's cost buckets as bill rows; `lines` are the CSV line of each bucket (None for JSON)."""
    rows = []
    for b, bucket in enumerate(buckets):
        line, where = (lines[b], "") if lines else (None, f"data[{b}].")
        raw_start = bucket.get("start_time")
        try:
            day = datetime.fromtimestamp(int(float(str(raw_start))), UTC).date()
        except (ValueError, OverflowError):
            raise _reject(path, line, f"{where}start_time", raw_start, "not a time (Unix seconds)") from None
        for result in bucket.get("results") or bucket.get("result") or []:  # type: ignore[attr-defined]
            amount = result.get("amount") or {}
            field = "amount_" if lines else f"{where}amount."
            currency = str(amount.get("currency") or "usd").strip().lower()
            if currency != "usd":
                raise _reject(path, line, f"{field}currency", currency, "only USD bills are reconciled")
            raw = amount.get("value")
            if raw is None or not str(raw).strip():
                raise _reject(path, line, f"{field}value", "", "empty; every line item needs its amount in dollars")
            try:
                dollars = float(str(raw))
            except ValueError:
                raise _reject(path, line, f"{field}value", raw, "not a number (dollars)") from None
            line_item = result.get("line_item") or "unattributed"
            rows.append(
                {
                    "day": day,
                    "provider": "openai",
                    "model": str(line_item).split(",")[0].strip(),
                    "invoice_usd": dollars,
                }
            )
    return pd.DataFrame(rows, columns=["day", "provider", "model", "invoice_usd"])


def _anthropic_rows(path: Path, buckets: list[dict[str, object]], lines: list[int] | None = None) -> pd.DataFrame:
    """Anthropic's cost buckets as bill rows; `lines` are the CSV line of each bucket (None for JSON)."""
    rows = []
    for b, bucket in enumerate(buckets):
        line, where = (lines[b], "") if lines else (None, f"data[{b}].")
        raw_day = str(bucket.get("starting_at") or "")
        try:
            day = datetime.fromisoformat(raw_day.replace("Z", "+00:00")).astimezone(UTC).date()
        except ValueError:
            raise _reject(path, line, f"{where}starting_at", raw_day, "not an RFC 3339 time") from None
        for result in bucket.get("results") or []:  # type: ignore[attr-defined]
            currency = str(result.get("currency") or "USD").lower()
            if currency != "usd":
                raise _reject(path, line, f"{where}currency", currency, "only USD bills are reconciled")
            raw = result.get("amount")
            try:
                dollars = float(str(raw)) / 100.0  # the lowest currency unit: cents
            except ValueError:
                raise _reject(path, line, f"{where}amount", raw, "not a decimal amount (cents)") from None
            model = result.get("model") or result.get("cost_type") or result.get("description") or "unattributed"
            rows.append({"day": day, "provider": "anthropic", "model": str(model).strip(), "invoice_usd": dollars})
    return pd.DataFrame(rows, columns=["day", "provider", "model", "invoice_usd"])


def read_invoice(path: Path) -> pd.DataFrame:
    """The bill as day, provider, model, invoice_usd (summed per day, provider and model); a bad file is refused
    naming the file, the line and the field."""
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _reject(path, exc.lineno, "", "", f"not JSON: {exc.msg}") from None
        pages = doc if isinstance(doc, list) else [doc]
        buckets = [b for page in pages for b in (page.get("data") or [])]
        is_anthropic = any("starting_at" in b for b in buckets)
        bill = _anthropic_rows(path, buckets) if is_anthropic else _openai_rows(path, buckets)
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if {"start_time", "amount_value"} <= set(frame.columns):  # OpenAI's costs, flattened (the console's CSV)
            buckets = [
                {
                    "start_time": r["start_time"],
                    "results": [
                        {
                            "amount": {"value": r["amount_value"], "currency": r.get("amount_currency") or "usd"},
                            "line_item": r.get("line_item") or None,
                        }
                    ],
                }
                for r in frame.to_dict(orient="records")
            ]
            bill = _openai_rows(path, buckets, lines=list(range(2, len(buckets) + 2)))
        elif {"starting_at", "amount"} <= set(frame.columns):  # Anthropic's cost report, flattened
            buckets = [{"starting_at": r["starting_at"], "results": [r]} for r in frame.to_dict(orient="records")]
            bill = _anthropic_rows(path, buckets, lines=list(range(2, len(buckets) + 2)))
        else:
            bill = read_generic_bill(path, frame)
    if bill.empty:
        raise _reject(path, None, "", "", "the bill has no cost rows")
    bill["provider"] = bill["provider"].map(provider_id)
    bill["key"] = bill["model"].map(model_key)
    return bill.groupby(["day", "provider", "key"], as_index=False).agg(
        model=("model", "first"), invoice_usd=("invoice_usd", "sum")
    )


@dataclass(frozen=True)
class Reconciliation:
    """The bill against Netra's records: per day and model, and the totals."""

    rows: pd.DataFrame  # day, provider, model, invoice_usd, netra_usd, difference_usd, difference_pct, cause
    invoice_usd: float
    netra_usd: float
    coverage: float  # the share of the bill Netra saw (per day and model, capped at the bill)

    def summary(self) -> str:
        """One line: coverage and totals."""
        return (
            f"Netra saw {self.coverage:.1%} of the bill: ${self.netra_usd:,.2f} recorded against "
            f"${self.invoice_usd:,.2f} billed ({len(self.rows):,} day-model rows)"
        )


def _cause(row: pd.Series) -> str:
    invoice, netra, priced = row["invoice_usd"], row["netra_usd"], row["priced_usd"]
    if invoice > 0 and netra == 0:
        return "untracked traffic: billed, but no request reached Netra"
    if invoice == 0 and netra > 0:
        return "not on this bill: another account, project or provider"
    if abs(netra - invoice) <= MATCH_TOLERANCE * max(invoice, 1e-9):
        return "matches"
    if netra < invoice:
        if priced >= 0.5 * netra:
            return "Netra's price is lower: a missing price dimension (cache, batch, tier) or a price change"
        return "part of the traffic is untracked"
    if priced >= 0.5 * netra:
        return "Netra's price is higher: a discount or a price change not in the catalog"
    return "recorded more than billed: duplicate events or a credit on the bill"


def reconcile(client: Client, org_id: str, bill: pd.DataFrame) -> Reconciliation:
    """Compare the bill with the org's events over the bill's days and providers (each side's provider named by
    the catalog's id, so events from `gcp.gemini` are on a Google bill and those from `azure_openai` not on OpenAI's)."""
    first, last = min(bill["day"]), max(bill["day"])
    params = {
        "org": org_id,
        "start": datetime.combine(first, time(), UTC),
        "end": datetime.combine(last + timedelta(days=1), time(), UTC),
    }
    recorded = query_df(client, _SQL, params)
    if recorded.empty:
        recorded = pd.DataFrame(columns=["day", "provider", "model", "netra_usd", "priced_usd", "requests"])
    recorded["day"] = pd.to_datetime(recorded["day"]).dt.date
    recorded["provider"] = recorded["provider"].astype(str).map(provider_id)
    bill = bill.assign(provider=bill["provider"].map(provider_id))
    recorded = recorded[recorded["provider"].isin(set(bill["provider"]))].copy()
    recorded["key"] = recorded["model"].astype(str).map(model_key)
    recorded = recorded.groupby(["day", "provider", "key"], as_index=False).agg(
        netra_model=("model", "first"), netra_usd=("netra_usd", "sum"), priced_usd=("priced_usd", "sum")
    )
    rows = bill.merge(recorded, on=["day", "provider", "key"], how="outer")
    rows["model"] = rows["model"].fillna(rows["netra_model"])
    for column in ("invoice_usd", "netra_usd", "priced_usd"):
        rows[column] = rows[column].astype(float).fillna(0.0)
    rows["difference_usd"] = rows["netra_usd"] - rows["invoice_usd"]
    rows["difference_pct"] = rows["difference_usd"] / rows["invoice_usd"].where(rows["invoice_usd"] > 0)
    rows["cause"] = rows.apply(_cause, axis=1)
    rows = rows.sort_values(["day", "provider", "model"]).reset_index(drop=True)
    invoice = float(rows["invoice_usd"].sum())
    seen = float(rows[["invoice_usd", "netra_usd"]].min(axis=1).sum())
    columns = ["day", "provider", "model", "invoice_usd", "netra_usd", "difference_usd", "difference_pct", "cause"]
    return Reconciliation(rows[columns], invoice, float(rows["netra_usd"].sum()), seen / invoice if invoice else 0.0)
