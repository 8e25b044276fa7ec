"""A cart holds lines of any kind: a dish with its options merges only with the same options."""

import pytest

from assistant.commerce.cart import Cart
from assistant.commerce.errors import MixedCurrencies
from assistant.commerce.items import Item, LineKind


def dish(options: str, price: int = 1100, currency: str = "EUR") -> Item:
    return Item(
        kind=LineKind.MEAL,
        sku="PIZ-MARGHERITA",
        title=f"Margherita ({options})" if options else "Margherita",
        unit_price_minor=price,
        currency=currency,
        line_key=f"PIZ-MARGHERITA|{options}",
        details={"options": {"extras": [options]} if options else {}},
    )


def test_the_same_dish_with_other_options_gets_its_own_line() -> None:
    cart = Cart(conversation_id="c")
    cart.add_item(dish(""), 1)
    cart.add_item(dish("extra-cheese", 1300), 1)
    cart.add_item(dish(""), 2)
    assert [(line.title, line.quantity, line.unit_price_minor) for line in cart.lines] == [
        ("Margherita", 3, 1100),
        ("Margherita (extra-cheese)", 1, 1300),
    ]
    assert cart.kinds == {LineKind.MEAL}
    assert cart.lines[1].details == {"options": {"extras": ["extra-cheese"]}}


def test_a_line_is_changed_and_removed_by_its_key() -> None:
    cart = Cart(conversation_id="c")
    cart.add_item(dish(""), 1)
    cart.add_item(dish("olives", 1250), 1)
    cart.set_quantity("PIZ-MARGHERITA|olives", 4)
    cart.set_quantity("PIZ-MARGHERITA|", 0)
    assert [(line.line_key, line.quantity) for line in cart.lines] == [("PIZ-MARGHERITA|olives", 4)]


def test_unstocked_lines_are_repriced_from_the_prices_given() -> None:
    cart = Cart(conversation_id="c")
    cart.add_item(dish("olives", 1250), 2)
    changes = cart.reprice({"PIZ-MARGHERITA|olives": 1290})
    assert [(c.old_price_minor, c.new_price_minor) for c in changes] == [(1250, 1290)]
    assert cart.lines[0].total_minor == 2580
    assert cart.reprice({}) == []  # no price known: the line keeps the one the shopper saw


def test_one_cart_one_currency() -> None:
    cart = Cart(conversation_id="c")
    cart.add_item(dish(""), 1)
    with pytest.raises(MixedCurrencies):
        cart.add_item(dish("olives", 1250, currency="CHF"), 1)
