"""Bounds a question puts on its figures, and the calls it counts (issue #16, the twelfth set).

Three readers, each of a family of phrasings:

- a bound on each group's figure ("which workloads were charged more than $50", "any day we spent over $11", "how
  many people spent over $8", "having sum(cost_usd) > 20"): only the groups (or days) that meet it are answered, with
  the bound said and how many meet it (`compute_group_threshold`);
- a band or a quantile of quality scores ("what share scored below 0.8", "how many responses under 0.7", "0.85 or
  higher", "the 10th percentile quality score"): scores counted within the band, or the score at that quantile, never
  the mean nor a latency (`compute_quality_ask`);
- the calls counted by their status ("successful calls", "where status = 'ok'", "failed calls"): a filter on the
  status, and "spend divided by the number of successful calls" as spend per successful call (`compute_status_ask`).

SQL fragments a user types ("sum(cost_usd) group by task_type having ... > 20") are first read as the words they
stand for (`compute_sql_words`), so every reader sees "spend by task type having spend over $20".
"""

from __future__ import annotations

import re

from netra_core.agents.asked_groups import DIM_WORDS
from netra_core.agents.asked_series import compute_multi_model_users
from netra_core.analytics.semantic import Bound, Cut, Dimension, Grain, Measure, Threshold, quantile_measure

# --- SQL fragments as words ------------------------------------------------------------------------------------------

_AGGREGATES: tuple[tuple[str, str], ...] = (
    (r"sum\(\s*(?:cost_usd|cost)\s*\)", "spend"),
    (r"avg\(\s*(?:cost_usd|cost)\s*\)", "cost per request"),
    (r"count\(\s*\*?\s*\)", "number of requests"),
    (r"(?:avg|mean)\(\s*prompt_tokens\s*\)", "average prompt tokens"),
    (r"(?:avg|mean)\(\s*completion_tokens\s*\)", "average completion tokens"),
    (r"sum\(\s*prompt_tokens\s*\)", "prompt tokens"),
    (r"sum\(\s*completion_tokens\s*\)", "completion tokens"),
    (r"(?:avg|mean)\(\s*latency_ms\s*\)", "average latency"),
    (r"(?:avg|mean)\(\s*quality\s*\)", "average quality"),
)
_COLUMNS = {
    "task_type": "task type",
    "user_id": "user",
    "session_id": "session",
    "error_type": "error type",
    "model": "model",
    "provider": "provider",
    "workload": "workload",
    "region": "region",
    "status": "status",
}
_COLUMN = "|".join(_COLUMNS)
_GROUP_BY = re.compile(rf"\bgroup\s+by\s+((?:{_COLUMN})(?:\s*,\s*(?:{_COLUMN}))*)\b")
_OPS = {">": "over", ">=": "at least", "<": "under", "<=": "at most"}
# "having spend > 20" (the aggregate already read as words): the bound in words, money when the figure is spend.
_HAVING = re.compile(r"\bhaving\s+(?P<what>[a-z ]{1,40}?)\s*(?P<op>>=|<=|>|<)\s*(?P<n>\d[\d,]*(?:\.\d+)?)")
_STATUS_OK = re.compile(r"\bstatus\s*(?:==?|is)\s*['\"]?ok['\"]?")
_STATUS_NOT_OK = re.compile(r"\bstatus\s*(?:!=|<>|is\s+not)\s*['\"]?ok['\"]?")


def compute_sql_words(t: str) -> str:
    """Lowered text `t` with SQL fragments written as the words the readers know ("sum(cost_usd)" -> "spend")."""
    for pattern, words in _AGGREGATES:
        t = re.sub(pattern, f" {words} ", t)
    t = _GROUP_BY.sub(lambda m: "by " + " and ".join(_COLUMNS[c.strip()] for c in m.group(1).split(",")), t)
    t = _STATUS_NOT_OK.sub(" status not ok ", t)
    t = _STATUS_OK.sub(" status ok ", t)

    def having(m: re.Match[str]) -> str:
        what = m["what"].strip()
        amount = f"${m['n']}" if re.search(r"\b(?:spend|cost)\b", what) else m["n"]
        return f"having {what} {_OPS[m['op']]} {amount}"

    return " ".join(_HAVING.sub(having, t).split())


# --- a bound on each group's figure ---------------------------------------------------------------------------------

_ABOVE = r"more than|greater than|higher than|bigger than|over|above|exceed(?:ing|ed|s)?|in excess of|north of|>"
AT_LEAST = r"at least|no less than|>=|≥"
_BELOW = r"less than|lower than|fewer than|smaller than|under|below|south of|<"
AT_MOST = r"at most|no more than|<=|≤"
_NUMBER = r"(?P<n>\d[\d,]*(?:\.\d+)?)(?P<k>\s*k\b)?"
_BOUND = re.compile(
    rf"(?P<op>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW})\s*(?P<dollar>\$|usd\s*)?{_NUMBER}"
    r"(?P<unit>\s*(?:dollars?|bucks|usd|cents?|¢)(?!\w)|\s+(?:api\s+)?(?:calls|requests|errors|failures|failed calls|"
    r"tokens|times)\b|\s*(?:ms|milliseconds?|s|secs?|seconds?)\b)?"
)
# An amount per a unit is a unit price or cost ("under $1 per 1m tokens", "$0.01 a call"), not a bound on a total.
_PER_UNIT = re.compile(
    r"\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b)\s*(?:1\s*|one\s+)?(?:m|k|million|thousand|tok|req|call|quer|user|"
    r"session|conversation)"
)
# The unit cost an amount per a unit bounds ("more than 2 cents a call": the cost per request), by what follows it.
_UNIT_COSTS = (
    (
        re.compile(r"(?:1,000|1000|1k|a thousand|one thousand|thousand)\s+(?:api\s+)?(?:calls|requests|queries)"),
        Measure.COST_PER_1K_REQUESTS,
    ),
    (
        re.compile(r"(?:1\s*|one\s+|a\s+)?(?:k|thousand)\s*(?:input\s+|prompt\s+|output\s+)?tok"),
        Measure.COST_PER_1K_TOKENS,
    ),
    (
        re.compile(r"(?:1\s*|one\s+|a\s+)?(?:m|million)\s*(?:input\s+|prompt\s+|output\s+)?tok"),
        Measure.COST_PER_1M_TOKENS,
    ),
    (re.compile(r"(?:api\s+)?(?:call|req|quer)"), Measure.COST_PER_REQUEST),
    (re.compile(r"(?:active\s+|distinct\s+|unique\s+)?user"), Measure.COST_PER_USER),
    (re.compile(r"(?:session|conversation)"), Measure.COST_PER_SESSION),
)
_UNIT_COST_BEFORE = re.compile(
    r"\b(?:per|a|each|every)\s+(?:1k\s+|1m\s+|million\s+|thousand\s+)?(?:api\s+)?(?:call|request|"
    r"query|token|user|session|conversation)s?\b|\bunit cost\b"
)
_PER_WORD = re.compile(r"\s*(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*")
# Figures in money that are not a total: a bound in money on one of them (no unit said after the amount) is on it
# ("models with a cost per call over $0.02"), unless spend is asked too.
UNIT_COSTS = frozenset([m for _, m in _UNIT_COSTS] + [Measure.COST_PER_SUCCESSFUL_REQUEST])
# Figures in milliseconds: a bound in seconds or ms on one of them ("workloads with a p95 above 3 seconds").
_TIMED = re.compile(r"(?:latency|ttft)_(?!band)")  # a latency or TTFT figure, not a count of calls in a band
_BOUNDS = ((AT_LEAST, Bound.AT_LEAST), (AT_MOST, Bound.AT_MOST), (_ABOVE, Bound.ABOVE), (_BELOW, Bound.BELOW))


