"""The offline planner: intent, time range, names matched to the org's real values, constraints, tool calls.

Deterministic and network-free; the LLM supervisor, when configured, plans over the same tools instead.
"""

from __future__ import annotations

import re
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel, Field

from netra_core.agents.asked import compute_asked
from netra_core.agents.asked_groups import compute_dimensions, compute_model_families
from netra_core.agents.asked_teams import compute_defined_groups
from netra_core.agents.described import compute_described_names
from netra_core.agents.intents import Intent
from netra_core.agents.matching import (
    compute_edit_distance,
    compute_example_tokens,
    compute_keyword,
    compute_name_matches,
    compute_tokens,
)
from netra_core.agents.quantities import (
    Constraints,
    compute_constraints,
    compute_is_target,
    compute_per_million_text,
    compute_prices_per_mtok,
    compute_stated_constraints,
)
from netra_core.agents.query_plan import apply_asked
from netra_core.agents.shorthand import compute_expanded_shorthand
from netra_core.agents.timerange import TimeRange, compute_time_range
from netra_core.agents.triage_whatif import compute_optimize_args, compute_what_if_args, compute_what_if_target
from netra_core.agents.typos import compute_typos_fixed_text
from netra_core.agents.unread import compute_unread
from netra_core.agents.unread_numbers import compute_unused_numbers
from netra_core.agents.vocabulary import (
    CHANGE_PHRASE_RE,
    CHANGE_STRONG,
    CHOICE_WORDS,
    COMPARE_WORDS,
    DEFAULT_DAYS,
    FOLLOW_UP_RE,
    GRAIN_ONLY_RE,
    GRAIN_RE,
    GROUP_WORDS,
    HTTP_ERROR_RE,
    INTENT_WORDS,
    KEYWORDS,
    LIST_PRICE_ASKED_RE,
    NOT_ORG_NAMES,
    NOTEBOOK_WORDS,
    OPTIMIZE_DAYS,
    OPTIMIZE_STRONG,
    OTHER_ORG_BEFORE_RE,
    OTHER_ORG_RE,
    OWNER_WORDS_RE,
    PER_UNIT_RE,
    PHRASES,
    PLAIN_WORDS,
    RANKING_WORDS,
    REFERS_BACK_RE,
    REPORT_MAX_DAYS,
    REPORT_RUN_VERBS,
    REPORT_WORDS,
    SAVE_AS_RE,
    SAVE_MONEY_RE,
    SET_PRICE_RE,
    SET_PRICE_SAID_RE,
    SPLIT_PHRASES,
    SQL_RE,
    STEERABLE,
    SYNONYMS,
    UNIT_NOUNS,
)
from netra_core.analytics.semantic import Cut
from netra_core.catalog.builtin import TASK_TYPES


class ToolCall(BaseModel):
    """One planned call: which sub-agent, which tool, with which arguments (never an org)."""

    agent: str
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)


