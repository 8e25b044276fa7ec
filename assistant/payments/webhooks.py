"""Stripe webhook events: each processed once, state only moving forward, amounts checked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from assistant.commerce.models import Order, OrderStatus, PaymentEvent
from assistant.commerce.orders import release_reservation, transition
from assistant.db import session_scope

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    status: str  # processed | duplicate | ignored | review
    order_id: int | None = None
    newly_paid: bool = False
    conversation_id: str | None = None


def handle_event(database_url: str, event: dict[str, Any]) -> Outcome:
    """Apply one verified Stripe event. Safe to call again with the same event."""
    handler = HANDLERS.get(event.get("type", ""))
    try:
        with session_scope(database_url) as session:
            # Recorded in the same transaction as its effect: both happen, or neither.
            session.add(PaymentEvent(stripe_event_id=event["id"], event_type=event["type"]))
            session.flush()
            if handler is None:
                return Outcome("ignored")
            return handler(session, event["data"]["object"])
    except IntegrityError:
        return Outcome("duplicate")


def _order_for(session: Session, stripe_object: dict[str, Any]) -> Order | None:
    order_id = (stripe_object.get("metadata") or {}).get("order_id", "")
    if not str(order_id).isdigit():
        return None
    return session.get(Order, int(order_id), with_for_update=True)


def _session_completed(session: Session, checkout_session: dict[str, Any]) -> Outcome:
    order = _order_for(session, checkout_session)
    if order is None:
        log.warning("checkout.session.completed for unknown order %s", checkout_session.get("id"))
        return Outcome("ignored")
    if checkout_session.get("payment_status") != "paid":
        return Outcome("ignored", order.id)  # async payment methods confirm later
    amount, currency = checkout_session.get("amount_total"), checkout_session.get("currency", "")
    problem = None
    if amount != order.total_minor or currency.upper() != order.currency.upper():
        problem = (
            f"paid {amount} {currency.upper()}, order total {order.total_minor} {order.currency}"
        )
    elif order.status not in {OrderStatus.PENDING_PAYMENT, OrderStatus.PAID}:
        problem = f"payment received for an order in state {order.status}"
    if problem:
        order.needs_review, order.review_reason = True, problem
        log.error("order %s needs review: %s", order.number, problem)
        return Outcome("review", order.id)
    newly_paid = transition(order, OrderStatus.PAID)
    return Outcome("processed", order.id, newly_paid, order.conversation_id)


def _session_expired(session: Session, checkout_session: dict[str, Any]) -> Outcome:
    order = _order_for(session, checkout_session)
    if order is None or order.status != OrderStatus.PENDING_PAYMENT:
        return Outcome("ignored", order.id if order else None)
    transition(order, OrderStatus.EXPIRED)
    release_reservation(session, order)
    return Outcome("processed", order.id)


HANDLERS: dict[str, Callable[[Session, dict[str, Any]], Outcome]] = {
    "checkout.session.completed": _session_completed,
    "checkout.session.expired": _session_expired,
}
