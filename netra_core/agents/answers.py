"""Answer text from templates filled with tool results, and the check that every number came from one."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)?)?")
_NUMBER = re.compile(r"(?<![\w.@\-])(\d[\d,]*(?:\.\d+)?)(?![\w\-])")


@dataclass
class AgentOutput:
    """What a sub-agent contributes: paragraphs, tables, a chart spec and the SQL it ran."""

    agent: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    sql: list[dict[str, Any]] = field(default_factory=list)


def money(value: float | None) -> str:
    """$1,234.57; small amounts keep four decimals ($0.0042)."""
    if value is None:
        return "n/a"
    if abs(value) < 1 and value != 0:
        return f"${value:,.4f}"
    return f"${value:,.2f}"


def pct(value: float | None, *, is_fraction: bool = True) -> str:
    """12.3 % from a fraction (or from a percentage with is_fraction=False)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value * 100 if is_fraction else value:.1f} %"


def signed_pct(value: float | None) -> str:
    """up 12.3 % / down 4.0 % from a percentage (a minus sign would hide the number from the check)."""
    if value is None:
        return "no previous data to compare"
    return f"{'up' if value >= 0 else 'down'} {abs(value):.1f} %"


def ms(value: float | None) -> str:
    """1,234 ms."""
    return "n/a" if value is None else f"{value:,.0f} ms"


def count(value: float | None) -> str:
    """12,345."""
    return "n/a" if value is None else f"{value:,.0f}"


def score(value: float | None) -> str:
    """0.912."""
    return "n/a" if value is None else f"{value:.3f}"


def compute_evidence_numbers(evidence: Iterable[Any]) -> list[float]:
    """Every number inside tool arguments and results (nested dicts and lists)."""
    out: list[float] = []

    def walk(value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int | float):
            if not math.isnan(value):
                out.append(float(value))
        elif isinstance(value, str):
            # A tool's own message ("best reachable 0.920") is a result too; dates are checked as text.
            out.extend(float(m.group(1).replace(",", "")) for m in _NUMBER.finditer(_DATE.sub(" ", value)))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    for item in evidence:
        walk(item)
    return out


def _evidence_text(evidence: Iterable[Any]) -> str:
    return repr(list(evidence))


def compute_unsupported_numbers(text: str, evidence: list[Any]) -> list[str]:
    """Numbers in `text` that no tool value (as is, as a percentage, rounded as displayed) accounts for."""
    values = compute_evidence_numbers(evidence)
    blob = _evidence_text(evidence)
    unsupported: list[str] = []
    for m in _DATE.finditer(text):
        if m.group(0)[:10] not in blob:
            unsupported.append(m.group(0))
    stripped = _DATE.sub(" ", text)
    for m in _NUMBER.finditer(stripped):
        raw = m.group(1)
        number = float(raw.replace(",", ""))
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        tolerance = 0.5 * 10**-decimals + 1e-9
        if not any(abs(abs(v) - number) <= tolerance or abs(abs(v) * 100 - number) <= tolerance for v in values):
            unsupported.append(raw)
    return unsupported
