"""Gateway speed: latency added by `netra gateway` and by LiteLLM's proxy over the same upstream, and requests/s.

    .venv/bin/python -m benchmarks.bench_gateway [--quick] [--repeats 3] [--latency-requests 200] [--duration 3]
    .venv/bin/python -m benchmarks.bench_gateway --interleaved [--netra-src-b OTHER_TREE] [--skip-litellm]

Four kinds of process, each its own: a fixed-latency upstream (benchmarks/gateway_upstream.py, 20 ms),
`netra gateway` (a fresh data dir: app database in SQLite with an org, a key, an active policy version
and an org budget; the embedded chdb store; the spool on), LiteLLM's proxy (`litellm --config` with
the config `compute_litellm_config` exports for the same policy, each deployment's `api_base` pointed
at the upstream, a master key; run from .venv-litellm, see `make litellm-proxy`), and the load
generator (benchmarks/gateway_load.py): httpx, which the OpenAI and Anthropic SDKs use, for latency;
aiohttp at saturation, where httpx's own pool would be the bottleneck (see gateway_load.py). The same
chat request (a system and a user message, `max_tokens` 200) goes to each; only the model name and
the key differ, as each target needs.

Added latency: at concurrency 1, `--latency-requests` calls per target, streamed and not; the target's
p50/p99 minus the direct upstream's, from runs interleaved with the direct ones. Saturation: 64
concurrent connections for `--duration` s; requests/s, and the CPU each process used in that window.
Every figure is the median over `--repeats` rounds; each round runs the targets in a rotated order.

Streams are measured against two direct calls (BASELINE_NOTES): `direct`, the client's request as it is,
and `direct_usage`, the same asking for usage (`stream_options.include_usage`) as the gateway asks the
upstream; `--usage-chunk` says when the upstream sends that usage chunk (benchmarks/gateway_upstream.py).

`--interleaved` measures latency only, and finer: one load generator (benchmarks/gateway_interleaved.py)
calls every target in turn, one request each, streamed and not, `--latency-requests` cycles a round, so
every target sees the same moments of the machine's load. Per target and mode it reports p50/p99, the
added p50/p99 over the direct call, and the median of the paired differences (call i of a target minus
the direct call of the same cycle); and CPU ms per call of each process over the round (a gateway's with
and without its writer process). `--netra-src-b` runs a second gateway from another tree beside the first
(target `netra_b`, also paired with `netra`): an A/B of two versions in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import machine
from benchmarks.gateway_interleaved import Calls, summarise_round, summarise_rounds
from benchmarks.gateway_upstream import USAGE_CHUNK_TIMINGS
from benchmarks.litellm_proxy import LITELLM, compute_proxy_config, run_litellm_proxy
from benchmarks.processes import ROOT, base_env, free_port, run_process
from netra_core.optimizer.policy import RouteRule, RouteTarget, RoutingPolicy, compute_litellm_config
from netra_core.optimizer.segments import PromptBuckets

TARGETS = ("direct", "netra", "litellm")
# What a target's added latency is measured against. A stream through the gateway asks the upstream for its usage
# (`stream_options.include_usage`), which the client's own call may not: so streams are measured against both.
BASELINES = ("direct", "direct_usage")
BASELINE_NOTES = {
    "direct": "the upstream called directly with the client's request (a stream without usage)",
    "direct_usage": "streams only: the upstream called directly with stream_options.include_usage, as the "
    "gateway calls it",
}
LATENCY_TARGETS = {"non_streamed": TARGETS, "streamed": (*TARGETS, "direct_usage")}
MODES = ("non_streamed", "streamed")
MASTER_KEY = "sk-bench-master-0123456789abcdef0123456789abcdef"
UPSTREAM_KEY = "sk-bench-upstream"
TICK = os.sysconf("SC_CLK_TCK")
BODY = {
    "messages": [
        {"role": "system", "content": "You are a support agent for an online shop. Answer briefly and politely."},
        {
            "role": "user",
            "content": "Hello, I ordered a pair of running shoes last week (order 1234) and returned "
            "them on Monday because they were too small. When will the refund reach my "
            "card, and will the shipping cost be refunded as well?",
        },
    ],
    "max_tokens": 200,
    "temperature": 0,
}


def make_bench_policy(org: str) -> RoutingPolicy:
    """support/chat/short -> gpt-4o-mini, support/summarize/short split in two, everything else gpt-4o."""
    return RoutingPolicy(
        org_id=org,
        quality_floor=0.9,
        buckets=PromptBuckets(),
        rules=(
            RouteRule("support", "chat", "short", (RouteTarget("openai", "gpt-4o-mini"),), requests=100),
            RouteRule(
                "support",
                "summarize",
                "short",
                (RouteTarget("openai", "gpt-4o-mini", 0.5), RouteTarget("openai", "gpt-4.1-mini", 0.5)),
                requests=50,
            ),
        ),
        default=RouteTarget("openai", "gpt-4o"),
    )


def _cpu_seconds(pid: int, *, descendants: bool = True) -> float:
    """CPU time of a process and (unless told not to) its descendants (LiteLLM may run workers; the gateway runs
    its writer in a child), in seconds."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
        if descendants:
            todo += children.get(p, [])
    return total


