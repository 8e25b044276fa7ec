"""Rasa's HTTP API, as the shop uses it: tell a shopper their payment arrived, give a
conversation back to the bot after a handoff. Implements the use cases' `ShopperNotifier`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import quote

import httpx

from assistant.kernel.redact import redacted
from assistant.kernel.settings import Settings
from assistant.services.ports import NotificationFailed

RECEIPT_INTENT = "payment_received"
ORDER_UPDATE_INTENT = "order_update"  # a meal order's kitchen step: action_send_order_update
CONVERSATION_ID_MAX = 200  # the longest the shop stores
REQUEST_TIMEOUT = 10.0
JWT_LIFETIME = 300.0


def rasa_auth_headers(token: str, lifetime: float = JWT_LIFETIME) -> dict[str, str]:
    """`Authorization: Bearer <JWT>` for Rasa's HTTP API, signed (HS256) with RASA_TOKEN.

    Rasa accepts its token only as a `?token=` query parameter, which proxies and access logs
    keep; `assistant.rasa_launcher` also makes the token Rasa's JWT secret, so a short-lived JWT
    with the admin role, in a header, does the same without the token leaving this process.
    """
    now = int(time.time())
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"user": {"username": "shop", "role": "admin"}, "iat": now, "exp": now + int(lifetime)}
    payload = _b64url(json.dumps(claims).encode())
    signature = hmac.new(token.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return {"Authorization": f"Bearer {header}.{payload}.{_b64url(signature)}"}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class InvalidConversationId(ValueError):
    """A conversation id that cannot be put in a Rasa API path as one segment."""


def conversation_path(conversation_id: str) -> str:
    """`/conversations/<id>`, the id one percent-encoded path segment.

    quote() leaves dots alone, and HTTP clients resolve `.` and `..` segments: the id `..` would
    send `/conversations/../tracker/events` to `/tracker/events`. Ids that are no conversation's
    (empty, dot segments, control characters, over-long) are refused, the rest fully encoded."""
    if (
        not conversation_id
        or conversation_id in {".", ".."}
        or len(conversation_id) > CONVERSATION_ID_MAX
        or not conversation_id.isprintable()
    ):
        raise InvalidConversationId(f"not a conversation id: {conversation_id[:80]!r}")
    return "/conversations/" + quote(conversation_id, safe="")


class RasaApi:
    def __init__(self, settings: Settings) -> None:
        self.url = settings.rasa_url
        self._token = settings.rasa_token.get_secret_value()

    def _post(self, path: str, params: dict[str, str], body: Any) -> None:
        response = httpx.post(
            f"{self.url}{path}",
            params=params,
            headers=rasa_auth_headers(self._token),
            json=body,
            timeout=REQUEST_TIMEOUT,
        )
        response.raise_for_status()

    def trigger_intent(self, conversation_id: str, intent: str, entities: dict[str, str]) -> None:
        """Run `intent` in the conversation as if the shopper said it; answers go to its channel."""
        self._post(
            f"{conversation_path(conversation_id)}/trigger_intent",
            {"output_channel": "latest"},
            {"name": intent, "entities": entities},
        )

    def resume(self, conversation_id: str) -> None:
        """Un-pause the conversation: the bot answers it again from the next message."""
        self._post(
            f"{conversation_path(conversation_id)}/tracker/events",
            {},
            # `resume`, then close the turn the bot skipped while paused, so the next message
            # starts a normal turn instead of following an unanswered one.
            [{"event": "resume"}, {"event": "action", "name": "action_listen"}],
        )


class RasaNotifier:
    """The shopper hears of their payment through the `payment_received` intent (the receipt),
    and of their meal's kitchen steps through `order_update`."""

    def __init__(self, api: RasaApi, retry_delays: tuple[float, ...]) -> None:
        self.api = api
        self.retry_delays = retry_delays  # one notification: len + 1 tries

    def payment_received(self, conversation_id: str, order_number: str) -> None:
        self._trigger(conversation_id, RECEIPT_INTENT, {"order_id": order_number})

    def order_update(self, conversation_id: str, order_number: str, step: str) -> None:
        self._trigger(
            conversation_id, ORDER_UPDATE_INTENT, {"order_id": order_number, "order_step": step}
        )

    def _trigger(self, conversation_id: str, intent: str, entities: dict[str, str]) -> None:
        for delay in (*self.retry_delays, None):
            try:
                self.api.trigger_intent(conversation_id, intent, entities)
                return
            except InvalidConversationId as error:
                raise NotificationFailed(str(error)) from error
            except httpx.HTTPError as error:
                if delay is None:
                    raise NotificationFailed(redacted(str(error))) from error
                time.sleep(delay)
