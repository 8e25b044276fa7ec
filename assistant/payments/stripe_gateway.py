"""`PaymentGateway` on Stripe Checkout Sessions, through the official `stripe` library."""

from __future__ import annotations

import logging
from typing import Any

import stripe

from assistant.kernel.settings import SANDBOX_STRIPE_KEY, Settings
from assistant.services.ports import (
    ClosedCheckout,
    HostedCheckout,
    PaymentProviderError,
    PaymentReport,
)
from assistant.services.views import OrderView

log = logging.getLogger(__name__)


def stripe_client(settings: Settings) -> stripe.StripeClient:
    key = settings.stripe_secret_key.get_secret_value() if settings.stripe_secret_key else None
    options: dict[str, Any] = {
        "max_network_retries": 2,
        # A shopper is waiting: not Stripe's default 80 s per call.
        "http_client": stripe.RequestsClient(timeout=settings.stripe_timeout_seconds),
    }
    if settings.stripe_api_base:
        options["base_addresses"] = {"api": settings.stripe_api_base}
    return stripe.StripeClient(key or SANDBOX_STRIPE_KEY, **options)


def checkout_idempotency_key(order: OrderView) -> str:
    """Derived from the order, so a retried checkout can never open a second session."""
    return f"order-{order.id}-checkout"


ORDER_ID_MAX = 2**31 - 1  # the order table's integer key


def metadata_order_id(stripe_object: dict[str, Any]) -> int | None:
    """The order id our metadata names, or None when there is none that could be ours."""
    metadata = stripe_object.get("metadata")
    value = str(metadata.get("order_id", "")) if isinstance(metadata, dict) else ""
    # isascii: "²".isdigit() is true too; the length keeps int() cheap.
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    return int(value) if int(value) <= ORDER_ID_MAX else None


def payment_report(checkout_session: dict[str, Any]) -> PaymentReport:
    """What a Checkout Session (from an event or from the API) says about its order's payment."""
    return PaymentReport(
        order_id=metadata_order_id(checkout_session),
        paid=checkout_session.get("payment_status") == "paid",
        amount_minor=checkout_session.get("amount_total"),
        currency=str(checkout_session.get("currency") or ""),
        payment_reference=checkout_session.get("payment_intent"),
        checkout_id=checkout_session.get("id"),
        order_number=checkout_session.get("client_reference_id"),
    )


class StripeGateway:
    def __init__(self, client: stripe.StripeClient) -> None:
        self.client = client

    @classmethod
    def from_settings(cls, settings: Settings) -> StripeGateway:
        return cls(stripe_client(settings))

    def open_checkout(self, order: OrderView, shop_url: str) -> HostedCheckout:
        assert order.expires_at is not None
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
            # From the order, not the clock: a retry must send the very same parameters, or
            # Stripe refuses the reused idempotency key.
            "expires_at": int(order.expires_at.timestamp()),
            # Not the shopper's id: Stripe would keep pointing at them after they are forgotten.
            "metadata": {"order_id": str(order.id)},
            "payment_intent_data": {"metadata": {"order_id": str(order.id)}},
        }
        try:
            session = self.client.v1.checkout.sessions.create(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": checkout_idempotency_key(order)},
            )
        except stripe.StripeError as error:
            raise _provider_error("create the checkout session", order, error) from error
        assert session.url is not None
        return HostedCheckout(session.id, session.url)

    def close_checkout(self, order: OrderView) -> ClosedCheckout:
        """Expire the order's session; a session no longer open (paid or expired meanwhile) is
        reported as it is."""
        assert order.stripe_session_id is not None
        sessions = self.client.v1.checkout.sessions
        try:
            session = sessions.retrieve(order.stripe_session_id)
            if session.status == "open":
                session = sessions.expire(
                    order.stripe_session_id,
                    options={"idempotency_key": f"order-{order.id}-expire"},
                )
        except stripe.InvalidRequestError:
            # Lost a race with payment or expiry between the two calls: read the outcome.
            try:
                session = sessions.retrieve(order.stripe_session_id)
            except stripe.StripeError as error:
                raise _provider_error("read the checkout session", order, error) from error
        except stripe.StripeError as error:
            raise _provider_error("expire the checkout session", order, error) from error
        return ClosedCheckout(str(session.status), payment_report(session.to_dict()))

    def forget_shopper(self, checkout_id: str) -> None:
        """Remove the shopper's id from the payment page's metadata: sessions opened before
        it stopped being sent there still carry `conversation_id`. Removing a key that is not
        there is a no-op; a session Stripe no longer has is left as it is."""
        try:
            self.client.v1.checkout.sessions.update(
                checkout_id, params={"metadata": {"conversation_id": ""}}
            )
        except stripe.InvalidRequestError as error:
            log.warning("Stripe kept checkout session %s as it is: %s", checkout_id, error.code)
        except stripe.StripeError as error:
            raise PaymentProviderError(
                f"Stripe could not be asked to forget the shopper on {checkout_id}: "
                f"{error.user_message or type(error).__name__}"
            ) from error

    def refund(self, order: OrderView) -> bool:
        """Refund the whole payment; the idempotency key makes a repeated command refund once."""
        if order.payment_intent_id is None:
            raise PaymentProviderError(
                f"order {order.number} has no Stripe payment to refund", order=order.number
            )
        try:
            refund = self.client.v1.refunds.create(
                params={
                    "payment_intent": order.payment_intent_id,
                    "metadata": {"order_id": str(order.id)},
                },
                options={"idempotency_key": f"order-{order.id}-refund"},
            )
        except stripe.StripeError as error:
            raise _provider_error("refund the payment", order, error) from error
        return refund.status in {"succeeded", "pending"}


def _provider_error(
    action: str, order: OrderView, error: stripe.StripeError
) -> PaymentProviderError:
    reason = error.user_message or str(error)
    return PaymentProviderError(
        f"Stripe refused to {action} for {order.number}: {reason}", order=order.number
    )
