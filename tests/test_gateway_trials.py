"""Canary and shadow trials end to end: the real openai SDK against a live gateway, a scripted upstream as the only fake,
real app database (SQLite, and PostgreSQL where a test takes `db_session`) and a real chdb store."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import openai
import pandas as pd
import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from netra_core.cli import main, upgrade_all
from netra_core.config import get_settings
from netra_core.db.engine import make_session_factory
from netra_core.db.orgs import save_org
from netra_core.db.policies import (
    activate_policy_version,
    fetch_policy_version,
    save_policy_trials,
    save_policy_version,
)
from netra_core.errors import NotFoundError, ValidationError
from netra_core.gateway.hooks import BudgetRefused, NoBudgetGuard, SpendScope
from netra_core.gateway.shadow import compute_agreement
from netra_core.gateway.trial_evals import compute_trial_eval_rows
from netra_core.optimizer.policy import RoutingPolicy
from netra_core.optimizer.trials import Trial, compute_added_trial, compute_trial_draw, compute_trial_salt
from netra_core.services.trials import fetch_trial_results
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.eval_results import fetch_eval_frame, save_eval_rows
from netra_core.workloads.events import save_events
from netra_core.workloads.segments import fetch_eval_stats
from netra_core.workloads.store import query_rows
from tests.gateway_helpers import LiveGateway, make_policy, module_gateway, reset_for_test
from tests.gateway_upstream import ok, status

SUPPORT_CHAT = {"X-Netra-Workload": "support", "X-Netra-Task": "chat", "X-Netra-User": "u-7"}
CANDIDATE = "claude-3-5-haiku"


@pytest.fixture(scope="module")
def _shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveGateway]:
    root = tmp_path_factory.mktemp("trials")
    # Upstream calls may take 3 s here: the shadow candidate answers after 1 s.
    with module_gateway(root, gateway_attempt_timeout_s=3.0) as gw:
        yield gw


@pytest.fixture
def live(_shared: LiveGateway, request: pytest.FixtureRequest) -> Iterator[LiveGateway]:
    reset_for_test(_shared, request.node.nodeid)
    yield _shared
    _shared.gateway.core.guard = NoBudgetGuard()
    _shared.gateway.core.shadows.max_in_flight = 8
    # A shadow a failed test left running would count against the next test's limit.
    deadline = time.monotonic() + 5.0
    while _shared.gateway.core.shadows.in_flight and time.monotonic() < deadline:
        time.sleep(0.02)


def _trial(
    mode: str, share: float, segment: str = "support/chat/short", model: str = CANDIDATE, tid: str = "t1"
) -> Trial:
    workload, task_type, bucket = segment.split("/")
    return Trial(tid, workload, task_type, bucket, "anthropic", model, mode, share)


def _activate(live: LiveGateway, org: str, *trials: Trial) -> int:
    version = live.activate(org, replace(make_policy(org), trials=trials))
    time.sleep(0.25)  # the gateway re-reads policies every 0.2 s here
    return version


def _client(live: LiveGateway, org: str = "acme") -> openai.OpenAI:
    return openai.OpenAI(base_url=live.url, api_key=live.keys[org], max_retries=0)


def _chat(client: openai.OpenAI, text: str = "where is my parcel?", headers: dict[str, str] | None = None) -> Any:
    return client.chat.completions.with_raw_response.create(
        model="gpt-4o", messages=[{"role": "user", "content": text}], extra_headers=headers or SUPPORT_CHAT
    )


def _wait_for_shadows(live: LiveGateway, finished: int, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    shadows = live.gateway.core.shadows
    while shadows.counters.finished < finished or shadows.in_flight:
        assert time.monotonic() < deadline, f"shadows did not finish: {shadows.counters}"
        time.sleep(0.02)


def _evals(live: LiveGateway, org: str) -> list[dict[str, Any]]:
    live.gateway.writer.flush()
    cols = ["dataset", "prompt_id", "model", "score", "cost_usd", "latency_ms", "prompt", "workload", "task_type"]
    with live.store.session() as c:
        rows = query_rows(
            c,
            f"SELECT {', '.join(cols)} FROM eval_results FINAL WHERE org_id = {{org:String}} "
            "ORDER BY dataset, prompt_id",
            {"org": live.slug(org)},
        )
    return [dict(zip(cols, r, strict=True)) for r in rows]


def _results(live: LiveGateway, org: str, version: int) -> dict[str, Any]:
    sessions = make_session_factory(live.engine)
    return {r.trial.id: r for r in fetch_trial_results(live.store.session, sessions, live.slug(org), version)}


class RecordingGuard:
    """Admits every call (or refuses after `limit` admits) and records what it was asked."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self.admitted: list[tuple[SpendScope, float]] = []
        self.settled: list[float] = []

    def admit(self, scope: SpendScope, estimate_usd: float) -> object:
        if self.limit is not None and len(self.admitted) >= self.limit:
            raise BudgetRefused("budget 'support daily' is spent", 60)
        self.admitted.append((scope, estimate_usd))
        return len(self.admitted)

    def settle(self, reservation: object, cost_usd: float) -> None:
        self.settled.append(cost_usd)


