"""Stripe webhook events: each processed once, state only moving forward, amounts checked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from assistant.commerce.models import Order, OrderStatus, PaymentEvent
from assistant.commerce.orders import expire_order, transition
from assistant.db import session_scope

log = logging.getLogger(__name__)

StripeObject = dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    status: str  # processed | duplicate | ignored | review
    order_id: int | None = None
    newly_paid: bool = False
    conversation_id: str | None = None


def handle_event(database_url: str, event: StripeObject) -> Outcome:
    """Apply one verified Stripe event. Safe to call again with the same event."""
    handler = HANDLERS.get(event.get("type", ""))
    try:
        with session_scope(database_url) as session:
            # Recorded in the same transaction as its effect: both happen, or neither.
            record = PaymentEvent(stripe_event_id=event["id"], event_type=event["type"])
            session.add(record)
            session.flush()
            if handler is None:
                return Outcome("ignored")
            outcome = handler(session, event["data"]["object"])
            record.order_id = outcome.order_id
            return outcome
    except IntegrityError:
        return Outcome("duplicate")


def _order_for(session: Session, stripe_object: StripeObject) -> Order | None:
    """The order named in the object's metadata, row-locked for this transaction."""
    order_id = (stripe_object.get("metadata") or {}).get("order_id", "")
    if not str(order_id).isdigit():
        return None
    return session.get(Order, int(order_id), with_for_update=True)


def _order_for_charge(session: Session, charge: StripeObject) -> Order | None:
    intent = charge.get("payment_intent")
    if intent:
        order_id = session.exec(select(Order.id).where(Order.payment_intent_id == intent)).first()
        if order_id is not None:
            return session.get(Order, order_id, with_for_update=True)
    return _order_for(session, charge)


def apply_checkout_completed(session: Session, checkout_session: StripeObject) -> Outcome:
    """A paid Checkout Session: the order becomes paid if amount, currency and state agree.

    Also used by the expiry sweep when Stripe says an overdue session was in fact paid.
    """
    order = _order_for(session, checkout_session)
    if order is None:
        log.warning("checkout session %s names no known order", checkout_session.get("id"))
        return Outcome("ignored")
    if checkout_session.get("payment_status") != "paid":
        return Outcome("ignored", order.id)  # async payment methods confirm later
    order.payment_intent_id = checkout_session.get("payment_intent") or order.payment_intent_id
    amount, currency = checkout_session.get("amount_total"), checkout_session.get("currency") or ""
    problem = None
    if amount != order.total_minor or currency.upper() != order.currency.upper():
        problem = (
            f"paid {amount} {currency.upper()}, order total {order.total_minor} {order.currency}"
        )
    elif order.status not in {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID}:
        if order.refunded_minor >= order.total_minor:
            return Outcome("ignored", order.id)  # a late payment already given back
        # A late payment: the reservation is gone, so a person decides (refund or fulfil).
        problem = f"payment received for an order in state {order.status}"
    if problem:
        if not order.needs_review:
            log.error("order %s needs review: %s", order.number, problem)
        order.needs_review, order.review_reason = True, problem
        return Outcome("review", order.id)
    newly_paid = transition(order, OrderStatus.PAID)
    if newly_paid and order.refunded_minor >= order.total_minor:
        transition(order, OrderStatus.REFUNDED)  # the refund event came first
        return Outcome("processed", order.id)
    return Outcome("processed", order.id, newly_paid, order.conversation_id)


def _session_expired(session: Session, checkout_session: StripeObject) -> Outcome:
    order = _order_for(session, checkout_session)
    if order is None or not expire_order(session, order):
        return Outcome("ignored", order.id if order else None)  # already paid, cancelled, ...
    return Outcome("processed", order.id)


def apply_refund(session: Session, order: Order, amount_refunded: int) -> None:
    """Record Stripe's cumulative refunded amount; a full refund ends a paid order.

    Keeping the maximum makes replays and out-of-order refund events harmless; a refund seen
    before its payment is applied when the payment arrives (see apply_checkout_completed).
    """
    order.refunded_minor = max(order.refunded_minor, amount_refunded)
    if order.refunded_minor < order.total_minor:
        return
    if order.status in {OrderStatus.PAID, OrderStatus.FULFILLED}:
        transition(order, OrderStatus.REFUNDED)
    elif order.needs_review and order.status != OrderStatus.PENDING_PAYMENT:
        order.needs_review = False  # a late payment given back: nothing left to decide
        order.review_reason = f"{order.review_reason}; refunded in full"


def _charge_refunded(session: Session, charge: StripeObject) -> Outcome:
    order = _order_for_charge(session, charge)
    if order is None:
        log.warning("refund of charge %s names no known order", charge.get("id"))
        return Outcome("ignored")
    apply_refund(session, order, int(charge.get("amount_refunded") or 0))
    return Outcome("processed", order.id)


HANDLERS: dict[str, Callable[[Session, StripeObject], Outcome]] = {
    "checkout.session.completed": apply_checkout_completed,
    "checkout.session.async_payment_succeeded": apply_checkout_completed,
    "checkout.session.expired": _session_expired,
    "charge.refunded": _charge_refunded,
}
