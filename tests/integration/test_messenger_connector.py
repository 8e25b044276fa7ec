"""The real connector (Rasa venv, Sanic) against a fake Graph API that judges every request."""

from __future__ import annotations

import json
import time

import pytest

from assistant.channels.signature import sign
from testkit.messenger import SECRET, TOKEN, VERIFY, Harness, page_body, script, text_item
from testkit.net import LOOPBACK, wait_for


def test_subscription_is_verified_only_with_our_token(harness: Harness) -> None:
    ok = LOOPBACK.get(
        harness.webhook,
        params={"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"},
    )
    assert (ok.status_code, ok.text) == (200, "1158201444")
    wrong = LOOPBACK.get(
        harness.webhook,
        params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
    )
    assert wrong.status_code == 403 and "1" not in wrong.text


def test_a_message_reaches_the_dialogue_and_the_reply_reaches_graph(harness: Harness) -> None:
    response = harness.post(page_body(text_item("psid-1", "hello", "mid-1")))
    assert response.status_code == 200
    wait_for(lambda: harness.graph.messages("psid-1"))
    [received] = harness.received()
    assert received["sender"] == "psid-1" and received["text"] == "hello"
    assert received["input_channel"] == "messenger" and received["message_id"] == "mid-1"
    assert harness.graph.messages("psid-1") == [{"text": "echo: hello"}]
    body = harness.graph.accepted[0]
    assert body["messaging_type"] == "RESPONSE" and body["recipient"] == {"id": "psid-1"}


def test_a_message_asking_two_things_reaches_the_dialogue_as_two(harness: Harness) -> None:
    said = "Add the red mug please. Is it dishwasher safe?"
    assert harness.post(page_body(text_item("psid-9", said, "mid-9"))).status_code == 200
    wait_for(lambda: len(harness.graph.messages("psid-9")) == 2)
    received = harness.received()
    assert [(r["text"], r["message_id"]) for r in received] == [
        ("Add the red mug please.", "mid-9:1"),
        ("Is it dishwasher safe?", "mid-9:2"),
    ]
    assert harness.graph.messages("psid-9") == [
        {"text": "echo: Add the red mug please."},
        {"text": "echo: Is it dishwasher safe?"},
    ]


def test_every_entry_of_a_batch_in_order_per_sender(harness: Harness) -> None:
    # a's first message is slow: its second must still come after it, b is not held up.
    body = page_body(
        text_item("a", script({"text": "a1"}, sleep=1.0), "m-a1"),
        text_item("b", script({"text": "b1"}), "m-b1"),
        text_item("a", script({"text": "a2"}), "m-a2"),
    )
    started = time.monotonic()
    assert harness.post(body).status_code == 200
    assert time.monotonic() - started < 0.9  # answered before the slow turn ends
    wait_for(lambda: len(harness.graph.messages()) == 3, timeout=10)
    order = [message["text"] for message in harness.graph.messages()]
    assert order.index("a1") < order.index("a2")
    assert order.index("b1") < order.index("a1")


def test_redelivered_messages_are_handled_once(harness: Harness) -> None:
    body = page_body(text_item("psid-2", "once", "mid-dup"))
    assert harness.post(body).status_code == 200
    assert harness.post(body).status_code == 200  # Facebook retrying: same body, same signature
    wait_for(lambda: harness.graph.messages("psid-2"))
    time.sleep(0.5)
    assert [r["text"] for r in harness.received()] == ["once"]
    assert len(harness.graph.messages("psid-2")) == 1


def test_quick_replies_postbacks_and_referrals_reach_the_dialogue_as_payloads(
    harness: Harness,
) -> None:
    base = {"sender": {"id": "psid-3"}, "recipient": {"id": "page"}, "timestamp": 5}
    body = page_body(
        {**base, "message": {"mid": "q1", "text": "Yes", "quick_reply": {"payload": "/affirm"}}},
        {**base, "postback": {"mid": "p1", "title": "Get Started", "payload": "/greet"}},
        {**base, "referral": {"ref": "summer-ad", "source": "ADS", "type": "OPEN_THREAD"}},
    )
    assert harness.post(body).status_code == 200
    wait_for(lambda: len(harness.received()) == 3)
    received = harness.received()
    assert [r["text"] for r in received] == ["/affirm", "/greet", "/greet"]
    assert received[2]["metadata"]["messenger"]["referral"]["ref"] == "summer-ad"


