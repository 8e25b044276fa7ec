"""Build Send API `message` objects that Facebook accepts: its documented limits, enforced here.

Limits (developers.facebook.com/docs/messenger-platform/reference/...): text 2,000 characters;
quick replies at most 13, titles 20 characters, payloads 1,000; button template text 640 and 1-3
buttons, button titles 20; generic template at most 10 elements, title and subtitle 80, 3 buttons
each. Lengths are counted in UTF-16 code units (what the Graph API's JavaScript-era limits count),
which is never less than Python's count, so a clipped string is accepted under either reading.
Long texts are split on word boundaries, extra buttons go to further templates, extra elements to
further carousels; only what cannot be split (a title) is clipped with an ellipsis.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

log = logging.getLogger(__name__)

TEXT_MAX = 2000
TEMPLATE_TEXT_MAX = 640
QUICK_REPLIES_MAX = 13
QUICK_REPLY_TITLE_MAX = 20
BUTTONS_MAX = 3
BUTTON_TITLE_MAX = 20
PAYLOAD_MAX = 1000
ELEMENTS_MAX = 10
ELEMENT_TITLE_MAX = 80
ELEMENT_SUBTITLE_MAX = 80
RECEIPT_ELEMENTS_MAX = 100
ELLIPSIS = "…"

Message = dict[str, Any]


class InvalidReceipt(ValueError):
    """A receipt payload lacks a field Facebook requires; the message names it."""


def units(text: str) -> int:
    """Length in UTF-16 code units: an emoji counts 2."""
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` units (never half a surrogate pair)."""
    total = 0
    for index, char in enumerate(text):
        total += 2 if ord(char) > 0xFFFF else 1
        if total > limit:
            return text[:index]
    return text


def clip(text: str, limit: int) -> str:
    """`text` if it fits, else its start and an ellipsis, `limit` units in all."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if units(text) <= limit:
        return text
    return _cut(text, limit - 1).rstrip() + ELLIPSIS


def split_text(text: str, limit: int = TEXT_MAX) -> list[str]:
    """Chunks of at most `limit` units, cut at a paragraph, line or word boundary when possible."""
    text = text.strip()
    chunks: list[str] = []
    while units(text) > limit:
        head = _cut(text, limit)
        cut = max(head.rfind(sep) for sep in ("\n\n", "\n", " "))
        if cut <= 0:
            cut = len(head)  # one word longer than the limit: cut it
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        chunks.append(text)
    return chunks


def text_messages(text: str) -> list[Message]:
    return [{"text": chunk} for chunk in split_text(text)]


def _is_web_url(url: Any) -> bool:
    return isinstance(url, str) and url.startswith(("https://", "http://")) and len(url) <= 2000


def _payload(raw: Mapping[str, Any], title: str) -> str:
    """The payload, or the title when there is none (Facebook requires a non-blank one)."""
    payload = str(raw.get("payload") or "")
    return payload if payload.strip() else title


def button(raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """A Rasa button as a Messenger button, or None (logged) when it cannot be one."""
    title = str(raw.get("title") or "").strip()
    kind = raw.get("type") or ("web_url" if raw.get("url") else "postback")
    if not title:
        log.warning("dropped a button without a title")
        return None
    if kind == "web_url":
        if not _is_web_url(raw.get("url")):
            log.warning("dropped button %r: url must be http(s)", title)
            return None
        return {"type": "web_url", "title": clip(title, BUTTON_TITLE_MAX), "url": raw["url"]}
    if kind in {"postback", "phone_number"}:
        payload = _payload(raw, title)
        if units(payload) > PAYLOAD_MAX:
            log.warning("dropped button %r: payload over %d characters", title, PAYLOAD_MAX)
            return None
        return {"type": kind, "title": clip(title, BUTTON_TITLE_MAX), "payload": payload}
    log.warning("dropped button %r: type %r is not supported", title, kind)
    return None


def _buttons(raw: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [b for b in (button(item) for item in raw) if b is not None]


def _template(payload: dict[str, Any]) -> Message:
    return {"attachment": {"type": "template", "payload": payload}}


def button_messages(text: str, buttons: Iterable[Mapping[str, Any]], more: str) -> list[Message]:
    """Text with buttons: a button template per 3 buttons; `more` heads the extra templates."""
    converted = _buttons(buttons)
    parts = split_text(text) or [more]
    if not converted:
        return [{"text": part} for part in parts]
    *lead, last = parts
    if units(last) > TEMPLATE_TEXT_MAX:
        *extra, last = split_text(last, TEMPLATE_TEXT_MAX)
        lead += extra
    messages: list[Message] = [{"text": part} for part in lead]
    for start in range(0, len(converted), BUTTONS_MAX):
        group = converted[start : start + BUTTONS_MAX]
        heading = last if start == 0 else more
        messages.append(_template({"template_type": "button", "text": heading, "buttons": group}))
    return messages


def quick_reply(raw: Mapping[str, Any]) -> dict[str, Any] | None:
    kind = raw.get("content_type") or "text"
    if kind in {"user_email", "user_phone_number"}:
        return {"content_type": kind}
    title = str(raw.get("title") or "").strip()
    payload = _payload(raw, title)
    if kind != "text" or not title or units(payload) > PAYLOAD_MAX:
        log.warning("dropped quick reply %r (type %r)", title, kind)
        return None
    reply = {
        "content_type": "text",
        "title": clip(title, QUICK_REPLY_TITLE_MAX),
        "payload": payload,
    }
    if _is_web_url(raw.get("image_url")):
        reply["image_url"] = raw["image_url"]
    return reply


def quick_reply_messages(
    text: str, replies: Iterable[Mapping[str, Any]], empty: str
) -> list[Message]:
    """Text (split if long) with at most 13 quick replies on its last part."""
    converted = [r for r in (quick_reply(item) for item in replies) if r is not None]
    if len(converted) > QUICK_REPLIES_MAX:
        log.warning("kept the first %d of %d quick replies", QUICK_REPLIES_MAX, len(converted))
        converted = converted[:QUICK_REPLIES_MAX]
    messages = text_messages(text) or [{"text": empty}]
    if converted:
        messages[-1]["quick_replies"] = converted
    return messages


def element(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A generic-template element: title, subtitle (the price), image, up to 3 buttons."""
    title = str(raw.get("title") or raw.get("subtitle") or "").strip() or ELLIPSIS
    out: dict[str, Any] = {"title": clip(title, ELEMENT_TITLE_MAX)}
    subtitle = clip(str(raw.get("subtitle") or ""), ELEMENT_SUBTITLE_MAX)
    if subtitle:
        out["subtitle"] = subtitle
    if _is_web_url(raw.get("image_url")):
        out["image_url"] = raw["image_url"]
    action = raw.get("default_action")
    if isinstance(action, Mapping) and _is_web_url(action.get("url")):
        out["default_action"] = {"type": "web_url", "url": action["url"]}
    buttons = _buttons(raw.get("buttons") or [])
    if len(buttons) > BUTTONS_MAX:
        log.warning("element %r: kept %d of %d buttons", title, BUTTONS_MAX, len(buttons))
    if buttons:
        out["buttons"] = buttons[:BUTTONS_MAX]
    return out


