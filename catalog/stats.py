"""What the catalog holds: counts for `assistant catalog stats`, one product for `show`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from assistant.kernel.clock import utcnow
from catalog.flights.models import Fare, Flight
from catalog.menu.tables import DishRecord, RestaurantRecord
from catalog.models import CatalogImport, Product, ProductEmbedding, Variant


@dataclass
class CatalogStats:
    counts: dict[str, int]
    recent_loads: list[CatalogImport]


def catalog_stats(session: Session, loads: int = 5) -> CatalogStats:
    def count(*where) -> int:  # type: ignore[no-untyped-def]
        return session.exec(select(func.count()).select_from(Variant).where(*where)).one()

    counts = {
        "products": session.exec(select(func.count()).select_from(Product)).one(),
        "variants": count(),
        "variants in stock": count(
            Variant.availability == "in stock",
            or_(col(Variant.stock).is_(None), col(Variant.stock) > 0),
        ),
        "brands": session.exec(select(func.count(func.distinct(Product.brand)))).one(),
        "products with vectors": session.exec(
            select(func.count()).select_from(ProductEmbedding)
        ).one(),
        "restaurants": session.exec(select(func.count()).select_from(RestaurantRecord)).one(),
        "dishes on menus": session.exec(
            select(func.count()).select_from(DishRecord).where(col(DishRecord.removed_at).is_(None))
        ).one(),
        "flights to come": session.exec(
            select(func.count()).select_from(Flight).where(col(Flight.departs_at) > utcnow())
        ).one(),
        "fares": session.exec(select(func.count()).select_from(Fare)).one(),
    }
    recent = session.exec(
        select(CatalogImport).order_by(col(CatalogImport.id).desc()).limit(loads)
    ).all()
    return CatalogStats(counts, list(recent))


def find_product(session: Session, key: str) -> Product | None:
    """By database id, group id (item_group_id / Handle) or any of its SKUs."""
    statement = select(Product).options(selectinload(Product.variants))  # type: ignore[arg-type]
    conditions = [
        Product.group_id == key,
        col(Product.id).in_(select(Variant.product_id).where(Variant.sku == key)),
    ]
    if key.isdigit():
        conditions.append(Product.id == int(key))
    return session.exec(statement.where(or_(*conditions))).first()
