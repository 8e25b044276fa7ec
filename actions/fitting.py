"""Which product shown has the colour and size a shopper said: for an add ("one pair black
size L" after a list) and for a question ("le noir en L coûte combien ?")."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.common import entity, shop
from assistant.conversation.variants import named_colour, named_size, named_value
from assistant.conversation.wording import french_names
from assistant.services.products import products_for_skus
from assistant.services.views import ProductView
from catalog.colours import is_colour_name, same_family


def fits(product: ProductView, color: str | None, size: str | None, on_sale: bool = True) -> bool:
    """The product has a variant on sale in that colour and size (either may be unsaid);
    `on_sale=False`: has one at all, sold out or not."""
    return any(
        (option.available or not on_sale)
        and (color is None or is_colour(color, option.color))
        and (size is None or named_value(size, [option.size]))
        for option in product.options
    )


def colour_or_none(color: str | None, product: ProductView | None) -> str | None:
    """The model's colour, or None when it is none: not a colour word and no colour of the
    product ("one split keyboard for the same purpose": "purpose" tagged a colour; "27 pouces
    calibré" in "je prends le 27 pouces calibré")."""
    if not color or is_colour_name(color) or product is None:
        return color
    return color if named_colour(color, list(product.colors), french_names()) else None


def is_colour(said: str, value: str) -> bool:
    """The variant's colour is the one said, or one of its shades ("blue": navy)."""
    return named_value(said, [value]) is not None or same_family(said, value)


def fitting_shown(tracker: Tracker) -> ProductView | None:
    """ "One pair black size L" after a list: the first product shown (the best match) that
    has the colour and size said. To add, or to price the variant said ("le noir en L coûte
    combien ?"); a yes/no question about "them" is answered about the first result, whatever
    it has."""
    color, size = entity(tracker, "color"), entity(tracker, "size")
    text = tracker.latest_message.get("text") or ""
    shown = products_for_skus(shop(), tracker.get_slot("last_results") or [])
    for index, product in enumerate(shown):
        # a size the model did not tag, as the product spells it: "the 1 kg bag"
        said = size or named_size(text, list(product.sizes))
        # the best match sold out so ("quatre blancs"): it, which the add says is sold out,
        # not another product in its place
        if (color or said) and fits(product, color, said, on_sale=index > 0):
            return product
    return None


def untagged_option(text: str, product: ProductView) -> str | None:
    """A size or colour of the product said in words the model did not tag ("the 1kg bag",
    "et un clavier pour tablette, blanc")."""
    return named_size(text, list(product.sizes)) or named_colour(
        text, list(product.colors), french_names()
    )
