"""Numbers the user gives the answer to work with, and the percent between two ends of a ranking.

"a 95% success SLO", "we target 95% success", "against the 99.5 % availability target": a success target, whose error
budget is the rest of 100 % (the share of it burned, the burn rate, the failures it allows). "Groq offered a flat
$0.0005 per call", "what if they charged $0.001 a request": a flat fee a call, applied to the window's requests. "the
next volume tier starts at 15 million input tokens ... how far short": a level of one total, with how far short of
it or over it. "how much cheaper per call is it than the most expensive vendor, in percent", "by what percent is the
pricier one more expensive": the percent between the highest and the lowest row of the first measure. "at cost plus
35%", "with a 35% markup": a markup on the org's own cost, each cost figure priced up by it.
"""

from __future__ import annotations

import re

from netra_core.analytics.semantic import Given, GivenKind, Measure

_PERCENT = r"(\d{2}(?:\.\d+)?)\s*(?:%|percent\b|pct\b)"
_SUCCESS = re.compile(
    rf"\b{_PERCENT}\s*(?:success(?:ful)?|availability|slo|sla|target|objective|reliability)\b|"
    rf"\b(?:slo|sla|target|objective|aim)\s+(?:(?:of|is|at|to|for)\s+)?(?:a\s+)?{_PERCENT}(?!\s*(?:of|off)\b)|"
    rf"\btarget(?:s|ing)?\s+(?:a\s+)?{_PERCENT}"
)
# A flat fee a call: said as an offer or a what-if, not a bound ("calls that cost over $0.01 each" is a threshold).
_FEE = re.compile(r"\$\s*(\d*\.?\d+)\s*(?:per|a|an|each|/)\s*(?:single\s+)?(?:api\s+)?(?:calls?|requests?|reqs?)\b")
# "a flat 2 cents a call", "if every sales-agent call cost 2¢", "each request cost a flat $0.02": the fee in cents or
# dollars, after the call it is of or before it
_MONEY = r"(?:\$\s*(?P<usd{0}>\d*\.?\d+)|(?P<cents{0}>\d*\.?\d+)\s*(?:cents?\b|¢|c\b))"
_FEE_EACH = re.compile(
    rf"{_MONEY.format(1)}\s*(?:per|a|an|each|/)\s*(?:single\s+)?(?:api\s+)?(?:calls?|requests?|reqs?)\b|"
    rf"\b(?:every|each|per|a|one)\s+(?:[\w-]+\s+){{0,2}}?(?:api\s+)?(?:calls?|requests?|reqs?)\s+"
    rf"(?:had\s+)?(?:cost|costs|was|were|is|came to|billed at|priced at|charged(?:\s+at)?)\s+"
    rf"(?:(?:a|an|just|only|exactly)\s+)*(?:(?:flat|fixed)\s+)?(?:fee\s+of\s+)?{_MONEY.format(2)}"
)
# "$0.80 per million input tokens and $4 per million output tokens", "$3/M input, $15/M output", "input at $1 per
# million tokens": a price a million (or a thousand) tokens of each kind, to re-price the window's tokens at
_TOKEN_PRICE = re.compile(
    r"\$\s*(\d*\.?\d+)\s*(?:per|a|an|/|for\s+(?:every|each))\s*(?:1\s*|one\s+)?(million|mn|m|thousand|k)\b"
    r"(?:\s+(input|prompt|output|completion))?(?:\s+tokens?)?(?:\s+(?:of\s+)?(input|prompt|output|completion))?"
)
_TOKEN_KIND_BEFORE = re.compile(r"\b(input|prompt|output|completion)(?:\s+tokens?)?\s*[:=]?\s+(?:[a-z]+\s+){0,2}$")
# a bound on a unit cost ("calls that cost more than $5 per million tokens") is a threshold, not a price to apply
_BOUND_BEFORE = re.compile(r"\b(?:more|less|over|under|above|below|exceed\w*|greater|higher|lower|than|cheaper)\s+$")
_FEE_SAID = re.compile(
    r"\b(?:flat|fixed|offer\w*|quot\w*|would(?:n't)?|what if|at that (?:price|rate|fee)|if (?:we|they|it)\s+"
    r"(?:paid|charged|cost)|instead)\b"
)
# A markup on the org's own cost: "at cost plus 35%", "cost + 35 %", "a 35% markup", "marked up by 35 percent",
# "35% on top of cost", "with a mark-up of 20%": each cost figure priced up by it (a price, not a bound).
_PCT_ANY = r"(?P<{0}>\d{{1,3}}(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b|pct\b)"
_MARKUP = re.compile(
    rf"\bcost[- ]?(?:plus|\+)\s*(?:a\s+)?{_PCT_ANY.format('a')}|"
    rf"\b{_PCT_ANY.format('b')}\s*(?:mark[- ]?up|uplift|on\s+top(?:\s+of\s+(?:the\s+|our\s+|that\s+)?cost)?)\b|"
    rf"\bmark(?:ed|ing|s)?(?:\s+(?:it|that|them|(?:our|the|its|their)\s+(?:\w+\s+)?costs?))?[- ]?up\s+"
    rf"(?:(?:our|the|its|their)\s+(?:\w+\s+)?costs?\s+)?(?:by\s+)?{_PCT_ANY.format('c')}|"
    rf"\b(?:mark[- ]?up|uplift)\s+(?:of\s+)?{_PCT_ANY.format('d')}|"
    rf"\b(?:add(?:ed|ing)?|plus)\s+(?:a\s+)?{_PCT_ANY.format('e')}\s*(?:margin\s+)?on\s+top\b"
)
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_LEVEL = re.compile(
    r"\b(?:tiers?|thresholds?|levels?|marks?|milestones?|commit(?:ment)?s?|caps?|minimums?)\b[^.?!]{0,50}?"
    r"\b(?:starts?|begins?|kicks?\s+in|is|are|sits?|at|of|from)\s+(?:at\s+|from\s+)?"
    r"(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|mn|m|million|bn|b|billion)?\s+"
    r"(?:(input|prompt|output|completion)\s+)?(tokens|calls|requests)\b"
)
_HOW_FAR = re.compile(
    r"\bhow (?:far|close|near)\b|\bshort of\b|\bfall(?:s|ing)? short\b|\bfell short\b|\baway from\b|"
    r"\bhow much more\b|\b(?:to|did we|do we|will we) (?:reach|hit|cross)\b"
)
_COMPARATIVE = (
    r"(?:cheaper|more expensive|pricier|dearer|costlier|less expensive|faster|slower|higher|lower|bigger|smaller|"
    r"more|less)"
)
PERCENT_GAP = re.compile(
    rf"\bhow much\s+(?:\w+\s+){{0,3}}?{_COMPARATIVE}\b[^.?!]{{0,80}}?\b(?:in percent(?:age)?|in %|as a percent\w*|"
    rf"percent(?:age)?-?wise)\b|"
    rf"\bby what (?:percent(?:age)?|%)\b[^.?!]{{0,80}}?\b{_COMPARATIVE}\b|"
    rf"\b(?:what|how many)\s+(?:percent|%)\s+{_COMPARATIVE}\b|"
    # "the difference in percent", "the gap between them in percent", "% diff": the two ends apart, in per cent
    r"\b(?:differences?|gaps?|deltas?|diffs?)\s+(?:(?:between|of)\s+(?:them|the two|both|those|these)\s+)?"
    r"(?:in|as an?|as)\s+(?:percent(?:age)?s?|%|per ?cent)\b|"
    r"(?:\bpercent(?:age)?|%)\s+(?:differences?|gaps?|deltas?|diffs?)\b"
)


