"""The measures a question names (issue #16): latency and TTFT percentiles, error counts, rates and spend, token
kinds, cost per request or per 1k tokens, quality, users, sessions, requests and spend; and what the store or the
query layer cannot answer at all. Read by compute_asked (asked.py).
"""

from __future__ import annotations

import re

from netra_core.agents.timerange import WORD_NUMBERS
from netra_core.analytics.semantic import Bound, Cut, Dimension, Measure

# Percentiles the query layer computes, read from its vocabulary (a percentile added there becomes answerable).
LATENCY_PERCENTILES = {int(m.value.rsplit("_p", 1)[1]): m for m in Measure if m.value.startswith("latency_p")}
TTFT_PERCENTILES = {int(m.value.rsplit("_p", 1)[1]): m for m in Measure if m.value.startswith("ttft_p")}

# What the store has no data for, whatever the tool: (pattern, what the answer says it cannot do).
UNANSWERABLE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?:€|£|¥|₹)|\b(?:eur|euros?|gbp|pounds? sterling|yen|jpy|inr|rupees?|cad|aud|chf|swiss francs?|"
            r"yuan|rmb|cny|sek|nok|dkk|pesos?|mxn|brl|reais)\b"
        ),
        "amounts in other currencies (Netra records costs in US dollars only, with no exchange rates)",
    ),
    (
        re.compile(
            r"\b(?:carbon|co2|co₂|emissions?|energy|kwh|kilowatt|electricity|power\b.{0,30}\b(?:use|usage|consum\w*|draw\w*)|"
            r"footprint|watts?)\b"
        ),
        "carbon, energy or power figures (the events carry no energy or emissions data)",
    ),
    (
        re.compile(r"\bgpus?\b|\bvram\b|\bgpu[- ]hours?\b|\bh100s?\b|\ba100s?\b"),
        "GPU usage (the events record API calls, not the hardware that served them)",
    ),
    (
        re.compile(
            r"\b(?:revenue|profits?|profitab\w*|margins?|roi|return on investment|income|earnings|sales figures)\b"
        ),
        "revenue, profit or margin (Netra has costs, not what the traffic earned)",
    ),
    (
        re.compile(
            r"\b(?:sentiment|satisf(?:ied|action)|csat|nps|frustrat\w*|angry|annoyed|unhappy|mood)\b|"
            r"\b(?:users?|customers?|people)\b.{0,30}\bhapp(?:y|ier|iest)\b|\bhapp(?:y|ier|iest)\s+(?:users?|customers?)"
        ),
        "user sentiment or satisfaction (the events carry quality scores, not how users felt)",
    ),
    (
        re.compile(
            r"\bprompt (?:text|contents?|wording)\b|\bcontents? of (?:the |our |their )?(?:prompts?|messages?|"
            r"requests?|conversations?)\b|\bwhat (?:do|did|are|were) (?:users|people|customers) (?:ask|asking|say|"
            r"saying|write|writing|talk)\w*\b|\b(?:topics?|themes?) (?:users|people|customers) \w+\b|"
            r"\bmost common (?:questions|prompts|requests)\b|"
            r"\b(?:actual|raw|full|exact|real|individual|example|sample)\s+(?:prompts?|messages?|questions|conversations?|"
            r"transcripts?|chat logs?)\b|\b(?:show|see|read|list|print|dump|give)\s+(?:me\s+|us\s+)?(?:the\s+|their\s+|"
            r"some\s+|a few\s+)?(?:prompts|messages|conversations|transcripts|chat logs)\b|"
            r"\bwhat (?:do|did|are|were|is|was) (?:the |our )?(?:users?|people|ppl|folks|customers?|they|employees|staff) "
            r"(?:ask|asking|say|saying|writ\w*|typ\w*|send\w*|talk\w*)(?:\s+[\w.-]+){0,5}\s*(?:about|\?|$)"
        ),
        "what prompts or conversations say (Netra stores a hash of each prompt, never its text)",
    ),
    (
        re.compile(
            r"\b(?:headcount|head count|employees|how many (?:engineers|developers|staff)|team size|"
            r"how many (?:people|folks)\b(?!\s+(?:have\s+|had\s+|are\s+|were\s+)?(?:used|use|uses|using|hit|called|"
            r"tried|sent|made|asked|touched|spent|spend|spending|paid|cost|ran up|racked up|burned|burnt)\b)|"
            r"salar(?:y|ies)|per (?:employee|engineer|developer|head))\b"
        ),
        "headcount or per-employee figures (Netra knows API users by id, not staff)",
    ),
    (
        re.compile(
            r"\b(?:churn\w*|retention|retained|sign[- ]?ups?|signed up|conversions?|conversion rate|"
            r"(?:customer |user )?lifetime value|ltv|cac|acquisition cost|(?:new|lost|paying) (?:customers|subscribers)|"
            r"subscribers?|subscriptions?|mrr|renewals?|retain\w*)\b|"
            # "convert to a paid plan", "upgraded to pro", "paying plans": what users bought, not what they called
            # (not "pro" or "free": "gemini-1.5-pro users", "the free tier of a provider" are the org's traffic)
            r"\bconvert\w*\b(?=.{0,40}\b(?:paid|paying|premium|plans?|customers?|trials?|purchas\w*)\b)|"
            r"\b(?:paid|paying|premium)[- ](?:plans?|tiers?|accounts?|users?)\b|\bupgrad\w*\s+to\s+(?:a\s+)?"
            r"(?:paid|paying|premium|enterprise)\b"
        ),
        "customer churn, retention, sign-ups or subscriptions (Netra records API traffic, not the customer lifecycle)",
    ),
)