@pytest.mark.parametrize("share", [0.05, 0.3, 0.5])
def test_the_trial_draw_gives_a_share_of_distinct_prompts_near_the_trial_share(share: float) -> None:
    salt = compute_trial_salt("org-fixed", _trial("canary", share))  # a fixed salt: the same draws every run
    draws = [compute_trial_draw(salt, f"prompt {i}") for i in range(20_000)]
    assert all(0.0 <= d < 1.0 for d in draws)
    assert abs(sum(d < share for d in draws) / len(draws) - share) < 0.015  # ~4 standard errors at 0.5


def test_a_canary_serves_its_share_of_the_segment_and_each_request_is_tagged_and_scored(live: LiveGateway) -> None:
    trial = _trial("canary", 0.3)
    version = _activate(live, "acme", trial)
    prompts = [f"where is parcel {i}?" for i in range(60)]
    salt = compute_trial_salt(live.slug("acme"), trial)
    expected = {p for p in prompts if compute_trial_draw(salt, p) < 0.3}
    assert 0 < len(expected) < len(prompts)  # both arms serve (the org's slug, so the draw, differs run to run)

    client = _client(live)
    served = {}
    for p in prompts:
        raw = _chat(client, p)
        served[p] = raw.headers["x-netra-model"]
        assert raw.parse().choices[0].message.content == f"answer from {served[p]}"  # the canary's answer is returned
    assert {p for p, m in served.items() if m == CANDIDATE} == expected
    assert set(served.values()) == {CANDIDATE, "gpt-4o-mini"}
    repeat = sorted(expected)[0]
    assert _chat(client, repeat).headers["x-netra-model"] == CANDIDATE  # the same prompt, the same decision

    events = live.events("acme")
    canary = [e for e in events if e["metadata"]["route_reason"] == "canary"]
    assert len(canary) == len(expected) + 1 and all(e["model"] == CANDIDATE for e in canary)
    assert all(e["metadata"]["trial_id"] == "t1" and e["metadata"]["policy_version"] == str(version) for e in canary)
    assert all("trial_id" not in e["metadata"] for e in events if e["metadata"]["route_reason"] == "policy")

    evals = _evals(live, "acme")
    assert [r["dataset"] for r in evals] == [f"gateway_canary/canary_ok/v{version}/t1"] * len(canary)
    assert {r["prompt_id"] for r in evals} == {e["event_id"] for e in canary}
    assert all(r["score"] == 1.0 and r["model"] == CANDIDATE and r["prompt"] == "" for r in evals)
    by_id = {e["event_id"]: e for e in canary}
    assert all(r["cost_usd"] == pytest.approx(by_id[r["prompt_id"]]["cost_usd"]) for r in evals)

    result = _results(live, "acme", version)["t1"]
    assert (result.requests, result.candidate_errors) == (len(canary), 0)
    assert result.primary.requests == len(prompts) - len(expected)
    # Built-in prices: the canary (claude-3-5-haiku) costs more per request than gpt-4o-mini for the same tokens.
    assert result.candidate.cost_per_request_usd > result.primary.cost_per_request_usd > 0


