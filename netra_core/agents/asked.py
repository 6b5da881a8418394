"""What a question asks for, every detail of it, read before any tool is chosen (issue #16).

`compute_asked` is a pure parse: the measures named (p99 latency, time to first token, dollars spent on errored
requests, cost per 1k tokens, quality and its trend...), the comparison (same weekday last week, month over month,
year over year, the previous period), a projection (run rate to month, quarter or year end), top-N and sort
direction, the grouping, the names filtered on or excluded, the window, and what the store cannot answer at all
(other currencies, carbon, GPUs, revenue, sentiment, prompt contents, headcount) or the query layer lacks (a
percentile it does not compute). The planner (query_plan.py) then keeps a fixed tool only if that tool states all
of it, and otherwise asks the semantic query; nothing asked is dropped or swapped silently.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field

from netra_core.agents.calendar_range import compute_aligned_comparison
from netra_core.agents.error_kinds import (
    KIND_RATE,
    compute_error_kind_scope,
    compute_error_kinds,
    compute_part_and_whole,
)
from netra_core.agents.matching import compute_example_tokens, compute_name_matches, compute_tokens
from netra_core.agents.quantities import compute_budget_usd, compute_money_cut
from netra_core.agents.shorthand import compute_expanded_shorthand
from netra_core.agents.timerange import MONTH_NUMBERS, MONTHS, WORD_NUMBERS, TimeRange, compute_time_range
from netra_core.agents.unheld import compute_unheld
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure, Order, RateUnit

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
            r"tried|sent|made|asked|touched)\b)|"
            r"salar(?:y|ies)|per (?:employee|engineer|developer|head))\b"
        ),
        "headcount or per-employee figures (Netra knows API users by id, not staff)",
    ),
    (
        re.compile(
            r"\b(?:churn\w*|retention|retained|sign[- ]?ups?|signed up|conversions?|conversion rate|"
            r"(?:customer |user )?lifetime value|ltv|cac|acquisition cost|(?:new|lost|paying) (?:customers|subscribers)|"
            r"subscribers?|subscriptions?|mrr|renewals?|retain\w*)\b"
        ),
        "customer churn, retention, sign-ups or subscriptions (Netra records API traffic, not the customer lifecycle)",
    ),
)

# What the query layer lacks though the events hold it: said as not answerable, with what is answered instead.
LAYER_LACKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:slo|sla)s?\b.{0,30}\b(?:breach\w*|violat\w*|miss\w*|attain\w*|complian\w*)|"
            r"\b(?:share|percent\w*|fraction|how many) of (?:\w+ )?requests (?:(?:that )?(?:are|were|is|take|took|taking)\s+)?(?:over|above|slower than|under|"
            r"faster than|within) \d"
        ),
        "the share of requests beyond a latency threshold (the query layer computes latency percentiles, not "
        "threshold counts)",
    ),
)
_NUM_WORD = r"(\d{1,3}|" + "|".join(w for w in WORD_NUMBERS if w not in ("a", "an", "couple", "few")) + r")"
_PCT = re.compile(
    r"\bp(\d{2}(?:\.\d+)?)\b|\b(\d{2}(?:\.\d+)?)(?:st|nd|rd|th)?[- ]?(?:percentile|pctl|pct)\b|"
    # "the 95th and 99th percentile", "90th, 95th or 99th percentiles": each one listed before the word
    r"\b(\d{2}(?:\.\d+)?)(?:st|nd|rd|th)?(?=(?:\s*(?:,|and|&|/|or)\s*(?:the\s+)?\d{2}(?:\.\d+)?(?:st|nd|rd|th)?)+"
    r"[- ]?(?:percentiles?|pctls?|pcts?)\b)"
)
_MEDIAN = re.compile(r"\bmedian\b")
_TTFT = re.compile(r"\bttft\b|\btime[- ]to[- ]first[- ]tokens?\b|\bfirst[- ]token\b|\btime to (?:the )?first\b")
_LATENCY = re.compile(r"\blaten\w*|\bslow\w*|\bfast\w*|\bresponse times?\b|\bspeed\b|\blag\b|\bduration\b")
_GROWTH = re.compile(
    r"\b(?:fastest|quickest)[- ]grow\w*|\b(?:gr[eo]w\w*|ris\w*|rose|increas\w*|climb\w*|jump\w*)\s+"
    r"(?:the\s+)?(?:fastest|quickest|most)\b"
)
_SHARE = re.compile(
    r"(?:\bpercent(?:age)?|\bpct|\bshare|\bproportion|\bfraction|\bportion|%|\bhow much|\bwhat part|"
    r"\bratio)\s+of\s+(?:our\s+|the\s+|total\s+|all\s+|overall\s+|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:'s)?\s+|(?:today|yesterday)'s\s+|"
    r"(?:last|this|past) (?:\w+ )?(?:days?|weeks?|months?|quarter|year)'s?\s+)*(?:spend\w*|costs?|bill|"
    r"requests|traffic|calls|tokens|volume|errors|api calls|total)\b"
)
_AVG_LATENCY = re.compile(
    r"\b(?:avg|average|mean|typical)\s+(?:\w+\s+){0,2}?(?:laten\w*|response times?|duration)|"
    r"\blaten\w*\s+(?:\w+\s+){0,2}?on average\b"
)
_AVG_TTFT = re.compile(r"\b(?:avg|average|mean|typical)\s+(?:\w+\s+){0,2}?(?:ttft|time[- ]to[- ]first|first[- ]token)")
_AVERAGE = re.compile(r"\b(?:avg|average|mean)\b")
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
    rf"\berror counts?\b|\bhow many (?:requests|calls) (?:\w+ )?(?:failed|errored)"
)
_ANY_ERROR = re.compile(rf"\b{_ERROR_WORD}\b")
_PER_1K = re.compile(
    r"(?:\b(?:cost|costs|spend|spent|price|pay|paid|dollars|usd)\s+(?:\w+\s+)?|\$\s*)?"
    r"(?:\bper\s+(?:1k|1,?000|thousand|1 k|k)\s+tok\w*|/\s*1k\s*tok\w*|\bper\s+tokens?\b)|"
    r"\btokens?\s+(?:\w+\s+){0,3}?(?:cost|costs|price)\s+(?:\w+\s+)?per\s+(?:1k|1,?000|thousand|k)\b"
)
_PER_REQUEST = re.compile(
    r"(?:\b(?:cost|spend|price|dollars|usd)|\$)\s+(?:\w+\s+)?(?:per|a|each|/)\s*(?:single\s+)?"
    r"(?:request|req|call|query|queries|api call)s?\b|\bunit cost\b|\bcost/request\b|"
    r"(?:\$|\b(?:cost|spend|price|usd|dollars))\s*/\s*(?:request|req|call|query)s?\b"
)
# "cheapest per request", "what does one search-rag request cost", "what did a request cost on it": a unit cost.
_PER_REQUEST_SAID = re.compile(
    r"\b(?:cheap\w*|expensive|costl\w*|pric(?:ey|ier|iest))\s+(?:\w+\s+)?(?:per|a|each|/)\s*"
    r"(?:single\s+)?(?:request|call|query|api call)\b|\b(?:one|a|an|each|single|per|the "
    r"average|an average|a typical|one single)\s+(?:[\w.-]+\s+){0,2}?(?:request|call|query|"
    r"api call)\s+(?:\w+\s+){0,2}?(?:cost|costs|costed|set us back)\b|"
    r"\b(?:avg|average|mean|typical)\s+(?:cost|price|spend)\s+(?:of|for|per)\s+(?:a|an|one|each|"
    r"the|every)?\s*(?:[\w.-]+\s+){0,2}?(?:request|call|query|api call)s?\b"
)
_PER_OTHER_UNIT = re.compile(
    r"(?:\b(?:cost|spend|price|dollars|usd)|\$)\s+(?:\w+\s+)?(?:per|a|each|/)\s*(?:single\s+)?"
    r"(?:user|session|conversation|chat|thread|ticket|customer)s?\b"
)
_TOKEN_KINDS = (
    (
        re.compile(
            r"\b(?:input|prompt)(?:\s+(?:and|&|/|or)\s+(?:output|completion))?[- ]tokens?\b|\btokens? (?:in|sent)\b"
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
            r"\btotal tokens?\b|\bhow many tokens\b|\btokens? (?:used|consumed|processed)\b|\bnumber of tokens\b|"
            r"\btoken (?:volume|total)s?\b"
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
_TOKENS_SPLIT = re.compile(r"(?=.*\btok\w*)(?=.*\b(?:prompt|input)s?\b)(?=.*\b(?:completion|output)s?\b)")
_MEAN_OF = {Measure.INPUT_TOKENS: Measure.AVG_INPUT_TOKENS, Measure.OUTPUT_TOKENS: Measure.AVG_OUTPUT_TOKENS}
_AVG_TOKENS = re.compile(
    r"\b(?:avg|average|mean|typical)\s+(?:prompt|input|context|request)?\s*(?:size|length|tokens?)\b|"
    r"\btokens? per (?:request|call)\b|\bprompt (?:size|length)s?\b"
)
_QUALITY = re.compile(r"\bquality\b|\beval(?:uation)? scores?\b")
_QUALITY_TREND = re.compile(
    r"\b(?:dropping|dropped|declin\w*|degrad\w*|worse|worsen\w*|falling|fell|slipping|"
    r"slipped|sliding|tank\w*|regress\w*|going down|gone down|getting (?:better|worse)|"
    r"improv\w*|trend\w*|over time|changed?|changing|dip\w*)\b"
)
_USERS = re.compile(
    r"\bhow many (?:\w+ )?(?:users|customers)\b|"
    # "how many ppl used code-review": the distinct users of it (people *working* here are headcount, declined)
    r"\bhow many (?:people|folks)\s+(?:have\s+|had\s+|are\s+|were\s+)?(?:used|use|uses|using|hit|called|tried|sent|"
    r"made|asked|touched)\b|\b(?:number|count) of (?:\w+ )?(?:users|customers)\b|"
    r"\b(?:active|unique|distinct|daily active|monthly active) (?:users|customers)\b|\b(?:dau|mau)\b"
)
_SESSIONS = re.compile(
    r"\bhow many (?:\w+ )?(?:sessions|conversations|threads)\b|\b(?:number|count) of (?:\w+ )?"
    r"(?:sessions|conversations)\b|\b(?:unique|distinct) (?:sessions|conversations)\b"
)
_REQUESTS = re.compile(r"\brequests?\b|\bcalls?\b|\btraffic\b|\bvolume\b|\bhow many (?:times|queries)\b")
# The traffic something is run or compared on ("on our traffic", "over our real usage"): a scope, not a measure.
_ON_OUR_TRAFFIC = re.compile(
    r"\b(?:on|over|across|with|using|against|for)\s+(?:(?:our|my|the|their|real|actual|own|live|production|prod|"
    r"current)\s+)+(?:traffic|usage|workloads?)\b"
)
_SPEND = re.compile(
    r"\bspen[dt]\w*|\bcost(?:s|ing)?\b|\bcostl\w*|\bbill\w*|\bdollars\b|\$|\bexpensive\b|\bcheap\w*|"
    r"\bpa(?:y|id|ying)\b|\bburn\w*|\bdamage\b"
)
# A change asked of any measure ("is ttft getting worse", "did errors go up"): the previous period.
_CHANGE = re.compile(
    r"\b(?:get|gets|getting|got|gotten|become|became) (?:\w+er|worse|better)\b|\b(?:changed|changing|"
    r"dropping|declin\w*|"
    r"degrad\w*|worsen\w*|regress\w*|improv\w*|climb\w*|rising|increas\w*|decreas\w*|spik\w*)\b|"
    r"\b(?:go|goes|went|gone|going) (?:up|down)\b"
)

# Comparisons. Each phrase is cut out before the window is read (unless it holds a number, which is the window's).
_MONTH_NAMES = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_VS = r"(?:vs\.?|versus|compared?\s+(?:to|with)|comparison (?:to|with)|than|against|relative to)"
COMPARISONS: tuple[tuple[re.Pattern[str], Comparison], ...] = (
    (
        re.compile(
            rf"(?:{_VS}\s+)?(?:the\s+)?same\s+(?:day|weekday|time|point|stage|moment|span|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+"
            r"(?:of\s+)?(?:last|the\s+previous|the\s+prior|a|the)\s+week(?:\s+before)?\b|"
            rf"(?:{_VS}\s+)?(?:a|one)\s+week\s+(?:ago|earlier|before)(?:\s+on\s+the\s+same\s+day)?\b|"
            rf"(?:{_VS}\s+)?the\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:before|prior|earlier)\b|"
            rf"(?:{_VS}\s+)(?:the\s+)?(?:previous|prior|preceding)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
        ),
        Comparison.SAME_WEEKDAY_LAST_WEEK,
    ),
    # "than October's daily average", "vs September": the whole named month, not the same dates in it
    (
        re.compile(
            rf"(?:{_VS}|above|below)\s+(?:(?:the|our|its|in|of|for|during|all|whole|average|avg|mean|daily|"
            rf"per|a|day|spend|spending|costs?|bill)\s+){{0,5}}(?:{_MONTH_NAMES})\b(?!\.?\s*\d)(?:'s)?"
        ),
        Comparison.PREVIOUS_FULL_MONTH,
    ),
    (
        re.compile(
            rf"\bmonth[- ]over[- ]month\b|\bm-?o-?m\b|(?:{_VS}\s+)(?:the\s+)?(?:last|previous|prior|preceding)\s+"
            rf"(?:calendar\s+)?month\b|(?:the\s+)?month\s+before\b|"
            rf"(?:{_VS}\s+)?(?:the\s+)?same\s+(?:day|days|week|period|dates?|time|point|stage)\s+(?:of\s+|in\s+)?"
            r"(?:last|the\s+previous|the\s+prior|a)\s+month(?:\s+ago)?\b"
        ),
        Comparison.PREVIOUS_MONTH,
    ),
    (
        re.compile(
            rf"\byear[- ]over[- ]year\b|\by-?o-?y\b|(?:{_VS}\s+)(?:the\s+)?(?:same\s+\w+\s+)?(?:last|previous|"
            r"prior)\s+year\b|\bsame\s+(?:period|time|month|week|day|dates?|point|stage)\s+(?:last|a)\s+year\b|"
            r"\b(?:a|one)\s+year\s+(?:ago|earlier|before)\b"
        ),
        Comparison.PREVIOUS_YEAR,
    ),
    (re.compile(r"\bquarter[- ]over[- ]quarter\b|\bq-?o-?q\b"), Comparison.PREVIOUS_QUARTER),
    (
        re.compile(
            rf"\bweek[- ]over[- ]week\b|\bw-?o-?w\b|\bday[- ]over[- ]day\b|\bperiod[- ]over[- ]period\b|"
            rf"(?:{_VS}\s+)(?:the\s+|a\s+)?(?:previous|prior|preceding|last|earlier)\s+(?:period|window|"
            rf"{_NUM_WORD}\s*\w+|week|fortnight|day|hour|quarter|weeks?|days?)\b|"
            rf"\b(?:the\s+)?(?:week|day|fortnight|period|quarter|days?|weeks?)\s+before\b(?!\s+(?:last|that))|"
            r"\bthan\s+(?:it\s+was\s+)?(?:before|usual|normal)\b|\bthan\s+it\s+was\b|"
            # "and what was it for the 12 hours before that?": a second window just before the first
            rf"\bthe\s+(?:{_NUM_WORD}\s+)?(?:hours?|hrs?|days?|weeks?|wks?|months?|periods?|windows?)\s+"
            r"(?:before|prior\s+to|preceding)\s+(?:that|those|then|it|this)\b(?!\s+(?!one\b|period\b|window\b)[a-z])"
        ),
        Comparison.PREVIOUS_PERIOD,
    ),
)
_HOLDS_NUMBER = re.compile(r"\d|\b(?:" + "|".join(w for w in WORD_NUMBERS if w not in ("a", "an")) + r")\b")

# Projection: run rate to the end of the month, quarter or year.
_PROJECT = re.compile(
    r"\b(?:project(?:ed|ion|ions)?|forecast\w*|on track|on pace|run[- ]?rate|burn[- ]?rate|extrapolat\w*|"
    r"end up (?:spending|at|paying)|land at|expected (?:spend|total|bill)|at (?:the|this|our) (?:current )?"
    r"(?:pace|rate)|current pace)\b"
)
_PROJECT_END = re.compile(
    r"\b(?:by|at|for|until|through|to|till)?\s*(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?"
    r"(month|quarter|year|q[1-4])\b|\b(month|quarter|year)[- ]end\b|\beo(m|q|y)\b|"
    r"\b(?:for|over)\s+the\s+(?:rest\s+of\s+the\s+|whole\s+|full\s+|entire\s+)?"
    r"(month|quarter|year)\b|\bfull[- ](month|quarter|year)\b"
)

# A yearly run rate ("annualised run rate", "what would a year cost at this pace"): the window's total per day x 365.
_ANNUAL = re.compile(
    r"\bannuali[sz](?:e|ed|ing|ation)\b|\b(?:annual|yearly|annualized|annualised)\s+(?:run[- ]?rate|pace)\b|"
    r"\brun[- ]?rate\b.{0,30}\b(?:per|a|for a|over a|each|every)\s+(?:full\s+|whole\s+)?year\b|"
    r"\b(?:per|a|each|one|over a|for a|full)\s+(?:full\s+|whole\s+)?year\b.{0,40}\b(?:at|on)\s+(?:this|the "
    r"current|our current|that|the same|today's)\s+(?:rate|pace|run[- ]?rate)\b|\b(?:at|on)\s+(?:this|the "
    r"current|our current|that)\s+(?:rate|pace|run[- ]?rate)\b.{0,40}\b(?:per|a|each|one|over a|for a|"
    r"full)\s+(?:full\s+|whole\s+)?year\b"
)
# A rate ("RPM", "requests per minute", "average calls per hour", "tokens per second"): the window's total over its
# length in that unit. Per hour, per day are a series unless an average or a rate is said ("requests per hour" alone).
_RATE_ABBR = {"rpm": ("minute", "r"), "rps": ("second", "r"), "qps": ("second", "r"), "rph": ("hour", "r")}
_RATE_ABBR |= {"tpm": ("minute", "t")}
_RATE = re.compile(
    r"\b(?P<abbr>" + "|".join(_RATE_ABBR) + r")\b|\b(?P<what>requests?|reqs?|calls?|queries|api calls|tokens?)\s*"
    r"(?:per|a|/|each|every)\s*(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?)\b"
)
_RATE_SAID = re.compile(r"\b(?:avg|average|mean|rate|typical|throughput|how many)\b")


def compute_rate(t: str) -> tuple[RateUnit, Measure] | None:
    """The rate asked ("average RPM": requests per minute), as its unit and the measure it is a rate of."""
    m = _RATE.search(t)
    if m is None:
        return None
    if m["abbr"]:
        unit, kind = _RATE_ABBR[m["abbr"]]
    else:
        unit = {"s": "second", "m": "minute", "h": "hour"}[m["unit"][0]]
        kind = "t" if m["what"].startswith("tok") else "r"
        if unit == "hour" and not _RATE_SAID.search(t):
            return None  # "requests per hour over the last day": an hourly series
    return RateUnit(unit), Measure.TOTAL_TOKENS if kind == "t" else Measure.REQUESTS


# Where spend stands against a budget ("how much of the $350 budget is left", "what % of our $300/mo budget have we
# used", "will we blow through a $300 budget"): spend beside the budget, not a routing policy that meets it.
_BUDGET_STATUS = re.compile(
    r"\bbudget\b.{0,60}\b(?:left|remain\w*|used|use[sd]? up|consumed|spent|gone|burn\w*|blow\w*|blew|on track|"
    r"on pace|exceed\w*|overspen\w*|(?:go|going|gone|went|be|are|is|were|was) over)\b|"
    r"\b(?:left|remain\w*|(?:how much|what %|what percent\w*|what share|what part|what fraction|% of|percent\w* of)|"
    r"blow\w* (?:through|past)|blew (?:through|past)|burn\w* through|on track|on pace|exceed\w*|overspen\w*|"
    r"(?:go|going|gone|went) over)\b.{0,60}\bbudget\b"
)
# A budget asked of to change what we run ("route to stay under a $300 budget"): the optimizer's.
_BUDGET_ACTION = re.compile(r"\b(?:rout\w*|polic\w*|optimi[sz]\w*|switch\w*|sav(?:e|ing)|cut|reduce|swap\w*|move)\b")

# Spend on prompts sent again, what a response cache would save: the duplicate-prompt measure, not the window's spend.
_REPEATS = re.compile(
    r"\b(?:repeat(?:ed|ing|s)?|duplicate[ds]?|duplicat\w+|identical|re-?sent|same)\s+(?:\w+\s+){0,2}?prompts?\b|"
    r"\bprompts?\s+(?:that\s+|which\s+)?(?:\w+\s+){0,3}?(?:repeat\w*|duplicat\w*|(?:were|was|are|is)\s+"
    r"(?:the\s+)?same|(?:already\s+)?(?:seen|sent)\s+(?:before|already|earlier))|\bresponse[- ]cach\w*|\bcache (?:could|would|might|can|will) "
    r"(?:have |us )?sav\w*|\bdedup\w*"
)


# A month's run rate of a named window ("monthly run rate based on the last 7d", "burn per month at last week's pace"):
# the window's total per covered day x 30, not the window carried to the month's end.
_MONTHLY = re.compile(
    r"\b(?:monthly|month's|a month's)\s+(?:run[- ]?rate|burn(?:[- ]?rate)?|pace)\b|"
    r"\b(?:run[- ]?rate|burn(?:[- ]?rate)?)\s+(?:per|a|each|every)\s+month\b"
)
_TOP = re.compile(
    rf"\b(?:top|bottom|first|best|worst)[- ]{_NUM_WORD}\b|\b{_NUM_WORD}\s+(?:most|least|biggest|largest|"
    r"highest|lowest|cheapest|costliest|priciest|slowest|fastest|smallest)\b|"
    rf"\b(?:which|what)\s+{_NUM_WORD}\s+\w+\s+(?:\w+\s+)?(?:cost|spent|spend|used|had|made|sent)\s+(?:us\s+)?"
    r"the\s+(?:most|least|fewest|highest|lowest|biggest|largest|smallest)\b"
)
_ASCENDING = re.compile(
    r"(?<!at )\bleast\b|\b(?:cheapest|lowest|fewest|smallest|bottom|fastest|quickest|"
    r"least expensive)\b"
)

_DIM_WORDS: dict[str, Dimension] = {
    "model": Dimension.MODEL,
    "models": Dimension.MODEL,
    "llm": Dimension.MODEL,
    "llms": Dimension.MODEL,
    "provider": Dimension.PROVIDER,
    "providers": Dimension.PROVIDER,
    "model provider": Dimension.PROVIDER,  # "rank our model providers": the providers, not the models
    "model providers": Dimension.PROVIDER,
    "llm provider": Dimension.PROVIDER,
    "llm providers": Dimension.PROVIDER,
    "model vendor": Dimension.PROVIDER,
    "model vendors": Dimension.PROVIDER,
    "vendor": Dimension.PROVIDER,
    "vendors": Dimension.PROVIDER,
    "workload": Dimension.WORKLOAD,
    "workloads": Dimension.WORKLOAD,
    "app": Dimension.WORKLOAD,
    "apps": Dimension.WORKLOAD,
    "feature": Dimension.WORKLOAD,
    "features": Dimension.WORKLOAD,
    "product": Dimension.WORKLOAD,
    "products": Dimension.WORKLOAD,
    # our bots, assistants and agents are what we run: workloads ("which bot", "per assistant")
    "bot": Dimension.WORKLOAD,
    "bots": Dimension.WORKLOAD,
    "assistant": Dimension.WORKLOAD,
    "assistants": Dimension.WORKLOAD,
    "agent": Dimension.WORKLOAD,
    "agents": Dimension.WORKLOAD,
    "copilot": Dimension.WORKLOAD,
    "copilots": Dimension.WORKLOAD,
    "task type": Dimension.TASK_TYPE,
    "task types": Dimension.TASK_TYPE,
    "task": Dimension.TASK_TYPE,
    "tasks": Dimension.TASK_TYPE,
    "use case": Dimension.TASK_TYPE,
    "use cases": Dimension.TASK_TYPE,
    "user": Dimension.USER,
    "users": Dimension.USER,
    "customer": Dimension.USER,
    "customers": Dimension.USER,
    "session": Dimension.SESSION,
    "sessions": Dimension.SESSION,
    "conversation": Dimension.SESSION,
    "conversations": Dimension.SESSION,
    "error type": Dimension.ERROR_TYPE,
    "error types": Dimension.ERROR_TYPE,
    "error code": Dimension.ERROR_TYPE,
    "error codes": Dimension.ERROR_TYPE,
    "kind of error": Dimension.ERROR_TYPE,
    "kinds of error": Dimension.ERROR_TYPE,
    "type of error": Dimension.ERROR_TYPE,
    "types of error": Dimension.ERROR_TYPE,
    "error kind": Dimension.ERROR_TYPE,
    "region": Dimension.REGION,
    "regions": Dimension.REGION,
    "status": Dimension.STATUS,
    "statuses": Dimension.STATUS,
    "status code": Dimension.STATUS,
}
_DIM_ALT = "|".join(sorted((re.escape(w) for w in _DIM_WORDS), key=len, reverse=True))
_GROUP = re.compile(
    rf"\b(?:group(?:ed)?\s+by|split\s+(?:by|across|per)|broken\s+down\s+by|break(?:down)?\s+(?:\w+\s+)?"
    rf"by|by|per|each|every|across|which|what|rank(?:ed|ing)?|sort(?:ed)?|(?:{_NUM_WORD}\s+)?(?:(?:most|least)\s+\w+|cheapest|costliest|priciest|biggest|"
    rf"largest|slowest|fastest|busiest|heaviest)|(?:top|bottom)\s+{_NUM_WORD}(?:\s+(?:most|least)\s+\w+)?|top)\s+"
    rf"(?:(?!by\b)\w+\s+)?"
    rf"({_DIM_ALT})(?:'s|s')?(?=\W|$)"
)
_EXTREME = r"(?:highest|most|largest|biggest|greatest|top|lowest|least|smallest|fewest|cheapest|costliest)"
# "the five workloads with the highest spend", "3 users that had the lowest spend": top-N of the dimension named
_TOP_OF = re.compile(
    rf"\b{_NUM_WORD}\s+(?:\w+\s+)?(?P<dim>{_DIM_ALT})\s+(?:with|having|that\s+(?:had|have|has|got)|which\s+"
    rf"(?:had|have|has))\s+(?:the\s+)?{_EXTREME}\b"
)
_AND_DIM = re.compile(rf"(?:'s|s')?\s*(?:and|&|,|/)\s*(?:by\s+|per\s+)?({_DIM_ALT})(?:'s|s')?(?=\W|$)")
_GRAIN = re.compile(
    r"\b(hour|dai|week|month)ly\b|\b(?:per|by|each|every|a)\s+(hour|day|week|month)\b|"
    r"\bday[- ]by[- ]day\b|\bover\s+time\b|\bday\s+to\s+day\b"
)
# "which day had the highest spend", "what hour was busiest": the time buckets ranked, the top one said.
_WHICH_BUCKET = re.compile(
    r"\b(?:which|what)\s+(hour|day|date|week|month)\b(?=.*\b(?:highest|most|biggest|largest|"
    r"peak\w*|busiest|worst|lowest|least|fewest|quietest|cheapest|smallest)\b)"
)
_EXCLUDING = (
    "excluding",
    "excluded",
    "exclude",
    "excl",
    "except",
    "without",
    "ignoring",
    "ignore",
    "besides",
    "minus",
    "sans",
    "omitting",
    "omit",
)
# The words between the names of one list ("gpt-4o and sonnet", "a, b or c"; punctuation is no token).
_LIST_JOINERS = frozenset(["and", "or", "nor", "the", "plus"])
# "leaving the sales agent out": the verb before the name, "out" after it.
_LEAVE_OUT = frozenset(["leave", "leaving", "left", "keep", "keeping", "take", "taking", "filter", "filtering"])
# Exclusions said in two words ("leaving out the classifier", "other than gpt-4o", "not counting", "apart from").
_EXCLUDING_PAIRS = re.compile(
    r"\b(?:leav(?:e|ing)|left|keep(?:ing)?|filter(?:ing)?|tak(?:e|ing)|strip(?:ping)?|drop(?:ping)?)\s+out|"
    r"\b(?:other|rather)\s+than|\bnot\s+(?:counting|including|incl|for)|\b(?:apart|aside|away)\s+from|"
    r"\bbut\s+not|\boutside\s+(?:of\s+)?"
)
# Intents whose question is about the org's traffic: their measures and grouping must all reach the answer.
NAME_KEYS = {
    "workloads": Dimension.WORKLOAD,
    "models": Dimension.MODEL,
    "providers": Dimension.PROVIDER,
    "task_types": Dimension.TASK_TYPE,
}


class Asked(BaseModel):
    """Every detail a question asks for. Empty fields mean the question did not say."""

    measures: list[Measure] = Field(default_factory=list)
    # Measures answered in place of one the layer lacks (p90 for a p75), always said in the answer.
    instead: list[Measure] = Field(default_factory=list)
    cannot: list[str] = Field(default_factory=list)
    dimensions: list[Dimension] = Field(default_factory=list)
    grain: Grain | None = None
    compare: Comparison = Comparison.NONE
    project_to: datetime | None = None
    project_label: str = ""
    top_n: int | None = None
    order: Order = Order.DESC
    filters: dict[Dimension, list[str]] = Field(default_factory=dict)
    exclude: dict[Dimension, list[str]] = Field(default_factory=dict)
    window: dict[str, Any] = Field(default_factory=dict)  # the window read with comparison/projection phrases cut
    window_label: str = ""
    compare_window: dict[str, Any] = Field(default_factory=dict)  # a chosen window's start/end ("sept vs nov")
    cut: bool = False  # whether a comparison or projection phrase was cut before the window was read
    share: bool = False  # "what share of spend is anthropic": the named values beside everything else
    # "timeout rate by model": the error measures count these error types only (each group's share of its requests)
    error_kinds: list[str] = Field(default_factory=list)
    annualize: bool = False  # "annualised run rate": the window's total per covered day x 365
    repeats: bool = False  # the spend on prompts sent again (what a response cache would save)
    rate_per: RateUnit | None = None  # "requests per minute": the window's total over its length in minutes
    monthly_run_rate: bool = False  # "monthly run rate on the last 7d": the window's total per covered day x 30
    budget_usd: float | None = None  # "how much of our $350 budget is left": spend stated against it
    declined: bool = False  # about a subject the events do not hold (unheld.py): nothing is answered in its place
    # "errors by model": errors named with no rate, count or spend said; the error tool's per-model errors and each
    # model's share of its requests answer it ("error rate per model" is every model's rate side by side: a query)
    errors_unnamed: bool = False

    def is_specific(self) -> bool:
        """Whether the question asks for anything beyond a plain measure (which any fitting tool states)."""
        return bool(
            self.cannot
            or self.share
            or self.error_kinds
            or self.dimensions
            or self.grain
            or self.compare != Comparison.NONE
            or self.project_to
            or self.top_n
            or self.order == Order.ASC
            or self.exclude
            or self.rate_per
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
    # "latency" said on its own, beside ttft ("p99 latency and ttft"), means total latency too.
    wants_latency = bool(_LATENCY.search(_TTFT.sub(" ", t))) or not wants_ttft
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
        averaged = avg_said.search(t) is not None
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
            cannot.append(
                f"{_label(p)} {name} (the query layer computes "
                f"{', '.join(_label(q) for q in sorted(table))}); {said} {name} answered instead"
            )
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
    rest = t
    if m := _PER_1K.search(rest):
        _add(out, Measure.COST_PER_1K_TOKENS)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    for pattern in (_PER_REQUEST, _PER_REQUEST_SAID, _PER_REQUEST_SAID):
        if m := pattern.search(rest):
            _add(out, Measure.COST_PER_REQUEST)
            rest = rest[: m.start()] + " " + rest[m.end() :]
    rest = _PER_OTHER_UNIT.sub(" ", rest)  # cost per user/conversation: the unit-cost tool's own figures
    compute_latency_measures(rest, out, instead, cannot)
    rest = compute_error_measures(rest, out)
    if m := _UNCACHED.search(rest):
        _add(out, *([Measure.CACHED_TOKENS] if m["both"] else []), Measure.UNCACHED_INPUT_TOKENS)
        rest = rest[: m.start()] + " " + rest[m.end() :]
    for pattern, measure in _TOKEN_KINDS:
        if m := pattern.search(rest):
            # "average prompt tokens", "the average number of output tokens", "completion tokens per request":
            # the per-request mean, not the sum
            per_request = re.match(r"\s*(?:per|a|each|/)\s*(?:request|call)s?\b", rest[m.end() :])
            is_mean = per_request is not None or _AVERAGE.search(rest[max(0, m.start() - 24) : m.start()]) is not None
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
    if _AVG_TOKENS.search(rest) and not token_kinds & set(out):
        _add(out, Measure.AVG_INPUT_TOKENS, Measure.AVG_OUTPUT_TOKENS)
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
    counted = re.search(r"\bhow many\b|\bnumber of\b|\bcount\b|\bvolume\b", rest)
    rest = _ON_OUR_TRAFFIC.sub(" ", rest)  # "gpt-4o vs gemini flash on our traffic": what is compared on, no count
    if (_REQUESTS.search(rest) and counted) or (not out and re.search(r"\b(?:requests|traffic|volume)\b", rest)):
        _add(out, Measure.REQUESTS)
    if not out and re.search(r"\b(?:sessions|conversations)\b", rest):  # "sessions per user"
        _add(out, Measure.SESSIONS)
    return out, instead


def compute_grouped_counts(measures: list[Measure], dimensions: list[Dimension]) -> list[Measure]:
    """The measures without a distinct count of the grouping itself ("the 5 most active users": one user per row,
    ranked by requests, not by how many distinct users each is)."""
    own = {Dimension.USER: Measure.USERS, Dimension.SESSION: Measure.SESSIONS}
    kept = [m for m in measures if m not in {own[d] for d in dimensions if d in own}]
    if len(kept) < len(measures) and not kept:
        kept = [Measure.REQUESTS]
    return kept


# Two consecutive months named together ("compare September and October", "October vs. November spend").
_TWO_MONTHS = re.compile(
    rf"\b({_MONTH_NAMES})(?:'s)?(?:\s+\d{{4}})?\s*(?:(?:compare[sd]?|stack(?:s|ed)? up|"
    rf"measures? up)\s+)?(?:and|&|vs\.?|versus|with|to|against|or|,)\s*"
    rf"(?:in\s+)?({_MONTH_NAMES})\b"
)
_COMPARE_WORD = re.compile(
    r"\b(?:compar\w*|vs\.?|versus|against|differen\w*|change\w*|between|than|"
    r"(?:went|go|gone|going) (?:up|down))\b"
)


def compute_two_months(t: str) -> tuple[str, bool]:
    """Two consecutive named months compared: the text with the earlier one cut (the later is the window), or t."""
    m = _TWO_MONTHS.search(t)
    if m is None or not _COMPARE_WORD.search(t):
        return t, False
    first, second = MONTH_NUMBERS[m.group(1)], MONTH_NUMBERS[m.group(2)]
    # the later month is the window, read by its full name ("sept vs oct": "in october")
    if (second - first) % 12 == 1:
        return t[: m.start(1)] + " in " + MONTHS[second - 1] + " " + t[m.end(2) :], True
    if (first - second) % 12 == 1:
        return t[: m.start(1)] + " in " + MONTHS[first - 1] + " " + t[m.end(2) :], True
    return t, False


_SPLIT = re.compile(r"\s(?:vs\.?|versus|compared?\s+(?:to|with)|against|with|and)\s")


def _both_months(m: re.Match[str]) -> str:
    if re.search(r"\d", m.group(0)):  # "october 2025 and november 2025": each read with its year as typed
        return m.group(0)
    return f"in {MONTHS[MONTH_NUMBERS[m.group(1)] - 1]} vs in {MONTHS[MONTH_NUMBERS[m.group(2)] - 1]}"


def compute_two_windows(t: str, now: datetime) -> tuple[Comparison, str, dict[str, Any]] | None:
    """Two windows named side by side ("nov 1-7 vs nov 8-14", "october 2025 and november 2025"): when the later
    starts where the earlier ends, the later window compared with the one just before it (of the same length, or
    as many calendar months); when a gap parts them ("september vs november", "Q1 vs Q3"), the later compared with
    the earlier as a chosen window. The text of the later part is where its window is read."""
    t = _TWO_MONTHS.sub(_both_months, t)  # "sept vs nov": two abbreviated months side by side are months
    for m, b_from in ((m, f) for m in _SPLIT.finditer(t) for f in ("from ", "")):
        # "nov 8 to nov 14" after the joint reads as a range only with its "from"
        left, right = t[: m.start()], t[m.end() :]
        said = re.search(r"\bbetween\s+(?:the\s+)?(\S+(?:\s+\S+){0,2})$", left)
        if said and (" " not in said.group(1) or re.search(r"\d", said.group(1))):
            continue  # "between the 1st and the 15th of october", "between 1 september and 31 october": one window
        a, b = compute_time_range(left, now), compute_time_range(b_from + right, now)
        if a is None or b is None or a.days is not None or b.days is not None or a.as_args() == b.as_args():
            continue
        (first, _), (later, later_text) = sorted(
            [(a, left), (b, b_from + right)], key=lambda x: str(x[0].as_args()["start"])
        )
        f0, f1 = (datetime.fromisoformat(str(first.as_args()[k])) for k in ("start", "end"))
        l0, l1 = (datetime.fromisoformat(str(later.as_args()[k])) for k in ("start", "end"))
        if f1 < l0:
            return Comparison.CHOSEN_WINDOW, later_text, {"start": f0.isoformat(), "end": f1.isoformat()}
        if f1 != l0:
            continue
        if f1 - f0 == l1 - l0:
            return Comparison.PREVIOUS_PERIOD, later_text, {}
        if all(x.day == 1 and x.hour == 0 and x.minute == 0 for x in (f0, f1, l0, l1)):
            return Comparison.PREVIOUS_MONTH, later_text, {}
    return None


def compute_comparison(t: str) -> tuple[Comparison, str, bool]:
    """The comparison asked, the text with its phrase cut (kept when it holds a number), and whether it was cut."""
    rest, both = compute_two_months(t)
    if both:
        return Comparison.PREVIOUS_FULL_MONTH, rest, True
    for pattern, comparison in COMPARISONS:
        if m := pattern.search(t):
            if _HOLDS_NUMBER.search(m.group(0)):
                return comparison, t, False
            return comparison, t[: m.start()] + " " + t[m.end() :], True
    return Comparison.NONE, t, False


def _period_start(now: datetime, unit: str) -> datetime:
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "year":
        return day.replace(month=1, day=1)
    if unit == "quarter":
        return day.replace(month=(now.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _period_end(now: datetime, unit: str) -> datetime:
    start = _period_start(now, unit)
    months = {"year": 12, "quarter": 3}.get(unit, 1)
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)


def compute_projection(t: str, now: datetime) -> tuple[str | None, str, bool]:
    """The period a run-rate projection runs to ("month", "quarter", "year" or None) and the text with it cut."""
    end = _PROJECT_END.search(t)
    said = _PROJECT.search(t)
    future = re.search(r"\b(?:will|gonna|going to|expect\w*|likely|estimate\w*|at this rate|predict\w*)\b", t)
    # "how much will we spend this month": a future total of a period not over yet
    this_period = (
        re.search(r"\b(?:this|the) (?:month|quarter|year)\b", t)
        if future and re.search(r"\bwill\b.*\b(?:spend|cost|pay|bill)", t)
        else None
    )
    if not said and not (end and future) and not this_period:
        return None, t, False
    unit = "month"
    if end:
        word = next(g for g in end.groups() if g)
        unit = {"m": "month", "q": "quarter", "y": "year"}.get(word, word)
        unit = "quarter" if unit.startswith("q") else unit
        t = t[: end.start()] + " " + t[end.end() :]
    elif re.search(r"\b(?:quarter|q[1-4])\b", t):
        unit = "quarter"
    elif re.search(r"\b(?:year|annual\w*|yearly)\b", t):
        unit = "year"
    if said:
        t = t[: said.start()] + " " + t[said.end() :]
    return unit, t, True


def compute_top_n(t: str) -> int | None:
    """ "top 5", "bottom three", "the 3 most expensive": the row count asked."""
    if m := _TOP.search(t) or _TOP_OF.search(t):
        raw = next(g for g in m.groups() if g)
        return min(int(WORD_NUMBERS.get(raw, raw)), 1000)
    return None


# Error kinds named ("timeouts", "rate-limit errors", "429s"): two or more asked of together are counted per kind.
_ERROR_KINDS = (
    re.compile(r"\btime[- ]?outs?\b|\btimed[- ]out\b"),
    re.compile(r"\brate[- ]?limit\w*|\b429s?\b|\bthrottl\w*"),
    re.compile(r"\b5\d\ds?\b|\b5xxs?\b|\bserver errors?\b|\boverload\w*"),
    re.compile(r"\bcontext(?: length)? (?:errors?|exceeded)\b|\bbad requests?\b|\b400s?\b"),
)


# The org's bots, assistants or agents, in the plural: its workloads, one row each (a name of one is a filter).
_OUR_WORKLOADS = re.compile(
    r"\b(?:our|all (?:of )?(?:our|the)|each of (?:our|the)|every one of (?:our|the))\s+(?:\w+\s+)?"
    r"(?:bots|assistants|agents|copilots|chatbots|apps|features)\b"
)
_TOTAL_SAID = re.compile(r"\b(?:total|overall|combined|altogether|in all|all[- ]in|aggregate|sum)\b")


def compute_dimensions(t: str) -> list[Dimension]:
    """The groupings asked ("by provider", "which workload", "per error type", "split by task type")."""
    t = _PER_OTHER_UNIT.sub(" ", _PER_REQUEST.sub(" ", t))  # "cost per user" is a unit, not a grouping
    found: list[Dimension] = []
    total = _TOTAL_SAID.search(t)
    for m in _GROUP.finditer(t):
        if total and re.match(r"across\s+(?:all|every)\b", m.group(0)):
            continue  # "total spend across all providers and models": the sum over all of them, not one row each
        dimension = _DIM_WORDS[m.group(m.lastindex or 1)]
        if dimension not in found:
            found.append(dimension)
        # "by task type and model", "per provider, model"
        if more := _AND_DIM.match(t, m.end()):
            also = _DIM_WORDS[more.group(1)]
            if also not in found:
                found.append(also)
    if not total and _OUR_WORKLOADS.search(t) and Dimension.WORKLOAD not in found:
        found.append(Dimension.WORKLOAD)  # "how much do our bots cost", "each of our assistants": one row per workload
    if (top := _TOP_OF.search(t)) and _DIM_WORDS[top["dim"]] not in found:
        found.append(_DIM_WORDS[top["dim"]])  # "the five workloads with the highest spend": ranked by workload
    if Dimension.ERROR_TYPE not in found and sum(1 for p in _ERROR_KINDS if p.search(t)) >= 2:
        found.append(Dimension.ERROR_TYPE)  # "how many timeouts and how many rate-limit errors": one count per kind
    return found[:3]


# A series of days asked in so many words (beside a comparison, "per day" alone is a per-day rate).
_DAY_SERIES = re.compile(
    r"\b(?:each|every)\s+day\b|\bday[- ]by[- ]day\b|\bover\s+time\b|\btrend\w*|\bchart\w*|"
    r"\bplot\w*|\bseries\b|\bbreak\w*\s+(?:it\s+)?down\b"
)


def compute_grain(t: str) -> Grain | None:
    """The time bucket asked ("daily", "per week", "over time" -> day, "which day had the most")."""
    if w := _WHICH_BUCKET.search(t):
        return Grain("day" if w.group(1) == "date" else w.group(1))
    m = _GRAIN.search(t)
    if m is None:
        return None
    word = m.group(1) or m.group(2) or "day"
    return Grain("day" if word == "dai" else word)


def _bucket_start(t: datetime, grain: Grain) -> datetime:
    day = t.replace(hour=0, minute=0, second=0, microsecond=0)
    if grain == Grain.HOUR:
        return t.replace(minute=0, second=0, microsecond=0)
    if grain == Grain.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if grain == Grain.MONTH else day


def _is_one_bucket(found: TimeRange, grain: Grain, now: datetime) -> bool:
    """Whether a calendar window lies within one bucket of `grain` (a month asked "monthly" is one figure)."""
    if found.start is None or found.end is None or found.end <= found.start:
        return False
    return _bucket_start(found.start, grain) == _bucket_start(found.end - timedelta(microseconds=1), grain)


def compute_named(
    text: str, known: dict[str, list[str]], grouped: bool = False
) -> tuple[dict[Dimension, list[str]], dict[Dimension, list[str]]]:
    """The org's names in the question: filtered on, or excluded ("excluding the support bot", "other than gpt-4o").

    With a grouping asked (`grouped`), names given as examples ("which features cost most (support bot, the
    summarizer etc)") say what the groups are, and filter nothing."""
    tokens = compute_tokens(text)
    examples = compute_example_tokens(text) if grouped else set()
    filters: dict[Dimension, list[str]] = {}
    exclude: dict[Dimension, list[str]] = {}
    previous: tuple[int, bool] | None = None  # the end of the name before and whether it was excluded
    for match in compute_name_matches(text, {k: v for k, v in known.items() if k in NAME_KEYS}):
        if examples & set(range(match.start, match.end)):
            continue
        before = tokens[max(0, match.start - 3) : match.start]
        left_out = tokens[match.end : match.end + 1] == ["out"] and bool(set(before) & _LEAVE_OUT)
        # "excluding gpt-4o and claude-3-5-sonnet", "w/o doc-summarizer, search-rag or code-review": every name of
        # a list that follows the exclusion word is excluded, not only the first
        in_list = (
            previous is not None
            and previous[1]
            and set(tokens[previous[0] : match.start]) <= _LIST_JOINERS
            and match.start - previous[0] <= 2
        )
        excluded = (
            in_list
            or left_out
            or any(w in _EXCLUDING for w in before)
            or _EXCLUDING_PAIRS.search(" ".join(before)) is not None
            or ("not" in before[-2:])
        )
        previous = (match.end, excluded)
        target = exclude if excluded else filters
        values = target.setdefault(NAME_KEYS[match.dimension], [])
        if match.value not in values:
            values.append(match.value)
    return filters, exclude