def carousel_messages(elements: Iterable[Mapping[str, Any]]) -> list[Message]:
    """Generic templates of at most 10 elements each, in order."""
    converted = [element(item) for item in elements]
    return [
        _template({"template_type": "generic", "elements": converted[start : start + ELEMENTS_MAX]})
        for start in range(0, len(converted), ELEMENTS_MAX)
    ]


def image_message(url: str) -> list[Message]:
    if not _is_web_url(url):
        log.warning("dropped an image whose url is not http(s)")
        return []
    return [{"attachment": {"type": "image", "payload": {"url": url, "is_reusable": True}}}]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def receipt_message(receipt: Mapping[str, Any]) -> Message:
    """A receipt template; InvalidReceipt names the first missing or wrong required field."""
    for name in ("recipient_name", "order_number", "currency", "payment_method"):
        if not isinstance(receipt.get(name), str) or not receipt[name]:
            raise InvalidReceipt(f"receipt.{name} is required (a non-empty string)")
    summary = receipt.get("summary")
    if not isinstance(summary, Mapping) or not _number(summary.get("total_cost")):
        raise InvalidReceipt("receipt.summary.total_cost is required (a number)")
    elements = list(receipt.get("elements") or [])
    for index, item in enumerate(elements):
        if not isinstance(item, Mapping) or not item.get("title") or not _number(item.get("price")):
            raise InvalidReceipt(f"receipt.elements[{index}] needs a title and a numeric price")
    payload = {**receipt, "template_type": "receipt"}
    if elements:
        payload["elements"] = [
            {k: v for k, v in item.items() if k != "image_url" or _is_web_url(v)}
            for item in elements[:RECEIPT_ELEMENTS_MAX]
        ]
    return _template(payload)
