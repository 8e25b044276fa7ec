"""Verified Stripe events translated into the use cases that apply them (saleor's shape: a
table from event type to handler; each handler's use case row-locks and checks state)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.payments.stripe_gateway import payment_report
from assistant.services import payments
from assistant.services.payments import Outcome, ProviderEvent
from assistant.services.unit_of_work import UnitOfWork

StripeObject = dict[str, Any]


class MalformedEvent(ValueError):
    """Signed by Stripe's secret but not shaped like an event: nothing to apply."""


def handle_stripe_event(uow: UnitOfWork, event: StripeObject) -> Outcome:
    """Apply one verified Stripe event. Safe to call again with the same event."""
    event_id, kind = event.get("id"), event.get("type")
    data = event.get("data")
    stripe_object = data.get("object") if isinstance(data, dict) else None
    if not (
        isinstance(event_id, str) and isinstance(kind, str) and isinstance(stripe_object, dict)
    ):
        raise MalformedEvent("an event needs a string id and type and a data.object")
    received = ProviderEvent(event_id, kind)
    handler = HANDLERS.get(received.type)
    if handler is None:
        return payments.event_ignored(uow, received)
    return handler(uow, received, stripe_object)


def _checkout_completed(uow: UnitOfWork, event: ProviderEvent, session: StripeObject) -> Outcome:
    return payments.payment_completed(uow, event, payment_report(session))


def _checkout_expired(uow: UnitOfWork, event: ProviderEvent, session: StripeObject) -> Outcome:
    return payments.checkout_expired(uow, event, payment_report(session).order_id)


def _charge_refunded(uow: UnitOfWork, event: ProviderEvent, charge: StripeObject) -> Outcome:
    order_id = str((charge.get("metadata") or {}).get("order_id", ""))
    return payments.payment_refunded(
        uow,
        event,
        order_id=int(order_id) if order_id.isdigit() else None,
        payment_reference=charge.get("payment_intent"),
        amount_refunded_minor=int(charge.get("amount_refunded") or 0),
        currency=str(charge.get("currency") or ""),
    )


HANDLERS: dict[str, Callable[[UnitOfWork, ProviderEvent, StripeObject], Outcome]] = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_completed,
    "checkout.session.expired": _checkout_expired,
    "charge.refunded": _charge_refunded,
}
