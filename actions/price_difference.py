"""How much more one thing costs than another: "what's the price difference between the 512 GB
and the 1 TB?", "How much more is it than the 32-inch 4K UHD one?", "quelle différence de prix
entre les Road Running Shoes et les Everyday en bleu ?".

Each side is a product the message names (or the one in view, "it"), priced as the words name
its version ("in blue", "512 Go"), else as the cart holds it, else at its lowest price. Two
versions of one product are two sides too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import focus_on, in_view_now, language, money, previous_message, shop
from assistant.conversation.variants import named_colour, named_size
from assistant.conversation.wording import french_names, shown_value
from assistant.services.carts import view_cart
from assistant.services.products import product_named
from assistant.services.views import Option, ProductView
from assistant.wording import say
from catalog.text import fold

# Read on the folded text.
_ASKS_THE_DIFFERENCE = re.compile(
    r"(?<!\w)(?:price difference|difference in price|difference (?:in|of) cost|"
    r"how much (?:more|less|cheaper|dearer|extra)|what(?:'s| is) the difference|"
    r"difference de prix|ecart de prix|difference entre|quelle difference|"
    r"combien (?:de )?(?:plus|moins)(?: cher)?|(?:plus|moins) cher de combien|"
    r"(?:plus|moins) chere?s? de combien|"
    # "256 GB and 128 GB price different how much?", "more expensive by how much?"
    r"price different|different in price|by how much|de combien (?:plus|moins))(?!\w)"
)
# Where the message turns from one side to the other.
_SIDES = re.compile(
    r"\s(?:and|or|et|ou|pis|puis|vs\.?|versus|than|que|qu'|compared to|compare a|"
    r"par rapport (?:a|au|aux))"
    r"\s|,\s",
    re.IGNORECASE,
)
_IT = re.compile(r"(?<!\w)(?:it|this|that|this one|that one|il|elle|celui-ci|celle-ci)(?!\w)")
# "The price difference between the two", "entre les deux": the two the shopper named before.
_THE_TWO = re.compile(r"(?<!\w)(?:the two|both|the pair|les deux|tous les deux|entre eux)(?!\w)")


@dataclass(frozen=True)
class _Side:
    product: ProductView
    option: Option | None  # the version priced, when one is meant
    said: tuple[str, ...] = ()  # the colour and size that name it

    @property
    def price_minor(self) -> int:
        if self.option is not None and self.option.price_minor is not None:
            return self.option.price_minor
        return self.product.min_price_minor

    def name(self, lang: str) -> str:
        which = " ".join(shown_value(value, lang, french_names()) for value in self.said)
        return f"{self.product.title} ({which})" if which else self.product.title


def asks_the_difference(text: str) -> bool:
    return _ASKS_THE_DIFFERENCE.search(fold(text).lower()) is not None


# "Is it more expensive than the 70% bar?", "est-il plus cher que la tablette à 70 % ?": a yes
# or a no between two prices. Read on the folded text.
_DEARER_THAN = re.compile(
    r"(?<!\w)(?:more expensive|dearer|pricier|costlier|plus chere?s?)\s+(?:than|que|qu')"
)
_CHEAPER_THAN = re.compile(r"(?<!\w)(?:cheaper|less expensive|moins chere?s?)\s+(?:than|que|qu')")
# "Do you have something cheaper than the sherpa one?": other products asked for, a search.
_ANOTHER_ASKED = re.compile(
    r"(?<!\w)(?:something|anything|nothing|any|another|other|others|ones|quelque chose|"
    r"autre chose|rien|d'autres|un autre|une autre|des)(?:\s+[\w'-]+){0,2}\s+"
    r"(?:cheaper|less expensive|more expensive|dearer|pricier|moins chere?s?|plus chere?s?)"
)


def answer_price_compared(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """Yes or no to "is it more expensive than …?", with both prices; None when the message
    asks no such question or does not say two things to price. The first side (the one asked
    about, "it") stays in focus, not the one it is weighed against."""
    text = tracker.latest_message.get("text") or ""
    said = fold(text).lower()
    dearer, cheaper = _DEARER_THAN.search(said), _CHEAPER_THAN.search(said)
    if "?" not in text or not (dearer or cheaper) or _ANOTHER_ASKED.search(said):
        return None
    sides = _sides(tracker, text)
    if sides is None:
        return None
    lang = language(tracker)
    first, second = sides
    holds = (
        first.price_minor > second.price_minor if dearer else first.price_minor < second.price_minor
    )
    dispatcher.utter_message(
        response="utter_price_compared",
        verdict=say("label_yes" if holds else "label_no", lang),
        **_both_prices(first, second, lang),
    )
    return [focus_on(first.product)]


def _both_prices(first: _Side, second: _Side, lang: str) -> dict[str, str]:
    """Each side named as its words name it, with its price: what a reply says of the two."""
    currency = first.product.currency
    return {
        "first": first.name(lang),
        "first_price": money(first.price_minor, currency, lang),
        "second": second.name(lang),
        "second_price": money(second.price_minor, currency, lang),
    }


def answer_price_difference(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[dict[str, Any]] | None:
    """The two prices and their difference, or None when the message does not ask it or does
    not say two things to price."""
    text = tracker.latest_message.get("text") or ""
    if not asks_the_difference(text):
        return None
    sides = _sides(tracker, text)
    if sides is None:
        return None
    lang = language(tracker)
    first, second = sides
    currency = first.product.currency
    dispatcher.utter_message(
        response="utter_price_difference",
        **_both_prices(first, second, lang),
        difference=money(abs(first.price_minor - second.price_minor), currency, lang),
    )
    return [focus_on(first.product)]


def _sides(tracker: Tracker, text: str) -> tuple[_Side, _Side] | None:
    in_view = in_view_now(tracker)
    shown = tracker.get_slot("last_results") or []
    parts = [part for part in _SIDES.split(text) if part.strip()]
    named: list[tuple[str, ProductView]] = []
    for part in parts:
        product = product_named(shop(), part, prefer=shown)
        if (
            product is None
            and in_view is not None
            and (_IT.search(fold(part).lower()) or _names_an_option(in_view, part))
        ):
            product = in_view  # "is it", "la version 512 Go"
        if product is not None:
            named.append((part, product))
    sides = _with_shared_options(tracker, named)
    if len(sides) == 1 and in_view is not None and sides[0].product.group_id == in_view.group_id:
        # "How much the 30 g?" then "The 100 g one, more expensive by how much?": than the
        # version asked about before
        before = _version(tracker, in_view, previous_message(tracker) or "")
        if before.option != sides[0].option:
            return sides[0], before
    if len(sides) >= 2:
        first, second = sides[0], sides[-1]
        if (first.product.group_id, first.option) != (second.product.group_id, second.option):
            return first, second
    if _THE_TWO.search(fold(text).lower()):
        # "And what is the price difference between the two, for the base models?" after "the
        # Aero 14 or the WorkPro 15?": each at its lowest price
        named = _named_before(tracker, shown)
        if len(named) == 2:
            return _Side(named[0], None), _Side(named[1], None)
    if len(sides) == 1 and in_view is not None and sides[0].product.group_id != in_view.group_id:
        # "How much more is the Titan 17?": than the one in view
        return _version(tracker, in_view, ""), sides[0]
    return None


def _with_shared_options(tracker: Tracker, named: list[tuple[str, ProductView]]) -> list[_Side]:
    """Each side priced as its words name it; beside two sides naming versions, a part naming
    only options of the same product ("between 256 GB and 512 GB, grey colour", "it") is said
    of both, not a third side."""
    sides = [_version(tracker, product, part) for part, product in named]
    versioned = [i for i, side in enumerate(sides) if side.option is not None]
    if len(versioned) < 2 or len(versioned) == len(sides):
        return sides
    groups = {sides[i].product.group_id for i in versioned}
    shared = " ".join(
        part
        for i, (part, product) in enumerate(named)
        if i not in versioned and product.group_id in groups
    )
    return [
        _version(tracker, named[i][1], f"{named[i][0]} {shared}")
        if named[i][1].group_id in groups
        else sides[i]
        for i in versioned
    ]


def _named_before(tracker: Tracker, shown: list[str]) -> list[ProductView]:
    """The products the shopper's message before this one named, one by one."""
    earlier = previous_message(tracker) or ""
    found: dict[str, ProductView] = {}
    for part in _SIDES.split(earlier):
        product = product_named(shop(), part, prefer=shown) if part.strip() else None
        if product is not None:
            found.setdefault(product.group_id, product)
    return list(found.values())


def _names_an_option(product: ProductView, words: str) -> bool:
    return (
        named_colour(words, list(product.colors), french_names()) is not None
        or named_size(words, list(product.sizes)) is not None
    )


def _version(tracker: Tracker, product: ProductView, words: str) -> _Side:
    """The product priced as the words name its version (when they leave one price), else as
    the cart holds it, else at its lowest."""
    color = named_colour(words, list(product.colors), french_names()) if words else None
    size = named_size(words, list(product.sizes)) if words else None
    if color is not None or size is not None:
        matching = [
            option
            for option in product.options
            if (color is None or option.color == color) and (size is None or option.size == size)
        ]
        if len({option.price_minor for option in matching}) == 1:
            said = tuple(value for value in (color, size) if value)
            return _Side(product, matching[0], said)
    skus = {option.sku: option for option in product.options}
    held = [line.sku for line in view_cart(shop(), tracker.sender_id).lines if line.sku in skus]
    return _Side(product, skus[held[-1]] if held else None)
