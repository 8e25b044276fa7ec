"""A change to a line of the cart that the message names, whatever intent the model gave it:
"1 more of the bomber", "deux de plus pour le col V", "drop the usb-a cable", "just one
stoneware mug, not 2", "switch the canvas sneakers to a size 39". The search, the add, the
removal and the product questions each try it first: shoppers editing a basket say these in
words the intent model reads as a new search as often as an edit."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import variant_question
from actions.common import FOCUS, added_last_turn, colours_in_english, focus_on, shop
from assistant.commerce.items import LineKind
from assistant.conversation.cart_lines import long_words
from assistant.conversation.line_edits import LineChange, LineEdit, line_edit
from assistant.conversation.quantities import edit_for, quantity_in_words, says_only_how_many
from assistant.conversation.variants import named_colour, named_size
from assistant.conversation.wording import french_names
from assistant.services.carts import view_cart
from assistant.services.products import (
    best_among,
    kind_asked,
    product_for_sku,
    says_words_of_titles,
    tells_variants_apart,
)
from assistant.services.views import CartLineView, CartView, ProductView
from catalog.text import CONTAINER_WORDS

# "One more of those", "deux de plus": the line in view, or the only one.
_POINTS = re.compile(r"^(?:those|these|them|it|this one|that one|ceux-la|celles-la|ca|en)?$")


def line_edited(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """The edit done, or None when the message edits no line of the cart it names."""
    # Called by the cart's own actions, whose changes it makes: imported when called.
    from actions.cart import another_variant, line_removed, new_total

    text = tracker.latest_message.get("text") or ""
    if not text or text.startswith("/"):
        return None
    edit = line_edit(text)
    if edit is None:
        return _count_of_the_one_just_added(dispatcher, tracker, text)
    cart = view_cart(shop(), tracker.sender_id)
    if not cart.lines:
        return None
    line = line_named(tracker, cart, edit)
    product = product_for_sku(shop(), line.sku) if line is not None else None
    if line is None or product is None:
        return None
    if edit.change is LineChange.VARIANT:
        return another_variant(dispatcher, tracker, product, line)
    if _other_option(edit.rest, product, line):
        # "2 more in red" of a white line: another variant, for the add; the words of the
        # change itself name none ("deux de plus" is no biggest bag)
        return None
    if edit.change is LineChange.ONLY:
        return new_total(dispatcher, tracker, product, line, edit.count)
    if edit.change is LineChange.MORE:
        return [
            *variant_question.add_variant(dispatcher, tracker, line.sku, edit.count),
            focus_on(product),
        ]
    if edit.count:  # "retire-en une, j'en garde qu'une": some units out, or as many kept
        kept = edit_for(line.quantity, edit.count, text).new_quantity
        if kept:
            return new_total(dispatcher, tracker, product, line, kept)
    line_removed(dispatcher, tracker, line)
    return []


def line_named(tracker: Tracker, cart: CartView, edit: LineEdit) -> CartLineView | None:
    """The cart line the edit's words name: by a word of its title, else the catalog's best
    match among the cart's products ("les tasses émaillées" is the Enamel Camping Mug); with
    only a pointer ("one more of those"), the product in view or the only line."""
    products = [line for line in cart.lines if line.kind is LineKind.PRODUCT]
    if not products:
        return None
    if _POINTS.match(edit.rest) or _only_containers(edit.rest):  # "just the one jar"
        in_view = _line_in_view(tracker, products)
        return in_view or (products[0] if len(products) == 1 else None)
    by_colour = _of_the_colour(edit.rest, products)
    if by_colour is not None:
        return by_colour  # "enlevez la rouge": the red socks, the grey ones stay
    said = _singular_words(edit.rest)
    shared = {line.key: len(said & _singular_words(line.title)) for line in products}
    most = max(shared.values())
    if edit.change is LineChange.VARIANT and not most:
        # "Sorry, L is better, I like it loose", "On reflection, navy would be more
        # sensible.": no line named, an option said of the one in view
        said_all = tracker.latest_message.get("text") or ""
        in_view = _in_view_with_another_option(tracker, products, said_all)
        if in_view is not None:
            return in_view
    by_word = [line for line in products if most and shared[line.key] == most]
    if len(by_word) == 1:
        return by_word[0]  # "teh usb-c cable": the cable shares two words, the USB mouse one
    return _best_match(edit.rest, by_word or products) or _only_one_of_the_kind(
        edit.rest, by_word or products
    )


def _in_view_with_another_option(
    tracker: Tracker, lines: list[CartLineView], words: str
) -> CartLineView | None:
    """The line of the product in view, when the words say another of its colours or sizes."""
    line = _line_in_view(tracker, lines)
    product = product_for_sku(shop(), line.sku) if line is not None else None
    if line is None or product is None or not _other_option(words, product, line):
        return None
    return line


def _line_in_view(tracker: Tracker, lines: list[CartLineView]) -> CartLineView | None:
    """The line of the product in focus, if the cart holds it."""
    focused = tracker.get_slot(FOCUS)
    return next((line for line in lines if _same_product(line.sku, focused)), None)


def _only_containers(words: str) -> bool:
    """Words naming how the product comes ("jar", "les sachets"), not which product."""
    said = words.split()
    return bool(said) and all(word in CONTAINER_WORDS for word in said)


def _only_one_of_the_kind(words: str, lines: list[CartLineView]) -> CartLineView | None:
    """The one line of the kind the words name: "deux paires de chaussettes finalement" with
    boots and merino socks in the cart."""
    kind = kind_asked(shop(), words) if words else None
    if kind is None:
        return None
    of_kind = [line for line in lines if _category_of(line.sku).startswith(kind)]
    return of_kind[0] if len(of_kind) == 1 else None


def _category_of(sku: str) -> str:
    product = product_for_sku(shop(), sku)
    return product.category if product is not None else ""


def _of_the_colour(words: str, lines: list[CartLineView]) -> CartLineView | None:
    """The one line in the colour the words say, when they say nothing but the colour and
    pointing words ("la rouge", "the black ones")."""
    colours = [line.color for line in lines if line.color]
    colour = named_colour(words, colours, french_names()) if colours else None
    if colour is None or not tells_variants_apart(shop(), colours_in_english(words)):
        return None
    of_colour = [line for line in lines if line.color == colour]
    return of_colour[0] if len(of_colour) == 1 else None


def _best_match(words: str, lines: list[CartLineView]) -> CartLineView | None:
    """The line whose product the catalog matches best with the words."""
    groups = {_group_of(line.sku): line for line in lines}
    best = best_among(shop(), words, {group for group in groups if group is not None})
    return groups[best] if best is not None else None


def _other_option(text: str, product: ProductView, line: CartLineView) -> bool:
    """The message names a colour or size of the product other than the line's."""
    color = named_colour(text, list(product.colors), french_names())
    size = named_size(text, list(product.sizes))
    return (color is not None and color != line.color) or (size is not None and size != line.size)


