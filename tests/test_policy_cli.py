"""`netra policy ...` and `netra savings`, run through the real command group on the test's own stores."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session, sessionmaker

from netra_core.cli import main, upgrade_all
from netra_core.config import get_settings
from netra_core.db.catalog import save_custom_model
from netra_core.db.engine import make_session_factory
from netra_core.db.orgs import save_org
from netra_core.stores import make_app_engine, make_store
from tests.ledger_helpers import at, make_gateway_event, make_policy, save_dated_version, write_events


def netra(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    settings = get_settings()
    upgrade_all(settings)
    engine = make_app_engine(settings)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        for slug in ("acme", "globex"):
            org = save_org(s, slug)
            save_custom_model(
                s,
                org_id=org.id,
                provider="acme-ai",
                model="big",
                context_window=1000,
                input_per_mtok=10.0,
                output_per_mtok=30.0,
                actor="test",
            )
    yield factory
    engine.dispose()


def test_save_list_activate_retire_show(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(make_policy("acme").to_json())
    saved = netra("policy", "save", "--org", "acme", "--from", str(policy_file), "--note", "first try", "--json")
    assert saved.exit_code == 0, saved.output
    assert json.loads(saved.output)["version"] == 1 and json.loads(saved.output)["status"] == "draft"
    yaml_file = tmp_path / "policy.yaml"
    yaml_file.write_text(make_policy("acme", model="big").to_yaml())
    second = netra("policy", "save", "--org", "acme", "--from", str(yaml_file), "--activate")
    assert second.exit_code == 0, second.output
    assert (
        "saved acme policy version 2 (active): forecast $120.00/month (95% interval $90.00 .. $150.00)" in second.output
    )

    listed = json.loads(netra("policy", "list", "--org", "acme", "--json").output)
    assert [(v["version"], v["status"], v["note"]) for v in listed] == [(2, "active", ""), (1, "draft", "first try")]
    assert listed[0]["forecast"]["savings_month"] == 120.0

    assert "version 1 is active" in netra("policy", "activate", "--org", "acme", "1").output
    listed = json.loads(netra("policy", "list", "--org", "acme", "--json").output)
    assert [(v["version"], v["status"]) for v in listed] == [(2, "retired"), (1, "active")]
    assert listed[0]["retired_at"] is not None

    shown = netra("policy", "show", "--org", "acme", "2")
    assert "support/chat/short -> acme-ai/big" in shown.output and "v2" in shown.output
    shown_json = json.loads(netra("policy", "show", "--org", "acme", "1", "--json").output)
    assert shown_json["policy"]["rules"][0]["targets"][0]["model"] == "small"

    retired = netra("policy", "retire", "--org", "acme")
    assert "version 1 is retired" in retired.output
    assert "no active policy version" in netra("policy", "retire", "--org", "acme").output
    # another org sees none of acme's versions
    assert "org globex has no policy versions" in netra("policy", "list", "--org", "globex").output


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (("--org", "acmee"), None, "org 'acmee' does not exist (did you mean 'acme'?)"),
        (("--org", "globex"), None, "org_id: the policy was made for org 'acme', not 'globex'"),
        (("--org", "acme"), "{not json", "not a JSON policy file"),
        (
            ("--org", "acme"),
            '{"format": "netra.routing-policy/v1", "org_id": "acme"}',
            "routing policy: missing or malformed field 'rules'",
        ),
        (("--org", "acme"), '{"format": "v0"}', "format: expected 'netra.routing-policy/v1'"),
    ],
)
def test_save_refuses_clearly(
    sessions: sessionmaker[Session],
    tmp_path: Path,
    args: tuple[str, ...],
    content: str | None,
    message: str,
) -> None:
    path = tmp_path / "policy.json"
    path.write_text(content if content is not None else make_policy("acme").to_json())
    result = netra("policy", "save", *args, "--from", str(path))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert json.loads(netra("policy", "list", "--org", "acme", "--json").output) == []  # nothing half-written


def test_unknown_version_and_missing_file(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    missing = netra("policy", "activate", "--org", "acme", "7")
    assert missing.exit_code == 1 and "policy version 7: org 'acme' has no such version" in missing.output
    assert "has no such version" in netra("policy", "show", "--org", "acme", "7").output
    gone = netra("policy", "save", "--org", "acme", "--from", str(tmp_path / "nope.json"))
    assert gone.exit_code == 1 and "cannot read the policy file" in gone.output


def test_savings_json(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    save_dated_version(sessions, "acme", at(1, 0), at(11, 0))
    store = make_store(get_settings())
    try:
        # big asked for, small served: actual $0.002; counterfactual 1,000 x $10 + 500 x $30 per million = $0.025
        write_events(store, tmp_path, "acme", [make_gateway_event("e1", at(2), cost_usd=0.002)])
        write_events(store, tmp_path, "globex", [make_gateway_event("g1", at(2), cost_usd=5.0)])
    finally:
        store.close()
    out = netra("savings", "--org", "acme", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    (v1,) = data["versions"]
    assert v1["forecast"]["savings_month"] == 120.0
    assert v1["realised"]["requests"] == 1
    assert v1["realised"]["savings_usd"] == pytest.approx(0.023)
    assert v1["realised"]["savings_month"] == pytest.approx(0.023 * 3)
    assert data["definition"].startswith("Realised savings:")
    text = netra("savings", "--org", "acme", "--version", "1")
    assert "realised: $0.02 (92.0% of $0.03 counterfactual" in text.output
    assert "quality: not measured" in text.output
    assert "no such version" in netra("savings", "--org", "acme", "--version", "4").output
    assert "org globex has no policy versions" in netra("savings", "--org", "globex").output


def test_optimize_save_version(sessions: sessionmaker[Session]) -> None:
    from netra_core.workloads.events import save_events
    from tests.test_analytics import make_traffic

    with make_store(get_settings()).session() as client:
        save_events(client, "acme", make_traffic("acme", 600, seed=3))
    refused = netra("optimize", "--org", "acme", "--activate")
    assert refused.exit_code == 1 and "--activate goes with --save-version" in refused.output
    done = netra("optimize", "--org", "acme", "--save-version", "--activate", "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["policy_version"] == {"version": 1, "status": "active"}
    (saved,) = json.loads(netra("policy", "list", "--org", "acme", "--json").output)
    # the version keeps the one savings figure the optimizer printed
    assert saved["forecast"]["savings_month"] == data["savings"]["savings_month"]
    assert saved["note"] == "netra optimize" and saved["created_by"] == "cli"


def test_router_attach_and_rm(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from netra_core.optimizer.policy import RouteTarget
    from tests.test_gateway_learned_router import _train

    split = make_policy("acme")
    rule = replace(split.rules[0], targets=(RouteTarget("acme-ai", "small", 0.5), RouteTarget("acme-ai", "big", 0.5)))
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(replace(split, rules=(rule,)).to_json())
    assert netra("policy", "save", "--org", "acme", "--from", str(policy_file)).exit_code == 0
    artifact = _train(tmp_path / "router.zip", "small", "big")
    attached = netra("policy", "router", "attach", "--org", "acme", "--version", "1", str(artifact), "--json")
    assert attached.exit_code == 0, attached.output
    ref = json.loads(attached.output)["learned_router"]
    assert ref["name"] == "router.zip" and set(ref["models"]) == {"small", "big"}
    shown = json.loads(netra("policy", "show", "--org", "acme", "1", "--json").output)
    assert shown["policy"]["learned_router"]["sha256"] == ref["sha256"]
    other_org = netra("policy", "router", "attach", "--org", "globex", "--version", "1", str(artifact))
    assert other_org.exit_code != 0  # globex has no version 1: another org's version is never touched
    removed = netra("policy", "router", "rm", "--org", "acme", "--version", "1")
    assert removed.exit_code == 0 and "detached" in removed.output
    assert "learned_router" not in json.loads(netra("policy", "show", "--org", "acme", "1", "--json").output)["policy"]