def _level_measure(kind: str | None, unit: str) -> Measure:
    if unit != "tokens":
        return Measure.REQUESTS
    if kind in ("input", "prompt"):
        return Measure.INPUT_TOKENS
    if kind in ("output", "completion"):
        return Measure.OUTPUT_TOKENS
    return Measure.TOTAL_TOKENS


def compute_given(t: str) -> Given | None:
    """The number lowered question `t` gives the answer to apply (None: no such number said)."""
    if m := _SUCCESS.search(t):
        value = float(next(g for g in m.groups() if g))
        if 50 <= value < 100:
            return Given(kind=GivenKind.SUCCESS_TARGET, value=value)
    if (m := _MARKUP.search(t)) and (value := float(next(v for v in m.groupdict().values() if v))) > 0:
        return Given(kind=GivenKind.MARKUP, value=value)
    if (m := _FEE.search(t)) and _FEE_SAID.search(t) and float(m.group(1)) > 0:
        return Given(kind=GivenKind.FEE_PER_CALL, value=float(m.group(1)))
    if (m := _FEE_EACH.search(t)) and _FEE_SAID.search(t):
        usd = next((float(v) for k, v in m.groupdict().items() if v and k.startswith("usd")), None)
        cents = next((float(v) for k, v in m.groupdict().items() if v and k.startswith("cents")), None)
        fee = usd if usd is not None else (cents or 0.0) / 100
        if fee > 0:
            return Given(kind=GivenKind.FEE_PER_CALL, value=fee)
    if prices := compute_token_prices(t):
        return Given(kind=GivenKind.TOKEN_PRICES, value=prices[0], output_value=prices[1])
    if (m := _LEVEL.search(t)) and _HOW_FAR.search(t):
        value = float(m.group(1).replace(",", "")) * _SCALES.get(m.group(2) or "", 1.0)
        if value > 0:
            return Given(kind=GivenKind.LEVEL, value=value, measure=_level_measure(m.group(3), m.group(4)))
    return None


