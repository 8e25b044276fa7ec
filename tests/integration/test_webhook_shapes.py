"""Signed Stripe events that are wrong in shape or in substance: answered without a 500 (which
Stripe retries for days), and never taken as a payment or refund of another order."""

from __future__ import annotations

import json
import time

import httpx
from sqlalchemy import text

from assistant.commerce.order import OrderStatus
from assistant.kernel.database import session_scope
from assistant.stripe_sandbox.objects import build_event
from testkit.shop import Shop, completed_event, event_count, placed, post_raw

# A database that refuses to mark an order paid: an integrity error that is not a replay.
REFUSE_PAID_SQLITE = [
    "CREATE TRIGGER refuse_paid BEFORE UPDATE OF status ON shop_order "
    "WHEN NEW.status = 'paid' BEGIN SELECT RAISE(ABORT, 'refused'); END"
]
REFUSE_PAID_POSTGRES = [
    "CREATE FUNCTION refuse_paid() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "RAISE EXCEPTION 'refused' USING ERRCODE = 'integrity_constraint_violation'; END $$",
    "CREATE TRIGGER refuse_paid BEFORE UPDATE OF status ON shop_order FOR EACH ROW "
    "WHEN (NEW.status = 'paid') EXECUTE FUNCTION refuse_paid()",
]


def test_signed_bodies_that_are_not_events_get_a_4xx(shop: Shop) -> None:
    deep = b'{"a": ' * 5000 + b"1" + b"}" * 5000
    assert post_raw(shop, deep).status_code == 400
    for body in ({"id": "evt_no_type", "data": {"object": {}}}, {"id": "evt_x", "type": "x"}):
        assert post_raw(shop, json.dumps(body).encode()).status_code == 400
    assert event_count(shop) == 0


def test_a_paid_page_of_another_order_does_not_pay_the_order_its_metadata_names(
    shop: Shop,
) -> None:
    mine, _ = placed(shop, "shape-1")
    other, _ = placed(shop, "shape-2")
    # The other order's own paid page, its metadata pointing at mine.
    forged = completed_event(shop, shop.order(other), metadata={"order_id": str(mine)})
    assert shop.post_event(forged).json() == {"status": "ignored"}
    assert shop.order(mine).status == OrderStatus.PENDING_PAYMENT
    assert shop.order(other).status == OrderStatus.PENDING_PAYMENT
    assert not shop.rasa.calls


def test_a_refund_in_another_currency_is_not_applied(shop: Shop) -> None:
    order_id, url = placed(shop, "shape-3")
    shop.pay(url)
    order = shop.wait_status(order_id, OrderStatus.PAID)
    charge = {
        "id": "ch_other",
        "object": "charge",
        "amount": order.total_minor,
        "amount_refunded": order.total_minor,
        "currency": "usd",
        "payment_intent": "pi_unknown_here",
        "metadata": {"order_id": str(order_id)},
    }
    refund = build_event("charge.refunded", charge, int(time.time()), 1)
    assert shop.post_event(refund).json() == {"status": "ignored"}
    assert shop.order(order_id).status == OrderStatus.PAID


def test_a_database_refusal_is_not_taken_for_a_duplicate(shop: Shop) -> None:
    """Only a second claim of the same event id is a duplicate; any other integrity error
    must fail the webhook, so Stripe delivers the event again once the fault is gone."""
    order_id, _ = placed(shop, "shape-4")
    sqlite = shop.db.startswith("sqlite")
    with session_scope(shop.db) as session:
        for statement in REFUSE_PAID_SQLITE if sqlite else REFUSE_PAID_POSTGRES:
            session.exec(text(statement))
    event = completed_event(shop, shop.order(order_id))
    assert shop.post_event(event).status_code == 500
    assert event_count(shop) == 0
    with session_scope(shop.db) as session:
        session.exec(text("DROP TRIGGER refuse_paid" + ("" if sqlite else " ON shop_order")))
    # Stripe's retry comes on a new connection: the server closed the one that failed.
    with httpx.Client() as new_connection:
        retry = post_raw(shop, json.dumps(event).encode(), client=new_connection)
    assert retry.json() == {"status": "processed"}  # the retry lands
    assert shop.order(order_id).status == OrderStatus.PAID
