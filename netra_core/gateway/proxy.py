"""One proxied call: authenticate, route, admit against budgets, try upstreams with fallbacks, record the event.

A call is retried on the next model of its plan on 429, 5xx, a connection error or a timeout, only
while nothing has reached the client: a stream is committed once its first upstream bytes arrived.
At most `max_attempts` calls are made, all within `deadline_s`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from netra_core.catalog.pricing import PriceBook
from netra_core.config import GatewayUpstream
from netra_core.errors import UpstreamTimeoutError, UpstreamTransportError
from netra_core.gateway.auth import Caller, KeyCache, token_of
from netra_core.gateway.client import UpstreamClient, UpstreamResponse, failure_reason
from netra_core.gateway.events import (
    SOURCE,
    Usage,
    compute_cost,
    compute_estimate,
    compute_prompt_hash,
    compute_prompt_text,
    estimate_tokens,
    finish_event,
    new_event_id,
    now_iso,
)
from netra_core.gateway.hooks import BudgetGuard, BudgetRefused, SpendScope
from netra_core.gateway.relay import StreamRelay, WholeReply
from netra_core.gateway.routing import Candidate, PolicyCache, RouteError, RoutePlan, compute_route_plan
from netra_core.gateway.shadow import ShadowJob, ShadowRunner
from netra_core.gateway.spool import EventSpool
from netra_core.gateway.streams import ANTHROPIC, OPENAI, RESPONSES, StreamTally
from netra_core.gateway.upstreams import Upstreams, guess_provider
from netra_core.logs import get_logger

log = get_logger("netra.gateway")
ANTHROPIC_VERSION = "2023-06-01"
PRICE_BOOK_TTL_S = 60.0


@dataclass(frozen=True)
class Dialect:
    """An API the gateway serves: where calls go, how usage reads, and whether the policy routes it."""

    operation: str
    path: str
    style: str
    is_routed: bool


CHAT = Dialect("chat", "/chat/completions", OPENAI, is_routed=True)
EMBEDDINGS = Dialect("embeddings", "/embeddings", OPENAI, is_routed=False)
MESSAGES = Dialect("messages", "/messages", ANTHROPIC, is_routed=False)
# OpenAI's Responses API, passed through to the model asked for (not routed: its stored state, tools and
# `previous_response_id` belong to the provider that served the conversation).
RESPONSES_API = Dialect("responses", "/responses", RESPONSES, is_routed=False)


@dataclass(frozen=True)
class GatewayLimits:
    """Bounds on one request."""

    max_attempts: int = 3
    deadline_s: float = 120.0
    attempt_timeout_s: float = 30.0
    default_max_tokens: int = 4096
    max_shadows: int = 8  # shadow calls in flight at once (gateway/shadow.py); more are dropped


@dataclass
class OrgCatalog:
    """An org's price book and who sells each model, read together."""

    book: PriceBook
    owners: dict[str, str]

    def owner_of(self, model: str) -> str:
        """The provider selling `model` (from the book, else its name)."""
        return self.owners.get(model) or guess_provider(model)

    def is_priced(self, model: str) -> bool:
        """Whether the catalog knows the model (an honest counterfactual baseline)."""
        return model in self.owners or self.book.resolve(guess_provider(model), model) is not None


@dataclass
class GatewayCounters:
    """Requests by outcome since start."""

    requests: int = 0
    ok: int = 0
    failed: int = 0
    refused_budget: int = 0
    unauthorized: int = 0
    fallbacks: int = 0
    streams: int = 0
    extra: dict[str, int] = field(default_factory=dict)


