"""Reading webhook bodies: every entry and item, echoes and receipts ignored, structure checked."""

from __future__ import annotations

import pytest

from assistant.channels.webhook_events import (
    ATTACHMENT,
    POSTBACK,
    QUICK_REPLY,
    REFERRAL,
    TEXT,
    MalformedWebhook,
    parse,
)


def item(sender: str, **event: object) -> dict:
    return {"sender": {"id": sender}, "recipient": {"id": "page"}, "timestamp": 1, **event}


def body(*entries: list[dict]) -> dict:
    return {"object": "page", "entry": [{"id": "page", "time": 1, "messaging": m} for m in entries]}


def test_every_entry_and_every_item_in_order() -> None:
    parsed = parse(
        body(
            [
                item("a", message={"mid": "m1", "text": "hi"}),
                item("b", message={"mid": "m2", "text": "red shoes"}),
            ],
            [item("a", postback={"mid": "m3", "title": "Add", "payload": "/add_to_cart"})],
        )
    )
    assert [(e.sender_id, e.kind, e.text, e.dedupe_key) for e in parsed.events] == [
        ("a", TEXT, "hi", "m1"),
        ("b", TEXT, "red shoes", "m2"),
        ("a", POSTBACK, "/add_to_cart", "m3"),
    ]
    assert parsed.ignored == 0


def test_quick_reply_payload_wins_over_its_title() -> None:
    event = parse(
        body(
            [item("a", message={"mid": "m", "text": "Yes", "quick_reply": {"payload": "/affirm"}})]
        )
    ).events[0]
    assert (event.kind, event.text) == (QUICK_REPLY, "/affirm")


def test_echo_delivery_read_and_unknown_kinds_are_ignored() -> None:
    parsed = parse(
        body(
            [
                item("a", message={"mid": "m1", "text": "our own", "is_echo": True}),
                item("a", delivery={"mids": ["m1"], "watermark": 1}),
                item("a", read={"watermark": 1}),
                item("a", reaction={"mid": "m1", "action": "react", "emoji": "👍"}),
                item("a", message={"text": "no mid"}),
                {"recipient": {"id": "page"}, "message": {"mid": "m9", "text": "no sender"}},
                "not an object",
            ]
        )
    )
    assert parsed.events == []
    assert parsed.ignored == 7


def test_attachments_and_referrals() -> None:
    parsed = parse(
        body(
            [
                item("a", message={"mid": "m1", "attachments": [{"type": "image", "payload": {}}]}),
                item(
                    "a", message={"mid": "m2", "attachments": [{"type": "location", "payload": {}}]}
                ),
                item("a", referral={"ref": "/search_product", "source": "SHORTLINK"}),
            ]
        )
    )
    kinds = [(e.kind, e.attachment_type, e.text) for e in parsed.events]
    assert kinds == [
        (ATTACHMENT, "image", ""),
        (ATTACHMENT, "location", ""),
        (REFERRAL, None, "/search_product"),
    ]
    assert parsed.events[2].referral == {"ref": "/search_product", "source": "SHORTLINK"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ([], "not a JSON object"),
        ({"object": "instagram", "entry": []}, "'object'"),
        ({"object": "page"}, "'entry'"),
        ({"object": "page", "entry": ["x"]}, r"entry\[0\]"),
        ({"object": "page", "entry": [{"messaging": {}}]}, r"entry\[0\].messaging"),
    ],
)
def test_wrong_structures_are_refused_with_the_field(payload: object, field: str) -> None:
    with pytest.raises(MalformedWebhook, match=field):
        parse(payload)


def test_entries_of_another_page_are_skipped_and_named() -> None:
    item = {"sender": {"id": "u1"}, "timestamp": 1, "message": {"mid": "m1", "text": "hi"}}
    body = {
        "object": "page",
        "entry": [{"id": "other", "messaging": [item]}, {"id": "ours", "messaging": [item]}],
    }
    parsed = parse(body, page_id="ours")
    assert [e.sender_id for e in parsed.events] == ["u1"]
    assert parsed.foreign_pages == ["other"]
    assert len(parse(body).events) == 2  # no page id: nothing checked
