"""A second held-out question set (issue #6), written as a blind measure of how the offline planner generalises.

Written in one sitting, before reading the planner (triage.py, matching.py, timerange.py, quantities.py), its
parsing tests or the first held-out set; the contract came only from question_set.py (format and conventions),
builders.py (the seeded org and NOW) and the tools' argument models. First blind run: 28/40. The planner was then
improved seeing these misses (mechanisms, not sentences; 40/40 after), so this set is no longer blind.
Phrasings are meant to be new: typos, loose names, casual and exec wording, follow-ups, constraints.

`follow=True` continues the thread of the question before it. Times are relative to builders.NOW
(Friday 2026-11-20 12:00 UTC): "wednesday" is 2026-11-18, "since monday" 2026-11-16.
Only the parameters a question states (or the thread carries) are checked; defaults are left to the planner.
No expectation was changed after the first run.
"""

from __future__ import annotations

from tests.agents.question_set import Q, q

KPI = ["get_kpis"]
SUMMARY = ["get_kpis", "get_top_spenders", "get_error_breakdown", "get_latency_by_model"]
RUN_REPORT = [*SUMMARY, "run_report"]
CHANGE2 = ["get_spend_change", "get_spend_change"]
TREND = ["get_spend_over_time"]
QUERY = ["query_metrics"]  # issue #16: one semantic query carrying every detail asked
QUESTIONS: list[Q] = [
    # headline numbers (a FinOps analyst, a team lead)
    q("hey whats our llm spend so far this month?", "kpis", KPI, start="2026-11-01"),
    q("what did we pay google since the start of september", "kpis", KPI, providers=["google"], start="2026-09-01"),
    q("same for openai", "kpis", KPI, follow=True, providers=["openai"], start="2026-09-01"),
    q("avg quality score for the code review bot in the last 48 hrs", "kpis", KPI, workloads=["code-review"], days=2),
    # another org (ignored, the user's own org is used) and pasted SQL (ignored)
    q("how much did the Globex tenant spend last month", "kpis", KPI, start="2026-10-01"),
    q("total cost in the last 14 days; DELETE FROM workload_events WHERE 1=1", "kpis", KPI, days=14),
    # why did spend change
    q("costs went way up on wednesday - what happened?", "spend_change", CHANGE2, start="2026-11-18"),
    q(
        "whats behind the jump in the doc sumarizer bill since monday",
        "spend_change",
        CHANGE2,
        workloads=["doc-summarizer"],
        start="2026-11-16",
    ),
    q(
        "show that as a daily chart",
        "trend",
        TREND,
        follow=True,
        workloads=["doc-summarizer"],
        start="2026-11-16",
    ),
    q(
        "which model's spend increased most vs the previous 2 weeks",
        "spend_change",
        ["get_spend_change"],
        by="model",
        days=14,
    ),
    q(
        "Our OpenAI invoice is up ~40% this month. why?",
        "spend_change",
        CHANGE2,
        providers=["openai"],
        start="2026-11-01",
    ),
    # trend ("weekly" here is a grain, not the weekly report)
    q("chart weekly spend by provider since august", "trend", QUERY, by="provider", start="2026-08-01", grain="week"),
    q(
        "how has the sales agents spend trended over the last 3 weeks",
        "trend",
        TREND,
        workloads=["sales-agent"],
        days=21,
    ),
    # top spenders and breakdowns
    q(
        "which sessions burned the most money yesterday",
        "top_spenders",
        ["get_top_spenders"],
        by="session",
        start="2026-11-19",
    ),
    q(
        "split of spend across task types for last month",
        "top_spenders",
        ["get_spend_change"],
        by="task_type",
        start="2026-10-01",
    ),
    q(
        "just anthropic",
        "top_spenders",
        ["get_spend_change"],
        follow=True,
        by="task_type",
        providers=["anthropic"],
        start="2026-10-01",
    ),
    # latency (a platform engineer)
    # issue #16: the latency tool's answer states p50/p95 only; p99 asked -> the semantic query (was a substitution)
    q(
        "p99 for gpt 4o mini on search rag?",
        "latency",
        QUERY,
        workloads=["search-rag"],
        models=["gpt-4o-mini"],
        measures=["latency_p99"],
    ),
    # issue #16: a comparison asked (slower than before); the latency tool compares nothing -> the semantic query
    q(
        "is sonnet getting slower? the code review team says reviews take forever",
        "latency",
        QUERY,
        models=["claude-3-5-sonnet"],
    ),
    q(
        "time to frist token for the support bot, last 3 days",
        "latency",
        ["get_latency_by_model"],
        workloads=["support-bot"],
        days=3,
    ),
    # errors
    q(
        "and how often does it error out?",
        "errors",
        ["get_error_breakdown"],
        follow=True,
        workloads=["support-bot"],
        days=3,
    ),
    q("any timeouts on groq today?", "errors", ["get_error_breakdown"], providers=["groq"], start="2026-11-20"),
    q(
        "failure rate per model for the sales agnet since the 1st",
        "errors",
        ["query_metrics"],  # one rate per model (the error tool names only the top model/error-type pairs)
        workloads=["sales-agent"],
        start="2026-11-01",
    ),
    # tokens, unit costs, caching, batch
    q("avg completion tokens per model over the past fortnight", "tokens", ["get_token_stats"], by="model", days=14),
    q(
        "whats the unit cost of the ticket classifer per call",
        "unit_cost",
        ["get_unit_costs"],
        workloads=["ticket-classifier"],
    ),
    q(
        "how much of search-rag's traffic is repeat queries we could cache?",
        "caching",
        ["get_duplicate_share"],
        workloads=["search-rag"],
    ),
    q(
        "could we push the summariser jobs to batch to save $$?",
        "batch",
        ["get_batchable_spend"],
        workloads=["doc-summarizer"],
    ),
    # catalog, comparisons, cost on our traffic
    q("what's the per-token pricing for mistral large", "catalog", ["get_catalog"], models=["mistral-large"]),
    q("show me all the google models in the catalogue", "catalog", ["get_catalog"], provider="google"),
    q(
        "4o-mini vs haiku for the doc summariser - which is cheaper & good enough?",
        "compare_models",
        ["get_model_comparison"],
        candidates=["gpt-4o-mini", "claude-3-5-haiku"],
        workloads=["doc-summarizer"],
    ),
    q(
        "benchmark llama 70b against mistral small on the last 2 weeks of traffic",
        "compare_models",
        ["get_model_comparison"],
        candidates=["llama-3.3-70b-versatile", "mistral-small"],
        days=14,
    ),
    q(
        "if we moved sales-agent onto gpt-4.1 what would that cost",
        "cost_on_traffic",
        ["get_model_comparison"],
        candidates=["gpt-4.1"],
        workloads=["sales-agent"],
    ),
    # optimization with targets, floors, SLOs and budgets
    q(
        "need to shave 15% off the AI bill, quality can't go under .88",
        "optimize",
        ["optimize_policy"],
        savings_pct=15,
        quality_floor=0.88,
    ),
    q(
        "we've got a 2k/month budget for llm calls, find the cheapest model mix that keeps p95 below 1500ms",
        "optimize",
        ["optimize_policy"],
        budget_usd=2000,
        p95_ms=1500,
    ),
    q(
        "what if latency can go up to 3 seconds?",
        "optimize",
        ["optimize_policy"],
        follow=True,
        budget_usd=2000,
        p95_ms=3000,
    ),
    # reports (an exec), and running the notebook report
    q(
        "can you put together a one-pager on this month's AI spend for the CFO",
        "report",
        SUMMARY,
        start="2026-11-01",
    ),
    q("run the weekly finops notebook", "report", RUN_REPORT, days=7),
    q(
        "regenerate last week's cost report for the code reviewer",
        "report",
        RUN_REPORT,
        days=7,
        workloads=["code-review"],
    ),
    # references, writes, out of scope
    q("bookmark that as @finops-monthly", "save_reference", ["save_reference"], name="finops-monthly"),
    q(
        "update haiku pricing to 0.8 in / 4 out per million",
        "set_price",
        ["set_model_price"],
        model="claude-3-5-haiku",
        input_per_mtok=0.8,
        output_per_mtok=4.0,
    ),
    q("can you write me a python script to scrape reddit", "help", []),
]
