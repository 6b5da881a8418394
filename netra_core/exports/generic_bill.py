"""A generic bill: one cost per day and model, in dollars, under the headers a console download plausibly has.

The columns are found by a small explicit synonym table (case, spaces, underscores and hyphens aside): `Date`,
`usage_date`, `Model`, `Cost`, `Cost (USD)`, `cost_usd`... Nothing is guessed about units: a cost column that names
another unit or currency (`Cost (cents)`, `Cost (EUR)`) is never read (a file with no cost in dollars is refused),
and a row whose `currency` column is not USD is refused.
Without a provider column the provider is read from the model's name where it says it (claude-* is Anthropic's,
gpt-*, o1, o3 and o4 OpenAI's, gemini-* Google's); a name that does not is refused, asking for the column. A file
with two columns for one field (`Date` and `usage_date`) is refused as ambiguous.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from netra_core.errors import ValidationError
from netra_core.workloads.ingest.report import IngestIssue

# field -> the headers read as it, normalised (lowercase, runs of spaces, underscores and hyphens as one space).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "usage date", "usage day", "billing date", "start date"),
    "provider": ("provider", "model provider", "service provider", "vendor"),
    "model": ("model", "model name", "model id"),
    "cost": ("cost", "cost usd", "cost (usd)", "cost in usd", "cost ($)", "amount usd", "amount (usd)", "usd"),
}
_CURRENCY_HEADERS = ("currency", "cost currency", "amount currency")
# A cost column in another unit: refused rather than read as dollars.
_OTHER_UNIT = re.compile(r"^(cost|amount|price|spend)\b.*\b(cents?|eur|gbp|jpy|credits?)\b")
_PROVIDER_BY_MODEL = (
    (re.compile(r"^claude-"), "anthropic"),
    (re.compile(r"^(gpt|chatgpt)-|^o[134]\b"), "openai"),
    (re.compile(r"^gemini-"), "google"),
)


def bill_error(path: Path, line: int | None, field: str, value: object, message: str) -> ValidationError:
    """The bill's problem, naming the file, the line and the field (nothing is compared)."""
    return ValidationError(
        str(IngestIssue(file=path.name, line=line, field=field, value=str(value)[:80], message=message))
    )


def normalise_header(header: str) -> str:
    """A header as the synonym table spells it: `Cost (USD)` -> `cost (usd)`, `usage_date` -> `usage date`."""
    return re.sub(r"[\s_\-]+", " ", str(header)).strip().lower()


def compute_provider_from_model(model: str) -> str | None:
    """The provider a model's own name says (claude-* -> anthropic, gpt-*/o1/o3/o4 -> openai, gemini -> google)."""
    name = model.strip().lower().split("/")[-1]
    for pattern, provider in _PROVIDER_BY_MODEL:
        if pattern.search(name):
            return provider
    return None


def _columns(path: Path, frame: pd.DataFrame) -> dict[str, str]:
    """Each generic field's column in the file; two columns for one field, or only a cost in another unit or
    currency, refused."""
    found: dict[str, list[str]] = {}
    foreign: list[str] = []  # costs in another unit or currency: left alone beside a cost in dollars
    for column in frame.columns:
        header = normalise_header(column)
        for field, synonyms in HEADER_SYNONYMS.items():
            if header in synonyms:
                found.setdefault(field, []).append(str(column))
        if _OTHER_UNIT.search(header):
            foreign.append(str(column))
    for field, columns in found.items():
        if len(columns) > 1:
            raise bill_error(
                path,
                1,
                ",".join(columns),
                "",
                f"ambiguous: {len(columns)} columns could be the {field}; keep one of them",
            )
    if "cost" not in found and foreign:
        raise bill_error(
            path,
            1,
            ",".join(foreign),
            "",
            "a cost in another unit or currency is not read; give the cost in US dollars",
        )
    missing = [f for f in ("date", "model", "cost") if f not in found]
    if missing:
        raise bill_error(
            path, 1, ",".join(missing), "", "missing column(s); a generic bill is date,provider,model,cost"
        )
    return {field: columns[0] for field, columns in found.items()}


def _currency_column(path: Path, frame: pd.DataFrame) -> str | None:
    columns = [str(c) for c in frame.columns if normalise_header(c) in _CURRENCY_HEADERS]
    if len(columns) > 1:
        raise bill_error(path, 1, ",".join(columns), "", "ambiguous: more than one currency column; keep one")
    return columns[0] if columns else None


def _dollars(path: Path, line: int, field: str, raw: str) -> float:
    text = raw.strip()
    if not text:
        raise bill_error(path, line, field, "", "empty; every row needs its cost in US dollars")
    try:
        return float(text.removeprefix("$"))
    except ValueError:
        raise bill_error(path, line, field, raw, "not a number") from None


def read_generic_bill(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """A generic bill (all cells read as text) as day, provider, model, invoice_usd, one row per line."""
    columns = _columns(path, frame)
    currency = _currency_column(path, frame)
    rows = []
    for i, record in enumerate(frame.to_dict(orient="records")):
        line = i + 2
        raw_day = str(record[columns["date"]])
        try:
            day = date.fromisoformat(raw_day.strip()[:10])
        except ValueError:
            raise bill_error(path, line, columns["date"], raw_day, "not a date (YYYY-MM-DD)") from None
        model = str(record[columns["model"]]).strip()
        if not model:
            raise bill_error(path, line, columns["model"], "", "empty; every row needs its model")
        if currency is not None and str(record[currency]).strip().lower() not in ("usd", "$"):
            raise bill_error(path, line, currency, record[currency], "only USD bills are reconciled")
        if "provider" in columns and str(record[columns["provider"]]).strip():
            provider = str(record[columns["provider"]]).strip().lower()
        else:
            inferred = compute_provider_from_model(model)
            if inferred is None:
                field = columns.get("provider", columns["model"])
                raise bill_error(
                    path,
                    line,
                    field,
                    model,
                    "the provider is not in the model's name; add a provider column (openai, anthropic, google...)",
                )
            provider = inferred
        cost = _dollars(path, line, columns["cost"], str(record[columns["cost"]]))
        rows.append({"day": day, "provider": provider, "model": model, "invoice_usd": cost})
    return pd.DataFrame(rows, columns=["day", "provider", "model", "invoice_usd"])
