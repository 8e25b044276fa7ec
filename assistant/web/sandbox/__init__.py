"""The local Messenger sandbox: a chat page at /sandbox that plays Messenger for the connector.

The page posts the shopper's actions here; they are turned into signed webhook events for the
Rasa connector (/webhooks/messenger/webhook). The connector answers through the fake Graph API
(/sandbox/graph/...), and every accepted send is pushed to the page over server-sent events.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse

from assistant.channels.profile import messenger_profile
from assistant.kernel.settings import (
    SANDBOX_MESSENGER_APP_SECRET,
    SANDBOX_MESSENGER_PAGE_TOKEN,
    Settings,
)
from assistant.web.sandbox.graph_api import graph_router
from assistant.web.sandbox.hub import Hub
from assistant.web.sandbox.relay import ShopperAction, signed, webhook_body

STATIC = Path(__file__).parent / "static"
STREAM_SECONDS = 20.0  # each SSE response ends; the browser reconnects with Last-Event-ID


def sandbox_router(settings: Settings) -> APIRouter:
    """Everything under /sandbox, only when asked for (ASSISTANT_MESSENGER_SANDBOX, which
    `assistant run` sets for a keyless development run); never in the production profile nor
    with a real Facebook page configured (404)."""
    router = APIRouter()
    if not sandbox_pages_served(settings):
        return router
    hub = Hub()
    secret = settings.messenger_app_secret
    app_secret = secret.get_secret_value() if secret else SANDBOX_MESSENGER_APP_SECRET
    webhook_url = f"{settings.rasa_url.rstrip('/')}/webhooks/messenger/webhook"
    router.include_router(graph_router(hub, SANDBOX_MESSENGER_PAGE_TOKEN, app_secret))

    @router.get("/sandbox", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @router.get("/sandbox/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        if name not in {"sandbox.js", "sandbox.css"}:
            raise HTTPException(404)
        return FileResponse(STATIC / name)

    @router.get("/sandbox/api/profile")
    def profile() -> dict:
        # What `assistant messenger setup` stored here, else what it would store.
        return hub.profile or messenger_profile([settings.shop_url])

    @router.post("/sandbox/api/events")
    async def shopper_action(action: ShopperAction) -> JSONResponse:
        raw, headers = signed(webhook_body(action), app_secret)
        try:
            async with httpx.AsyncClient(timeout=10) as client:
                answer = await client.post(webhook_url, content=raw, headers=headers)
        except httpx.HTTPError:
            return JSONResponse(
                {"error": f"the Rasa server at {settings.rasa_url} is not reachable"},
                status_code=502,
            )
        return JSONResponse({"status": answer.status_code}, status_code=answer.status_code)

    @router.get("/sandbox/api/messages")
    def messages(psid: str, after: int = 0) -> list[dict]:
        return hub.history(psid, after)

    @router.get("/sandbox/api/stream")
    async def stream(psid: str, request: Request) -> StreamingResponse:
        last_id = request.headers.get("last-event-id", "0")
        after = int(last_id) if last_id.isdigit() else 0
        return StreamingResponse(
            _events(hub, psid, after, request),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return router


def sandbox_pages_served(settings: Settings) -> bool:
    return (
        settings.messenger_sandbox_pages and settings.messenger_sandbox and not settings.production
    )


async def _events(hub: Hub, psid: str, after: int, request: Request) -> AsyncIterator[str]:
    queue = hub.listen(psid)  # listen before replaying, and skip what was already sent
    try:
        yield "retry: 500\n\n"
        for event in hub.history(psid, after):
            after = event["id"]
            yield f"id: {after}\ndata: {json.dumps(event['body'])}\n\n"
        deadline = asyncio.get_running_loop().time() + STREAM_SECONDS
        while asyncio.get_running_loop().time() < deadline and not await request.is_disconnected():
            try:
                event = await asyncio.wait_for(queue.get(), timeout=2.0)
            except asyncio.TimeoutError:
                yield ": keep-alive\n\n"
                continue
            if event["id"] > after:
                after = event["id"]
                yield f"id: {after}\ndata: {json.dumps(event['body'])}\n\n"
    finally:
        hub.leave(psid, queue)
