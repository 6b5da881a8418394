"""LiteLLM's own OpenTelemetry callback sending real spans over OTLP/HTTP, as a LiteLLM user configures it.

Run in LiteLLM's venv (`make litellm-proxy`, .venv-litellm/; it has litellm and the OpenTelemetry SDK and
OTLP/HTTP exporter, Netra's venv has neither at these versions):

    .venv-litellm/bin/python tests/litellm_otel_client.py BASE_URL OTLP_ENDPOINT KEY CALLS...

Each CALL is `stream` (a streamed chat read to its end, usage included), or `fail` (a chat the server answers
with an error, no retry). Calls go to BASE_URL (a scripted OpenAI-compatible server on 127.0.0.1) through
`litellm.completion` with the `otel` callback exporting to OTLP_ENDPOINT with KEY as a bearer token. Prints one
JSON line: the calls made and how each ended. Imports nothing of Netra or its tests (another venv).
"""

from __future__ import annotations

import json
import sys
import time


def main(argv: list[str]) -> int:
    base_url, endpoint, key, *calls = argv
    import litellm
    from litellm.integrations.opentelemetry import OpenTelemetry, OpenTelemetryConfig
    from opentelemetry import trace

    config = OpenTelemetryConfig(
        exporter="otlp_http", endpoint=endpoint, headers=f"Authorization=Bearer {key}", service_name="litellm-app"
    )
    otel = OpenTelemetry(config=config)
    litellm.callbacks = [otel]
    ended = []
    for i, call in enumerate(calls):
        try:
            response = litellm.completion(
                model="openai/gpt-4o-mini",
                api_base=base_url,
                api_key="test-key",
                messages=[{"role": "user", "content": f"question {i}"}],
                stream=True,
                stream_options={"include_usage": True},
                max_retries=0,
                num_retries=0,
            )
            text = "".join(chunk.choices[0].delta.content or "" for chunk in response if chunk.choices)
            ended.append({"call": call, "ok": True, "text": text})
        except Exception as exc:  # the scripted failure: its type is what the span records
            ended.append({"call": call, "ok": False, "error": type(exc).__name__})
    time.sleep(1.0)  # LiteLLM runs its success and failure callbacks on a worker thread after the call returns
    provider = trace.get_tracer_provider()
    flush = getattr(provider, "force_flush", None)
    flushed = bool(flush(10_000)) if flush else False
    print(json.dumps({"ended": ended, "flushed": flushed}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