def _setup_netra(data_dir: Path, upstream: str, src: Path) -> tuple[dict[str, str], str]:
    """A migrated data dir with org `bench`, its key, an active policy and an org budget; the gateway's env.

    `src` holds the `netra_core` (and `migrations`) to run: this tree, or an older commit's to compare with.
    """
    env = base_env()
    env["PYTHONPATH"] = f"{src}{os.pathsep}{ROOT}"
    env.update(
        {
            "NETRA_DATA_DIR": str(data_dir),
            "NETRA_ENV": "test",
            "NETRA_LOG_LEVEL": "WARNING",
            "NETRA_GATEWAY_UPSTREAMS": json.dumps({"openai": {"base_url": upstream, "api_key": UPSTREAM_KEY}}),
        }
    )
    script = (
        "import sys\n"
        "from netra_core.cli import upgrade_all\n"
        "from netra_core.config import get_settings\n"
        "from netra_core.db.budgets import save_budget\n"
        "from netra_core.db.engine import make_session_factory\n"
        "from netra_core.db.keys import save_api_key\n"
        "from netra_core.db.orgs import save_org\n"
        "from netra_core.db.policies import save_policy_version\n"
        "from netra_core.stores import make_app_engine\n"
        "from benchmarks.bench_gateway import make_bench_policy\n"
        "settings = get_settings()\n"
        "upgrade_all(settings)\n"
        "engine = make_app_engine(settings)\n"
        "with make_session_factory(engine).begin() as s:\n"
        "    save_org(s, 'bench')\n"
        "    token = save_api_key(s, 'bench', 'support').token\n"
        "    save_policy_version(s, 'bench', make_bench_policy('bench'), activate=True)\n"
        "    save_budget(s, 'bench', scope='org', period='monthly', soft_limit_usd=1e6, hard_limit_usd=2e6)\n"
        "print(token)\n"
    )
    # cwd is `src`: `python -c` puts the working directory first on sys.path.
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=src, check=True, capture_output=True, text=True)
    return env, out.stdout.strip().splitlines()[-1]


def _litellm_config(upstream: str) -> tuple[dict[str, Any], str]:
    """The exported config, its deployments pointed at the upstream, and the model group of support/chat."""
    config = compute_litellm_config(make_bench_policy("bench"))
    rule = next(r for r in config["netra_routing"]["rules"] if (r["workload"], r["task_type"]) == ("support", "chat"))
    return compute_proxy_config(config, upstream, MASTER_KEY), str(rule["model_group"])


