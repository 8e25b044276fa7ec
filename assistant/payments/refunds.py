"""Merchant refunds: the whole payment back through Stripe, the order updated at once."""

from __future__ import annotations

import stripe

from assistant.commerce.errors import IllegalTransition
from assistant.commerce.models import Order, OrderStatus
from assistant.db import session_scope
from assistant.payments.gateway import refund_order
from assistant.payments.webhooks import apply_refund

REFUNDABLE = {OrderStatus.PAID, OrderStatus.FULFILLED}


def refund_paid_order(database_url: str, client: stripe.StripeClient, order_id: int) -> Order:
    """Refund a paid order (or a late payment held for review) in full.

    The order is updated from Stripe's answer rather than waiting for `charge.refunded`;
    that event, when it comes, finds the work done. A repeated command reuses the refund's
    idempotency key, so Stripe refunds once.
    """
    with session_scope(database_url) as session:
        order = session.get(Order, order_id)
        if order is None:
            raise LookupError(f"no order with id {order_id}")
        if order.status == OrderStatus.REFUNDED:
            _ = order.lines
            return order  # nothing left to give back: a repeated command is harmless
        late_payment = order.needs_review and order.payment_intent_id is not None
        if order.status not in REFUNDABLE and not late_payment:
            raise IllegalTransition(
                f"order {order.number} is {order.status}: only paid orders can be refunded",
                order=order.number,
            )
    refund = refund_order(client, order)  # raises PaymentProviderError, nothing changed
    with session_scope(database_url) as session:
        locked = session.get(Order, order_id, with_for_update=True)
        assert locked is not None
        if refund.status in {"succeeded", "pending"}:
            # No amount was asked for: Stripe gave back everything that remained.
            apply_refund(session, locked, locked.total_minor)
        _ = locked.lines
        return locked
