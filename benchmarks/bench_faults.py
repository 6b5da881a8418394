"""Reliability: kill -9 ingest and report processes at random points in a bounded loop; prints JSON.

    .venv/bin/python -m benchmarks.bench_faults [--files 6] [--rows 200000] [--kills 20] [--seed 19] [--reports]
        [--collector-kills 10] [--spans-per-request 50] [--generate-kills 8] [--generate-events 300000]
        (--files 0: skip the ingest section)

Ingests `files` Parquet files of `rows` distinct events each (spread over five days) with `netra ingest`,
killing runs with SIGKILL at random times (half of the kills aimed just inside the move, when the run's
write marker appears) and retrying a file until a run of it succeeds, as a user would. With `--reports`,
a `netra report run weekly_cost_report` is started and killed between files. After every kill a fresh session on the
store (which recovers unfinished writes) must find the raw events equal to the rows acknowledged so far
(plus at most the whole file being retried) and the roll-ups equal to the raw events per org and day.

Figures: kills (by process, and how many landed inside the move), rows acknowledged, raw rows, roll-up
rows, org-days of drift, and the violations found (none is the pass mark). The harness is
tests/helpers/faults.py; a new kind of process joins it as a `Victim`.

With `--collector-kills N`, a `netra collect` in a data directory of its own is killed N times (half of the
kills aimed at a batch's move into the store) while a sender posts OTLP/protobuf requests of
`--spans-per-request` spans and records which got a 200; after a SIGTERM drain every acknowledged span must be
stored once, every request whole or not at all, roll-ups equal to raw (tests/helpers/collector_faults.py).

With `--generate-kills N`, `netra generate --replace` (the Data page's Generate, `save_generated`, in a process
of its own) is killed N times at seeded moments in the seconds after it opens the store; after each kill the
org must hold all of a generation or none, roll-ups equal to raw; a last unkilled run must be stored exactly.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from random import Random

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_ingest import make_frame
from netra_core.workloads.store import WorkloadStore, query_rows
from tests.helpers.collector_faults import run_collector_faults
from tests.helpers.faults import (
    NETRA,
    fetch_store_state,
    generate_victim,
    report_victim,
    run_and_maybe_kill,
    run_ingest_faults,
)

ORG = "bench"


def main() -> None:
    """Run the kill loop and print its figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=6)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--reports", action="store_true", help="also kill report runs between files")
    parser.add_argument("--collector-kills", type=int, default=0, help="also kill `netra collect` this many times")
    parser.add_argument("--spans-per-request", type=int, default=50)
    parser.add_argument("--generate-kills", type=int, default=0, help="also kill `netra generate` this many times")
    parser.add_argument("--generate-events", type=int, default=300_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="netra-faults-"))
    try:
        result: dict[str, object] = {"benchmark": "faults", "seed": args.seed}
        if args.files:
            result["ingest"] = _ingest_faults(args, tmp)
        if args.collector_kills:
            result["collector"] = _collector_faults(args, tmp / "collector")
        if args.generate_kills:
            result["generate"] = _generate_faults(args, tmp / "generate")
        print(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _collector_faults(args: argparse.Namespace, tmp: Path) -> dict[str, object]:
    data = tmp / "data"
    env = {"NETRA_DATA_DIR": str(data)}
    subprocess.run([NETRA, "db", "upgrade"], env={**os.environ, **env}, check=True, capture_output=True)
    started = time.perf_counter()
    run = run_collector_faults(
        env, data, ORG, Random(args.seed), tmp, kills=args.collector_kills, spans_per_request=args.spans_per_request
    )
    return {
        "spans_per_request": args.spans_per_request,
        **run.as_dict(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _generate_faults(args: argparse.Namespace, tmp: Path) -> dict[str, object]:
    data = tmp / "data"
    env = {"NETRA_DATA_DIR": str(data)}
    subprocess.run([NETRA, "db", "upgrade"], env={**os.environ, **env}, check=True, capture_output=True)
    url, events = f"chdb://{data / 'workloads'}", args.generate_events
    victim = generate_victim(ORG, events, data / ".workloads.lock")
    rng, violations, kills = Random(args.seed), [], 0
    started = time.perf_counter()
    for attempt in range(args.generate_kills):
        run = run_and_maybe_kill(victim, attempt, env, rng.uniform(0.0, 2.0 + events / 50_000), aim_at_marker=True)
        kills += run.killed
        state = fetch_store_state(url)
        print(
            f"generate killed={run.killed} {run.seconds:5.1f}s raw={state.raw:,} hourly={state.hourly:,}",
            file=sys.stderr,
        )
        if state.raw not in {0, events} or not state.raw == state.hourly == state.daily or state.drift:
            violations.append(
                f"after kill {attempt + 1}: raw {state.raw:,}, hourly {state.hourly:,}, daily {state.daily:,}"
            )
    done = run_and_maybe_kill(victim, 10_000, env, None)
    final = fetch_store_state(url)
    if done.returncode != 0 or not final.raw == final.hourly == final.daily == done.acknowledged == events:
        violations.append(f"final: rc {done.returncode}, acknowledged {done.acknowledged:,}, raw {final.raw:,}")
    with WorkloadStore(url).session() as client:
        rolled_back = int(query_rows(client, "SELECT countIf(state = 'rolled_back') FROM netra_write_journal")[0][0])
    return {
        "events_per_run": events,
        "kills": kills,
        "kills_inside_insert_rolled_back": rolled_back,
        "rows_acknowledged": done.acknowledged,
        "raw_rows": final.raw,
        "rollup_rows_hourly": final.hourly,
        "rollup_rows_daily": final.daily,
        "drift_org_days": len(final.drift),
        "violations": violations,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _ingest_faults(args: argparse.Namespace, tmp: Path) -> dict[str, object]:
    files = []
    for i in range(args.files):
        frame = make_frame(args.rows, seed=100 + i)
        frame["event_id"] = f"f{i}-" + frame["event_id"]
        frame["ts"] = pd.Timestamp("2026-11-20", tz="UTC") + pd.to_timedelta(
            frame.index.to_series() % (5 * 86_400_000), unit="ms"
        )
        path = tmp / f"events{i}.parquet"
        frame.to_parquet(path, index=False)
        files.append((path, args.rows))
    data = tmp / "data"
    env = {"NETRA_DATA_DIR": str(data)}
    subprocess.run(
        [NETRA, "up", "--no-serve", "--demo-events", "0"], env={**os.environ, **env}, check=True, capture_output=True
    )
    # The org must exist in the app database for its files to be ingested and its report to run.
    subprocess.run([NETRA, "orgs", "add", ORG], env={**os.environ, **env}, check=True, capture_output=True)
    subprocess.run(
        [NETRA, "users", "add", "analyst", "--org", ORG, "--role", "analyst", "--password-stdin"],
        env={**os.environ, **env},
        input="a-long-enough-password\n",
        text=True,
        check=True,
        capture_output=True,
    )
    started = time.perf_counter()
    between = [report_victim(ORG, tmp / "reports", data / ".workloads.lock")] if args.reports else []
    run = run_ingest_faults(
        files,
        ORG,
        env,
        f"chdb://{data / 'workloads'}",
        data / ".workloads.writes",
        Random(args.seed),
        kill_share=0.75,
        max_kills=args.kills,
        typical_s=_typical_seconds(args.rows),
        between=between,
        on_attempt=lambda a: print(
            f"{a.victim:<7} killed={a.killed!s:<5} in_move={a.in_critical_section!s:<5} rc={a.returncode} "
            f"{a.seconds:5.1f}s acked={a.acknowledged:,}",
            file=sys.stderr,
        ),
    )
    return {
        "files": args.files,
        "rows_per_file": args.rows,
        **run.as_dict(),
        "staging_left": sorted(p.name for p in (data / "staging").iterdir()) if (data / "staging").exists() else [],
        "seconds": round(time.perf_counter() - started, 1),
    }


def _typical_seconds(rows: int) -> float:
    """A run's length on 2 cores: about 2 s to start, then about 250 k rows/s."""
    return 2.0 + rows / 250_000


if __name__ == "__main__":
    main()