def _generate(
    cmd: list[str], pids: dict[str, int], own: dict[str, int] | None = None
) -> tuple[dict[str, Any], dict[str, float], float]:
    """Run a load generator (it prints START, END, then its JSON result); the result, the CPU seconds each process
    in `pids` (with its descendants), in `own` (without) and the generator used between START and END, and that
    window's wall seconds."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=base_env(), stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    watched = {**pids, "load_generator": proc.pid}
    alone = own or {}
    before: dict[str, float] = {}
    used: dict[str, float] = {}
    started = wall = 0.0
    result: dict[str, Any] = {}
    for line in proc.stdout:
        word = line.strip()
        if word == "START":
            started = time.perf_counter()
            before = {name: _cpu_seconds(pid) for name, pid in watched.items()}
            before |= {name: _cpu_seconds(pid, descendants=False) for name, pid in alone.items()}
        elif word == "END":
            wall = time.perf_counter() - started
            used = {name: _cpu_seconds(pid) - before[name] for name, pid in watched.items()}
            used |= {name: _cpu_seconds(pid, descendants=False) - before[name] for name, pid in alone.items()}
        elif word.startswith("{"):
            result = json.loads(word)
    if proc.wait() != 0 or not result:
        raise RuntimeError(f"load generator failed: {cmd}")
    return result, used, wall


def _measure(
    spec: Path,
    pids: dict[str, int],
    *,
    client: str,
    concurrency: int,
    stream: bool,
    requests: int | None = None,
    duration: float | None = None,
) -> dict[str, Any]:
    """One load-generator run; the cores each process in `pids` (and the generator) used over the measured part."""
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.gateway_load",
        "--spec",
        str(spec),
        "--concurrency",
        str(concurrency),
        "--client",
        client,
    ]
    cmd += ["--stream"] if stream else []
    cmd += ["--requests", str(requests)] if requests is not None else ["--duration", str(duration)]
    result, used, wall = _generate(cmd, pids)
    result["cores_used"] = {name: round(seconds / wall, 2) for name, seconds in used.items()}
    return result


def _value(run: dict[str, Any], *path: str) -> float | None:
    """The figure at `path`, or None where the run has none (no call of that kind completed in its window)."""
    node: Any = run
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return float(node)


def _added(runs: list[dict[str, Any]], target: str, part: str, q: str, base: str = "direct") -> float | None:
    """The median over rounds of the target's figure minus the baseline's (rounds lacking either skipped)."""
    diffs = []
    for r in runs:
        mine, direct = _value(r, target, part, q), _value(r, base, part, q)
        if mine is not None and direct is not None:
            diffs.append(mine - direct)
    return round(float(statistics.median(diffs)), 3) if diffs else None


def _median(runs: list[dict[str, Any]], *path: str) -> float | None:
    """The median over rounds, None when no round has the figure."""
    values = [v for v in (_value(r, *path) for r in runs) if v is not None]
    return round(statistics.median(values), 3) if values else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def _below(value: float | None, limit: float) -> bool | None:
    return None if value is None else value < limit


def _ratio_met(ratio: float | None) -> bool | None:
    return None if ratio is None else ratio >= 2.0


def summarise(latency: dict[str, list[dict[str, Any]]], saturation: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Medians over rounds, latency added over direct, and the Netra / LiteLLM ratios."""
    out: dict[str, Any] = {"latency_ms": {}, "saturation": {}, "netra_vs_litellm": {}}
    for mode in MODES:
        runs = latency[mode]
        block: dict[str, Any] = {}
        for target in (t for t in LATENCY_TARGETS[mode] if t in runs[0]):
            row: dict[str, Any] = {
                "p50": _median(runs, target, "total", "p50_ms"),
                "p99": _median(runs, target, "total", "p99_ms"),
            }
            if mode == "streamed":
                row["first_bytes_p50"] = _median(runs, target, "first_bytes", "p50_ms")
            # Against each baseline run in this mode (a baseline only against those before it).
            bases = [b for b in BASELINES if b in runs[0]]
            for base in bases[: bases.index(target)] if target in bases else bases:
                suffix = "" if base == "direct" else f"_vs_{base}"
                row[f"added_p50{suffix}"] = _added(runs, target, "total", "p50_ms", base)
                row[f"added_p99{suffix}"] = _added(runs, target, "total", "p99_ms", base)
                if mode == "streamed":
                    row[f"added_first_bytes_p50{suffix}"] = _added(runs, target, "first_bytes", "p50_ms", base)
            row["errors"] = sum(r[target]["errors"] for r in runs)
            block[target] = row
        out["latency_ms"][mode] = block
        sat: dict[str, Any] = {}
        for target in TARGETS:
            rs = saturation[mode]
            rps = _median(rs, target, "requests_per_s")
            row = {
                "requests_per_s": rps,
                "p50_ms": _median(rs, target, "total", "p50_ms"),
                "p99_ms": _median(rs, target, "total", "p99_ms"),
                "errors": sum(r[target]["errors"] for r in rs),
                "cores_used": {name: _median(rs, target, "cores_used", name) for name in rs[0][target]["cores_used"]},
            }
            if target != "direct":
                cores = row["cores_used"].get(target)
                row["cpu_ms_per_request"] = round(cores * 1000 / rps, 3) if rps and cores is not None else None
            sat[target] = row
        out["saturation"][mode] = sat
        out["netra_vs_litellm"][mode] = {
            "requests_per_s_ratio": _ratio(sat["netra"]["requests_per_s"], sat["litellm"]["requests_per_s"]),
            "cpu_per_request_ratio": _ratio(sat["netra"]["cpu_ms_per_request"], sat["litellm"]["cpu_ms_per_request"]),
            "added_p50_ms": [block["netra"]["added_p50"], block["litellm"]["added_p50"]],
        }
    out["targets"] = {"added_p50_ms": 2.0, "added_p99_ms": 10.0, "requests_per_s_vs_litellm": 2.0}
    out["baselines"] = BASELINE_NOTES
    out["met"] = {}
    for mode in MODES:
        netra = out["latency_ms"][mode]["netra"]
        for base in BASELINES:
            suffix = "" if base == "direct" else f"_vs_{base}"
            if f"added_p50{suffix}" in netra:
                out["met"][f"{mode}_added_p50_vs_{base}"] = _below(netra[f"added_p50{suffix}"], 2.0)
                out["met"][f"{mode}_added_p99_vs_{base}"] = _below(netra[f"added_p99{suffix}"], 10.0)
        ratio = out["netra_vs_litellm"][mode]["requests_per_s_ratio"]
        out["met"][f"{mode}_requests_per_s_vs_litellm"] = _ratio_met(ratio)
    return out


