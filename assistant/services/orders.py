"""Order use cases after checkout: status, cancellation, refunds, expiry, the merchant's views.

Ending an unpaid order never loses a payment: the provider's checkout is closed first, so no
payment can land on an order we have just closed; if the provider says it was paid meanwhile,
the order is marked paid instead (its event may have been lost); if the provider cannot be
reached, the order is left as it is and the next sweep tries again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from assistant.commerce.errors import IllegalTransition, UnknownOrder
from assistant.commerce.order import CANCELLABLE, OrderStatus
from assistant.kernel.clock import utcnow
from assistant.services.payments import apply_payment
from assistant.services.ports import PaymentGateway, PaymentProviderError
from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import OrderView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaymentEventView:
    id: str
    type: str
    received_at: datetime


@dataclass(frozen=True)
class OrderDetails:
    order: OrderView
    events: tuple[PaymentEventView, ...]


@dataclass
class SweepReport:
    expired: list[int] = field(default_factory=list)
    paid: list[int] = field(default_factory=list)  # the provider had them paid: event lost
    unreachable: list[int] = field(default_factory=list)


def _unknown(number: str) -> UnknownOrder:
    return UnknownOrder(f"no order {number!r}", order=number)


# --- the shopper's side (the owner is always the conversation) ---


def shoppers_orders(uow: UnitOfWork, conversation_id: str, number: str | None) -> list[OrderView]:
    """The order named (raises UnknownOrder if it is not theirs), or their newest ones."""
    with uow:
        if number:
            order = uow.orders.numbered(number, owner=conversation_id)
            if order is None:
                raise _unknown(number)
            return [OrderView.of(order)]
        return [OrderView.of(order) for order in uow.orders.recent(conversation_id)]


def order_to_cancel(uow: UnitOfWork, conversation_id: str, number: str | None) -> OrderView | None:
    """The order a cancel request means: the one named, else the newest still cancellable."""
    orders = shoppers_orders(uow, conversation_id, number)
    if number:
        return orders[0]
    return next((order for order in orders if order.status in CANCELLABLE), None)


def cancel_for_shopper(
    uow: UnitOfWork, gateway: PaymentGateway, conversation_id: str, number: str
) -> OrderStatus:
    """Cancel the conversation's order; returns its state afterwards.

    An unpaid order has its payment page closed first, so it can no longer be paid; a paid one
    (or one whose payment completed meanwhile) is held for the merchant to refund.
    Raises UnknownOrder, IllegalTransition, or PaymentProviderError: the order is then still
    unpaid, marked as asked to cancel, so the provider's own expiry (or the sweep) ends it as
    cancelled. The mark is committed before the provider is called for that reason: closing the
    page makes the provider send its expiry event at once.
    """
    with uow:
        order = uow.orders.numbered(number, owner=conversation_id, lock=True)
        if order is None:
            raise _unknown(number)
        order.request_cancellation()
        uow.commit()
        if order.status != OrderStatus.PENDING_PAYMENT:
            return order.status  # paid: held for review
        order_id = order.id
    assert order_id is not None
    status = close_unpaid_order(uow, gateway, order_id, OrderStatus.CANCELLED)
    if status == OrderStatus.PAID:  # paid before we could close it: the merchant refunds
        with uow:
            paid = uow.orders.get(order_id, lock=True)
            assert paid is not None
            paid.request_cancellation()
            uow.commit()
    return status


def close_unpaid_order(
    uow: UnitOfWork,
    gateway: PaymentGateway,
    order_id: int,
    status: OrderStatus = OrderStatus.EXPIRED,
) -> OrderStatus:
    """Expire or cancel an unpaid order, its payment page first; returns the order's state.

    Raises PaymentProviderError when the provider cannot be reached or the page stays open:
    the order is left unpaid, its stock reserved, for the next sweep.
    """
    with uow:
        order = uow.orders.get(order_id, lock=True)
        if order is None:
            raise LookupError(f"no order with id {order_id}")
        if order.status != OrderStatus.PENDING_PAYMENT:
            return order.status
        if status == OrderStatus.CANCELLED:
            order.cancel_requested = True
        uow.commit()
        view = OrderView.of(order)
    if view.stripe_session_id is not None:
        closed = gateway.close_checkout(view)
        if closed.status == "open":  # still payable: ending the order now could lose a payment
            raise PaymentProviderError(
                f"the payment page of {view.number} is still open", order=view.number
            )
        if closed.status == "complete":
            with uow:
                apply_payment(uow, closed.report)
                uow.commit()
                paid = uow.orders.get(order_id)
                assert paid is not None
                return paid.status
    with uow:
        locked = uow.orders.get(order_id, lock=True)
        assert locked is not None
        uow.variants.lock_stock_of(locked.lines)
        locked.end_unpaid(status)
        uow.commit()
        return locked.status


def sweep_overdue_orders(
    uow: UnitOfWork, gateway: PaymentGateway, now: datetime | None = None
) -> SweepReport:
    """Close every unpaid order past its reservation (run periodically by the web app)."""
    report = SweepReport()
    with uow:
        due = uow.orders.overdue_ids(now or utcnow())
    for order_id in due:
        try:
            state = close_unpaid_order(uow, gateway, order_id)
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


# --- the merchant's side (any order, by number) ---


def list_orders(
    uow: UnitOfWork,
    status: OrderStatus | None = None,
    review_only: bool = False,
    limit: int = 50,
) -> list[OrderView]:
    with uow:
        return [OrderView.of(order) for order in uow.orders.newest(status, review_only, limit)]


def order_details(uow: UnitOfWork, number: str) -> OrderDetails:
    with uow:
        order = uow.orders.numbered(number, owner=None)
        if order is None:
            raise _unknown(number)
        assert order.id is not None
        events = tuple(
            PaymentEventView(event.stripe_event_id, event.event_type, event.received_at)
            for event in uow.payment_events.for_order(order.id)
        )
        return OrderDetails(OrderView.of(order), events)


def cancel_for_merchant(uow: UnitOfWork, gateway: PaymentGateway, number: str) -> OrderView:
    """Cancel an unpaid order: its payment page is closed first, then its stock returns."""
    order = order_details(uow, number).order
    close_unpaid_order(uow, gateway, order.id, OrderStatus.CANCELLED)
    return order_details(uow, number).order


def refund_order(uow: UnitOfWork, gateway: PaymentGateway, number: str) -> OrderView:
    """Refund a paid order (or a late payment held for review) in full.

    The order is updated from the provider's answer rather than waiting for its refund event;
    that event, when it comes, finds the work done. A repeated command is harmless: the
    gateway's idempotency key makes the provider refund once.
    """
    with uow:
        order = uow.orders.numbered(number, owner=None)
        if order is None:
            raise _unknown(number)
        if order.status == OrderStatus.REFUNDED:
            return OrderView.of(order)  # nothing left to give back
        if not order.refundable:
            raise IllegalTransition(
                f"order {order.number} is {order.status}: only paid orders can be refunded",
                order=order.number,
            )
        view = OrderView.of(order)
    if gateway.refund(view):
        with uow:
            locked = uow.orders.get(view.id, lock=True)
            assert locked is not None
            # No amount was asked for: the provider gave back everything that remained.
            locked.record_refund(locked.total_minor)
            uow.commit()
    return order_details(uow, number).order


@dataclass(frozen=True)
class CheckoutOutcome:
    """What the payment page's return URL may tell its visitor: the order's number, where its
    payment stands, in the shopper's language. Nothing else (no lines, no name, no total)."""

    number: str
    payment: str  # "paid", "processing", "refunded", "review" or "not_paid"
    language: str


def checkout_outcome(uow: UnitOfWork, checkout_session_id: str) -> CheckoutOutcome | None:
    """Where the order of a payment page stands, or None for a page that is not ours.

    Stripe sends the shopper back before (or without) the payment event: a pending order is
    still being confirmed (an asynchronous method, or the webhook on its way), not paid."""
    if not checkout_session_id:
        return None
    with uow:
        order = uow.orders.by_checkout_session(checkout_session_id)
        if order is None:
            return None
        if order.is_paid_for:
            payment = "paid"
        elif order.status == OrderStatus.PENDING_PAYMENT:
            payment = "processing"
        elif order.status == OrderStatus.REFUNDED:
            payment = "refunded"
        elif order.refundable:
            payment = "review"  # paid after the order closed: held for the merchant
        else:
            payment = "not_paid"  # expired or cancelled
        return CheckoutOutcome(order.number, payment, order.language)