@pytest.mark.parametrize(
    ("attachment", "language", "expected"),
    [
        ({"type": "image", "payload": {"url": "https://x.test/a.jpg"}}, "en", "picture"),
        ({"type": "location", "payload": {}}, "en", "location"),
        (
            {"type": "image", "payload": {"url": "https://x.test/a.jpg"}},
            "fr",
            "Merci pour la photo",
        ),
    ],
)
def test_attachments_get_a_polite_answer_in_the_shoppers_language(
    harness: Harness, attachment: dict, language: str, expected: str
) -> None:
    sender = f"psid-att-{language}-{attachment['type']}"
    LOOPBACK.post(f"{harness.url}/harness/language", json={"sender": sender, "language": language})
    item = {
        "sender": {"id": sender},
        "recipient": {"id": "page"},
        "message": {"mid": f"att-{sender}", "attachments": [attachment]},
    }
    assert harness.post(page_body(item)).status_code == 200
    wait_for(lambda: harness.graph.messages(sender))
    [message] = harness.graph.messages(sender)
    assert expected in message["text"]
    assert harness.received() == []  # answered by the connector, not the dialogue


def test_limits_hold_for_what_the_bot_asks_to_send(harness: Harness) -> None:
    long_text = "The quick brown fox jumps over the lazy dog. " * 100  # 4,500 characters
    replies = [
        {"text": long_text},
        {
            "text": "Pick a size",
            "quick_replies": [
                {"title": f"Size EU {n} (wide fit)", "payload": f"/size{n}"} for n in range(30, 46)
            ],
        },
        {
            "text": "Choose",
            "buttons": [{"title": f"Option number {n}", "payload": f"/o{n}"} for n in range(5)],
        },
        {
            "elements": [
                {
                    "title": "T" * 100,
                    "subtitle": "€9.99 · Brand " + "x" * 90,
                    "image_url": "https://img.test/1.jpg",
                    "buttons": [{"title": "Add", "payload": "/a"}] * 4,
                }
                for _ in range(12)
            ]
        },
    ]
    assert (
        harness.post(page_body(text_item("psid-4", script(*replies), "mid-4"))).status_code == 200
    )
    wait_for(lambda: len(harness.graph.messages("psid-4")) == 8, timeout=10)
    assert harness.graph.rejected == []
    messages = harness.graph.messages("psid-4")
    texts = [m["text"] for m in messages if "text" in m and "quick_replies" not in m]
    assert " ".join(texts).split() == long_text.split() and len(texts) == 3
    [with_replies] = [m for m in messages if "quick_replies" in m]
    assert len(with_replies["quick_replies"]) == 13
    templates = [m["attachment"]["payload"] for m in messages if "attachment" in m]
    buttons = [p for p in templates if p["template_type"] == "button"]
    assert [len(p["buttons"]) for p in buttons] == [3, 2]
    carousels = [p for p in templates if p["template_type"] == "generic"]
    assert [len(p["elements"]) for p in carousels] == [10, 2]
    assert all(
        len(e["buttons"]) == 3 and len(e["title"]) == 80 for p in carousels for e in p["elements"]
    )


def test_transient_graph_errors_are_retried(harness: Harness) -> None:
    harness.graph.fail_next(
        (500, {"error": {"message": "Service unavailable", "code": 2}}),
        (
            400,
            {
                "error": {
                    "message": "(#613) Calls to this api have exceeded the rate limit.",
                    "code": 613,
                }
            },
        ),
    )
    assert harness.post(page_body(text_item("psid-5", "retry me", "mid-5"))).status_code == 200
    wait_for(lambda: harness.graph.messages("psid-5"), timeout=10)
    assert harness.graph.attempts == 3
    assert harness.graph.messages("psid-5") == [{"text": "echo: retry me"}]


def test_a_refused_send_is_logged_without_the_token_and_the_conversation_goes_on(
    harness: Harness,
) -> None:
    harness.graph.fail_next(
        (
            400,
            {
                "error": {
                    "message": f"(#100) bad param, token {TOKEN}",
                    "code": 100,
                    "fbtrace_id": "Atrace1",
                }
            },
        )
    )
    first = script({"text": "refused"}, {"text": "still here"})
    assert harness.post(page_body(text_item("psid-6", first, "mid-6"))).status_code == 200
    wait_for(lambda: harness.graph.messages("psid-6"))
    assert harness.graph.attempts == 2  # a 400 that is not a rate limit is not retried
    assert harness.graph.messages("psid-6") == [{"text": "still here"}]
    log = wait_for(lambda: "Atrace1" in harness.log.read_text() and harness.log.read_text())
    assert "code 100" in log and TOKEN not in log


