"""The size/colour question, owned here: asked when a product is added without saying which
variant, answered by a button (an exact SKU) or typed ("42", "la M", "black please", "medium").

The question in flight lives in one slot, `variant_question` ({sku, quantity, color, size}),
written and read only by this module. Both the add-to-cart and the search actions hand the
latest message to `answer` first, because a typed answer is classified as either intent.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    FOCUS,
    added_last_turn,
    details_button,
    entity,
    intent_of,
    intent_payload,
    language,
    money,
    said_entities,
    shop,
)
from actions.fitting import colour_or_none
from assistant.commerce.errors import MixedBasket, OutOfStock, UnknownProduct
from assistant.conversation.quantities import (
    parse_quantity,
    quantity_in_words,
    quantity_said,
    says_only_how_many,
)
from assistant.conversation.variants import (
    choose_variant,
    named_colour,
    named_size,
    named_value,
    names_an_option,
    option_label,
)
from assistant.conversation.wording import french_names, shown_value
from assistant.services.carts import add_to_cart, view_cart
from assistant.services.products import product_for_sku, products_for_skus
from assistant.services.views import CartLineView, CartView
from assistant.wording import say
from catalog.text import fold, tokens

SLOT = "variant_question"

Events = list[dict[str, Any]]


def cleared() -> dict[str, Any]:
    """The event that drops the question (a new search moves on from it)."""
    return SlotSet(SLOT, None)


def answer_when_adding(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events | None:
    """ "I'll take the M": an add naming no other product (by button, position or name)."""
    return _answer(dispatcher, tracker, unless_named={"sku", "ordinal", "product"})


def answer_when_searching(dispatcher: CollectingDispatcher, tracker: Tracker) -> Events | None:
    """ "in 42 please" read as a search or a refinement: one naming no product, brand or price."""
    if intent_of(tracker) not in {"search_product", "refine_search"}:
        return None
    return _answer(dispatcher, tracker, unless_named={"product", "brand", "price"})


def _answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, unless_named: set[str]
) -> Events | None:
    """Finish the question if the latest message answers it; None when it does not."""
    question = tracker.get_slot(SLOT)
    named = {item.get("entity") for item in said_entities(tracker.latest_message)}
    if not question or named & unless_named:
        return None
    product = product_for_sku(shop(), question["sku"])
    if product is None:
        return None
    text = tracker.latest_message.get("text") or ""
    sizes = [option.size for option in product.options]
    colors = [option.color for option in product.options]
    size = named_value(entity(tracker, "size") or "", sizes) or named_size(text, sizes)
    color = named_value(entity(tracker, "color") or "", colors) or named_value(text, colors)
    if size is None and color is None and not names_an_option(product.options, text):
        return None
    said_quantity = quantity_said(entity(tracker, "quantity"), text)
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


def choose_and_add(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    sku: str,
    quantity: int,
    color: str | None,
    size: str | None,
) -> Events:
    """Add the variant of `sku`'s product that colour and size name, or ask for what is missing."""
    product = product_for_sku(shop(), sku)
    if product is None:
        dispatcher.utter_message(response="utter_which_product")
        return []
    said = tracker.latest_message.get("text") or ""
    said = "" if said.startswith("/") else said  # a button's payload: its SKU is no answer
    # "The 27 inch QHD": words of the title the model read as a size describe the product.
    color = None if color and _in_title_only(color, product.title, product.colors) else color
    color = colour_or_none(color, product)
    size = None if size and _in_title_only(size, product.title, product.sizes) else size
    # The model's value as the product spells it ("128" is "128 GB", "un kilo" is "1 kg"), or
    # a value it did not tag ("les vertes", "the big bag"), in either language.
    if color is None or color not in product.colors:
        color = named_colour(color or said, product.colors, french_names()) or color
    if size is None or size not in product.sizes:
        size = named_size(size or "", product.sizes) or named_size(said, product.sizes) or size
    choice = choose_variant(list(product.options), color, size, said)
    if choice.ask:
        buttons = [
            {
                "title": shown_value(option_label(option, choice.ask), language(tracker)),
                "payload": intent_payload("add_to_cart", sku=option.sku, quantity=quantity),
            }
            for option in choice.choices
        ]
        dispatcher.utter_message(
            response=f"utter_ask_{choice.ask}", title=product.title, buttons=buttons
        )
        return [SlotSet(SLOT, {"sku": sku, "quantity": quantity, "color": color, "size": size})]
    if choice.sku is None:
        lang = language(tracker)
        wanted = " ".join(shown_value(v, lang) for v in (color, size) if v) or product.title
        dispatcher.utter_message(
            response="utter_variant_unavailable",
            title=product.title,
            wanted=wanted,
            # the product as it is sold, its colours and sizes a tap away
            buttons=[] if _on_screen(tracker, product.group_id) else [details_button(sku, lang)],
        )
        return []
    return add_variant(dispatcher, tracker, choice.sku, quantity)


