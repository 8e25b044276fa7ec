"""A product as the shop shows it (options, colours, stock), against real SQLite and PostgreSQL."""

from __future__ import annotations

from sqlmodel import select

from assistant.kernel.database import session_scope
from assistant.services.products import (
    ShopCatalogWords,
    is_shopping_request,
    product_for_sku,
    search_products,
)
from assistant.services.unit_of_work import UnitOfWork
from catalog.models import Variant
from catalog.search import SearchQuery

SKU = "TS-CLASSIC-RED-M"


def test_product_for_sku_lists_options_and_stock(demo_db: str) -> None:
    product = product_for_sku(UnitOfWork(demo_db), SKU)
    with session_scope(demo_db) as session:
        variants = session.exec(select(Variant).where(Variant.sku.startswith("TS-CLASSIC-"))).all()
    assert product is not None and product.title == "Classic Cotton T-Shirt"
    assert {option.sku for option in product.options} == {v.sku for v in variants}
    assert set(product.colors) == {v.color for v in variants if v.purchasable}
    assert product.stock == sum(v.stock for v in variants if v.purchasable and v.stock)


def test_a_shop_without_products_yet_searches_and_names_nothing(database_url: str) -> None:
    """A restaurant alone, or a merchant before the first feed: no crash, nothing named."""
    uow = UnitOfWork(database_url)
    assert not is_shopping_request(uow, "a red t-shirt")
    assert not ShopCatalogWords(uow).names_kind("des bouteilles d'eau")
    assert search_products(uow, SearchQuery(text="red t-shirt")).hits == []