# What the query layer lacks though the events hold it: said as not answerable, with what is answered instead.
LAYER_LACKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:slo|sla)s?\b.{0,30}\b(?:breach\w*|violat\w*|miss\w*|attain\w*|complian\w*)|"
            r"\b(?:breach\w*|violat\w*|miss\w*)\s+(?:\w+\s+){0,2}?latency\s+(?:slo|sla)s?\b"
        ),
        'the requests that breached a latency SLO (no latency target is given: say one, e.g. "the share of calls '
        'slower than 3 seconds")',
    ),
    (
        # "the best quality per dollar", "value for money", "bang for the buck": a ratio of quality to cost the query
        # layer does not compute (quality and cost per call are each answerable, and asked for apart)
        re.compile(
            r"\bquality\s+(?:per|for\s+(?:each|every|the))\s+(?:dollar|\$|buck|cent)\b|\bvalue\s+for\s+(?:the\s+)?money\b|"
            r"\bbang\s+for\s+(?:the\s+|your\s+|our\s+)?buck\b|\bquality[- ](?:to|per|/)[- ]?(?:cost|price|spend)\s+ratio\b|"
            r"\b(?:cost|price)[- ](?:to|per|/)[- ]?quality\s+ratio\b"
        ),
        "quality per dollar (a ratio of quality to cost is not computed: ask for the mean quality and the cost per "
        "call, which are given side by side)",
    ),
    (
        # "when was our last error from groq", "when did the first timeout happen": the moment of one failed call
        re.compile(
            r"\bwhen\s+(?:was|did|were)\s+(?:the|our|its|their|we\s+(?:get|see|have)\s+(?:the|our))\s+"
            r"(?:very\s+)?(?:last|latest|most\s+recent|first|earliest)\s+(?:\w+\s+)?(?:errors?|failures?|time[- ]?outs?|"
            r"rate[- ]limits?|429s?|outages?|failed\s+(?:calls?|requests?))\b"
        ),
        "the moment of the last or first failed call (the figures are per window: ask for the errors per hour or per "
        "day of a window)",
    ),
    (
        # "how many calls per minute did we peak at", "the peak requests per second": the finest bucket is an hour
        re.compile(
            r"\bpeak\w*\b.{0,50}?\bper\s+(?:minute|min|second|sec)\b|\bper\s+(?:minute|min|second|sec)\b.{0,40}?"
            r"\b(?:peak\w*|at\s+(?:the|its)\s+(?:busiest|highest|most)|max(?:imum)?)\b|"
            r"\b(?:max(?:imum)?|highest|busiest)\s+(?:calls|requests|rpm|rps|qps)\s+per\s+(?:minute|second)\b|"
            r"\b(?:peak|max(?:imum)?)\s+(?:rpm|rps|qps)\b"
        ),
        "the peak rate per minute or per second (the finest bucket is an hour: ask for the busiest hour, or the "
        "average per minute over a window)",
    ),
)
NUM_WORD = r"(\d{1,3}|" + "|".join(w for w in WORD_NUMBERS if w not in ("a", "an", "couple", "few")) + r")"
_PCT = re.compile(
    r"\bp(\d{1,2}(?:\.\d+)?)\b|\b(\d{2}(?:\.\d+)?)(?:st|nd|rd|th)?[- ]?(?:percentile|pctl|pct)\b|"
    # "the 95th and 99th percentile", "90th, 95th or 99th percentiles": each one listed before the word
    r"\b(\d{2}(?:\.\d+)?)(?:st|nd|rd|th)?(?=(?:\s*(?:,|and|&|/|or)\s*(?:the\s+)?\d{2}(?:\.\d+)?(?:st|nd|rd|th)?)+"
    r"[- ]?(?:percentiles?|pctls?|pcts?)\b)"
)
_MEDIAN = re.compile(r"\bmedian\b")
# A quantile of one request's tokens: "p90 of input tokens", "the median prompt tokens", "output tokens p95".
_TOKEN_QUANTILE = re.compile(
    r"\b(?:p(?P<p1>\d{2})|(?P<p2>\d{2})(?:st|nd|rd|th)?[- ]?percentile|median)\s+(?:of\s+|for\s+)?(?:the\s+)?"
    r"(?:number\s+of\s+)?(?P<k1>input|prompt|output|completion)\s+tokens?\b(?:\s+(?:per|a|each)\s+(?:call|request)s?\b)?|"
    r"\b(?P<k2>input|prompt|output|completion)\s+tokens?\s+(?:per\s+(?:call|request)\s+)?(?:at\s+)?(?:the\s+)?"
    r"p(?P<p3>\d{2})\b"
)
_TOKENS_PER_PART = re.compile(
    r"\btok(?:en)?s?\s+(?:per|a|each|in\s+(?:a|each|the\s+average|an\s+average))\s+(?:single\s+)?"
    r"(?P<part>completion|response|answer|reply|generation|prompt)s?\b"
)
_TOKEN_LEVELS = tuple(str(level) for level in range(1, 100))  # every percentile (semantic.QUANTILE_KINDS)


def _unheld_token_level(level: str, kind: str) -> str:
    """What cannot be answered when a token quantile other than _TOKEN_LEVELS is asked ("p75 of output tokens")."""
    return f"p{level} of {kind} tokens (the query layer computes its whole percentiles, p1 to p99)"


# The quantiles listed before the one a token quantile names ("median and p90 of output tokens", "p50, p90 and p99
# of prompt tokens"): each asked of the same tokens.
_QUANTILES_BEFORE = re.compile(
    r"(?:\b(?:p\d{2}|median|\d{2}(?:st|nd|rd|th)?[- ]?(?:percentile)?)\s*(?:,\s*(?:and\s+|&\s+)?|and\s+|&\s+|/\s*)"
    r"(?:the\s+)?)+$"
)
_QUANTILE_LEVEL = re.compile(r"\bp(\d{2})\b|\b(\d{2})(?:st|nd|rd|th)?\b|\b(median)\b")
_TTFT = re.compile(r"\bttft\b|\btime[- ]to[- ]first[- ]tokens?\b|\bfirst[- ]token\b|\btime to (?:the )?first\b")
_LATENCY = re.compile(r"\blaten\w*|\bslow\w*|\bfast\w*|\bresponse times?\b|\bspeed\b|\blag\b|\bduration\b")
_LATENCY_NAMED = re.compile(r"\blaten\w*|\bresponse times?\b|\blag\b|\bduration\b|\bend[- ]to[- ]end\b")
GROWTH = re.compile(
    r"\b(?:fastest|quickest)[- ]grow\w*|\b(?:gr[eo]w\w*|ris\w*|rose|increas\w*|climb\w*|jump\w*)\s+"
    r"(?:the\s+)?(?:fastest|quickest|most)\b|"
    # "biggest mover this week", "which workload moved the most": each group's change, ranked by its size
    r"\b(?:biggest|largest|top|main)\s+(?:movers?|swings?)\b|\bmoved\s+(?:the\s+)?most\b"
)
SHARE = re.compile(
    r"(?:\bpercent(?:age)?|\bpct|\bshare|\bproportion|\bfraction|\bportion|%|\bhow much|\bwhat part|"
    r"\bratio)\s+of\s+(?:our\s+|the\s+|total\s+|all\s+|overall\s+|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:'s)?\s+|(?:today|yesterday)'s\s+|"
    r"(?:last|this|past) (?:\w+ )?(?:days?|weeks?|months?|quarter|year)'s?\s+|"
    r"(?:q[1-4]|week|month|quarter|year)[- ]to[- ]date\s+|[wmqy]td\s+)*(?:spend\w*|costs?|bill|charges|outlay|"
    r"(?:(?:request|call|traffic)s?\s+)?volume|requests|traffic|calls|hits|invocations|tokens|errors|api calls|total)\b"
)
# A share of a named value's whole ("what share of sales-agent spend came from failed calls", "what % of gpt-4o's
# tokens were output tokens"): the part over that value's own whole, not the value's share of everyone's.
SHARE_OF_NAMED = re.compile(
    r"(?:\bpercent(?:age)?|\bpct|\bshare|\bproportion|\bfraction|\bportion|%|\bhow much|\bwhat part)\s+of\s+"
    r"(?:our\s+|the\s+|total\s+|all\s+|overall\s+)*(?:[a-z0-9]+(?:[-.][a-z0-9]+)+(?:'s)?|(?:[a-z0-9]+\s+)?"
    r"[a-z0-9-]+'s)\s+(?:total\s+|overall\s+)?(?:spend\w*|costs?|bill|requests|traffic|calls|tokens)\b"
)
# A part against a fraction of the whole: "is gpt-4o more than half of our spend", "under a third of the calls",
# "over 40% of all tokens": the part's share of the whole (the share is the figure the fraction is compared with).
FRACTION_OF = re.compile(
    r"\b(?:more|less|fewer|over|under|above|below|at\s+least|at\s+most|nearly|almost|about|around)\s+(?:than\s+)?"
    r"(?:half|a\s+(?:third|quarter|fifth|tenth)|one\s+(?:third|quarter|fifth|tenth)|two\s+thirds|three\s+quarters|"
    r"\d{1,2}(?:\.\d+)?\s*(?:%|percent\b))\s+of\s+(?:our\s+|the\s+|all\s+|total\s+|overall\s+)*"
    r"(?:spend\w*|costs?|bill|requests|traffic|calls|tokens|errors)\b"
)
_FRACTION_WORDS = {
    "half": 0.5,
    "third": 1 / 3,
    "quarter": 0.25,
    "fifth": 0.2,
    "tenth": 0.1,
    "two thirds": 2 / 3,
    "three quarters": 0.75,
}
_FRACTION_BOUNDS = {
    "more": Bound.ABOVE,
    "over": Bound.ABOVE,
    "above": Bound.ABOVE,
    "at least": Bound.AT_LEAST,
    "less": Bound.BELOW,
    "fewer": Bound.BELOW,
    "under": Bound.BELOW,
    "below": Bound.BELOW,
    "at most": Bound.AT_MOST,
}


def compute_fraction_bound(t: str) -> Cut | None:
    """The fraction of the whole a part is compared with in lowered text `t` ("more than half of our spend": above
    0.5), or None ("about a third": no bound, only the share)."""
    m = FRACTION_OF.search(t)
    if m is None:
        return None
    said = " ".join(m.group(0).split())
    op = next((b for w, b in _FRACTION_BOUNDS.items() if said.startswith(w)), None)
    if op is None:
        return None
    if (n := re.search(r"(\d{1,2}(?:\.\d+)?)\s*(?:%|percent)", said)) is not None:
        return Cut(bound=op, value=float(n.group(1)) / 100)
    word = next(w for w in sorted(_FRACTION_WORDS, key=len, reverse=True) if re.search(rf"\b{w}\b", said))
    return Cut(bound=op, value=_FRACTION_WORDS[word])


