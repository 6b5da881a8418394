"""The offline planner's words: intents and their keywords, synonyms, phrases and the patterns it reads.

Tables only; the planner (triage.py) decides with them.
"""

from __future__ import annotations

import re

DEFAULT_DAYS = 7.0
OPTIMIZE_DAYS = 30.0
# Intent -> keywords; order matters (earlier intents win ties). Typos are corrected against these words.
INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "set_price": (),
    "save_reference": (),
    "optimize": (
        "optimize",
        "optimise",
        "optimization",
        "cut",
        "reduce",
        "lower",
        "cheaper",
        "routing",
        "route",
        "policy",
        "savings",
        "slash",
        "trim",
        "shrink",
        "save",
        "saving",
    ),
    "report": ("report", "summary", "summarize", "summarise", "recap", "writeup", "brief", "digest"),
    "compare_models": ("compare", "vs", "versus", "difference", "against"),
    "cost_on_traffic": ("would", "switch", "switched", "move", "moved", "migrate", "swap"),
    "catalog": ("price", "prices", "pricing", "priced", "cheapest", "catalog", "catalogue", "million", "mtok"),
    "unit_cost": ("conversation", "conversations", "session", "sessions", "request", "call", "unit", "user"),
    "spend_change": (
        "why",
        "jump",
        "jumped",
        "spike",
        "spiked",
        "increase",
        "increased",
        "rise",
        "rose",
        "grew",
        "grow",
        "growth",
        "doubled",
        "drop",
        "dropped",
        "changed",
        "change",
        "higher",
        "up",
        "grown",
        "risen",
    ),
    "latency": (
        "latency",
        "latencies",
        "slow",
        "slowest",
        "fast",
        "fastest",
        "p95",
        "p99",
        "p50",
        "ttft",
        "speed",
        "response",
        "lag",
    ),
    "errors": (
        "error",
        "errors",
        "fail",
        "failing",
        "failed",
        "failures",
        "timeouts",
        "timeout",
        "429",
        "broken",
        "rate",
        "limited",
        "limit",
        "throttled",
        "throttling",
    ),
    "caching": ("duplicate", "duplicates", "cache", "caching", "cached", "repeated", "repeat", "dedupe"),
    "batch": ("batch", "batching", "batchable", "offline", "async"),
    "tokens": ("token", "tokens", "prompt", "prompts", "context", "length"),
    "trend": ("trend", "daily", "weekly", "hourly", "chart", "graph", "plot", "time", "timeline"),
    "top_spenders": ("top", "biggest", "most", "largest", "expensive", "breakdown", "split", "who"),
    "kpis": (
        "spend",
        "spent",
        "spending",
        "cost",
        "costs",
        "bill",
        "much",
        "requests",
        "traffic",
        "volume",
        "quality",
        "overview",
        "kpi",
        "kpis",
        "usage",
        "doing",
    ),
}
# Optimize words that ask for a new policy on their own; the others ("save", "route") only with a savings target
# ("save 25%", "budget $300") or money ("save money") and no more specific intent ("could caching save us money").
OPTIMIZE_STRONG = frozenset(
    [
        "cut",
        "reduce",
        "lower",
        "cheaper",
        "optimize",
        "optimise",
        "optimization",
        "routing",
        "policy",
        "slash",
        "trim",
        "savings",
    ]
)
# Spend-change words that make "why did spend move" on their own ("up", "change" alone are too loose).
CHANGE_STRONG = frozenset(
    [
        "why",
        "jump",
        "jumped",
        "spike",
        "spiked",
        "increase",
        "increased",
        "rise",
        "rose",
        "grew",
        "doubled",
        "drop",
        "dropped",
        "changed",
        "grown",
        "risen",
    ]
)
COMPARE_WORDS = frozenset(["compare", "vs", "versus", "difference", "against"])
# "A or B, which is better?": with two catalog models named, "or" and one of these make a comparison.
CHOICE_WORDS = frozenset(
    ["which", "better", "best", "cheaper", "faster", "choose", "pick", "prefer", "should", "worth"]
)
# What a unit cost is per: "cost per chat", "$ per request", "cost/user".
UNIT_NOUNS = (
    "conversation",
    "session",
    "request",
    "call",
    "chat",
    "thread",
    "message",
    "ticket",
    "query",
    "queries",
    "interaction",
    "turn",
    "user",
    "unit",
)
# Running the notebook report, not writing a summary: an action on a report ("run/generate/kick off the weekly
# report"), or the notebook named. "give me a report" and "summarize" stay written summaries.
REPORT_RUN_VERBS = frozenset(
    ["run", "rerun", "generate", "regenerate", "render", "kick", "launch", "trigger", "produce", "execute", "refresh"]
)
REPORT_WORDS = frozenset(["report", "reports"])
NOTEBOOK_WORDS = frozenset(["notebook", "notebooks", "papermill", "html"])
REPORT_MAX_DAYS = 90
KEYWORDS = frozenset({w for words in INTENT_WORDS.values() for w in words} | {"generate", "notebook"})
# Words that mean a keyword, grouped by meaning; matched exactly (never typo targets, so the common words near
# them stay as typed: "charged" is spent, "charge" stays charge). Every value is a keyword.
SYNONYMS: dict[str, str] = {
    # spend verbs and nouns: what the org paid
    **dict.fromkeys(["pay", "pays", "paying", "payed", "burn", "burns", "burning"], "spend"),
    **dict.fromkeys(["paid", "burned", "burnt", "charged", "billed", "invoiced"], "spent"),
    **dict.fromkeys(["invoice", "invoices"], "bill"),
    # reduce verbs: asking for a cheaper policy
    **dict.fromkeys(["shave", "shaving", "whittle", "downsize"], "reduce"),
    # report nouns: a written summary
    **dict.fromkeys(["memo", "memos", "onepager", "writeup", "briefing", "readout", "rundown"], "report"),
    # compare forms: two models side by side
    **dict.fromkeys(["benchmark", "benchmarking", "pit"], "compare"),
    # chart grains ("daily", "weekly", "hourly" are trend keywords already)
    "monthly": "trend",
}
# Phrases read as one keyword. Their words match typos one edit away ("time to frist token"): inside a phrase a
# common word carries intent.
PHRASES: dict[tuple[str, ...], str] = {
    ("time", "to", "first", "token"): "ttft",
    ("time", "to", "the", "first", "token"): "ttft",
    ("one", "pager"): "report",
    ("write", "up"): "report",
    ("head", "to", "head"): "vs",
    ("side", "by", "side"): "vs",
    ("break", "down"): "breakdown",
    ("broken", "down"): "breakdown",
    ("burn", "rate"): "spend",
    ("shell", "out"): "spend",
    ("fork", "out"): "spend",
}
# Verbs said in two parts around their object: "bring the bill down", "knock 15% off" (reduce), "break that down"
# (breakdown). "cut", "trim", "shave" are reduce words on their own.
SPLIT_PHRASES = (
    (re.compile(r"\b(?:bring|brought|drive|drove|knock)\w*\s+(?:[\w$%.~'-]+\s+){0,4}?(?:down|off)\b"), "reduce"),
    (re.compile(r"\b(?:break|breaks|breaking|broke)\s+(?:[\w'-]+\s+){1,3}?down\b"), "breakdown"),
)
# Intents a constraint outweighs: they only name the metric a target is on ("cheapest model mix under 2k/month",
# "keep p95 below 2 s"). Explicit actions (a price change, a comparison, a report, caching...) keep their intent.
STEERABLE = frozenset(["kpis", "top_spenders", "trend", "catalog", "latency", "errors", "tokens", "unit_cost"])
# Ranking a group ("which sessions burned the most", "top users") is top spenders, not a cost per unit.
RANKING_WORDS = frozenset(["top", "most", "biggest", "largest", "highest", "costliest"])
# Chart grain: "daily", "per day", "by week", "each month".
GRAIN_RE = re.compile(r"\b(hour|dai|week|month)ly\b|\b(?:per|by|each|every)\s+(hour|day|week|month)\b")
# A series asked again at another grain or over another window, and nothing else ("hourly for yesterday pls",
# "daily for last month", "weekly since september instead"): the thread's series, its subject kept.
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_TIME_WORD = (
    rf"(?:yesterday|today|tonight|last|past|previous|this|since|from|to|until|till|ago|so|far|the|a|an|of|on|in|"
    rf"over|during|for|between|and|weekend|(?:hour|day|week|month|quarter|year)s?|{_DAYS}|{_MONTHS}|\d[\d/:-]*"
    rf"(?:st|nd|rd|th|d|h|w)?|mtd|ytd|wtd)"
)
GRAIN_ONLY_RE = re.compile(
    r"^\W*(?:(?:ok|okay|now|then|same|but|show|make|it|that|as|as\s+a|chart|instead|pls|please|plz)\W+)*"
    r"(?:(?:hour|dai|week|month)ly|(?:per|by|each)\s+(?:hour|day|week|month))"
    rf"(?:\W+(?:{_TIME_WORD}|instead|pls|please|plz|then|now|too|as\s+well))*\W*$"
)
GROUP_WORDS = {
    "model": "model",
    "models": "model",
    "workload": "workload",
    "workloads": "workload",
    "app": "workload",
    "apps": "workload",
    "feature": "workload",
    "features": "workload",
    "provider": "provider",
    "providers": "provider",
    "vendor": "provider",
    "vendors": "provider",
    "user": "user",
    "users": "user",
    "customer": "user",
    "session": "session",
    "sessions": "session",
    "task": "task_type",
}
# Another org named in the message: "org globex", "tenant=globex", "globex's org". Words that merely follow or
# precede "org" ("the org spending", "our org") are not names.
OTHER_ORG_RE = re.compile(
    r"\b(?:org|organi[sz]ation|tenant|company|account)\s*(?:id)?\s*[:=]?\s*['\"]?([a-z0-9][a-z0-9_-]{1,63})"
)
OTHER_ORG_BEFORE_RE = re.compile(r"\b([a-z0-9][a-z0-9_-]{1,63})(?:'s)?\s+(?:org|organi[sz]ation|tenant)\b")
NOT_ORG_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "our",
        "my",
        "your",
        "their",
        "this",
        "that",
        "these",
        "those",
        "other",
        "another",
        "whole",
        "same",
        "which",
        "what",
        "each",
        "every",
        "per",
        "by",
        "for",
        "of",
        "in",
        "on",
        "at",
        "to",
        "is",
        "was",
        "are",
        "be",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "spend",
        "spending",
        "spent",
        "cost",
        "costs",
        "costing",
        "bill",
        "usage",
        "data",
        "level",
        "wide",
        "settings",
        "admin",
        "admins",
        "account",
        "accounts",
    ]
)
# ("--" between two words of prose, "ttft over 14 days -- p10, p50", is a dash, not a comment)
SQL_RE = re.compile(
    r"(;\s*(drop|delete|insert|update|alter|truncate|grant)\b|\bunion\s+(all\s+)?select\b|"
    r"(?<![\w?.!,)] )--|--(?!\s+[a-z0-9])|/\*|"
    r"\bor\s+'?1'?\s*=\s*'?1|\bselect\s+.+\bfrom\b|\bdrop\s+table\b)",
    re.I,
)
SET_PRICE_RE = re.compile(r"\b(?:set|change|update|make|override|adjust|correct)\b.*\bpric(?:e|es|ed|ing)\b")
# A price change said otherwise, which counts only with the new input and output prices in the message: a rate or
# price then "update it" ("our rate for sonnet is $2 in / $8 out, change it"), or a rate agreed ("we negotiated a
# rate for sonnet: $2.50 in / $12 out per mtok").
_PRICE_WORD = r"\b(?:pric(?:e|es|ed|ing)|rates?)\b"
SET_PRICE_SAID_RE = re.compile(
    rf"{_PRICE_WORD}.*\b(?:set|change|update|override|adjust|correct|apply)\s+(?:it|that|this|them|those|"
    rf"the\s+catalog|our\s+catalog)\b|\b(?:negotiated|agreed|signed)\b.*{_PRICE_WORD}"
)
# What a model costs, asked with no owner ("what do mistral large tokens cost?", "how much is o1 per token"): of a
# model the org has no traffic on, the list price; "what did it cost us", "our spend on X" are the org's own.
LIST_PRICE_ASKED_RE = re.compile(
    r"\bwhat\s+(?:do|does|would|will)\b.*\bcost\b|\bhow\s+much\s+(?:is|are|do|does|would|will)\b|\bcost\s+of\b"
)
OWNER_WORDS_RE = re.compile(r"\b(?:we|us|our|ours|my|i|me)\b")
# Saving a reference: "save ... as name"; other verbs need the @ within a few words ("bookmark that as @x", "pin the
# current view as @x"), never a comparison ("keep the same window as @weekly" cites @weekly).
SAVE_AS_RE = re.compile(
    r"\bsave\b.*?\bas\s+@?([a-z0-9][a-z0-9_-]{0,99})|\b(?:bookmark|pin|keep|remember|store|stash|"
    r"label|tag|name)\s+(?:(?!same\b|like\b)[\w'-]+\s+){0,4}?as\s+@([a-z0-9][a-z0-9_-]{0,99})",
    re.I,
)
SAVE_MONEY_RE = re.compile(r"\bsav(?:e|ing)\s+(?:us\s+|some\s+)?(?:money|cash|\$|on\b)|\b(?:spend|pay)\s+less\b")
# Spend moving, said without a change word: "way up", "went up", "blew up", "what's going on", "what happened" (and
# its exclamations: "wtf happened", "what the hell happened", "what on earth is going on").
_WHAT = r"(?:what|wtf|wth)(?:\s+the\s+(?:hell|heck|fuck|f)|\s+on\s+earth|\s+exactly)?"
CHANGE_PHRASE_RE = re.compile(
    r"\b(?:is|are|was|were|been)\s+(?:way\s+)?up\b|\b(?:go|goes|going|gone|went|way|shot|shooting|blew|blow|blown|"
    rf"ticked|crept|creeping|climbing)\s+(?:up|down)\b|\b{_WHAT}(?:'?s|\s+is)\s+going\s+on\b|\b{_WHAT}\s+happened\b"
    r"|\bhow\s+come\b"
)
PER_UNIT_RE = re.compile(
    r"(?:\bper\s+|/\s*)(?:(?:single|active|unique|distinct|paying|monthly active)\s+)?(?:"
    + "|".join(UNIT_NOUNS)
    + r")s?\b"
)
# HTTP error codes said as errors ("429s", "503s", "5xx"); a bare number ("top 400", "$500") is not one.
HTTP_ERROR_RE = re.compile(r"^(?:[45]\d\ds|[45]xxs?)$")
FOLLOW_UP_RE = re.compile(r"^\s*(and|what about|how about|same|now|only|just|but|ok|okay|then|also)\b")
# A message that leans on the thread: "its error rate", "how are they doing", "for that one", and "that"/"this"
# standing for the last answer ("show that as a chart", "break this down by model", "why is that?"), not as a
# determiner ("this month", "that much").
REFERS_BACK_RE = re.compile(
    r"\b(?:its|it|they|them|their|those|these|(?:that|this)\s+(?:one|model|workload|app|"
    r"provider|bot)s?)\b|\b(?:for|of|on|about|with|in)\s+that\b"
    r"|\b(?:that|this)\b(?=\s*(?:[?.!,;:]|$)|\s+(?:as|by|down|up|out|into|in|for|over|per|again|"
    r"instead|please|to|on|from|with|across|but|and|vs|versus|against|hourly|daily|weekly|"
    r"monthly)\b)"
)


# Ordinary words that sit close to a keyword ("week" ~ "weekly", "last" ~ "fast") and must stay as typed.
PLAIN_WORDS = frozenset(
    [
        "week",
        "weeks",
        "last",
        "past",
        "month",
        "months",
        "hour",
        "hours",
        "days",
        "today",
        "spent",
        "time",
        "what",
        "which",
        "that",
        "this",
        "with",
        "their",
        "there",
        "from",
        "made",
        "make",
        "most",
        "more",
        "much",
        "cost",
        "costs",
        "model",
        "models",
        "mode",
        "only",
        "just",
        "show",
        "tell",
        "give",
        "list",
        "over",
        "into",
        "ones",
        "same",
        "than",
        "then",
        "them",
        "they",
        "cuts",
        "cutting",
    ]
)