def test_a_failing_canary_falls_back_to_the_policy_model_and_scores_zero(live: LiveGateway) -> None:
    version = _activate(live, "acme", _trial("canary", 1.0))
    live.upstream.script(CANDIDATE, status(500))
    raw = _chat(_client(live))
    assert raw.headers["x-netra-model"] == "gpt-4o-mini"
    assert raw.parse().choices[0].message.content == "answer from gpt-4o-mini"
    [event] = live.events("acme")
    meta = event["metadata"]
    assert (meta["route_reason"], meta["fallback_from"], meta["trial_id"]) == ("fallback", CANDIDATE, "t1")
    [row] = _evals(live, "acme")
    assert (row["model"], row["score"], row["cost_usd"], row["latency_ms"]) == (CANDIDATE, 0.0, None, None)
    result = _results(live, "acme", version)["t1"]
    assert (result.requests, result.candidate_errors, result.error_rate) == (1, 1, 1.0)


def test_a_shadow_is_never_returned_never_slows_the_client_and_is_recorded_as_its_own_event(live: LiveGateway) -> None:
    guard = RecordingGuard()
    live.gateway.core.guard = guard
    version = _activate(live, "acme", _trial("shadow", 1.0))
    live.upstream.script("gpt-4o-mini", ok("the parcel is in Paris"), ok("the parcel is in Paris"))
    live.upstream.script(
        CANDIDATE,
        ok("The parcel is in Lyon", delay_s=1.0, completion_tokens=20),
        ok("the parcel is in Paris!", delay_s=1.0, completion_tokens=20),
    )
    client = _client(live)
    before = live.gateway.core.shadows.counters
    due, dropped = before.due, before.dropped_saturated
    started = time.perf_counter()
    raw = _chat(client)
    plain_s = time.perf_counter() - started
    assert raw.parse().choices[0].message.content == "the parcel is in Paris"
    assert raw.headers["x-netra-model"] == "gpt-4o-mini"
    started = time.perf_counter()
    stream = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "and now?"}], stream=True, extra_headers=SUPPORT_CHAT
    )
    streamed = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    stream_s = time.perf_counter() - started
    assert streamed == "the parcel is in Paris"
    # The candidate takes 1 s; the client's answers do not wait for it.
    assert plain_s < 0.5 and stream_s < 0.5, (plain_s, stream_s)
    # Both shadows were due and neither was dropped (whether the first still runs depends on the machine's pace).
    counters = live.gateway.core.shadows.counters
    deadline = time.monotonic() + 2.0
    while counters.due - due < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (counters.due - due, counters.dropped_saturated - dropped) == (2, 0)
    _wait_for_shadows(live, finished=2)

    to_candidate = [r for r in live.upstream.requests if r.body.get("model") == CANDIDATE]
    assert len(to_candidate) == 2 and not any("stream" in r.body for r in to_candidate)  # shadowed non-streamed
    events = live.events("acme")
    primaries = [e for e in events if e["metadata"]["route_reason"] == "policy"]
    shadows = [e for e in events if e["metadata"]["route_reason"] == "shadow"]
    assert len(primaries) == len(shadows) == 2
    for shadow in shadows:
        meta = shadow["metadata"]
        assert meta["shadow_of"] in {p["event_id"] for p in primaries}
        assert (meta["trial_id"], meta["trial_version"], "policy_version" in meta) == ("t1", str(version), False)
        assert (shadow["model"], shadow["status"], shadow["workload"], shadow["user_id"]) == (
            CANDIDATE,
            "ok",
            "support",
            "u-7",
        )
        assert shadow["latency_ms"] >= 1000 and shadow["cost_usd"] > 0  # real spend, priced like any call
    agreement = sorted(float(s["metadata"]["shadow_agreement"]) for s in shadows)
    assert agreement == pytest.approx(
        [4 / 6, 1.0], abs=1e-6
    )  # {the parcel is in} of {.. paris, lyon}; punctuation ignored

    # Budgets: each shadow was admitted and settled through the same guard, in the request's scope.
    assert len(guard.admitted) == 4 and {s.workload for s, _ in guard.admitted} == {"support"}
    shadow_costs = sorted(s["cost_usd"] for s in shadows)
    assert all(any(c == pytest.approx(s) for s in guard.settled) for c in shadow_costs)

    evals = _evals(live, "acme")
    assert [r["dataset"] for r in evals] == [f"gateway_shadow/shadow_agreement/v{version}/t1"] * 2
    assert {r["prompt_id"] for r in evals} == {p["event_id"] for p in primaries}
    assert sorted(r["score"] for r in evals) == pytest.approx([4 / 6, 1.0], abs=1e-6)

    result = _results(live, "acme", version)["t1"]
    assert (result.requests, result.candidate_errors, result.agreement_pairs) == (2, 0, 2)
    assert result.agreement_mean == pytest.approx((4 / 6 + 1) / 2, abs=1e-6)
    assert result.candidate.latency_p50_ms >= 1000 > result.primary.latency_p95_ms
    assert result.extra_spend_usd == pytest.approx(sum(shadow_costs))
    assert result.cost_change > 0  # claude-3-5-haiku with twice the output tokens costs more than gpt-4o-mini


