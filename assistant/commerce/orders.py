"""Orders: created from a cart at checkout, moved only forward through their states."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from assistant.commerce.errors import (
    EmptyCart,
    IllegalTransition,
    OutOfStock,
    PriceChanged,
    UnknownOrder,
)
from assistant.commerce.models import (
    ALLOWED_TRANSITIONS,
    Cart,
    Order,
    OrderLine,
    OrderStatus,
)
from catalog.models import Variant, utcnow

# How long stock stays reserved for an unpaid order; its Checkout Session expires at the same
# moment (Stripe accepts 30 minutes to 24 hours).
RESERVATION_SECONDS = 60 * 60


def transition(order: Order, new_status: OrderStatus) -> bool:
    """Move the order to `new_status`; False if it is already there (a replay), else refuse."""
    if order.status == new_status:
        return False
    if new_status not in ALLOWED_TRANSITIONS[order.status]:
        raise IllegalTransition(
            f"order {order.number} cannot go from {order.status} to {new_status}",
            order=order.number,
        )
    order.status = new_status
    order.updated_at = utcnow()
    if new_status == OrderStatus.PAID:
        order.paid_at = order.updated_at
    return True


def open_order(session: Session, conversation_id: str) -> Order | None:
    """The conversation's newest order still waiting for payment, if any."""
    return session.exec(
        select(Order)
        .where(Order.conversation_id == conversation_id)
        .where(Order.status == OrderStatus.PENDING_PAYMENT)
        .order_by(col(Order.id).desc())
    ).first()


def place_order(session: Session, conversation_id: str, language: str = "en") -> Order:
    """Turn the cart into a pending order, reserving stock, all in the caller's transaction.

    Prices are copied from the catalog now. Callers reprice the cart first (see
    `carts.reprice_cart`); a price that moves in between refuses the checkout.
    """
    cart = session.exec(select(Cart).where(Cart.conversation_id == conversation_id)).first()
    if cart is None or not cart.lines:
        raise EmptyCart("the cart is empty")
    variant_ids = [line.variant_id for line in cart.lines]
    # Row locks on PostgreSQL; SQLite already serialises writers (BEGIN IMMEDIATE).
    variants = {
        variant.id: variant
        for variant in session.exec(
            select(Variant).where(col(Variant.id).in_(variant_ids)).with_for_update()
        )
    }
    order = Order(
        conversation_id=conversation_id,
        currency=cart.lines[0].currency,
        total_minor=0,
        language=language,
        expires_at=utcnow() + timedelta(seconds=RESERVATION_SECONDS),
    )
    for line in cart.lines:
        variant = variants[line.variant_id]
        title = variant.product.title
        if variant.effective_price_minor != line.unit_price_minor:
            raise PriceChanged(
                f"{variant.sku} now costs {variant.effective_price_minor}, "
                f"was {line.unit_price_minor}",
                sku=variant.sku,
                title=title,
                old_price_minor=line.unit_price_minor,
                new_price_minor=variant.effective_price_minor,
                currency=variant.currency,
            )
        if not variant.purchasable or (variant.stock is not None and variant.stock < line.quantity):
            raise OutOfStock(
                f"{variant.sku}: {variant.stock or 0} left, {line.quantity} in the cart",
                sku=variant.sku,
                title=title,
                available=variant.stock or 0,
            )
        if variant.stock is not None:
            variant.stock -= line.quantity  # the reservation; released if the order expires
        order.lines.append(
            OrderLine(
                variant_id=line.variant_id,
                sku=variant.sku,
                title=title,
                quantity=line.quantity,
                unit_price_minor=line.unit_price_minor,
            )
        )
        order.total_minor += line.unit_price_minor * line.quantity
    session.add(order)
    session.delete(cart)
    session.flush()
    return order


def release_reservation(session: Session, order: Order) -> None:
    """Give the order's reserved units back to stock (the order expired or was cancelled)."""
    for line in order.lines:
        variant = session.get(Variant, line.variant_id, with_for_update=True)
        if variant is not None and variant.stock is not None:
            variant.stock += line.quantity


def expire_order(session: Session, order: Order, status: OrderStatus = OrderStatus.EXPIRED) -> bool:
    """End an unpaid order (expired or cancelled) and return its stock; False if not pending.

    The caller holds the order's row lock, so two expiries of one order cannot both release.
    """
    if order.status != OrderStatus.PENDING_PAYMENT:
        return False
    transition(order, OrderStatus.CANCELLED if order.cancel_requested else status)
    release_reservation(session, order)
    return True


def overdue_order_ids(session: Session, now: datetime, limit: int = 100) -> list[int]:
    """Unpaid orders past their reservation, oldest first (orders held for review are kept)."""
    ids = session.exec(
        select(Order.id)
        .where(Order.status == OrderStatus.PENDING_PAYMENT)
        .where(col(Order.expires_at) <= now)
        .where(col(Order.needs_review).is_(False))
        .order_by(col(Order.expires_at))
        .limit(limit)
    ).all()
    return [order_id for order_id in ids if order_id is not None]


def order_by_number(session: Session, number: str) -> Order | None:
    """ "ORD-0042" (or "42") -> the order, None if there is no such order."""
    digits = number.strip().upper().removeprefix("ORD-")
    return session.get(Order, int(digits)) if digits.isdigit() else None


# What a shopper may still cancel: nothing has left the warehouse yet.
CANCELLABLE = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID})


def recent_orders(session: Session, conversation_id: str, limit: int = 5) -> list[Order]:
    """The conversation's newest orders first (read-only: shown by "where is my order?")."""
    return list(
        session.exec(
            select(Order)
            .where(Order.conversation_id == conversation_id)
            .order_by(col(Order.id).desc())
            .limit(limit)
        )
    )


def find_order(session: Session, order_number: str, conversation_id: str) -> Order | None:
    """The conversation's order named "ORD-0042", "#42" or "42"; None if not theirs."""
    digits = "".join(char for char in order_number if char.isdigit())
    if not digits:
        return None
    order = session.get(Order, int(digits))
    return order if order is not None and order.conversation_id == conversation_id else None


def cancel_order(session: Session, order_number: str, conversation_id: str) -> Order:
    """Cancel a not-yet-fulfilled order of this conversation and give its stock back.

    A paid order moves to cancelled only where the state machine allows it; otherwise
    `IllegalTransition` names the order so the shopper can be told why.
    """
    order = find_order(session, order_number, conversation_id)
    if order is None:
        raise UnknownOrder(f"no order {order_number!r} in this conversation", order=order_number)
    # Row lock on PostgreSQL so a payment webhook and a cancellation never both win.
    session.refresh(order, with_for_update=True)
    if order.status not in CANCELLABLE:
        raise IllegalTransition(
            f"order {order.number} is {order.status} and can no longer be cancelled",
            order=order.number,
            status=str(order.status),
        )
    if order.status == OrderStatus.PAID:
        # Paid orders are refunded by the merchant; the shopper's request is recorded for review.
        order.needs_review = True
        order.review_reason = "cancellation requested by the shopper after payment"
        order.updated_at = utcnow()
        return order
    if order.stripe_session_id is not None:
        # Its payment link is live at Stripe: cancelling here alone would leave it payable.
        # Shoppers cancel through assistant.payments.cancellation, which closes it first.
        raise IllegalTransition(
            f"order {order.number} has an open Stripe session: close it before cancelling",
            order=order.number,
            status=str(order.status),
        )
    if transition(order, OrderStatus.CANCELLED):
        release_reservation(session, order)
    return order
