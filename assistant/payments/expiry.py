"""Ending unpaid orders (overdue or cancelled) without ever losing a payment.

Stripe is asked first: its session is expired before the order is, so no payment can land
on an order we have just closed. If Stripe says the session was paid meanwhile, the order
is marked paid instead (the webhook may have been lost). If Stripe cannot be reached the
order is left as it is and the next sweep tries again: stock stays reserved, money stays safe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

import stripe

from assistant.commerce.errors import PaymentProviderError
from assistant.commerce.models import Order, OrderStatus
from assistant.commerce.orders import expire_order, overdue_order_ids
from assistant.db import session_scope
from assistant.payments.gateway import expire_checkout_session
from assistant.payments.webhooks import apply_checkout_completed
from catalog.models import utcnow

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    expired: list[int] = field(default_factory=list)
    paid: list[int] = field(default_factory=list)  # Stripe had them paid: the webhook was lost
    unreachable: list[int] = field(default_factory=list)


def close_unpaid_order(
    database_url: str,
    client: stripe.StripeClient,
    order_id: int,
    status: OrderStatus = OrderStatus.EXPIRED,
) -> OrderStatus:
    """Expire or cancel an unpaid order, its Stripe session first; returns the order's state.

    Raises PaymentProviderError when Stripe cannot be reached (nothing changed then).
    """
    with session_scope(database_url) as session:
        order = session.get(Order, order_id, with_for_update=True)
        if order is None:
            raise LookupError(f"no order with id {order_id}")
        if order.status != OrderStatus.PENDING_PAYMENT:
            return order.status
        if status == OrderStatus.CANCELLED:
            order.cancel_requested = True
    if order.stripe_session_id is not None:
        stripe_session = expire_checkout_session(client, order)
        if stripe_session.status == "complete":
            with session_scope(database_url) as session:
                apply_checkout_completed(session, stripe_session.to_dict())
                paid = session.get(Order, order_id)
                assert paid is not None
                return paid.status
    with session_scope(database_url) as session:
        locked = session.get(Order, order_id, with_for_update=True)
        assert locked is not None
        expire_order(session, locked, status)
        return locked.status


def sweep_overdue_orders(
    database_url: str, client: stripe.StripeClient, now: datetime | None = None
) -> SweepReport:
    """Close every unpaid order past its reservation (run periodically by the web app)."""
    report = SweepReport()
    with session_scope(database_url) as session:
        due = overdue_order_ids(session, now or utcnow())
    for order_id in due:
        try:
            state = close_unpaid_order(database_url, client, order_id)
        except PaymentProviderError as error:
            log.warning("sweep: order %s left for the next pass: %s", order_id, error)
            report.unreachable.append(order_id)
            continue
        if state == OrderStatus.EXPIRED:
            report.expired.append(order_id)
        elif state == OrderStatus.PAID:
            report.paid.append(order_id)
    if report.expired or report.paid:
        log.info("sweep: expired %s, found paid %s", report.expired, report.paid)
    return report
