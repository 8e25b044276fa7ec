"""The receipt of a paid order: a Messenger receipt template payload plus its plain-text facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from assistant.commerce.models import Order
from assistant.money import format_money, to_major
from catalog.models import Variant

RECIPIENT = {"en": "Customer", "fr": "Client"}


@dataclass(frozen=True)
class Receipt:
    order_number: str
    language: str
    total: str  # formatted for the shopper's language
    payload: dict[str, Any]  # Messenger receipt template (template_type "receipt")


def build_receipt(session: Session, order: Order, shop_url: str) -> Receipt:
    """Everything the receipt action sends; prices are the ones the shopper paid."""
    language = order.language if order.language in RECIPIENT else "en"
    elements = []
    for line in order.lines:
        variant = session.get(Variant, line.variant_id)
        options = ", ".join(v for v in (variant.color, variant.size) if v) if variant else ""
        image = (variant.image_link or variant.product.image_link) if variant else ""
        elements.append(
            {
                "title": line.title,
                "subtitle": options or line.sku,
                "quantity": line.quantity,
                # Messenger wants major units as a number; Decimal -> float is exact enough
                # for display of at most 3 decimals and never used for arithmetic.
                "price": float(to_major(line.unit_price_minor * line.quantity, order.currency)),
                "currency": order.currency,
                "image_url": image,
            }
        )
    paid_at = order.paid_at or order.updated_at
    payload = {
        "template_type": "receipt",
        "recipient_name": RECIPIENT[language],
        "order_number": order.number,
        "currency": order.currency,
        "payment_method": "Stripe",
        "timestamp": str(int(paid_at.timestamp())),
        "order_url": f"{shop_url}/checkout/success?session_id={order.stripe_session_id or ''}",
        "elements": elements,
        "summary": {"total_cost": float(to_major(order.total_minor, order.currency))},
    }
    return Receipt(
        order_number=order.number,
        language=language,
        total=format_money(order.total_minor, order.currency, language),
        payload=payload,
    )
