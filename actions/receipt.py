"""action_send_receipt: the payment arrived (Rasa `trigger_intent` from the web app)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity, money, settings, shop
from actions.meals import when_text
from assistant.commerce.delivery import Delivery
from assistant.commerce.items import LineKind
from assistant.commerce.order import KITCHEN_STEPS
from assistant.kernel.money import to_major
from assistant.services.meals import current_menu
from assistant.services.receipts import receipt_for
from assistant.services.views import OrderLineView, OrderView
from assistant.wording import say, supported_language
from catalog.menu.delivery import Fulfilment


def receipt_template(
    order: OrderView, lang: str, shop_url: str, timezone: str = "UTC"
) -> dict[str, Any]:
    """A Messenger receipt template; prices are the ones the shopper paid. A meal's delivery
    (address and time, in the restaurant's `timezone`) is the fee line's subtitle: the
    template's own `address` needs a state, which French addresses do not have."""
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
                "title": line.title,  # a dish's options are in its title
                "subtitle": _subtitle(order, line, lang, timezone),
                "quantity": line.quantity,
                # Messenger wants major units as a number; Decimal -> float is exact enough
                # for display of at most 3 decimals and never used for arithmetic.
                "price": float(to_major(line.total_minor, order.currency)),
                "currency": order.currency,
                "image_url": line.image_url,
            }
            for line in order.lines
        ],
        "summary": _summary(order),
    }


def _subtitle(order: OrderView, line: OrderLineView, lang: str, timezone: str) -> str:
    """A product's colour and size; nothing for a dish (its title has its options); a
    flight's booking reference and passengers; the delivery's address and time under the fee."""
    if line.kind == LineKind.FEE and order.delivery is not None:
        return delivery_words(order.delivery, timezone, lang)
    if line.kind == LineKind.MEAL:
        return ""
    if line.kind == LineKind.FLIGHT:
        details = dict(line.details)
        return say(
            "label_flight_booking",
            lang,
            reference=details.get("booking_reference", ""),
            passengers=", ".join(details.get("passengers", [])),
        )
    return ", ".join(v for v in (line.color, line.size) if v) or line.sku


def _summary(order: OrderView) -> dict[str, float]:
    """The total; for a meal, the dishes and the delivery fee apart (Messenger's shipping_cost)."""
    summary = {"total_cost": float(to_major(order.total_minor, order.currency))}
    fee = sum(line.total_minor for line in order.lines if line.kind == LineKind.FEE)
    if fee:
        summary["subtotal"] = float(to_major(order.total_minor - fee, order.currency))
        summary["shipping_cost"] = float(to_major(fee, order.currency))
    return summary


def delivery_words(delivery: Delivery, timezone: str, lang: str) -> str:
    """ "12 rue Oberkampf, 75011, on Wed 03/12 at 20:00": where and when, for the receipt."""
    when = when_text(delivery.time, timezone, lang)
    if delivery.mode is Fulfilment.PICKUP:
        return f"{say('label_pickup', lang)}, {when}"
    return f"{delivery.address}, {delivery.postcode}, {when}"


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
        timezone = "UTC"
        if order.delivery is not None:
            timezone = current_menu(shop()).restaurant.timezone
            dispatcher.utter_message(
                response="utter_meal_on_its_way",
                delivery=delivery_words(order.delivery, timezone, lang),
            )
        dispatcher.utter_message(
            json_message={"receipt": receipt_template(order, lang, settings().shop_url, timezone)}
        )
        return []


class ActionSendOrderUpdate(Action):
    """A meal's kitchen step (trigger_intent `order_update` from `assistant orders advance`):
    the order's current step is told, so a late trigger never says an older one."""

    def name(self) -> str:
        return "action_send_order_update"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        order = receipt_for(shop(), tracker.sender_id, entity(tracker, "order_id") or "")
        if order is None or order.status not in KITCHEN_STEPS:
            return []
        dispatcher.utter_message(response=f"utter_order_step_{order.status}", order=order.number)
        return []
