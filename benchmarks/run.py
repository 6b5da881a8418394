"""`make bench`: run every benchmark in its own process and print one JSON document of all results.

Each benchmarks/bench_*.py prints one JSON document on stdout. Results are also written to
benchmarks/results/latest.json (ignored by git); benchmarks/README.md quotes them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    names = sys.argv[1:] or sorted(p.stem for p in HERE.glob("bench_*.py"))
    out: dict[str, object] = {}
    for name in names:
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        proc = subprocess.run(
            [sys.executable, "-m", f"benchmarks.{name}"], cwd=HERE.parent, capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            out[name] = {
                "error": proc.stderr.strip().splitlines()[-5:],
                "seconds": round(time.perf_counter() - started, 1),
            }
            continue
        try:
            out[name] = json.loads(proc.stdout)
        except json.JSONDecodeError:
            out[name] = {"error": "did not print JSON", "stdout_tail": proc.stdout[-500:]}
    document = json.dumps(out, indent=2)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(document)
    print(document)


if __name__ == "__main__":
    main()