class Plan(BaseModel):
    """The triage of one message."""

    intent: Intent
    window: dict[str, Any] = Field(default_factory=dict)
    window_label: str = ""
    workloads: list[str] = Field(default_factory=list)
    models: list[str] = Field(default_factory=list)
    providers: list[str] = Field(default_factory=list)
    task_types: list[str] = Field(default_factory=list)
    candidates: list[str] = Field(default_factory=list)
    prior_task: str = ""
    group_by: str | None = None
    constraints: Constraints = Field(default_factory=Constraints)
    reference_name: str | None = None
    grain: str | None = None
    is_report_run: bool = False
    is_follow_up: bool = False
    notes: list[dict[str, str]] = Field(default_factory=list)
    # "if we dropped anthropic, what would be left": the whole less the named values is said beside their share
    rest: bool = False
    # "is gpt-4o more than half of our spend": the fraction the named value's share is said against
    share_bound: Cut | None = None
    calls: list[ToolCall] = Field(default_factory=list)
    # Issue #16: the semantic query the plan asks (query_metrics' args), and what the store cannot answer.
    query: dict[str, Any] | None = None
    cannot: list[str] = Field(default_factory=list)
    # The message's words no reader knows (unread.py) and the numbers it types that the plan holds in no unit
    # (unread_numbers.py): the answer says it could not read them.
    unread: list[str] = Field(default_factory=list)
    unused_numbers: list[str] = Field(default_factory=list)

    def filters(self) -> dict[str, Any]:
        """Window and dimension arguments shared by the analytics tools."""
        out: dict[str, Any] = dict(self.window)
        for key in ("workloads", "models", "providers", "task_types"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        return out


def _is_phrase_word(token: str, word: str) -> bool:
    """Whether a typed token is a phrase's word: itself, its plural, or (four letters up) a typo one edit away."""
    if token in (word, word + "s"):
        return True
    return len(word) >= 4 and token[:1] == word[:1] and compute_edit_distance(token, word) == 1


def _phrase_at(tokens: list[str], i: int) -> tuple[int, str] | None:
    """The longest phrase starting at tokens[i], as (its length, its keyword)."""
    found = []
    for phrase, keyword in PHRASES.items():
        typed = tokens[i : i + len(phrase)]
        if len(typed) == len(phrase) and all(_is_phrase_word(t, w) for t, w in zip(typed, phrase, strict=True)):
            found.append((len(phrase), keyword))
    return max(found, default=None)


def compute_words(text: str, skip: set[int] | None = None, names: frozenset[str] = frozenset()) -> list[str]:
    """The message's words as keywords: typos, forms and synonyms mapped, names and common words kept, phrases folded.

    `skip` holds token positions that are part of a workload or model name ("summarizer" is not "summarize");
    `names` holds the org's name parts, never corrected. Phrases ("time to first token", "one-pager", "head to head")
    read as one keyword, "429s" and "5xx" as errors, and a price unit ("per 1M tokens", "/1m") as mtok.
    """
    protected = PLAIN_WORDS | names
    tokens = [t for i, t in enumerate(compute_tokens(text)) if not (skip and i in skip)]
    words = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if phrase := _phrase_at(tokens, i):
            words.append(phrase[1])
            i += phrase[0]
            continue
        if HTTP_ERROR_RE.match(token):
            words.append("errors")
        elif token in SYNONYMS and token not in names:
            words.append(SYNONYMS[token])
        else:
            words.append(compute_keyword(token, KEYWORDS, protected))
        i += 1
    words.extend(k for pattern, k in SPLIT_PHRASES if k not in words and pattern.search(text.lower()))
    if "per mtok" in compute_per_million_text(text) and "mtok" not in words:
        words.append("mtok")
    return words


def _is_unit(tokens: list[str], start: int, end: int) -> bool:
    """Whether tokens[start:end] is what a cost is per ("per chat"), not a name (the chat task type)."""
    token = tokens[start]
    return (
        end - start == 1
        and start > 0
        and tokens[start - 1] == "per"
        and (token in UNIT_NOUNS or token[:-1] in UNIT_NOUNS)
    )


def compute_saved_name(text: str) -> str | None:
    """The name in "save this as @name" or "bookmark that as @name", if the message asks to save."""
    m = SAVE_AS_RE.search(text)
    return (m.group(1) or m.group(2)).lower() if m else None


def compute_grain(text: str) -> str | None:
    """The chart grain a message asks for: "daily" or "per day" -> day, "weekly"/"by week" -> week, and so on."""
    m = GRAIN_RE.search(text.lower())
    if m is None:
        return None
    return "day" if m.group(1) == "dai" else m.group(1) or m.group(2)


def compute_intent(text: str, words: list[str], n_catalog: int) -> Intent | None:
    """The intent the words point at, or None (a follow-up or something Netra cannot do).

    A message that sets an optimisation target (a budget, a quality floor) asks for a policy: optimize, unless its
    words name a more specific action than a metric ("compare", "report", a price change...).
    """
    intent = _compute_word_intent(text, words, n_catalog)
    figure_asked = is_figure_asked(text)
    if intent == Intent.OPTIMIZE and figure_asked:
        # "Routing candidates: how many gpt-4o calls had fewer than 500 prompt tokens": the figure asked, not a policy
        intent = _compute_word_intent(text, [w for w in words if w not in INTENT_WORDS["optimize"]], n_catalog)
        return None if intent == Intent.OPTIMIZE else intent
    if intent == Intent.REPORT and figure_asked and (purpose := _FOR_A_WRITE_UP.search(text.lower())):
        # "For the eval write-up: what was the mean quality per model?", "for the board deck, how much did we spend":
        # what the figure is for is no summary asked; the figure is (unless a summary is asked too, "summarise")
        rest = text.lower()[: purpose.start()] + " " + text.lower()[purpose.end() :]
        if not _SUMMARY_ASKED.search(rest):
            return compute_intent(rest, [w for w in words if w not in INTENT_WORDS["report"]], n_catalog)
    # (a figure checked against a bound is no target, "is our cost per call under 2 cents"; a budget said is read as
    # spend against it later, "we set a $350 budget: how much of it is left")
    checked = figure_asked and not re.search(r"\bbudget", text, re.IGNORECASE)
    if (intent is None or intent in STEERABLE) and compute_is_target(text) and not checked:
        return Intent.OPTIMIZE
    return intent


# What a figure is for ("for the eval write-up", "for our board deck", "for my monthly report", "in the memo"): the
# document the figure goes into, not a written summary asked.
_FOR_A_WRITE_UP = re.compile(
    r"\b(?:for|in|into)\s+(?:the\s+|our\s+|my\s+|a\s+|an\s+|this\s+|next\s+|tomorrow'?s\s+)?(?:[\w'-]+\s+){0,3}?"
    r"(?:write-?\s?ups?|writeups?|reports?|decks?|memos?|slides?|one-?pagers?|briefings?|readouts?|presentations?|"
    r"newsletters?|summar(?:y|ies)|recaps?)\b"
)
# A written summary asked in so many words ("write up October", "write me a summary", "summarise last week").
_SUMMARY_ASKED = re.compile(
    r"\bwrite\s+(?:\w+\s+)?up\b|\b(?:write|draft|give|send|make|prepare|put\s+together)\s+(?:me\s+|us\s+)?"
    r"(?:an?\s+|the\s+|some\s+)?(?:short\s+|quick\s+|brief\s+|written\s+)?(?:summary|report|recap|write-?up|memo|"
    r"overview|digest)\b|\bsummari[sz](?:e|ing)\b|\brecap\b"
)


# What a message asks, read from its last clause ("Routing candidates: ... how many calls had ...?", "we want to route
# short prompts to a cheaper model: how many calls last week had fewer than 300 prompt tokens?") or from a question
# about what was ("is ticket-classifier's cost per call under $0.001", "was gpt-4o's p95 over 3 s").
_FIGURE_ASKED = re.compile(
    r"\bhow\s+(?:many|much)\b(?!\s+(?:would|could|can|will|might|should|do\s+we\s+save|did\s+we\s+save))|"
    r"\bwhat\s+(?:did|was|were|is|are)\b|\bwhat\s+(?:share|percent\w*|fraction|proportion)\b|"
    r"^\s*(?:is|was|are|were|did|does|do|has|have)\s+(?!there\b|it\s+possible\b|it\s+worth\b|we\s+able\b)"
)
# Words that ask for a policy or a saving in that clause ("how much would we save", "how can we cut", "which calls
# should we route").
_POLICY_ASKED = re.compile(
    r"\b(?:sav(?:e|es|ed|ing|ings)|recommend\w*|suggest\w*|should|would|could|policy|policies|optimi[sz]\w*|cut|"
    r"reduce|switch\w*|move|moving|route|routing|routed|downgrad\w*|budget)\b|"
    r"(?<!\bthe )\b(?:lower|cheaper)\b(?!\s+than\b)"
)


def is_figure_asked(text: str) -> bool:
    """Whether the message's ask (its last clause, after any label or preamble ending in a colon) asks for a figure of
    the traffic as it was, with no policy, saving or target asked in that clause."""
    ask = re.split(r":\s+", text.lower().strip())[-1]
    sentences = [s for s in re.split(r"(?<=[?.!])\s+", ask) if s.strip()]
    ask = next((s for s in sentences if "?" in s), sentences[-1] if sentences else ask)
    return bool(_FIGURE_ASKED.search(ask)) and not _POLICY_ASKED.search(ask)


# "higher or lower", "lower than October": a comparison of figures, whose "lower"/"cheaper" set no optimisation goal.
COMPARATIVE_RE = re.compile(
    r"\b(?:higher|more|greater|bigger|up)\s+or\s+(?:lower|less|smaller|down)\b|"
    r"\b(?:lower|less|smaller|cheaper|down)\s+or\s+(?:higher|more|greater|bigger|up)\b|"
    r"\b(?:lower|cheaper|higher)\s+than\b|"
    # "which had the lower error rate", "which of the two is cheaper": a comparison asked, not a cost to cut
    r"\bwhich\b[^?.]{0,60}?\b(?:the\s+)?(?:lower|cheaper|higher)\b"
)
COMPARATIVE_WORDS = frozenset(["lower", "cheaper"])
CUT_OVER_RE = re.compile(r"\bcut[- ]?over(?:s|ed)?\b")


def _compute_word_intent(text: str, words: list[str], n_catalog: int) -> Intent | None:
    lowered = text.lower()
    if COMPARATIVE_RE.search(lowered):
        words = [w for w in words if w not in COMPARATIVE_WORDS]
    if CUT_OVER_RE.search(lowered):  # "we cut over to the new gateway at 06:00": a move made, no cost to cut
        words = [w for w in words if w != "cut"]
    wordset = set(words)
    if SET_PRICE_RE.search(lowered) and (compute_prices_per_mtok(lowered) or re.search(r"\bprices?\b.*\d", lowered)):
        return Intent.SET_PRICE
    if SET_PRICE_SAID_RE.search(lowered) and compute_prices_per_mtok(lowered):
        return Intent.SET_PRICE
    if SAVE_AS_RE.search(text):
        return Intent.SAVE_REFERENCE
    is_choice = "or" in wordset and bool(wordset & CHOICE_WORDS)
    if n_catalog >= 2 and (wordset & COMPARE_WORDS or is_choice):
        return Intent.COMPARE_MODELS
    if (wordset & set(INTENT_WORDS["cost_on_traffic"])) and n_catalog >= 1 and not wordset & {"why"}:
        return Intent.COST_ON_TRAFFIC
    scores: dict[str, int] = {}
    for intent, keywords in INTENT_WORDS.items():
        hits = sum(1 for w in words if w in keywords)
        if hits:
            scores[intent] = hits
    if CHANGE_PHRASE_RE.search(lowered):
        scores["spend_change"] = scores.get("spend_change", 0) + 1
        wordset.add("why")
    # Comparing or costing models needs the models: "vs the previous week" compares periods, not models.
    scores.pop("compare_models", None)
    scores.pop("cost_on_traffic", None)
    if PER_UNIT_RE.search(lowered) or (
        scores.get("unit_cost")
        and wordset & {"conversation", "conversations", "session", "sessions", "unit"}
        and not wordset & RANKING_WORDS
    ):
        return Intent.UNIT_COST
    scores.pop("unit_cost", None)
    if "optimize" in scores and not wordset & OPTIMIZE_STRONG:
        target = compute_constraints(lowered)
        has_target = target.savings_pct is not None or target.budget_usd is not None or SAVE_MONEY_RE.search(lowered)
        others = [i for i in scores if i not in ("optimize", "kpis", "top_spenders", "spend_change", "trend")]
        if not has_target or others:
            scores.pop("optimize")
    if "over time" in lowered or re.search(r"\b(per|by|each) (day|week|hour|month)\b", lowered):
        return Intent.TREND
    if not scores:
        return None
    order = list(INTENT_WORDS)
    # Specific intents beat the generic spend ones; among the rest the first in INTENT_WORDS wins.
    generic = {"kpis", "top_spenders", "spend_change", "trend"}
    specific = [i for i in scores if i not in generic]
    if specific:
        return Intent(min(specific, key=order.index))
    if "spend_change" in scores and wordset & CHANGE_STRONG:
        return Intent.SPEND_CHANGE
    if "trend" in scores:
        return Intent.TREND
    if "top_spenders" in scores:
        return Intent.TOP_SPENDERS
    return Intent.KPIS


def compute_is_report_run(words: list[str]) -> bool:
    """Whether a message asks to run the notebook report (not only for a written summary)."""
    wordset = set(words)
    return bool(wordset & NOTEBOOK_WORDS) or bool(wordset & REPORT_WORDS and wordset & REPORT_RUN_VERBS)


def compute_report_args(plan: Plan) -> dict[str, Any]:
    """run_report's period from the plan's window: whole days (1 to 90) ending at the window's end (default now)."""
    window = plan.window
    if "days" in window:
        return {"days": min(REPORT_MAX_DAYS, max(1, round(float(window["days"]))))}
    start, end = datetime.fromisoformat(str(window["start"])), datetime.fromisoformat(str(window["end"]))
    days = round((end - start).total_seconds() / 86400)
    return {"days": min(REPORT_MAX_DAYS, max(1, days)), "end": end.isoformat()}


def compute_group_by(text: str) -> str | None:
    """The grouping a message asks for ("by provider", "which workload", "per model")."""
    m = re.search(
        r"\b(?:by|per|which|what|each|across|top\s+\d+|expensive|costliest)\s+(?:\w+\s+)?(models?|workloads?|apps?|features?|providers?|"
        r"vendors?|users?|customer|sessions?|task)\b",
        text.lower(),
    )
    return GROUP_WORDS[m.group(1)] if m else None


def compute_security_notes(text: str, own_org: str) -> list[dict[str, str]]:
    """Attempts to reach another org or to smuggle SQL: recorded, never acted on."""
    notes = []
    lowered = text.lower()
    named = [m.group(1) for pattern in (OTHER_ORG_RE, OTHER_ORG_BEFORE_RE) for m in pattern.finditer(lowered)]
    for name in dict.fromkeys(
        n for n in named if n != own_org and n not in NOT_ORG_NAMES and n not in KEYWORDS and n not in SYNONYMS
    ):
        notes.append(
            {
                "kind": "other_org_ignored",
                "detail": f"the message names org {name!r}; answers only cover your org {own_org!r}",
            }
        )
    if SQL_RE.search(text):
        notes.append({"kind": "sql_ignored", "detail": "the message contains SQL; Netra never runs SQL from messages"})
    return notes


def compute_plan(
    text: str,
    *,
    known: dict[str, list[str]],
    catalog_models: list[str],
    own_org: str,
    now: Any,
    previous: Plan | None = None,
) -> Plan:
    """Triage a message into a Plan with its tool calls."""
    if previous is not None and previous.intent == Intent.HELP:
        previous = None  # a message Netra could not plan is no thread state
    text = compute_expanded_shorthand(text)  # "spend yday?", "this wk vs prev wk": read as the words they stand for
    text = compute_typos_fixed_text(text)  # "which modle is most expensiv in octber": the words meant
    text = compute_described_names(text, known)  # "the bot that answers support questions": support-bot
    notes = compute_security_notes(text, own_org)
    if m := SQL_RE.search(text):
        # Whatever follows SQL-looking text is not a question; it is recorded as a note and dropped.
        text = text[: m.start()]
    # (the user and session ids a message names are filters read by compute_asked, not names matched loosely here)
    ids = {k: v for k, v in known.items() if k in ("users", "sessions")}
    known = {k: v for k, v in known.items() if k not in ids}
    known_all = {**known, "catalog": [m for m in catalog_models if m not in known.get("models", [])]}
    tokens = compute_tokens(text)
    # A keyword typed exactly is the keyword, not a loose match of a name part ("summarize" is not doc-summarizer),
    # a grouping word is the grouping ("spend by workload" is not the workload-router workload), and what a cost is
    # per is a unit, not a name ("cost per chat" is not the chat task type).
    found = compute_name_matches(text, known_all)
    # "ttft p99 for llama": a part that names one of the org's own models and only catalog models besides (which
    # makes it ambiguous over both) names the org's model: it is the traffic asked about.
    taken = {i for m in found for i in range(m.start, m.end)}
    found += [m for m in compute_name_matches(text, known) if not taken & set(range(m.start, m.end))]
    matches = [
        m
        for m in sorted(found, key=lambda m: m.start)
        if not (
            m.score < 1 and m.end - m.start == 1 and (tokens[m.start] in KEYWORDS or tokens[m.start] in GROUP_WORDS)
        )
        and not _is_unit(tokens, m.start, m.end)
    ]
    if compute_group_by(text) or compute_dimensions(text.lower()):
        # "which features cost the most (support bot, the summarizer etc)": examples of the groups, not filters
        examples = compute_example_tokens(text)
        matches = [m for m in matches if not examples & set(range(m.start, m.end))]
    names = frozenset(t for values in known_all.values() for v in values for t in compute_tokens(v) if len(t) >= 4)
    words = compute_words(
        text, {i for m in matches if m.score < 1 or m.end - m.start > 1 for i in range(m.start, m.end)}, names
    )
    named: dict[str, list[str]] = {"workloads": [], "models": [], "providers": [], "task_types": [], "catalog": []}
    for match in matches:
        if match.value not in named[match.dimension]:
            named[match.dimension].append(match.value)
    # "with the claude models": every model of the org of that family, together
    named["models"] += [
        v
        for v in compute_model_families(
            text.lower(),
            known.get("models", []),
            named=[*named["models"], *named["catalog"]],
            others=[v for k, values in known.items() if k != "models" for v in values],
        )[0]
        if v not in named["models"]
    ]
    catalog_named = [v for v in [*named["models"], *named["catalog"]] if v in catalog_models]
    if _LOWER_SAID.search(text.lower()) and not _LOWER_ASKED.search(text.lower()):
        words = [w for w in words if w != "lower"]  # "quality looked a bit lower": a change seen, no cost to cut
    intent = compute_intent(text, words, len(catalog_named))
    is_report_run = compute_is_report_run(words)
    if is_report_run:
        intent = Intent.REPORT
    time_range = compute_time_range(text, now)
    lowered = text.lower()
    if (
        named["catalog"]
        and not named["models"]
        and intent in (None, Intent.KPIS, Intent.TOKENS)
        and time_range is None
        and LIST_PRICE_ASKED_RE.search(lowered)
        and not OWNER_WORDS_RE.search(lowered)
    ):
        intent = Intent.CATALOG  # "what do mistral large tokens cost?": a model the org does not run, its list price
    group_by = compute_group_by(text)
    # "what if latency can go up to 3 s?" in an optimize thread: the same policy search with one constraint changed.
    is_constraint_change = (
        previous is not None
        and previous.intent == Intent.OPTIMIZE
        and time_range is None
        and _is_constraint_change(text, words, intent, group_by)
    )
    if is_constraint_change:
        intent = Intent.OPTIMIZE
    opens_as_follow_up = bool(FOLLOW_UP_RE.match(lowered))
    leans_back = previous is not None and (opens_as_follow_up or bool(REFERS_BACK_RE.search(lowered)))
    # The same question again with something changed ("and for the last 30 days?", "what about haiku")...
    is_follow_up = previous is not None and (
        intent is None
        or (intent == Intent.TREND and previous.intent == Intent.TREND and bool(GRAIN_ONLY_RE.match(lowered)))
        or (opens_as_follow_up and intent == Intent.KPIS)
        or (leans_back and intent == previous.intent)
        or (is_constraint_change and (leans_back or not set(words) & OPTIMIZE_STRONG))
    )
    # ...or a new question about the thread's subject ("ok and how's its error rate?"): its names and window carry.
    is_topic_change = leans_back and not is_follow_up and intent not in (None, Intent.SAVE_REFERENCE)
    plan = Plan(intent=intent or Intent.HELP, notes=notes, is_follow_up=is_follow_up or is_topic_change)
    if is_follow_up and previous is not None:
        plan = previous.model_copy(
            update={"notes": plan.notes, "is_follow_up": True, "calls": [], "reference_name": None}, deep=True
        )
    elif is_topic_change and previous is not None:
        for key in ("workloads", "models", "providers", "task_types"):
            setattr(plan, key, list(getattr(previous, key)))
        if plan.intent != Intent.OPTIMIZE:  # the optimizer needs its month of traffic unless the message names a window
            plan.window, plan.window_label = dict(previous.window), previous.window_label
    if (is_follow_up or is_topic_change) and re.search(
        r"\b(all|every|any)\s+(workloads?|models?|apps?|providers?)\b|\beverything\b", lowered
    ):
        plan.workloads, plan.models, plan.providers, plan.task_types = [], [], [], []
    for key in ("workloads", "models", "providers", "task_types"):
        if named[key]:
            setattr(plan, key, named[key])
    plan = _apply_what_if(plan, text, catalog_named, known, previous)
    if named["catalog"] and plan.intent not in (
        Intent.COMPARE_MODELS,
        Intent.COST_ON_TRAFFIC,
        Intent.CATALOG,
        Intent.WHAT_IF,
    ):
        plan.notes.append({"kind": "no_traffic", "detail": f"no traffic for {', '.join(named['catalog'])} in your org"})
    if catalog_named or not is_follow_up:
        plan.candidates = catalog_named
    if time_range is not None:
        plan.window, plan.window_label = time_range.as_args(), time_range.label
    elif not plan.window or (plan.intent == Intent.OPTIMIZE and not is_follow_up):
        # The optimizer needs a month of traffic to segment and replay; other questions default to a week.
        default = TimeRange.last(OPTIMIZE_DAYS if plan.intent == Intent.OPTIMIZE else DEFAULT_DAYS)
        plan.window, plan.window_label = default.as_args(), default.label
    plan.group_by = group_by or (plan.group_by if is_follow_up else None)
    plan.grain = compute_grain(text) or (plan.grain if is_follow_up else None)
    if plan.intent == Intent.KPIS and group_by:
        plan.intent = Intent.TOP_SPENDERS  # "spend by model", or "break that down by model" after a total
    if not is_follow_up or plan.intent == Intent.OPTIMIZE:
        new = compute_constraints(text)
        plan.constraints = (
            new
            if not is_follow_up
            else plan.constraints.model_copy(update={k: v for k, v in new.model_dump().items() if v is not None})
        )
    if plan.intent == Intent.SAVE_REFERENCE and (saved := compute_saved_name(text)):
        plan.reference_name = saved
        if previous is not None:
            plan = previous.model_copy(
                update={
                    "intent": Intent.SAVE_REFERENCE,
                    "reference_name": plan.reference_name,
                    "notes": plan.notes,
                    "calls": [],
                }
            )
    # A notebook run is a side effect: only the message that asks for it runs one (never a follow-up).
    plan.is_report_run = is_report_run and plan.intent == Intent.REPORT
    prior = [t for w in words if len(w) >= 3 for t in TASK_TYPES if SequenceMatcher(None, t, w).ratio() >= 0.85]
    if prior:
        plan.prior_task = prior[0]
    plan.calls = compute_calls(plan, text)
    plan = compute_checked_plan(plan, text, now, {**known, **ids})
    # (the names the message gives its own groups, "the 'openai core' group is gpt-4o + gpt-4o-mini", are read too)
    groups = [g.name for g in compute_defined_groups(text, {**known, **ids})]
    plan.unread = compute_unread(
        text, [*(v for values in (*known_all.values(), *ids.values()) for v in values), *groups]
    )
    return plan


# "lower" said of a figure seen ("quality looked a bit lower", "it's been lower since"), not asked of the bill
_LOWER_SAID = re.compile(
    r"\b(?:looked|looks|look|seems?|seemed|is|was|are|were|got|gotten|bit|slightly|much|lot|even|been|went|way|far|"
    r"getting|gone|noticeably|somewhat|little)\s+lower\b"
)
_LOWER_ASKED = re.compile(r"\blower\s+(?:our|the|my|its|their|your|costs?|spend\w*|bills?|prices?)\b")


def compute_checked_plan(plan: Plan, text: str, now: datetime, known: dict[str, list[str]]) -> Plan:
    """Issue #16: keep the fixed tool only if it states every detail asked, else one semantic query (query_plan.py)."""
    prior = plan.query if plan.is_follow_up else None
    asked = compute_asked(text, now, known)
    plan = apply_asked(plan, asked, now, prior)
    # (a policy's constraints are what the plan holds only when it searches for a policy)
    unheld = {"notes", "unread", "unused_numbers"} | (set() if plan.intent == Intent.OPTIMIZE else {"constraints"})
    held = [plan.model_dump(mode="json", exclude=unheld), asked.model_dump(mode="json")]
    plan.unused_numbers = compute_unused_numbers(text, held, [v for values in known.values() for v in values])
    return plan


def _apply_what_if(
    plan: Plan, text: str, catalog_named: list[str], known: dict[str, list[str]], previous: Plan | None
) -> Plan:
    """A what-if question (triage_whatif.py) becomes the what_if intent; its target is the last model named."""
    if plan.intent == Intent.WHAT_IF and not catalog_named:
        return plan  # a follow-up ("and for the last 30 days?") keeps the previous target
    sources = {k: getattr(plan, k) for k in ("workloads", "task_types", "providers")}
    found = compute_what_if_target(text, plan.intent, catalog_named, known.get("models", []), sources)
    if found is not None:
        plan.intent, plan.models = Intent.WHAT_IF, found[1]  # the models named are the traffic moved, not the target
    elif plan.intent == Intent.WHAT_IF and previous is not None and previous.intent == Intent.WHAT_IF:
        # "and on claude haiku?": a new target for the same traffic.
        plan.models = [m for m in previous.models if m != catalog_named[-1]]
    return plan


def _is_constraint_change(text: str, words: list[str], intent: str | None, group_by: str | None) -> bool:
    """Whether a message only changes an optimisation constraint ("and with a 0.9 floor?", "what if p95 can be 3 s").

    It states a constraint, names no grouping (the caller checks it names no window) and asks nothing more specific.
    """
    if group_by is not None or compute_stated_constraints(text) == Constraints():
        return False
    # A change word ("go up") is not a question about spend moving unless a strong one says so ("why", "jumped").
    is_loose_change = intent == Intent.SPEND_CHANGE and not set(words) & CHANGE_STRONG
    return intent is None or intent == Intent.OPTIMIZE or intent in STEERABLE or is_loose_change


def compute_calls(plan: Plan, text: str) -> list[ToolCall]:
    """The tool calls that answer a plan's intent."""
    f = plan.filters()
    by = plan.group_by
    if plan.intent == Intent.KPIS:
        return [ToolCall(agent="data_analysis", tool="get_kpis", args=f)]
    if plan.intent == Intent.SPEND_CHANGE:
        groups = [by] if by in ("model", "workload", "provider", "task_type") else ["model", "workload"]
        return [ToolCall(agent="data_analysis", tool="get_spend_change", args={**f, "by": g}) for g in groups]
    if plan.intent == Intent.TREND:
        args = {**f, "by": by if by in ("model", "workload", "provider", "task_type") else "model"}
        if plan.grain:
            args["grain"] = plan.grain
        return [ToolCall(agent="data_analysis", tool="get_spend_over_time", args=args)]
    if plan.intent == Intent.TOP_SPENDERS:
        if by in ("provider", "task_type"):
            return [ToolCall(agent="data_analysis", tool="get_spend_change", args={**f, "by": by})]
        args = {**f, "by": by or "workload"}
        if m := re.search(r"\btop\s+(\d{1,3})\b", text.lower()):
            args["limit"] = min(int(m.group(1)), 100)
        return [ToolCall(agent="data_analysis", tool="get_top_spenders", args=args)]
    simple = {
        "latency": "get_latency_by_model",
        "errors": "get_error_breakdown",
        "unit_cost": "get_unit_costs",
        "caching": "get_duplicate_share",
        "batch": "get_batchable_spend",
    }
    if plan.intent in simple:
        return [ToolCall(agent="data_analysis", tool=simple[plan.intent], args=f)]
    if plan.intent == Intent.TOKENS:
        return [
            ToolCall(
                agent="data_analysis",
                tool="get_token_stats",
                args={**f, "by": by if by in ("model", "workload", "provider", "task_type") else "workload"},
            )
        ]
    if plan.intent in (Intent.COMPARE_MODELS, Intent.COST_ON_TRAFFIC):
        args = {**f, "candidates": plan.candidates}
        args.pop("models", None)
        if plan.prior_task:
            args["task_type_prior"] = plan.prior_task
        return [ToolCall(agent="catalog", tool="get_model_comparison", args=args)]
    if plan.intent == Intent.WHAT_IF and plan.candidates:
        target, sources = plan.candidates[-1], [m for m in plan.models if m != plan.candidates[-1]]
        return [ToolCall(agent="whatif", tool="reprice_traffic", args=compute_what_if_args(f, target, sources))]
    if plan.intent == Intent.CATALOG:
        args = {"models": plan.candidates} if plan.candidates else {}
        if plan.providers and not plan.candidates:
            args["provider"] = plan.providers[0]
        if plan.prior_task:
            args["task_type"] = plan.prior_task
        return [ToolCall(agent="catalog", tool="get_catalog", args=args)]
    if plan.intent == Intent.SET_PRICE:
        args = {"model": plan.candidates[0] if plan.candidates else ""}
        if prices := compute_prices_per_mtok(text):
            args.update(input_per_mtok=prices[0], output_per_mtok=prices[1])
        return [ToolCall(agent="catalog", tool="set_model_price", args=args)]
    if plan.intent == Intent.OPTIMIZE:
        c = plan.constraints.model_dump(exclude_none=True)
        return [ToolCall(agent="optimization", tool="optimize_policy", args=compute_optimize_args(text, {**f, **c}))]
    if plan.intent == Intent.REPORT:
        calls = [
            ToolCall(agent="reporting", tool="get_kpis", args=f),
            ToolCall(agent="reporting", tool="get_top_spenders", args={**f, "by": "workload"}),
            ToolCall(agent="reporting", tool="get_error_breakdown", args=f),
            ToolCall(agent="reporting", tool="get_latency_by_model", args=f),
        ]
        if plan.is_report_run:
            calls.append(ToolCall(agent="reporting", tool="run_report", args=compute_report_args(plan)))
        return calls
    if plan.intent == Intent.SAVE_REFERENCE:
        return [
            ToolCall(
                agent="supervisor",
                tool="save_reference",
                args={"name": plan.reference_name or "", "kind": "filter", "filter": f},
            )
        ]
    return []