def _bound_of(op: str) -> Bound:
    return next(b for pattern, b in _BOUNDS if re.fullmatch(pattern, op))


_UNIT_MEASURES = {
    "calls": Measure.REQUESTS,
    "requests": Measure.REQUESTS,
    "errors": Measure.ERRORS,
    "failures": Measure.ERRORS,
    "failed calls": Measure.ERRORS,
    "tokens": Measure.TOTAL_TOKENS,
    "times": Measure.REQUESTS,  # "users who used gpt-4o more than 100 times": their calls
}
# The groups a bound is asked of when no grouping word is said: "any day where we spent over $11", "which days",
# "how many people spent over $8".
_DAYS_OVER = re.compile(
    r"\b(?:any|which|what|the|how many)\s+(?:single\s+|calendar\s+|business\s+|working\s+|(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)[a-z]*\s+)?(day|date|hour|week|month)s?\b"
)
_DAY_GRAINS = {"day": Grain.DAY, "date": Grain.DAY, "hour": Grain.HOUR, "week": Grain.WEEK, "month": Grain.MONTH}
_PEOPLE = re.compile(
    r"\bhow many\s+(?:different\s+|distinct\s+|unique\s+|of\s+(?:our|the)\s+)?(people|folks|users|"
    r"customers|sessions|conversations)\b"
)
_PEOPLE_DIM = {
    "people": Dimension.USER,
    "folks": Dimension.USER,
    "users": Dimension.USER,
    "customers": Dimension.USER,
    "sessions": Dimension.SESSION,
    "conversations": Dimension.SESSION,
}
# "workloads with fewer than 2500 requests", "models that cost over $40": the groups named, then the bound on them.
_DIM_ALT = "|".join(sorted((re.escape(w) for w in DIM_WORDS), key=len, reverse=True))
_GROUPS_WITH = re.compile(
    rf"\b({_DIM_ALT})\s+(?:with|that|which|where|whose|having|(?:were\s+|was\s+|got\s+)?(?:called|used|invoked|hit|"
    r"requested)\b)"
)
# "did any workload exceed $100", "no model went over 500 errors?": each group against the bound.
_ANY_GROUP = re.compile(rf"\b(?:any|none\s+of\s+(?:the|our))\s+(?:single\s+|one\s+|of\s+(?:the|our)\s+)?({_DIM_ALT})\b")
_BUDGET = re.compile(r"\bbudget|\bcap\b|\bceiling\b|\blimit\b")


def _amount(number: str, thousands: str | None) -> float:
    return float(number.replace(",", "")) * (1000.0 if thousands else 1.0)