_AVG_LATENCY = re.compile(
    r"\b(?:avg|average|mean|typical)\s+(?:\w+\s+){0,2}?(?:laten\w*|response times?|duration)|"
    r"\blaten\w*\s+(?:\w+\s+){0,2}?on average\b"
)
# The slowest single call ("u3's slowest call", "the longest request", "max latency"): the largest latency, not a
# ranking of models by their latency ("which model is slowest") nor a percentile.
_MAX_LATENCY = re.compile(
    r"\b(?:slowest|longest)\s+(?:single\s+|one\s+|individual\s+)?(?:(?!(?:models?|workloads?|providers?|vendors?|task|users?|per|a|each|every)\b)[\w.-]+\s+){0,2}?(?:call|request|response|"
    r"completion)\b(?!s)|"
    r"\bmax(?:imum)?\s+(?:\w+\s+)?(?:latency|response time|duration)\b|\b(?:latency|response time)\s+max(?:imum)?\b|"
    r"\bworst[- ]case\s+latency\b"
)
_AVG_TTFT = re.compile(r"\b(?:avg|average|mean|typical)\s+(?:\w+\s+){0,2}?(?:ttft|time[- ]to[- ]first|first[- ]token)")
_AVERAGE = re.compile(r"\b(?:avg|average|mean)\b")
# "the most slow one, in average", "the biggest prompts on average": the mean, said after the measure (not "per day
# on average", a mean of daily totals)
_ON_AVERAGE = re.compile(r"\b(?:in|on) (?:the )?(?:average|avg)\b|\bon avg\b")
_PER_PERIOD = re.compile(r"\b(?:per|a|each|every) (?:day|week|month|hour)\b|\b(?:daily|weekly|monthly|hourly)\b")
_ERROR_WORD = (
    r"(?:errors?|errored|erroring|fail\w*|timeouts?|timed[- ]out|retries|429s?|5xxs?|rate[- ]limit\w*|throttl\w*)"
)
_MONEY_WORD = r"(?:spen[dt]|spending|cost|costs|wasted?|paid|pay|burn\w*|dollars|money|\$)"
_ERROR_SPEND = re.compile(
    rf"\b{_MONEY_WORD}\s+(?:\w+\s+){{0,3}}?(?:on|in|for|by|from|to)\s+(?:\w+\s+){{0,2}}?{_ERROR_WORD}|"
    rf"\b{_ERROR_WORD}\s+(?:requests?|calls?|traffic|ones)?\s*(?:cost|costs|spend|spent|burn\w*|wasted?)\b|"
    rf"\b{_MONEY_WORD}\s+(?:\w+\s+){{0,3}}?(?:on|in|for)\s+(?:the\s+|our\s+)?(?:requests?|calls?)\s+(?:that|which)\s+"
    rf"(?:\w+\s+){{0,3}}?{_ERROR_WORD}|"
    rf"\b(?:cost|spend|price) of (?:the |our |all )?(?:\w+ )?{_ERROR_WORD}|\berror (?:spend|cost)\b|\bwasted\b"
)
_ERROR_RATE = re.compile(
    rf"\b(?:error|failure|fail|timeout)[- ]rates?\b|\b{_ERROR_WORD}\s*%|\b(?:share|percent\w*|"
    rf"fraction|proportion) of (?:\w+ )?(?:requests?|calls?)?\s*(?:that )?{_ERROR_WORD}"
)
_ERROR_COUNT = re.compile(
    rf"\bhow many (?:\w+ )?{_ERROR_WORD}|\b(?:number|count|total) of (?:\w+ )?{_ERROR_WORD}|"
    rf"\berror counts?\b|\bhow many (?:of (?:its|their|our|the|them|these|those|his|her) )?(?:\w+ )?"
    rf"(?:requests|calls|hits|invocations) (?:\w+ )?(?:failed|errored|timed[- ]out|erred)"
)
_ANY_ERROR = re.compile(rf"\b{_ERROR_WORD}\b")
_PER_1K = re.compile(
    r"(?:\b(?:cost|costs|spend|spent|price|pay|paid|dollars|usd)\s+(?:\w+\s+)?|\$\s*)?"
    r"(?:\bper\s+(?:1k|1,?000|thousand|1 k|k)\s+(?:(?P<kind>input|prompt|output|completion)\s+)?tok\w*|"
    r"/\s*1k\s*tok\w*|\bper\s+tokens?\b)|"
    r"\btokens?\s+(?:\w+\s+){0,3}?(?:cost|costs|price)\s+(?:\w+\s+)?per\s+(?:1k|1,?000|thousand|k)\b"
)
# "per million tokens", "per 1M tokens", "/1m tok", "per mtok": a price list's unit (the org's own cost, when its
# traffic is asked about)
_PER_1M = re.compile(
    r"(?:\b(?:cost|costs|spend|spent|price|pay|paid|dollars|usd)\s+(?:\w+\s+)?|\$\s*)?"
    r"(?:\bper\s+(?:1m|1,?000,?000|million|mil|1 m)\s+(?:(?P<kind>input|prompt|output|completion)\s+)?tok\w*|"
    r"/\s*1m\s*tok\w*|\bper\s+mtoks?\b)"
)
# What one call cost at a quantile ("the median cost per call", "p95 request cost", "the 90th percentile of cost per
# request"), or the most expensive call ("the priciest single request"): one call's cost, not spend over calls.
_CALL = r"(?:call|request|req|query|api call|completion|invocation)"
_COST_QUANTILE = re.compile(
    rf"\b(?:(?P<median>median)|p(?P<p>\d{{1,2}})(?:\s+of)?|(?P<p2>\d{{2}})(?:st|nd|rd|th)?[- ]percentile(?:\s+of)?)\s+"
    rf"(?:the\s+)?"
    rf"(?:(?:cost|spend|price|charge)\s+(?:per|of\s+(?:a|one|each)|a|each|/)\s*(?:single\s+)?{_CALL}s?\b|"
    rf"{_CALL}\s+(?:cost|spend|price)s?\b|per[- ]{_CALL}\s+(?:cost|spend|price)s?\b)"
)
# The levels and the mean listed before a cost quantile ("mean vs median cost per call", "p50, p90 and p99 cost per
# call", "the average and the median cost per request").
_COST_LISTED_BEFORE = re.compile(
    r"(?:\b(?:mean|average|avg|median|p\d{1,2})\s*(?:,\s*(?:and\s+|&\s+)?|and\s+|&\s+|/\s*|vs\.?\s+|versus\s+|"
    r"or\s+|against\s+|compared\s+(?:to|with)\s+)(?:the\s+)?)+$"
)
_COST_LISTED_AFTER = re.compile(
    r"\s*(?:,\s*(?:and\s+|&\s+)?|and\s+|&\s+|/\s*|vs\.?\s+|versus\s+|or\s+)(?:the\s+|its\s+|their\s+)?"
    r"(?:(?P<median>median)|p(?P<p>[1-9]\d?)|(?P<p2>[1-9]\d)(?:st|nd|rd|th)?[- ]percentile)"
    r"(?=\s*(?:$|[?.,;!)]|and\b|&|too\b|as\s+well\b|of\s+(?:it|that|them)\b))"
)
_COST_LISTED_LEVEL = re.compile(r"\b(?P<mean>mean|average|avg)\b|\bp(?P<p>\d{1,2})\b|\bmedian\b")
_COST_LEVELS = tuple(str(level) for level in range(1, 100))
_COST_MAX = re.compile(
    rf"\b(?:most\s+expensive|priciest|costliest|dearest|biggest|largest)\s+(?:single\s+|one\s+|individual\s+)?"
    rf"{_CALL}\b(?!s)|\b(?:max(?:imum)?|highest|largest|biggest)\s+(?:cost|spend)\s+(?:of\s+)?(?:a|one|any)\s+"
    rf"(?:single\s+)?{_CALL}\b"
)
# Calls listed one by one ("the 5 most expensive individual calls"): the layer aggregates; the most expensive one's
# cost is what it answers.
_CALLS_LISTED = re.compile(
    rf"\b(?:most\s+expensive|priciest|costliest|dearest)\s+(?:single\s+|individual\s+)?{_CALL}s\b"
)
PER_REQUEST = re.compile(
    r"(?:\b(?:cost|spend|price|dollars|usd)|\$)\s+(?:\w+\s+)?(?:per|a|each|/)\s*(?:single\s+)?"
    r"(?:request|req|call|query|queries|api call)s?\b|\bunit cost\b|\bcost/request\b|"
    r"(?:\$|\b(?:cost|spend|price|usd|dollars))\s*/\s*(?:request|req|call|query)s?\b|"
    # "the per-call cost", "our per request spend": the unit said before the money word
    r"\bper[- ](?:request|req|call|query|api[- ]call)\s+(?:cost|spend|price)s?\b"
)
# "cheapest per request", "what does one search-rag request cost", "what did a request cost on it": a unit cost.
_PER_REQUEST_SAID = re.compile(
    r"\b(?:cheap\w*|expensive|costl\w*|pric(?:ey|ier|iest))\s+(?:\w+\s+)?(?:per|a|each|/)\s*"
    r"(?:single\s+)?(?:request|call|query|api call)\b|\b(?:one|a|an|each|single|per|the "
    r"average|an average|a typical|one single)\s+(?:[\w.-]+\s+){0,2}?(?:request|call|query|"
    r"api call)\s+(?:\w+\s+){0,2}?(?:cost|costs|costed|set us back)\b|"
    # "what each of those calls costs us", "what each of its requests costs", "what one of its calls costs on
    # average": one call's cost, on average
    r"\b(?:each|one|any)\s+of\s+(?:those|these|the|its|their|our|them)\s+(?:[\w.-]+\s+)?(?:requests|calls|queries|api calls)\s+"
    r"(?:\w+\s+){0,2}?(?:cost|costs|costed|set us back)\b|"
    r"\b(?:avg|average|mean|typical)\s+(?:cost|price|spend)\s+(?:of|for|per)\s+(?:a|an|one|each|"
    r"the|every)?\s*(?:[\w.-]+\s+){0,2}?(?:request|call|query|api call)s?\b|"
    # the cost before the call, in a non-native word order: "how much is costing one call in average", "how much
    # costs each request of the support-bot", "one call is costing how much"
    r"\bhow much\s+(?:is\s+|are\s+|was\s+|does\s+|did\s+|do\s+)?(?:it\s+)?cost(?:s|ing|ed)?\s+(?:us\s+)?"
    r"(?:one|a|an|each|every|per|a single|one single)\s+(?:[\w.-]+\s+)?(?:request|call|query|api call)\b|"
    r"\b(?:one|a|each|a single)\s+(?:request|call|query|api call)\s+(?:(?:of|on|to|for)\s+[\w.-]+\s+)?(?:is|was)\s+"
    r"costing\b"
)
PER_OTHER_UNIT = re.compile(
    r"(?:\b(?:cost|spend|price|dollars|usd)|\$)\s+(?:\w+\s+)?(?:per|a|each|/)\s*(?:(?:single|active|unique|distinct|paying|monthly active)\s+)?"
    r"(?:user|session|conversation|chat|thread|ticket|customer)s?\b"
)
# "cost per user", "spend per active user", "cost per session", "$ per conversation": all spend over the distinct
# users or sessions (a ticket or a customer is not held: those stay the unit-cost tool's, which says what it has)
_PER_PERSON = re.compile(
    r"(?:\b(?:cost|costs|spend|spending|price|dollars|usd)|\$)\s+(?:\w+\s+)?(?:per|a|each|/)\s*"
    r"(?:(?:single|active|unique|distinct|paying|monthly active)\s+)?"
    r"(?:(?P<user>user)|(?P<session>session|conversation|chat|thread))s?\b"
)
# "how many times more expensive is a sonnet call than a haiku call", "is one gpt-4o request pricier than ...": one
# call's cost compared, the cost per request (not the spend of all calls)
_CALL_EXPENSE = re.compile(
    r"\b(?:more|less)\s+expensive\s+(?:is|was|are|were)\s+(?:a|an|one|each|the average|the typical)\s+"
    r"(?:[\w.-]+\s+){0,2}?(?:call|request|query)\b|"
    r"\b(?:a|an|one|each)\s+(?:[\w.-]+\s+){0,2}?(?:call|request|query)\s+(?:is|was|costs?)\s+(?:\w+\s+){0,3}?"
    r"(?:more expensive|less expensive|pricier|cheaper|dearer)\b"
)
_THOUSAND = r"(?:1,000|1000|1k|a thousand|one thousand|thousand)\s+(?:requests|calls|queries|api calls)"
# "cost per 1,000 calls", "how much do 1,000 calls cost", "the cost of a thousand requests": spend per 1,000 requests
_PER_1K_REQUESTS = re.compile(
    rf"(?:\b(?:cost|costs|spend|price)\s+)?\b(?:per|every|each|/)\s*{_THOUSAND}\b|"
    rf"\bhow much\s+(?:do|does|would|will|did|could)\s+{_THOUSAND}\s+(?:\w+\s+)?cost\b|"
    rf"\b(?:cost|price|spend)\s+(?:of|for)\s+{_THOUSAND}\b|"
    rf"(?<!than )(?<!over )(?<!above )(?<!under )(?<!least )\b{_THOUSAND}\s+(?:would\s+|will\s+)?costs?\b"
)
# "which workload costs the most per session", "the cheapest model per call", "most expensive per 1k tokens": the
# unit cost ranked (each group's spend over its sessions, calls, tokens), not spend grouped by the unit too.
_UNIT = (
    r"(?:(?:single|active|unique|distinct)\s+)?(?:sessions?|conversations?|users?|calls?|requests?|queries|query|"
    r"api calls?|(?:1k|1,?000|thousand|1m|1,?000,?000|million|mil)\s+(?:(?:input|output|prompt|completion)\s+)?"
    r"tok\w*|tokens?)"
)
_RANKED_UNIT_COST = re.compile(
    r"\b(?:(?:costs?|spends?|spent|spending|charges?|charged|burns?)\s+(?:us\s+)?(?:the\s+)?(?P<a>most|least|highest|"
    r"lowest)(?:\s+money)?|(?:the\s+)?(?P<b>most|least)\s+(?:expensive|costly)|(?P<c>cheapest|priciest|costliest|"
    r"dearest|most expensive|least expensive))\s+(?:per|a|each|for each|for every|/)\s*(?P<unit>" + _UNIT + r")\b"
)
_LOW = ("least", "lowest", "cheapest")
_COMPARED_UNIT_COST = re.compile(
    # ("how much cheaper per call is it": the difference, read elsewhere)
    r"(?<!much )(?<!far )(?<!% )(?<!percent )\b(?P<cmp>cheaper|pricier|costlier|dearer|more\s+expensive|less\s+expensive)(?P<than>\s+than\s+[\w.-]+(?:\s+[\w.-]+)?)?"
    r"\s+(?:per|a|each|for\s+each|/)\s*(?P<unit>" + _UNIT + r")\b"
)
# The rank said before the group and the unit after it: "our most expensive task type per call", "the cheapest model
# that support-bot used last week, per call", "the priciest workload, per session"
_RANKED_GROUP_UNIT_COST = re.compile(
    r"\b(?P<c>cheapest|priciest|costliest|dearest|most expensive|least expensive)\s+"
    r"(?P<group>(?:workload|model|provider|vendor|task[- ]type|task|user|feature|app|bot|agent|region)s?)\b"
    r"(?P<mid>[^.?!;]{0,60}?)[,\s]+(?:per|a|each|for each|for every|/)\s*(?P<unit>" + _UNIT + r")\b"
)


