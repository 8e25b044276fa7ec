"""Checkout: cart -> pending order (stock reserved) -> hosted payment page -> payment link."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.commerce.errors import EmptyCart, PriceChanged
from assistant.commerce.order import Order
from assistant.kernel.clock import utcnow
from assistant.services.meals import ready_to_pay
from assistant.services.ports import PaymentGateway
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView


@dataclass(frozen=True)
class CheckoutResult:
    order: OrderView
    checkout_url: str
    reused: bool  # True when an order already waiting for payment was offered again


def place_order(uow: UnitOfWork, conversation_id: str, language: str) -> OrderView:
    """The cart becomes a pending order, its stock reserved: checkout's first transaction.

    Prices are brought up to date first; if one moved, the cart keeps the new prices (committed,
    so the shopper sees what they will pay) and PriceChanged names the first change.
    """
    with uow:
        cart = uow.carts.get(conversation_id)
        if cart is None or not cart.lines:
            raise EmptyCart("the cart is empty")
        uow.variants.lock_stock_of(cart.lines)
        # A meal needs its delivery accepted (DeliveryNeeded, DeliveryRefused) and today's
        # menu prices; other lines read theirs from what holds their stock.
        changes = cart.reprice(ready_to_pay(uow, cart))
        if changes:
            uow.commit()
            change = changes[0]
            raise PriceChanged(
                f"{len(changes)} price(s) changed in the cart",
                sku=change.sku,
                title=change.title,
                old_price_minor=change.old_price_minor,
                new_price_minor=change.new_price_minor,
                currency=change.currency,
            )
        order = uow.orders.add(Order.place(cart, language, utcnow()))
        uow.carts.delete(cart)
        uow.commit()
        return OrderView.of(order)


def checkout(
    uow: UnitOfWork,
    gateway: PaymentGateway,
    conversation_id: str,
    language: str,
    shop_url: str,
) -> CheckoutResult:
    """Idempotent from the shopper's side: asking again offers the same unpaid order and link.

    The order is committed before the payment page is opened (no row lock is held across the
    network), and the gateway derives its idempotency key from the order, so a crash or retry
    in between never opens a second page.
    """
    try:
        order, reused = place_order(uow, conversation_id, language), False
    except EmptyCart:
        order, reused = _order_waiting(uow, conversation_id), True
    if order.checkout_url is not None:
        return CheckoutResult(order, order.checkout_url, reused)
    hosted = gateway.open_checkout(order, shop_url)  # PaymentProviderError: order kept, retry
    with uow:
        stored = uow.orders.get(order.id, lock=True)
        assert stored is not None
        stored.attach_checkout(hosted.session_id, hosted.url)
        uow.commit()
        return CheckoutResult(OrderView.of(stored), hosted.url, reused)


def _order_waiting(uow: UnitOfWork, conversation_id: str) -> OrderView:
    """An empty cart after an earlier checkout: that order, while its reservation lasts."""
    with uow:
        waiting = uow.orders.waiting_for_payment(conversation_id)
        if waiting is None or waiting.reservation_over(utcnow()):
            raise EmptyCart("the cart is empty")
        return OrderView.of(waiting)
