"""The `netra` command, run as a user runs it (a subprocess on the installed console script)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from netra_core.workloads.migrations import load_migrations
from tests.conftest import run_netra
from tests.test_store import start_worker

ROOT = Path(__file__).resolve().parents[1]


def test_db_upgrade_is_repeatable() -> None:
    first = run_netra("db", "upgrade")
    assert first.returncode == 0, first.stderr
    versions = [m.version for m in load_migrations()]
    head = max(p.name[:4] for p in (ROOT / "migrations" / "alembic" / "versions").glob("[0-9]*.py"))
    assert f"app database at revision {head}" in first.stdout
    assert f"workload store: {len(versions)} migration(s) applied {versions}" in first.stdout
    second = run_netra("db", "upgrade")
    assert second.returncode == 0 and "up to date" in second.stdout


def test_users_add_and_list() -> None:
    run_netra("db", "upgrade")
    added = run_netra(
        "users",
        "add",
        "carol",
        "--org",
        "acme",
        "--role",
        "analyst",
        "--email",
        "c@acme.test",
        "--create-org",
        "--password-stdin",
        input_text="a-long-password\n",
    )
    assert added.returncode == 0, added.stderr
    listed = json.loads(run_netra("users", "list", "--json").stdout)
    assert [(u["username"], u["org_slug"], u["role"]) for u in listed] == [("carol", "acme", "analyst")]
    assert "hash" not in json.dumps(listed) and "a-long-password" not in json.dumps(listed)


def test_users_add_refuses_bad_input_clearly() -> None:
    run_netra("db", "upgrade")
    weak = run_netra("users", "add", "dave", "--org", "acme", "--password-stdin", input_text="short\n")
    assert weak.returncode == 1 and "password: must be at least 8" in weak.stderr
    assert "Traceback" not in weak.stderr
    bad_role = run_netra(
        "users", "add", "dave", "--org", "acme", "--role", "owner", "--password-stdin", input_text="x" * 10
    )
    assert bad_role.returncode == 2 and "owner" in bad_role.stderr


def test_doctor_passes_on_a_migrated_install() -> None:
    run_netra("db", "upgrade")
    out = run_netra("doctor", "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] is True and [c["name"] for c in report["checks"]] == [
        "settings",
        "app_database",
        "workload_store",
        "writes",
    ]


def test_doctor_says_when_migrations_are_missing() -> None:
    out = run_netra("doctor")
    assert out.returncode == 1
    assert "netra db upgrade" in out.stdout


def test_doctor_fails_clearly_on_an_unreachable_postgresql() -> None:
    url = "postgresql+psycopg://netra:hunter2@127.0.0.1:1/netra"
    out = run_netra("doctor", "--json", env={"NETRA_DATABASE_URL": url})
    assert out.returncode == 1
    check = {c["name"]: c for c in json.loads(out.stdout)["checks"]}["app_database"]
    assert check["ok"] is False
    assert "cannot reach the app database at postgresql+psycopg://netra:***@127.0.0.1:1/netra" in check["detail"]
    assert "hunter2" not in out.stdout + out.stderr


def test_doctor_fails_clearly_when_the_store_is_held_past_the_timeout(tmp_path: Path) -> None:
    run_netra("db", "upgrade")
    store_url = f"chdb://{(Path(os.environ['NETRA_DATA_DIR']) / 'workloads').resolve()}"
    holder = start_worker("hold", store_url, "20")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        out = run_netra("doctor", "--store-timeout", "1")
        assert out.returncode == 1
        line = next(line for line in out.stdout.splitlines() if "workload_store" in line)
        assert "FAIL" in line and f"process {holder.pid}" in line and "waited 1s" in line
    finally:
        holder.kill()
        holder.wait()


def test_doctor_refuses_a_weak_production_key() -> None:
    run_netra("db", "upgrade")
    out = run_netra("doctor", env={"NETRA_ENV": "production", "NETRA_COOKIE_KEY": "tooshort"})
    assert out.returncode == 1 and "at least 32" in out.stdout


def test_up_seeds_a_demo_admin_once_and_prints_the_same_credentials() -> None:
    first = run_netra("up", "--no-serve", "--demo-events", "3000")
    assert first.returncode == 0, first.stderr
    assert "http://127.0.0.1:8501" in first.stdout and "wrote 3,000 demo events" in first.stdout
    assert "models loaded from genai-prices" in first.stdout
    line = next(line for line in first.stdout.splitlines() if line.startswith("demo sign-in"))
    second = run_netra("up", "--no-serve", "--demo-events", "3000")
    assert line in second.stdout and "demo events" not in second.stdout
    overview = json.loads(run_netra("query", "overview", "--org", "demo", "--days", "60", "--json").stdout)
    assert overview["kpis"]["requests"]["value"] + overview["kpis"]["requests"]["previous"] == 3000
    users = json.loads(run_netra("users", "list", "--json").stdout)
    assert [(u["username"], u["role"]) for u in users] == [("demo", "admin")]


def test_the_app_server_runs_without_a_file_watcher() -> None:
    from streamlit import config

    from netra_core.cli import compute_serve_args

    args = compute_serve_args("127.0.0.1", 8123)
    flags = args[args.index("run") + 2 :]
    options = dict(zip(flags[::2], flags[1::2], strict=True))
    known = config.get_config_options()
    assert all(name.removeprefix("--") in known for name in options), options
    assert options["--server.fileWatcherType"] == "none" and options["--server.runOnSave"] == "false"
    assert options["--server.address"] == "127.0.0.1" and options["--server.port"] == "8123"


# The commands cli.py defines itself (set-up, users, health); every other command comes from netra_core/commands.
CORE_COMMANDS = {"db", "doctor", "up", "users"}


def test_every_command_module_is_registered() -> None:
    """cli.py lists the command modules; one added to netra_core/commands but left off the list fails here."""
    import importlib
    import pkgutil

    import netra_core.commands as package
    from netra_core.cli import main

    listed = 0
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"netra_core.commands.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            assert main.commands.get(command.name or "") is command, f"commands/{info.name}.py: {command.name}"
            listed += 1
    assert listed == len(main.commands) - len(CORE_COMMANDS)