def compute_ranked_unit_cost(t: str) -> str:
    """Lowered text `t` with a unit cost ranked read as that cost ("costs the most per session": "the most cost per
    session"; "cheapest per user": "the least cost per user"), so the unit is the cost's, not a grouping."""

    def said(m: re.Match[str]) -> str:
        rank = m["a"] or m["b"] or m["c"]
        low = rank in _LOW or rank.startswith("least")
        return f"has the {'least' if low else 'most'} cost per {m['unit']}"

    def said_of_group(m: re.Match[str]) -> str:
        low = m["c"] in _LOW or m["c"].startswith("least")
        return f"which {m['group']}{m['mid']} has the {'least' if low else 'most'} cost per {m['unit']}"

    t = _RANKED_GROUP_UNIT_COST.sub(said_of_group, _RANKED_UNIT_COST.sub(said, t))
    # "is gemini cheaper than gpt-4o-mini per call": the two compared on their cost per call
    return _COMPARED_UNIT_COST.sub(lambda m: f"{m['cmp']}{m['than']} in cost per {m['unit']}", t)


_TOKEN_KINDS = (
    (
        re.compile(
            # ("tokens in" is the input side when nothing follows it: "completion tokens in october" is a window)
            r"\b(?:input|prompt)(?:\s+(?:and|&|/|or)\s+(?:output|completion))?[- ]tokens?\b|\btokens? sent\b|"
            r"\btokens? in\b(?=\s*(?:$|[?.,;:!/)&]|-\s|(?:and|or|vs|versus|against|compared)\b))"
        ),
        Measure.INPUT_TOKENS,
    ),
    (
        re.compile(
            r"\b(?:output|completion|generated)(?:\s+(?:and|&|/|or)\s+(?:input|prompt))?[- ]tokens?\b|"
            r"\b(?:input|prompt)\s+(?:and|&|/|or)\s+(?:output|completion)[- ]tokens?\b|\btokens? (?:out|generated)\b"
        ),
        Measure.OUTPUT_TOKENS,
    ),
    (
        re.compile(
            r"\b(?:cached|cache[- ]read|cache)[- ](?:(?:input|prompt)[- ])?tokens?\b|\bcache reads?\b|\btokens?\s+(?:\w+\s+)?(?:were|are|was|"
            r"got|get|is)\s+(?:cached|read from (?:the )?cache|served from (?:the )?cache)\b"
        ),
        Measure.CACHED_TOKENS,
    ),
    (re.compile(r"\b(?:reasoning|thinking)[- ]tokens?\b"), Measure.REASONING_TOKENS),
    (
        re.compile(
            r"\btotal tokens?\b|\bhow many (?:more |fewer |less )?tokens\b|\btokens? (?:used|consumed|processed)\b|\bnumber of tokens\b|"
            r"\btoken (?:volume|total)s?\b|"
            # "daily tokens", "hourly token usage": a series of the tokens summed (no kind said; "token usage" alone
            # is the token tool's every kind)
            r"\b(?:daily|hourly|weekly|monthly|day[- ]by[- ]day|week[- ]by[- ]week)\s+tok(?:en)?s?\b|"
            # "toks per workload this wk", "tokens by model": each group's tokens, summed (no mean said before them;
            # "tokens per request" is a request's mean, read below)
            r"(?<!avg )(?<!mean )(?<!average )(?<!typical )(?<!input )(?<!prompt )(?<!output )(?<!completion )"
            r"(?<!cached )(?<!reasoning )(?<!thinking )(?<!cache )\btokens\s+(?:per|by|for each|for every|of each)\s+"
            r"(?:workload|model|provider|task type|user|customer|session|feature|app|region|day|hour|week|month)s?\b"
        ),
        Measure.TOTAL_TOKENS,
    ),
)
# "uncached prompt tokens", "cached vs uncached prompt toks": input tokens not read from cache (beside the cached ones)
_UNCACHED = re.compile(
    r"\b(?:(?P<both>(?:cached|cache[- ]read)\s+(?:and|&|/|or|vs\.?|versus)\s+)?)(?:un|non[- ]?)cached\s+"
    r"(?:(?:input|prompt)\s+)?tok\w*"
)
# "token breakdown", "tokens by kind", "what kinds of tokens": every kind the events hold, each one's total.
_TOKENS_BY_KIND = re.compile(
    r"\btokens?\s+(?:usage\s+|use\s+)?(?:break\s?downs?|mix|split|composition)\b|"
    r"\btokens?\s+(?:usage\s+|use\s+|counts?\s+|totals?\s+)?(?:broken\s+down\s+|split\s+|grouped\s+)?(?:by|per|of each)\s+"
    r"(?:token\s+)?(?:kind|type|category)s?\b|\b(?:kinds?|types?|categor(?:y|ies))\s+of\s+tokens?\b|"
    r"\bbreak\w*\s+(?:down\s+)?(?:our\s+|the\s+|my\s+)?tokens?(?:\s+usage)?(?:\s+down)?\b|\btoken\s+(?:kinds|types)\b"
)
TOKEN_KINDS = [Measure.INPUT_TOKENS, Measure.CACHED_TOKENS, Measure.OUTPUT_TOKENS, Measure.REASONING_TOKENS]
# "tokens a day (input plus output)", "prompt + completion tokens", "input and output tokens combined": one sum of
# both kinds, not each apart ("input and output tokens" alone is each kind's total).
_TOKENS_SUMMED = re.compile(
    r"\b(?:input|prompt)(?:\s+tokens?)?\s*(?:plus|\+)\s*(?:output|completion)(?:\s+tokens?)?\b|"
    r"\b(?:input|prompt)(?:\s+tokens?)?\s*(?:and|&)\s*(?:output|completion)(?:\s+tokens?)?\s*"
    r"(?:combined|together|summed|added(?:\s+up)?|in total|put together)\b|"
    r"\btok\w*\s*(?:\w+\s+){0,3}?\(\s*(?:input|prompt)\s*(?:and|&|plus|\+)\s*(?:output|completion)\s*\)"
)
# A mean of one call's tokens said beside their sum ("avg tokens per call (input + output)", "tokens per request").
_MEAN_PER_CALL = re.compile(
    r"\b(?:avg|average|mean|typical)\s+(?:\w+\s+){0,2}?(?:tok\w*|size|length)\b(?:\s+(?:per|a|each|/)\s*(?:request|call)s?\b)?|"
    r"\btok\w*\s+(?:per|a|each|/)\s*(?:request|call)s?\b"
)
# "the average total tokens per request", "mean combined tokens per call", "total tokens per call": one call's tokens.
_MEAN_TOTAL_TOKENS = re.compile(
    r"\b(?:avg|average|mean|typical)\s+(?:number\s+of\s+)?(?:total|combined)\s+(?:number\s+of\s+)?tok\w*"
    r"(?:\s+(?:per|a|each|/)\s*(?:request|call)s?\b)?(?!\s+(?:per|a|each|every)\s+(?:day|week|month|hour)\b)|"
    r"\b(?:total|combined)\s+tok\w*\s+(?:per|a|each|/)\s*(?:request|call)\b"
)
_TOKENS_SPLIT = re.compile(r"(?=.*\btok\w*)(?=.*\b(?:prompt|input)s?\b)(?=.*\b(?:completion|output)s?\b)")
_MEAN_OF = {Measure.INPUT_TOKENS: Measure.AVG_INPUT_TOKENS, Measure.OUTPUT_TOKENS: Measure.AVG_OUTPUT_TOKENS}
_AVG_TOKENS = re.compile(
    r"\b(?:avg|average|mean|typical)\s+(?:prompt|input|context|request)?\s*(?:size|length|tokens?)\b|"
    r"\btokens? per (?:request|call)\b|\bprompt (?:size|length)s?\b"
)
# "the input vs output token ratio", "ratio of prompt to completion tokens", "output:input ratio": one measure (the
# answer states input tokens per output token; its inverse is one division away, said the other way round)
_TOKEN_RATIO = re.compile(
    r"\b(?:input|prompt|output|completion)s?(?:[- ]tokens?)?\s*(?:vs\.?|versus|to|/|:|-to-)\s*(?:output|completion|"
    r"input|prompt)s?(?:[- ]tokens?)?\s+(?:tokens?\s+)?ratios?\b|\bratios? (?:of|between) (?:the\s+)?(?:input|prompt|"
    r"output|completion)s?(?:[- ]tokens?)? (?:to|and|vs\.?|versus) (?:the\s+)?(?:output|completion|input|prompt)s?"
    r"(?:[- ]tokens?)?"
)
# "output tokens per input token", "completion tokens for every prompt token": one kind's total over the other's.
_PER_TOKEN = re.compile(
    r"\b(?P<a>input|prompt|output|completion)\s+tokens?\s+(?:per|for\s+each|for\s+every|a|/)\s*(?:one\s+|each\s+|"
    r"single\s+)?(?P<b>input|prompt|output|completion)\s+tokens?\b"
)
# "and the ratio between the two", "and their ratio": with input and output tokens both named, one over the other
_RATIO_OF_THE_TWO = re.compile(r"\bratios?\s+(?:between|of)\s+(?:the\s+)?(?:two|both|them)\b|\b(?:their|the)\s+ratio\b")
# "prompt tokens, completion tokens, and the two added together", "input and output tokens plus the total": the two
# kinds' sum beside each of them
_SUM_OF_THE_TWO = re.compile(
    r"\b(?:the\s+)?(?:two|both|them)\s+(?:added|summed|combined|put)(?:\s+(?:together|up))?\b|"
    r"\b(?:sum|total)\s+of\s+(?:the\s+)?(?:two|both|them|those)\b|\b(?:the\s+)?(?:two|both)\s+together\b|"
    r"\b(?:and|plus|with)\s+(?:the\s+|their\s+)?(?:grand\s+|combined\s+|overall\s+)?(?:total|sum)\b(?!\s+(?:cost|spend|prompt|completion|input|output)\b)|"
    r"\b(?:total|combined|overall)\s+tokens\b|\bcombined\s+total\b"
)
# "the largest single prompt", "the biggest prompt we sent", "max prompt tokens", "the most input tokens in one call":
# the prompt tokens of the one request with the most, not a total
_LARGEST_PROMPT = re.compile(
    r"\b(?:largest|biggest|longest|heaviest)\s+(?:single\s+|one\s+|individual\s+)?prompt\b(?!\s+(?:spend|cost))|"
    r"\bmax(?:imum)?\s+(?:single\s+)?(?:input|prompt)\s+(?:tokens?|size|length)\b|"
    r"\b(?:most|largest|biggest)\s+(?:input|prompt)\s+tokens?\s+(?:in|of|for|on)\s+(?:a|one|any)\s+(?:single\s+)?"
    r"(?:call|request|prompt)\b|"
    r"\b(?:largest|biggest)\s+(?:single\s+|one\s+)?(?:call|request)\s+(?:by|in)\s+(?:input|prompt)\s+tokens?\b"
)
# "our success rate", "what % of calls succeeded": the share of requests that did not fail
_SUCCESS_RATE = re.compile(
    r"\bsuccess(?:ful)?[- ]rates?\b|(?:\b(?:share|percent\w*|fraction|proportion)|%) of (?:\w+ )?(?:requests?|calls?)?\s*"
    r"(?:that |which )?(?:succeed\w*|were successful|went through|worked)\b"
)
_QUALITY = re.compile(r"\bquality\b|\beval(?:uation)? scores?\b")
QUALITY_TREND = re.compile(
    r"\b(?:dropping|dropped|declin\w*|degrad\w*|worse|worsen\w*|falling|fell|slipping|"
    r"slipped|sliding|tank\w*|regress\w*|going down|gone down|getting (?:better|worse)|"
    r"improv\w*|trend\w*|over time|changed?|changing|dip\w*)\b"
)
_USERS = re.compile(
    r"\bhow many (?:\w+ )?(?:users|customers)\b|"
    # "how many ppl used code-review": the distinct users of it (people *working* here are headcount, declined)
    r"\bhow many (?:people|folks)\s+(?:have\s+|had\s+|are\s+|were\s+)?(?:used|use|uses|using|hit|called|tried|sent|"
    r"made|asked|touched|spent|spend|spending|paid|ran up|racked up|burned|burnt)\b|\b(?:number|count) of (?:\w+ )?(?:users|customers)\b|"
    r"\b(?:active|unique|distinct|daily active|monthly active) (?:users|customers)\b|\b(?:dau|mau)\b"
)
_SESSIONS = re.compile(
    r"\bhow many (?:\w+ )?(?:sessions|conversations|threads)\b|\b(?:number|count) of (?:\w+ )?"
    r"(?:sessions|conversations)\b|\b(?:unique|distinct) (?:sessions|conversations)\b"
)
# "hits" and "invocations" are requests too ("rank our models by hits"); a user who "hit" a model is not one. An
# event is one call ("how many events did we ingest yesterday"): counted, it is the requests.
_REQUESTS = re.compile(
    r"\brequests?\b|\bcalls?\b|\btraffic\b|\bvolume\b|\bhits\b|\binvocations?\b|\bevents\b|\bhow many queries\b|"
    # ("how many times more do we spend": a ratio, not a count of calls)
    r"\bhow many times\b(?!\s+(?:more|less|fewer|as|bigger|larger|higher|lower|greater|cheaper|over)\b)"
)
# Calls listed beside spend ("calls and spend", "spend and requests", "cost, calls"): both asked, the calls counted.
_CALLS_AND_SPEND = re.compile(
    r"\b(?:calls|requests)\s*(?:,|and|&|plus)\s*(?:the\s+|our\s+|total\s+)?(?:spend\w*|costs?)\b|"
    r"\b(?:spend\w*|costs?)\s*(?:,|and|&|plus)\s*(?:the\s+|our\s+|total\s+)?(?:number\s+of\s+)?(?:calls|requests)\b"
)
# Requests ranked or compared by their count ("by hits", "had the most calls", "fewer invocations"): counted.
_REQUESTS_RANKED = re.compile(
    r"\b(?:by|most|fewest|least|more|fewer)\s+(?:number of\s+|count of\s+|# of\s+)?"
    r"(?:requests|calls|hits|invocations|api calls)\b"
)
# Calls as the thing a series or a change is of ("day-by-day calls", "calls per day", "growth in calls"): counted
# ("which calls failed" alone is not).
_CALLS_OVER_TIME = re.compile(
    r"\b(?:daily|hourly|weekly|monthly|day[- ]by[- ]day|day[- ]to[- ]day)\s+(?:api\s+)?calls\b|"
    r"\bcalls\s+(?:per|a|each|every|by)\s+(?:day|hour|week|month)\b|"
    r"\b(?:growth|change|trend|increase|decrease|drop|rise)\s+(?:\w+\s+)?in\s+(?:api\s+)?calls\b"
)
# The traffic something is run or compared on ("on our traffic", "over our real usage"): a scope, not a measure.
_ON_OUR_TRAFFIC = re.compile(
    r"\b(?:on|over|across|with|using|against|for)\s+(?:(?:our|my|the|their|real|actual|own|live|production|prod|"
    r"current)\s+)+(?:traffic|usage|workloads?)\b"
)
# ("charges", "outlay", "expenditure" are the bill's words; "in charge of" is not spend)
_SPEND = re.compile(
    r"\bspen[dt]\w*|\bcost(?:s|ing)?\b|\bcostl\w*|\bbill\w*|\bdollars\b|\$|\bexpensive\b|\bcheap\w*|"
    r"\bpa(?:y|id|ying)\b|\bburn\w*|\bdamage\b|\bcharge[sd]\b|\boutlays?\b|\bexpenditures?\b"
)
# A change asked of any measure ("is ttft getting worse", "did errors go up"): the previous period.
CHANGE = re.compile(
    r"\b(?:get|gets|getting|got|gotten|become|became) (?:\w+er|worse|better)\b|\b(?:changed|changing|"
    r"dropping|declin\w*|"
    r"degrad\w*|worsen\w*|regress\w*|improv\w*|climb\w*|rising|increas\w*|decreas\w*|spik\w*)\b|"
    r"\b(?:go|goes|went|gone|going) (?:up|down)\b"
)