# A bound on how many distinct values a group has: "workloads that use more than one model", "users on at least
# 3 models", "which providers serve multiple workloads": each group's distinct count against it.
_COUNT_WORDS = {"one": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_DISTINCT_MEASURES = {
    "model": Measure.MODELS,
    "llm": Measure.MODELS,
    "provider": Measure.PROVIDERS,
    "vendor": Measure.PROVIDERS,
    "workload": Measure.WORKLOADS,
    "user": Measure.USERS,
    "customer": Measure.USERS,
    "session": Measure.SESSIONS,
    "conversation": Measure.SESSIONS,
}
_DISTINCT_BOUND = re.compile(
    rf"(?:(?P<op>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW})\s+(?P<n>\d+|one|a single|two|three|four|five|ten)|"
    r"(?<!how )(?P<many>multiple|several|many|various))\s+(?:different\s+|distinct\s+|separate\s+)?"
    r"(?P<noun>models?|llms?|providers?|vendors?|workloads?|users?|customers?|sessions?|conversations?)\b"
)


_COUNTED_VALUES = {
    Measure.MODELS: Dimension.MODEL,
    Measure.PROVIDERS: Dimension.PROVIDER,
    Measure.WORKLOADS: Dimension.WORKLOAD,
    Measure.USERS: Dimension.USER,
    Measure.SESSIONS: Dimension.SESSION,
}


def _distinct_bound(t: str) -> Threshold | None:
    """A bound on a distinct count stated in lowered text `t` ("more than one model": models over 1), or None."""
    m = _DISTINCT_BOUND.search(t)
    if m is None or compute_multi_model_users(t) is not None:  # users on more than one model: a measure of its own
        return None
    measure = _DISTINCT_MEASURES[m["noun"].rstrip("s")]
    if m["many"]:
        return Threshold(measure=measure, bound=Bound.AT_LEAST, value=2.0)
    value = float(_COUNT_WORDS.get(m["n"], 0) or m["n"])
    return Threshold(measure=measure, bound=_bound_of(m["op"]), value=value)


def _unit_cost_after(t: str, at: int) -> Measure | None:
    """The unit cost an amount ending at `at` is per ("a call", "per 1k tokens", "per user"), or None."""
    said = _PER_WORD.match(t, at)
    if said is None:
        return None
    return next((measure for pattern, measure in _UNIT_COSTS if pattern.match(t, said.end())), None)


def compute_bound(t: str, measures: list[Measure] | tuple[Measure, ...] = ()) -> Threshold | None:
    """The first bound on a figure that lowered text `t` states ("more than $50": spend over 50; "over 500 calls":
    requests over 500; "having number of requests > 100": requests; "more than 2 cents a call": the cost per request;
    "above 3 seconds" of a latency among `measures`: that latency, in ms), or None."""
    for m in _BOUND.finditer(t):
        unit = (m["unit"] or "").strip()
        op = _bound_of(m["op"])
        value = _amount(m["n"], m["k"])
        money = bool(m["dollar"]) or unit in ("dollar", "dollars", "buck", "bucks", "usd", "cent", "cents", "¢")
        value = value / 100 if unit in ("cent", "cents", "¢") else value
        if money and (per := _unit_cost_after(t, m.end())) is not None:
            return Threshold(measure=per, bound=op, value=value)  # "averaging more than 2 cents a call"
        if _PER_UNIT.match(t, m.end()):
            continue
        if unit in ("ms", "millisecond", "milliseconds", "s", "sec", "secs", "second", "seconds"):
            timed = next((x for x in measures if _TIMED.match(x.value)), None)
            if timed is None:
                continue  # "calls slower than 3 seconds": one call's latency, a band read elsewhere
            return Threshold(measure=timed, bound=op, value=value if unit.startswith("m") else value * 1000)
        if money:
            costs = [x for x in measures if x in UNIT_COSTS]
            # "models whose cost per call is over $0.02": the unit cost named just before the bound, not the spend
            named = _UNIT_COST_BEFORE.search(t[max(0, m.start() - 40) : m.start()])
            cost = costs[0] if costs and (named or Measure.SPEND not in measures) else Measure.SPEND
            return Threshold(measure=cost, bound=op, value=value)
        if unit in _UNIT_MEASURES:
            return Threshold(measure=_UNIT_MEASURES[unit], bound=op, value=value)
        having = t.rfind("having", 0, m.start())
        if having >= 0 and m.start() - having < 60:  # "having number of requests > 100": the figure named
            what = t[having : m.start()]
            measure = Measure.REQUESTS if re.search(r"\brequests|\bcalls|\bcount\b", what) else None
            return Threshold(measure=measure or Measure.SPEND, bound=op, value=value) if measure else None
    return _distinct_bound(t)


# No failure at all in a group ("days the support-bot had no failed calls at all", "error-free days", "hours without
# any errors"): its errors at most zero (a group with no call at all has no row to count).
_NO_ERRORS = re.compile(
    r"\b(?:had|have|has|having|with|saw|see|seen|got|get|recorded|logged|there\s+(?:were|was))\s+(?:no|zero|0|not\s+(?:a\s+"
    r"single|one|any))\s+(?:single\s+)?(?:failed\s+(?:api\s+)?(?:calls?|requests?)|failures?|errors?|errored\s+(?:calls?|"
    r"requests?))\b|"
    r"\b(?:error|failure)[- ]free\s+(?:day|date|hour|week|month)s?\b|\b(?:were|was|are|is|stayed|been)\s+"
    r"(?:completely\s+|entirely\s+|totally\s+)?(?:error|failure)[- ]free\b|"
    r"\b(?:day|date|hour|week|month)s?\s+(?:with|without)\s+(?:no|zero|any|a\s+single)\s+(?:failed\s+(?:calls?|requests?)|"
    r"failures?|errors?)\b|\bwithout\s+(?:any|a\s+single)\s+(?:failed\s+(?:calls?|requests?)|failures?|errors?)\b|"
    r"\b(?:did\s*n[o']?t|did\s+not|never)\s+(?:have|see|get|record|log)\s+(?:a\s+single|any)\s+(?:failed\s+(?:calls?|"
    r"requests?)|failures?|errors?)\b|\b(?:did\s*n[o']?t|never)\s+(?:fail(?:ed)?|error(?:ed)?)\b"
)


def compute_zero_errors(t: str) -> Threshold | None:
    """No failure in a group, asked in lowered text `t` ("the days with no failed calls"): errors at most 0."""
    return Threshold(measure=Measure.ERRORS, bound=Bound.AT_MOST, value=0) if _NO_ERRORS.search(t) else None


_COST_BANDED = frozenset([Measure.COST_BAND_N, Measure.COST_BAND_SHARE, Measure.COST_BAND_SPEND])


def compute_group_threshold(
    t: str, measures: list[Measure], dimensions: list[Dimension], grain: Grain | None
) -> tuple[Threshold, list[Measure], list[Dimension], Grain | None, bool] | None:
    """A bound on each group's figure asked in lowered text `t`: the bound, the measures (its measure among them), the
    grouping (a day series for "any day ...", users for "how many people ..."), the grain, and whether the groups
    meeting it are counted ("how many"). None when no bound is said, or no grouping it could keep."""
    if _BUDGET.search(t):  # "under a $300 budget", "spend cap": a budget, read elsewhere
        return None
    bound = compute_bound(t, measures) or compute_zero_errors(t)
    if bound is None:
        return None
    if bound.measure == Measure.COST_PER_REQUEST and set(measures) & _COST_BANDED:
        return None  # "calls costing less than $0.001 per call": each call's own cost, a band read elsewhere
    counted = False
    if bound.measure in _COUNTED_VALUES:  # "models that served at least 3 workloads": by model, not by workload too
        dimensions = [d for d in dimensions if d != _COUNTED_VALUES[bound.measure]]
    if not dimensions and grain is None:
        if (m := _PEOPLE.search(t)) is not None:
            dimensions, counted = [_PEOPLE_DIM[m.group(1)]], True
        elif (m := _GROUPS_WITH.search(t) or _ANY_GROUP.search(t)) is not None:
            dimensions = [DIM_WORDS[m.group(1)]]
        elif (m := _DAYS_OVER.search(t)) is not None:
            grain = _DAY_GRAINS[m.group(1)]
            counted = m.group(0).startswith("how many")
        else:
            return None
    elif re.search(r"\bhow many\b", t):
        counted = True
    own = {Dimension.USER: Measure.USERS, Dimension.SESSION: Measure.SESSIONS}
    kept = [m for m in measures if m not in {own[d] for d in dimensions if d in own}]
    if bound.measure not in kept:
        kept = [bound.measure, *kept]
    return bound, kept, dimensions, grain, counted


# A bound in per cent on a rate: "is any provider above an 8% error rate", "models whose error rate is over 5 percent",
# "a success rate under 99%": each group's rate against it, every group kept (the bound is a fraction of the calls).
_RATE_OPS = rf"(?:{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW})"
_RATE_BOUND = re.compile(
    rf"(?P<op>{_RATE_OPS})\s+(?:an?\s+|the\s+)?(?P<n>\d{{1,2}}(?:\.\d+)?)\s*(?:%|percent\b|pct\b)\s*"
    r"(?P<r>error|failure|success)[- ]rates?\b|"
    rf"\b(?P<r2>error|failure|success)[- ]rates?\s+(?:[\w']+\s+){{0,4}}?(?P<op2>{_RATE_OPS})\s+(?:an?\s+|the\s+)?(?P<n2>\d{{1,2}}(?:\.\d+)?)\s*"
    r"(?:%|percent\b|pct\b)"
)


def compute_rate_mark(
    t: str, measures: list[Measure], dimensions: list[Dimension], grain: Grain | None
) -> tuple[Threshold, list[Measure], list[Dimension]] | None:
    """A bound in per cent on the error or success rate asked in lowered text `t` ("is any provider above an 8% error
    rate"): the bound (a fraction), the measures (the rate among them) and the grouping ("any provider": by provider).
    None when no such bound is said."""
    m = _RATE_BOUND.search(t)
    if m is None:
        return None
    rate = Measure.SUCCESS_RATE if (m["r"] or m["r2"]) == "success" else Measure.ERROR_RATE
    bound = Threshold(measure=rate, bound=_bound_of(m["op"] or m["op2"]), value=float(m["n"] or m["n2"]) / 100)
    if not dimensions and grain is None and (g := _GROUPS_WITH.search(t) or _ANY_GROUP.search(t)) is not None:
        dimensions = [DIM_WORDS[g.group(1)]]
    return bound, [rate, *(x for x in measures if x != rate)], dimensions


# A share of each group's own total, not of the whole: "what share of the workload's spend goes to it", "as a percent
# of each model's calls", "its share of its provider's tokens".
_WITHIN = re.compile(
    rf"\b(?:share|percent(?:age)?|pct|%|proportion|fraction|portion|how much)\s+of\s+(?:the\s+|each\s+|every\s+|"
    rf"its\s+|their\s+|that\s+|this\s+)?(?P<dim>{_DIM_ALT})(?:'s|s'|s)?\s+(?:own\s+)?(?:total\s+)?"
    r"(?P<noun>spend\w*|costs?|bill|requests|calls|traffic|tokens|errors)\b"
)


def compute_share_within(t: str, dimensions: list[Dimension]) -> tuple[Dimension, str] | None:
    """The dimension whose groups' own totals lowered text `t` asks each row's share of ("what share of the
    workload's spend goes to it"), when it is one of two or more `dimensions`, and the noun the share is of ("spend");
    None otherwise."""
    m = _WITHIN.search(t)
    if m is None or len(dimensions) < 2:
        return None
    within = DIM_WORDS.get(m["dim"])
    return (within, m["noun"]) if within is not None and within in dimensions else None


# A per cent of the groups ranked: "the top 10% of users by spend", "our top decile of sessions", "the top fifth of
# workloads by calls" -- their total and its share, not the top 10 of them.
_TOP_PERCENT = re.compile(
    r"\btop\s+(?:(?P<n>\d{1,2}(?:\.\d+)?)\s*(?:%|percent\b|pct\b)|(?P<word>decile|quintile|quartile|tenth|fifth|"
    rf"quarter|half))\s+(?:of\s+)?(?:(?:our|the|all|its|their)\s+)?(?:[\w-]+\s+)?(?P<dim>{_DIM_ALT})\b"
)
_TOP_WORDS = {
    "decile": 10.0,
    "tenth": 10.0,
    "quintile": 20.0,
    "fifth": 20.0,
    "quartile": 25.0,
    "quarter": 25.0,
    "half": 50.0,
}


def compute_top_percent(t: str) -> tuple[float, Dimension] | None:
    """The per cent of the groups and their dimension in lowered text `t` ("the top 10% of users by spend": 10,
    user), or None."""
    m = _TOP_PERCENT.search(t)
    if m is None or (dim := DIM_WORDS.get(m["dim"])) is None:
        return None
    value = float(m["n"]) if m["n"] else _TOP_WORDS[m["word"]]
    return (value, dim) if 0 < value < 100 else None


# --- quality bands and quantiles ------------------------------------------------------------------------------------

_SCORE = r"(?:quality|scor\w*|rated|rating|graded|evals?)"
_SCORE_VALUE = r"(?P<v>0?\.\d+|1(?:\.0+)?|0)(?![\d.%])"
_BAND_OP_WORDS = (
    rf"{AT_LEAST}|{AT_MOST}|below|under|less than|lower than|worse than|<|above|over|more than|higher than|"
    r"greater than|better than|>"
)
_BAND = re.compile(
    rf"(?P<op>{_BAND_OP_WORDS})\s*(?:a\s+|the\s+)?(?:score\s+of\s+|quality\s+(?:score\s+)?of\s+)?{_SCORE_VALUE}|"
    rf"{_SCORE_VALUE.replace('?P<v>', '?P<v2>')}\s+(?:or|and)\s+(?P<op2>higher|above|more|better|up|over|lower|below|"
    r"less|worse|under|down)\b"
)
# A band said as a percentage of the score: "scored below 80%", "under 70 % quality", "rated at least 90 percent".
_BAND_PCT = re.compile(
    rf"\b(?:scor\w*|rated|graded)\s+(?:a\s+)?(?P<op>{_BAND_OP_WORDS})\s*(?P<v>\d{{1,3}}(?:\.\d+)?)\s*(?:%|percent\b)|"
    rf"(?P<op2>{_BAND_OP_WORDS})\s*(?P<v2>\d{{1,3}}(?:\.\d+)?)\s*(?:%|percent\b)\s+(?:on\s+)?(?:quality|score)"
)
_BAND_OPS = {
    **{w: Bound.AT_LEAST for w in AT_LEAST.split("|")},
    **{w: Bound.AT_MOST for w in AT_MOST.split("|")},
    **{w: Bound.BELOW for w in ("below", "under", "less than", "lower than", "worse than", "<")},
    **{w: Bound.ABOVE for w in ("above", "over", "more than", "higher than", "greater than", "better than", ">")},
}
_OR_MORE = {"higher", "above", "more", "better", "up", "over"}
_BAND_SHARE = re.compile(r"\bpercent\w*|%|\bshare\b|\bfraction\b|\bproportion\b|\bhow often\b|\bwhat part\b|\brate\b")
_BAND_COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b")
BAND_SHARE, BAND_COUNT = _BAND_SHARE, _BAND_COUNT  # (the readers of several bands in one ask count and share alike)
# An optimisation's quality floor ("route to cheaper models while keeping quality above 0.85"): the optimizer's.
_FLOOR_CONTEXT = re.compile(
    r"\brout\w*|\bswitch\w*|\bpolic\w*|\boptimi[sz]\w*|\bkeep\w*|\bfloor\b|\bwithout (?:dropping|losing|going)|"
    r"\bstay\w*\b|\bmaintain\w*|\bwhat if\b"
)
_QUANTILE = re.compile(
    r"\bp(?P<a>\d{1,2})\b|\b(?P<b>\d{1,2})(?:st|nd|rd|th)?[- ]?percentile\b|\b(?P<med>median)\b|"
    r"\b(?P<quart>lower|bottom|first|1st|upper|top|third|3rd)\s+quartile\b|\b(?P<dec>bottom|lowest|top|highest)\s+decile\b"
)
_QUARTILES = {"lower": 25, "bottom": 25, "first": 25, "1st": 25, "upper": 75, "top": 75, "third": 75, "3rd": 75}
_DECILES = {"bottom": 10, "lowest": 10, "top": 90, "highest": 90}
QUALITY_LEVELS = {level: quantile_measure("quality", level) for level in range(1, 100)}
# The score right after the quantile ("the median quality for calls that cost more than 3 cents": the cost bounds the
# calls, the quantile is the score's)
_SCORE_NEXT = re.compile(rf"\s+(?:eval\s+)?{_SCORE}")
_OTHER_MEASURE = re.compile(r"\blaten\w*|\bttft\b|\bfirst[- ]token|\btok\w*|\bcost|\bspend|\bresponse times?\b")
# "the p10 and p90, the mean and the standard deviation": the mean listed beside the quantiles, of the same scores
_MEAN_LISTED = re.compile(r"\b(?:mean|average|avg)\s*(?:,|and\b|&|/|\?|\.|$)")
_MEAN_QUALITY = re.compile(r"\b(?:avg|average|mean)\s+(?:\w+\s+)?(?:quality|score)")


def _band_of(t: str) -> tuple[Cut | None, tuple[int, int]]:
    """The quality band said in lowered text `t` ("scored below 0.8", "0.85 or higher", "under 70% quality") and
    where it is said; None when no band is."""
    if (m := _BAND.search(t)) is not None:
        value = float(m["v"] if m["v"] is not None else m["v2"])
        op = _BAND_OPS[m["op"]] if m["op"] else (Bound.AT_LEAST if m["op2"] in _OR_MORE else Bound.AT_MOST)
        return Cut(bound=op, value=value), m.span()
    if (p := _BAND_PCT.search(t)) is not None and float(p["v"] or p["v2"]) <= 100:
        return Cut(bound=_BAND_OPS[p["op"] or p["op2"]], value=float(p["v"] or p["v2"]) / 100), p.span()
    return None, (0, 0)


def compute_quality_ask(t: str, cannot: list[str]) -> tuple[list[Measure], Cut | None, str]:
    """The quality measures of a band or a quantile asked in lowered text `t` (empty when none is), the band, and `t`
    with those phrases cut (so no other reader takes "10th percentile" for latency). What the layer lacks (a p95 of
    quality) is added to `cannot`."""
    if not re.search(rf"\b{_SCORE}", t):
        return [], None, t
    out: list[Measure] = []
    band: Cut | None = None
    rest = t
    if not _FLOOR_CONTEXT.search(t):
        band, (start, end) = _band_of(t)
        if band is not None:
            rest = rest[:start] + " " + rest[end:]  # "rated at least 90 percent" asks no share
            share, counted = _BAND_SHARE.search(rest), _BAND_COUNT.search(rest)
            if share or not counted:
                out.append(Measure.QUALITY_BAND_SHARE)
            if counted or not share:
                out.insert(0, Measure.QUALITY_BAND_N)
    for q in _QUANTILE.finditer(rest):
        # a quantile of the score: said within a few words of it, with no other measure between
        near = rest[max(0, q.start() - 40) : q.end() + 40]
        if not re.search(rf"\b{_SCORE}", near) or (
            _OTHER_MEASURE.search(near) and not _SCORE_NEXT.match(rest, q.end())
        ):
            continue
        level = (
            int(q["a"] or q["b"])
            if (q["a"] or q["b"])
            else 50
            if q["med"]
            else _QUARTILES[q["quart"]]
            if q["quart"]
            else _DECILES[q["dec"]]
        )
        if level in QUALITY_LEVELS:
            out.append(QUALITY_LEVELS[level])
        else:
            cannot.append(f"p{level} quality score (the query layer computes its whole percentiles, p1 to p99)")
        rest = rest[: q.start()] + " " * (q.end() - q.start()) + rest[q.end() :]
    if out and (_MEAN_QUALITY.search(t) or _MEAN_LISTED.search(t)):
        out.append(Measure.QUALITY)
    return list(dict.fromkeys(out)), band, rest


# --- calls by the size of their prompt ------------------------------------------------------------------------------

# "calls with more than 10,000 input tokens", "prompts over 8k tokens", "requests of 6,000+ prompt tokens": one call's
# prompt tokens against a bound (not a total of tokens, not a group's figure).
_PROMPT_TOKENS = r"(?:input|prompt|context)\s+tokens?\b"
_PROMPT_SIZE = re.compile(
    rf"(?P<op>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW}|bigger than|larger than|longer than|shorter than)\s*"
    rf"(?P<n>\d[\d,]*(?:\.\d+)?)(?P<k>\s*k\b)?\s*{_PROMPT_TOKENS}|"
    rf"(?P<n2>\d[\d,]*(?:\.\d+)?)(?P<k2>\s*k\b)?\s*(?P<op2>\+|or\s+more|or\s+fewer|or\s+less)\s*{_PROMPT_TOKENS}|"
    rf"\bprompts?\s+(?:of\s+)?(?P<op3>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW}|bigger than|larger than|longer than|"
    rf"shorter than)\s*(?P<n3>\d[\d,]*(?:\.\d+)?)(?P<k3>\s*k\b)?\s*tokens?\b"
)
# A call the bound is on: the calls (prompts, responses) are counted, not groups ("which workloads sent over 1M input
# tokens")
_ONE_CALL = re.compile(r"\b(?:calls?|requests?|prompts?|queries|completions?|invocations?|responses)\b")
ONE_CALL = _ONE_CALL
_SIZE_OPS = (
    (rf"{AT_LEAST}|\+|or more", Bound.AT_LEAST),
    (rf"{AT_MOST}|or fewer|or less", Bound.AT_MOST),
    (rf"{_BELOW}|shorter than", Bound.BELOW),
)


def _size_bound(op: str) -> Bound:
    """The bound an operator word says ("6,000+" and "or more" are at least; "longer than" is above)."""
    return next((bound for words, bound in _SIZE_OPS if re.fullmatch(words, op)), Bound.ABOVE)


def compute_prompt_ask(t: str) -> tuple[list[Measure], Cut | None, str]:
    """The calls counted by their prompt's size in lowered text `t` ("what fraction of calls had more than 10,000
    input tokens": their share; "how many calls went out with over 6k prompt tokens": their count), the band, and `t`
    with the band cut (so no other reader takes "input tokens" for a total). Empty when no band on one call is said."""
    m = _PROMPT_SIZE.search(t)
    if m is None or not _ONE_CALL.search(t[: m.start()] + t[m.end() :]):
        return [], None, t
    op = " ".join((m["op"] or m["op2"] or m["op3"]).split())
    value = float((m["n"] or m["n2"] or m["n3"]).replace(",", "")) * (1000 if (m["k"] or m["k2"] or m["k3"]) else 1)
    rest = t[: m.start()] + " " + t[m.end() :]
    share, counted = _BAND_SHARE.search(rest), _BAND_COUNT.search(rest)
    out = [*([Measure.PROMPT_BAND_N] if counted or not share else []), *([Measure.PROMPT_BAND_SHARE] if share else [])]
    return out, Cut(bound=_size_bound(op), value=value), rest


# --- calls by their latency -----------------------------------------------------------------------------------------

# "what share of calls took longer than 3 seconds", "how many requests were slower than 2,500 ms", "% of calls under
# 1s": one call's latency against a bound (not a percentile's level, not a group's figure).
_DURATION = r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>ms|msecs?|milliseconds?|s|secs?|seconds?)\b"
_LATENCY_BOUND = re.compile(
    rf"(?P<op>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW}|longer than|slower than|faster than|quicker than|shorter than|"
    rf"within|in under|in over|in less than|in more than)\s*(?:a\s+|the\s+)?{_DURATION}"
)
_LATENCY_OPS = (
    (rf"{AT_LEAST}", Bound.AT_LEAST),
    (rf"{AT_MOST}|within", Bound.AT_MOST),
    (rf"{_BELOW}|faster than|quicker than|shorter than|in under|in less than", Bound.BELOW),
)
# A level of a percentile or mean ("p95 under 2 seconds", "average latency above 1s") is not a band of calls.
_LEVEL_BEFORE = re.compile(r"\b(?:p\d{2}|\d{2}(?:st|nd|rd|th)\s+percentile|percentile|median|average|avg|mean)\b")
_TTFT_SAID = re.compile(r"\bttft\b|\bfirst[- ]token\b")


