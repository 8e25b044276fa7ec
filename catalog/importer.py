"""Load a feed into the catalog: validate every row first, then upsert in one transaction.

Writes are bulk statements (one INSERT/UPDATE per batch, not one ORM object per row) so a
100,000-product feed loads in seconds; the caller's session commits or rolls back the whole.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import bindparam, delete, insert, select, update
from sqlmodel import Session

from assistant.kernel.clock import utcnow
from catalog.embeddings import Progress, chunks, configured_model, get_encoder, refresh_embeddings
from catalog.feeds.base import PRODUCT_FIELDS, FeedError, FeedRow, RowError
from catalog.feeds.google import read_google_feed
from catalog.feeds.jsonl import read_jsonl
from catalog.feeds.meta import read_meta_feed
from catalog.feeds.report import LoadReport
from catalog.feeds.shopify import read_shopify_export
from catalog.feeds.sniff import FLIGHT_FORMATS, sniff_format
from catalog.menu.feed import MENU_FORMATS
from catalog.models import Product, ProductEmbedding, Variant
from catalog.references import referenced

Reader = Callable[[Path, str | None], Iterator[FeedRow | RowError]]
READERS: dict[str, Reader] = {
    "meta": read_meta_feed,
    "google": read_google_feed,
    "shopify": read_shopify_export,
    "jsonl": read_jsonl,
}
FORMATS = ("auto", *READERS)


@dataclass(frozen=True)
class FeedLimits:
    """How big a feed may be: a file, or a row count, past these is refused whole, naming the
    setting to raise (rows are held in memory until the single transaction writes them)."""

    max_bytes: int = 256 * 1024 * 1024  # CATALOG_MAX_FEED_BYTES
    max_rows: int = 500_000  # CATALOG_MAX_ROWS

    def check_size(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except OSError:
            return  # the reader names what is wrong with the path
        if size > self.max_bytes:
            raise FeedError(
                path,
                f"{size:,} bytes, over the {self.max_bytes:,} allowed; raise "
                "CATALOG_MAX_FEED_BYTES to load it",
            )

    def check_rows(self, path: Path, count: int, line: int) -> None:
        if count > self.max_rows:
            raise FeedError(
                path,
                f"more than {self.max_rows:,} rows; raise CATALOG_MAX_ROWS to load it",
                line=line,
            )


PRODUCT = Product.__table__  # type: ignore[attr-defined]
VARIANT = Variant.__table__  # type: ignore[attr-defined]
VARIANT_FIELDS = (
    "color",
    "size",
    "material",
    "price_minor",
    "sale_price_minor",
    "currency",
    "stock",
    "availability",
    "image_link",
    "link",
)


@dataclass
class ImportReport(LoadReport):
    held: int = 0  # stored products with a rejected row: kept as they were until it is fixed
    embedded: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # read / write / embed


def import_catalog(
    session: Session,
    path: Path,
    feed_format: str = "auto",
    *,
    strict: bool = False,
    prune: bool = False,
    default_currency: str | None = None,
    embedding_model: str | None = None,
    progress: Progress | None = None,
    limits: FeedLimits = FeedLimits(),
) -> ImportReport:
    """Read and check the whole file, then write; a FeedError leaves the catalog untouched."""
    limits.check_size(path)
    sniffed = ""
    if feed_format == "auto":
        feed_format, sniffed = sniff_format(path)
    if feed_format in FLIGHT_FORMATS:
        raise FeedError(path, "a flights feed: catalog.flights.loader loads it, not the products'")
    reader = READERS.get(feed_format)
    if feed_format in MENU_FORMATS:
        raise FeedError(path, f"a restaurant's menu ({feed_format}): load it with load_menu")
    if reader is None:
        raise FeedError(path, f"unknown feed format {feed_format!r}; use one of {FORMATS}")
    started = time.perf_counter()
    report = ImportReport(source=str(path), feed_format=feed_format, sniffed=sniffed)
    rows = list(report.accepted(reader(path, default_currency), path, limits, progress))
    report.seconds["read"] = round(time.perf_counter() - started, 2)
    if strict and report.errors:
        report.loaded = False
    else:
        started = time.perf_counter()
        groups = _group(rows)
        rejected_groups = {error.group_id or error.row_id for error in report.errors}
        changed = _upsert(session, groups, report, rejected_groups)
        if prune:
            _prune(session, set(groups) | rejected_groups, report)
        report.seconds["write"] = round(time.perf_counter() - started, 2)
        encoder = get_encoder(embedding_model or configured_model())
        if encoder is not None:
            started = time.perf_counter()
            report.embedded = refresh_embeddings(session, encoder, changed, progress)
            report.seconds["embed"] = round(time.perf_counter() - started, 2)
    session.add(report.stored())
    return report


def _group(rows: Iterable[FeedRow]) -> dict[str, list[FeedRow]]:
    groups: dict[str, list[FeedRow]] = defaultdict(list)
    for row in rows:
        groups[row.group_id].append(row)
    return groups


def _shared_attributes(rows: list[FeedRow]) -> dict[str, str]:
    """The attributes every row of a product gives with the same value: the product's own.

    A laptop's RAM is the same on its colour variants: it belongs to the product, is shown
    once and describes the product in search. A name whose value differs between variants
    (storage 512 GB / 1 TB) or that some variants lack stays on the variants that have it.
    """
    shared = dict(rows[0].attributes)
    for row in rows[1:]:
        shared = {
            name: value for name, value in shared.items() if row.attributes.get(name) == value
        }
    return shared


def _content_hash(rows: list[FeedRow]) -> str:
    payload = [{k: v for k, v in asdict(row).items() if k != "line"} for row in rows]
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _upsert(
    session: Session,
    groups: dict[str, list[FeedRow]],
    report: ImportReport,
    rejected_groups: set[str],
) -> set[int]:
    """Insert new products, rewrite changed ones, skip unchanged; returns the touched ids.

    A stored product with a rejected row is held as it was: rewriting it from its other rows
    would retire the rejected variant and recompute the product from part of its variants.
    """
    existing = {
        group_id: (pid, digest)
        for pid, group_id, digest in session.execute(
            select(PRODUCT.c.id, PRODUCT.c.group_id, PRODUCT.c.content_hash)
        )
    }
    now = utcnow()
    new_products: list[dict] = []
    changed_products: list[dict] = []
    touched: dict[str, list[FeedRow]] = {}
    for group_id, rows in groups.items():
        digest = _content_hash(rows)
        first = rows[0]  # product-level fields come from the group's first row
        values = {name: getattr(first, name) for name in PRODUCT_FIELDS}
        values |= {
            "status": first.status,
            "attributes": _shared_attributes(rows),
            "content_hash": digest,
            "updated_at": now,
        }
        current = existing.get(group_id)
        if current is None:
            new_products.append(values | {"group_id": group_id})
        elif group_id in rejected_groups:
            report.held += 1
            continue
        elif current[1] == digest:
            report.unchanged += 1
            continue
        else:
            changed_products.append(values | {"b_id": current[0]})
        touched[group_id] = rows
    report.added, report.updated = len(new_products), len(changed_products)
    ids = {group_id: existing[group_id][0] for group_id in touched if group_id in existing}
    for batch in chunks(new_products):
        for pid, group_id in session.execute(
            insert(PRODUCT).returning(PRODUCT.c.id, PRODUCT.c.group_id), batch
        ):
            ids[group_id] = pid
    if changed_products:
        session.execute(
            update(PRODUCT).where(PRODUCT.c.id == bindparam("b_id")),
            changed_products,
            execution_options={"synchronize_session": False},
        )
    _upsert_variants(session, touched, ids)
    return set(ids.values())


def _upsert_variants(
    session: Session, touched: dict[str, list[FeedRow]], ids: dict[str, int]
) -> None:
    # Every SKU the database knows: a SKU may move from one product to another between feeds.
    by_sku = {
        sku: (vid, pid)
        for vid, sku, pid in session.execute(
            select(VARIANT.c.id, VARIANT.c.sku, VARIANT.c.product_id)
        )
    }
    inserts: list[dict] = []
    updates: list[dict] = []
    listed: set[int] = set()
    for group_id, rows in touched.items():
        shared = _shared_attributes(rows)
        for row in rows:
            values = {name: getattr(row, name) for name in VARIANT_FIELDS}
            values["product_id"] = ids[group_id]
            values["attributes"] = {
                name: value for name, value in row.attributes.items() if name not in shared
            }
            known = by_sku.get(row.sku)
            if known is None:
                inserts.append(values | {"sku": row.sku})
            else:
                updates.append(values | {"b_id": known[0]})
                listed.add(known[0])
    # Variants the feed no longer lists stay (carts and orders point at them) but cannot be sold.
    touched_ids = set(ids.values())
    retired = [
        {"b_id": vid, "availability": "out of stock", "stock": 0}
        for vid, pid in by_sku.values()
        if pid in touched_ids and vid not in listed
    ]
    for batch in chunks(inserts):
        session.execute(insert(VARIANT), batch)
    for statement_rows in (updates, retired):
        for batch in chunks(statement_rows):
            session.execute(
                update(VARIANT).where(VARIANT.c.id == bindparam("b_id")),
                batch,
                execution_options={"synchronize_session": False},
            )


def _prune(session: Session, keep: set[str], report: ImportReport) -> None:
    gone = {
        pid: group_id
        for pid, group_id in session.execute(select(PRODUCT.c.id, PRODUCT.c.group_id))
        if group_id not in keep
    }
    if not gone:
        return
    variants = defaultdict(list)
    for vid, pid in session.execute(
        select(VARIANT.c.id, VARIANT.c.product_id).where(VARIANT.c.product_id.in_(list(gone)))
    ):
        variants[pid].append(vid)
    # A product with a variant an order or cart line points at is kept, marked unavailable.
    held = referenced(session, VARIANT.c.id, [v for vids in variants.values() for v in vids])
    kept = [pid for pid in gone if held & set(variants[pid])]
    deleted = [pid for pid in gone if pid not in set(kept)]
    for ids in chunks(kept):
        session.execute(
            update(VARIANT)
            .where(VARIANT.c.product_id.in_(ids))
            .values(availability="out of stock", stock=0)
        )
        # A new hash and timestamp: the search snapshot sees the change, a reload revives it.
        session.execute(
            update(PRODUCT)
            .where(PRODUCT.c.id.in_(ids))
            .values(content_hash="", updated_at=utcnow())
        )
    for ids in chunks(deleted):
        session.execute(
            delete(ProductEmbedding.__table__).where(  # type: ignore[attr-defined]
                ProductEmbedding.__table__.c.product_id.in_(ids)  # type: ignore[attr-defined]
            )
        )
        session.execute(delete(VARIANT).where(VARIANT.c.product_id.in_(ids)))
        session.execute(delete(PRODUCT).where(PRODUCT.c.id.in_(ids)))
    report.removed = len(deleted)
    report.kept_unavailable = len(kept)
