"""A product as the shop shows it (options, colours, stock), against real SQLite and PostgreSQL."""

from __future__ import annotations

from sqlmodel import select

from assistant.kernel.database import session_scope
from assistant.services.products import product_for_sku
from assistant.services.unit_of_work import UnitOfWork
from catalog.models import Variant

SKU = "TS-CLASSIC-RED-M"


def test_product_for_sku_lists_options_and_stock(demo_db: str) -> None:
    product = product_for_sku(UnitOfWork(demo_db), SKU)
    with session_scope(demo_db) as session:
        variants = session.exec(select(Variant).where(Variant.sku.startswith("TS-CLASSIC-"))).all()
    assert product is not None and product.title == "Classic Cotton T-Shirt"
    assert {option.sku for option in product.options} == {v.sku for v in variants}
    assert set(product.colors) == {v.color for v in variants if v.purchasable}
    assert product.stock == sum(v.stock for v in variants if v.purchasable and v.stock)
