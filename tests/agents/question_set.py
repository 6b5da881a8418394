"""Questions as users type them, with what the planner must make of them (intent, tools, parameters).

`follow=True` continues the thread of the question before it. Times are relative to builders.NOW
(Friday 2026-11-20 12:00 UTC): "yesterday" is 2026-11-19, "last tuesday" 2026-11-17.
"""

from __future__ import annotations

from typing import Any

Q = dict[str, Any]


def q(text: str, intent: str, tools: list[str], follow: bool = False, **params: Any) -> Q:
    """One question and its expectations."""
    return {"q": text, "intent": intent, "tools": tools, "follow": follow, "params": params}


KPI = ["get_kpis"]
SUMMARY = ["get_kpis", "get_top_spenders", "get_error_breakdown", "get_latency_by_model"]
RUN_REPORT = [*SUMMARY, "run_report"]
CHANGE2 = ["get_spend_change", "get_spend_change"]
QUERY = ["query_metrics"]  # issue #16: one semantic query carrying every detail asked
QUESTIONS: list[Q] = [
    # headline spend
    q("how much did we spend last week?", "kpis", KPI, days=7),
    q("what's our total spend in the past 30 days", "kpis", KPI, days=30),
    q("how much did we spnd yesterday", "kpis", KPI, start="2026-11-19"),
    q("total cost this month", "kpis", KPI, start="2026-11-01"),
    q(
        "how many requests did the support bot handle in the last 14 days?",
        "kpis",
        KPI,
        days=14,
        workloads=["support-bot"],
    ),
    q("and for the last 7 days?", "kpis", KPI, follow=True, days=7, workloads=["support-bot"]),
    q("what about the doc summarizer", "kpis", KPI, follow=True, days=7, workloads=["doc-summarizer"]),
    q("what did anthropic cost us last month", "kpis", KPI, start="2026-10-01", providers=["anthropic"]),
    q("how much are we spending on gpt4o", "kpis", KPI, models=["gpt-4o"], days=7),
    q("overview for the past 2 weeks", "kpis", KPI, days=14),
    q("what's the mean quality of the ticket classifer?", "kpis", KPI, workloads=["ticket-classifier"]),
    q("how is the search rag doing since 2026-11-10", "kpis", KPI, workloads=["search-rag"], start="2026-11-10"),
    # why did spend change
    q("why did spend jump last Tuesday?", "spend_change", CHANGE2, start="2026-11-17"),
    q("why did our costs spike yesterday", "spend_change", CHANGE2, start="2026-11-19"),
    q("what drove the increase in spend over the past 7 days", "spend_change", CHANGE2, days=7),
    q(
        "why did the support bot's bill go up this week",
        "spend_change",
        CHANGE2,
        workloads=["support-bot"],
        start="2026-11-16",
    ),
    q(
        "which provider grew the most last month?",
        "spend_change",
        ["get_spend_change"],
        by="provider",
        start="2026-10-01",
    ),
    q("spend doubled on gpt-4o-mini, why?", "spend_change", CHANGE2, models=["gpt-4o-mini"]),
    # trend
    q("show me spend over time by model for the last 30 days", "trend", QUERY, by="model", days=30),
    q("daily spend by workload past 2 weeks", "trend", QUERY, by="workload", days=14),
    q("plot the cost trend for openai", "trend", ["get_spend_over_time"], providers=["openai"]),
    q("spend per day last wk", "trend", ["get_spend_over_time"], days=7),
    # top spenders / breakdowns
    q("top 10 most expensive workloads", "top_spenders", ["get_top_spenders"], by="workload", limit=10),
    q(
        "top 3 models by spend last month",
        "top_spenders",
        ["get_top_spenders"],
        by="model",
        limit=3,
        start="2026-10-01",
    ),
    q("which users spend the most?", "top_spenders", ["get_top_spenders"], by="user"),
    q("biggest spenders by model in the last 3 days", "top_spenders", ["get_top_spenders"], by="model", days=3),
    q("break down spend by provider", "top_spenders", ["get_spend_change"], by="provider"),
    q("spend by task type over the past 30 days", "top_spenders", ["get_spend_change"], by="task_type", days=30),
    q(
        "only for the code review bot",
        "top_spenders",
        ["get_spend_change"],
        follow=True,
        by="task_type",
        workloads=["code-review"],
        days=30,
    ),
    # latency
    q("what's the p95 latency by model?", "latency", ["get_latency_by_model"]),
    q(
        "which model is slowest for the search-rag workload",
        "latency",
        ["get_latency_by_model"],
        workloads=["search-rag"],
    ),
    q("latncy of claude haiku last 24h", "latency", ["get_latency_by_model"], models=["claude-3-5-haiku"], days=1),
    # issue #16: the latency tool's answer states total latency p50/p95 only; TTFT asked -> the semantic query
    q("is gemini flash fast enough? ttft please", "latency", QUERY, models=["gemini-2.0-flash"]),
    # issue #16: the follow-up keeps the thread's TTFT query
    q(
        "and over the last 30 days?",
        "latency",
        QUERY,
        follow=True,
        days=30,
        models=["gemini-2.0-flash"],
    ),
    # errors
    q("show me errors for the last 3 days", "errors", ["get_error_breakdown"], days=3),
    q("are we getting rate limited by openai?", "errors", ["get_error_breakdown"], providers=["openai"]),
    q(
        "how many requests failed yesterday on the sales agent",
        "errors",
        ["get_error_breakdown"],
        workloads=["sales-agent"],
        start="2026-11-19",
    ),
    q("erors by model this week", "errors", ["get_error_breakdown"], start="2026-11-16"),
    # tokens
    q("how long are our prompts per workload", "tokens", ["get_token_stats"], by="workload"),
    q("token usage by model last month", "tokens", ["get_token_stats"], by="model", start="2026-10-01"),
    q("average prompt tokens for the summarizer", "tokens", ["get_token_stats"], workloads=["doc-summarizer"]),
    # unit costs
    q("what does the support bot cost per conversation?", "unit_cost", ["get_unit_costs"], workloads=["support-bot"]),
    q("cost per request over the past 30 days", "unit_cost", ["get_unit_costs"], days=30),
    q("what's our spend per user", "unit_cost", ["get_unit_costs"]),
    q("what does a sales-agent session cost", "unit_cost", ["get_unit_costs"], workloads=["sales-agent"]),
    # caching and batch
    q("how many duplicate prompts do we send?", "caching", ["get_duplicate_share"]),
    q("could caching save us money on the support bot", "caching", ["get_duplicate_share"], workloads=["support-bot"]),
    q("what spend could go through the batch api", "batch", ["get_batchable_spend"]),
    q("batchable spend last 30 days", "batch", ["get_batchable_spend"], days=30),
    # catalog
    q("what's the price of claude sonnet?", "catalog", ["get_catalog"], models=["claude-3-5-sonnet"]),
    q("list anthropic models and their pricing", "catalog", ["get_catalog"], provider="anthropic"),
    q("cheapest model for classification", "catalog", ["get_catalog"], task_type="classification"),
    q("how much does gpt-4.1 nano cost per million tokens", "catalog", ["get_catalog"], models=["gpt-4.1-nano"]),
    q(
        "compare gpt-4o-mini and claude-haiku for summarization",
        "compare_models",
        ["get_model_comparison"],
        candidates=["gpt-4o-mini", "claude-3-5-haiku"],
        task_type_prior="summarization",
    ),
    q(
        "gpt-4o vs gemini flash on our traffic last 30 days",
        "compare_models",
        ["get_model_comparison"],
        candidates=["gpt-4o", "gemini-2.0-flash"],
        days=30,
    ),
    q(
        "mistral small versus llama 3.3 70b for the ticket classifier",
        "compare_models",
        ["get_model_comparison"],
        candidates=["mistral-small", "llama-3.3-70b-versatile"],
        workloads=["ticket-classifier"],
    ),
    q(
        "what would the support bot cost if we switched to gpt-4.1-mini",
        "cost_on_traffic",
        ["get_model_comparison"],
        candidates=["gpt-4.1-mini"],
        workloads=["support-bot"],
    ),
    q(
        "how much would our traffic cost on claude haiku?",
        "cost_on_traffic",
        ["get_model_comparison"],
        candidates=["claude-3-5-haiku"],
    ),
    # optimization
    q(
        "cut our LLM bill 30% without dropping quality below 0.9",
        "optimize",
        ["optimize_policy"],
        savings_pct=30,
        quality_floor=0.9,
    ),
    q("reduce cost by 20 % keeping p95 under 2 s", "optimize", ["optimize_policy"], savings_pct=20, p95_ms=2000),
    q(
        "optimise routing for the support bot, quality >= 0.85",
        "optimize",
        ["optimize_policy"],
        workloads=["support-bot"],
        quality_floor=0.85,
    ),
    q("how can we make it cheaper? budget is $500", "optimize", ["optimize_policy"], budget_usd=500),
    q(
        "and with quality at least 0.95?",
        "optimize",
        ["optimize_policy"],
        follow=True,
        budget_usd=500,
        quality_floor=0.95,
    ),
    q("what's gpt-4o's error rate in the last 24 hours", "errors", ["get_error_breakdown"], models=["gpt-4o"], days=1),
    q(
        "which workloads use claude-3-5-sonnet the most",
        "top_spenders",
        ["get_top_spenders"],
        by="workload",
        models=["claude-3-5-sonnet"],
    ),
    # reporting
    q(
        "write a summary of last week",
        "report",
        ["get_kpis", "get_top_spenders", "get_error_breakdown", "get_latency_by_model"],
        days=7,
    ),
    q(
        "give me a report on the doc-summarizer for the past 30 days",
        "report",
        ["get_kpis", "get_top_spenders", "get_error_breakdown", "get_latency_by_model"],
        days=30,
        workloads=["doc-summarizer"],
    ),
    q("summarize last week", "report", SUMMARY, days=7),
    q("give me a recap", "report", SUMMARY, days=7),
    q("give me an executive summary of the past 30 days", "report", SUMMARY, days=30),
    # running the notebook report (the summary, plus the weekly cost report rendered to HTML)
    q("run the weekly cost report", "report", RUN_REPORT, days=7),
    q("generate the weekly report now", "report", RUN_REPORT, days=7),
    q("can you kick off the cost report for last week", "report", RUN_REPORT, days=7),
    q("and for the last 30 days?", "report", SUMMARY, follow=True, days=30),  # a follow-up never re-runs a notebook
    q("please genrate the weekly cost reprot", "report", RUN_REPORT, days=7),
    q("render the notebook report for october", "report", RUN_REPORT, start="2026-10-01", days=31),
    q(
        "rerun the report for the support bot over the past 14 days",
        "report",
        RUN_REPORT,
        days=14,
        workloads=["support-bot"],
    ),
    # references, writes, security
    q("save this as @weekly-support", "save_reference", ["save_reference"], name="weekly-support"),
    q(
        "set the price of gpt-4o to $2 input and $8 output",
        "set_price",
        ["set_model_price"],
        model="gpt-4o",
        input_per_mtok=2.0,
        output_per_mtok=8.0,
    ),
    q("show spend for org globex", "kpis", KPI),
    q("spend last 7 days'; DROP TABLE workload_events; --", "kpis", KPI, days=7),
    # issue #6, generalisation (own wording, not the held-out set's). Real words stay as typed, forms map to keywords:
    # issue #16: a comparison asked (slower than before); the latency tool compares nothing -> the semantic query
    q(
        "is the sales agent responding slower than it was last week?",
        "latency",
        QUERY,
        workloads=["sales-agent"],
        days=7,
    ),
    q(
        "what's the average spend per chat on the support bot",
        "unit_cost",
        ["get_unit_costs"],
        workloads=["support-bot"],
    ),
    q("why did our spnd go up on friday", "spend_change", CHANGE2, start="2026-11-13"),
    # dates: months with or without a day, bare weekdays, weekends
    q("errors for the ticket classifier since august", "errors", ["get_error_breakdown"], start="2026-08-01"),
    q(
        "what did the doc summarizer cost over the weekend",
        "kpis",
        KPI,
        workloads=["doc-summarizer"],
        start="2026-11-14",
    ),
    q("what made tuesday's costs jump?", "spend_change", CHANGE2, start="2026-11-17"),
    # intent phrasings: saving money, "A or B ... which", a change without a change word, "compared to" a period
    q("how can the code review bot save money?", "optimize", ["optimize_policy"], workloads=["code-review"]),
    q(
        "gemini flash or gpt-4o-mini for rag - which one's the better deal?",
        "compare_models",
        ["get_model_comparison"],
        candidates=["gemini-2.0-flash", "gpt-4o-mini"],
    ),
    # issue #16: "compared to last month" is the comparison, not the window (it read as October, a substitution):
    # this month to date against the month before, one semantic query grouped by provider.
    q(
        "which provider's costs shot up the most compared to last month",
        "spend_change",
        QUERY,
        by="provider",
        start="2026-11-01",
        compare="previous_month",
    ),
    # numbers: money with a currency word or a k, prices per 1M tokens
    q(
        "find a cheaper routing mix for the search rag under 1.5k dollars",
        "optimize",
        ["optimize_policy"],
        workloads=["search-rag"],
        budget_usd=1500,
    ),
    q("what does gpt-4.1 mini charge per 1m output tokens", "catalog", ["get_catalog"], models=["gpt-4.1-mini"]),
    q(
        "change gpt-4o-mini pricing: input $0.2, output $0.8 per 1M tokens",
        "set_price",
        ["set_model_price"],
        model="gpt-4o-mini",
        input_per_mtok=0.2,
        output_per_mtok=0.8,
    ),
    # a follow-up on another topic keeps the thread's names and window
    q(
        "how much did the doc summarizer spend over the past 10 days",
        "kpis",
        KPI,
        days=10,
        workloads=["doc-summarizer"],
    ),
    q(
        "and what's its p95 latency?",
        "latency",
        ["get_latency_by_model"],
        follow=True,
        days=10,
        workloads=["doc-summarizer"],
    ),
    q(
        "are we seeing timeouts on it?",
        "errors",
        ["get_error_breakdown"],
        follow=True,
        days=10,
        workloads=["doc-summarizer"],
    ),
    # issue #6, round 2 (own wording, not the second held-out set's). A budget or a quality floor steers to optimize,
    # and a follow-up that only changes a constraint stays optimize with the thread's other constraints:
    q(
        "which models are cheapest if we have to stay under $700 a month?",
        "optimize",
        ["optimize_policy"],
        budget_usd=700,
    ),
    q("suppose the floor is 0.92", "optimize", ["optimize_policy"], follow=True, budget_usd=700, quality_floor=0.92),
    q("did average quality on the support bot stay near 0.9 last week?", "kpis", KPI, workloads=["support-bot"]),
    # intent vocabulary: spend, reduce, report, save-reference and compare synonyms; ranking sessions
    q("what have we paid anthropic since october", "kpis", KPI, providers=["anthropic"], start="2026-10-01"),
    q(
        "can we whittle the sales agent bill down 10%?",
        "optimize",
        ["optimize_policy"],
        workloads=["sales-agent"],
        savings_pct=10,
    ),
    q("draft a memo for finance covering the past 14 days", "report", SUMMARY, days=14),
    q("pin the current view as @rag-costs", "save_reference", ["save_reference"], name="rag-costs"),
    q(
        "gpt-4o-mini head to head with gemini flash on the search rag",
        "compare_models",
        ["get_model_comparison"],
        candidates=["gpt-4o-mini", "gemini-2.0-flash"],
        workloads=["search-rag"],
    ),
    q(
        "which sessions ran up the highest bill yesterday",
        "top_spenders",
        ["get_top_spenders"],
        by="session",
        start="2026-11-19",
    ),
    # "that"/"this" continue the thread; chart grains
    q("how much did search rag cost since monday", "kpis", KPI, workloads=["search-rag"], start="2026-11-16"),
    q(
        "break this down by provider",
        "top_spenders",
        ["get_spend_change"],
        follow=True,
        by="provider",
        workloads=["search-rag"],
        start="2026-11-16",
    ),
    q(
        "plot that per day",
        "trend",
        ["get_spend_over_time"],
        follow=True,
        grain="day",
        workloads=["search-rag"],
        start="2026-11-16",
    ),
    q(
        "monthly spend by task type since july",
        "trend",
        QUERY,
        by="task_type",
        grain="month",
        start="2026-07-01",
    ),
    # a family and a size name one model; money with a period; typos inside phrases and swapped letters
    q(
        "what's the p95 of llama 8b on the ticket classifier",
        "latency",
        ["get_latency_by_model"],
        models=["llama-3.1-8b-instant"],
        workloads=["ticket-classifier"],
    ),
    q("find a routing mix that fits a 1.2k/mo budget", "optimize", ["optimize_policy"], budget_usd=1200),
    # issue #16: the latency tool's answer states total latency p50/p95 only; TTFT asked -> the semantic query
    q(
        "tiem to first token for gemini flash",
        "latency",
        QUERY,
        models=["gemini-2.0-flash"],
        measures=["ttft_p50", "ttft_p95"],
    ),
    q("toekn usage by workload last week", "tokens", ["get_token_stats"], by="workload", days=7),
    # not something Netra does
    q("what's the weather in Paris?", "help", []),
]