def test_a_shadow_due_while_the_limit_runs_is_dropped_and_counted(live: LiveGateway) -> None:
    live.gateway.core.shadows.max_in_flight = 1
    _activate(live, "acme", _trial("shadow", 1.0))
    # The first shadow takes 2.5 s (the attempt limit is 3 s), so it still runs while the next two are due.
    live.upstream.script(CANDIDATE, *[ok(delay_s=2.5) for _ in range(3)])
    before = live.gateway.core.shadows.counters
    dropped, started = before.dropped_saturated, before.started
    client = _client(live)
    for i in range(3):
        assert _chat(client, f"parcel {i}").headers["x-netra-model"] == "gpt-4o-mini"
    # A call is recorded (and its shadow submitted) just after its reply's last byte: wait for the third.
    counters = live.gateway.core.shadows.counters
    deadline = time.monotonic() + 5
    while counters.dropped_saturated - dropped + counters.started - started < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (counters.dropped_saturated - dropped, counters.started - started) == (2, 1)
    _wait_for_shadows(live, finished=counters.finished + 1)
    shadows = [e for e in live.events("acme") if e["metadata"]["route_reason"] == "shadow"]
    assert len(shadows) == 1


def test_a_budget_refusal_skips_the_shadow_and_not_the_request(live: LiveGateway) -> None:
    live.gateway.core.guard = RecordingGuard(limit=1)  # room for the request, none for its shadow
    _activate(live, "acme", _trial("shadow", 1.0))
    skipped = live.gateway.core.shadows.counters.skipped_budget
    raw = _chat(_client(live))
    assert raw.parse().choices[0].message.content == "answer from gpt-4o-mini"
    deadline = time.monotonic() + 5
    while live.gateway.core.shadows.counters.skipped_budget == skipped:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert live.upstream.models_called() == ["gpt-4o-mini"]
    assert [e["metadata"]["route_reason"] for e in live.events("acme")] == ["policy"]


def test_trials_apply_only_to_their_org_active_version_and_routed_requests(live: LiveGateway) -> None:
    everything = (_trial("canary", 1.0, "support/*/*"), _trial("shadow", 1.0, "*/*/*", model="gpt-4o", tid="t2"))
    _activate(live, "globex", *everything)
    acme_version = _activate(live, "acme")
    with make_session_factory(live.engine).begin() as s:  # a draft of acme's with trials: not live
        save_policy_version(s, live.slug("acme"), replace(make_policy(live.slug("acme")), trials=everything))
    time.sleep(0.25)

    acme = _client(live, "acme")
    assert _chat(acme).headers["x-netra-model"] == "gpt-4o-mini"
    assert (
        _chat(acme, headers={"X-Netra-Workload": "search", "X-Netra-Task": "rag"}).headers["x-netra-model"] == "gpt-4o"
    )
    globex = _client(live, "globex")
    assert _chat(globex).headers["x-netra-model"] == CANDIDATE
    pinned = _chat(globex, headers={**SUPPORT_CHAT, "X-Netra-Route": "off"})  # pinned: neither canary nor shadow
    assert pinned.headers["x-netra-model"] == "gpt-4o"
    _wait_for_shadows(live, finished=live.gateway.core.shadows.counters.finished)
    time.sleep(0.3)
    acme_events = live.events("acme")
    assert all("trial_id" not in e["metadata"] for e in acme_events) and len(acme_events) == 2
    assert acme_events[0]["metadata"]["policy_version"] == str(acme_version)
    reasons = sorted(e["metadata"]["route_reason"] for e in live.events("globex"))
    assert reasons == ["canary", "pinned", "shadow"]  # one shadow: of the canary-served request only


