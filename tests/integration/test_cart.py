"""Cart edits against real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from assistant.commerce.errors import OutOfStock, UnknownProduct
from assistant.services.carts import add_to_cart, set_quantity, view_cart
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
