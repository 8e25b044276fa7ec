"""Which part of the shop a message is for, when the NLU's intent says flight or meal.

The shop sells products (some of them food: chocolate, coffee, pasta), plane tickets and a
pizzeria's meals in one conversation. DIET tells the departments apart by their words, and a
product message it has never seen the like of can land on the wrong one: "is the milk chocolate
bar nut free?" as a menu question, "une enceinte pour la plage" as a flight. So a flight or meal
intent is taken only with a sign of that department in the message itself (a place, a flight
word; a dish, a menu category, a restaurant word) or while the conversation is already there.
Otherwise the message goes to the products, where the shopper was.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from enum import StrEnum
from typing import Protocol

from assistant.conversation.meal_lexicon import MealWord, WordKind, read_words
from catalog.flights.places import places_in
from catalog.menu.menu import Menu
from catalog.text import fold


class Department(StrEnum):
    PRODUCT = "product"
    FLIGHT = "flight"
    MEAL = "meal"


_FLIGHT_WORDS = re.compile(
    r"\b(?:flights?|fly|flying|plane|airport|airline|one[- ]way|round[- ]trip|return ticket|"
    r"boarding|vols?|avions?|aeroport|aller[- ](?:simple|retour)|billets? d'avion|a/r)\b"
)
# Words only the restaurant is asked about ("la carte SD", "kitchen scales", "delivery time"
# belong to the products as well, so they are no sign).
# A question about the product in view, its pronoun first: "It has place for water bag to
# drink from?", "Elle résiste à l'eau ?", "does it keep water cold?"
_ASKED_OF_IT = re.compile(
    r"^\W*(?:(?:and|so|et|pis|alors|ok)\W+)?(?:it|they|il|elle|ils|elles|"
    r"(?:does|is|has|can|will) it|(?:do|are|have|can|will) they|est[- ]ce qu'(?:il|elle)s?|ca)\b"
)
_RESTAURANT_WORDS = re.compile(
    r"\b(?:menu|(?:a|la|votre) carte(?! sd| micro| memoire| graphique| cadeau| bancaire)|"
    r"pizzeria|restaurant|resto|takeaway|take away|a emporter|are you open|open (?:now|today|"
    r"tonight)|opening hours|horaires|vous etes ouverts?|etes[- ]vous ouverts?|ouvrez|"
    r"ouvert ce soir|deliver to \d{5}|livrez(?:[- ]vous)?|vous livrez)\b"
)
_MEAL_SIGNS = frozenset({WordKind.DISH, WordKind.CATEGORY})
_MENU_ONLY = frozenset({WordKind.DISH, WordKind.CATEGORY, WordKind.OPTION})


def _dish_or_category(words: Sequence[MealWord]) -> bool:
    """A dish or a category of the menu among the menu's reading of a message."""
    return any(word.meaning.kind in _MEAL_SIGNS for word in words)


class CatalogWords(Protocol):
    """What the shop's catalog makes of some words (assistant.services.products)."""

    def names_items(self, text: str) -> bool: ...  # a product or a kind of product

    def names_kind(self, text: str) -> bool: ...  # a kind of product of its taxonomy


def names_the_shops(
    text: str, words: Sequence[MealWord], catalog: CatalogWords, with_the_products: bool
) -> bool:
    """The message names the shop's products more than the menu's dishes (`words`, the menu's
    reading of it): a kind of product the shop sells ("des bouteilles d'eau", whatever its
    "eau"); while the shopper is with the products, a dish the shop sells too ("et un pesto",
    not "une pizza au pesto"); or words the menu does not claim ("water bottle that keeps
    drinks cold" keeps "bottle"; "2 margheritas with extra cheese" keeps nothing, though
    "extra" is in a product's title)."""
    if catalog.names_kind(text):
        return True
    menu_said = [word for word in words if word.meaning.kind in _MENU_ONLY]
    dishes = [word for word in menu_said if word.meaning.kind == WordKind.DISH]
    categories = [word for word in menu_said if word.meaning.kind == WordKind.CATEGORY]
    if (
        with_the_products
        and not categories
        and any(catalog.names_items(dish.said) for dish in dishes)
    ):
        return True
    rest = fold(text).lower()
    for word in menu_said:
        rest = re.sub(rf"(?<!\w){re.escape(word.said)}(?!\w)", " ", rest)
    return bool(rest.strip()) and catalog.names_items(rest)


def keeps_flight(
    text: str, current: str | None, served: Collection[str], product_named: bool = False
) -> bool:
    """A flight intent stands while booking a flight, with a place and a word of air travel ("un
    vol pour Lisbonne avec un bagage"), or with one of them unless a product is named ("casque
    anti-bruit pour l'avion", "on fait une soirée à Genève, vous auriez des chips ?")."""
    if current == Department.FLIGHT:
        return True
    placed = bool(places_in(text, served))
    flying = bool(_FLIGHT_WORDS.search(fold(text)))
    return (placed and flying) or ((placed or flying) and not product_named)


def keeps_meal(
    text: str,
    language: str,
    current: str | None,
    menu: Menu,
    product_named: bool = False,
    catalog: CatalogWords | None = None,
) -> bool:
    """A meal intent stands while ordering a meal, or with a sign of the menu; anywhere else, a
    product named in the message outweighs a dish's word in it ("a water bottle"): by the NLU,
    or by the shop's `catalog` (see names_the_shops)."""
    if current == Department.MEAL or _RESTAURANT_WORDS.search(fold(text)):
        return True
    if product_named:
        return False
    if current == Department.PRODUCT and _ASKED_OF_IT.match(fold(text).lower()):
        return False  # "It has place for water bag?" of a backpack in view: no sparkling water
    words = read_words(text, language, menu).words
    if not _dish_or_category(words):
        return False
    if catalog is None:
        return True
    return not names_the_shops(text, words, catalog, current == Department.PRODUCT)
