"""What Facebook accepts at `/me/messages` and `/me/messenger_profile`, as a checker.

Written from the Messenger Platform reference (Send API, templates, quick replies, Messenger
Profile API), independently of `send_api.py` which builds the messages: the sandbox's fake Graph
API and the tests' fake Graph server both refuse what Facebook would refuse, with the path of
the offending field. Lengths count UTF-16 code units, the stricter reading of the limits.
"""

from __future__ import annotations

from typing import Any

MESSAGING_TYPES = {"RESPONSE", "UPDATE", "MESSAGE_TAG"}
# The tags that still exist (Meta retired the others in 2020), each for its one purpose.
MESSAGE_TAGS = {"CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE", "HUMAN_AGENT"}
SENDER_ACTIONS = {"typing_on", "typing_off", "mark_seen"}
MEDIA_TYPES = {"image", "audio", "video", "file"}


def _len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, problem: str) -> None:
        self.errors.append(f"{path}: {problem}")

    def text(self, value: Any, path: str, limit: int, required: bool = True) -> None:
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip():
            self.fail(path, "required, a non-empty string")
        elif _len(value) > limit:
            self.fail(path, f"{_len(value)} characters, at most {limit}")

    def url(self, value: Any, path: str, https: bool = False) -> None:
        schemes = ("https://",) if https else ("https://", "http://")
        if not isinstance(value, str) or not value.startswith(schemes):
            self.fail(path, f"must be a {'https' if https else 'http(s)'} URL")

    def items(self, value: Any, path: str, low: int, high: int) -> list[Any]:
        if not isinstance(value, list) or not low <= len(value) <= high:
            count = len(value) if isinstance(value, list) else "not a list"
            self.fail(path, f"must be a list of {low} to {high} items (got {count})")
            return value if isinstance(value, list) else []
        return value

    def keys(self, value: dict[str, Any], path: str, allowed: set[str]) -> None:
        for key in sorted(set(value) - allowed):
            self.fail(f"{path}.{key}", "unknown field")

    def button(self, button: Any, path: str, title_max: int = 20) -> None:
        if not isinstance(button, dict):
            self.fail(path, "must be an object")
            return
        kind = button.get("type")
        self.text(button.get("title"), f"{path}.title", title_max)
        if kind == "web_url":
            self.url(button.get("url"), f"{path}.url")
            self.keys(button, path, {"type", "title", "url", "webview_height_ratio"})
        elif kind in {"postback", "phone_number"}:
            self.text(button.get("payload"), f"{path}.payload", 1000)
            if kind == "phone_number" and not str(button.get("payload", "")).startswith("+"):
                self.fail(f"{path}.payload", "a phone number starts with +")
            self.keys(button, path, {"type", "title", "payload"})
        else:
            self.fail(f"{path}.type", f"{kind!r} is not web_url, postback or phone_number")

    def number(self, value: Any, path: str) -> None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.fail(path, "required, a number")


def check_send(body: Any) -> list[str]:
    """Errors Facebook would report for this Send API request body (empty: accepted)."""
    c = _Checker()
    if not isinstance(body, dict):
        return ["body: must be a JSON object"]
    recipient = body.get("recipient")
    if not isinstance(recipient, dict) or not isinstance(recipient.get("id"), str):
        c.fail("recipient.id", "required, a string (the page-scoped id)")
    if ("message" in body) == ("sender_action" in body):
        c.fail("body", "exactly one of message and sender_action")
    c.keys(body, "body", {"recipient", "messaging_type", "message", "sender_action", "tag"})
    if "sender_action" in body:
        if body["sender_action"] not in SENDER_ACTIONS:
            c.fail("sender_action", f"must be one of {sorted(SENDER_ACTIONS)}")
        return c.errors
    if body.get("messaging_type") not in MESSAGING_TYPES:
        c.fail("messaging_type", f"required, one of {sorted(MESSAGING_TYPES)}")
    if body.get("messaging_type") == "MESSAGE_TAG" and body.get("tag") not in MESSAGE_TAGS:
        c.fail("tag", f"required with messaging_type MESSAGE_TAG, one of {sorted(MESSAGE_TAGS)}")
    message = body.get("message")
    if isinstance(message, dict):
        _message(c, message)
    elif "message" in body:
        c.fail("message", "must be an object")
    return c.errors


def _message(c: _Checker, message: dict[str, Any]) -> None:
    c.keys(message, "message", {"text", "attachment", "quick_replies", "metadata"})
    if ("text" in message) == ("attachment" in message):
        c.fail("message", "exactly one of text and attachment")
    if "text" in message:
        c.text(message["text"], "message.text", 2000)
    if "attachment" in message:
        _attachment(c, message["attachment"])
    if "quick_replies" in message:
        for index, reply in enumerate(
            c.items(message["quick_replies"], "message.quick_replies", 1, 13)
        ):
            path = f"message.quick_replies[{index}]"
            kind = reply.get("content_type") if isinstance(reply, dict) else None
            if kind == "text":
                c.text(reply.get("title"), f"{path}.title", 20)
                c.text(reply.get("payload"), f"{path}.payload", 1000)
                if "image_url" in reply:
                    c.url(reply["image_url"], f"{path}.image_url")
            elif kind not in {"user_phone_number", "user_email"}:
                c.fail(f"{path}.content_type", "must be text, user_phone_number or user_email")


