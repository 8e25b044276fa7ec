"""What the sandbox page does as Messenger: build a webhook event, sign it, post it to Rasa."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.channels.signature import HEADER, sign
from assistant.kernel.settings import SANDBOX_MESSENGER_PAGE_ID

PAGE_ID = SANDBOX_MESSENGER_PAGE_ID  # what `assistant run` gives the connector as MESSENGER_PAGE_ID


class ShopperAction(BaseModel):
    """One thing the shopper does on the sandbox page."""

    psid: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    type: Literal["text", "quick_reply", "postback", "image", "location", "referral"]
    text: str = Field("", max_length=2000)
    payload: str = Field("", max_length=1000)


def webhook_body(action: ShopperAction) -> dict[str, Any]:
    """The page webhook body Facebook would send for this action."""
    now = int(time.time() * 1000)
    mid = f"m_{uuid.uuid4().hex}"
    item: dict[str, Any] = {
        "sender": {"id": action.psid},
        "recipient": {"id": PAGE_ID},
        "timestamp": now,
    }
    if action.type == "text":
        item["message"] = {"mid": mid, "text": action.text}
    elif action.type == "quick_reply":
        item["message"] = {
            "mid": mid,
            "text": action.text,
            "quick_reply": {"payload": action.payload},
        }
    elif action.type == "postback":
        item["postback"] = {"mid": mid, "title": action.text, "payload": action.payload}
    elif action.type == "image":
        url = "https://scontent.xx.fbcdn.net/sandbox.jpg"
        item["message"] = {"mid": mid, "attachments": [{"type": "image", "payload": {"url": url}}]}
    elif action.type == "location":
        where = {"coordinates": {"lat": 48.8584, "long": 2.2945}}
        item["message"] = {"mid": mid, "attachments": [{"type": "location", "payload": where}]}
    else:
        item["referral"] = {"ref": action.payload, "source": "SHORTLINK", "type": "OPEN_THREAD"}
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": now, "messaging": [item]}]}


def signed(body: dict[str, Any], app_secret: str) -> tuple[bytes, dict[str, str]]:
    """The raw bytes and headers of the POST, signed as Facebook signs it."""
    raw = json.dumps(body, ensure_ascii=False).encode()
    return raw, {"Content-Type": "application/json", HEADER: sign(app_secret, raw)}