def _add(out: list[Measure], *measures: Measure) -> None:
    for m in measures:
        if m not in out:
            out.append(m)


def _percentiles(t: str) -> list[float]:
    found = [float(m.group(1) or m.group(2) or m.group(3)) for m in _PCT.finditer(t)]
    if _MEDIAN.search(t):
        found.insert(0, 50.0)
    return list(dict.fromkeys(found))


def _label(p: float) -> str:
    return f"p{p:g}"


def compute_latency_measures(t: str, out: list[Measure], instead: list[Measure], cannot: list[str]) -> None:
    """Latency and TTFT: each percentile named (p50...p99, "median"), the mean, or p50 and p95 when neither is said."""
    wants_ttft = bool(_TTFT.search(t))
    if _MAX_LATENCY.search(t) and not wants_ttft:
        _add(out, Measure.LATENCY_MAX)
        if not _percentiles(t) and not _AVG_LATENCY.search(t):
            return  # the slowest call alone: its latency, no percentiles beside it
    # "latency" said on its own, beside ttft ("p99 latency and ttft"), means total latency too.
    # "the slowest models by p99 ttft": slow and fast rank by the time to first token when it is the one named
    said_latency = _LATENCY_NAMED if wants_ttft else _LATENCY
    wants_latency = bool(said_latency.search(_TTFT.sub(" ", t))) or not wants_ttft
    percentiles = _percentiles(t)
    if not wants_ttft and not _LATENCY.search(t) and (not percentiles or re.search(r"\btok\w*|\bprompt|\bcost", t)):
        return  # no latency said, and a percentile of something else ("p95 prompt tokens")
    kinds = [
        (name, table, avg, said)
        for name, table, avg, said, wanted in (
            ("latency", LATENCY_PERCENTILES, Measure.LATENCY_AVG, _AVG_LATENCY, wants_latency),
            ("time to first token", TTFT_PERCENTILES, Measure.TTFT_AVG, _AVG_TTFT, wants_ttft),
        )
        if wanted
    ]
    for name, table, avg, avg_said in kinds:
        averaged = avg_said.search(t) is not None or (
            not percentiles and _ON_AVERAGE.search(t) is not None and not _PER_PERIOD.search(t)
        )
        if averaged:
            _add(out, avg)
        for p in percentiles:
            if p == int(p) and int(p) in table:
                _add(out, table[int(p)])
                continue
            lower = [q for q in table if q < p]
            upper = [q for q in table if q > p]
            near = [table[max(lower)]] if lower else []
            near += [table[min(upper)]] if upper else []
            said = " and ".join(_label(q) for q in sorted(q for q in table if table[q] in near))
            levels = sorted(table)
            computed = (
                f"its whole percentiles, {_label(levels[0])} to {_label(levels[-1])}"
                if len(levels) > 6 and levels == list(range(levels[0], levels[-1] + 1))
                else ", ".join(_label(q) for q in levels)
            )
            cannot.append(f"{_label(p)} {name} (the query layer computes {computed}); {said} {name} answered instead")
            _add(instead, *near)
        if not percentiles and not averaged:
            _add(out, table[50], table[95])


