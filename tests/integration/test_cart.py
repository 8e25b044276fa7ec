"""Cart edits against real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from assistant.commerce.errors import OutOfStock, UnknownProduct
from assistant.services.carts import add_to_cart, set_quantity, swap_variant, view_cart
from assistant.services.unit_of_work import UnitOfWork

SKU = "TS-CLASSIC-RED-M"


def test_set_quantity_changes_removes_and_checks_stock(demo_db: str) -> None:
    uow = UnitOfWork(demo_db)
    add_to_cart(uow, "alice", SKU, 3)
    add_to_cart(uow, "alice", "TS-CLASSIC-BLACK-M", 1)
    assert set_quantity(uow, "alice", SKU, 1).item_count == 2
    with pytest.raises(OutOfStock):
        set_quantity(uow, "alice", SKU, 10_000)
    cart = set_quantity(uow, "alice", SKU, 0)
    assert [line.sku for line in cart.lines] == ["TS-CLASSIC-BLACK-M"]
    with pytest.raises(UnknownProduct):
        set_quantity(uow, "alice", SKU, 1)  # no longer in the cart
    assert view_cart(uow, "alice").item_count == 1


def test_swap_variant_keeps_the_quantity_and_the_line_when_refused(demo_db: str) -> None:
    uow = UnitOfWork(demo_db)
    add_to_cart(uow, "bob", SKU, 2)
    add_to_cart(uow, "bob", "TS-BASICCREW-GREY-L", 1)
    cart = swap_variant(uow, "bob", SKU, "TS-CLASSIC-BLACK-M")
    assert [(line.sku, line.quantity) for line in cart.lines] == [
        ("TS-BASICCREW-GREY-L", 1),
        ("TS-CLASSIC-BLACK-M", 2),
    ]
    with pytest.raises(OutOfStock):  # sold out: the black line stays as it was
        swap_variant(uow, "bob", "TS-CLASSIC-BLACK-M", "TS-CLASSIC-WHITE-XL")
    with pytest.raises(UnknownProduct):
        swap_variant(uow, "bob", SKU, "TS-CLASSIC-BLACK-L")  # red M is no longer a line
    with pytest.raises(UnknownProduct):
        swap_variant(uow, "bob", "TS-CLASSIC-BLACK-M", "NO-SUCH-SKU")
    lines = [(line.sku, line.quantity) for line in view_cart(uow, "bob").lines]
    assert lines == [("TS-BASICCREW-GREY-L", 1), ("TS-CLASSIC-BLACK-M", 2)]
