"""A fake Graph API for the sandbox: Send API and Messenger Profile, refusing what Facebook would.

The connector's MESSENGER_GRAPH_API_URL points here in local mode. Accepted sends are handed to
the hub, which pushes them to the sandbox page; refused ones get Facebook's error shape.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from assistant.channels.graph_auth import refusal
from assistant.channels.send_api_contract import check_profile, check_send
from assistant.web.sandbox.hub import Hub


class HideAccessToken(logging.Filter):
    """uvicorn's access log prints query strings: keep `access_token` values out of it."""

    pattern = re.compile(r"(access_token=)[^&\s]+")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                self.pattern.sub(r"\1***", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


def graph_error(message: str, code: int = 100, kind: str = "OAuthException") -> JSONResponse:
    """Facebook's error envelope (HTTP 400 for request errors, as the Graph API answers)."""
    return JSONResponse(
        {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": "sandbox"}},
        status_code=400,
    )


async def _json(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError:
        return None


# bandit B107: the empty default means "no app secret configured", not a password.
def graph_router(hub: Hub, page_token: str, app_secret: str = "") -> APIRouter:  # nosec B107
    """With `app_secret`, every call must carry its appsecret_proof, as Meta's apps require."""
    router = APIRouter(prefix="/sandbox/graph/{version}")
    access_log = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, HideAccessToken) for f in access_log.filters):
        access_log.addFilter(HideAccessToken())

    def refused(request: Request) -> JSONResponse | None:
        problem = refusal(request.headers, request.query_params, page_token, app_secret)
        return None if problem is None else graph_error(problem[1], problem[0])

    @router.post("/me/messages")
    async def send(version: str, request: Request) -> JSONResponse:
        if (refusal_answer := refused(request)) is not None:
            return refusal_answer
        body = await _json(request)
        errors = check_send(body)
        if errors:
            return graph_error("(#100) " + "; ".join(errors))
        psid = body["recipient"]["id"]
        event = hub.publish(psid, body)
        answer = {"recipient_id": psid}
        if "message" in body:
            answer["message_id"] = f"m_sandbox_{event['id']}"
        return JSONResponse(answer)

    @router.get("/me/messenger_profile")
    async def read_profile(version: str, request: Request, fields: str = "") -> JSONResponse:
        if (refusal_answer := refused(request)) is not None:
            return refusal_answer
        wanted = [name for name in fields.split(",") if name]
        if not wanted:
            return graph_error("(#100) the fields parameter is required")
        found = {name: hub.profile[name] for name in wanted if name in hub.profile}
        return JSONResponse({"data": [found] if found else []})

    @router.post("/me/messenger_profile")
    async def write_profile(version: str, request: Request) -> JSONResponse:
        if (refusal_answer := refused(request)) is not None:
            return refusal_answer
        body = await _json(request)
        errors = check_profile(body, get_started_set="get_started" in hub.profile)
        if errors:
            return graph_error("(#100) " + "; ".join(errors))
        hub.profile.update(body)
        hub.profile_writes += 1
        return JSONResponse({"result": "success"})

    return router
