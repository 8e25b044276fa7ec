"""Catalog questions a conversation asks: search, one product's options, prices shown."""

from __future__ import annotations

from assistant.services.unit_of_work import UnitOfWork
from assistant.services.views import ProductView
from catalog.search import SearchQuery, SearchResult, search


def search_products(uow: UnitOfWork, query: SearchQuery) -> SearchResult:
    with uow:
        return search(uow.session, query)


def product_for_sku(uow: UnitOfWork, sku: str) -> ProductView | None:
    """The product one of whose variants is `sku`, with all its variants; None if unknown."""
    with uow:
        variant = uow.variants.by_sku(sku)
        return ProductView.of(variant.product) if variant is not None else None


def cheapest_price(uow: UnitOfWork, skus: list[str]) -> int | None:
    """The lowest current price among these variants (the results last shown)."""
    if not skus:
        return None
    with uow:
        prices = [variant.effective_price_minor for variant in uow.variants.by_skus(skus)]
    return min(prices) if prices else None
