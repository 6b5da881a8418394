"""The gateway's HTTP surface: OpenAI's chat completions, responses, embeddings and models, and Anthropic's messages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from netra_core.gateway.cork import CorkFirstWrite
from netra_core.gateway.proxy import CHAT, EMBEDDINGS, MESSAGES, RESPONSES_API, GatewayCore, error_response
from netra_core.gateway.routing import AUTO_MODEL


def make_gateway_app(core: GatewayCore) -> ASGIApp:
    """The ASGI app over a GatewayCore (outermost, the cork that sends a reply's headers with its first bytes)."""

    async def chat(request: Request) -> Response:
        return await core.handle(request, CHAT)

    async def embeddings(request: Request) -> Response:
        return await core.handle(request, EMBEDDINGS)

    async def messages(request: Request) -> Response:
        return await core.handle(request, MESSAGES)

    async def responses(request: Request) -> Response:
        return await core.handle(request, RESPONSES_API)

    async def models(request: Request) -> Response:
        caller = await core.caller(request)
        if caller is None:
            return error_response(
                CHAT, 401, "a valid Netra API key is required (Authorization: Bearer nk_...)", "authentication_error"
            )
        active = await core.policies.get(caller.org)
        if active is not None:
            pairs = [(p, m) for p, m in active.models()]
        else:
            # No policy: what the org's catalog prices and a configured upstream can serve.
            catalog = await core.catalog(caller.org)
            pairs = sorted((p, m) for m, p in catalog.owners.items() if p in core.upstreams.by_provider)
        data = [{"id": AUTO_MODEL, "object": "model", "created": 0, "owned_by": "netra"}] if active is not None else []
        data += [{"id": m, "object": "model", "created": 0, "owned_by": p} for p, m in pairs]
        headers = {"X-Netra-Policy-Version": str(active.version)} if active is not None else None
        return JSONResponse({"object": "list", "data": data}, headers=headers)

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await core.client.aclose()  # its keep-alive connections belong to this loop

    app = Starlette(
        lifespan=lifespan,
        routes=[
            Route("/v1/chat/completions", chat, methods=["POST"]),
            Route("/v1/embeddings", embeddings, methods=["POST"]),
            Route("/v1/messages", messages, methods=["POST"]),
            Route("/v1/responses", responses, methods=["POST"]),
            Route("/v1/models", models, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ],
    )
    return CorkFirstWrite(app)