# "Our bar is 0.75. What share scored under it?", "the target is 2 seconds -- how many calls were slower than that":
# a number named in one clause and referred to in a later one, after a word that compares against it
_NAMED_NUMBER = re.compile(
    r"\b(?:our|the|my|a|an)\s+(?:[\w-]+\s+)?(?P<noun>bar|target|threshold|limit|cut-?off|floor|ceiling|line|"
    r"minimum|maximum|goal|benchmark|cap|sla|slo|budget)\s+(?:is|was|=|:|sits\s+at|is\s+set\s+(?:at|to)|of)\s+"
    r"(?P<num>\$?\s*\d[\d,]*(?:\.\d+)?(?:\s*(?:%|ms\b|s\b|secs?\b|seconds?\b|cents?\b))?)"
)
_COMPARED = (
    r"(?:under|below|beneath|above|over|past|less\s+than|more\s+than|fewer\s+than|greater\s+than|higher\s+than|"
    r"lower\s+than|slower\s+than|faster\s+than|worse\s+than|better\s+than|cheaper\s+than|short\s+of|exceed\w*|"
    r"beat|miss\w*|(?:at\s+or\s+)?(?:above|below|under|over)|within)"
)


# Some calls priced at another named row's own cost per call: "every gpt-4o call billed at gpt-4o-mini's average cost
# per call", "had those requests been charged at haiku's per-call cost", "priced at the same cost per call as
# search-rag", "if the sonnet calls had cost what a haiku call costs on average"
_PER_CALL = r"(?:cost|price|rate|spend)\s*(?:per|a|/|for\s+(?:a|each|one))\s*(?:single\s+)?(?:call|request|req)s?\b"
_AT_RATE_OF = re.compile(
    r"\b(?:billed|charged|priced|costed|paid|cost|costing|run|ran)\s+(?:for\s+)?(?:at|with|on)\s+(?:"
    rf"(?P<a>[\w.-]+(?:\s+[\w.-]+){{0,3}}?)(?:'s|s')\s+(?:own\s+)?(?:average\s+|avg\s+|mean\s+|typical\s+)?"
    rf"(?:{_PER_CALL}|per[- ](?:call|request)\s+(?:cost|price|rate))|"
    rf"(?:the\s+)?same\s+(?:average\s+)?{_PER_CALL}\s+as\s+(?P<b>[\w.-]+(?:\s+[\w.-]+){{0,3}}?)(?=\s*(?:[?.,;!]|$|"
    r"for\b|in\b|over\b|during\b|had\b|did\b|does\b|calls?\b|requests?\b)))|"
    r"\b(?:had\s+)?cost\s+what\s+(?:an?\s+|one\s+)?(?P<c>[\w.-]+(?:\s+[\w.-]+){0,3}?)\s+(?:call|request)\s+costs?\b"
)


def compute_at_rate_name(t: str) -> str | None:
    """The words naming the row whose own cost per call lowered question `t` prices other calls at (None: none)."""
    if m := _AT_RATE_OF.search(t):
        return m["a"] or m["b"] or m["c"]
    return None


def compute_referred_number(t: str) -> str:
    """Lowered question `t` with a number named in one clause ("our bar is 0.75.") put in place of the word that
    refers to it after a comparison in a later clause ("scored under it"); `t` unchanged when none is."""
    named = _NAMED_NUMBER.search(t)
    if named is None:
        return t
    num = re.sub(r"\$\s+", "$", named["num"])
    refer = re.compile(rf"\b({_COMPARED})\s+(?:it|that|this|(?:the|our|that|this)\s+(?:[\w-]+\s+)?{named['noun']})\b")
    later = t[named.end() :]
    if not re.match(r"[^.?!;:]*[.?!;:]", later) and " - " not in later and " -- " not in later:
        return t  # the reference is in the same clause: "under our bar of 0.75" is read as said
    return t[: named.end()] + refer.sub(lambda m: f"{m.group(1)} {num}", later)


def compute_token_prices(t: str) -> tuple[float, float] | None:
    """The USD a million input tokens and a million output tokens cost at the prices lowered question `t` gives
    (one price with no kind is both; None: no price of tokens given, or only a bound on one)."""
    prices: dict[str, float] = {}
    for m in _TOKEN_PRICE.finditer(t):
        if _BOUND_BEFORE.search(t[: m.start()]):
            return None
        scale = 1.0 if m.group(2) in ("million", "mn", "m") else 1000.0
        before = _TOKEN_KIND_BEFORE.search(t[max(0, m.start() - 30) : m.start()])
        kind = m.group(3) or m.group(4) or (before.group(1) if before else "")
        side = {"input": "in", "prompt": "in", "output": "out", "completion": "out"}.get(kind, "both")
        prices.setdefault(side, float(m.group(1)) * scale)
    if "both" in prices:
        prices = {"in": prices.get("in", prices["both"]), "out": prices.get("out", prices["both"])}
    if "in" not in prices or "out" not in prices or prices["in"] <= 0:
        return None
    return prices["in"], prices["out"]


def compute_given_measures(given: Given) -> list[Measure]:
    """The measures the given number is applied to, in the order the answer states them."""
    if given.kind == GivenKind.SUCCESS_TARGET:
        return [Measure.ERROR_RATE, Measure.ERRORS, Measure.REQUESTS]
    if given.kind == GivenKind.FEE_PER_CALL:
        return [Measure.SPEND, Measure.REQUESTS]
    if given.kind == GivenKind.TOKEN_PRICES:
        return [Measure.SPEND, Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS]
    return [given.measure] if given.measure is not None else []
