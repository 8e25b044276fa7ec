"""Cart actions: add a product (button payload, "the first one", or the only result) and view."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language, money, settings
from assistant.commerce.carts import add_to_cart, view_cart
from assistant.commerce.errors import OutOfStock, UnknownProduct
from assistant.conversation.ordinals import ordinal_index
from assistant.db import session_scope


def _entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value is not None else None


def chosen_sku(tracker: Tracker) -> str | None:
    """The SKU the shopper means: explicit payload, an ordinal, or the single result shown."""
    sku = _entity(tracker, "sku")
    if sku:
        return sku
    shown: list[str] = tracker.get_slot("last_results") or []
    ordinal = _entity(tracker, "ordinal")
    if ordinal:
        index = ordinal_index(ordinal, len(shown))
        return shown[index] if index is not None else None
    return shown[0] if len(shown) == 1 else None


class ActionAddToCart(Action):
    def name(self) -> str:
        return "action_add_to_cart"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        sku = chosen_sku(tracker)
        if sku is None:
            dispatcher.utter_message(response="utter_which_product")
            return []
        quantity_text = _entity(tracker, "quantity") or "1"
        quantity = int(quantity_text) if quantity_text.isdigit() and int(quantity_text) > 0 else 1
        try:
            with session_scope(settings().database_url) as session:
                cart = add_to_cart(session, tracker.sender_id, sku, quantity)
        except UnknownProduct:
            dispatcher.utter_message(response="utter_which_product")
            return []
        except OutOfStock as refusal:
            dispatcher.utter_message(response="utter_out_of_stock", **refusal.details)
            return []
        added = next(line for line in cart.lines if line.sku == sku)
        dispatcher.utter_message(
            response="utter_added_to_cart",
            quantity=quantity,
            title=added.title,
            items=cart.item_count,
            total=money(cart.total_minor, cart.currency or added.currency, lang),
        )
        return []


class ActionViewCart(Action):
    def name(self) -> str:
        return "action_view_cart"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        with session_scope(settings().database_url) as session:
            cart = view_cart(session, tracker.sender_id)
        if not cart.lines:
            dispatcher.utter_message(response="utter_cart_empty")
            return []
        lines = "\n".join(
            f"- {line.quantity} × {line.title}"
            + (
                f" ({', '.join(v for v in (line.color, line.size) if v)})"
                if line.color or line.size
                else ""
            )
            + f": {money(line.total_minor, line.currency, lang)}"
            for line in cart.lines
        )
        dispatcher.utter_message(
            response="utter_cart_contents",
            lines=lines,
            total=money(cart.total_minor, cart.currency or "EUR", lang),
        )
        return []
