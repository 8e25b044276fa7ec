"""The shop's rule on DIET's intent (assistant.nlu.search_rule): a price limit means a search."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.nlu.price_mentions import find_prices
from assistant.nlu.search_rule import searched_intent


def entities(text: str, product: str | None = None) -> list[dict[str, Any]]:
    """The price entities the rules find in `text`, and a product DIET would have tagged."""
    found: list[dict[str, Any]] = [
        {"entity": "price", "role": mention.role, "value": mention.value}
        for mention in find_prices(text)
    ]
    if product:
        found.append({"entity": "product", "value": product})
    return found


@pytest.mark.parametrize(
    ("intent", "text", "product", "expected"),
    [
        ("give_delivery_details", "kettle under 40 bucks", "kettle", "search_product"),
        ("give_delivery_details", "12.90 or less", None, "refine_search"),
        ("deny", "no more than 60 bucks", None, "refine_search"),
        ("add_to_cart", "3 mugs under 20€ total", "mugs", "search_product"),
        ("refine_search", "red dress less than €50", "dress", "search_product"),
        ("refine_search", "des robes rouges", "robes", "search_product"),
        # A search with a price limit is confirmed, however unsure DIET was of it.
        ("refine_search", "under 50 please", None, "refine_search"),
        ("search_product", "t-shirts under 20€", "t-shirts", "search_product"),
        # a product named is no greeting, thank-you or out-of-scope talk
        ("out_of_scope", "Hi, my girlfriend has sensitive skin. Which T-shirt is good for her?",
         "T-shirt", "search_product"),
        ("greet", "hello! any hoodies?", "hoodies", "search_product"),
    ],
)  # fmt: skip
def test_a_price_limit_or_a_product_makes_it_a_search(
    intent: str, text: str, product: str | None, expected: str
) -> None:
    assert searched_intent(intent, entities(text, product)) == expected


@pytest.mark.parametrize(
    ("intent", "text", "product"),
    [
        ("give_delivery_details", "deliver to 12 rue Oberkampf 75011 at 8pm", None),
        ("give_delivery_details", "my number is 06 12 34 56 78", None),
        ("search_flight", "Paris to Rome under 100€", None),
        ("order_meal", "2 pizzas under 15€", None),
        ("add_to_cart", "add 2 of the red t-shirts", "t-shirts"),
    ],
)
def test_other_messages_keep_their_intent(intent: str, text: str, product: str | None) -> None:
    assert searched_intent(intent, entities(text, product)) is None