def compute_error_measures(t: str, out: list[Measure]) -> str:
    """Error spend, rate and count; returns the text with the error-spend phrase cut (its money word is not spend)."""
    if m := _ERROR_SPEND.search(t):
        _add(out, Measure.ERROR_SPEND)
        t = t[: m.start()] + " " + t[m.end() :]
    if _ERROR_RATE.search(t):
        _add(out, Measure.ERROR_RATE)
    if _ERROR_COUNT.search(t):
        _add(out, Measure.ERRORS)
    named = {Measure.ERROR_SPEND, Measure.ERROR_RATE, Measure.ERRORS} & set(out)
    if not named and _ANY_ERROR.search(t):
        _add(out, Measure.ERROR_RATE, Measure.ERRORS)
    return t


def compute_measures(t: str, cannot: list[str]) -> tuple[list[Measure], list[Measure]]:
    """The measures named in lowered text `t` (in the order: specific first, spend and requests last)."""
    out: list[Measure] = []
    instead: list[Measure] = []
    # "tokens of output", "the tokens of input" (the kind said after the noun): the output or input tokens
    rest = re.sub(r"\btokens?\s+of\s+(?:the\s+)?(input|output|prompt|completion)\b(?!\s+tokens?)", r"\1 tokens", t)
    # "tokens per completion", "tokens in each response", "tokens per prompt": one call's output or input tokens
    rest = _TOKENS_PER_PART.sub(
        lambda m: f"{'input' if m['part'].startswith('prompt') else 'output'} tokens per call", rest
    )
    for pattern, unit in ((_PER_1M, "1m"), (_PER_1K, "1k")):
        # "cost per 1k output tokens": spend over that kind of tokens; "per million tokens": over all of them
        if m := pattern.search(rest):
            kind = {"prompt": "input", "completion": "output"}.get(m["kind"] or "", m["kind"])
            _add(out, Measure(f"cost_per_{unit}_{kind}_tokens" if kind else f"cost_per_{unit}_tokens"))
            rest = rest[: m.start()] + " " + rest[m.end() :]
    while m := _COST_QUANTILE.search(rest):  # "the median cost per call and the 90th-percentile cost per call": each
        start, end = m.start(), m.end()
        # "mean vs median cost per call", "p50 and p95 cost per call": each listed before it is of the same cost
        if listed := _COST_LISTED_BEFORE.search(rest[: m.start()]):
            start = listed.start()
            for item in _COST_LISTED_LEVEL.finditer(listed.group(0)):
                if item["mean"]:
                    _add(out, Measure.COST_PER_REQUEST)
                else:
                    _add(out, Measure(f"cost_p{item['p'] or '50'}"))
        level = "50" if m["median"] else (m["p"] or m["p2"])
        if level in _COST_LEVELS:
            _add(out, Measure(f"cost_p{level}"))
        else:
            cannot.append(f"p{level} cost of one request (the query layer computes its p1 to p99)")
        # "median cost per request and its p95": a level said after it, with no quantity of its own, is of the cost
        while after := _COST_LISTED_AFTER.match(rest, end):
            _add(out, Measure(f"cost_p{after['p'] or after['p2'] or '50'}"))
            end = after.end()
        rest = rest[:start] + " " + rest[end:]
    if m := _COST_MAX.search(rest):
        _add(out, Measure.COST_MAX)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    elif m := _CALLS_LISTED.search(rest):
        _add(out, Measure.COST_MAX)
        cannot.append("each of the most expensive calls listed one by one (the query layer aggregates calls)")
        rest = rest[: m.start()] + " " + rest[m.end() :]
    for pattern in (PER_REQUEST, _PER_REQUEST_SAID, _PER_REQUEST_SAID):
        if m := pattern.search(rest):
            _add(out, Measure.COST_PER_REQUEST)
            rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _CALL_EXPENSE.search(rest):
        _add(out, Measure.COST_PER_REQUEST)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _PER_PERSON.search(rest):
        _add(out, Measure.COST_PER_USER if m["user"] else Measure.COST_PER_SESSION)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _PER_1K_REQUESTS.search(rest):
        _add(out, Measure.COST_PER_1K_REQUESTS)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    rest = PER_OTHER_UNIT.sub(" ", rest)  # cost per ticket/customer: the unit-cost tool's own figures
    compute_latency_measures(rest, out, instead, cannot)
    if m := _SUCCESS_RATE.search(rest):
        _add(out, Measure.SUCCESS_RATE)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _TOKEN_RATIO.search(rest):
        _add(out, Measure.INPUT_OUTPUT_RATIO)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _PER_TOKEN.search(rest):
        a, b = (("input" if k in ("input", "prompt") else "output") for k in (m["a"], m["b"]))
        if a != b:
            _add(out, Measure.OUTPUT_INPUT_RATIO if a == "output" else Measure.INPUT_OUTPUT_RATIO)
            rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _LARGEST_PROMPT.search(rest):
        _add(out, Measure.INPUT_TOKENS_MAX)
        rest = rest[: m.start()] + " " + rest[m.end() :]
        rest = re.sub(r"(?:,\s*)?\b(?:in|measured in|counted in|as)\s+(?:input\s+|prompt\s+)?tokens\b", " ", rest)
    rest = compute_error_measures(rest, out)
    if m := _UNCACHED.search(rest):
        _add(out, *([Measure.CACHED_TOKENS] if m["both"] else []), Measure.UNCACHED_INPUT_TOKENS)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    # "p90 of input tokens per call", "median prompt tokens": one request's tokens at that quantile, not the mean
    quantiles = list(_TOKEN_QUANTILE.finditer(rest))
    for m in quantiles:
        if (level := m["p1"] or m["p2"] or m["p3"] or "50") not in _TOKEN_LEVELS:
            kind = m["k1"] or m["k2"]
            cannot.append(_unheld_token_level(level, kind))
    quantiles = [m for m in quantiles if (m["p1"] or m["p2"] or m["p3"] or "50") in _TOKEN_LEVELS]
    spans = []
    for m in quantiles:
        kind = "input" if (m["k1"] or m["k2"]) in ("input", "prompt") else "output"
        start = m.start()
        if m["k1"] and (listed := _QUANTILES_BEFORE.search(rest[: m.start()])):
            start = listed.start()
            for level in _QUANTILE_LEVEL.finditer(listed.group(0)):
                said = level[1] or level[2] or "50"
                if said in _TOKEN_LEVELS:
                    _add(out, Measure(f"{kind}_tokens_p{said}"))
                else:
                    cannot.append(_unheld_token_level(said, kind))
        _add(out, Measure(f"{kind}_tokens_p{m['p1'] or m['p2'] or m['p3'] or '50'}"))
        spans.append((start, m.end()))
    for start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    if m := _TOKENS_SUMMED.search(rest):
        # "avg tokens per call (input + output)": the mean of a call's two kinds together, not their sum
        per_call = _MEAN_PER_CALL.search(rest) and not _PER_PERIOD.search(rest)
        _add(out, Measure.AVG_TOTAL_TOKENS if per_call else Measure.TOTAL_TOKENS)
        rest = rest[: m.start()] + (" " if per_call else " tokens ") + rest[m.end() :]
        if per_call:
            rest = _MEAN_PER_CALL.sub(" ", rest)
    if m := _MEAN_TOTAL_TOKENS.search(rest):
        # "the average total tokens per request", "total tokens per call": one call's tokens, input and output
        _add(out, Measure.AVG_TOTAL_TOKENS)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    for pattern, measure in _TOKEN_KINDS:
        if m := pattern.search(rest):
            # "average prompt tokens", "the average number of output tokens", "completion tokens per request":
            # the per-request mean, not the sum
            per_request = re.match(r"\s*(?:per|a|each|/)\s*(?:request|call)s?\b", rest[m.end() :])
            is_mean = (
                per_request is not None
                or _AVERAGE.search(rest[max(0, m.start() - 24) : m.start()]) is not None
                or (_ON_AVERAGE.search(rest) is not None and not _PER_PERIOD.search(rest))
            )
            if per_request is not None and measure in _MEAN_OF:
                rest = rest[: m.end()] + " " + rest[m.end() + per_request.end() :]  # "per request" counts none
            _add(out, _MEAN_OF.get(measure, measure) if is_mean else measure)
    if _TOKENS_BY_KIND.search(rest):
        # "token breakdown": input (cached ones among them), cached input, output and reasoning tokens, each summed
        out[:] = [m for m in out if m != Measure.TOTAL_TOKENS]
        _add(out, *TOKEN_KINDS)
    token_kinds = {kind for _, kind in _TOKEN_KINDS} | set(_MEAN_OF.values())
    sums = {Measure.TOTAL_TOKENS, Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS}
    if _TOKENS_SPLIT.search(rest) and not (token_kinds - sums) & set(out):
        # "token usage, split prompt vs completion", "how many tokens: input versus output": each kind's total
        out[:] = [m for m in out if m != Measure.TOTAL_TOKENS]
        _add(out, Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS)
    if (m := _AVG_TOKENS.search(rest)) and not token_kinds & set(out):
        _add(out, Measure.AVG_INPUT_TOKENS, Measure.AVG_OUTPUT_TOKENS)
        if re.search(r"\btok", m.group(0)) and not re.search(r"\b(?:prompt|input|context|request)\b", m.group(0)):
            # "avg tokens per call" (no kind named): the tokens of a call, input and output together, too
            _add(out, Measure.AVG_TOTAL_TOKENS)
    said = {Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS} <= set(out)
    ratios = {Measure.INPUT_OUTPUT_RATIO, Measure.OUTPUT_INPUT_RATIO}
    if said and _RATIO_OF_THE_TWO.search(rest) and not ratios & set(out):
        # "input tokens and output tokens, and the ratio between the two": the first named over the second
        first_in, first_out = (re.search(rf"\b(?:{k})\b", rest) for k in ("input|prompt", "output|completion"))
        input_first = first_out is None or (first_in is not None and first_in.start() < first_out.start())
        _add(out, Measure.INPUT_OUTPUT_RATIO if input_first else Measure.OUTPUT_INPUT_RATIO)
    if said and Measure.TOTAL_TOKENS not in out and _SUM_OF_THE_TWO.search(rest):
        _add(out, Measure.TOTAL_TOKENS)  # "total prompt tokens, total completion tokens, and the two added together"
    if _QUALITY.search(rest):
        _add(out, Measure.QUALITY)
    if m := _USERS.search(rest):
        _add(out, Measure.USERS)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _SESSIONS.search(rest):
        _add(out, Measure.SESSIONS)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if _SPEND.search(rest):
        _add(out, Measure.SPEND)
    # Requests counted ("how many requests") or the only thing named ("requests by region", "growth in requests").
    counted = (
        # ("Total calls: ___", "the total requests", "hourly request counts": a count asked in so many words)
        re.search(r"\bhow many\b|\bnumber of\b|\bcounts?\b|\bvolume\b|\btotal\s+(?:api\s+)?(?:calls|requests)\b", rest)
        or _REQUESTS_RANKED.search(rest)
        or _CALLS_OVER_TIME.search(rest)
        or _CALLS_AND_SPEND.search(rest)
    )
    rest = _ON_OUR_TRAFFIC.sub(" ", rest)  # "gpt-4o vs gemini flash on our traffic": what is compared on, no count
    if (_REQUESTS.search(rest) and counted) or (
        not out and re.search(r"\b(?:requests|traffic|volume|hits|invocations|events)\b", rest)
    ):
        _add(out, Measure.REQUESTS)
    # "calls in the past 6h vs the prior 6h": calls alone are counted too, unless they are only the subject of what
    # cannot be answered ("the carbon footprint of our llm calls")
    if not out and not cannot and re.search(r"\bcalls\b", rest):
        _add(out, Measure.REQUESTS)
    if not out and re.search(r"\b(?:quietest|busiest)\b", rest):  # "which day was quietest": by its calls
        _add(out, Measure.REQUESTS)
    if not out and re.search(r"\b(?:sessions|conversations)\b", rest):  # "sessions per user"
        _add(out, Measure.SESSIONS)
    return out, instead


def is_errors_unnamed(t: str) -> bool:
    """Whether lowered text `t` names errors with no rate, count or spend of them ("errors by model")."""
    return bool(_ANY_ERROR.search(t)) and not any(p.search(t) for p in (_ERROR_RATE, _ERROR_COUNT, _ERROR_SPEND))


def compute_grouped_counts(measures: list[Measure], dimensions: list[Dimension]) -> list[Measure]:
    """The measures without a distinct count of the grouping itself ("the 5 most active users": one user per row,
    ranked by requests, not by how many distinct users each is)."""
    own = {Dimension.USER: Measure.USERS, Dimension.SESSION: Measure.SESSIONS}
    kept = [m for m in measures if m not in {own[d] for d in dimensions if d in own}]
    if len(kept) < len(measures) and not kept:
        kept = [Measure.REQUESTS]
    return kept
