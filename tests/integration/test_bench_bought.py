"""What the conversation bench reads as the shopper's cart after a turn: the cart's lines, or the
order the turn turned the cart into (the payment link sent). A real SQLite shop."""

from __future__ import annotations

from assistant.services.carts import add_to_cart
from assistant.services.checkout import place_order
from assistant.services.unit_of_work import UnitOfWork
from bench.conversations import bought, newest_order


def test_the_order_placed_this_turn_holds_what_the_cart_held(demo_db: str) -> None:
    uow = UnitOfWork(demo_db)
    add_to_cart(uow, "alice", "TS-CLASSIC-RED-M", 2)
    before = newest_order(uow, "alice")
    assert bought(uow, "alice", before) == [("TS-CLASSIC-RED-M", 2)]
    place_order(uow, "alice", "en")  # the cart emptied into the order
    assert bought(uow, "alice", before) == [("TS-CLASSIC-RED-M", 2)]
    # on the next turn the order is an earlier one: the cart is empty
    assert bought(uow, "alice", newest_order(uow, "alice")) == []
