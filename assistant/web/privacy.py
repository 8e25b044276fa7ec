"""Meta's data-deletion callback: a person asked Facebook to delete what this app holds on them.

POST /privacy/data-deletion   form field `signed_request` (assistant.channels.signed_request)
    -> {"url": <status page>, "confirmation_code": <code>}
GET  /privacy/data-deletion/{code}   the request's progress (HTML, or JSON when asked for)

The forget itself is `assistant.services.privacy`, the same use case as `assistant shoppers
forget`. It runs before the answer (a few deletes); if it fails, the request stays pending and
the maintenance loop finishes it. Anything that is not a correctly signed request is a 4xx,
never a 5xx: Meta would retry a 5xx.
"""

from __future__ import annotations

import html
import logging
import re
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from assistant.bootstrap import (
    conversation_store,
    page_scoped_ids,
    payment_gateway,
    unit_of_work,
)
from assistant.channels.signed_request import InvalidSignedRequest, parse_signed_request
from assistant.kernel.settings import Settings
from assistant.services.privacy import (
    complete_data_deletion,
    deletion_status,
    request_data_deletion,
)
from assistant.shopper_ids import log_id

log = logging.getLogger("assistant.web.privacy")

MAX_BODY_BYTES = 16 * 1024
_CODE = re.compile(r"[0-9a-f]{1,64}")


def privacy_router(settings: Settings) -> APIRouter:
    router = APIRouter()

    @router.post("/privacy/data-deletion")
    async def data_deletion(request: Request) -> dict[str, str]:
        secret = settings.messenger_app_secret
        if secret is None:
            raise HTTPException(503, "MESSENGER_APP_SECRET is not configured")
        body = await _read_body(request)
        try:
            fields = parse_qs(body.decode("ascii"), max_num_fields=20)
            payload = parse_signed_request(
                secret.get_secret_value(), (fields.get("signed_request") or [""])[0]
            )
        except (UnicodeDecodeError, ValueError) as error:  # InvalidSignedRequest included
            reason = str(error) if isinstance(error, InvalidSignedRequest) else "malformed form"
            log.warning("refused data-deletion callback: %s", reason)
            raise HTTPException(400, reason) from None
        user_id = payload["user_id"]
        uow = unit_of_work(settings)
        code = await run_in_threadpool(request_data_deletion, uow, [user_id])
        log.info("data-deletion request %s for %s", code, log_id(user_id))
        try:
            await run_in_threadpool(
                complete_data_deletion,
                uow,
                conversation_store(settings),
                payment_gateway(settings),
                code,
                settings.anonymising_key,
                page_scoped_ids(settings),
            )
        except Exception as error:  # the maintenance loop retries; Meta still gets its code
            log.warning("data-deletion request %s left pending: %s", code, type(error).__name__)
        return {
            "url": f"{settings.shop_url}/privacy/data-deletion/{code}",
            "confirmation_code": code,
        }

    @router.get("/privacy/data-deletion/{code}")
    def data_deletion_status(code: str, request: Request) -> Response:
        view = deletion_status(unit_of_work(settings), code) if _CODE.fullmatch(code) else None
        if view is None:
            raise HTTPException(404, "unknown confirmation code")
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse(
                {
                    "confirmation_code": view.confirmation_code,
                    "status": str(view.status),
                    "requested_at": view.requested_at.isoformat(),
                    "completed_at": view.completed_at.isoformat() if view.completed_at else None,
                }
            )
        state = (
            f"Done on {view.completed_at:%Y-%m-%d %H:%M} UTC: your conversations and cart are "
            "deleted; orders are kept for the accounts with nothing that identifies you."
            if view.completed_at
            else "In progress: it will be done within a day."
        )
        return HTMLResponse(
            "<!doctype html><html><head><meta charset='utf-8'><title>Data deletion</title></head>"
            f"<body><h1>Data deletion request {html.escape(view.confirmation_code)}</h1>"
            f"<p>Received {view.requested_at:%Y-%m-%d %H:%M} UTC. {html.escape(state)}</p>"
            "</body></html>"
        )

    return router


async def _read_body(request: Request) -> bytes:
    """The body, refused (413) as soon as it passes the limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(413, "body too large")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise HTTPException(413, "body too large")
    return body
