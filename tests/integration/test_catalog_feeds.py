"""Merchant exports on real SQLite and PostgreSQL: statuses, attributes, category paths."""

from __future__ import annotations

import pytest
from sqlmodel import select, update

from assistant.commerce.cart import Cart
from assistant.commerce.errors import OutOfStock
from assistant.kernel.database import session_scope
from catalog.models import Product, Variant
from catalog.search import SearchQuery, search


def test_a_draft_product_is_never_offered(demo_db: str) -> None:
    query = SearchQuery(text="aero 14 ultralight laptop", limit=20)
    with session_scope(demo_db) as session:
        assert "LT-AERO14" in {hit.group_id for hit in search(session, query).hits}
        # The merchant drafts it; the search snapshot built above does not know yet.
        session.exec(update(Product).where(Product.group_id == "LT-AERO14").values(status="draft"))  # type: ignore[call-overload]
    with session_scope(demo_db) as session:
        for in_stock in (True, False):
            hits = search(session, SearchQuery(text=query.text, in_stock=in_stock, limit=20)).hits
            assert "LT-AERO14" not in {hit.group_id for hit in hits}
        variant = session.exec(select(Variant).where(Variant.sku == "LT-AERO14-GREY-512GB")).one()
        assert variant.stock and not variant.purchasable
        with pytest.raises(OutOfStock):
            Cart(conversation_id="shopper").add(variant, 1)