def test_typing_on_is_sent_when_a_turn_is_slow(harness: Harness) -> None:
    body = page_body(text_item("psid-7", script({"text": "done"}, sleep=1.2), "mid-7"))
    assert harness.post(body).status_code == 200
    wait_for(lambda: harness.graph.messages("psid-7"), timeout=10)
    actions = [b.get("sender_action") or b["message"]["text"] for b in harness.graph.accepted]
    assert actions == ["typing_on", "done"]
    quick = page_body(text_item("psid-7", "fast", "mid-7b"))
    harness.graph.reset()
    harness.post(quick)
    wait_for(lambda: harness.graph.messages("psid-7"))
    time.sleep(0.7)
    assert [b.get("sender_action") for b in harness.graph.accepted] == [None]


def test_bot_initiated_receipt_reaches_messenger(harness: Harness) -> None:
    receipt = {
        "recipient_name": "Ada",
        "order_number": "ORD-0042",
        "currency": "EUR",
        "payment_method": "Card",
        "summary": {"total_cost": 9.99},
        "elements": [{"title": "Basic Crew Neck T-Shirt", "quantity": 1, "price": 9.99}],
    }
    LOOPBACK.post(
        f"{harness.url}/harness/trigger",
        json={"sender": "psid-8", "reply": [{"custom": {"receipt": receipt}}]},
    ).raise_for_status()
    [message] = harness.graph.messages("psid-8")
    assert message["attachment"]["payload"]["template_type"] == "receipt"
    assert message["attachment"]["payload"]["order_number"] == "ORD-0042"
    body = harness.graph.accepted[0]
    assert (body["messaging_type"], body["tag"]) == ("MESSAGE_TAG", "POST_PURCHASE_UPDATE")


def test_an_invalid_receipt_still_tells_the_shopper(harness: Harness) -> None:
    receipt = {"order_number": "ORD-0043", "currency": "EUR", "summary": {"total_cost": 5}}
    LOOPBACK.post(
        f"{harness.url}/harness/trigger",
        json={"sender": "psid-9", "reply": [{"custom": {"receipt": receipt}}]},
    ).raise_for_status()
    [message] = harness.graph.messages("psid-9")
    assert "ORD-0043" in message["text"] and harness.graph.rejected == []


# --- security: nothing reaches the dialogue or the Graph API ---------------------------------

BODY = page_body(text_item("intruder", "hello", "mid-sec"))


@pytest.mark.parametrize(
    ("body", "signature", "status"),
    [
        (BODY, None, 403),  # missing
        (BODY, "sha256=" + "0" * 64, 403),  # wrong
        (BODY, sign("not-our-secret", BODY), 403),  # signed by someone else
        (BODY, sign(SECRET, BODY.replace(b"hello", b"hellp")), 403),  # replayed with another body's
        (BODY, sign(SECRET, BODY).replace("sha256=", "sha1="), 403),
        (b"{not json", "sign", 400),
        (json.dumps({"object": "user", "entry": []}).encode(), "sign", 400),
        (json.dumps({"object": "page", "entry": "x"}).encode(), "sign", 400),
        (b"x" * 70_000, "sign", 413),  # over the 64 KiB limit of this harness
    ],
    ids=[
        "missing",
        "wrong",
        "other-secret",
        "other-body",
        "sha1",
        "not-json",
        "not-page",
        "bad-entry",
        "oversized",
    ],
)
def test_refused_requests_process_nothing(
    harness: Harness, body: bytes, signature: str | None, status: int
) -> None:
    assert harness.post(body, signature).status_code == status
    time.sleep(0.3)
    assert harness.received() == [] and harness.graph.attempts == 0


def test_unknown_event_kinds_are_acknowledged_and_ignored(harness: Harness) -> None:
    base = {"sender": {"id": "psid-10"}, "recipient": {"id": "page"}, "timestamp": 1}
    body = page_body(
        {**base, "reaction": {"mid": "m", "action": "react", "emoji": "❤"}},
        {**base, "delivery": {"mids": ["m"], "watermark": 1}},
        {**base, "read": {"watermark": 1}},
        {**base, "message": {"mid": "echo", "text": "ours", "is_echo": True}},
        {**base, "optin": {"ref": "x"}},
    )
    assert harness.post(body).status_code == 200
    time.sleep(0.3)
    assert harness.received() == [] and harness.graph.attempts == 0


def test_an_oversized_body_declared_by_content_length_is_refused_unread(harness: Harness) -> None:
    huge = page_body(text_item("psid-11", "y" * 200_000, "mid-11"))
    assert harness.post(huge).status_code == 413
    assert harness.received() == []