@dataclass
class _Call:
    """What one request carries through its attempts."""

    dialect: Dialect
    caller: Caller
    body: dict[str, Any]
    plan: RoutePlan
    catalog: OrgCatalog
    event_id: str
    start: dict[str, Any]
    started: float
    is_stream: bool
    reservation: object = None
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    attempts: int = 0
    client_headers: dict[str, str] = field(default_factory=dict)
    is_finished: bool = False
    is_owned_by_response: bool = False  # the response ends the call, after its last byte
    reply: bytes | None = None  # kept only when a shadow will compare with it
    stream_copy: list[bytes] | None = None  # the same for a stream


def headers_of(request: Request) -> dict[str, str]:
    """The request's headers as one dict, read once (Starlette's `Headers` scans the list on every lookup)."""
    # ASGI names are lower-case; reversed, so the first of repeated headers wins, as in Starlette's `get`.
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in reversed(request.scope["headers"])}


def error_response(
    dialect: Dialect, status: int, message: str, kind: str, headers: dict[str, str] | None = None
) -> Response:
    """An error body the client's SDK understands (OpenAI's shape, or Anthropic's on /v1/messages)."""
    if dialect.style == ANTHROPIC:
        body: dict[str, Any] = {"type": "error", "error": {"type": kind, "message": message}}
    else:
        body = {"error": {"message": message, "type": kind, "code": kind}}
    return JSONResponse(body, status_code=status, headers=headers)