@pytest.mark.parametrize(
    ("trials", "error"),
    [
        ("nope", "trials: expected a list, got str"),
        ([{"id": "t1"}], "trials[0].workload: a non-empty string is required"),
        (
            [{**_trial("canary", 0.1).__dict__, "mode": "mirror"}],
            "trials[0].mode: 'mirror' is not one of canary, shadow",
        ),
        ([{**_trial("canary", 0.1).__dict__, "share": 0}], "trials[0].share: a share in (0, 1] is required, got 0"),
        ([{**_trial("canary", 0.1).__dict__, "share": 1.5}], "trials[0].share: a share in (0, 1] is required"),
        ([{**_trial("canary", 0.1).__dict__, "share": True}], "trials[0].share: a share in (0, 1] is required"),
        ([{**_trial("canary", 0.1).__dict__, "bucket": "huge"}], "trials[0].bucket: 'huge' is not one of short"),
        ([{**_trial("canary", 0.1).__dict__, "colour": "red"}], "trials[0]: unknown field(s) colour"),
        ([_trial("canary", 0.1).__dict__, _trial("canary", 0.2).__dict__], "trials[1].id: 't1' is used twice"),
        (
            [_trial("shadow", 0.1).__dict__, {**_trial("shadow", 0.2, "support/*/*").__dict__, "id": "t2"}],
            "trials[1].segment: shadow trial support/*/* overlaps shadow trial t1",
        ),
    ],
)
def test_a_bad_trial_in_a_policy_is_refused_naming_the_field(trials: object, error: str) -> None:
    data = make_policy("acme").to_dict()
    assert "trials" not in data  # a policy without trials reads and writes as before
    assert RoutingPolicy.from_dict(data).trials == ()
    with pytest.raises(ValidationError) as refused:
        RoutingPolicy.from_dict({**data, "trials": trials})
    assert str(refused.value).startswith(error), str(refused.value)
    both = (_trial("canary", 0.5), _trial("shadow", 0.5, tid="t2"))  # a canary and a shadow may overlap
    assert RoutingPolicy.from_dict(replace(make_policy("acme"), trials=both).to_dict()).trials == both


def test_trials_are_saved_with_their_version_and_a_new_version_starts_without(db_session: Session) -> None:
    save_org(db_session, "acme")
    save_org(db_session, "globex")
    v1 = save_policy_version(db_session, "acme", make_policy("acme"), activate=True)
    trials = compute_added_trial(
        (), segment=("support", "*", "*"), candidate=("openai", "gpt-4o"), mode="shadow", share=0.1
    )
    saved = save_policy_trials(db_session, "acme", v1.version, trials)
    assert saved.policy.trials == trials and saved.policy.rules == v1.policy.rules and saved.forecast == v1.forecast
    assert fetch_policy_version(db_session, "acme", v1.version).policy.trials[0].id == "t1"
    with pytest.raises(ValidationError, match=r"^segment: shadow trial support/chat/short overlaps shadow trial t1"):
        compute_added_trial(
            trials, segment=("support", "chat", "short"), candidate=("openai", "o1"), mode="shadow", share=1
        )
    with pytest.raises(NotFoundError, match="policy version 1: org 'globex' has no such version"):
        save_policy_trials(db_session, "globex", 1, trials)
    v2 = save_policy_version(db_session, "acme", make_policy("acme"))
    assert v2.policy.trials == ()
    activate_policy_version(db_session, "acme", v2.version)
    with pytest.raises(ValidationError, match="it is retired and routes nothing"):
        save_policy_trials(db_session, "acme", v1.version, (*trials, replace(trials[0], id="t2", mode="canary")))
    assert save_policy_trials(db_session, "acme", v1.version, ()).policy.trials == ()  # removing is allowed


