"""action_checkout: the cart becomes an order and the shopper gets a Stripe payment link."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language, money, payments, settings, shop
from assistant.commerce.errors import EmptyCart, OutOfStock, PriceChanged
from assistant.services.checkout import checkout
from assistant.services.meals import DeliveryNeeded, DeliveryRefused
from assistant.services.ports import PaymentProviderError
from assistant.wording import say


class ActionCheckout(Action):
    """Runs once the shopper confirmed the cart (see action_confirm_checkout)."""

    def name(self) -> str:
        return "action_checkout"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send_payment_link(dispatcher, tracker)
        return [SlotSet("pending_confirmation", None)]


def send_payment_link(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Create (or offer again) the order and its Stripe link, or say why not."""
    lang = language(tracker)
    try:
        result = checkout(shop(), payments(), tracker.sender_id, lang, settings().shop_url)
    except EmptyCart:
        dispatcher.utter_message(response="utter_cart_empty")
        return
    except OutOfStock as refusal:
        dispatcher.utter_message(response="utter_out_of_stock", **refusal.details)
        return
    except PriceChanged as refusal:
        details = refusal.details
        currency = str(details["currency"])
        dispatcher.utter_message(
            response="utter_price_changed",
            title=details["title"],
            old_price=money(int(str(details["old_price_minor"])), currency, lang),
            new_price=money(int(str(details["new_price_minor"])), currency, lang),
        )
        return
    except DeliveryNeeded:
        dispatcher.utter_message(response="utter_ask_delivery_mode")
        return
    except DeliveryRefused:
        dispatcher.utter_message(response="utter_delivery_recheck")
        return
    except PaymentProviderError as failure:
        dispatcher.utter_message(response="utter_payment_unavailable", order=failure.order)
        return
    order = result.order
    dispatcher.utter_message(
        response="utter_checkout_link",
        order=order.number,
        total=money(order.total_minor, order.currency, lang),
        url=result.checkout_url,
        buttons=[{"type": "web_url", "title": say("label_pay", lang), "url": result.checkout_url}],
    )
