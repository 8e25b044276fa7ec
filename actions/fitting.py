"""Which product shown has the colour and size a shopper said: for an add ("one pair black
size L" after a list) and for a question ("le noir en L coûte combien ?"); and whether words
say only options ("black, size M"), which the add and the cart operations both read."""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.common import entity, shop
from assistant.conversation.variants import named_colour, named_size, named_value
from assistant.conversation.wording import french_names
from assistant.services.products import products_for_skus
from assistant.services.views import ProductView
from catalog.colours import is_colour_name, same_family
from catalog.text import OPTION_WORDS, fold


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


ONLY_OPTIONS = re.compile(
    r"(?<!\w)(?:one|ones|another|more|then|fine|also|too|instead|size|colou?r|in|of|the|a|"
    r"an|please|pls|ok|okay|i'?ll take|take|want|un|une|autre|aussi|encore|taille|grandeur|couleur|"
    r"pointure|en|de|la|le|les|l|puis|alors|plutot|plutôt|je|prends|veux|voudrais|stp|svp|"
    r"mets|m'en|moi|and|et|pair|pairs|paire|paires|two|three|four|five|six|deux|trois|quatre|"
    r"cinq|actually|finalement|gimme|give|me|x|bars?|tablettes?|just|only|juste|seulement|"
    r"ugh|hmm+|hm|oh|ah|alright|right|sure|yeah|yes|yep|oui|ouais|bon|bah|ben|euh|nah|plz|"
    r"go|vas-y|vas y|du coup|en fait|ptet|tjrs|toujours|non|no|nope|same|meme|même|"
    r"make|it|them|all|to|swap|switch|change|remplace|par|tous|toutes|is|fine|good|"
    r"i|i'd|i'm|with|avec|get|buy|would|like|need|can|could|have|half|dozen|demi|douzaine|"
    r"lots?|those|these|that|this|ca|ça|cela|d'abord|dabord|"
    # "the big bag", "le petit paquet": which size of it
    r"big|bigger|biggest|small|smaller|smallest|large|larger|little|grande?s?|petite?s?|gros|"
    r"extra|x-large|x-small|as well|as|well|"
    r"grosses?|"
    # "…, size S to my cart", "…, taille L dans mon panier": where it goes
    r"my|into|cart|basket|trolley|mon|dans|au|panier|"
    r"\d+|[a-z]?\d+[a-z]*|"
    + "|".join(sorted(OPTION_WORDS))  # "2 bags", "3 paquets", "5 tablettes", "le lot"
    + r")(?!\w)",
    re.IGNORECASE,
)
_LETTER_SIZES = re.compile(r"(?<!\w)(?:x{0,3}s|m|x{0,3}l)(?!\w)")


def says_only_options(part: str) -> bool:
    """ "black, size M", "les beiges en 40", "2 in white": counts, colours, sizes and the words
    around them, nothing that names a product."""
    colours = french_names()
    rest = ONLY_OPTIONS.sub(" ", _LETTER_SIZES.sub(" ", fold(part).lower()))
    # "and one insulated steel bottle, black, 750 ml": a colour is an option too
    rest = " ".join(w for w in rest.split() if not named_colour(w, list(colours), colours))
    return not rest.strip(" .!?:;")
