"""Order status and cancellation against real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import select

from assistant.commerce.carts import add_to_cart
from assistant.commerce.errors import IllegalTransition, UnknownOrder
from assistant.commerce.models import Order, OrderStatus
from assistant.commerce.orders import cancel_order, place_order, recent_orders, transition
from assistant.db import session_scope
from catalog.models import Variant

SKU = "TS-CLASSIC-RED-M"


def stock(url: str, sku: str = SKU) -> int | None:
    with session_scope(url) as session:
        return session.exec(select(Variant).where(Variant.sku == sku)).one().stock


def order_for(url: str, conversation: str, quantity: int = 2) -> str:
    with session_scope(url) as session:
        add_to_cart(session, conversation, SKU, quantity)
        return place_order(session, conversation).number


def test_recent_orders_newest_first_and_only_the_conversations(demo_db: str) -> None:
    first = order_for(demo_db, "alice")
    second = order_for(demo_db, "alice", 1)
    order_for(demo_db, "bob")
    with session_scope(demo_db) as session:
        assert [order.number for order in recent_orders(session, "alice")] == [second, first]
        assert recent_orders(session, "nobody") == []


def test_cancel_pending_order_releases_its_stock(demo_db: str) -> None:
    before = stock(demo_db)
    number = order_for(demo_db, "alice", 2)
    assert stock(demo_db) == before - 2
    with session_scope(demo_db) as session:
        order = cancel_order(session, number, "alice")
        assert order.status == OrderStatus.CANCELLED
    assert stock(demo_db) == before
    with session_scope(demo_db) as session, pytest.raises(IllegalTransition):
        cancel_order(session, number, "alice")  # already cancelled: refused, stock untouched
    assert stock(demo_db) == before


def test_cancel_refuses_an_order_whose_payment_link_is_still_open(demo_db: str) -> None:
    before = stock(demo_db)
    number = order_for(demo_db, "alice")
    with session_scope(demo_db) as session:
        session.exec(select(Order)).one().stripe_session_id = "cs_test_open"
    with session_scope(demo_db) as session, pytest.raises(IllegalTransition, match="Stripe"):
        cancel_order(session, number, "alice")
    with session_scope(demo_db) as session:
        assert session.exec(select(Order)).one().status == OrderStatus.PENDING_PAYMENT
    assert stock(demo_db) == before - 2  # still reserved for the open payment link


def test_cancel_refuses_other_conversations_orders_and_fulfilled_ones(demo_db: str) -> None:
    number = order_for(demo_db, "alice")
    with session_scope(demo_db) as session, pytest.raises(UnknownOrder):
        cancel_order(session, number, "mallory")
    with session_scope(demo_db) as session:
        order = session.exec(select(Order)).one()
        transition(order, OrderStatus.PAID)
        transition(order, OrderStatus.FULFILLED)
    with session_scope(demo_db) as session, pytest.raises(IllegalTransition) as refused:
        cancel_order(session, number.removeprefix("ORD-"), "alice")
    assert refused.value.details["status"] == "fulfilled"


def test_cancel_paid_order_is_flagged_for_the_merchant(demo_db: str) -> None:
    number = order_for(demo_db, "alice")
    with session_scope(demo_db) as session:
        transition(session.exec(select(Order)).one(), OrderStatus.PAID)
    with session_scope(demo_db) as session:
        order = cancel_order(session, number, "alice")
        assert order.status == OrderStatus.PAID and order.needs_review
