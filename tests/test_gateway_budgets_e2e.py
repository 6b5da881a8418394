"""Budgets enforced by a live gateway (#14): the real guard, real OpenAI SDK clients in parallel, a scripted upstream.

The gateway builds its own BudgetGuard over the app database and the store; a hard limit admits a request only
when the spend so far, the estimates in flight and its own estimate fit, so parallel clients cannot overspend
when the estimate is an upper bound (here it equals the actual cost: 5 prompt tokens, max_tokens 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from netra_core.db.budgets import save_budget
from netra_core.db.engine import make_session_factory
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore
from tests.gateway_helpers import LiveGateway, live_gateway
from tests.gateway_upstream import ok, run_upstream

MESSAGES: list[ChatCompletionMessageParam] = [
    {"role": "user", "content": "where is my parcel?"}
]  # 19 characters: 5 tokens estimated
# gpt-4o at $2.50 / $10 per million: 5 prompt + 10 completion tokens = $0.0001125 a request.
PER_REQUEST = (5 * 2.5 + 10 * 10.0) / 1e6


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveGateway]:
    store = WorkloadStore(f"chdb://{tmp_path / 'workloads'}", lock_timeout_s=20)
    with store.session() as client:
        upgrade_store(client)
    # A roomy attempt timeout: this test is about budgets, and a busy CI machine can stall one call past 1 s.
    with (
        run_upstream(latency_s=0.02) as up,
        live_gateway(tmp_path, store, up, orgs=("acme", "globex"), gateway_attempt_timeout_s=10.0) as gw,
    ):
        assert gw.gateway.budgets is not None  # no guard given: the gateway enforces the app's budgets
        yield gw


def _ask(live: LiveGateway, org: str = "acme") -> str:
    client = openai.OpenAI(base_url=live.url, api_key=live.keys[org], max_retries=0)
    try:
        client.chat.completions.create(
            model="gpt-4o",
            messages=MESSAGES,
            max_tokens=10,
            extra_headers={"X-Netra-Workload": "support"},
        )
    except openai.RateLimitError as exc:
        return f"429 {exc.body}"
    return "ok"


def test_parallel_clients_never_overspend_a_hard_budget_and_another_org_is_untouched(live: LiveGateway) -> None:
    limit = 8.5 * PER_REQUEST  # room for 8 requests, not 9
    with make_session_factory(live.engine).begin() as s:
        save_budget(
            s,
            live.slug("acme"),
            scope="workload",
            scope_value="support",
            period="daily",
            hard_limit_usd=limit,
            name="support bot",
        )
    live.gateway.budgets.refresh()  # type: ignore[union-attr]
    live.upstream.script("gpt-4o", *[ok("fine", prompt_tokens=5, completion_tokens=10) for _ in range(60)])
    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(lambda _: _ask(live), range(36)))
    assert outcomes.count("ok") == 8
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == 28 and all("budget_exceeded" in o and "support bot" in o for o in refused)
    events = live.events("acme")
    served = [e for e in events if e["status"] == "ok"]
    assert len(served) == 8 and sum(e["cost_usd"] for e in served) <= limit
    assert sum(e["error_type"] == "budget_exceeded" for e in events) == 28
    # Another org's budget-free traffic goes through.
    assert _ask(live, "globex") == "ok"


def test_a_budget_counts_the_spend_already_in_the_store(live: LiveGateway) -> None:
    live.upstream.script("gpt-4o", *[ok("fine", prompt_tokens=5, completion_tokens=10) for _ in range(10)])
    assert [_ask(live) for _ in range(3)] == ["ok"] * 3
    live.events("acme")  # written to the store
    with make_session_factory(live.engine).begin() as s:
        save_budget(s, live.slug("acme"), scope="org", period="monthly", hard_limit_usd=4.5 * PER_REQUEST)
    live.gateway.budgets.refresh()  # type: ignore[union-attr]
    # Three requests were spent before the budget existed: one more fits, the next does not.
    assert _ask(live) == "ok"
    assert _ask(live).startswith("429")
