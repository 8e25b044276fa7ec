"""Which line of the cart a message means (assistant/conversation/cart_lines.py)."""

from __future__ import annotations

from assistant.conversation.cart_lines import cart_line_meant
from assistant.services.views import CartLineView, CartView


def _line(sku: str, title: str, color: str = "", size: str = "") -> CartLineView:
    return CartLineView(sku, title, color, size, 1, 1000, key=sku)


CART = CartView(
    "shopper",
    (
        _line("JN-WIDE-BLUE-S", "Wide Leg Jeans", "blue", "S"),
        _line("JN-MOM-GREY-S", "Relaxed Mom Jeans", "grey", "S"),
        _line("TS-BAMBOO-GREEN-S", "Bamboo Jersey T-Shirt", "green", "S"),
    ),
)


def test_a_word_said_that_sets_one_line_apart_picks_it_among_those_the_model_named() -> None:
    said = "Hmm, then I don't want the mom jeans, remove please"
    assert cart_line_meant(CART, None, ["jeans"], said) == "JN-MOM-GREY-S"
    # nothing that sets one apart: which one is asked
    assert cart_line_meant(CART, None, ["jeans"], "remove the jeans") is None
    assert cart_line_meant(CART, None, ["jeans", "blue"], "the blue jeans") == "JN-WIDE-BLUE-S"
