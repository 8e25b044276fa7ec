"""What the payment provider tells us, applied to orders: each event once, state only forward.

The provider adapter (`assistant.payments.stripe_events`) verifies and translates its events
into these calls. Each claims the event id in the same transaction as its effect, so a
redelivered event does nothing (both happen, or neither).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from assistant.commerce.order import PaymentVerdict
from assistant.services.ports import PaymentReport
from assistant.services.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProviderEvent:
    id: str
    type: str


@dataclass(frozen=True)
class Outcome:
    status: str  # processed | duplicate | ignored | review
    order_id: int | None = None
    newly_paid: bool = False


def payment_completed(uow: UnitOfWork, event: ProviderEvent, report: PaymentReport) -> Outcome:
    return _once(uow, event, lambda: apply_payment(uow, report))


def checkout_expired(uow: UnitOfWork, event: ProviderEvent, order_id: int | None) -> Outcome:
    def expire() -> Outcome:
        order = uow.orders.get(order_id, lock=True) if order_id is not None else None
        if order is None:
            return Outcome("ignored")
        uow.variants.lock_stock_of(order.lines)
        if not order.end_unpaid():
            return Outcome("ignored", order.id)  # already paid, cancelled, ...
        return Outcome("processed", order.id)

    return _once(uow, event, expire)


def payment_refunded(
    uow: UnitOfWork,
    event: ProviderEvent,
    order_id: int | None,
    payment_reference: str | None,
    amount_refunded_minor: int,
    currency: str,
) -> Outcome:
    def refund() -> Outcome:
        order = None
        if payment_reference:
            order = uow.orders.by_payment_reference(payment_reference, lock=True)
        if order is None and order_id is not None:
            order = uow.orders.get(order_id, lock=True)
        if order is None:
            log.warning("refund of payment %s names no known order", payment_reference)
            return Outcome("ignored")
        if currency.upper() != order.currency.upper():
            log.warning(
                "refund in %s for order %s in %s: ignored", currency, order.number, order.currency
            )
            return Outcome("ignored", order.id)
        order.record_refund(amount_refunded_minor)
        return Outcome("processed", order.id)

    return _once(uow, event, refund)


def event_ignored(uow: UnitOfWork, event: ProviderEvent) -> Outcome:
    """An event kind we do not act on, recorded so a redelivery is recognised too."""
    return _once(uow, event, lambda: Outcome("ignored"))


def apply_payment(uow: UnitOfWork, report: PaymentReport) -> Outcome:
    """Inside an open unit of work: the order a paid checkout names becomes paid (or is held
    for review). Also used by the expiry sweep when the provider says a session was paid."""
    order = uow.orders.get(report.order_id, lock=True) if report.order_id is not None else None
    if order is None:
        log.warning("payment report names no known order (%s)", report.order_id)
        return Outcome("ignored")
    if not report.names(order.number, order.stripe_session_id):
        log.warning(
            "payment report for checkout %s names order %s in its metadata only: ignored",
            report.checkout_id,
            order.number,
        )
        return Outcome("ignored", order.id)
    if not report.paid:
        return Outcome("ignored", order.id)  # async payment methods confirm later
    verdict = order.record_payment(report.amount_minor, report.currency, report.payment_reference)
    if verdict == PaymentVerdict.REVIEW:
        log.error("order %s needs review: %s", order.number, order.review_reason)
        return Outcome("review", order.id)
    if verdict == PaymentVerdict.IGNORED:
        return Outcome("ignored", order.id)
    return Outcome("processed", order.id, newly_paid=verdict == PaymentVerdict.PAID)


def _once(uow: UnitOfWork, event: ProviderEvent, apply: Callable[[], Outcome]) -> Outcome:
    """Claim the event and apply it in one transaction; a claim already made is a duplicate.

    Any other integrity error propagates: answered with an error, the provider sends the event
    again, where calling it a duplicate would lose it.
    """
    try:
        with uow:
            record = uow.payment_events.record(event.id, event.type)
            outcome = apply()
            record.order_id = outcome.order_id
            uow.commit()
            return outcome
    except IntegrityError:
        with uow:
            if uow.payment_events.seen(event.id):
                return Outcome("duplicate")
        raise