def test_agreement_is_the_jaccard_of_word_sets() -> None:
    assert compute_agreement("Yes.", "yes") == 1.0
    assert compute_agreement("", "") == 1.0
    assert compute_agreement("a b", "") == 0.0
    assert compute_agreement("the cat sat", "the dog sat") == pytest.approx(2 / 4)


def _hand_events(now: datetime) -> list[dict[str, Any]]:
    """Version 1 of acme: two policy requests, a canary answered and one failed over, three shadows (one cancelled)."""

    def event(
        eid: str, model: str, latency: float, cost: float, meta: dict[str, str], error: str = ""
    ) -> dict[str, Any]:
        return {
            "event_id": eid,
            "ts": now,
            "org_id": "acme",
            "workload": "support",
            "task_type": "chat",
            "provider": "openai",
            "model": model,
            "prompt_tokens": 50,
            "completion_tokens": 10,
            "latency_ms": latency,
            "cost_usd": cost,
            "status": "error" if error else "ok",
            "error_type": error,
            "source": "gateway",
            "usage_known": True,
            "metadata": {"segment": "support/chat/short", **meta},
        }

    v1 = {"policy_version": "1"}
    canary = {**v1, "trial_id": "t1", "trial_model": CANDIDATE}
    shadow = {"route_reason": "shadow", "trial_id": "t2", "trial_version": "1"}
    return [
        event("p1", "gpt-4o-mini", 100, 0.001, {**v1, "route_reason": "policy"}),
        event("p2", "gpt-4o-mini", 300, 0.003, {**v1, "route_reason": "policy"}),
        event("c1", CANDIDATE, 200, 0.002, {**canary, "route_reason": "canary"}),
        event("c2", "gpt-4o-mini", 500, 0.001, {**canary, "route_reason": "fallback", "fallback_from": CANDIDATE}),
        event("s1", "gpt-4o", 1000, 0.01, {**shadow, "shadow_of": "p1", "shadow_agreement": "0.5"}),
        event("s2", "gpt-4o", 50, 0.0, {**shadow, "shadow_of": "p2"}, error="http_500"),
        event("s3", "gpt-4o", 10, 0.0, {**shadow, "shadow_of": "p2"}, error="shadow_cancelled"),
        event("other", "gpt-4o", 10, 5.0, {"policy_version": "2", "route_reason": "policy"}),
    ]


def trial_cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["policy", "trial", *args])


