"""action_product_details: description, options, stock and price of the product meant."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    MovingOn,
    chosen_sku,
    intent_payload,
    language,
    money,
    shop,
)
from assistant.services.products import product_for_sku
from assistant.services.views import ProductView
from assistant.wording import say


def price_text(product: ProductView, lang: str) -> str:
    low = money(product.min_price_minor, product.currency, lang)
    if product.min_price_minor == product.max_price_minor:
        return low
    return f"{low} – {money(product.max_price_minor, product.currency, lang)}"


def options_text(product: ProductView, lang: str) -> str:
    parts = []
    if product.colors:
        parts.append(f"{say('label_colors', lang)}: {', '.join(product.colors)}.")
    if product.sizes:
        parts.append(f"{say('label_sizes', lang)}: {', '.join(product.sizes)}.")
    return (" ".join(parts) + " ") if parts else ""


def stock_text(product: ProductView, lang: str) -> str:
    if not product.available:
        return say("label_out_of_stock", lang)
    if product.stock is None:
        return ""
    return say("label_in_stock", lang, count=product.stock)


class ActionProductDetails(MovingOn, Action):
    def name(self) -> str:
        return "action_product_details"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        sku = chosen_sku(tracker)
        product = product_for_sku(shop(), sku) if sku is not None else None
        if product is None:
            dispatcher.utter_message(response="utter_which_product")
            return []
        dispatcher.utter_message(
            response="utter_product_details",
            title=product.title,
            brand=product.brand,
            price=price_text(product, lang),
            description=product.description,
            options=options_text(product, lang),
            stock=stock_text(product, lang),
            buttons=[
                {
                    "title": say("label_add_to_cart", lang),
                    "payload": intent_payload("add_to_cart", sku=sku),
                }
            ],
        )
        return []