class GatewayCore:
    """Everything a request needs; `handle` serves one."""

    def __init__(
        self,
        *,
        upstreams: Upstreams,
        keys: KeyCache,
        policies: PolicyCache,
        fetch_price_book: Callable[[str], PriceBook],
        spool: EventSpool,
        guard: BudgetGuard,
        limits: GatewayLimits,
        client: UpstreamClient,
    ) -> None:
        self.upstreams = upstreams
        self.keys = keys
        self.policies = policies
        self.fetch_price_book = fetch_price_book
        self.spool = spool
        self.guard = guard
        self.limits = limits
        self.client = client
        self.counters = GatewayCounters()
        self.shadows = ShadowRunner(
            upstreams,
            client,
            spool.start,
            spool.finish,
            lambda: self.guard,
            max_in_flight=limits.max_shadows,
            timeout_s=limits.attempt_timeout_s,
            default_max_tokens=limits.default_max_tokens,
        )
        self._catalogs: dict[str, tuple[float, OrgCatalog]] = {}
        self._timeout = client.make_timeout(min(10.0, limits.attempt_timeout_s), limits.attempt_timeout_s)

    async def caller(self, request: Request, headers: dict[str, str] | None = None) -> Caller | None:
        """The authenticated caller of a request (`headers`: its headers_of, when the caller has them), or None."""
        if headers is None:
            headers = headers_of(request)
        token = token_of(headers.get("authorization"), headers.get("x-api-key"))
        caller = await self.keys.authenticate(token) if token else None
        if caller is None:
            self.counters.unauthorized += 1
        return caller

    async def catalog(self, org: str) -> OrgCatalog:
        """The org's prices, re-read after PRICE_BOOK_TTL_S."""
        hit = self._catalogs.get(org)
        if hit is None or time.monotonic() - hit[0] > PRICE_BOOK_TTL_S:
            book = await run_in_threadpool(self.fetch_price_book, org)
            hit = (time.monotonic(), OrgCatalog(book, book.compute_model_owners()))
            self._catalogs[org] = hit
        return hit[1]

    async def handle(self, request: Request, dialect: Dialect) -> Response:
        """Serve one call end to end."""
        started = time.perf_counter()
        headers = headers_of(request)
        caller = await self.caller(request, headers)
        if caller is None:
            return error_response(
                dialect,
                401,
                "a valid Netra API key is required (Authorization: Bearer nk_... or x-api-key)",
                "authentication_error",
            )
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return error_response(dialect, 400, "the request body must be a JSON object", "invalid_request_error")
        self.counters.requests += 1
        workload = headers.get("x-netra-workload") or caller.key_name or "default"
        task_type = headers.get("x-netra-task") or "unknown"
        user = headers.get("x-netra-user") or str(body.get("user") or (body.get("metadata") or {}).get("user_id") or "")
        text = compute_prompt_text(body)
        prompt_tokens = estimate_tokens(text)
        catalog = await self.catalog(caller.org)
        active = await self.policies.get(caller.org) if dialect.is_routed else None
        try:
            plan = compute_route_plan(
                active,
                requested_model=str(body.get("model") or ""),
                is_pinned=headers.get("x-netra-route", "").strip().lower() == "off",
                workload=workload,
                task_type=task_type,
                prompt_tokens=prompt_tokens,
                prompt=text,
                owner_of=catalog.owner_of,
                is_catalog_model=catalog.is_priced,
                max_attempts=self.limits.max_attempts,
            )
        except RouteError as exc:
            return error_response(dialect, 400, str(exc), "invalid_request_error")
        first = plan.candidates[0]
        meta = {
            "segment": plan.segment,
            "route_reason": first.reason,
            "requested_model": plan.requested_model,
            "api_key": caller.key_prefix,
        }
        if plan.policy_version is not None:
            meta["policy_version"] = str(plan.policy_version)
        if plan.baseline is not None:
            meta["baseline_provider"], meta["baseline_model"] = plan.baseline
        if plan.canary is not None:
            meta["trial_id"], meta["trial_model"] = plan.canary.id, plan.canary.model
        event_id = new_event_id()
        start = {
            "event_id": event_id,
            "ts": now_iso(),
            "org_id": caller.org,
            "workload": workload,
            "task_type": task_type,
            "user_id": user,
            "provider": first.provider,
            "model": first.model,
            "prompt_hash": compute_prompt_hash(body.get("messages", body.get("input"))),
            "source": SOURCE,
            "operation": dialect.operation,
            "metadata": meta,
        }
        self.spool.start(event_id, start)
        call = _Call(dialect, caller, body, plan, catalog, event_id, start, started, bool(body.get("stream")))
        if plan.shadow is not None and call.is_stream:
            call.stream_copy = []
        if dialect.style == ANTHROPIC:
            call.client_headers = {n: headers[n] for n in ("anthropic-version", "anthropic-beta") if n in headers}
        max_tokens = (
            body.get("max_completion_tokens")
            or body.get("max_tokens")
            or body.get("max_output_tokens")
            or self.limits.default_max_tokens
        )
        estimate = compute_estimate(catalog.book, first.provider, first.model, prompt_tokens, int(max_tokens))
        try:
            try:
                call.reservation = self.guard.admit(SpendScope(caller.org, workload, user, caller.key_prefix), estimate)
            except BudgetRefused as exc:
                self.counters.refused_budget += 1
                self._finish(call, first, Usage(), error_type="budget_exceeded", settle=False)
                return error_response(
                    dialect,
                    429,
                    exc.message,
                    "budget_exceeded",
                    {"Retry-After": str(max(1, int(exc.retry_after_s))), **self._headers(call, first)},
                )
            return await self._attempts(call)
        finally:
            # A bug, or a client gone before the reply: the call still ends as one event, never as a start alone.
            if not call.is_finished and not call.is_owned_by_response:
                self._finish(
                    call, first, Usage(), error_type="gateway_error" if call.attempts else "client_disconnected"
                )

    def _headers(self, call: _Call, candidate: Candidate) -> dict[str, str]:
        out = {"X-Netra-Model": candidate.model, "X-Netra-Segment": call.plan.segment}
        if call.plan.policy_version is not None:
            out["X-Netra-Policy-Version"] = str(call.plan.policy_version)
        return out

    def _request(self, call: _Call, candidate: Candidate, upstream: GatewayUpstream) -> tuple[bytes, dict[str, str]]:
        payload = dict(call.body)
        payload["model"] = candidate.model
        headers = {"content-type": "application/json"}
        key = upstream.api_key.get_secret_value() if upstream.api_key is not None else ""
        if call.dialect.style == ANTHROPIC:
            headers["anthropic-version"] = ANTHROPIC_VERSION
            headers.update(call.client_headers)
            if key:
                headers["x-api-key"] = key
        else:
            if call.is_stream and call.dialect.style == OPENAI:  # the Responses API always streams its usage
                payload["stream_options"] = {**(payload.get("stream_options") or {}), "include_usage": True}
            if key:
                headers["authorization"] = f"Bearer {key}"
        return json.dumps(payload).encode(), headers

    async def _attempts(self, call: _Call) -> Response:
        deadline = call.started + self.limits.deadline_s
        last_kind, status = "upstream_error", 502
        for candidate in call.plan.candidates:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                call.errors.append("the gateway's deadline passed")
                last_kind, status = "timeout", 504
                break
            target = self.upstreams.for_provider(candidate.provider)
            if target is None:
                call.failed.append(candidate.model)
                call.errors.append(f"{candidate.model}: no upstream is configured for provider {candidate.provider!r}")
                last_kind = "no_upstream"
                continue
            call.attempts += 1
            wait = min(self.limits.attempt_timeout_s, remaining)
            content, headers = self._request(call, candidate, target[1])
            try:
                async with asyncio.timeout(wait):  # no task per call, unlike wait_for on Python 3.11
                    resp = await self.client.send(
                        target[1].base_url + call.dialect.path, content, headers, timeout=self._timeout
                    )
            except (TimeoutError, UpstreamTimeoutError):
                last_kind, status = self._failed(call, candidate, "timeout", f"no answer within {wait:.1f} s"), 504
                continue
            except UpstreamTransportError as exc:
                last_kind, status = self._failed(call, candidate, "connection_error", exc.reason), 502
                continue
            if resp.status_code == 429 or resp.status_code >= 500:
                await resp.aclose()
                kind = f"http_{resp.status_code}"
                last_kind, status = self._failed(call, candidate, kind, f"HTTP {resp.status_code}"), resp.status_code
                continue
            served = Candidate(
                target[0] if not candidate.provider else candidate.provider,
                candidate.model,
                "fallback" if call.failed else candidate.reason,
            )
            if call.is_stream and resp.status_code < 400:
                try:
                    async with asyncio.timeout(min(self.limits.attempt_timeout_s, deadline - time.perf_counter())):
                        first = await resp.next_chunk()
                except (TimeoutError, UpstreamTransportError) as exc:
                    await resp.aclose()
                    last_kind, status = (
                        self._failed(call, candidate, "timeout", f"stream did not start: {failure_reason(exc)}"),
                        504,
                    )
                    continue
                self.counters.streams += 1
                call.is_owned_by_response = True
                return self._relay(call, served, resp, first)
            try:
                async with asyncio.timeout(max(0.001, deadline - time.perf_counter())):
                    data = await resp.read()
            except (TimeoutError, UpstreamTransportError) as exc:
                last_kind, status = (
                    self._failed(call, candidate, "timeout", f"reply cut off: {failure_reason(exc)}"),
                    504,
                )
                continue
            finally:
                await resp.aclose()
            usage = Usage()
            error_type = "" if resp.status_code < 400 else f"http_{resp.status_code}"
            if not error_type:
                try:
                    reply = json.loads(data)
                except ValueError:
                    reply = {}
                raw_usage = reply.get("usage") if isinstance(reply, dict) else None
                if isinstance(raw_usage, dict):
                    if call.dialect.style == ANTHROPIC:
                        usage.add_anthropic(raw_usage)
                    elif call.dialect.style == RESPONSES:
                        usage.add_openai_responses(raw_usage)
                    else:
                        usage.add_openai(raw_usage)
                if isinstance(reply, dict):
                    usage.add_service_tier(reply)
                if call.plan.shadow is not None:
                    call.reply = data
            media = resp.headers.get("content-type", "application/json")
            call.is_owned_by_response = True  # recorded after the client's last byte
            return WholeReply(
                data,
                status_code=resp.status_code,
                media_type=media,
                headers=self._headers(call, served),
                on_sent=functools.partial(self._finish, call, served, usage, error_type=error_type),
            )
        last = call.plan.candidates[min(len(call.plan.candidates), max(1, call.attempts)) - 1]
        self._finish(call, last, Usage(), error_type=last_kind)
        message = f"every upstream attempt failed ({'; '.join(call.errors)})"
        extra = {"Retry-After": "1"} if status == 429 else {}
        return error_response(
            call.dialect,
            status if status in {429, 502, 503, 504} else 502,
            message,
            "upstream_error",
            {**extra, **self._headers(call, last)},
        )

    def _failed(self, call: _Call, candidate: Candidate, kind: str, detail: str) -> str:
        call.failed.append(candidate.model)
        call.errors.append(f"{candidate.model}: {detail}")
        self.counters.fallbacks += 1
        return kind

    def _relay(self, call: _Call, served: Candidate, resp: UpstreamResponse, first: bytes) -> StreamRelay:
        """The stream's response: it relays, then ends the call after the client's last byte (gateway/relay.py)."""
        client_asked = bool((call.body.get("stream_options") or {}).get("include_usage"))
        tally = StreamTally(call.dialect.style, drop_usage_only=call.dialect.style == OPENAI and not client_asked)

        def on_end(error_type: str, ended_at: float) -> None:
            ttft = None if tally.first_output_at is None else (tally.first_output_at - call.started) * 1000
            self._finish(call, served, tally.usage, error_type=error_type, ttft_ms=ttft, ended_at=ended_at)

        return StreamRelay(
            resp, first, tally, headers=self._headers(call, served), on_end=on_end, copy=call.stream_copy
        )

    def _finish(
        self,
        call: _Call,
        served: Candidate,
        usage: Usage,
        *,
        error_type: str = "",
        ttft_ms: float | None = None,
        settle: bool = True,
        ended_at: float | None = None,
    ) -> None:
        if call.is_finished:
            return
        call.is_finished = True
        cost = compute_cost(call.catalog.book, served.provider, served.model, usage) if usage.is_known else None
        meta = {"route_reason": served.reason, "attempts": str(call.attempts)}
        if call.failed:
            meta["fallback_from"] = ",".join(call.failed)
        event = finish_event(
            call.start,
            provider=served.provider,
            model=served.model,
            usage=usage,
            cost_usd=cost,
            latency_ms=((time.perf_counter() if ended_at is None else ended_at) - call.started) * 1000,
            ttft_ms=ttft_ms,
            error_type=error_type,
            metadata=meta,
        )
        self.spool.finish(call.event_id, event)
        if error_type:
            self.counters.failed += 1
        else:
            self.counters.ok += 1
        if settle:
            try:
                self.guard.settle(call.reservation, float(event["cost_usd"] or 0.0))
            except Exception:
                log.exception("the budget guard could not settle a call", extra={"org": call.caller.org})
        if call.plan.shadow is not None and not error_type:
            self._shadow(call)

    def _shadow(self, call: _Call) -> None:
        """Mirror an answered call to its shadow trial's candidate (in the background; gateway/shadow.py)."""
        reply = call.stream_copy if call.is_stream else call.reply
        if call.plan.shadow is None or call.plan.policy_version is None or reply is None:
            return
        scope = SpendScope(call.caller.org, call.start["workload"], call.start["user_id"], call.caller.key_prefix)
        self.shadows.submit(
            ShadowJob(
                call.plan.shadow,
                call.plan.policy_version,
                scope,
                call.start["task_type"],
                call.plan.segment,
                call.body,
                call.catalog.book,
                call.start["prompt_hash"],
                call.event_id,
                reply,
            )
        )
