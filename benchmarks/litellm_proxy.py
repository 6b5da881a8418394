"""LiteLLM's proxy (`litellm --config`, from .venv-litellm: `make litellm-proxy`) serving a config Netra exported.

The gateway benchmark measures it; tests/test_litellm_proxy.py routes a request through it by an exported policy.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from benchmarks.processes import ROOT, base_env, free_port, run_process

LITELLM = ROOT / ".venv-litellm" / "bin" / "litellm"


def compute_proxy_config(config: dict[str, Any], upstream: str, master_key: str) -> dict[str, Any]:
    """The exported config with every deployment's `api_base` pointed at `upstream` and the proxy's master key."""
    out = copy.deepcopy(config)
    for deployment in out["model_list"]:
        deployment["litellm_params"]["api_base"] = upstream
    out["general_settings"] = {**out.get("general_settings", {}), "master_key": master_key}
    return out


@contextmanager
def run_litellm_proxy(
    config: dict[str, Any], workdir: Path, *, upstream_key: str, port: int | None = None, timeout_s: float = 180
) -> Iterator[tuple[str, int]]:
    """LiteLLM's proxy serving `config` on 127.0.0.1 for the block; yields its base URL and pid. Its log is
    workdir/litellm.log; it is stopped however the block ends."""
    if not LITELLM.exists():
        raise FileNotFoundError(f"{LITELLM} is missing: run `make litellm-proxy` first")
    port = port or free_port()
    path = workdir / "litellm.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    env = {**base_env(), "LITELLM_LOCAL_MODEL_COST_MAP": "True", "OPENAI_API_KEY": upstream_key}
    env.pop("PYTHONPATH")  # the proxy runs from its own venv, not this tree
    cmd = [str(LITELLM), "--config", str(path), "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    with run_process(cmd, env, workdir / "litellm.log", f"{url}/health/liveliness", timeout_s=timeout_s) as proc:
        yield url, proc.pid
