"""Score an assistant's answer against the figures a question asks for, read from its text only.

A figure is one number the answer must state (a spend, a rate, a latency, a count), with its unit and a
tolerance. The scorer reads every number the text shows -- money ($1,234.56, $1.2k), percentages (4.2 %,
4.2 percent), durations (1,234 ms, 1.2 s), plain counts (12,345, 3.4k, 1.2M) and scores (0.852) -- and
classifies the answer:

- ``correct``: every expected figure is present within its tolerance;
- ``partial``: some are;
- ``declined``: none is, and the answer says it cannot answer, or states no figure at all (a help text):
  the right outcome when nothing is expected;
- ``substituted``: none is, and the answer states other figures without saying it could not answer:
  it answered a different question.

A number matches a figure when their units agree and they differ by no more than the figure's tolerance
plus half a unit of the number's last displayed digit (so "$49.85" matches 49.8512 and "3.4k" matches
3,404). Dates and identifiers with digits in them (gpt-4o, llama-3.1-8b, p95) are not numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

Outcome = Literal["correct", "partial", "substituted", "declined"]
OUTCOMES: tuple[Outcome, ...] = ("correct", "partial", "substituted", "declined")


class Unit(StrEnum):
    """What a number measures, as far as its text shows."""

    MONEY = "money"
    PERCENT = "percent"
    MS = "ms"
    NUMBER = "number"


@dataclass(frozen=True)
class FoundNumber:
    """A number read from the answer: its value, unit and the rounding its display implies."""

    value: float
    unit: Unit
    half_unit: float
    text: str


@dataclass(frozen=True)
class Figure:
    """One figure a question asks for; `alternatives` are other readings of an ambiguous question."""

    label: str
    value: float
    unit: Unit
    rel: float = 0.0
    abs: float = 0.0
    alternatives: tuple[float, ...] = ()
    magnitude: bool = False  # a change may be written "down 4.0 %": compare sizes, not signs

    def accepts(self, found: FoundNumber) -> bool:
        """Whether `found` states this figure (same unit, within tolerance and display rounding)."""
        if found.unit != self.unit:
            return False
        got = abs(found.value) if self.magnitude else found.value
        for wanted in (self.value, *self.alternatives):
            target = abs(wanted) if self.magnitude else wanted
            slack = max(self.rel * abs(target), self.abs) + found.half_unit + 1e-9
            if abs(got - target) <= slack:
                return True
        return False


@dataclass(frozen=True)
class Score:
    """The outcome and which figures were found or missed."""

    outcome: Outcome
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?)?"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
)
_SUFFIX = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "bn": 1e9, "B": 1e9}
_NUMBER = re.compile(
    r"(?<![\w.\-@/])"  # not inside an identifier (gpt-4o, 3.1-8b, p95, v2/3)
    r"(?P<sign>[-\u2212])?"
    r"(?P<dollar>(?:US)?\$\s?)?"
    r"(?P<num>\d(?:[\d,]*\d)?(?:\.\d+)?|\.\d+)"  # ends on a digit: "87, down" is 87, not the list "87,"
    r"(?:\s?(?P<suffix>bn|[kKmMB])(?![a-zA-Z]))?"
    r"(?P<after>\s?(?:%|percent\b|per cent\b|ms\b|milliseconds?\b|s\b|secs?\b|seconds?\b|USD\b|dollars?\b))?"
    r"(?![\w\-])"
)
_DECLINES = re.compile(
    r"\b(?:can ?not|can't|can\u2019t|could not|couldn't|couldn\u2019t|unable to|not able to|no way to"
    r"|do(?:es)? not (?:have|track|record|store|hold|know|contain|include)"
    r"|don't (?:have|track|record|store|hold|know)|don\u2019t (?:have|track|record|store|hold|know)"
    r"|doesn't (?:have|track|record|store|hold|contain|include)"
    r"|not (?:tracked|recorded|stored|available|supported|something I can)"
    r"|isn't (?:tracked|recorded|stored|available|supported)|aren't (?:tracked|recorded|stored)"
    r"|no data (?:on|about|for)|outside what|beyond what)\b",
    re.IGNORECASE,
)


def _unit_of(dollar: str | None, after: str | None) -> tuple[Unit, float]:
    """The unit and the factor to its base (seconds are read as milliseconds)."""
    tail = (after or "").strip().lower()
    if dollar or tail in ("usd", "dollar", "dollars"):
        return Unit.MONEY, 1.0
    if tail in ("%", "percent", "per cent"):
        return Unit.PERCENT, 1.0
    if tail in ("ms", "millisecond", "milliseconds"):
        return Unit.MS, 1.0
    if tail in ("s", "sec", "secs", "second", "seconds"):
        return Unit.MS, 1000.0
    return Unit.NUMBER, 1.0


# A fenced block (the SQL an answer shows for transparency) states no figure: its literals ("WHERE 1") would
# otherwise stand for any figure near them.
_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.DOTALL)


def extract_numbers(text: str) -> list[FoundNumber]:
    """Every number the text shows, with its unit; dates, times of day and fenced code blocks are left out."""
    out: list[FoundNumber] = []
    for m in _NUMBER.finditer(_DATE.sub(" ", _CODE_BLOCK.sub(" ", text))):
        raw = m.group("num")
        digits = raw.replace(",", "")
        if "," in raw and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
            continue  # "3,4" is a list, not a number
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        scale = _SUFFIX.get(m.group("suffix") or "", 1.0)
        unit, factor = _unit_of(m.group("dollar"), m.group("after"))
        sign = -1.0 if m.group("sign") else 1.0
        value = sign * float(digits) * scale * factor
        half = 0.5 * 10**-decimals * scale * factor
        out.append(FoundNumber(value, unit, half, m.group(0).strip()))
    return out


def is_declining(text: str) -> bool:
    """Whether the answer says it cannot answer (some or all of) the question."""
    return _DECLINES.search(text) is not None


def score_answer(text: str, figures: Sequence[Figure]) -> Score:
    """Classify `text` against the figures asked for (none: the question cannot be answered)."""
    numbers = extract_numbers(text)
    found = [f.label for f in figures if any(f.accepts(n) for n in numbers)]
    missing = [f.label for f in figures if f.label not in found]
    if figures and not missing:
        return Score("correct", found, missing)
    if found:
        return Score("partial", found, missing)
    if is_declining(text) or not numbers:
        return Score("declined", found, missing)
    return Score("substituted", found, missing)
