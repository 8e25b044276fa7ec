"""Which part of the shop a flight or meal intent is for (assistant.conversation.departments)."""

from __future__ import annotations

import pytest

from assistant.conversation.departments import keeps_flight, keeps_meal
from testkit.pizzeria import pizzeria_menu

MENU = pizzeria_menu()
SERVED = "CDG ORY LHR LGW LIS GVA FCO OPO MAD BRU BCN AMS ZRH VIE NCE MXP LYS BER".split()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("is the pesto nut-free?", "en"),
        ("2 margheritas and a coke", "en"),
        ("what's on the menu?", "en"),
        ("vous avez des desserts ?", "fr"),
        ("vous êtes ouverts ce soir ?", "fr"),
        ("c'est quoi la carte ?", "fr"),
    ],
)
def test_a_sign_of_the_menu_keeps_a_meal_intent_anywhere(text: str, language: str) -> None:
    assert keeps_meal(text, language, "product", MENU)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("does the milk chocolate bar have nuts in it?", "en"),
        ("add 3 bags of the gluten free fusilli", "en"),
        ("il a un lecteur de carte SD ?", "fr"),
        ("un sachet d'1kg et un déca", "fr"),
        # a question about the product in view: its "water" is no drink of the menu
        ("It has place for water bag to drink from?", "en"),
        ("Elle résiste à l'eau ? Il a une piscine.", "fr"),
    ],
)
def test_a_product_message_is_no_meal_after_a_product_search(text: str, language: str) -> None:
    assert not keeps_meal(text, language, "product", MENU)
    assert keeps_meal(text, language, "meal", MENU)  # while ordering a meal, the NLU decides


@pytest.mark.parametrize(
    "text",
    [
        "Paris to Rome tomorrow",
        "un aller simple pour Lisbonne",
        "any flights on Friday?",
        "CDG LIS",
    ],
)
def test_a_place_or_a_flight_word_keeps_a_flight_intent(text: str) -> None:
    assert keeps_flight(text, None, SERVED)


@pytest.mark.parametrize("text", ["gaming mouse", "une enceinte pour la plage", "le flip pliable"])
def test_a_product_message_is_no_flight(text: str) -> None:
    assert not keeps_flight(text, None, SERVED)
    assert keeps_flight(text, "flight", SERVED)


def test_outside_the_kitchen_a_product_named_outweighs_a_dish_word() -> None:
    # "eau" is a word of the sparkling water on the menu; the NLU saw a product.
    text = "et des bouteilles d'eau ?"
    assert not keeps_meal(text, "fr", "product", MENU, product_named=True)
    assert not keeps_meal("a water bottle that keeps drinks cold", "en", None, MENU, True)
    assert keeps_meal("une eau gazeuse", "fr", None, MENU, product_named=False)
    assert keeps_meal("une eau gazeuse", "fr", "meal", MENU, product_named=True)


def test_a_product_for_the_plane_is_no_flight_but_a_place_still_is() -> None:
    assert not keeps_flight("casque anti bruit pour l'avion", None, SERVED, product_named=True)
    assert keeps_flight("casque anti bruit pour l'avion", None, SERVED)  # no product named
    assert keeps_flight("un vol pour Lisbonne avec un bagage", None, SERVED, product_named=True)
    # a place alone, with a product named, is where the shopper lives
    party = "on fait une soiree a Lisbonne, vous auriez des chips ?"
    assert not keeps_flight(party, None, SERVED, product_named=True)
    assert keeps_flight(party, None, SERVED)