# The measure words a typo is read back to ("reqeusts", "qualty", "latncy", "tokns"): one letter dropped, added,
# changed or two swapped, in words of five letters or more that are not themselves one of these.
MEASURE_WORDS = frozenset(
    [
        "requests",
        "request",
        "quality",
        "latency",
        "tokens",
        "errors",
        "average",
        "prompt",
        "prompts",
        "completion",
        "completions",
        "percentile",
        "median",
        "sessions",
        "users",
        "spend",
        "spent",
        "yesterday",
        "failures",
        "timeouts",
        "workload",
        "workloads",
        "provider",
        "providers",
        "models",
        "score",
        "scores",
        "daily",
        "weekly",
        "monthly",
    ]
)


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one letter dropped, added or changed, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def compute_typos_fixed(t: str) -> str:
    """`t` with each misspelt measure word read back to the word meant."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in MEASURE_WORDS:
            return word
        # a plural's "s" added or dropped is another word ("error rate", "first token"), not a typo
        near = [w for w in MEASURE_WORDS if _one_edit(word, w) and w.rstrip("s") != word.rstrip("s")]
        if len({w.rstrip("s") for w in near}) == 1 and len(near) == 2:  # "requets": request or requests
            near = [w for w in near if w.endswith("s") == word.endswith("s")] or near[:1]
        return near[0] if len(near) == 1 else word

    return re.sub(r"(?<![\w.-])[a-z]{5,}(?![\w-])", fix, t)


def compute_asked(question: str, now: datetime, known: dict[str, list[str]] | None = None) -> Asked:
    """Every detail `question` asks for, at `now`; `known` holds the org's names per dimension (workloads...)."""
    question = compute_expanded_shorthand(question)  # "w/o", "err rate", "yday": as the planner reads them
    t = compute_typos_fixed(" ".join(question.lower().replace("\u2019", "'").split()))
    now = now.astimezone(UTC)
    unheld = compute_unheld(t, known)
    cannot = [*unheld, *(text for pattern, text in (*UNANSWERABLE, *LAYER_LACKS) if pattern.search(t))]
    # "grew fastest", "fastest-growing": growth against the period before, not speed
    grows = _GROWTH.search(t)
    # "$500 a month" is money: no HTTP 500 error kind, no monthly series (read where those are read)
    unpriced = compute_money_cut(t)
    dimensions = compute_dimensions(unpriced)
    t = _GROWTH.sub(" grew ", t)
    measures, instead = compute_measures(t, cannot)
    measures = compute_grouped_counts(measures, dimensions)
    compare, rest, cut = compute_comparison(t)
    compare_window: dict[str, Any] = {}
    two = compute_two_windows(t, now) if compare in (Comparison.NONE, Comparison.PREVIOUS_FULL_MONTH) else None
    if two and (compare == Comparison.NONE or two[0] == Comparison.CHOSEN_WINDOW):
        compare, rest, cut, compare_window = two[0], two[1], True, two[2]
    unit, rest, projected = compute_projection(rest, now)
    share_said = _SHARE.search(t)
    share = bool(share_said)
    if share_said and not measures:  # "what percentage of calls were gpt-4o": the share's noun is the measure
        noun = share_said.group(0).split()[-1]
        measures = [
            Measure.TOTAL_TOKENS
            if noun.startswith("token")
            else Measure.REQUESTS
            if noun in ("requests", "traffic", "calls")
            else Measure.SPEND
        ]
    if share_said and measures:  # "what % of tokens were output tokens": the part beside its whole
        measures = compute_part_and_whole(share_said.group(0).split()[-1], measures)
    compare = Comparison.PREVIOUS_PERIOD if grows and compare == Comparison.NONE else compare
    asked = Asked(
        measures=measures,
        instead=instead,
        cannot=cannot,
        compare=compare,
        dimensions=dimensions,
        grain=None if projected else compute_grain(unpriced),
        top_n=compute_top_n(t),
        order=Order.ASC if _ASCENDING.search(t) else Order.DESC,
        cut=cut or projected,
        share=share,
        compare_window=compare_window,
        declined=bool(unheld),
    )
    asked.repeats = bool(_REPEATS.search(t))
    asked.errors_unnamed = bool(_ANY_ERROR.search(t)) and not any(
        p.search(t) for p in (_ERROR_RATE, _ERROR_COUNT, _ERROR_SPEND)
    )
    if rate := compute_rate(t):
        asked.rate_per = rate[0]
        asked.measures = [rate[1], *(m for m in asked.measures if m != rate[1])]
        if asked.grain in (Grain.HOUR, Grain.DAY) and rate[0] != RateUnit.SECOND:
            asked.grain = None  # "average requests per hour": a rate, not an hourly series
    if asked.top_n is None and _WHICH_BUCKET.search(t):
        asked.top_n = 1  # "which day had the highest spend": the one bucket, its figure stated
    if compare != Comparison.NONE and asked.grain == Grain.DAY and not _DAY_SERIES.search(t):
        # "spend per day vs October", "average daily spend against October's": two periods compared per covered
        # day, not a daily series (alone, "average daily spend" is the daily series and its mean per covered day)
        asked.grain = None
    if Measure.QUALITY in measures and _QUALITY_TREND.search(t) and compare == Comparison.NONE and not asked.grain:
        asked.compare = Comparison.PREVIOUS_PERIOD  # "is quality dropping": this window against the one before
        asked.grain = Grain.DAY
    elif (
        compare == Comparison.NONE
        and _CHANGE.search(t)
        and not asked.grain
        and any(m not in (Measure.SPEND, Measure.REQUESTS) for m in measures)
    ):
        asked.compare = Comparison.PREVIOUS_PERIOD  # "is ttft getting worse", "did the error rate go up"
    if known:
        asked.filters, asked.exclude = compute_named(question, known, grouped=bool(asked.dimensions))
        # "anthropic vs openai", "support bot and sales agent": two values of one dimension named are compared side
        # by side (one row each), unless their sum is asked ("combined", "together", "in total")
        for dimension, values in asked.filters.items():
            together = re.search(r"\b(?:combined|together|in total|total of|altogether|summed|put together)\b", t)
            if len(values) >= 2 and dimension not in asked.dimensions and not together and len(asked.dimensions) < 3:
                asked.dimensions.append(dimension)
    share_of = share_said.group(0).split()[-1] if share_said else None
    if share_of is None and not asked.dimensions and KIND_RATE.search(unpriced):
        share_of, asked.share = "requests", True  # "the timeout rate": timeouts' share of all requests
    asked.measures, asked.dimensions, kinds = compute_error_kind_scope(
        unpriced,
        asked.measures,
        asked.dimensions,
        share_of=share_of,
        rate_said=bool(re.search(r"(?<!run )(?<!run-)\brates?\b(?![- _]?limit)", t)),
    )
    if kinds:  # "rate-limit errors per provider": the errors of that kind only
        asked.filters[Dimension.ERROR_TYPE] = kinds
    elif asked.dimensions and Measure.ERROR_RATE in asked.measures and KIND_RATE.search(unpriced):
        asked.error_kinds = compute_error_kinds(
            unpriced
        )  # "timeout rate by model": timeouts' share of each model's requests
    found = compute_time_range(rest, now)
    if _ANNUAL.search(t):  # a year's run rate of a window (the last 30 days unless one is said), not a period's end
        asked.annualize, unit, asked.cut = True, None, True
        asked.measures = asked.measures or [Measure.SPEND]
        found = found or TimeRange.last(30)
    if unit is not None and found is not None and _MONTHLY.search(t):
        # "monthly run rate based on the last 7d": that window's month at its pace, not the window carried to month end
        asked.monthly_run_rate, unit, asked.cut = True, None, True
        asked.measures = asked.measures or [Measure.SPEND]
    if _BUDGET_STATUS.search(t) and not _BUDGET_ACTION.search(t) and (budget := compute_budget_usd(t)):
        asked.budget_usd, asked.cut = budget, True
        asked.measures = [Measure.SPEND, *(m for m in asked.measures if m != Measure.SPEND)]
        if found is None:  # a budget is a month's unless the question says which window
            start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            found = TimeRange.between(start, now, "this month to date, ")
    if unit is not None:
        # "our monthly run rate", "the burn rate": a run rate with no measure named is spend's, never the error rate
        asked.measures = asked.measures or [Measure.SPEND]
        asked.project_to = _period_end(now, unit)
        asked.project_label = f"the end of the {unit} ({asked.project_to - timedelta(days=1):%Y-%m-%d})"
        if found is None:  # the run rate of the period so far
            found = TimeRange.between(_period_start(now, unit), now, f"this {unit} to date, ")
    if found is not None:
        asked.window, asked.window_label = found.as_args(), found.label
        if asked.grain is not None and _is_one_bucket(found, asked.grain, now):
            asked.grain = None  # "the monthly review: October's spend", "each month" of one month: one figure
        if cut:  # a comparison said ("vs last week"), not one read from a change word ("what changed since monday")
            asked.compare = compute_aligned_comparison(asked.compare, found, now)
    return asked
