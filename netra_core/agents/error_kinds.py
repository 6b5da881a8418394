"""Error kinds named in a question ("rate limits", "timeouts", "429s", "5xx"), read as the error_type values they
filter on ("number of rate-limit errors per provider": errors where error_type is rate_limit, per provider).

The values are the events' normalised error types. A count, a spend or a share of one kind is filtered to it; a
rate ("the timeout rate") is not, since a rate over only that kind's errors would be 100 %.
"""

from __future__ import annotations

import re

from netra_core.analytics.semantic import Dimension, Measure

# (pattern on the lowered question, the error_type value it names)
ERROR_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\btime[- _]?outs?\b|\btimed[- ]out\b|\b(?:504|408)s?\b"), "timeout"),
    (re.compile(r"\brate[- _]?limit\w*|\b429s?\b|\bthrottl\w*|\btoo many requests\b"), "rate_limit"),
    (
        re.compile(r"\bserver[- _]errors?\b|\b5xxs?\b|(?<![\d,.])\b50[023]s?\b|\binternal errors?\b|\boverload\w*"),
        "server_error",
    ),
    (
        re.compile(
            r"\bcontext[- _](?:length|window)\w*|\bcontext (?:errors?|exceeded|overflows?)\b|"
            r"\b(?:too long|max(?:imum)? tokens? exceeded)\b"
        ),
        "context_length",
    ),
)

# "the timeout rate", "429 rate": one kind's share of all requests (not the rate of all errors)
KIND_RATE = re.compile(
    r"\b(?:time[- ]?outs?|rate[- _]?limit(?:s|ed|ing)?|429s?|5xxs?|server[- ]errors?|throttl\w*)\s+"
    r"(?:rates?|ratio|percentage|share)\b"
)


# "the error rate, only counting timeouts", "error rate per model (timeouts only)": that kind's share of all requests
_KIND_WORDS = (
    r"(?:time[- ]?outs?|timed[- ]out\s+(?:calls|requests)|rate[- _]?limit(?:s|ed|ing)?|429s?|5xxs?|server[- ]errors?)"
)
KIND_ONLY = re.compile(
    rf"\b(?:only|just|solely)\s+(?:counting|count|including|looking\s+at|considering)?\s*(?:the\s+)?{_KIND_WORDS}|"
    rf"\bcounting\s+(?:only|just)\s+(?:the\s+)?{_KIND_WORDS}|\b{_KIND_WORDS}\s+only\b"
)


# An amount, not an HTTP status: a number after a bound ("over 500 completion tokens", "more than 500 calls", "under
# 504 ms"), before a unit ("500 ms", "429 prompt tokens", "500-token prompts") or a bound ("500 or more completion
# tokens", "500+ calls"), or money ("$500").
_UNIT = (
    r"k|ms|msecs?|milli\w*|secs?|seconds?|minutes?|mins?|hours?|cents?|¢|dollars?|usd|bucks|%|percent|"
    r"(?:[\w-]+\s+)?tokens?|toks?|words?|char\w*|users|sessions|times"
)
_AMOUNT = re.compile(
    r"(?:\b(?:(?:more|fewer|less|greater|higher|lower|longer|shorter|bigger|larger|smaller)\s+than|over|under|"
    r"above|below|at\s+(?:least|most)|exceeding|up\s+to)\s+|[<>≥≤]=?\s*|\$\s*)\d[\d,]*(?:\.\d+)?|"
    rf"\b\d[\d,]*(?:\.\d+)?(?=[\s-]*(?:{_UNIT})(?!\w)|\s*(?:\+|or\s+(?:more|fewer|less|above|below|over|under)\b))"
)


def compute_error_kinds(t: str) -> list[str]:
    """The error_type values lowered question `t` names, in the order of ERROR_KINDS (a number that is an amount, as
    in "calls over 500 completion tokens", names no status)."""
    t = _AMOUNT.sub(" amount ", t)
    return [value for pattern, value in ERROR_KINDS if pattern.search(t)]