def _attachment(c: _Checker, attachment: Any) -> None:
    if not isinstance(attachment, dict) or not isinstance(attachment.get("payload"), dict):
        c.fail("message.attachment", "must be an object with a payload object")
        return
    kind, payload = attachment.get("type"), attachment["payload"]
    if kind in MEDIA_TYPES:
        if "attachment_id" not in payload:
            c.url(payload.get("url"), "message.attachment.payload.url")
        return
    if kind != "template":
        c.fail("message.attachment.type", f"{kind!r} is not a media type or template")
        return
    path = "message.attachment.payload"
    template = payload.get("template_type")
    if template == "button":
        c.text(payload.get("text"), f"{path}.text", 640)
        for index, button in enumerate(c.items(payload.get("buttons"), f"{path}.buttons", 1, 3)):
            c.button(button, f"{path}.buttons[{index}]")
    elif template == "generic":
        for index, element in enumerate(
            c.items(payload.get("elements"), f"{path}.elements", 1, 10)
        ):
            _element(c, element, f"{path}.elements[{index}]")
    elif template == "receipt":
        _receipt(c, payload, path)
    else:
        c.fail(f"{path}.template_type", f"{template!r} is not button, generic or receipt")


def _element(c: _Checker, element: Any, path: str) -> None:
    if not isinstance(element, dict):
        c.fail(path, "must be an object")
        return
    c.keys(element, path, {"title", "subtitle", "image_url", "default_action", "buttons"})
    c.text(element.get("title"), f"{path}.title", 80)
    c.text(element.get("subtitle"), f"{path}.subtitle", 80, required=False)
    if "image_url" in element:
        c.url(element["image_url"], f"{path}.image_url")
    if "default_action" in element:
        action = element["default_action"]
        if not isinstance(action, dict) or action.get("type") != "web_url":
            c.fail(f"{path}.default_action", "must be a web_url action")
        else:
            c.url(action.get("url"), f"{path}.default_action.url")
    if "buttons" in element:
        for index, button in enumerate(c.items(element["buttons"], f"{path}.buttons", 1, 3)):
            c.button(button, f"{path}.buttons[{index}]")


def _receipt(c: _Checker, payload: dict[str, Any], path: str) -> None:
    for name in ("recipient_name", "order_number", "payment_method"):
        c.text(payload.get(name), f"{path}.{name}", 640)
    currency = payload.get("currency")
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
        c.fail(f"{path}.currency", "required, an ISO 4217 code such as EUR")
    summary = payload.get("summary")
    if not isinstance(summary, dict):
        c.fail(f"{path}.summary", "required, an object with total_cost")
    else:
        c.number(summary.get("total_cost"), f"{path}.summary.total_cost")
        for name in ("subtotal", "shipping_cost", "total_tax"):
            if name in summary:
                c.number(summary[name], f"{path}.summary.{name}")
    for index, element in enumerate(
        c.items(payload.get("elements", []), f"{path}.elements", 0, 100)
    ):
        epath = f"{path}.elements[{index}]"
        if not isinstance(element, dict):
            c.fail(epath, "must be an object")
            continue
        c.text(element.get("title"), f"{epath}.title", 640)
        c.number(element.get("price"), f"{epath}.price")
        if "image_url" in element:
            c.url(element["image_url"], f"{epath}.image_url")
    if "order_url" in payload:
        c.url(payload["order_url"], f"{path}.order_url")


def check_profile(body: Any, get_started_set: bool) -> list[str]:
    """Errors for a POST /me/messenger_profile body (`get_started_set`: already configured)."""
    c = _Checker()
    if not isinstance(body, dict) or not body:
        return ["body: must be a non-empty JSON object"]
    c.keys(body, "body", {"get_started", "greeting", "persistent_menu", "whitelisted_domains"})
    if "get_started" in body:
        started = body["get_started"]
        c.text(
            started.get("payload") if isinstance(started, dict) else None,
            "get_started.payload",
            1000,
        )
    if "greeting" in body:
        greetings = c.items(body["greeting"], "greeting", 1, 100)
        for index, greeting in enumerate(greetings):
            c.text((greeting or {}).get("text"), f"greeting[{index}].text", 160)
        if not any(isinstance(g, dict) and g.get("locale") == "default" for g in greetings):
            c.fail("greeting", "needs a greeting with locale 'default'")
    if "persistent_menu" in body:
        if not (get_started_set or "get_started" in body):
            c.fail("persistent_menu", "needs the get_started button to be set")
        menus = c.items(body["persistent_menu"], "persistent_menu", 1, 100)
        for index, menu in enumerate(menus):
            actions = (menu or {}).get("call_to_actions")
            for number, action in enumerate(
                c.items(actions, f"persistent_menu[{index}].call_to_actions", 1, 20)
            ):
                c.button(action, f"persistent_menu[{index}].call_to_actions[{number}]", 30)
        if not any(isinstance(m, dict) and m.get("locale") == "default" for m in menus):
            c.fail("persistent_menu", "needs a menu with locale 'default'")
    if "whitelisted_domains" in body:
        for index, domain in enumerate(
            c.items(body["whitelisted_domains"], "whitelisted_domains", 1, 50)
        ):
            c.url(domain, f"whitelisted_domains[{index}]", https=True)
    return c.errors
