"""The savings ledger on a real store and app database: a small case checked by hand, to the cent and below."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from netra_core.catalog.sync import compute_genai_prices_entries
from netra_core.db.catalog import save_catalog_entries, save_custom_model, save_price_override
from netra_core.db.engine import make_session_factory
from netra_core.db.orgs import fetch_org, save_org
from netra_core.errors import NotFoundError, UnknownOrgError
from netra_core.optimizer.ledger import LEDGER_DEFINITION
from netra_core.services.policies import fetch_savings_ledger
from netra_core.workloads.store import WorkloadStore
from tests.ledger_helpers import at, make_gateway_event, save_dated_version, write_events

# Prices per million tokens of the org's own models: input, output, cached input.
BIG = (10.0, 30.0, 2.0)
SMALL = (1.0, 2.0, None)


@pytest.fixture
def sessions(sqlite_engine: Engine) -> sessionmaker[Session]:
    factory = make_session_factory(sqlite_engine)
    with factory.begin() as s:
        for slug in ("acme", "globex"):
            org = save_org(s, slug)
            for model, (i, o, c) in (("big", BIG), ("small", SMALL)):
                save_custom_model(
                    s,
                    org_id=org.id,
                    provider="acme-ai",
                    model=model,
                    context_window=128_000,
                    input_per_mtok=i,
                    output_per_mtok=o,
                    cached_input_per_mtok=c,
                    actor="test",
                )
    return factory


@pytest.fixture
def ledger_case(store: WorkloadStore, sessions: sessionmaker[Session], tmp_path: Path) -> sessionmaker[Session]:
    """Version 1 active Nov 1 - Nov 11, version 2 active since; a draft 3; the events below."""
    v1 = save_dated_version(sessions, "acme", at(1, 0), at(11, 0))
    v2 = save_dated_version(sessions, "acme", at(11, 0))
    save_dated_version(sessions, "acme", None)
    assert (v1, v2) == (1, 2)
    ev = make_gateway_event
    write_events(
        store,
        tmp_path / "in",
        "acme",
        [
            # small instead of big: actual 0.002 (as billed); counterfactual 1000*10 + 500*30 per 1e6 = 0.025
            ev("e1", at(2), cost_usd=0.002, quality=0.9),
            # a fallback, with 1,000 of 2,000 prompt tokens cached: counterfactual (1000*10 + 1000*2 + 1000*30)/1e6 = 0.042
            ev(
                "e2",
                at(3),
                prompt_tokens=2000,
                completion_tokens=1000,
                cached_tokens=1000,
                cost_usd=0.004,
                metadata={"route_reason": "fallback", "fallback_from": "acme-ai/tiny"},
            ),
            # pinned to the model asked for: 4000*10 + 200*30 per 1e6 = 0.046 either way, saves nothing
            ev(
                "e3",
                at(4),
                workload="docs",
                task_type="summarization",
                model="big",
                prompt_tokens=4000,
                completion_tokens=200,
                cost_usd=0.046,
                metadata={"segment": "docs/summarization/long", "route_reason": "pinned"},
            ),
            # no honest baseline: counted, not in the dollars
            ev(
                "e4",
                at(5),
                cost_usd=0.5,
                metadata={"route_reason": "passthrough", "baseline_provider": None, "baseline_model": None},
            ),
            # a baseline with no price in the org's book: counted apart
            ev("e5", at(6), cost_usd=0.3, metadata={"baseline_model": "mystery"}),
            # version 1's tag after it was retired (a gateway that had not reloaded): outside its active period
            ev("e6", at(12), cost_usd=0.7),
            # version 2's: its own line
            ev(
                "e7", at(13), cost_usd=0.001, prompt_tokens=100, completion_tokens=100, metadata={"policy_version": "2"}
            ),
            # tagged version 1 but not written by the gateway: not the gateway's traffic
            ev("e8", at(2), cost_usd=0.9, source="jsonl"),
            # the baseline model's measured quality in support/chat (an ordinary request before the policy)
            ev(
                "b1",
                at(1, 0),
                model="big",
                quality=0.95,
                cost_usd=0.02,
                source="jsonl",
                metadata={
                    "policy_version": None,
                    "segment": None,
                    "route_reason": None,
                    "baseline_provider": None,
                    "baseline_model": None,
                },
            ),
        ],
    )
    # another org's gateway traffic under its own version 1 must not count for acme
    save_dated_version(sessions, "globex", at(1, 0))
    write_events(store, tmp_path / "in", "globex", [ev("g1", at(2), cost_usd=0.001), ev("g2", at(3), cost_usd=0.0)])
    return sessions


def test_hand_computed_ledger(store: WorkloadStore, ledger_case: sessionmaker[Session]) -> None:
    ledger = fetch_savings_ledger(store.session, ledger_case, "acme", until=at(20, 0))
    assert [v.version for v in ledger.versions] == [3, 2, 1]
    draft, v2, v1 = ledger.versions
    assert draft.status == "draft" and draft.realised is None
    r = v1.realised
    assert r is not None
    assert r.requests == 5  # e1..e5: e6 is outside the period, e7 another version, e8 not the gateway's, g* globex
    assert (r.compared, r.no_baseline, r.unpriced_baseline, r.usage_unknown) == (3, 1, 1, 0)
    assert r.actual_usd == pytest.approx(0.052, abs=1e-12)
    assert r.counterfactual_usd == pytest.approx(0.113, abs=1e-12)
    assert r.savings_usd == pytest.approx(0.061, abs=1e-12)
    assert r.share == pytest.approx(0.061 / 0.113)
    assert r.active_days == pytest.approx(10.0)
    assert r.month_usd == pytest.approx(0.061 * 30 / 10)
    assert r.fallback_share == pytest.approx(1 / 5)
    # quality on both sides only for e1: 0.9 served, 0.95 measured for the baseline model in support/chat
    assert r.quality_pairs == 1
    assert r.quality_after == pytest.approx(0.9) and r.quality_before == pytest.approx(0.95)
    segments = r.by_segment.set_index("segment")
    assert segments.loc["support/chat/short", "savings_usd"] == pytest.approx(0.023 + 0.038)
    assert segments.loc["docs/summarization/long", "savings_usd"] == pytest.approx(0.0, abs=1e-12)
    assert segments["savings_usd"].sum() == pytest.approx(r.savings_usd, abs=1e-12)
    assert segments["requests"].sum() == r.requests
    # the forecast is the one saved with the version
    assert (v1.forecast.month_usd, v1.forecast.month_lo_usd, v1.forecast.month_hi_usd) == (120.0, 90.0, 150.0)
    r2 = v2.realised
    assert r2 is not None and r2.requests == 1 and r2.actual_usd == pytest.approx(0.001)
    assert r2.counterfactual_usd == pytest.approx((100 * 10 + 100 * 30) / 1e6)
    assert r2.active_days == pytest.approx(9.0)
    data = ledger.as_dict()
    assert data["definition"] == LEDGER_DEFINITION
    assert data["versions"][2]["realised"]["no_baseline_requests"] == 1
    assert data["versions"][1]["realised"]["quality"] == "not measured"


def test_one_version_and_clear_errors(store: WorkloadStore, ledger_case: sessionmaker[Session]) -> None:
    ledger = fetch_savings_ledger(store.session, ledger_case, "acme", version=2, until=at(20, 0))
    assert [v.version for v in ledger.versions] == [2]
    with pytest.raises(NotFoundError, match="policy version 9: org 'acme' has no such version"):
        fetch_savings_ledger(store.session, ledger_case, "acme", version=9)
    with pytest.raises(UnknownOrgError, match="'acmee' does not exist"):
        fetch_savings_ledger(store.session, ledger_case, "acmee")


def test_other_orgs_events_and_versions_are_their_own(store: WorkloadStore, ledger_case: sessionmaker[Session]) -> None:
    ledger = fetch_savings_ledger(store.session, ledger_case, "globex", until=at(20, 0))
    (v1,) = ledger.versions
    assert v1.realised is not None and v1.realised.requests == 2
    assert v1.realised.actual_usd == pytest.approx(0.001)


def test_counterfactual_priced_with_the_orgs_price_override(
    store: WorkloadStore, sqlite_engine: Engine, tmp_path: Path
) -> None:
    sessions = make_session_factory(sqlite_engine)
    with sessions.begin() as s:
        save_catalog_entries(s, [e for e in compute_genai_prices_entries() if e.provider == "openai"])
        save_org(s, "acme")
        save_org(s, "globex")
    with sessions.begin() as s:
        # acme's negotiated price for gpt-4o, from before the traffic; globex pays the catalog's
        save_price_override(
            s,
            provider="openai",
            model="gpt-4o",
            input_per_mtok=1.0,
            output_per_mtok=4.0,
            cached_input_per_mtok=0.5,
            actor="test",
            effective_from=at(1, 0),
            org_id=fetch_org(s, "acme").id,
        )
    base = {
        "provider": "openai",
        "model": "gpt-4o-mini",
        "prompt_tokens": 1_000_000,
        "completion_tokens": 0,
        "cached_tokens": 200_000,
        "cost_usd": 0.15,
        "metadata": {"baseline_provider": "openai", "baseline_model": "gpt-4o"},
    }
    for org in ("acme", "globex"):
        save_dated_version(sessions, org, at(1, 0))
        write_events(store, tmp_path / org, org, [make_gateway_event(f"{org}-1", at(2), **base)])
    acme = fetch_savings_ledger(store.session, sessions, "acme", until=at(20, 0)).versions[0].realised
    globex = fetch_savings_ledger(store.session, sessions, "globex", until=at(20, 0)).versions[0].realised
    assert acme is not None and globex is not None
    # acme: 800,000 uncached x $1 + 200,000 cached x $0.50 per million = $0.90
    assert acme.counterfactual_usd == pytest.approx(0.90)
    # globex: the catalog's gpt-4o price (not acme's), whatever it is today, is higher than acme's deal
    assert globex.counterfactual_usd > 1.0
