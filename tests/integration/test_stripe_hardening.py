"""The shop web app against what an attacker holding nothing, or Stripe's own retries, could
send: oversized and malformed signed events, and the payment return page telling the truth."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.commerce.order import OrderStatus
from assistant.services.orders import cancel_for_shopper
from assistant.stripe_sandbox.objects import build_event
from testkit.net import LOOPBACK
from testkit.shop import Shop, event_count, placed, post_raw


def success_page(shop: Shop, session_id: str | None) -> str:
    page = LOOPBACK.get(f"{shop.web_url}/checkout/success", params={"session_id": session_id or ""})
    assert page.status_code == 200
    return page.text


# Finding 8: the success page, and the size of a webhook body.


def test_the_success_page_says_where_the_payment_stands(shop: Shop) -> None:
    order_id, url = placed(shop, "page-1")
    session = shop.order(order_id).stripe_session_id
    # Stripe sends the shopper back before its event: nothing is paid yet.
    pending = success_page(shop, session)
    assert "being confirmed" in pending and "Payment received" not in pending
    shop.pay(url)
    shop.wait_status(order_id, OrderStatus.PAID)
    assert "Payment received" in success_page(shop, session)

    shop.buy("page-2")
    french = shop.checkout("page-2", language="fr").order
    assert "en cours de confirmation" in success_page(shop, french.stripe_session_id)
    cancel_for_shopper(shop.uow, shop.gateway, "page-2", french.number)
    closed = success_page(shop, french.stripe_session_id)
    assert "n'est pas payée" in closed and "reçu" not in closed

    unknown = success_page(shop, "cs_test_not_ours")
    assert "received" not in unknown.lower() and "ORD" not in unknown
    assert "received" not in success_page(shop, None).lower()


def test_an_oversized_signed_stripe_event_is_refused_before_it_is_read(shop: Shop) -> None:
    padding = {"description": "x" * (5 * 1024 * 1024)}
    event = build_event("customer.updated", padding, int(time.time()), 1)
    answer = post_raw(shop, json.dumps(event).encode())
    assert answer.status_code == 413
    assert event_count(shop) == 0


# Finding 9: signed, but not an event Stripe sends.


def test_signed_bodies_of_the_wrong_shape_get_a_4xx_never_a_500(shop: Shop) -> None:
    order_id, _ = placed(shop, "page-3")
    session = {"id": shop.order(order_id).stripe_session_id, "object": "checkout.session"}
    bodies: list[object] = [
        [],  # JSON, but not an object
        "evt",
        {"id": "evt_1", "type": "checkout.session.completed", "data": []},
        build_event("checkout.session.completed", {**session, "metadata": ["order_id"]}, 1, 1),
        build_event("checkout.session.completed", {**session, "amount_total": "12"}, 1, 1),
        build_event("charge.refunded", {"metadata": {"order_id": "²"}, "amount_refunded": 1}, 1, 1),
        build_event("charge.refunded", {"amount_refunded": 10**30}, 1, 1),
        {**build_event("x", {}, 1, 1), "id": "evt_" + "9" * 300},
    ]
    for body in bodies:
        answer = post_raw(shop, json.dumps(body).encode())
        assert 400 <= answer.status_code < 500 or answer.status_code == 200, (body, answer)
    assert shop.order(order_id).status == OrderStatus.PENDING_PAYMENT


# Hypothesis: signed bodies near Stripe's events, and any JSON at all.

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
EVENT_TYPES = st.sampled_from(
    [
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.expired",
        "charge.refunded",
        "customer.created",
    ]
)


def _maybe(value: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return value | ANY_JSON


STRIPE_OBJECT = st.fixed_dictionaries(
    {},
    optional={
        "id": _maybe(st.text(min_size=1, max_size=30)),
        "metadata": _maybe(
            st.fixed_dictionaries(
                {}, optional={"order_id": _maybe(st.integers(-5, 10**12).map(str))}
            )
        ),
        "payment_status": _maybe(st.sampled_from(["paid", "unpaid"])),
        "amount_total": ANY_JSON,
        "amount_refunded": ANY_JSON,
        "currency": _maybe(st.sampled_from(["eur", "usd"])),
        "payment_intent": ANY_JSON,
        "client_reference_id": ANY_JSON,
    },
)
STRIPE_BODY = _maybe(
    st.fixed_dictionaries(
        {},
        optional={
            "id": _maybe(st.text(min_size=1, max_size=40).map(lambda s: f"evt_{s}")),
            "type": _maybe(EVENT_TYPES),
            "object": st.just("event"),
            "data": _maybe(st.fixed_dictionaries({"object": _maybe(STRIPE_OBJECT)})),
        },
    )
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=STRIPE_BODY)
def test_fuzzed_signed_stripe_bodies_never_get_a_5xx(shop: Shop, body: object) -> None:
    raw = json.dumps(body).encode()
    assert post_raw(shop, raw).status_code < 500, raw[:500]
