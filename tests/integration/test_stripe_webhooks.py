"""Signed Stripe webhooks into the real web app: once per event, forward only, money checked."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from assistant.bootstrap import shopper_notifier
from assistant.commerce.errors import UnknownOrder
from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.clock import utcnow
from assistant.kernel.database import session_scope
from assistant.services.orders import (
    cancel_for_shopper,
    close_unpaid_order,
    refund_order,
    sweep_overdue_orders,
)
from assistant.services.receipts import send_pending_receipts
from assistant.stripe_sandbox.objects import build_event
from testkit.net import LOOPBACK, wait_for
from testkit.shop import RASA_TOKEN, Shop, completed_event, event_count, placed


def jwt_signed_with(authorization: str, token: str) -> bool:
    """`Bearer <JWT>` whose HS256 signature is made with `token` (what Rasa's JWT check does)."""
    scheme, _, jwt = authorization.partition(" ")
    signed, _, signature = jwt.rpartition(".")
    expected = hmac.new(token.encode(), signed.encode(), hashlib.sha256).digest()
    return scheme == "Bearer" and base64.urlsafe_b64decode(signature + "==") == expected


def receipt_attempts(shop: Shop, order_id: int) -> int:
    """The outbox's failed attempts for the order (not part of what `OrderView` shows)."""
    with shop.uow as uow:
        order = uow.orders.get(order_id)
        assert order is not None
        return order.receipt_attempts


def test_paying_marks_the_order_paid_once_and_sends_the_receipt(shop: Shop) -> None:
    order_id, url = placed(shop, "w1", quantity=2)
    stock = shop.stock()
    shop.pay(url)
    order = shop.wait_status(order_id, OrderStatus.PAID)
    assert order.paid_at is not None and order.payment_intent_id
    assert shop.stock() == stock  # the reservation became the sale
    wait_for(lambda: shop.order(order_id).receipt_sent_at is not None)
    [call] = shop.rasa.calls
    assert call.path == "/conversations/w1/trigger_intent"
    # Issue 13, finding 2: the token signs a JWT in a header; it is not in the URL.
    assert call.query == {"output_channel": ["latest"]}
    assert jwt_signed_with(call.authorization, RASA_TOKEN)
    assert call.body == {"name": "payment_received", "entities": {"order_id": order.number}}


def test_a_replayed_event_is_acknowledged_and_does_nothing(shop: Shop) -> None:
    order_id, _ = placed(shop, "w2")
    event = completed_event(shop, shop.order(order_id))
    assert shop.post_event(event).json() == {"status": "processed"}
    assert shop.post_event(event).json() == {"status": "duplicate"}
    assert shop.order(order_id).status == OrderStatus.PAID
    assert event_count(shop) == 1
    wait_for(lambda: shop.order(order_id).receipt_sent_at is not None)
    assert len(shop.rasa.calls) == 1  # one receipt, not two


def test_bad_or_stale_signatures_are_refused_with_no_change(shop: Shop) -> None:
    order_id, _ = placed(shop, "w3")
    event = completed_event(shop, shop.order(order_id))
    assert shop.post_event(event, secret="whsec_wrong").status_code == 400
    stale = int(time.time()) - 301  # outside Stripe's 300 s tolerance
    assert shop.post_event(event, timestamp=stale).status_code == 400
    unsigned = LOOPBACK.post(f"{shop.web_url}/webhooks/stripe", json=event, timeout=10)
    assert unsigned.status_code == 400
    assert event_count(shop) == 0
    assert shop.order(order_id).status == OrderStatus.PENDING_PAYMENT


def test_amount_or_currency_mismatch_holds_the_order_for_review(shop: Shop) -> None:
    order_id, _ = placed(shop, "w4")
    order = shop.order(order_id)
    short = completed_event(shop, order, amount_total=order.total_minor - 1)
    assert shop.post_event(short).json() == {"status": "review"}
    dollars = completed_event(shop, order, currency="usd")
    assert shop.post_event(dollars).json() == {"status": "review"}
    held = shop.order(order_id)
    assert held.status == OrderStatus.PENDING_PAYMENT and held.needs_review
    assert "USD" in (held.review_reason or "")
    assert not shop.rasa.calls


def test_expiry_from_the_payment_page_returns_the_stock(shop: Shop) -> None:
    stock = shop.stock()
    order_id, url = placed(shop, "w5", quantity=3)
    assert shop.stock() == stock - 3
    LOOPBACK.post(f"{url}/expire", timeout=10).raise_for_status()
    shop.wait_status(order_id, OrderStatus.EXPIRED)
    assert shop.stock() == stock


def test_cancel_expires_the_stripe_session_first(shop: Shop) -> None:
    stock = shop.stock()
    order_id, url = placed(shop, "w6")
    state = close_unpaid_order(shop.uow, shop.gateway, order_id, OrderStatus.CANCELLED)
    assert state == OrderStatus.CANCELLED and shop.stock() == stock
    stripe_session = shop.stripe().v1.checkout.sessions.retrieve(
        shop.order(order_id).stripe_session_id
    )
    assert stripe_session.status == "expired"
    assert LOOPBACK.post(f"{url}/pay", timeout=10).status_code == 409  # it can no longer be paid
    # Stripe's own checkout.session.expired arrives afterwards and changes nothing.
    wait_for(lambda: event_count(shop) == 1)
    assert shop.order(order_id).status == OrderStatus.CANCELLED and shop.stock() == stock


def test_cancelling_a_paid_order_leaves_it_paid(shop: Shop) -> None:
    order_id, url = placed(shop, "w7")
    shop.pay(url)
    shop.wait_status(order_id, OrderStatus.PAID)
    state = close_unpaid_order(shop.uow, shop.gateway, order_id, OrderStatus.CANCELLED)
    assert state == OrderStatus.PAID


def test_a_late_payment_for_an_expired_order_is_flagged_not_paid(shop: Shop) -> None:
    stock = shop.stock()
    order_id, _ = placed(shop, "w8")
    close_unpaid_order(shop.uow, shop.gateway, order_id)
    assert shop.post_event(completed_event(shop, shop.order(order_id))).json() == {
        "status": "review"
    }
    order = shop.order(order_id)
    assert order.status == OrderStatus.EXPIRED and order.needs_review
    assert "expired" in (order.review_reason or "")
    assert shop.stock() == stock  # no sale without the reservation
    assert not shop.rasa.calls


def test_refund_through_stripe_sends_charge_refunded_and_ends_refunded(shop: Shop) -> None:
    order_id, url = placed(shop, "w9")
    shop.pay(url)
    shop.wait_status(order_id, OrderStatus.PAID)
    number = shop.order(order_id).number
    assert refund_order(shop.uow, shop.gateway, number).status == OrderStatus.REFUNDED
    assert refund_order(shop.uow, shop.gateway, number).status == OrderStatus.REFUNDED  # again
    # The sandbox sends the charge.refunded Stripe would: exactly one refund, harmless here.
    refunds = shop.stripe().v1.refunds.list(
        params={"payment_intent": shop.order(order_id).payment_intent_id}
    )
    assert [refund.amount for refund in refunds.data] == [shop.order(order_id).total_minor]
    wait_for(lambda: event_count(shop) == 2)  # completed + charge.refunded
    order = shop.order(order_id)
    assert order.status == OrderStatus.REFUNDED and order.refunded_minor == order.total_minor


def test_a_refund_event_before_the_payment_event_still_ends_refunded(shop: Shop) -> None:
    order_id, _ = placed(shop, "w10")
    order = shop.order(order_id)
    charge = {
        "id": "ch_early",
        "object": "charge",
        "amount": order.total_minor,
        "amount_refunded": order.total_minor,
        "currency": "eur",
        "payment_intent": "pi_late_1",
        "metadata": {"order_id": str(order_id)},
    }
    refund = build_event("charge.refunded", charge, int(time.time()), 1)
    assert shop.post_event(refund).json() == {"status": "processed"}
    assert shop.order(order_id).status == OrderStatus.PENDING_PAYMENT
    assert shop.post_event(completed_event(shop, order)).json() == {"status": "processed"}
    assert shop.order(order_id).status == OrderStatus.REFUNDED
    assert not shop.rasa.calls  # no "thanks for paying" for money already given back


def test_rasa_down_never_fails_the_webhook_and_the_outbox_catches_up(shop: Shop) -> None:
    shop.rasa.failing = True
    order_id, url = placed(shop, "w11")
    shop.pay(url)
    shop.wait_status(order_id, OrderStatus.PAID)
    wait_for(lambda: receipt_attempts(shop, order_id) == 1)
    assert len(shop.rasa.calls) == 3  # one attempt = three quick tries
    assert shop.order(order_id).receipt_sent_at is None
    shop.rasa.failing = False
    notifier = shopper_notifier(shop.settings)
    assert send_pending_receipts(shop.uow, notifier, grace=timedelta(0)) == 1
    assert shop.order(order_id).receipt_sent_at is not None
    assert send_pending_receipts(shop.uow, notifier, grace=timedelta(0)) == 0


def overdue(shop: Shop, order_id: int) -> None:
    with session_scope(shop.db) as session:
        order = session.get(Order, order_id)
        order.expires_at = utcnow() - timedelta(minutes=1)


def test_sweep_expires_overdue_reservations_at_stripe_and_here(shop: Shop) -> None:
    stock = shop.stock()
    order_id, _ = placed(shop, "w12", quantity=2)
    fresh_id, _ = placed(shop, "w13")
    overdue(shop, order_id)
    report = sweep_overdue_orders(shop.uow, shop.gateway)
    assert report.expired == [order_id] and not report.paid
    assert shop.order(order_id).status == OrderStatus.EXPIRED
    assert shop.order(fresh_id).status == OrderStatus.PENDING_PAYMENT
    assert shop.stock() == stock - 1
    session = shop.stripe().v1.checkout.sessions.retrieve(shop.order(order_id).stripe_session_id)
    assert session.status == "expired"


def test_sweep_finds_a_payment_whose_webhook_was_lost(start_shop: Callable[..., Shop]) -> None:
    shop = start_shop(webhooks=False)  # Stripe's events never arrive
    order_id, url = placed(shop, "w14")
    stock = shop.stock()
    shop.pay(url)
    overdue(shop, order_id)
    report = sweep_overdue_orders(shop.uow, shop.gateway)
    assert report.paid == [order_id] and not report.expired
    assert shop.order(order_id).status == OrderStatus.PAID
    assert shop.stock() == stock  # sold, not released


def test_a_shopper_cancelling_closes_the_payment_link_first(shop: Shop) -> None:
    stock = shop.stock()
    order_id, url = placed(shop, "w10")
    number = shop.order(order_id).number
    assert cancel_for_shopper(shop.uow, shop.gateway, "w10", number) == OrderStatus.CANCELLED
    assert shop.stock() == stock
    assert LOOPBACK.post(f"{url}/pay", timeout=10).status_code == 409  # no longer payable
    with pytest.raises(UnknownOrder):
        cancel_for_shopper(shop.uow, shop.gateway, "someone-else", number)


def test_a_shopper_cancelling_a_paid_order_flags_it_for_a_refund(shop: Shop) -> None:
    order_id, url = placed(shop, "w11")
    shop.pay(url)
    shop.wait_status(order_id, OrderStatus.PAID)
    number = shop.order(order_id).number
    assert cancel_for_shopper(shop.uow, shop.gateway, "w11", number) == OrderStatus.PAID
    assert shop.order(order_id).needs_review
