"""A policy version refined per prompt by a learned router (issue #14): where a segment's rule allows several models
(here a cascade's cheap and strong model), the gateway asks the version's router which one each prompt goes to."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import openai
import pytest

from netra_core.db.engine import make_session_factory
from netra_core.errors import PermissionDeniedError, ValidationError
from netra_core.optimizer.policy import LearnedRouterRef, RoutingPolicy
from netra_core.routing.artifacts import router_path
from netra_core.routing.router import LearnedRouter
from netra_core.services.policies import attach_router, detach_router
from tests.gateway_helpers import LiveGateway, make_policy, module_gateway, reset_for_test
from tests.test_routing_router import FAST, make_rows

SUMMARIZE = {"X-Netra-Workload": "support", "X-Netra-Task": "summarize"}
MATHS = "compute the definite integral of the polynomial from zero to 4242"
HELLO = "say hello politely to a new colleague named person4242"


def _train(path: Path, small: str, big: str) -> Path:
    """A router that sends maths to `big` and small talk to `small` (no sentence encoder: fast, offline)."""
    from netra_core.routing.data import compute_eval_matrix, validate_eval_frame

    rows = make_rows(200, with_cost=True).replace({"model": {"small": small, "big": big}})
    router = LearnedRouter(candidates=FAST, encoder=None).fit(compute_eval_matrix(validate_eval_frame(rows, "t")))
    router.calibrate(target_share=0.5, share_model=big)
    router.save(path)
    return path


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _train(tmp_path_factory.mktemp("router") / "router.zip", "gpt-4o-mini", "claude-3-5-sonnet")


@pytest.fixture(scope="module")
def _shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveGateway]:
    with module_gateway(tmp_path_factory.mktemp("gateway")) as gw:
        yield gw


@pytest.fixture
def live(_shared: LiveGateway, request: pytest.FixtureRequest) -> LiveGateway:
    return reset_for_test(_shared, request.node.nodeid)


def _ask(live: LiveGateway, prompt: str, headers: dict[str, str] = SUMMARIZE) -> str:
    client = openai.OpenAI(base_url=live.url, api_key=live.keys["acme"], max_retries=0)
    raw = client.chat.completions.with_raw_response.create(
        model="netra-auto", messages=[{"role": "user", "content": prompt}], extra_headers=headers
    )
    return raw.headers["x-netra-model"]


def test_the_router_picks_among_the_segments_models_per_prompt(live: LiveGateway, artifact: Path) -> None:
    version = live.activate("acme", make_policy("acme"))
    sessions = make_session_factory(live.engine)
    data_dir = live.gateway.settings.data_dir
    info = attach_router(sessions, data_dir, live.slug("acme"), version, artifact)
    ref = info.policy.learned_router
    assert ref is not None and set(ref.models) == {"gpt-4o-mini", "claude-3-5-sonnet"}
    assert router_path(data_dir, ref.sha256).read_bytes() == artifact.read_bytes()
    time.sleep(0.3)  # the gateway re-reads policies every 0.2 s here

    assert _ask(live, MATHS) == "claude-3-5-sonnet"  # the cascade's strong model, chosen for this prompt
    assert _ask(live, HELLO) == "gpt-4o-mini"
    # A segment whose rule allows one model is routed by the rule alone.
    assert _ask(live, MATHS, {"X-Netra-Workload": "support", "X-Netra-Task": "chat"}) == "gpt-4o-mini"
    reasons = [(e["model"], e["metadata"]["route_reason"]) for e in live.events()]
    assert reasons == [("claude-3-5-sonnet", "learned"), ("gpt-4o-mini", "learned"), ("gpt-4o-mini", "policy")]

    detach_router(sessions, live.slug("acme"), version)
    time.sleep(0.3)
    assert _ask(live, MATHS) == "gpt-4o-mini"  # the cascade's cheap model again
    assert live.events()[-1]["metadata"]["route_reason"] == "policy"


def test_a_router_file_changed_after_attaching_is_not_loaded(live: LiveGateway, artifact: Path) -> None:
    version = live.activate("acme", make_policy("acme"))
    data_dir = live.gateway.settings.data_dir
    info = attach_router(make_session_factory(live.engine), data_dir, live.slug("acme"), version, artifact)
    assert info.policy.learned_router is not None
    kept = router_path(data_dir, info.policy.learned_router.sha256)
    original = kept.read_bytes()
    try:
        kept.write_bytes(original + b"tampered")
        time.sleep(0.3)
        assert _ask(live, MATHS) == "gpt-4o-mini"  # routed by the rules alone, never by a changed file
        assert live.events()[-1]["metadata"]["route_reason"] == "policy"
    finally:
        kept.write_bytes(original)


def test_attaching_is_an_admins_and_needs_a_router_that_can_choose(
    live: LiveGateway, artifact: Path, tmp_path: Path
) -> None:
    version = live.activate("acme", make_policy("acme"))
    sessions = make_session_factory(live.engine)
    data_dir = live.gateway.settings.data_dir
    with pytest.raises(PermissionDeniedError, match="cannot activate"):
        attach_router(sessions, data_dir, live.slug("acme"), version, artifact, role="analyst")
    strangers = _train(tmp_path / "other.zip", "model-a", "model-b")
    with pytest.raises(ValidationError, match="fewer than two of them"):
        attach_router(sessions, data_dir, live.slug("acme"), version, strangers)
    not_a_router = tmp_path / "notes.zip"
    not_a_router.write_bytes(b"PK not really")
    with pytest.raises(ValidationError, match="not a Netra router artifact"):
        attach_router(sessions, data_dir, live.slug("acme"), version, not_a_router)


def test_the_reference_round_trips_in_the_policy_json_and_is_checked() -> None:
    policy = replace(
        make_policy("acme"), learned_router=LearnedRouterRef("a" * 64, ("gpt-4o-mini", "gpt-4o"), "r.zip", "now")
    )
    data = policy.to_dict()
    assert data["learned_router"]["models"] == ["gpt-4o-mini", "gpt-4o"]
    assert RoutingPolicy.from_dict(data) == policy
    assert "learned_router" not in make_policy("acme").to_dict()  # absent when none
    with pytest.raises(ValidationError, match=r"learned_router\.sha256"):
        RoutingPolicy.from_dict({**data, "learned_router": {**data["learned_router"], "sha256": "../../etc"}})
    with pytest.raises(ValidationError, match=r"learned_router\.models"):
        RoutingPolicy.from_dict({**data, "learned_router": {**data["learned_router"], "models": []}})
