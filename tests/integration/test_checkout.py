"""Checkout against the sandbox + localstripe: one order, one session, clear refusals."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import pytest
from sqlmodel import func, select

from assistant.commerce.errors import EmptyCart, OutOfStock, PriceChanged
from assistant.commerce.order import Order, OrderStatus
from assistant.kernel.database import session_scope
from assistant.services.carts import view_cart
from assistant.services.ports import PaymentProviderError
from assistant.stripe_sandbox.chaos import FaultPlan
from catalog.models import Variant
from testkit.shop import LAST_UNITS_SKU, Shop

OTHER_SKU = "TS-CLASSIC-RED-S"


def order_count(shop: Shop) -> int:
    with session_scope(shop.db) as session:
        return session.exec(select(func.count()).select_from(Order)).one()


def sessions_for(shop: Shop, order_id: int) -> list[dict]:
    listed = shop.stripe().v1.checkout.sessions.list(params={"limit": 100})
    found = [s.to_dict() for s in listed.data]
    return [s for s in found if s["metadata"].get("order_id") == str(order_id)]


def set_variant(shop: Shop, sku: str, **values: object) -> None:
    with session_scope(shop.db) as session:
        variant = session.exec(select(Variant).where(Variant.sku == sku)).one()
        for name, value in values.items():
            setattr(variant, name, value)


def test_checkout_reserves_stock_and_opens_one_session(shop: Shop) -> None:
    before = shop.stock()
    shop.buy("c1", quantity=2)
    shop.buy("c1", OTHER_SKU)
    result = shop.checkout("c1", language="fr")

    order = shop.order(result.order.id)
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert [(line.sku, line.quantity) for line in order.lines] == [
        (LAST_UNITS_SKU, 2),
        (OTHER_SKU, 1),
    ]
    assert order.total_minor == sum(line.unit_price_minor * line.quantity for line in order.lines)
    assert shop.stock() == before - 2
    assert not view_cart(shop.uow, "c1").lines  # the cart became the order

    stripe_session = shop.stripe().v1.checkout.sessions.retrieve(order.stripe_session_id)
    assert stripe_session.amount_total == order.total_minor
    assert stripe_session.currency == order.currency.lower()
    assert stripe_session.locale == "fr"
    # The shopper's id stays out of Stripe: nothing there points back at them once forgotten.
    assert stripe_session.metadata.to_dict() == {"order_id": str(order.id)}
    assert stripe_session.expires_at == int(order.expires_at.timestamp())
    assert stripe_session.success_url.startswith(shop.web_url)
    assert result.checkout_url == stripe_session.url


def test_asking_again_offers_the_same_order_and_session(shop: Shop) -> None:
    shop.buy("c2")
    first = shop.checkout("c2")
    again = shop.checkout("c2")
    assert again.reused and again.order.id == first.order.id
    assert again.checkout_url == first.checkout_url
    assert len(sessions_for(shop, first.order.id)) == 1
    assert order_count(shop) == 1


def test_empty_cart_is_refused_without_an_order(shop: Shop) -> None:
    with pytest.raises(EmptyCart):
        shop.checkout("nobody")
    assert order_count(shop) == 0


def test_out_of_stock_is_refused_and_the_cart_kept(shop: Shop) -> None:
    shop.buy("c3", quantity=3)
    set_variant(shop, LAST_UNITS_SKU, stock=2)  # someone else bought meanwhile
    with pytest.raises(OutOfStock) as refusal:
        shop.checkout("c3")
    assert refusal.value.details["available"] == 2
    assert order_count(shop) == 0
    assert shop.stock() == 2
    assert view_cart(shop.uow, "c3").item_count == 3


def test_price_change_is_refused_then_the_new_price_is_charged(shop: Shop) -> None:
    shop.buy("c4")
    set_variant(shop, LAST_UNITS_SKU, price_minor=1799)
    with pytest.raises(PriceChanged) as refusal:
        shop.checkout("c4")
    assert refusal.value.details["new_price_minor"] == 1799
    assert order_count(shop) == 0
    result = shop.checkout("c4")  # the shopper confirms at the new price
    assert result.order.total_minor == 1799
    session = shop.stripe().v1.checkout.sessions.retrieve(
        shop.order(result.order.id).stripe_session_id
    )
    assert session.amount_total == 1799


@pytest.mark.parametrize("fault", ["error_before", "error_after", "timeout_after"])
def test_stripe_failures_are_retried_into_exactly_one_session(
    start_shop: Callable[..., Shop], fault: str
) -> None:
    # The first attempt fails; the library retries with the same idempotency key.
    shop = start_shop(faults=FaultPlan(script=deque([fault]), hold_seconds=4.0))
    shop.buy("c5")
    result = shop.checkout("c5")
    assert shop.faults.injected[fault] == 1
    assert len(sessions_for(shop, result.order.id)) == 1
    assert (
        shop.order(result.order.id).stripe_session_id
        == sessions_for(shop, result.order.id)[0]["id"]
    )


def test_stripe_down_keeps_the_order_and_a_later_retry_completes_it(
    start_shop: Callable[..., Shop],
) -> None:
    shop = start_shop(faults=FaultPlan(script=deque(["error_after"] * 3)))
    shop.buy("c6")
    with pytest.raises(PaymentProviderError):
        shop.checkout("c6")  # three 500s: the first attempt and both retries
    with session_scope(shop.db) as session:
        pending = session.exec(select(Order)).one()
    assert pending.status == OrderStatus.PENDING_PAYMENT and pending.checkout_url is None
    result = shop.checkout("c6")  # "checkout" again: the same order, no second session
    assert result.order.id == pending.id and result.reused
    assert len(sessions_for(shop, pending.id)) == 1
    assert order_count(shop) == 1
