"""Property tests: money arithmetic, and the order state machine under any event order."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from assistant.commerce.errors import IllegalTransition
from assistant.commerce.order import TRANSITIONS, Order, OrderStatus, PaymentEvent
from assistant.kernel.database import session_scope
from assistant.kernel.money import format_money, parse_price, to_major, to_minor
from assistant.payments.stripe_events import handle_stripe_event
from assistant.services.carts import add_to_cart
from assistant.services.checkout import place_order
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView
from assistant.stripe_sandbox.objects import build_event
from catalog.models import Variant

CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "KWD", "GBP"])  # 2, 2, 0, 3, 2 decimals
AMOUNTS = st.integers(min_value=0, max_value=10**13)


@given(AMOUNTS, AMOUNTS, CURRENCIES)
def test_major_units_add_like_minor_units(a: int, b: int, currency: str) -> None:
    assert to_major(a, currency) + to_major(b, currency) == to_major(a + b, currency)
    assert to_minor(to_major(a, currency), currency) == a


@given(AMOUNTS, CURRENCIES)
def test_a_formatted_price_parses_back_to_the_same_minor_units(amount: int, currency: str) -> None:
    assert parse_price(f"{to_major(amount, currency)} {currency}") == (amount, currency)
    for language in ("en", "fr"):
        shown = format_money(amount, currency, language)
        # Same digits as the exact amount: no rounding, no float on the way to the shopper.
        assert re.sub(r"\D", "", shown) == re.sub(r"\D", "", str(to_major(amount, currency)))


RANK = {
    OrderStatus.PENDING_PAYMENT: 0,
    OrderStatus.PAID: 1,
    OrderStatus.CANCELLED: 1,
    OrderStatus.EXPIRED: 1,
    OrderStatus.FULFILLED: 2,
    OrderStatus.REFUNDED: 3,
}


@given(st.lists(st.sampled_from(list(OrderStatus)), max_size=12))
def test_transitions_only_move_forward(targets: list[OrderStatus]) -> None:
    order = Order(id=1, conversation_id="p", currency="EUR", total_minor=100)
    for target in targets:
        before = order.status
        try:
            # The order's one transition rule; its public methods (record_payment, end_unpaid,
            # record_refund...) all move through it, and no public one leads to FULFILLED.
            moved = order._move_to(target)
        except IllegalTransition:
            assert target != before and target not in TRANSITIONS[before]
            assert order.status == before  # a refusal changes nothing
            continue
        assert moved == (target != before)
        assert RANK[order.status] >= RANK[before]
    assert (order.paid_at is not None) == (
        order.status in {OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.REFUNDED}
    )


# Events Stripe may send about one order, in any order, any of them redelivered.
EVENT_KINDS = ("completed", "expired", "refunded")
deliveries = st.lists(st.sampled_from(EVENT_KINDS), min_size=1, max_size=8)


def _events(order: OrderView) -> dict[str, dict]:
    metadata = {"order_id": str(order.id)}
    session = {
        "id": f"cs_test_{order.id}",
        "object": "checkout.session",
        "amount_total": order.total_minor,
        "currency": order.currency.lower(),
        "metadata": metadata,
        "client_reference_id": order.number,  # as the gateway opens every page
        "payment_intent": f"pi_{order.id}",
    }
    charge = {
        "id": f"ch_{order.id}",
        "object": "charge",
        "amount": order.total_minor,
        "amount_refunded": order.total_minor,
        "currency": order.currency.lower(),
        "payment_intent": f"pi_{order.id}",
        "metadata": metadata,
    }
    now = int(time.time())
    return {
        "completed": build_event(
            "checkout.session.completed",
            {**session, "status": "complete", "payment_status": "paid"},
            now,
            1,
        ),
        "expired": build_event(
            "checkout.session.expired",
            {**session, "status": "expired", "payment_status": "unpaid"},
            now,
            1,
        ),
        "refunded": build_event("charge.refunded", charge, now, 1),
    }


def _stock(db: str, sku: str) -> int:
    with session_scope(db) as session:
        stock = session.exec(select(Variant.stock).where(Variant.sku == sku)).one()
        assert stock is not None
        return stock


@pytest.mark.parametrize("sku", ["TS-CLASSIC-RED-S"])  # 85 in stock: enough for every example
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(sequence=deliveries)
def test_any_event_order_ends_in_one_consistent_state(
    demo_db: str, sku: str, sequence: list[str]
) -> None:
    conversation = f"prop-{uuid.uuid4().hex[:8]}"
    uow = UnitOfWork(demo_db)
    add_to_cart(uow, conversation, sku)
    order = place_order(uow, conversation, "en")
    stock_while_reserved = _stock(demo_db, sku)
    events = _events(order)
    for kind in sequence:
        handle_stripe_event(uow, events[kind])

    with session_scope(demo_db) as session:
        final = session.get(Order, order.id)
        recorded = session.exec(
            select(func.count()).select_from(PaymentEvent).where(PaymentEvent.order_id == order.id)
        ).one()
    assert recorded == len(set(sequence))  # each event id applied once
    first = {kind: sequence.index(kind) for kind in set(sequence)}
    paid_first = "completed" in first and first["completed"] < first.get("expired", len(sequence))
    if paid_first:
        expected = OrderStatus.REFUNDED if "refunded" in first else OrderStatus.PAID
        assert final.status == expected and not final.needs_review
        assert _stock(demo_db, sku) == stock_while_reserved  # sold
    elif "expired" in first:
        assert final.status == OrderStatus.EXPIRED
        assert _stock(demo_db, sku) == stock_while_reserved + 1  # released exactly once
        # A payment after expiry is held for a person, unless it was already given back.
        assert final.needs_review == ("completed" in first and "refunded" not in first)
    else:
        assert final.status == OrderStatus.PENDING_PAYMENT  # only a refund: waits for payment
