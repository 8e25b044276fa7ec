"""Cart actions: add (with quantity and variant), remove or change a quantity, view, confirm."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.checkout import send_payment_link
from actions.common import (
    MovingOn,
    chosen_sku,
    entity,
    intent_payload,
    label,
    language,
    money,
    settings,
    yes_no_buttons,
)
from assistant.commerce.carts import CartView, add_to_cart, set_quantity, view_cart
from assistant.commerce.errors import OutOfStock, UnknownProduct
from assistant.commerce.orders import open_order
from assistant.commerce.products import product_for_sku
from assistant.conversation.ordinals import ordinal_index
from assistant.conversation.quantities import edit_for, parse_quantity
from assistant.conversation.variants import choose_variant, named_size, named_value
from assistant.db import session_scope
from catalog.text import fold

MAX_QUICK_REPLIES = 13  # Messenger's limit


def cart_lines(cart: CartView, lang: str) -> str:
    return "\n".join(
        f"{number}. {line.quantity} × {line.title}"
        + (
            f" ({', '.join(v for v in (line.color, line.size) if v)})"
            if line.color or line.size
            else ""
        )
        + f": {money(line.total_minor, line.currency, lang)}"
        for number, line in enumerate(cart.lines, start=1)
    )


def shoppers_cart(tracker: Tracker) -> CartView:
    with session_scope(settings().database_url) as session:
        return view_cart(session, tracker.sender_id)


def cart_total(cart: CartView, lang: str) -> str:
    return money(cart.total_minor, cart.currency or "EUR", lang)


def cart_summary(cart: CartView, lang: str) -> str:
    if not cart.lines:
        return label("cart_empty", lang)
    return label("cart_summary", lang).format(items=cart.item_count, total=cart_total(cart, lang))


class ActionAddToCart(MovingOn, Action):
    def name(self) -> str:
        return "action_add_to_cart"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        question = tracker.get_slot("variant_question")
        if question and not any(entity(tracker, name) for name in ("sku", "ordinal", "product")):
            # "I'll take the M" after "which size?" answers it.
            answered = answer_variant_question(dispatcher, tracker, question)
            if answered is not None:
                return answered
        sku = chosen_sku(tracker)
        if sku is None:
            dispatcher.utter_message(response="utter_which_product")
            return []
        quantity = parse_quantity(entity(tracker, "quantity")) or 1
        if entity(tracker, "sku") is not None:  # a button names the exact variant
            return add_variant(dispatcher, tracker, sku, quantity)
        # "The first one" names a product, not a variant: settle colour and size first,
        # from this message or else from the search the shopper is refining.
        color = entity(tracker, "color") or tracker.get_slot("color")
        size = entity(tracker, "size") or tracker.get_slot("size")
        return choose_and_add(dispatcher, tracker, sku, quantity, color, size)


def choose_and_add(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    sku: str,
    quantity: int,
    color: str | None,
    size: str | None,
) -> list[dict[str, Any]]:
    """Add the variant of `sku`'s product that colour and size name, or ask for what is missing.

    A question leaves `variant_question` set, so a typed answer ("42", "la M") can finish it.
    """
    with session_scope(settings().database_url) as session:
        product = product_for_sku(session, sku)
    if product is None:
        dispatcher.utter_message(response="utter_which_product")
        return []
    choice = choose_variant(list(product.options), color, size)
    if choice.ask:
        buttons = [
            {
                "title": getattr(option, choice.ask)[:20],
                "payload": intent_payload("add_to_cart", sku=option.sku, quantity=quantity),
            }
            for option in choice.choices[:MAX_QUICK_REPLIES]
        ]
        dispatcher.utter_message(
            response=f"utter_ask_{choice.ask}", title=product.title, buttons=buttons
        )
        question = {"sku": sku, "quantity": quantity, "color": color, "size": size}
        return [SlotSet("variant_question", question)]
    if choice.sku is None:
        wanted = " ".join(value for value in (color, size) if value) or product.title
        dispatcher.utter_message(
            response="utter_variant_unavailable", title=product.title, wanted=wanted
        )
        return []
    return add_variant(dispatcher, tracker, choice.sku, quantity)


def answer_variant_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, question: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """A typed reply to "which size?" / "which colour?": "42", "size L please", "en noir".

    None when the message names none of the product's sizes or colours: not an answer.
    """
    with session_scope(settings().database_url) as session:
        product = product_for_sku(session, question["sku"])
    if product is None:
        return None
    text = tracker.latest_message.get("text") or ""
    sizes = [option.size for option in product.options]
    colors = [option.color for option in product.options]
    size = named_value(entity(tracker, "size") or "", sizes) or named_size(text, sizes)
    color = named_value(entity(tracker, "color") or "", colors) or named_value(text, colors)
    if size is None and color is None:
        return None
    said_quantity = entity(tracker, "quantity")
    if said_quantity == size:
        said_quantity = None  # "42" taken for a quantity was the size
    quantity = parse_quantity(said_quantity) or int(question.get("quantity") or 1)
    return choose_and_add(
        dispatcher,
        tracker,
        question["sku"],
        quantity,
        color or question.get("color"),
        size or question.get("size"),
    )


def add_variant(
    dispatcher: CollectingDispatcher, tracker: Tracker, sku: str, quantity: int
) -> list[dict[str, Any]]:
    lang = language(tracker)
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
    return [SlotSet("variant_question", None)]


def _cart_line_meant(tracker: Tracker, cart: CartView) -> str | None:
    """The SKU of the cart line the shopper names: by position, product words, or the only one."""
    ordinal = entity(tracker, "ordinal")
    if ordinal:
        index = ordinal_index(ordinal, len(cart.lines))
        return cart.lines[index].sku if index is not None else None
    words = [
        fold(value)
        for name in ("product", "brand", "color", "size")
        if (value := entity(tracker, name))
    ]
    if words:
        matches = [
            line
            for line in cart.lines
            if all(
                word.rstrip("s") in fold(f"{line.title} {line.color} {line.size}") for word in words
            )
        ]
        return matches[0].sku if len(matches) == 1 else None
    return cart.lines[0].sku if len(cart.lines) == 1 else None


class ActionRemoveFromCart(MovingOn, Action):
    """ "Remove the second one", "remove 2 mugs", "only keep 1", "change the quantity to 3"."""

    def name(self) -> str:
        return "action_remove_from_cart"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        cart = shoppers_cart(tracker)
        if not cart.lines:
            dispatcher.utter_message(response="utter_cart_empty")
            return []
        sku = _cart_line_meant(tracker, cart)
        if sku is None:
            dispatcher.utter_message(response="utter_which_cart_line", lines=cart_lines(cart, lang))
            return []
        line = next(line for line in cart.lines if line.sku == sku)
        quantity = parse_quantity(entity(tracker, "quantity"))
        edit = edit_for(line.quantity, quantity, tracker.latest_message.get("text") or "")
        try:
            with session_scope(settings().database_url) as session:
                cart = set_quantity(session, tracker.sender_id, sku, edit.new_quantity)
        except OutOfStock as refusal:
            dispatcher.utter_message(response="utter_out_of_stock", **refusal.details)
            return []
        if edit.new_quantity == 0:
            dispatcher.utter_message(
                response="utter_removed_from_cart",
                title=line.title,
                summary=cart_summary(cart, lang),
            )
        else:
            dispatcher.utter_message(
                response="utter_quantity_changed",
                title=line.title,
                quantity=edit.new_quantity,
                summary=cart_summary(cart, lang),
            )
        return []


class ActionViewCart(MovingOn, Action):
    def name(self) -> str:
        return "action_view_cart"

    def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        cart = shoppers_cart(tracker)
        if not cart.lines:
            dispatcher.utter_message(response="utter_cart_empty")
            return []
        dispatcher.utter_message(
            response="utter_cart_contents",
            lines=cart_lines(cart, lang),
            total=cart_total(cart, lang),
        )
        return []


class ActionConfirmCheckout(Action):
    """Show what will be paid and ask first; "yes" then runs action_checkout (see rules)."""

    def name(self) -> str:
        return "action_confirm_checkout"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        cart = shoppers_cart(tracker)
        if not cart.lines:
            with session_scope(settings().database_url) as session:
                waiting = open_order(session, tracker.sender_id) is not None
            if waiting:  # already confirmed once: offer the same order's link again
                send_payment_link(dispatcher, tracker)
            else:
                dispatcher.utter_message(response="utter_cart_empty")
            return [SlotSet("pending_confirmation", None)]
        dispatcher.utter_message(
            response="utter_confirm_checkout",
            lines=cart_lines(cart, lang),
            total=cart_total(cart, lang),
            buttons=yes_no_buttons(lang),
        )
        return [SlotSet("pending_confirmation", "checkout")]


class ActionConfirmationDeclined(Action):
    def name(self) -> str:
        return "action_confirmation_declined"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("pending_confirmation") == "cancel_order":
            dispatcher.utter_message(response="utter_cancel_declined")
        else:
            dispatcher.utter_message(response="utter_checkout_declined")
        return [SlotSet("pending_confirmation", None), SlotSet("order_to_cancel", None)]
