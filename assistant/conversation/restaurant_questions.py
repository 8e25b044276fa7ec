"""What a menu question is about beyond allergens and diets: the opening hours, the delivery
zone, or a section of the menu ("what pizzas do you have?", "vous avez quoi comme desserts ?").

Allergen and diet questions are `menu_questions`; this module answers only the rest.
"""

from __future__ import annotations

import re
from enum import StrEnum

from assistant.conversation.meal_lexicon import WordKind, read_words
from catalog.menu.menu import Menu
from catalog.text import fold


class RestaurantTopic(StrEnum):
    HOURS = "hours"
    ZONE = "zone"


# Folded words (accents and case removed), both languages: shoppers mix them.
_HOURS = re.compile(
    r"\b(?:open|opens|opening|close|closes|closing|hours|ouverte?s?|ouvrez|ouvre|"
    r"ouverture|ferme|fermez|fermeture|horaires?)\b"
)
_ZONE = re.compile(
    r"\b(?:deliver|delivers|delivery|zone|area|postcode|livrez|livre|livraison|livrer|"
    r"code postal|quartier)\b"
)


def restaurant_topic(text: str) -> RestaurantTopic | None:
    """Hours before zone: "are you open for delivery now?" asks about the hours."""
    folded = fold(text).lower()
    if _HOURS.search(folded):
        return RestaurantTopic.HOURS
    if _ZONE.search(folded):
        return RestaurantTopic.ZONE
    return None


def sections_named(text: str, language: str, menu: Menu) -> tuple[str, ...]:
    """The menu's sections the message names, in the order said."""
    words = read_words(text, language, menu).words
    named = (word.meaning.value for word in words if word.meaning.kind is WordKind.CATEGORY)
    return tuple(dict.fromkeys(named))
