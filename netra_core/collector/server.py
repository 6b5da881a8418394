"""The OTLP/HTTP receiver: `POST /v1/traces`, protobuf or JSON, optionally gzipped, with a Bearer ingest key.

What an OTLP exporter sees: 200 with an empty ExportTraceServiceResponse (protobuf) or `{}` (JSON)
once the body is durably spooled; 401 without a valid key (nothing written); 400 for a body that is
not an OTLP trace export; 413 for a body over the size limit (compressed or not: a gzip bomb stops
at the limit); 415 for another content type or encoding; 503 with Retry-After while the spool is
full, which exporters retry on, so nothing is dropped silently.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from netra_core.collector.decode import (
    KIND_JSON,
    KIND_PROTOBUF,
    BodyError,
    count_json_spans,
    count_protobuf_spans,
    parse_json,
    parse_protobuf,
)
from netra_core.collector.spool import Spool
from netra_core.collector.status import CollectorCounters

CONTENT_TYPES = {"application/x-protobuf": KIND_PROTOBUF, "application/json": KIND_JSON}
_EMPTY_PROTOBUF_RESPONSE = ExportTraceServiceResponse().SerializeToString()


@dataclass(frozen=True)
class ReceiverLimits:
    """Bounds on one request."""

    max_body_bytes: int = 32 * 1024 * 1024
    retry_after_s: int = 5


class RequestError(Exception):
    """A request refused before anything was written; carries the HTTP status and a readable message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def _error(exc: RequestError, kind: str | None) -> Response:
    # JSON clients get an OTLP Status object; protobuf exporters only log the text.
    if kind == KIND_JSON:
        body = json.dumps({"code": exc.status, "message": str(exc)})
        return Response(body, status_code=exc.status, media_type="application/json", headers=exc.headers)
    return Response(str(exc), status_code=exc.status, media_type="text/plain", headers=exc.headers)


def bearer_token(header: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header."""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def gunzip_capped(raw: bytes, limit: int) -> bytes:
    """Decompress a gzip body, refusing (413) as soon as it would pass `limit` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise RequestError(400, f"body is not valid gzip: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise RequestError(413, f"body inflates to more than {limit:,} bytes; send smaller batches")
    if not inflater.eof:
        raise RequestError(400, "gzip body is truncated")
    return out


async def _read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise RequestError(413, f"body of {int(declared):,} bytes is over the limit of {limit:,}; send smaller batches")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RequestError(413, f"body is over the limit of {limit:,} bytes; send smaller batches")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_body(kind: str, body: bytes) -> int:
    """Spans in a well-formed body; RequestError(400) otherwise."""
    try:
        if kind == KIND_PROTOBUF:
            return count_protobuf_spans(parse_protobuf(body))
        return count_json_spans(parse_json(body))
    except BodyError as exc:
        raise RequestError(400, str(exc)) from exc


def make_receiver_app(
    spool: Spool,
    counters: CollectorCounters,
    authenticate: Callable[[str], str | None],
    on_spooled: Callable[[], None] = lambda: None,
    limits: ReceiverLimits | None = None,
) -> Starlette:
    """The receiver; `authenticate` maps a key to its org slug (or None), `on_spooled` wakes the writer."""
    bounds = limits or ReceiverLimits()

    async def traces(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        kind = CONTENT_TYPES.get(content_type)
        try:
            token = bearer_token(request.headers.get("authorization", ""))
            org = await run_in_threadpool(authenticate, token) if token else None
            if org is None:
                counters.add(unauthorized=1)
                raise RequestError(401, "a valid ingest key is required: Authorization: Bearer <key> (netra keys add)")
            if kind is None:
                raise RequestError(
                    415, f"content type {content_type!r} is not application/x-protobuf or application/json"
                )
            body = await _read_capped(request, bounds.max_body_bytes)
            encoding = request.headers.get("content-encoding", "identity").strip().lower()
            if encoding == "gzip":
                body = gunzip_capped(body, bounds.max_body_bytes)
            elif encoding not in {"identity", ""}:
                raise RequestError(415, f"content encoding {encoding!r} is not supported (use gzip or none)")
            n_spans = await run_in_threadpool(_check_body, kind, body)
            if not spool.has_room(len(body)):
                counters.add(refused_spool_full=1)
                raise RequestError(
                    503,
                    f"the collector's spool is full ({spool.bytes / 1e6:.0f} MB); retry later",
                    {"Retry-After": str(bounds.retry_after_s)},
                )
            if n_spans:
                await run_in_threadpool(spool.write, org, kind, body)
        except RequestError as exc:
            if exc.status in {400, 413, 415}:
                counters.add(bad_requests=1)
            return _error(exc, kind)
        counters.add(requests=1, spans_received=n_spans)
        on_spooled()
        if kind == KIND_PROTOBUF:
            return Response(_EMPTY_PROTOBUF_RESPONSE, media_type="application/x-protobuf")
        return Response("{}", media_type="application/json")

    async def health(_: Request) -> Response:
        # Counters stay in the log and the status file: this unauthenticated route says only "up".
        return Response('{"status":"ok"}', media_type="application/json")

    return Starlette(routes=[Route("/v1/traces", traces, methods=["POST"]), Route("/health", health, methods=["GET"])])