def compute_latency_ask(t: str) -> tuple[list[Measure], Cut | None, Cut | None, str]:
    """The calls counted by their latency or their time to first token in lowered text `t` ("what share of calls took
    longer than 3 seconds": their share; "how many requests were slower than 2,500 ms": their count; "what fraction
    had a TTFT under 200ms": the TTFT band's share), the latency band and the TTFT band in ms, and `t` with the band
    cut. Empty when no band on one call is said (a bound on a percentile is not)."""
    for m in _LATENCY_BOUND.finditer(t):
        before, after = t[max(0, m.start() - 30) : m.start()], t[m.end() : m.end() + 25]
        if _LEVEL_BEFORE.search(before) or _LEVEL_BEFORE.search(after):
            continue
        rest = t[: m.start()] + " " + t[m.end() :]
        share, counted = _BAND_SHARE.search(rest), _BAND_COUNT.search(rest)
        if not _ONE_CALL.search(rest) or not (share or counted):
            continue
        op = " ".join(m["op"].split())
        bound = next((b for words, b in _LATENCY_OPS if re.fullmatch(words, op)), Bound.ABOVE)
        value = float(m["n"].replace(",", "")) * (1.0 if m["unit"].startswith("m") else 1000.0)
        cut = Cut(bound=bound, value=value)
        if _TTFT_SAID.search(before + after):  # "a TTFT under 200ms": the time to first token's band
            return (
                [
                    *([Measure.TTFT_BAND_N] if counted or not share else []),
                    *([Measure.TTFT_BAND_SHARE] if share else []),
                ],
                None,
                cut,
                _TTFT_SAID.sub(" ", rest),
            )
        out = [
            *([Measure.LATENCY_BAND_N] if counted or not share else []),
            *([Measure.LATENCY_BAND_SHARE] if share else []),
        ]
        return out, cut, None, rest
    return [], None, None, t