@dataclass
class Serving:
    """The processes of one run: what to send each target, and the processes that serve it."""

    root: Path
    specs: dict[str, dict[str, Any]]  # target -> {url, headers, body}
    pids: dict[str, dict[str, int]]  # target -> {process name: pid}, the upstream left out
    upstream_pid: int
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)  # per gateway, once stopped

    def spec_path(self, target: str) -> Path:
        """The target's spec as a file for gateway_load."""
        path = self.root / f"{target}.json"
        if not path.exists():
            path.write_text(json.dumps(self.specs[target]))
        return path


def _start_gateway(
    stack: ExitStack, root: Path, name: str, src: Path, upstream: str
) -> tuple[dict[str, Any], int, Path]:
    """A `netra gateway` from `src` on a fresh data dir: its spec, its pid and where it writes its status."""
    port = free_port()
    data = root / f"{name}-data"
    env, token = _setup_netra(data, upstream, src)
    proc = stack.enter_context(
        run_process(
            [sys.executable, "-c", "from netra_core.cli import main; main()", "gateway", "--port", str(port)],
            env,
            root / f"{name}.log",
            f"http://127.0.0.1:{port}/health",
            cwd=src,
        )
    )
    spec = {
        "url": f"http://127.0.0.1:{port}/v1/chat/completions",
        "headers": {"authorization": f"Bearer {token}", "x-netra-workload": "support", "x-netra-task": "chat"},
        "body": {"model": "gpt-4o-mini", **BODY},
    }
    return spec, proc.pid, data / "gateway_status.json"


