"""Meta (Facebook/Instagram) commerce catalog data feed, CSV or TSV."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from assistant.money import MoneyError, parse_price
from catalog.feeds.base import AVAILABILITIES, FeedRow, RowError, read_delimited

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
_HTML_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_MAX_TITLE = 200


def read_meta_feed(path: Path) -> Iterator[FeedRow | RowError]:
    seen: dict[str, int] = {}
    for line, row in read_delimited(path, REQUIRED_COLUMNS):
        if not any(row.values()):
            continue  # blank line
        result = _parse_row(str(path), line, row)
        if isinstance(result, FeedRow):
            if result.sku in seen:
                yield RowError(
                    str(path),
                    line,
                    "id",
                    f"duplicate id, first seen on line {seen[result.sku]}",
                    result.sku,
                )
                continue
            seen[result.sku] = line
        yield result


def _parse_row(path: str, line: int, row: dict[str, str]) -> FeedRow | RowError:
    sku = row.get("id", "")

    def error(field: str, reason: str) -> RowError:
        return RowError(path, line, field, reason, sku)

    if not sku:
        return error("id", "missing id")
    title = row.get("title", "")
    if not title:
        return error("title", "missing title")
    if _HTML_TAG.search(title):
        return error("title", "HTML is not allowed in a title")
    if len(title) > _MAX_TITLE:
        return error("title", f"longer than {_MAX_TITLE} characters")
    availability = AVAILABILITIES.get(row.get("availability", "").lower())
    if availability is None:
        return error(
            "availability",
            f'"{row.get("availability", "")}" is not one of ' + ", ".join(sorted(AVAILABILITIES)),
        )
    try:
        price_minor, currency = parse_price(row.get("price", ""))
    except MoneyError as problem:
        return error("price", str(problem))
    sale_price_minor = None
    if row.get("sale_price"):
        try:
            sale_price_minor, sale_currency = parse_price(row["sale_price"])
        except MoneyError as problem:
            return error("sale_price", str(problem))
        if sale_currency != currency:
            return error("sale_price", f"currency {sale_currency} differs from price's {currency}")
        if sale_price_minor > price_minor:
            return error("sale_price", "sale price is higher than the regular price")
    stock: int | None = None
    quantity = row.get("quantity_to_sell_on_facebook", "") or row.get("inventory", "")
    if quantity:
        if not quantity.isdigit():
            return error("quantity_to_sell_on_facebook", f'"{quantity}" is not a whole number')
        stock = int(quantity)
    return FeedRow(
        line=line,
        sku=sku,
        group_id=row.get("item_group_id") or sku,
        title=title,
        description=row.get("description", ""),
        brand=row.get("brand", ""),
        product_type=row.get("product_type", ""),
        google_product_category=row.get("google_product_category", ""),
        gender=row.get("gender", "").lower(),
        link=row.get("link", ""),
        image_link=row.get("image_link", ""),
        color=row.get("color", "").lower(),
        size=row.get("size", ""),
        material=row.get("material", "").lower(),
        price_minor=price_minor,
        sale_price_minor=sale_price_minor,
        currency=currency,
        availability=availability,
        stock=stock,
    )