# --- calls by their own cost ----------------------------------------------------------------------------------------

# "calls that cost more than $0.10 each", "requests costing over 5 cents apiece", "calls above $0.05 per call": one
# call's cost against a bound (not a group's spend: "workloads that spent more than $50" is a having).
_CENTS = r"(?:\$\s?(?P<d>\d+(?:\.\d+)?)|(?P<c>\d+(?:\.\d+)?)\s*(?:cents?|¢))"
_EACH = r"\s*(?:each|apiece|a\s+(?:call|request|piece)|per\s+(?:call|request|req))\b"
_COST_BOUND = re.compile(
    rf"\b(?:cost(?:s|ing)?|priced(?:\s+at)?|billed(?:\s+at)?)\s+(?P<op>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW})\s*"
    rf"{_CENTS}(?P<each>{_EACH})?|"
    rf"(?P<op2>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW})\s*{_CENTS.replace('?P<d>', '?P<d2>').replace('?P<c>', '?P<c2>')}"
    rf"{_EACH}"
)
# What the calls within the band cost together: "what did those calls cost in total", "their combined cost".
_BAND_TOTAL = re.compile(
    r"\b(?:in\s+total|total(?:\s+(?:cost|spend))?|together|combined|altogether|all\s+told|sum\s+of)\b|"
    r"\bhow\s+much\s+(?:did|do)\s+(?:they|those|these)\b|\bwhat\s+did\s+(?:they|those|these)\b"
)


