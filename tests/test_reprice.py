"""Repricing stored events after a price change (#13 step 2): hand-computed costs, billed costs untouched,
a dry run writes nothing, the roll-ups equal the raw events afterwards, a reprice killed halfway is recovered,
and the CLI front door."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netra_core.catalog.pricing import PriceBook, PriceRow
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.journal import STARTED, make_write_op, save_marker, save_op_state
from netra_core.workloads.reprice import _write, compute_month_windows, compute_repriced, reprice_events
from netra_core.workloads.rollups import fetch_rollup_drift
from netra_core.workloads.store import WorkloadStore, query_df, query_rows
from tests.conftest import run_netra


def D(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


OLD = PriceBook([PriceRow("openai", "gpt-4o", 2.5, 10.0)])
# A correction from Nov 10: gpt-4o costs $5 / $20; and a model that had no price gets one.
NEW = PriceBook(
    [
        PriceRow("openai", "gpt-4o", 2.5, 10.0, effective_to=D(2026, 11, 10)),
        PriceRow("openai", "gpt-4o", 5.0, 20.0, effective_from=D(2026, 11, 10)),
        PriceRow("acme-ai", "house-model", 1.0, 1.0),
    ]
)
EVENTS = [
    # 1M prompt + 100k completion tokens each: gpt-4o $3.50 at the old price, $7.00 at the new.
    ("before", "2026-11-05T10:00:00Z", "openai", "gpt-4o", None),
    ("after-1", "2026-11-12T10:00:00Z", "openai", "gpt-4o", None),
    ("after-2", "2026-12-01T10:00:00Z", "openai", "gpt-4o", None),
    ("billed", "2026-11-12T11:00:00Z", "openai", "gpt-4o", 4.0),
    ("house", "2026-11-12T12:00:00Z", "acme-ai", "house-model", None),
]


def _ingest(store: WorkloadStore, tmp_path: Path, org: str = "acme") -> None:
    path = tmp_path / f"{org}.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {
                    "event_id": eid,
                    "ts": ts,
                    "provider": p,
                    "model": m,
                    "prompt_tokens": 1_000_000,
                    "completion_tokens": 100_000,
                    **({"cost_usd": c} if c is not None else {}),
                }
            )
            + "\n"
            for eid, ts, p, m, c in EVENTS
        )
    )
    ingest_files(store, [path], org, price_book=OLD)


def _costs(store: WorkloadStore, org: str = "acme") -> dict[str, tuple[float, str, float | None]]:
    with store.session() as client:
        frame = query_df(
            client,
            "SELECT event_id, cost_usd, cost_source, priced_cost_usd FROM workload_events FINAL WHERE org_id = {o:String}",
            {"o": org},
        )
    return {
        r.event_id: (r.cost_usd, r.cost_source, None if r.priced_cost_usd != r.priced_cost_usd else r.priced_cost_usd)
        for r in frame.itertuples()
    }


def test_a_reprice_moves_netra_priced_costs_keeps_billed_ones_and_the_rollups_exact(
    store: WorkloadStore, tmp_path: Path
) -> None:
    _ingest(store, tmp_path)
    _ingest(store, tmp_path, "globex")
    before = _costs(store)
    assert before["after-1"] == pytest.approx((3.5, "netra", 3.5))
    assert before["house"][1] == "unpriced" and before["billed"][:2] == (4.0, "billed")
    with store.session() as client:
        dry = reprice_events(client, "acme", NEW, D(2026, 11, 1), D(2026, 12, 31), dry_run=True)
    # after-1, after-2 and house change cost; billed changes only Netra's price beside it; before is as it was.
    assert (dry.events_read, dry.events_changed) == (5, 4)
    assert dry.cost_before_usd == pytest.approx(3.5 * 3 + 4.0)
    assert dry.cost_after_usd == pytest.approx(3.5 + 7.0 * 2 + 4.0 + 1.1)
    assert _costs(store) == before  # a dry run writes nothing
    with store.session() as client:
        done = reprice_events(client, "acme", NEW, D(2026, 11, 1), D(2026, 12, 31), markers=store.write_markers)
        assert fetch_rollup_drift(client) == []
        # Every event is stored once again (the old versions were merged away).
        assert query_rows(client, "SELECT count() FROM workload_events WHERE org_id = 'acme'")[0][0] == 5
        daily = query_rows(client, "SELECT sum(cost_usd) FROM workload_daily WHERE org_id = 'acme'")[0][0]
    assert done.events_changed == 4 and not done.is_dry_run
    after = _costs(store)
    assert after["before"] == pytest.approx((3.5, "netra", 3.5))
    assert after["after-1"] == after["after-2"] == pytest.approx((7.0, "netra", 7.0))
    assert after["billed"][:2] == (4.0, "billed") and after["billed"][2] == pytest.approx(
        7.0
    )  # the cost of record stays; Netra's price beside
    assert after["house"] == pytest.approx((1.1, "netra", 1.1))
    assert daily == pytest.approx(3.5 + 7.0 * 2 + 4.0 + 1.1)
    assert _costs(store, "globex")["after-1"][0] == pytest.approx(3.5)  # another org is untouched
    by_day = {(str(r.day), r.model): (r.cost_before_usd, r.cost_after_usd) for r in done.by_model_day.itertuples()}
    assert by_day[("2026-11-12", "gpt-4o")] == (pytest.approx(3.5 + 4.0), pytest.approx(7.0 + 4.0))
    with store.session() as client:  # nothing left to do
        assert reprice_events(client, "acme", NEW, D(2026, 11, 1), D(2026, 12, 31)).events_changed == 0


def test_a_reprice_killed_before_its_merge_is_finished_by_the_next_session(
    store: WorkloadStore, tmp_path: Path
) -> None:
    _ingest(store, tmp_path)
    lo, hi = D(2026, 11, 1), D(2026, 12, 31)
    with store.session() as client:
        frame = compute_repriced(
            query_df(
                client,
                "SELECT event_id, ts, provider, model, prompt_tokens, completion_tokens, cached_tokens, "
                "cache_write_tokens, cache_write_1h_tokens, service_tier, is_batch, cost_usd, cost_source, "
                "priced_cost_usd FROM workload_events FINAL WHERE org_id = 'acme'",
            ),
            NEW,
        )
        # The process dies after writing the new versions, before merging and rebuilding the roll-ups.
        op = make_write_op("reprice", "acme", lo, hi)
        assert store.write_markers is not None
        save_marker(store.write_markers, op)
        save_op_state(client, op, STARTED)
        _write(client, "acme", frame[frame["changed"]], lo, hi)
        # Old and new versions of the 4 changed events are both stored (and both in the roll-ups).
        assert query_rows(client, "SELECT count() FROM workload_events WHERE org_id = 'acme'")[0][0] == 9
    store.close()
    reopened = WorkloadStore(store.url, lock_timeout_s=20)
    with reopened.session() as client:  # the session's recovery merges and rebuilds
        assert fetch_rollup_drift(client) == []
        assert query_rows(client, "SELECT count() FROM workload_events WHERE org_id = 'acme'")[0][0] == 5
        daily = query_rows(client, "SELECT sum(cost_usd) FROM workload_daily WHERE org_id = 'acme'")[0][0]
    assert daily == pytest.approx(3.5 + 7.0 * 2 + 4.0 + 1.1)
    assert _costs(reopened)["after-1"][0] == pytest.approx(7.0)


def test_the_cli_reprices_with_the_orgs_prices_and_refuses_without_a_catalog(tmp_path: Path) -> None:
    env = {"NETRA_DATA_DIR": str(tmp_path / "data")}
    assert run_netra("db", "upgrade", env=env).returncode == 0
    assert run_netra("orgs", "add", "acme", env=env).returncode == 0
    refused = run_netra("catalog", "reprice", "--org", "acme", "--dry-run", env=env)
    assert refused.returncode != 0 and "netra catalog sync" in refused.stderr + refused.stdout
    assert run_netra("catalog", "sync", env=env).returncode == 0
    events = tmp_path / "events.jsonl"
    events.write_text(
        "".join(
            json.dumps(
                {
                    "event_id": eid,
                    "ts": ts,
                    "provider": p,
                    "model": m,
                    "prompt_tokens": 1_000_000,
                    "completion_tokens": 100_000,
                    **({"cost_usd": c} if c is not None else {}),
                }
            )
            + "\n"
            for eid, ts, p, m, c in EVENTS
        )
    )
    assert run_netra("ingest", str(events), "--org", "acme", env=env).returncode == 0
    same = run_netra("catalog", "reprice", "--org", "acme", "--json", env=env)
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["events_changed"] == 0  # priced at ingest by the same book
    assert (
        run_netra(
            "catalog",
            "set-price",
            "openai",
            "gpt-4o",
            "--input",
            "5",
            "--output",
            "20",
            "--org",
            "acme",
            "--from",
            "2026-11-10",
            env=env,
        ).returncode
        == 0
    )
    dry = run_netra("catalog", "reprice", "--org", "acme", "--dry-run", env=env)
    assert dry.returncode == 0 and "3 would change" in dry.stdout and "2026-11-12  openai/gpt-4o" in dry.stdout
    done = json.loads(run_netra("catalog", "reprice", "--org", "acme", "--json", env=env).stdout)
    assert done["events_changed"] == 3 and done["delta_usd"] == pytest.approx(2 * 3.5)


def test_a_reprice_goes_month_by_month_each_month_journalled_on_its_own(store: WorkloadStore, tmp_path: Path) -> None:
    _ingest(store, tmp_path)
    with store.session() as client:
        done = reprice_events(client, "acme", NEW, D(2026, 10, 20), D(2027, 1, 10), markers=store.write_markers)
        assert fetch_rollup_drift(client) == []
        ops = query_rows(
            client,
            "SELECT lo, hi, rows FROM netra_write_journal WHERE kind = 'reprice' AND state = 'done' ORDER BY lo",
        )
    # Nov (after-1, billed, house) and Dec (after-2) changed, each written, merged and rebuilt as its own operation;
    # Oct and Jan hold no events.
    assert [(lo.month, hi.month, rows) for lo, hi, rows in ops] == [(11, 11, 3), (12, 12, 1)]
    assert done.events_changed == 4 and done.cost_after_usd == pytest.approx(3.5 + 7.0 * 2 + 4.0 + 1.1)
    assert list(done.by_model_day["day"].astype(str)) == sorted(done.by_model_day["day"].astype(str))
    assert compute_month_windows(D(2026, 10, 20), D(2027, 1, 10)) == [
        (D(2026, 10, 20), D(2026, 11, 1)),
        (D(2026, 11, 1), D(2026, 12, 1)),
        (D(2026, 12, 1), D(2027, 1, 1)),
        (D(2027, 1, 1), D(2027, 1, 10)),
    ]
