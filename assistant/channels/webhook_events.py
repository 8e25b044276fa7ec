"""Read a Messenger webhook body into the events the assistant acts on, in delivery order.

Facebook batches: one POST may hold several `entry` items, each with several `messaging` items,
from several senders. Everything in every entry is read (Rasa's built-in connector stops at the
first). Echoes of our own sends, delivery and read receipts, and kinds we do not handle are
counted as ignored, never passed to the dialogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Event kinds the dialogue receives.
TEXT = "text"
QUICK_REPLY = "quick_reply"
POSTBACK = "postback"
REFERRAL = "referral"
ATTACHMENT = "attachment"


class MalformedWebhook(ValueError):
    """The body is JSON but not a Messenger page webhook; the message names the field."""


@dataclass(frozen=True)
class Inbound:
    sender_id: str
    kind: str
    # What the dialogue receives: typed text, a quick-reply or postback payload, a referral ref.
    text: str
    dedupe_key: str
    timestamp: int = 0
    attachment_type: str | None = None
    referral: Mapping[str, Any] | None = None


@dataclass
class Parsed:
    events: list[Inbound] = field(default_factory=list)
    ignored: int = 0


def parse(body: Any) -> Parsed:
    """All actionable events of a webhook body; raise MalformedWebhook on a wrong structure."""
    if not isinstance(body, dict):
        raise MalformedWebhook("the body is not a JSON object")
    if body.get("object") != "page":
        raise MalformedWebhook(f"field 'object' is {body.get('object')!r}, expected 'page'")
    entries = body.get("entry")
    if not isinstance(entries, list):
        raise MalformedWebhook("field 'entry' is missing or not a list")
    parsed = Parsed()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise MalformedWebhook(f"entry[{index}] is not an object")
        items = entry.get("messaging", [])
        if not isinstance(items, list):
            raise MalformedWebhook(f"entry[{index}].messaging is not a list")
        for item in items:
            event = _event(item) if isinstance(item, dict) else None
            if event is None:
                parsed.ignored += 1
            else:
                parsed.events.append(event)
        # `standby` (another app owns the thread) and `changes` are not ours to answer.
        parsed.ignored += len(entry.get("standby") or [])
    return parsed


def _event(item: dict[str, Any]) -> Inbound | None:
    sender = (item.get("sender") or {}).get("id")
    if not isinstance(sender, str) or not sender:
        return None
    timestamp = item.get("timestamp") if isinstance(item.get("timestamp"), int) else 0
    if isinstance(item.get("message"), dict):
        return _message(sender, timestamp, item["message"])
    if isinstance(item.get("postback"), dict):
        postback = item["postback"]
        payload = postback.get("payload") or postback.get("title")
        if not isinstance(payload, str) or not payload:
            return None
        key = postback.get("mid") or f"{sender}:{timestamp}:postback:{payload}"
        referral = postback.get("referral")
        return Inbound(sender, POSTBACK, payload, str(key), timestamp, referral=referral)
    if isinstance(item.get("referral"), dict):
        referral = item["referral"]
        ref = referral.get("ref")
        key = f"{sender}:{timestamp}:referral:{ref}"
        return Inbound(
            sender, REFERRAL, ref if isinstance(ref, str) else "", key, timestamp, referral=referral
        )
    return None  # delivery, read, optin, reaction, account_linking, ...


def _message(sender: str, timestamp: int, message: dict[str, Any]) -> Inbound | None:
    if message.get("is_echo"):
        return None  # our own message, copied back to us
    mid = message.get("mid")
    if not isinstance(mid, str) or not mid:
        return None  # every real message has one; without it we could not deduplicate
    quick_reply = message.get("quick_reply")
    if isinstance(quick_reply, dict) and isinstance(quick_reply.get("payload"), str):
        return Inbound(sender, QUICK_REPLY, quick_reply["payload"], mid, timestamp)
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        return Inbound(sender, TEXT, text, mid, timestamp)
    attachments = message.get("attachments")
    if isinstance(attachments, list) and attachments and isinstance(attachments[0], dict):
        kind = attachments[0].get("type")
        return Inbound(
            sender,
            ATTACHMENT,
            "",
            mid,
            timestamp,
            attachment_type=kind if isinstance(kind, str) else "fallback",
        )
    return None