def test_cli_adds_lists_removes_and_sums_up_trials_on_a_hand_case() -> None:
    settings = get_settings()
    upgrade_all(settings)
    engine = make_app_engine(settings)
    with make_session_factory(engine).begin() as s:
        save_org(s, "acme")
        save_policy_version(s, "acme", make_policy("acme"), activate=True)
    engine.dispose()

    added = trial_cli(
        "add",
        "--org",
        "acme",
        "--version",
        "1",
        "--segment",
        "support/chat/short",
        "--model",
        f"anthropic/{CANDIDATE}",
        "--mode",
        "canary",
        "--share",
        "0.5",
    )
    assert added.exit_code == 0 and "added trial t1   canary  50.0% of support/chat/short" in added.stdout, added.output
    added = trial_cli(
        "add",
        "--org",
        "acme",
        "--version",
        "1",
        "--segment",
        "support",
        "--model",
        "gpt-4o",
        "--mode",
        "shadow",
        "--share",
        "1",
        "--json",
    )
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout) | {"org": "acme"} == {
        "org": "acme",
        "version": 1,
        "id": "t2",
        "workload": "support",
        "task_type": "*",
        "bucket": "*",
        "provider": "openai",
        "model": "gpt-4o",
        "mode": "shadow",
        "share": 1.0,
        "note": "",
    }
    for args, error in [
        (
            ("--segment", "support/chat/huge", "--model", "openai/o1", "--mode", "canary", "--share", "0.1"),
            "segment: bucket 'huge' is not one of the policy's buckets (short, medium, long, xlong) or *",
        ),
        (
            ("--segment", "support", "--model", "o1", "--mode", "canary", "--share", "0.1"),
            "model: 'o1' is not provider/model",
        ),
        (
            ("--segment", "support", "--model", "openai/o1", "--mode", "canary", "--share", "0"),
            "share: 0.0 is not in (0, 1]",
        ),
        (
            ("--segment", "*", "--model", "openai/o1", "--mode", "shadow", "--share", "0.5"),
            "segment: shadow trial */*/* overlaps shadow trial t2",
        ),
    ]:
        refused = trial_cli("add", "--org", "acme", "--version", "1", *args)
        assert refused.exit_code == 1 and error in refused.stderr, refused.output
    missing = trial_cli(
        "add",
        "--org",
        "acme",
        "--version",
        "7",
        "--segment",
        "support",
        "--model",
        "openai/o1",
        "--mode",
        "canary",
        "--share",
        "0.1",
    )
    assert missing.exit_code == 1 and "policy version 7: org 'acme' has no such version" in missing.stderr
    listed = json.loads(trial_cli("list", "--org", "acme", "--version", "1", "--json").stdout)
    assert [(t["id"], t["mode"]) for t in listed] == [("t1", "canary"), ("t2", "shadow")]

    events = _hand_events(datetime.now(UTC) - timedelta(minutes=1))
    store = make_store(settings)
    with store.session() as client:
        save_events(client, "acme", pd.DataFrame(events).drop(columns=["org_id"]))
        assert save_eval_rows(client, compute_trial_eval_rows(events)) == 3  # c1 (1.0), c2 (0.0), s1 (0.5)
        assert fetch_eval_frame(client, "acme").empty and fetch_eval_stats(client, "acme").empty  # not quality
    store.close()
    results = trial_cli("results", "--org", "acme", "--version", "1", "--json")
    assert results.exit_code == 0, results.output
    t1, t2 = json.loads(results.stdout)
    assert (t1["requests"], t1["candidate_errors"], t1["error_rate"]) == (2, 1, 0.5)
    assert t1["candidate"] == {
        "requests": 1,
        "latency_p50_ms": 200,
        "latency_p95_ms": 200,
        "cost_per_request_usd": 0.002,
    }
    assert t1["primary"] == {
        "requests": 2,
        "latency_p50_ms": 200,
        "latency_p95_ms": pytest.approx(290),
        "cost_per_request_usd": pytest.approx(0.002),
    }
    assert t1["cost_change"] == pytest.approx(0.0) and t1["agreement_mean"] is None
    assert (t2["requests"], t2["candidate_errors"], t2["agreement_mean"], t2["agreement_pairs"]) == (2, 1, 0.5, 1)
    assert t2["candidate"]["latency_p50_ms"] == 1000 and t2["primary"]["latency_p50_ms"] == 100  # paired with p1
    assert t2["cost_change"] == pytest.approx(9.0) and t2["extra_spend_usd"] == pytest.approx(0.01)
    text = trial_cli("results", "--org", "acme", "--version", "1")
    assert "candidate errors 1 (50.0%)" in text.stdout and "agreement 0.500 over 1 pairs" in text.stdout
    assert "cost change +900.0%" in text.stdout, text.stdout

    removed = trial_cli("rm", "--org", "acme", "--version", "1", "t1")
    assert removed.exit_code == 0 and "removed trial t1" in removed.stdout
    again = trial_cli("rm", "--org", "acme", "--version", "1", "t1")
    assert again.exit_code == 1 and "trial: 't1' is not a trial of this version (its trials: t2)" in again.stderr
    assert [t["id"] for t in json.loads(trial_cli("list", "--org", "acme", "--version", "1", "--json").stdout)] == [
        "t2"
    ]