_GROUP_SUBJECT = re.compile(rf"\b(?:{_DIM_ALT})\s+(?:that\s+|which\s+|whose\s+\w+\s+)?(?:\w+\s+)?$")
_AVERAGED = re.compile(r"\b(?:averag\w*|avg|mean|on\s+average|typically)\s+(?:\w+\s+)?$")


# A check asked or a claim reported: a yes/no question ("is ticket-classifier's cost per call under a cent?"), or what
# someone said ("a developer told me haiku's median latency is under half a second").
CHECK_ASKED = re.compile(
    r"^\s*(?:is|was|are|were|does|did|do|has|have)\b|\bis\s+it\s+true\b|\b(?:claims?|claimed|says?|said|told\s+me|"
    r"tells\s+me|reckons?|thinks?|believes?|supposedly|apparently|quoted|according\s+to)\b|\bis\s+that\s+(?:right|"
    r"true|correct)\b|\b(?:check|verify|confirm)\s+(?:whether|if|that)\b"
)
_PER_CALL_AFTER = re.compile(r"\s*(?:per|a|/)\s*(?:api\s+)?(?:call|request|req|query)\b")
_AVERAGE_AFTER = re.compile(r"\s*(?:(?:on|in)\s+(?:the\s+)?average|average|avg|mean)\b")


def _is_claimed_unit_cost(t: str, m: re.Match[str]) -> bool:
    """Whether the bound on a cost at `m` ("ticket-classifier costs less than 0.1 cents per call", "does gpt-4o-mini
    cost under 1 cent per call on average") is a check of a named subject's cost per call, not a band on calls ("how
    many calls cost more than 5 cents each"): a check or claim is said, no call is the subject before it, and a unit
    ("per call") or an average is said of it."""
    before = t[max(0, m.start() - 30) : m.start()]
    each = m["each"] or ""
    per_call = bool(_PER_CALL_AFTER.fullmatch(each)) if each else False
    return (
        bool(CHECK_ASKED.search(t))
        and not _ONE_CALL.search(before)
        and (per_call or bool(_AVERAGE_AFTER.match(t, m.end())))
    )


