"""`netra collect` end to end: a subprocess collector, the real OpenTelemetry SDK and OTLP/HTTP exporter,
real GenAI spans from opentelemetry-instrumentation-openai-v2 driving the real openai SDK against a
scripted server, and a kill -9 mid-stream that loses and doubles nothing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from netra_core.collector.status import fetch_status, status_path
from netra_core.config import get_settings
from netra_core.db.engine import make_session_factory
from netra_core.db.keys import save_api_key
from netra_core.db.orgs import save_org
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.store import query_rows
from tests.agents.scripted_server import run_scripted_server, stream_text
from tests.conftest import run_netra

NETRA = str(Path(sys.executable).parent / "netra")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveCollector:
    port: int
    key: str
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = self.log_path.open("ab")
        args = [NETRA, "collect", "--port", str(self.port), "--batch-interval", "0.2", "--status-interval", "1"]
        self.proc = subprocess.Popen(args, stdout=log, stderr=log, env=os.environ.copy())
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log_path.read_text()
            status = fetch_status(status_path(get_settings().data_dir))
            if status and status.get("pid") == self.proc.pid and not status.get("stopped"):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", self.port)) == 0:
                        return
            time.sleep(0.1)
        raise AssertionError(f"collector did not start:\n{self.log_path.read_text()}")

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def collector(tmp_path: Path) -> Iterator[LiveCollector]:
    assert run_netra("db", "upgrade").returncode == 0
    engine = make_app_engine(get_settings())
    with make_session_factory(engine).begin() as s:
        save_org(s, "acme")
        key = save_api_key(s, "acme", "e2e").token
    engine.dispose()
    live = LiveCollector(port=_free_port(), key=key, log_path=tmp_path / "collect.log")
    live.start()
    yield live
    live.stop()


def _stored_ids(org: str = "acme") -> list[str]:
    store = make_store(get_settings())
    with store.session() as c:
        rows = query_rows(c, "SELECT event_id FROM workload_events WHERE org_id = {org:String}", {"org": org})
    return [r[0] for r in rows]


def _event_id(span: ReadableSpan) -> str:
    assert span.context is not None
    return f"{span.context.trace_id:032x}:{span.context.span_id:016x}"


def test_real_openai_spans_reach_netra_query_within_5_seconds(
    collector: LiveCollector, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openai
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor

    # Configured the way the README tells users to: the standard OTLP environment variables.
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint)
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_HEADERS", f"Authorization=Bearer {collector.key}")
    provider = TracerProvider(resource=Resource.create({"service.name": "support-bot"}))
    exporter = OTLPSpanExporter()
    provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=200))
    instrumentor = OpenAIInstrumentor()  # type: ignore[no-untyped-call]  # the instrumentation's __init__ is untyped
    instrumentor.instrument(tracer_provider=provider)
    n_calls = 4
    try:
        script = [stream_text(f"answer {i}", prompt_tokens=100 + i, completion_tokens=20 + i) for i in range(n_calls)]
        with run_scripted_server(script) as server:
            client = openai.OpenAI(base_url=server.base_url, api_key="test-key", max_retries=0)
            for i in range(n_calls):
                stream = client.chat.completions.create(
                    model="gpt-4o-mini",
                    messages=[{"role": "user", "content": f"question {i}"}],
                    stream=True,
                    stream_options={"include_usage": True},
                )
                assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == f"answer {i}"
        assert provider.force_flush(10_000)
        flushed = time.monotonic()
        while len(_stored_ids()) < n_calls and time.monotonic() - flushed < 5:
            time.sleep(0.1)
        took = time.monotonic() - flushed
    finally:
        instrumentor.uninstrument()
        provider.shutdown()
    assert len(_stored_ids()) == n_calls, collector.log_path.read_text()
    assert took < 5

    overview = run_netra("query", "overview", "--org", "acme", "--json")
    assert overview.returncode == 0, overview.stderr
    kpis = json.loads(overview.stdout)["kpis"]
    assert kpis["requests"]["value"] == n_calls
    assert kpis["tokens"]["value"] == sum(100 + i + 20 + i for i in range(n_calls))

    time.sleep(1.5)  # the collector refreshes its status file every second
    doctor = {c["name"]: c for c in json.loads(run_netra("doctor", "--json").stdout)["checks"]}["collector"]
    assert doctor["ok"] and f"running (pid {collector.proc.pid})" in doctor["detail"]  # type: ignore[union-attr]
    assert f"received {n_calls} spans, written {n_calls}" in doctor["detail"]


def _genai_spans(n_batches: int, per_batch: int) -> list[list[ReadableSpan]]:
    """GenAI chat spans made by the real SDK (attributes as the instrumentation sets them)."""
    memory = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "batch-job"}))
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("opentelemetry.instrumentation.openai_v2", "2.4b0")
    for i in range(n_batches * per_batch):
        with tracer.start_as_current_span("chat gpt-4o-mini") as span:
            span.set_attributes(
                {
                    "gen_ai.operation.name": "chat",
                    "gen_ai.system": "openai",
                    "gen_ai.request.model": "gpt-4o-mini",
                    "gen_ai.response.model": "gpt-4o-mini",
                    "gen_ai.usage.input_tokens": 100 + i % 50,
                    "gen_ai.usage.output_tokens": 10 + i % 7,
                }
            )
    spans = list(memory.get_finished_spans())
    provider.shutdown()
    return [spans[i : i + per_batch] for i in range(0, len(spans), per_batch)]


def test_kill_9_mid_stream_loses_nothing_acknowledged_and_doubles_nothing(collector: LiveCollector) -> None:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    batches = _genai_spans(n_batches=40, per_batch=50)
    exporter = OTLPSpanExporter(
        endpoint=f"{collector.endpoint}/v1/traces", headers={"Authorization": f"Bearer {collector.key}"}, timeout=2
    )
    acked: list[str] = []
    failed = 0
    done = threading.Event()

    def send() -> None:
        nonlocal failed
        for batch in batches:
            if exporter.export(batch) == SpanExportResult.SUCCESS:
                acked.extend(_event_id(s) for s in batch)
            else:
                failed += 1
        done.set()

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    deadline = time.monotonic() + 60
    while len(acked) < 10 * 50 and time.monotonic() < deadline:
        time.sleep(0.01)
    acked_before_kill = len(acked)
    collector.kill9()  # mid-stream: the sender is still sending
    assert 500 <= acked_before_kill < 40 * 50  # some acknowledged, more still to send
    time.sleep(0.5)
    collector.start()  # same data dir, same spool
    assert done.wait(120)
    exporter.shutdown()  # type: ignore[no-untyped-call]  # untyped in opentelemetry's OTLP exporter
    assert len(acked) < 40 * 50 or failed == 0  # the kill cost some requests unless it fell between two

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = fetch_status(status_path(get_settings().data_dir)) or {}
        if status.get("spool_files") == 0 and len(set(_stored_ids())) >= len(set(acked)):
            break
        time.sleep(0.2)
    stored = _stored_ids()
    assert set(acked) <= set(stored), f"lost {len(set(acked) - set(stored))} acknowledged spans"
    assert len(stored) == len(set(stored)), f"{len(stored) - len(set(stored))} spans stored twice"
    assert len(acked) == len(set(acked))
