"""Meta (Facebook/Instagram) commerce catalog data feed, CSV or TSV."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from catalog.feeds.base import FeedRow, RowError, read_delimited
from catalog.feeds.rows import reject_duplicates, validate

REQUIRED_COLUMNS = {
    "id",
    "title",
    "description",
    "availability",
    "condition",
    "price",
    "link",
    "image_link",
    "brand",
}


def read_meta_feed(path: Path, default_currency: str | None = None) -> Iterator[FeedRow | RowError]:
    return reject_duplicates(str(path), _rows(path, default_currency))


def _rows(path: Path, default_currency: str | None) -> Iterator[FeedRow | RowError]:
    for line, row in read_delimited(path, REQUIRED_COLUMNS):
        if not any(row.values()):
            continue  # blank line
        quantity_field = (
            "inventory"
            if row.get("inventory") and not row.get("quantity_to_sell_on_facebook")
            else "quantity_to_sell_on_facebook"
        )
        fields = row | {"quantity": row.get(quantity_field, ""), "quantity_field": quantity_field}
        yield validate(str(path), line, fields, default_currency)
