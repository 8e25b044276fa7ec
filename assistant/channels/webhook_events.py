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
    # Ids of entries addressed to a page that is not ours (acknowledged, never answered).
    foreign_pages: list[str] = field(default_factory=list)


def parse(body: Any, page_id: str = "") -> Parsed:
    """All actionable events of a webhook body; raise MalformedWebhook on a wrong structure.

    With `page_id`, an entry whose `id` is another page's is skipped whole: an app subscribed to
    several pages (or a misrouted webhook) must not answer for a page this process does not run.
    Anything shaped unlike an event is counted as ignored, never an exception: a crash here would
    be a 500 that Facebook redelivers for hours.
    """
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
        if page_id and str(entry.get("id")) != page_id:
            parsed.foreign_pages.append(str(entry.get("id"))[:64])
            continue
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
        standby = entry.get("standby")
        parsed.ignored += len(standby) if isinstance(standby, list) else 0
    return parsed


def _event(item: dict[str, Any]) -> Inbound | None:
    sender_field = item.get("sender")
    sender = sender_field.get("id") if isinstance(sender_field, dict) else None
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
        mid = postback.get("mid")
        key = mid if isinstance(mid, str) and mid else f"{sender}:{timestamp}:postback:{payload}"
        referral = postback.get("referral") if isinstance(postback.get("referral"), dict) else None
        return Inbound(sender, POSTBACK, payload, str(key), timestamp, referral=referral)
    if isinstance(item.get("referral"), dict):
        referral = item["referral"]
        ref = referral.get("ref")
        ref = ref if isinstance(ref, str) else ""
        key = f"{sender}:{timestamp}:referral:{ref}"
        return Inbound(sender, REFERRAL, ref, key, timestamp, referral=referral)
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
