"""A product as the chat shows it: its options, stock and price, looked up from one SKU."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, select

from assistant.conversation.variants import Option
from catalog.models import Variant


@dataclass(frozen=True)
class ProductView:
    title: str
    brand: str
    description: str
    currency: str
    min_price_minor: int
    max_price_minor: int
    options: tuple[Option, ...]
    stock: int | None  # units across purchasable variants; None when the feed tracks none

    @property
    def colors(self) -> list[str]:
        return _distinct(option.color for option in self.options if option.available)

    @property
    def sizes(self) -> list[str]:
        return _distinct(option.size for option in self.options if option.available)


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def product_for_sku(session: Session, sku: str) -> ProductView | None:
    """The product one of whose variants is `sku`, with all its variants; None if unknown."""
    variant = session.exec(select(Variant).where(Variant.sku == sku)).first()
    if variant is None:
        return None
    product = variant.product
    variants = list(product.variants)
    purchasable = [v for v in variants if v.purchasable]
    prices = [v.effective_price_minor for v in purchasable or variants]
    tracked = [v.stock for v in purchasable if v.stock is not None]
    return ProductView(
        title=product.title,
        brand=product.brand,
        description=product.description,
        currency=variant.currency,
        min_price_minor=min(prices),
        max_price_minor=max(prices),
        options=tuple(Option(v.sku, v.color, v.size, v.purchasable) for v in variants),
        stock=sum(tracked) if tracked else None,
    )
