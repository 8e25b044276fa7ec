"""Stripe Checkout Sessions for orders, through the official `stripe` library."""

from __future__ import annotations

import stripe

from assistant.commerce.errors import PaymentProviderError
from assistant.commerce.models import Order
from assistant.settings import SANDBOX_STRIPE_KEY, Settings


def stripe_client(settings: Settings) -> stripe.StripeClient:
    key = settings.stripe_secret_key.get_secret_value() if settings.stripe_secret_key else None
    options: dict = {
        "max_network_retries": 2,
        # A shopper is waiting: not Stripe's default 80 s per call.
        "http_client": stripe.RequestsClient(timeout=settings.stripe_timeout_seconds),
    }
    if settings.stripe_api_base:
        options["base_addresses"] = {"api": settings.stripe_api_base}
    return stripe.StripeClient(key or SANDBOX_STRIPE_KEY, **options)


def checkout_idempotency_key(order: Order) -> str:
    """Derived from the order, so a retried checkout can never open a second session."""
    return f"order-{order.id}-checkout"


def create_checkout_session(
    client: stripe.StripeClient, order: Order, shop_url: str
) -> stripe.checkout.Session:
    params = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": line.quantity,
                "price_data": {
                    "currency": order.currency.lower(),
                    "unit_amount": line.unit_price_minor,
                    "product_data": {"name": line.title, "metadata": {"sku": line.sku}},
                },
            }
            for line in order.lines
        ],
        "success_url": f"{shop_url}/checkout/success?session_id={{CHECKOUT_SESSION_ID}}",
        "cancel_url": f"{shop_url}/checkout/cancel?order={order.number}",
        "client_reference_id": order.number,
        "locale": order.language if order.language in {"en", "fr"} else "auto",
        # From the order, not the clock: a retry must send the very same parameters, or Stripe
        # refuses the reused idempotency key.
        "expires_at": int(order.expires_at.timestamp()),
        "metadata": {"order_id": str(order.id), "conversation_id": order.conversation_id},
        "payment_intent_data": {"metadata": {"order_id": str(order.id)}},
    }
    try:
        return client.v1.checkout.sessions.create(
            params=params, options={"idempotency_key": checkout_idempotency_key(order)}
        )
    except stripe.StripeError as error:
        raise _provider_error("create the checkout session", order, error) from error


def _provider_error(action: str, order: Order, error: stripe.StripeError) -> PaymentProviderError:
    reason = error.user_message or str(error)
    return PaymentProviderError(
        f"Stripe refused to {action} for {order.number}: {reason}", order=order.number
    )


def expire_checkout_session(client: stripe.StripeClient, order: Order) -> stripe.checkout.Session:
    """End the order's session so it can no longer be paid; returns it as Stripe now has it.

    A session that is no longer open (paid or expired meanwhile) is returned as it is: the
    caller decides from its status.
    """
    assert order.stripe_session_id is not None
    sessions = client.v1.checkout.sessions
    try:
        current = sessions.retrieve(order.stripe_session_id)
        if current.status != "open":
            return current
        return sessions.expire(
            order.stripe_session_id, options={"idempotency_key": f"order-{order.id}-expire"}
        )
    except stripe.InvalidRequestError:
        # Lost a race with payment or expiry between the two calls: read the outcome.
        return sessions.retrieve(order.stripe_session_id)
    except stripe.StripeError as error:
        raise _provider_error("expire the checkout session", order, error) from error


def refund_order(client: stripe.StripeClient, order: Order) -> stripe.Refund:
    """Refund the whole payment; the idempotency key makes a repeated command refund once."""
    if order.payment_intent_id is None:
        raise PaymentProviderError(
            f"order {order.number} has no Stripe payment to refund", order=order.number
        )
    try:
        return client.v1.refunds.create(
            params={
                "payment_intent": order.payment_intent_id,
                "metadata": {"order_id": str(order.id)},
            },
            options={"idempotency_key": f"order-{order.id}-refund"},
        )
    except stripe.StripeError as error:
        raise _provider_error("refund the payment", order, error) from error
