"""Checkout use case: cart -> pending order -> Stripe Checkout Session -> payment link."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.commerce.carts import reprice_cart, view_cart
from assistant.commerce.errors import PriceChanged
from assistant.commerce.models import Order
from assistant.commerce.orders import open_order, place_order
from assistant.db import session_scope
from assistant.payments.gateway import create_checkout_session, stripe_client
from assistant.settings import Settings
from catalog.models import utcnow


@dataclass(frozen=True)
class CheckoutResult:
    order_id: int
    order_number: str
    total_minor: int
    currency: str
    checkout_url: str
    reused: bool  # True when an order already waiting for payment was offered again


def checkout(settings: Settings, conversation_id: str, language: str = "en") -> CheckoutResult:
    """Idempotent from the shopper's side: asking again offers the same unpaid order and link.

    The order is committed before Stripe is called, and the Stripe call carries an idempotency
    key derived from the order, so a crash or retry between the two never makes a second session.
    """
    with session_scope(settings.database_url) as session:
        changes = reprice_cart(session, conversation_id)
    if changes:  # committed above, so the cart now shows the prices the shopper will pay
        change = changes[0]
        raise PriceChanged(
            f"{len(changes)} price(s) changed in the cart",
            sku=change.sku,
            title=change.title,
            old_price_minor=change.old_price_minor,
            new_price_minor=change.new_price_minor,
            currency=change.currency,
        )
    with session_scope(settings.database_url) as session:
        reused = False
        if view_cart(session, conversation_id).lines:
            order = place_order(session, conversation_id, language)
        else:
            pending = open_order(session, conversation_id)
            if pending is None or _reservation_over(pending):
                order = place_order(session, conversation_id, language)  # raises EmptyCart
            else:
                order, reused = pending, True
        _ = order.lines  # loaded now: Stripe needs them after this transaction ends
    if order.checkout_url is None:
        stripe_session = create_checkout_session(stripe_client(settings), order, settings.shop_url)
        with session_scope(settings.database_url) as session:
            stored = session.get(Order, order.id)
            assert stored is not None
            stored.stripe_session_id = stripe_session.id
            stored.checkout_url = stripe_session.url
            order = stored
    assert order.id is not None and order.checkout_url is not None
    return CheckoutResult(
        order_id=order.id,
        order_number=order.number,
        total_minor=order.total_minor,
        currency=order.currency,
        checkout_url=order.checkout_url,
        reused=reused,
    )


def _reservation_over(order: Order) -> bool:
    """An overdue order is the sweep's to close; offering its link again would fail."""
    return order.expires_at is not None and order.expires_at <= utcnow()
