"""action_send_receipt: the payment arrived (Rasa `trigger_intent` from the web app)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity, money, settings, shop
from assistant.commerce.items import LineKind
from assistant.kernel.money import to_major
from assistant.services.receipts import receipt_for
from assistant.services.views import OrderLineView, OrderView
from assistant.wording import say, supported_language


def receipt_template(order: OrderView, lang: str, shop_url: str) -> dict[str, Any]:
    """A Messenger receipt template; prices are the ones the shopper paid."""
    paid_at = order.paid_at or order.created_at
    return {
        "template_type": "receipt",
        "recipient_name": say("label_customer", lang),
        "order_number": order.number,
        "currency": order.currency,
        "payment_method": "Stripe",
        "timestamp": str(int(paid_at.timestamp())),
        "order_url": f"{shop_url}/checkout/success?session_id={order.stripe_session_id or ''}",
        "elements": [
            {
                "title": line.title,
                "subtitle": line_subtitle(line, lang),
                "quantity": line.quantity,
                # Messenger wants major units as a number; Decimal -> float is exact enough
                # for display of at most 3 decimals and never used for arithmetic.
                "price": float(to_major(line.total_minor, order.currency)),
                "currency": order.currency,
                "image_url": line.image_url,
            }
            for line in order.lines
        ],
        "summary": {"total_cost": float(to_major(order.total_minor, order.currency))},
    }


def line_subtitle(line: OrderLineView, lang: str) -> str:
    """What the receipt says under a line: a flight's booking reference and passengers, a
    product's colour and size."""
    details = dict(line.details)
    if line.kind == LineKind.FLIGHT:
        return say(
            "label_flight_booking",
            lang,
            reference=details.get("booking_reference", ""),
            passengers=", ".join(details.get("passengers", [])),
        )
    return ", ".join(v for v in (line.color, line.size) if v) or line.sku


class ActionSendReceipt(Action):
    def name(self) -> str:
        return "action_send_receipt"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        order = receipt_for(shop(), tracker.sender_id, entity(tracker, "order_id") or "")
        if order is None:
            return []
        # The response's wording follows the language slot; amounts and the receipt, the
        # language the order was placed in.
        lang = supported_language(order.language)
        dispatcher.utter_message(
            response="utter_payment_received",
            order=order.number,
            total=money(order.total_minor, order.currency, lang),
        )
        dispatcher.utter_message(
            json_message={"receipt": receipt_template(order, lang, settings().shop_url)}
        )
        return []