def add_variant(
    dispatcher: CollectingDispatcher, tracker: Tracker, sku: str, quantity: int
) -> Events:
    """Put the exact variant in the cart; the question, if any, is answered. The same add said
    again right after it was done ("le blanc" answered by adding it, then "ajoute le blanc")
    is not one more: the cart is shown as it is."""
    held = _held_since_last_turn(tracker, sku)
    if held is not None and _counts_alone(tracker):
        # "2 of them" right after one was put in: two in all, not two more
        from actions.cart import new_total  # the cart's own action, which imports this one

        product = product_for_sku(shop(), sku)
        if product is not None:
            return [*new_total(dispatcher, tracker, product, held[1], quantity), cleared()]
    if held is not None and _said_again(tracker):
        cart, line = held
        dispatcher.utter_message(
            response="utter_already_in_cart",
            title=line.title,
            items=cart.item_count,
            total=money(cart.total_minor, cart.currency or line.currency, language(tracker)),
        )
        return [cleared()]
    try:
        cart = add_to_cart(shop(), tracker.sender_id, sku, quantity)
    except UnknownProduct:
        dispatcher.utter_message(response="utter_which_product")
        return []
    except OutOfStock as refusal:
        dispatcher.utter_message(response="utter_out_of_stock", **refusal.details)
        return []
    except MixedBasket as refusal:
        lang = language(tracker)
        dispatcher.utter_message(
            response="utter_mixed_basket_goods",
            title=refusal.details["title"],
            buttons=[
                {"title": say("label_checkout", lang), "payload": "/checkout"},
                {"title": say("label_view_cart", lang), "payload": "/view_cart"},
            ],
        )
        return []
    added = cart.line(sku)
    lang = language(tracker)
    dispatcher.utter_message(
        response="utter_added_to_cart",
        quantity=quantity,
        sku=sku,  # kept in the event's metadata: what "add it" said next may repeat
        title=added.title,
        items=cart.item_count,
        total=money(cart.total_minor, cart.currency or added.currency, lang),
        buttons=_added_buttons(tracker, sku, lang),
    )
    return [cleared()]


def _added_buttons(tracker: Tracker, sku: str, lang: str) -> list[dict[str, str]]:
    """The way to pay, and, for a product named ("+ a displayport cable", "un tee shirt en lin
    alors") or not on screen ("chelsea boots black 43"), the product as a card shows it: what
    was picked, its details a tap away. The one on screen, pointed at ("add it", "blue M
    then"), needs no second card."""
    checkout = {"title": say("label_checkout", lang), "payload": "/checkout"}
    added = product_for_sku(shop(), sku)
    if added is None:
        return [checkout]
    said = tracker.latest_message.get("text") or ""
    said = "" if said.startswith("/") else said  # a button's payload names nothing said
    named = {word for word in tokens(said) if len(word) > 2 and not word.isdigit()}
    if _on_screen(tracker, added.group_id) and not named & set(tokens(added.title)):
        return [checkout]
    return [details_button(sku, lang), checkout]


def _on_screen(tracker: Tracker, group_id: str) -> bool:
    """The product is the one in focus or one of the results last shown."""
    on_screen = [tracker.get_slot(FOCUS), *(tracker.get_slot("last_results") or [])]
    shown = products_for_skus(shop(), [sku for sku in on_screen if sku])
    return any(view.group_id == group_id for view in shown)


# "One more", "another", "encore un": more of what was just added, not the same add again.
_MORE = re.compile(
    r"(?<!\w)(?:more|another|again|extra|encore|autre|de plus|en plus|rajoute\w*)(?!\w)",
    re.IGNORECASE,
)


def _held_since_last_turn(tracker: Tracker, sku: str) -> tuple[CartView, CartLineView] | None:
    """The cart and `sku`'s line in it, when the reply to the shopper's message before put it
    there: what this message may only repeat or recount."""
    if sku not in added_last_turn(tracker):
        return None
    cart = view_cart(shop(), tracker.sender_id)
    line = next((line for line in cart.lines if line.sku == sku), None)
    return (cart, line) if line is not None else None


def _said_again(tracker: Tracker) -> bool:
    """The latest message says neither how many nor "more": the add said again, or a card's
    button tapped twice."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):
        return entity(tracker, "quantity") is None
    if _MORE.search(fold(text)):
        return False
    return (
        quantity_said(entity(tracker, "quantity"), text) is None and quantity_in_words(text) is None
    )


# "2 of them", "deux", "x3", "3 please": a count alone, of what is in view.
_BARE_COUNT = re.compile(
    r"^\W*(?:\d{1,2}|x\s*\d{1,2}|one|two|three|four|five|six|deux|trois|quatre|cinq|six)"
    r"(?:\s+(?:of (?:them|those|these)|please|pls|svp|stp|then|alors))*\W*$",
    re.IGNORECASE,
)


def _counts_alone(tracker: Tracker) -> bool:
    """The latest message is a count alone ("2 of them", "deux"), not "more"."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/") or _MORE.search(fold(text)):
        return False
    return _BARE_COUNT.match(fold(text)) is not None or says_only_how_many(text)


def _in_title_only(value: str, title: str, options: list[str]) -> bool:
    """A value no variant has but the product's title says ("QHD" for the QHD monitor)."""
    folded = fold(value).strip()
    if any(fold(option).strip() == folded for option in options):
        return False
    words = " ".join(re.findall(r"[a-z0-9]+", folded))  # "27-inch" as the title spells it
    return f" {words} " in f" {' '.join(re.findall(r'[a-z0-9]+', fold(title)))} "