def compute_cost_ask(t: str) -> tuple[list[Measure], Cut | None, str]:
    """The calls counted by their own cost in lowered text `t` ("how many calls cost more than $0.10 each, and what
    did those calls cost in total": their count and their spend; "what share of requests cost over 5 cents": their
    share), the band in USD, and `t` with the band cut."""
    for m in _COST_BOUND.finditer(t):
        before = t[max(0, m.start() - 40) : m.start()]
        if not (m["each"] or m["op2"]) and not _ONE_CALL.search(before):
            continue  # "workloads that cost more than $50": a group's spend
        if _is_claimed_unit_cost(t, m):
            continue  # "is it true that ticket-classifier costs less than 0.1 cents per call": its cost per call
        if _AVERAGED.search(before) or (_GROUP_SUBJECT.search(before) and not _ONE_CALL.search(before)):
            # "models that average more than 2 cents a call", "which models cost more than $0.02 per call": a group's
            # cost per call, a bound on the groups read elsewhere (not each call's own cost)
            continue
        dollars = m["d"] or m["d2"]
        value = float(dollars) if dollars else float(m["c"] or m["c2"]) / 100
        op = " ".join((m["op"] or m["op2"]).split())
        bound = next((b for words, b in _COST_OPS if re.fullmatch(words, op)), Bound.ABOVE)
        rest = t[: m.start()] + " " + t[m.end() :]
        share, counted, total = _BAND_SHARE.search(rest), _BAND_COUNT.search(rest), _BAND_TOTAL.search(rest)
        out = [
            *([Measure.COST_BAND_N] if counted or not (share or total) else []),
            *([Measure.COST_BAND_SHARE] if share else []),
            *([Measure.COST_BAND_SPEND] if total else []),
        ]
        if total:
            rest = rest[: total.start()] + " " + rest[total.end() :]
        return out, Cut(bound=bound, value=value), rest
    return [], None, t


_COST_OPS = (
    (rf"{AT_LEAST}", Bound.AT_LEAST),
    (rf"{AT_MOST}", Bound.AT_MOST),
    (rf"{_BELOW}", Bound.BELOW),
)


# --- calls by their status ------------------------------------------------------------------------------------------

_CALLS = r"(?:api\s+)?(?:calls|requests|responses|completions|ones|invocations|queries|hits)"
_PER_SUCCESS = re.compile(
    r"(?:\bper|/|\ba|\beach|\bdivided\s+by\s+(?:the\s+)?(?:number|count|#)\s+of|\bover\s+(?:the\s+)?(?:number\s+of\s+)?|"
    r"\bby\s+(?:the\s+)?(?:number|count)\s+of)\s*(?:successful|succeeded|successfully\s+completed|ok|good|"
    r"non[- ]?failed|non[- ]?error(?:ed)?)\s+(?:api\s+)?(?:calls?|requests?|responses?|completions?|invocations?|queries|"
    r"query)\b"
)
# (one call or many: "the average cost of a failed call", "the latency of a successful request")
_ONE_CALL_OR_MORE = r"(?:api\s+)?(?:calls?|requests?|responses?|completions?|invocations?|quer(?:y|ies)|hits?)"
_OK = re.compile(
    rf"\bstatus\s+ok\b|\b(?:successful|succeeded|non[- ]?failed|non[- ]?error(?:ed)?)\s+{_ONE_CALL_OR_MORE}\b|"
    rf"\bok\s+{_CALLS}\b|"
    rf"\b{_CALLS}\s+(?:that|which)\s+(?:succeeded|were\s+successful|went\s+through|did\s+not\s+fail|didn't\s+fail)\b|"
    r"\b(?:only\s+)?successes\s+only\b"
)
# The failures left out ("excluding failed calls", "without the errors", "not counting failed requests", "ignoring
# errored ones"): the calls that succeeded, never the failed ones the words name.
_FAILED_LEFT_OUT = re.compile(
    r"\b(?:excluding|exclude|except(?:\s+for)?|without|w/o|minus|ignoring|ignore|leaving\s+out|leave\s+out|"
    r"not\s+counting|other\s+than|apart\s+from|sans|net\s+of|removing|remove|drop(?:ping)?|filter(?:ing)?\s+out)\s+"
    r"(?:the\s+|any\s+|all\s+)?(?:failures|errors|error\s+(?:calls|requests|responses)|fails|"
    r"(?:failed|errored|erroring|unsuccessful)(?:\s+(?:api\s+)?(?:calls|requests|responses|completions|ones|invocations|"
    r"queries|hits))?)\b"
)
_NOT_OK = re.compile(
    rf"\bstatus\s+not\s+ok\b|\b(?:failed|errored|erroring|unsuccessful)\s+{_ONE_CALL_OR_MORE}\b|"
    rf"\b{_CALLS}\s+(?:that|which)\s+(?:failed|errored|did\s+not\s+succeed)\b"
)
# Both sides of the status asked ("failed calls vs successful calls", "failed vs ok requests", "successful and failed
# calls"): the calls split by their status, each side's figure, not one side filtered.
_FAILED_WORD = r"(?:failed|failing|errored|erroring|unsuccessful|error)"
_OK_WORD = r"(?:successful|succeeded|ok|good|non[- ]?failed)"
# (a list's comma joins too, and each side may be counted in so many words: "the number of successful calls, the
# number of failed calls, and the total")
_SIDES_JOIN = (
    r"(?:\s*,?\s*(?:vs\.?|versus|and|or|against|compared\s+(?:to|with)|relative\s+to)\s+|\s*,\s*)(?:the\s+|"
    r"those\s+of\s+|a\s+|an\s+|that\s+of\s+(?:a\s+|an\s+)?)?(?:(?:number|count)\s+of\s+(?:the\s+)?)?"
)
# (one call or many: "the cost of a failed call compared to a successful one")
_ONE_OR_MORE_CALLS = r"(?:api\s+)?(?:calls?|requests?|responses?|completions?|ones?|invocations?|quer(?:y|ies)|hits?)"
_BOTH_STATUSES = re.compile(
    rf"\b{_FAILED_WORD}(?:\s+{_ONE_OR_MORE_CALLS})?{_SIDES_JOIN}{_OK_WORD}\s+{_ONE_OR_MORE_CALLS}\b|"
    rf"\b{_OK_WORD}(?:\s+{_ONE_OR_MORE_CALLS})?{_SIDES_JOIN}{_FAILED_WORD}\s+{_ONE_OR_MORE_CALLS}\b|"
    rf"\b(?:failed|errored|unsuccessful)\s+{_ONE_OR_MORE_CALLS}{_SIDES_JOIN}{_OK_WORD}\b|"
    rf"\b(?:successful|succeeded)\s+{_ONE_OR_MORE_CALLS}{_SIDES_JOIN}{_FAILED_WORD}\b(?!\s+(?:rate|count|spend))|"
    # "how many failed yesterday, and how many went through ok": both sides counted
    r"\bhow\s+many\b[^?.]{0,50}?\b(?:failed|errored|broke)\b[^?.]{0,60}?\bhow\s+many\b[^?.]{0,30}?\b(?:succeeded|"
    r"went\s+through|were\s+(?:ok|fine|successful)|worked|came\s+back\s+(?:ok|fine)|passed)\b"
)
# What the successful calls cost: "spend on successful calls", "what the ok requests cost".
_OK_SPEND = re.compile(
    rf"\b(?:spen[dt]\w*|costs?|cost\s+of)\s+(?:\w+\s+){{0,2}}?(?:on|in|for|of|from|by)\s+(?:the\s+|our\s+|all\s+)?"
    rf"{_OK_WORD}\s+{_CALLS}\b|\b{_OK_WORD}\s+{_CALLS}\s+(?:cost|costs|spend|spent)\b"
)
_TOTAL_SAID = re.compile(r"\b(?:total|overall|grand total|whole|all calls|all requests)\b")
# Measures of failure itself: counted over all calls (a rate, a count); the status is what they count, not a filter.
_OF_FAILURE = frozenset(
    [Measure.ERRORS, Measure.ERROR_RATE, Measure.ERROR_SPEND, Measure.SUCCESS_RATE, Measure.COST_PER_SUCCESSFUL_REQUEST]
)