def compute_error_kind_scope(
    t: str, measures: list[Measure], dimensions: list[Dimension], *, share_of: str | None, rate_said: bool
) -> tuple[list[Measure], list[Dimension], list[str]]:
    """The measures, groupings and error_type filter for the kinds named in `t` (none named: unchanged, no filter).

    One kind counted ("rate-limit errors per provider") is a filter; a share of one ("what % of errors were
    timeouts", `share_of` "errors") is every kind side by side, each with its share of the whole."""
    kinds = compute_error_kinds(t)
    if not kinds or Dimension.ERROR_TYPE in dimensions:
        return measures, dimensions, []
    if share_of is not None:
        whole = (
            Measure.ERRORS
            if share_of.startswith("error")
            else Measure.SPEND
            if share_of.startswith(("spend", "cost", "bill"))
            else Measure.REQUESTS
        )
        return [whole], [Dimension.ERROR_TYPE, *dimensions][:3], []
    if rate_said or len(kinds) > 1:
        return measures, dimensions, []
    counted: list[Measure] = [m for m in measures if m != Measure.ERROR_RATE] or [Measure.ERRORS]
    if not {Measure.ERRORS, Measure.ERROR_SPEND} & set(counted) and Measure.REQUESTS in counted:
        counted = [Measure.ERRORS if m == Measure.REQUESTS else m for m in counted]  # "how many 429 requests"
    return counted, dimensions, kinds


# The whole a share's noun names, and the parts of it a measure can be ("what % of spend went on errors").
_WHOLES = {
    "spend": Measure.SPEND,
    "costs": Measure.SPEND,
    "cost": Measure.SPEND,
    "bill": Measure.SPEND,
    "requests": Measure.REQUESTS,
    "calls": Measure.REQUESTS,
    "traffic": Measure.REQUESTS,
    "tokens": Measure.TOTAL_TOKENS,
}
_PARTS = {
    Measure.SPEND: {Measure.ERROR_SPEND, Measure.BATCH_SPEND},
    Measure.REQUESTS: {Measure.ERRORS},
    Measure.TOTAL_TOKENS: {
        Measure.INPUT_TOKENS,
        Measure.OUTPUT_TOKENS,
        Measure.CACHED_TOKENS,
        Measure.REASONING_TOKENS,
    },
}


def compute_part_and_whole(noun: str, measures: list[Measure]) -> list[Measure]:
    """`measures` with the whole a share is of added after its part ("what share of spend was wasted on errors":
    error spend and spend), or unchanged when no measure asked is a part of the noun's whole."""
    whole = _WHOLES.get(noun.rstrip("s") + "s", _WHOLES.get(noun))
    if whole is None or whole in measures or not _PARTS[whole] & set(measures):
        return measures
    if whole == Measure.TOTAL_TOKENS and Measure.CACHED_TOKENS in measures:
        whole = Measure.INPUT_TOKENS  # cache reads are part of the input
    return [*measures, whole]


# An error kind left out ("calls that did not time out", "excluding rate limits", "non-timeout calls"): every call
# whose error type is not that kind (successful calls and the other errors), not the calls of that kind.
_NOT = (
    r"(?:did\s*n[o']?t|do\s*n[o']?t|does\s*n[o']?t|never|not|were\s*n[o']?t|was\s*n[o']?t|are\s*n[o']?t|"
    r"is\s*n[o']?t|without\s+being)"
)
_LEAVING = (
    r"(?:excluding|exclude|except(?:\s+for)?|other\s+than|besides|apart\s+from|ignoring|ignore|leaving\s+out|"
    r"leave\s+out|not\s+counting|minus|without|w/o)\s+(?:the\s+|any\s+|a\s+|all\s+)?"
)
_LEFT_OUT: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            rf"\b{_NOT}\s+(?:get\s+|being\s+|been\s+)?(?:time\s*out|timed\s*out|timing\s*out)\b|"
            rf"\b{_LEAVING}(?:time[- ]?outs?|timed[- ]out\s+(?:calls|requests))\b|\bnon[- ]?time[- ]?outs?\b"
        ),
        "timeout",
    ),
    (
        re.compile(
            rf"\b{_NOT}\s+(?:get\s+|being\s+|been\s+)?(?:rate[- ]?limited|throttled)\b|"
            rf"\b{_LEAVING}(?:rate[- _]?limits?|rate[- ]limit(?:ed)?\s+(?:calls|requests|errors)|429s?|throttl\w*)\b|"
            rf"\bnon[- ]?rate[- ]?limit(?:ed)?\b"
        ),
        "rate_limit",
    ),
    (
        re.compile(rf"\b{_LEAVING}(?:server[- _]errors?|5xxs?|internal\s+errors?)\b"),
        "server_error",
    ),
)


def compute_kinds_left_out(t: str) -> tuple[list[str], str]:
    """The error_type values lowered question `t` leaves out ("how many calls did not time out": timeout), and `t`
    without the words that leave them out (so no reader takes them for the kind's own calls)."""
    kinds: list[str] = []
    for pattern, value in _LEFT_OUT:
        if pattern.search(t):
            kinds.append(value)
            t = pattern.sub(" ", t)
    return kinds, " ".join(t.split())
