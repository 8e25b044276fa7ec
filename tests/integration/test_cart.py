"""Cart edits against real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from assistant.commerce.carts import add_to_cart, set_quantity, view_cart
from assistant.commerce.errors import OutOfStock, UnknownProduct
from assistant.db import session_scope

SKU = "TS-CLASSIC-RED-M"


def test_set_quantity_changes_removes_and_checks_stock(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        add_to_cart(session, "alice", SKU, 3)
        add_to_cart(session, "alice", "TS-CLASSIC-BLACK-M", 1)
        assert set_quantity(session, "alice", SKU, 1).item_count == 2
        with pytest.raises(OutOfStock):
            set_quantity(session, "alice", SKU, 10_000)
        cart = set_quantity(session, "alice", SKU, 0)
        assert [line.sku for line in cart.lines] == ["TS-CLASSIC-BLACK-M"]
        with pytest.raises(UnknownProduct):
            set_quantity(session, "alice", SKU, 1)  # no longer in the cart
    with session_scope(demo_db) as session:
        assert view_cart(session, "alice").item_count == 1
