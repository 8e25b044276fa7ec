"""Stripe Checkout Sessions for orders, through the official `stripe` library."""

from __future__ import annotations

import time

import stripe

from assistant.commerce.errors import PaymentProviderError
from assistant.commerce.models import Order
from assistant.settings import SANDBOX_STRIPE_KEY, Settings

SESSION_LIFETIME_SECONDS = 60 * 60  # Stripe accepts 30 minutes to 24 hours


def stripe_client(settings: Settings) -> stripe.StripeClient:
    key = settings.stripe_secret_key.get_secret_value() if settings.stripe_secret_key else None
    options: dict = {"max_network_retries": 2}
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
        "expires_at": int(time.time()) + SESSION_LIFETIME_SECONDS,
        "metadata": {"order_id": str(order.id), "conversation_id": order.conversation_id},
        "payment_intent_data": {"metadata": {"order_id": str(order.id)}},
    }
    try:
        return client.v1.checkout.sessions.create(
            params=params, options={"idempotency_key": checkout_idempotency_key(order)}
        )
    except stripe.StripeError as error:
        reason = error.user_message or str(error)
        raise PaymentProviderError(
            f"Stripe refused the checkout session for {order.number}: {reason}",
            order=order.number,
        ) from error