def _same_product(sku: str, other: str | None) -> bool:
    return other is not None and _group_of(sku) == _group_of(other)


def _group_of(sku: str) -> str | None:
    product = product_for_sku(shop(), sku)
    return product.group_id if product is not None else None


def _singular_words(text: str) -> set[str]:
    """Its words of three letters or more, folded, without a plural's s."""
    return {word.rstrip("s") for word in long_words(text, shortest=3)}


def _count_of_the_one_just_added(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[dict[str, Any]] | None:
    """ "2", "trois stp" said alone right after the reply put one product in the cart: that
    line made so many, as "make it 2" does (it asked the colour of another one to add). None
    when the message is more than a count, a size or colour question is open, or the last
    reply added nothing or several products."""
    # Called by the cart's own actions, whose changes it makes: imported when called.
    from actions.cart import new_total

    number = _A_NUMBER_ALONE.match(text)
    count = quantity_in_words(text) if says_only_how_many(text) else None
    if not (count or number) or tracker.get_slot(variant_question.SLOT):
        return None
    added = added_last_turn(tracker)  # read from the tracker before the catalog is asked
    if not added or says_words_of_titles(shop(), text):
        return None
    lines = [line for line in view_cart(shop(), tracker.sender_id).lines if line.sku in added]
    product = product_for_sku(shop(), lines[0].sku) if len(lines) == 1 else None
    if product is None or (number and number[1] in product.sizes):
        return None  # "42" of shoes: a size
    if count is None and number:
        count = int(number[1])
    if not count or lines[0].quantity == count:
        return None
    return new_total(dispatcher, tracker, product, lines[0], count)


# "2": a number alone, which the intent model may tag a size
_A_NUMBER_ALONE = re.compile(r"^\W*(\d{1,2})\W*$")