@contextmanager
def _serving(args: argparse.Namespace, gateways: dict[str, Path], *, with_litellm: bool) -> Iterator[Serving]:
    """The upstream, a gateway per entry of `gateways` (target name -> source tree) and LiteLLM's proxy, each its
    own process, for the block; afterwards (all stopped) `statuses` holds each gateway's final status."""
    with tempfile.TemporaryDirectory(prefix="netra-bench-gateway-") as tmp:
        root = Path(tmp)
        status_files: dict[str, Path] = {}
        with ExitStack() as stack:
            port = free_port()
            upstream = f"http://127.0.0.1:{port}/v1"
            cmd = [sys.executable, "-m", "benchmarks.gateway_upstream", "--port", str(port)]
            cmd += ["--latency-ms", str(args.latency_ms), "--usage-chunk", args.usage_chunk]
            up = stack.enter_context(run_process(cmd, base_env(), root / "upstream.log", f"{upstream}/models"))
            specs: dict[str, dict[str, Any]] = {
                "direct": {
                    "url": f"{upstream}/chat/completions",
                    "headers": {"authorization": f"Bearer {UPSTREAM_KEY}"},
                    "body": {"model": "gpt-4o-mini", **BODY},
                }
            }
            # Streams only (gateway_load adds `stream`; OpenAI refuses stream_options on a call that does not stream).
            specs["direct_usage"] = {
                **specs["direct"],
                "body": {**specs["direct"]["body"], "stream_options": {"include_usage": True}},
            }
            pids: dict[str, dict[str, int]] = {"direct": {}, "direct_usage": {}}
            for name, src in gateways.items():
                specs[name], pid, status_files[name] = _start_gateway(stack, root, name, src.resolve(), upstream)
                pids[name] = {name: pid}
            if with_litellm:
                config, group = _litellm_config(upstream)
                litellm_url, litellm_pid = stack.enter_context(
                    run_litellm_proxy(config, root, upstream_key=UPSTREAM_KEY, port=free_port())
                )
                specs["litellm"] = {
                    "url": f"{litellm_url}/v1/chat/completions",
                    "headers": {"authorization": f"Bearer {MASTER_KEY}"},
                    "body": {"model": group, **BODY},
                }
                pids["litellm"] = {"litellm": litellm_pid}
            serving = Serving(root, specs, pids, up.pid)
            yield serving
        # Every process stopped: the gateways wrote their final status as they stopped.
        for name, path in status_files.items():
            serving.statuses[name] = json.loads(path.read_text()) if path.exists() else {}


def _src_label(src: Path) -> str:
    return "this tree" if src.resolve() == ROOT else str(src)


