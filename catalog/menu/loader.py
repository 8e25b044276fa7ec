"""Load a menu feed into the tables, and read the stored menu back as values.

A load is an idempotent upsert keyed on the restaurant's slug and each dish's SKU, in the
caller's transaction; a second load of the same file changes nothing. With `prune`, dishes the
feed no longer lists are soft-removed (never deleted: order lines may point at them), except
those whose rows were rejected this time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, select

from assistant.kernel.clock import utcnow
from catalog.feeds.base import FeedError
from catalog.feeds.report import LoadReport
from catalog.feeds.sniff import sniff_format
from catalog.menu.feed import MENU_FORMATS, MenuFeed
from catalog.menu.menu import Menu
from catalog.menu.readers import read_menu
from catalog.menu.tables import DishRecord, RestaurantRecord, dish_columns, restaurant_columns


class MenuNotFound(LookupError):
    """No stored restaurant answers the request."""


@dataclass
class MenuLoadReport(LoadReport):
    restaurant: str = field(kw_only=True)  # the slug
    restaurant_change: str = "unchanged"  # added, updated or unchanged
    held: int = 0  # stored dishes whose row was rejected: kept as they were until it is fixed


def load_menu(
    session: Session, path: Path, feed_format: str = "auto", *, prune: bool = False
) -> MenuLoadReport:
    """Read the whole file, then write; a FeedError leaves the stored menu untouched."""
    sniffed = ""
    if feed_format == "auto":
        feed_format, sniffed = sniff_format(path)
        if feed_format not in MENU_FORMATS:
            raise FeedError(
                path, f"not a menu feed ({sniffed}); pass --format menu-jsonl or menu-csv"
            )
    feed = read_menu(path, feed_format)
    report = MenuLoadReport(
        str(path), feed_format, sniffed, restaurant=feed.restaurant.slug, errors=list(feed.errors)
    )
    record = _upsert_restaurant(session, feed, report)
    _upsert_dishes(session, record, feed, report, prune)
    session.add(report.stored())
    return report


def _upsert_restaurant(
    session: Session, feed: MenuFeed, report: MenuLoadReport
) -> RestaurantRecord:
    slug = feed.restaurant.slug
    record = session.exec(select(RestaurantRecord).where(RestaurantRecord.slug == slug)).first()
    if record is None:
        record = RestaurantRecord(slug=slug, **restaurant_columns(feed.restaurant))
        report.restaurant_change = "added"
    elif record.assign(feed.restaurant):
        record.updated_at = utcnow()
        report.restaurant_change = "updated"
    session.add(record)
    session.flush()  # its id, for the dishes
    return record


def _upsert_dishes(
    session: Session,
    restaurant: RestaurantRecord,
    feed: MenuFeed,
    report: MenuLoadReport,
    prune: bool,
) -> None:
    stored = {
        dish.sku: dish
        for dish in session.exec(
            select(DishRecord).where(DishRecord.restaurant_id == restaurant.id)
        )
    }
    assert restaurant.id is not None  # flushed by _upsert_restaurant
    now = utcnow()
    for position, dish in enumerate(feed.dishes):
        record = stored.get(dish.sku)
        if record is None:
            session.add(
                DishRecord(
                    restaurant_id=restaurant.id,
                    sku=dish.sku,
                    position=position,
                    updated_at=now,
                    **dish_columns(dish),
                )
            )
            report.added += 1
        elif record.assign(dish, position):  # a removed dish listed again is revived
            record.updated_at = now
            report.updated += 1
        else:
            report.unchanged += 1
    listed = {dish.sku for dish in feed.dishes}
    for sku, record in stored.items():
        if sku in listed or record.removed_at is not None:
            continue
        if sku in feed.rejected_skus:
            report.held += 1
            continue
        if not prune:
            continue
        record.removed_at = now
        record.updated_at = now
        report.removed += 1


def menu_from_database(session: Session, slug: str | None = None) -> Menu:
    """The stored menu as values: the restaurant and its dishes not removed, in feed order.
    Without a slug, the only restaurant stored."""
    query = select(RestaurantRecord).order_by(col(RestaurantRecord.id))
    if slug is not None:
        query = query.where(RestaurantRecord.slug == slug)
    found = list(session.exec(query.limit(2)))
    if not found:
        raise MenuNotFound(
            f"no restaurant {slug!r} is stored" if slug else "no restaurant is stored"
        )
    if len(found) > 1:
        slugs = ", ".join(r.slug for r in session.exec(select(RestaurantRecord)))
        raise MenuNotFound(f"several restaurants are stored ({slugs}): name one")
    restaurant = found[0]
    dishes = session.exec(
        select(DishRecord)
        .where(DishRecord.restaurant_id == restaurant.id, col(DishRecord.removed_at).is_(None))
        .order_by(col(DishRecord.position), col(DishRecord.id))
    )
    return Menu(restaurant.to_value(), tuple(dish.to_value() for dish in dishes))
