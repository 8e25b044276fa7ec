"""Order status and cancellation against real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import stripe
from sqlmodel import select

from assistant.commerce.errors import IllegalTransition, UnknownOrder
from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.database import session_scope
from assistant.payments.stripe_gateway import StripeGateway
from assistant.services.carts import add_to_cart
from assistant.services.checkout import place_order
from assistant.services.orders import cancel_for_shopper, shoppers_orders
from assistant.services.ports import PaymentProviderError
from assistant.services.unit_of_work import UnitOfWork
from catalog.models import Variant
from testkit.net import free_port

SKU = "TS-CLASSIC-RED-M"


def stock(url: str, sku: str = SKU) -> int | None:
    with session_scope(url) as session:
        return session.exec(select(Variant).where(Variant.sku == sku)).one().stock


def order_for(url: str, conversation: str, quantity: int = 2) -> str:
    """A pending order with its stock reserved and no payment page yet (checkout's first half)."""
    uow = UnitOfWork(url)
    add_to_cart(uow, conversation, SKU, quantity)
    return place_order(uow, conversation, "en").number


def offline_stripe() -> StripeGateway:
    """The real Stripe adapter with nothing listening behind it: every call fails at once."""
    client = stripe.StripeClient(
        "sk_test_offline",
        base_addresses={"api": f"http://127.0.0.1:{free_port()}"},
        max_network_retries=0,
    )
    return StripeGateway(client)


def test_recent_orders_newest_first_and_only_the_conversations(demo_db: str) -> None:
    first = order_for(demo_db, "alice")
    second = order_for(demo_db, "alice", 1)
    order_for(demo_db, "bob")
    uow = UnitOfWork(demo_db)
    assert [order.number for order in shoppers_orders(uow, "alice", None)] == [second, first]
    assert shoppers_orders(uow, "nobody", None) == []


def test_cancel_pending_order_releases_its_stock(demo_db: str) -> None:
    before = stock(demo_db)
    number = order_for(demo_db, "alice", 2)
    assert stock(demo_db) == before - 2
    uow, gateway = UnitOfWork(demo_db), offline_stripe()  # no payment page: Stripe not needed
    assert cancel_for_shopper(uow, gateway, "alice", number) == OrderStatus.CANCELLED
    assert shoppers_orders(uow, "alice", number)[0].status == OrderStatus.CANCELLED
    assert stock(demo_db) == before
    with pytest.raises(IllegalTransition):
        cancel_for_shopper(uow, gateway, "alice", number)  # already cancelled: refused
    assert stock(demo_db) == before  # stock untouched


def test_cancel_refuses_an_order_whose_payment_link_is_still_open(demo_db: str) -> None:
    before = stock(demo_db)
    number = order_for(demo_db, "alice")
    with session_scope(demo_db) as session:
        session.exec(select(Order)).one().stripe_session_id = "cs_test_open"
    # The link cannot be closed (Stripe unreachable): cancelling here alone would leave it payable.
    with pytest.raises(PaymentProviderError, match="Stripe"):
        cancel_for_shopper(UnitOfWork(demo_db), offline_stripe(), "alice", number)
    with session_scope(demo_db) as session:
        assert session.exec(select(Order)).one().status == OrderStatus.PENDING_PAYMENT
    assert stock(demo_db) == before - 2  # still reserved for the open payment link


def test_cancel_refuses_other_conversations_orders_and_fulfilled_ones(demo_db: str) -> None:
    number = order_for(demo_db, "alice")
    uow, gateway = UnitOfWork(demo_db), offline_stripe()
    with pytest.raises(UnknownOrder):
        cancel_for_shopper(uow, gateway, "mallory", number)
    with uow:
        order = uow.session.exec(select(Order)).one()
        order.record_payment(order.total_minor, order.currency, "pi_test")
        # Nothing fulfils an order yet: the order's own transition rule moves it there.
        order._move_to(OrderStatus.FULFILLED)
        uow.commit()
    with pytest.raises(IllegalTransition) as refused:
        cancel_for_shopper(uow, gateway, "alice", number.removeprefix("ORD-"))
    assert refused.value.details["status"] == "fulfilled"


def test_cancel_paid_order_is_flagged_for_the_merchant(demo_db: str) -> None:
    number = order_for(demo_db, "alice")
    uow = UnitOfWork(demo_db)
    with uow:
        order = uow.session.exec(select(Order)).one()
        order.record_payment(order.total_minor, order.currency, "pi_test")
        uow.commit()
    assert cancel_for_shopper(uow, offline_stripe(), "alice", number) == OrderStatus.PAID
    [flagged] = shoppers_orders(uow, "alice", number)
    assert flagged.status == OrderStatus.PAID and flagged.needs_review
