"""Building Send API messages: Facebook's limits hold for any input, nothing is silently lost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.channels import send_api
from assistant.channels.send_api import InvalidReceipt, split_text, units
from assistant.channels.send_api_contract import check_send


def accepted(message: dict) -> None:
    body = {"recipient": {"id": "psid"}, "messaging_type": "RESPONSE", "message": message}
    assert check_send(body) == [], message


words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
texts = st.lists(words, min_size=1, max_size=400).map(" ".join).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(texts)
def test_split_text_keeps_every_word_within_the_limit(text: str) -> None:
    chunks = split_text(text, 200)
    assert all(0 < units(chunk) <= 200 for chunk in chunks)
    assert " ".join(chunks).split() == text.split()


def test_split_prefers_word_boundaries_and_cuts_only_giant_words() -> None:
    text = ("word " * 500).strip()  # 2,499 characters
    chunks = split_text(text)
    assert len(chunks) == 2 and all(
        chunk.split() == ["word"] * len(chunk.split()) for chunk in chunks
    )
    assert split_text("x" * 2500) == ["x" * 2000, "x" * 500]


def test_emoji_count_two_units() -> None:
    chunks = split_text("😀" * 1500)  # 3,000 UTF-16 units
    assert [units(c) for c in chunks] == [2000, 1000]


button_specs = st.fixed_dictionaries(
    {"title": words, "payload": st.text(max_size=1200)},
    optional={"type": st.sampled_from(["postback", "web_url"]), "url": st.just("https://x.test/p")},
)


@settings(max_examples=60, deadline=None)
@given(texts, st.lists(button_specs, max_size=8))
def test_button_messages_are_always_accepted(text: str, buttons: list[dict]) -> None:
    messages = send_api.button_messages(text, buttons, "More options:")
    for message in messages:
        accepted(message)
    sent = [
        b for m in messages for b in m.get("attachment", {}).get("payload", {}).get("buttons", [])
    ]
    assert len(sent) == len([b for b in buttons if send_api.button(b) is not None])


def test_more_than_three_buttons_go_to_further_templates() -> None:
    buttons = [{"title": f"Option {n}", "payload": f'/choose{{"n": {n}}}'} for n in range(7)]
    messages = send_api.button_messages("Pick one", buttons, "More:")
    payloads = [m["attachment"]["payload"] for m in messages]
    assert [p["text"] for p in payloads] == ["Pick one", "More:", "More:"]
    assert [len(p["buttons"]) for p in payloads] == [3, 3, 1]


def test_long_text_with_a_button_keeps_the_button_under_640() -> None:
    text = "lorem ipsum " * 300  # 3,600 characters
    messages = send_api.button_messages(
        text, [{"title": "Pay now", "url": "https://pay.test/x", "type": "web_url"}], ""
    )
    for message in messages:
        accepted(message)
    assert "buttons" in messages[-1]["attachment"]["payload"]
    joined = " ".join(m.get("text") or m["attachment"]["payload"]["text"] for m in messages)
    assert joined.split() == text.split()


elements = st.fixed_dictionaries(
    {"title": st.text(max_size=200), "subtitle": st.text(max_size=200)},
    optional={
        "image_url": st.sampled_from(["https://img.test/a.jpg", "not a url", ""]),
        "buttons": st.lists(button_specs, max_size=6),
    },
)


@settings(max_examples=60, deadline=None)
@given(st.lists(elements, min_size=1, max_size=25))
def test_carousels_are_always_accepted_and_keep_every_element(items: list[dict]) -> None:
    messages = send_api.carousel_messages(items)
    for message in messages:
        accepted(message)
    shown = [e for m in messages for e in m["attachment"]["payload"]["elements"]]
    assert len(shown) == len(items)
    assert len(messages) == -(-len(items) // 10)


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=3000),
    st.lists(
        st.fixed_dictionaries({"title": st.text(max_size=40), "payload": st.text(max_size=50)}),
        max_size=20,
    ),
)
def test_quick_replies_are_always_accepted(text: str, replies: list[dict]) -> None:
    messages = send_api.quick_reply_messages(text, replies, "Choose:")
    for message in messages:
        accepted(message)
    assert all("quick_replies" not in m for m in messages[:-1])


def test_fourteen_quick_replies_become_thirteen_and_titles_are_clipped() -> None:
    replies = [
        {"title": f"A rather long choice number {n}", "payload": f"/p{n}"} for n in range(14)
    ]
    [message] = send_api.quick_reply_messages("Which one?", replies, "")
    assert len(message["quick_replies"]) == 13
    assert message["quick_replies"][0]["title"] == "A rather long choic…"
    assert [r["payload"] for r in message["quick_replies"]] == [f"/p{n}" for n in range(13)]


RECEIPT = {
    "recipient_name": "Ada Lovelace",
    "order_number": "A-1001",
    "currency": "EUR",
    "payment_method": "Visa 4242",
    "summary": {"total_cost": 29.98},
    "elements": [
        {"title": "Classic Cotton T-Shirt", "quantity": 2, "price": 14.99, "currency": "EUR"}
    ],
}


def test_receipt_becomes_a_receipt_template() -> None:
    message = send_api.receipt_message(RECEIPT)
    accepted(message)
    assert message["attachment"]["payload"]["template_type"] == "receipt"
    assert message["attachment"]["payload"]["order_number"] == "A-1001"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"order_number": ""}, "order_number"),
        ({"summary": {"total_cost": "29.98"}}, "total_cost"),
        ({"elements": [{"title": "x"}]}, r"elements\[0\]"),
    ],
)
def test_an_unsendable_receipt_names_its_field(change: dict, field: str) -> None:
    with pytest.raises(InvalidReceipt, match=field):
        send_api.receipt_message({**RECEIPT, **change})