def _status_counts(status: dict[str, Any]) -> dict[str, Any]:
    return {k: status.get(k) for k in ("requests", "ok", "failed", "events_written")}


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Start the four processes, measure in rounds, summarise."""
    if not LITELLM.exists():
        raise SystemExit(f"{LITELLM} is missing: run `make litellm-proxy` first")
    settings = {
        "latency_client": "httpx",
        "saturation_client": "aiohttp",
        "netra_src": _src_label(args.netra_src),
        "upstream_latency_ms": args.latency_ms,
        "upstream_usage_chunk": args.usage_chunk,
        "latency_concurrency": args.latency_concurrency,
        "latency_requests": args.latency_requests,
        "saturation_concurrency": args.concurrency,
        "saturation_seconds": args.duration,
        "repeats": args.repeats,
        "quick": args.quick,
    }
    latency: dict[str, list[dict[str, Any]]] = {m: [] for m in MODES}
    saturation: dict[str, list[dict[str, Any]]] = {m: [] for m in MODES}
    load = [round(os.getloadavg()[0], 2)]
    with _serving(args, {"netra": args.netra_src}, with_litellm=True) as serving:
        for rnd in range(args.repeats):
            for mode in MODES:
                targets = LATENCY_TARGETS[mode]
                order = targets[rnd % len(targets) :] + targets[: rnd % len(targets)]
                runs = {
                    t: _measure(
                        serving.spec_path(t),
                        {"upstream": serving.upstream_pid, **serving.pids[t]},
                        client="httpx",
                        concurrency=args.latency_concurrency,
                        stream=mode == "streamed",
                        requests=args.latency_requests,
                    )
                    for t in order
                }
                latency[mode].append(runs)
            order = TARGETS[rnd % 3 :] + TARGETS[: rnd % 3]
            for mode in MODES:
                runs = {
                    t: _measure(
                        serving.spec_path(t),
                        {"upstream": serving.upstream_pid, **serving.pids[t]},
                        client="aiohttp",
                        concurrency=args.concurrency,
                        stream=mode == "streamed",
                        duration=args.duration,
                    )
                    for t in order
                }
                saturation[mode].append(runs)
            load.append(round(os.getloadavg()[0], 2))
            print(f"round {rnd + 1}/{args.repeats} done", file=sys.stderr, flush=True)
    return {
        "settings": settings,
        "load_average_1m": load,
        **summarise(latency, saturation),
        "netra_status_at_end": _status_counts(serving.statuses["netra"]),
        "rounds": {"latency": latency, "saturation": saturation},
    }


def run_interleaved(args: argparse.Namespace) -> dict[str, Any]:
    """Every target called in turn at concurrency 1 (benchmarks/gateway_interleaved.py), in rounds; no saturation."""
    gateways = {"netra": args.netra_src}
    if args.netra_src_b is not None:
        gateways["netra_b"] = args.netra_src_b
    with_litellm = not args.skip_litellm
    if with_litellm and not LITELLM.exists():
        raise SystemExit(f"{LITELLM} is missing: run `make litellm-proxy` first (or pass --skip-litellm)")
    settings = {
        "mode": "interleaved",
        "latency_client": "httpx",
        "netra_src": _src_label(args.netra_src),
        "netra_b_src": None if args.netra_src_b is None else _src_label(args.netra_src_b),
        "upstream_latency_ms": args.latency_ms,
        "upstream_usage_chunk": args.usage_chunk,
        "calls_per_target_and_mode_per_round": args.latency_requests,
        "repeats": args.repeats,
        "quick": args.quick,
    }
    rounds: list[dict[str, Any]] = []
    raw: list[dict[str, Any]] = []
    load = [round(os.getloadavg()[0], 2)]
    with _serving(args, gateways, with_litellm=with_litellm) as serving:
        arms = [
            {"target": t, "mode": mode, **spec}
            for mode in MODES
            for t, spec in serving.specs.items()
            if t in LATENCY_TARGETS[mode] or t not in BASELINES
        ]
        arms_path = serving.root / "arms.json"
        arms_path.write_text(json.dumps(arms))
        pids = {"upstream": serving.upstream_pid}
        for target_pids in serving.pids.values():
            pids.update(target_pids)
        cmd = [sys.executable, "-m", "benchmarks.gateway_interleaved", "--arms", str(arms_path)]
        cmd += ["--requests", str(args.latency_requests)]
        # A gateway's CPU with its writer process (its child) and without it.
        own = {f"{name}_without_writer": serving.pids[name][name] for name in gateways}
        for rnd in range(args.repeats):
            result, used, _ = _generate(cmd, pids, own)
            summary = summarise_round(result["calls"], BASELINES, (("netra_b", "netra"),))
            summary["cpu_ms_per_call"] = _cpu_per_call(result["calls"], used)
            rounds.append(summary)
            raw.append(result)
            load.append(round(os.getloadavg()[0], 2))
            print(f"round {rnd + 1}/{args.repeats} done", file=sys.stderr, flush=True)
    merged = summarise_rounds(rounds)
    cpu = merged.pop("cpu_ms_per_call")
    out = {
        "settings": settings,
        "load_average_1m": load,
        "latency_ms": merged,
        "cpu_ms_per_call": cpu,
        "targets": {"added_p50_ms": 2.0, "added_p99_ms": 10.0},
        "baselines": BASELINE_NOTES,
        "met": _interleaved_met(merged),
        "gateway_status_at_end": {name: _status_counts(status) for name, status in serving.statuses.items()},
        "rounds": rounds,
    }
    if args.raw_out is not None:
        args.raw_out.write_text(json.dumps(raw))
    return out


def _cpu_per_call(calls: Calls, used: dict[str, float]) -> dict[str, float]:
    """CPU ms per call of each process over a run's timed cycles: a gateway's or LiteLLM's over its own target's
    calls (both modes; its background work included), the upstream's and the generator's over all calls."""
    counts: dict[str, int] = {}
    for targets in calls.values():
        for target, row in targets.items():
            counts[target] = counts.get(target, 0) + len(row["total_ms"])
    total = sum(counts.values())
    return {
        name: round(seconds * 1000 / (counts.get(name.removesuffix("_without_writer")) or total), 3)
        for name, seconds in used.items()
    }


def _interleaved_met(merged: dict[str, Any]) -> dict[str, bool | None]:
    """The targets against each baseline, from the added p50/p99 (medians over rounds)."""
    met: dict[str, bool | None] = {}
    for mode in MODES:
        for ref, vs in merged.get(mode, {}).get("netra", {}).get("vs", {}).items():
            if ref in BASELINES:
                met[f"{mode}_added_p50_vs_{ref}"] = _below(vs.get("added_p50"), 2.0)
                met[f"{mode}_added_p99_vs_{ref}"] = _below(vs.get("added_p99"), 10.0)
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one round, 60 timed calls, 2 s of saturation")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument(
        "--usage-chunk",
        choices=USAGE_CHUNK_TIMINGS,
        default="with-finish",
        help="when the upstream sends a stream's usage chunk: in the finish chunk's write, as OpenAI's API does "
        "(default), or 1 ms after it like every chunk (`spaced`: the upstream of the figures before 2026-12-07 "
        "afternoon); see benchmarks/gateway_upstream.py",
    )
    parser.add_argument("--latency-concurrency", type=int, default=1)
    parser.add_argument("--latency-requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument(
        "--netra-src",
        type=Path,
        default=ROOT,
        help="a tree with netra_core/ and migrations/ to run the gateway from (e.g. an older commit's, "
        "from `git archive`)",
    )
    parser.add_argument(
        "--interleaved",
        action="store_true",
        help="latency only: the targets called in turn at concurrency 1, one call each, paired per cycle",
    )
    parser.add_argument(
        "--netra-src-b",
        type=Path,
        help="with --interleaved: a second tree whose gateway (target netra_b) runs beside --netra-src's, an A/B",
    )
    parser.add_argument("--skip-litellm", action="store_true", help="with --interleaved: leave LiteLLM's proxy out")
    parser.add_argument("--raw-out", type=Path, help="with --interleaved: write every call's times there (JSON)")
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.latency_requests, args.duration = 1, 60, 2.0
    if not args.interleaved and (args.netra_src_b is not None or args.skip_litellm or args.raw_out is not None):
        parser.error("--netra-src-b, --skip-litellm and --raw-out need --interleaved")
    started = time.perf_counter()
    result = run_interleaved(args) if args.interleaved else run(args)
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps({"benchmark": "gateway", "machine": machine(), **result}, indent=2))


if __name__ == "__main__":
    main()
