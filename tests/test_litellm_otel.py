"""LiteLLM's own OpenTelemetry callback, live into `netra collect`: the spans a LiteLLM user sends land as events.

The real `litellm` package (its venv, `make litellm-proxy`) calls a scripted OpenAI-compatible server on 127.0.0.1
with its `otel` callback exporting over OTLP/HTTP to a collector subprocess, with an ingest key as its bearer token
(tests/litellm_otel_client.py). LiteLLM writes a `litellm_request` span per call (its cost as
`gen_ai.cost.total_cost`, finish reasons as the JSON text of an array) and a `raw_gen_ai_request` child span with
the provider's raw payload: one event per call, never two, the failure counted as an error of its own type.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from benchmarks.litellm_proxy import LITELLM
from netra_core.config import get_settings
from netra_core.stores import make_store
from netra_core.workloads.store import query_rows
from tests.agents.scripted_server import run_scripted_server, status, stream_text
from tests.conftest import IS_CI
from tests.test_collector_e2e import LiveCollector, collector  # noqa: F401  # the fixture

pytestmark = pytest.mark.litellm_proxy
PYTHON = LITELLM.with_name("python")  # LiteLLM's venv
CLIENT = Path(__file__).with_name("litellm_otel_client.py")
COLUMNS = "model, provider, operation, status, error_type, prompt_tokens, completion_tokens, usage_known, "
COLUMNS += "finish_reason, cost_usd, cost_source, workload"


def _events() -> list[dict[str, object]]:
    names = [c.strip() for c in COLUMNS.split(",")]
    with make_store(get_settings()).session() as client:
        rows = query_rows(
            client,
            f"SELECT {COLUMNS} FROM workload_events WHERE org_id = {{org:String}} ORDER BY status DESC",
            {"org": "acme"},
        )
    return [dict(zip(names, row, strict=True)) for row in rows]


def test_litellm_otel_callback_spans_land_once_each_with_cost_and_failure(collector: LiveCollector) -> None:  # noqa: F811
    if not PYTHON.exists():
        message = f"LiteLLM is not installed at {PYTHON}: run `make litellm-proxy`"
        if IS_CI:
            pytest.fail(message)
        pytest.skip(message)
    script = [stream_text("hello there", prompt_tokens=111, completion_tokens=22), status(429, "slow down")]
    with run_scripted_server(script) as server:
        run = subprocess.run(
            [
                str(PYTHON),
                str(CLIENT),
                server.base_url,
                f"{collector.endpoint}/v1/traces",
                collector.key,
                "stream",
                "fail",
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env=os.environ | {"LITELLM_LOCAL_MODEL_COST_MAP": "True"},  # its bundled prices: no fetch to try
        )
    assert run.returncode == 0, run.stderr[-3000:]
    ended = json.loads(run.stdout.strip().splitlines()[-1])
    assert ended["flushed"] and [e["ok"] for e in ended["ended"]] == [True, False]
    assert ended["ended"][0]["text"] == "hello there"
    deadline = time.monotonic() + 10
    while len(_events()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # anything more (a raw_gen_ai_request counted as a second call) would land with them
    events = _events()
    assert len(events) == 2, (events, collector.log_path.read_text()[-3000:])
    ok, failed = events
    assert ok["model"] == "gpt-4o-mini" and ok["provider"] == "openai" and ok["operation"] == "chat"
    assert (ok["status"], ok["prompt_tokens"], ok["completion_tokens"], ok["usage_known"]) == ("ok", 111, 22, 1)
    assert ok["finish_reason"] == "stop"  # LiteLLM writes '["stop"]'
    assert ok["cost_source"] == "reported" and float(ok["cost_usd"]) > 0  # type: ignore[arg-type]
    assert ok["workload"] == "litellm-app"
    assert (failed["status"], failed["error_type"], failed["usage_known"]) == ("error", "RateLimitError", 0)
