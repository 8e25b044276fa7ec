"""What Meta's app review checks of the connector, and signed bodies of any shape, through the
real connector (Rasa venv, Sanic) against a fake Graph API that judges as Graph does."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.channels.graph_auth import appsecret_proof
from testkit.messenger import PAGE_ID, SECRET, TOKEN, Harness, page_body, text_item
from testkit.net import LOOPBACK, wait_for

RECEIPT = {
    "recipient_name": "Ada",
    "order_number": "ORD-0077",
    "currency": "EUR",
    "payment_method": "Card",
    "summary": {"total_cost": 9.99},
    "elements": [{"title": "Basic Crew Neck T-Shirt", "quantity": 1, "price": 9.99}],
}


# Finding 7: page token, appsecret_proof, page id, message tag.


def test_graph_calls_prove_the_app_secret_and_keep_the_token_out_of_urls(
    harness: Harness,
) -> None:
    assert harness.post(page_body(text_item("psid-m1", "hello", "mid-m1"))).status_code == 200
    wait_for(lambda: harness.graph.messages("psid-m1"))
    assert harness.graph.rejected == []  # the fake refuses calls without a valid proof
    assert harness.graph.queries, "no Graph call recorded"
    for query in harness.graph.queries:
        assert "access_token" not in query and TOKEN not in json.dumps(query)
        assert query["appsecret_proof"] == [appsecret_proof(SECRET, TOKEN)]


def test_entries_for_another_page_are_acknowledged_and_ignored(harness: Harness) -> None:
    ours = text_item("psid-m2", "for us", "mid-m2")
    theirs = text_item("psid-m3", "for another page", "mid-m3")
    body = {
        "object": "page",
        "entry": [
            {"id": "999000111", "time": 1, "messaging": [theirs]},
            {"id": PAGE_ID, "time": 1, "messaging": [ours]},
        ],
    }
    assert harness.post(json.dumps(body).encode()).status_code == 200
    wait_for(lambda: harness.received())
    time.sleep(0.3)  # both would be queued together: time for a wrongly accepted one to land
    assert [r["sender"] for r in harness.received()] == ["psid-m2"]
    assert "ignored entries for page(s) 999000111" in harness.log.read_text()


def test_a_receipt_outside_the_24_hour_window_is_sent_with_the_post_purchase_tag(
    harness: Harness,
) -> None:
    # A late asynchronous payment: the shopper last wrote over a day ago.
    harness.graph.window_closed.add("psid-m4")
    LOOPBACK.post(
        f"{harness.url}/harness/trigger",
        json={
            "sender": "psid-m4",
            "reply": [{"text": "Payment received"}, {"custom": {"receipt": RECEIPT}}],
        },
    ).raise_for_status()
    assert harness.graph.rejected == []
    sent = harness.graph.accepted
    assert [b["message"].get("text", "receipt") for b in sent] == ["Payment received", "receipt"]
    assert {(b["messaging_type"], b["tag"]) for b in sent} == {
        ("MESSAGE_TAG", "POST_PURCHASE_UPDATE")
    }


# Finding 9: signed but malformed bodies get a 4xx or an acknowledged no-op, never a 500.


def test_signed_bodies_of_the_wrong_shape_never_get_a_500(harness: Harness) -> None:
    deep = b'{"object": "page", "entry": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    assert harness.post(deep).status_code == 400
    odd_items = [
        {"sender": "psid-m5", "message": {"mid": "m", "text": "sender is a string"}},
        {"sender": {"id": "psid-m5"}, "postback": {"payload": "/greet", "mid": ["x"]}},
        {"sender": {"id": "psid-m5"}, "referral": {"ref": {"nested": 1}}},
    ]
    for item in odd_items:
        body = {"object": "page", "entry": [{"id": PAGE_ID, "messaging": [item], "standby": 3}]}
        assert harness.post(json.dumps(body).encode()).status_code < 500, item


# Hypothesis: any JSON, and bodies close to Messenger's, signed correctly.

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _maybe(value: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return value | ANY_JSON


MESSAGING_ITEM = st.fixed_dictionaries(
    {},
    optional={
        "sender": _maybe(st.fixed_dictionaries({"id": _maybe(st.sampled_from(["f1", "f2"]))})),
        "timestamp": ANY_JSON,
        "message": _maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "mid": ANY_JSON,
                    "text": _maybe(st.text(max_size=30)),
                    "is_echo": ANY_JSON,
                    "quick_reply": _maybe(st.fixed_dictionaries({"payload": ANY_JSON})),
                    "attachments": ANY_JSON,
                },
            )
        ),
        "postback": _maybe(
            st.fixed_dictionaries({}, optional={"payload": ANY_JSON, "mid": ANY_JSON})
        ),
        "referral": _maybe(st.fixed_dictionaries({}, optional={"ref": ANY_JSON})),
    },
)
MESSENGER_BODY = _maybe(
    st.fixed_dictionaries(
        {"object": _maybe(st.just("page"))},
        optional={
            "entry": _maybe(
                st.lists(
                    _maybe(
                        st.fixed_dictionaries(
                            {"id": _maybe(st.just(PAGE_ID))},
                            optional={
                                "messaging": _maybe(st.lists(MESSAGING_ITEM, max_size=3)),
                                "standby": ANY_JSON,
                            },
                        )
                    ),
                    max_size=3,
                )
            )
        },
    )
)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=MESSENGER_BODY)
def test_fuzzed_signed_messenger_bodies_never_get_a_5xx(harness: Harness, body: object) -> None:
    raw = json.dumps(body).encode()
    status = harness.post(raw).status_code
    assert status < 500, raw[:500]
