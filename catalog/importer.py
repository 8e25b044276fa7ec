"""Load a feed into the catalog: validate every row first, then upsert in one transaction."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from catalog.feeds.base import FeedError, FeedRow, RowError
from catalog.feeds.meta import read_meta_feed
from catalog.models import CatalogImport, Product, Variant, utcnow

READERS = {"meta": read_meta_feed}


@dataclass
class ImportReport:
    source: str
    feed_format: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: list[RowError] = field(default_factory=list)
    loaded: bool = True  # False when --strict refused the whole file

    @property
    def rejected(self) -> int:
        return len(self.errors)


def import_catalog(
    session: Session, path: Path, feed_format: str = "meta", *, strict: bool = False
) -> ImportReport:
    """Read and check the whole file, then write; a FeedError leaves the catalog untouched."""
    reader = READERS.get(feed_format)
    if reader is None:
        raise FeedError(path, f"unknown feed format {feed_format!r}; use one of {sorted(READERS)}")
    rows: list[FeedRow] = []
    report = ImportReport(source=str(path), feed_format=feed_format)
    for item in reader(path):
        if isinstance(item, RowError):
            report.errors.append(item)
        else:
            rows.append(item)
    if strict and report.errors:
        report.loaded = False
    else:
        _upsert(session, _group(rows), report)
    session.add(_stored_report(report))
    return report


def _group(rows: Iterable[FeedRow]) -> dict[str, list[FeedRow]]:
    groups: dict[str, list[FeedRow]] = defaultdict(list)
    for row in rows:
        groups[row.group_id].append(row)
    return groups


def _content_hash(rows: list[FeedRow]) -> str:
    payload = [{k: v for k, v in asdict(row).items() if k != "line"} for row in rows]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _upsert(session: Session, groups: dict[str, list[FeedRow]], report: ImportReport) -> None:
    existing = {
        product.group_id: product
        for product in session.exec(
            select(Product)
            .where(Product.group_id.in_(list(groups)))  # type: ignore[attr-defined]
            .options(selectinload(Product.variants))  # type: ignore[arg-type]
        )
    }
    for group_id, rows in groups.items():
        digest = _content_hash(rows)
        product = existing.get(group_id)
        if product is not None and product.content_hash == digest:
            report.unchanged += 1
            continue
        if product is None:
            product = Product(group_id=group_id, title=rows[0].title)
            session.add(product)
            report.added += 1
        else:
            report.updated += 1
        _apply(session, product, rows, digest)


def _apply(session: Session, product: Product, rows: list[FeedRow], digest: str) -> None:
    first = rows[0]  # product-level fields come from the group's first row
    product.title = first.title
    product.description = first.description
    product.brand = first.brand
    product.product_type = first.product_type
    product.google_product_category = first.google_product_category
    product.gender = first.gender
    product.link = first.link
    product.image_link = first.image_link
    product.content_hash = digest
    product.updated_at = utcnow()
    by_sku = {variant.sku: variant for variant in product.variants}
    # A SKU may have moved here from another product: reuse its row rather than collide.
    moved = session.exec(
        select(Variant).where(
            Variant.sku.in_([r.sku for r in rows if r.sku not in by_sku])  # type: ignore[attr-defined]
        )
    ).all()
    by_sku.update({variant.sku: variant for variant in moved})
    for row in rows:
        variant = by_sku.pop(row.sku, None) or Variant(
            sku=row.sku, price_minor=row.price_minor, currency=row.currency
        )
        variant.color = row.color
        variant.size = row.size
        variant.material = row.material
        variant.price_minor = row.price_minor
        variant.sale_price_minor = row.sale_price_minor
        variant.currency = row.currency
        variant.stock = row.stock
        variant.availability = row.availability
        variant.image_link = row.image_link
        variant.link = row.link
        if variant not in product.variants:
            product.variants.append(variant)
    # Variants the feed no longer lists stay (carts and orders point at them) but cannot be sold.
    for gone in by_sku.values():
        gone.availability = "out of stock"
        gone.stock = 0


def _stored_report(report: ImportReport) -> CatalogImport:
    return CatalogImport(
        source=report.source,
        feed_format=report.feed_format,
        finished_at=utcnow(),
        added=report.added,
        updated=report.updated,
        unchanged=report.unchanged,
        removed=report.removed,
        rejected=report.rejected,
        errors=[error.as_dict() for error in report.errors[:1000]],
    )
