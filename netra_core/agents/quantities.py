"""Numbers as users type them: savings targets, quality floors, latency SLOs, budgets, prices per million tokens.

"$300", "300 dollars", "300 usd", "1.5k dollars" are money; "per 1M tokens", "/1m", "per million" are per million
tokens, and "per 1k tokens" per thousand (scaled to per million). A budget may carry a period ("2k/month budget",
"$2k/mo", "a budget of 2k a month"): the amount is kept, the period is not.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)(?![\d,]|\.\d)"
_SCALE = r"(?:\s*(k|thousand|mm|m|million)\b)?"
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6}
# Money: a dollar sign or "usd" before the amount, or a currency word after it.
_MONEY = rf"(?:\$|\busd\s*){_NUMBER}{_SCALE}|{_NUMBER}{_SCALE}\s*(?:dollars?|bucks|usd)\b"
# Words that make an amount a ceiling; "budget" also takes a bare number ("budget was 300").
_CEILING = (
    r"\b(?:budget|under|below|within|max(?:imum)?|at\s+most|no\s+more\s+than|less\s+than|"
    r"cap(?:ped)?(?:\s+at)?|limit\s+(?:of|to|at))\b"
)
_BUDGET = re.compile(rf"{_CEILING}\W*(?:[a-z]+\W+){{0,3}}?(?:{_MONEY})")
_BUDGET_BARE = re.compile(rf"\bbudget\W+(?:(?:is|was|of|at|to|be|would|will|should|=|:)\W+)*{_NUMBER}{_SCALE}(?!\s*%)")
_PERIODS = r"(?:month|mo|mth|week|wk|day|year|yr|quarter|hour|hr)s?\b"
_PERIOD = (
    rf"\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*{_PERIODS}"
    r"|\s+(?:monthly|weekly|daily|yearly|annual|quarterly)\b"
)
# The amount before the word: "2k/month budget", "$2k/mo budget", "a $500 monthly budget". A bare number needs a
# scale or a period ("the 2026 budget" is not $2,026).
_BUDGET_AFTER = re.compile(
    rf"(?P<dollar>\$|\busd\s*)?{_NUMBER}{_SCALE}(?P<period>{_PERIOD})?\s*(?P<currency>dollars?|bucks|usd)?"
    rf"\s+(?:[a-z]+\s+)?(?:budget|spending\s+cap|spend\s+cap|ceiling)\b"
)
# A bare number as a ceiling on spend, per a period: "keep total AI spend under 2000/month", "costs below 1.5k a
# month". The period makes it an amount over time, and the spend word before it makes that amount money (not
# "requests under 5000/day", whose number counts calls).
_BUDGET_SPEND_PERIOD = re.compile(
    rf"\b(?:spen[dt]\w*|costs?|bills?|billing)\b(?:\W+[a-z]+){{0,3}}?\W+{_CEILING}\W*{_NUMBER}{_SCALE}(?={_PERIOD})"
)
# An amount per something other than a period is a price or a unit cost ("under $1 per 1m tokens", "$0.01 a
# request"), not a budget.
_PER_OTHER = re.compile(rf"\s*(?:(?:/|\bper\b|\ba\b|\ban\b|\beach\b)\s*(?:1\s*|one\s+)?(?!{_PERIODS})[a-z]|each\b)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent|pct)")
_QUALITY = re.compile(r"quality\D{0,30}?(0?\.\d+|\d+(?:\.\d+)?\s*%)")
# A floor without the word quality: "a 0.9 floor", "floor of 85%".
_FLOOR = re.compile(
    r"(0?\.\d+|\d+(?:\.\d+)?\s*%)\s+(?:quality\s+)?floor\b|\bfloor\s+(?:(?:is|be|of|at|to)\s+|[=:]\s*)?"
    r"(0?\.\d+|\d+(?:\.\d+)?\s*%)"
)
# A quality number said as a floor to keep ("at least .9", "can't go under .88", ">= 0.85", "keep quality above"),
# not as a reading ("quality was 0.82 last week").
_FLOOR_PHRASING = re.compile(
    r">=|≥|\bat\s+least\b|\bfloor\b|\bmin(?:imum)?\b|\bno\s+(?:lower|less|worse)\s+than\b|\bkeep(?:s|ing)?\b"
    r"|\bstay(?:s|ing)?\s+(?:above|over)\b|\b(?:can'?t|cannot|must\s*n[o']?t|should\s*n'?t|never|not|without|don'?t|"
    r"won'?t)\W+(?:[a-z']+\W+){0,2}?(?:under|below|lower|less|drop(?:ping)?|fall(?:ing)?|dip(?:ping)?)\b"
)
_LATENCY = re.compile(r"(?:p95|p99|latency|slo)\D{0,25}?(\d+(?:\.\d+)?)\s*(ms|s|sec|secs|seconds)\b")
# "per 1M tokens", "/1m", "per million", "per mtok" -> "per mtok"; the same per thousand -> "per ktok".
_PER_MILLION = re.compile(r"(?:/|\bper\b)\s*(?:(?:1|one|a)\s*)?(?:mtok|mm|m|mil|million)\b(?:\s*tok(?:en)?s?\b)?")
_PER_THOUSAND = re.compile(r"(?:/|\bper\b)\s*(?:(?:1|one|a)\s*)?(?:ktok|k|thousand)\b(?:\s*tok(?:en)?s?\b)?")
_MILLION_TOKENS = re.compile(r"\b(?:1|one|a)\s*(?:m|mm|mil|million)\s+(?=(?:input|output|prompt|completion)?\s*tok)")
_UNIT = r"(?:/|per)?\s*(?:mtok|ktok)?\s*"
_PRICE = re.compile(
    rf"\$?(\d+(?:\.\d+)?)\s*{_UNIT}(?:input|in)\b.*?\$?(\d+(?:\.\d+)?)\s*{_UNIT}(?:output|out)\b"
    rf"|\b(?:input|in)\s*[:=]?\s*\$(\d+(?:\.\d+)?)\b.*?\b(?:output|out)\s*[:=]?\s*\$(\d+(?:\.\d+)?)\b"
    rf"|\b(?:input|in)\s*[:=]\s*(\d+(?:\.\d+)?)\b.*?\b(?:output|out)\s*[:=]\s*(\d+(?:\.\d+)?)\b"
)


class Constraints(BaseModel):
    """What an optimization request must respect."""

    savings_pct: float | None = None
    quality_floor: float | None = None
    p95_ms: float | None = None
    budget_usd: float | None = None


def _amount(number: str, scale: str | None) -> float:
    return float(number.replace(",", "")) * SCALES.get(scale or "", 1.0)


def compute_per_million_text(text: str) -> str:
    """`text` lowercased with every way of saying "per million tokens" written "per mtok" (per thousand: "per ktok")."""
    t = _MILLION_TOKENS.sub("mtok ", text.lower())
    t = re.sub(r"\b(?:for|per)\s+mtok\b", "per mtok", t)
    return _PER_THOUSAND.sub(" per ktok", _PER_MILLION.sub(" per mtok", t))


# An amount of money with the period it is per, if any ("$500 a month", "2k dollars/mo", "usd 300"): money, never an
# HTTP status ("$500" is no server error) nor a time bucket ("a month" there is the budget's period, not a series).
_MONEY_SAID = re.compile(rf"(?:{_MONEY})(?:{_PERIOD})?")


def compute_money_cut(t: str) -> str:
    """Lowered text `t` with each amount of money (and its period) replaced by the word "amount"."""
    return _MONEY_SAID.sub(" amount ", t)


def compute_budget_usd(text: str) -> float | None:
    """The spending ceiling a message names ("budget is $500", "under 1.5k dollars", "budget was 300"), or None."""
    t = compute_per_million_text(text)
    for m in _BUDGET.finditer(t):
        if not _PER_OTHER.match(t, m.end()):
            number, scale = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            return _amount(number, scale)
    for m in _BUDGET_BARE.finditer(t):
        if not _PER_OTHER.match(t, m.end()):
            return _amount(m.group(1), m.group(2))
    for m in _BUDGET_AFTER.finditer(t):
        if m["dollar"] or m.group(3) or m["period"] or m["currency"]:
            return _amount(m.group(2), m.group(3))
    if ceiling := _BUDGET_SPEND_PERIOD.search(t):
        return _amount(ceiling.group(1), ceiling.group(2))
    return None


def compute_prices_per_mtok(text: str) -> tuple[float, float] | None:
    """(input, output) USD per million tokens a message sets ("$2 input and $8 output", "2.5 in / 12 out per mtok")."""
    t = compute_per_million_text(text)
    m = _PRICE.search(t)
    if m is None:
        return None
    pair = next((float(m.group(i)), float(m.group(i + 1))) for i in (1, 3, 5) if m.group(i) is not None)
    scale = 1000.0 if "ktok" in t and "mtok" not in t else 1.0
    return round(pair[0] * scale, 6), round(pair[1] * scale, 6)


def compute_constraints(text: str) -> Constraints:
    """Savings target, quality floor, latency SLO and budget named in a message."""
    t = text.lower()
    c = Constraints()
    floor_span = (0, 0)
    if m := _QUALITY.search(t) or _FLOOR.search(t):
        raw = (m.group(1) or m.group(2)).replace(" ", "")
        c.quality_floor = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
        floor_span = m.span()
    if m := _LATENCY.search(t):
        c.p95_ms = float(m.group(1)) * (1 if m.group(2) == "ms" else 1000)
    c.budget_usd = compute_budget_usd(t)
    for m in _PERCENT.finditer(t):
        is_floor = floor_span[0] <= m.start() < floor_span[1]
        if not is_floor and "quality" not in t[max(0, m.start() - 30) : m.start()]:
            c.savings_pct = float(m.group(1))
            break
    return c


def compute_stated_constraints(text: str) -> Constraints:
    """The constraints a message states as targets: all of compute_constraints but a quality number said as a reading
    ("quality was 0.82"); a quality floor needs floor words ("at least .9", "can't go under .88", "a 0.9 floor")."""
    t = text.lower()
    c = compute_constraints(t)
    m = _QUALITY.search(t) or _FLOOR.search(t)
    if m is not None and not _FLOOR_PHRASING.search(t[max(0, m.start() - 30) : m.end()]):
        c.quality_floor = None
    return c


def compute_is_target(text: str) -> bool:
    """Whether a message sets an optimisation target: a budget, or a quality floor said as one.

    A savings percentage alone is not one ("spend is up 40%"); with a reduce verb the planner reads it as a target.
    """
    c = compute_stated_constraints(text)
    return c.budget_usd is not None or c.quality_floor is not None
