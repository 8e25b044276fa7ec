"""Verified Stripe events translated into the use cases that apply them (saleor's shape: a
table from event type to handler; each handler's use case row-locks and checks state)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.payments.stripe_gateway import metadata_order_id, payment_report
from assistant.services import payments
from assistant.services.payments import Outcome, ProviderEvent
from assistant.services.unit_of_work import UnitOfWork

StripeObject = dict[str, Any]

# Longest id and type stored (payment_event's columns): a longer one is not Stripe's.
ID_MAX, TYPE_MAX = 255, 100
AMOUNT_MAX = 10**12  # minor units; Stripe's own limit is eight digits
# The fields each handled object is read for, and their JSON type when present (None allowed).
SESSION_FIELDS: dict[str, type] = {
    "id": str,
    "metadata": dict,
    "payment_status": str,
    "amount_total": int,
    "currency": str,
    "payment_intent": str,
    "client_reference_id": str,
}
CHARGE_FIELDS: dict[str, type] = {
    "metadata": dict,
    "amount_refunded": int,
    "currency": str,
    "payment_intent": str,
}


class MalformedEvent(ValueError):
    """Signed by Stripe's secret but not shaped like an event: nothing to apply."""


def handle_stripe_event(uow: UnitOfWork, event: Any) -> Outcome:
    """Apply one verified Stripe event. Safe to call again with the same event.

    MalformedEvent (a 4xx for the webhook) for anything signed but not shaped like the events
    handled here: a crash would be a 500, which Stripe redelivers for days."""
    if not isinstance(event, dict):
        raise MalformedEvent("an event is a JSON object")
    event_id, kind = event.get("id"), event.get("type")
    data = event.get("data")
    stripe_object = data.get("object") if isinstance(data, dict) else None
    if not (
        isinstance(event_id, str) and isinstance(kind, str) and isinstance(stripe_object, dict)
    ):
        raise MalformedEvent("an event needs a string id and type and a data.object")
    if not (0 < len(event_id) <= ID_MAX and 0 < len(kind) <= TYPE_MAX):
        raise MalformedEvent(f"an event's id is 1-{ID_MAX} characters, its type 1-{TYPE_MAX}")
    received = ProviderEvent(event_id, kind)
    handler = HANDLERS.get(received.type)
    if handler is None:
        return payments.event_ignored(uow, received)
    fields = CHARGE_FIELDS if handler is _charge_refunded else SESSION_FIELDS
    _check_fields(stripe_object, fields, kind)
    return handler(uow, received, stripe_object)


def _check_fields(stripe_object: StripeObject, fields: dict[str, type], kind: str) -> None:
    for name, expected in fields.items():
        value = stripe_object.get(name)
        if value is None:
            continue
        if not isinstance(value, expected) or isinstance(value, bool):
            raise MalformedEvent(f"{kind}: data.object.{name} is not a JSON {expected.__name__}")
        if isinstance(value, str) and len(value) > ID_MAX:
            raise MalformedEvent(f"{kind}: data.object.{name} is over {ID_MAX} characters")
        if isinstance(value, int) and not 0 <= value <= AMOUNT_MAX:
            raise MalformedEvent(f"{kind}: data.object.{name} is not an amount Stripe sends")


def _checkout_completed(uow: UnitOfWork, event: ProviderEvent, session: StripeObject) -> Outcome:
    return payments.payment_completed(uow, event, payment_report(session))


def _checkout_expired(uow: UnitOfWork, event: ProviderEvent, session: StripeObject) -> Outcome:
    return payments.checkout_expired(uow, event, payment_report(session).order_id)


def _charge_refunded(uow: UnitOfWork, event: ProviderEvent, charge: StripeObject) -> Outcome:
    return payments.payment_refunded(
        uow,
        event,
        order_id=metadata_order_id(charge),
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