# The failed calls counted, then asked of by a pronoun ("how many failed calls did we pay for, and how much did they
# cost", "how many calls failed last week and what was their average latency"): every figure is of those calls.
_FAILED_COUNTED = re.compile(
    rf"\b(?:how\s+many|number\s+of|count\s+of|#\s*of)\s+(?:(?:failed|errored|erroring|unsuccessful)\s+{_CALLS}|"
    rf"{_CALLS}\s+(?:failed|errored|did\s+not\s+succeed|didn't\s+succeed|went\s+wrong))\b"
)
_THEY = re.compile(r"\b(?:they|their|them|those(?:\s+calls)?|these)\b")
_AS_PLAIN = {Measure.ERRORS: Measure.REQUESTS, Measure.ERROR_SPEND: Measure.SPEND}


def compute_status_ask(
    t: str, measures: list[Measure], errors_unnamed: bool = False
) -> tuple[list[Measure], list[str] | None, list[str] | None]:
    """The measures, and the status filter and exclusion asked in lowered text `t`: "spend divided by the number of
    successful calls" is spend per successful call (all spend over the calls that succeeded); "avg prompt tokens of
    successful calls", "where status = 'ok'" keep the calls with status ok; "latency of failed calls" the others
    (`errors_unnamed`: the error measures were read from "failed" alone, and are the filter, not a figure)."""
    money = {Measure.SPEND, Measure.COST_PER_REQUEST}
    if (per := _PER_SUCCESS.search(t)) and (not per.group(0).startswith("a") or set(measures) & money):
        # ("the average latency of a successful call" is the latency of those calls, no cost per call)
        kept = [m for m in measures if m not in (Measure.COST_PER_REQUEST, Measure.REQUESTS)]
        return [Measure.COST_PER_SUCCESSFUL_REQUEST, *kept], None, None
    counted = _FAILED_COUNTED.search(t)
    if counted and _THEY.search(t, counted.end()):
        plain = [_AS_PLAIN.get(m, m) for m in measures if m not in (Measure.ERROR_RATE, Measure.SUCCESS_RATE)]
        scoped = list(dict.fromkeys([Measure.REQUESTS, *plain]))
        if len(scoped) > 1:  # something asked of them beside their number: all of it over the failed calls
            return scoped, None, ["ok"]
    if _OK_SPEND.search(t) and (Measure.ERROR_SPEND in measures or _TOTAL_SAID.search(t)):
        # "the spend on successful calls, the spend on failed calls and the total": each side's spend beside the
        # whole, no side kept as a filter
        return [Measure.OK_SPEND, *(m for m in measures if m != Measure.OK_SPEND)], None, None
    implicit = {Measure.ERROR_RATE, Measure.ERRORS} if errors_unnamed else set()
    others = [m for m in measures if m not in implicit]
    if _FAILED_LEFT_OUT.search(t):  # "cost per call excluding failed calls": the successful calls only
        # ("spend for October excluding failed calls": the spend read from "failed calls" is spend, not error spend)
        # (unless that spend is asked too: "spend without the failed calls, and what did the failed calls cost")
        successful: list[Measure] = [
            m if _AS_PLAIN.get(m, m) in measures else _AS_PLAIN.get(m, m) for m in (others if implicit else measures)
        ]
        if successful and not set(successful) & _OF_FAILURE:
            return successful, ["ok"], None
    if implicit and others and not set(others) & _OF_FAILURE and _NOT_OK.search(t):
        return others, None, ["ok"]  # "p95 latency of failed calls": the latency of those calls, no error rate
    if set(measures) & _OF_FAILURE or not measures:
        return measures, None, None
    if _OK.search(t):
        return measures, ["ok"], None
    if _NOT_OK.search(t):
        return measures, None, ["ok"]
    return measures, None, None


# A measure of the failed calls that, asked beside the successful ones, is the same measure split by status: "spend on
# failed calls vs successful ones" is each side's spend, "how many failed vs successful calls" each side's requests.
_SIDED_OF_FAILURE = {Measure.ERROR_SPEND: Measure.SPEND, Measure.ERRORS: Measure.REQUESTS}


def compute_sided_measures(t: str, measures: list[Measure]) -> list[Measure]:
    """The measures of lowered text `t`, with the failed side's spend or count read as the plain measure where both
    statuses are asked ("what did failed calls cost vs successful ones"); unchanged otherwise."""
    if not (_BOTH_STATUSES.search(t) or _left_out_and_asked(t)) or not set(measures) & set(_SIDED_OF_FAILURE):
        return measures
    if set(measures) & (_OF_FAILURE - set(_SIDED_OF_FAILURE)):
        return measures  # an error rate beside it: a measure of failure itself, counted over all calls
    return list(dict.fromkeys(_SIDED_OF_FAILURE.get(m, m) for m in measures))


def is_status_split(t: str, measures: list[Measure]) -> bool:
    """Whether lowered text `t` asks a measure of the failed calls beside the same of the successful ones ("p99
    latency of failed calls vs successful calls"): each side's figure, the calls split by status (a measure of
    failure itself, an error rate, is counted over all calls and splits nothing)."""
    both = _BOTH_STATUSES.search(t) is not None or _left_out_and_asked(t)
    return bool(measures) and not set(measures) & _OF_FAILURE and both


def _left_out_and_asked(t: str) -> bool:
    """Whether lowered text `t` leaves the failed calls out of one ask and asks of them in another ("spend without
    the failed calls? And what did the failed calls cost?"): both sides asked, each its own figure."""
    m = _FAILED_LEFT_OUT.search(t)
    return m is not None and _NOT_OK.search(t[: m.start()] + " " + t[m.end() :]) is not None
