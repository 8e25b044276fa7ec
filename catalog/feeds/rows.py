"""Checks shared by every feed format: one canonical field dict in, a FeedRow or a RowError out."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator

from assistant.kernel.money import MoneyError
from catalog.feeds.attributes import attribute_problem
from catalog.feeds.base import AVAILABILITIES, FeedRow, RowError
from catalog.feeds.prices import parse_feed_price
from catalog.feeds.taxonomy import category_path
from catalog.models import ACTIVE

_HTML_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
MAX_TITLE = 200  # Meta's and Google's limit
MAX_DESCRIPTION = 10_000  # Meta allows 9,999 characters; a bigger cell is a broken export
MAX_ID = 100
MAX_CATEGORY = 300  # product_type and google_product_category columns


def strip_html(text: str) -> str:
    """Plain text from Shopify's Body (HTML): tags dropped, entities decoded."""
    return " ".join(html.unescape(_HTML_TAG.sub(" ", text)).split())


def availability_of(value: str) -> str | None:
    """Meta writes "in stock", Google "in_stock": both mean the same."""
    return AVAILABILITIES.get(value.strip().lower().replace("_", " "))


def categories(fields: dict[str, str]) -> tuple[str, str]:
    """(category path, Google category) of a row.

    The path is product_type when given, else the Google category's path (a numeric id is
    looked up in Google's taxonomy), else Meta's fb_product_category when written as a path
    (its numeric ids are Meta's own, not in Google's file). The Google category is kept as
    its path, or as written when the id is unknown.
    """
    google = fields.get("google_product_category", "")
    google_path = category_path(google)
    meta = fields.get("fb_product_category", "").strip()
    meta_path = "" if meta.isdigit() else meta
    return fields.get("product_type", "") or google_path or meta_path, google_path or google


def validate(
    path: str,
    line: int,
    fields: dict[str, str],
    default_currency: str | None = None,
    attributes: dict[str, str] | None = None,
) -> FeedRow | RowError:
    """Check one variant's canonical fields; the first problem found is the row's error."""
    sku = fields.get("id", "")
    group_id = fields.get("item_group_id", "") or sku

    def error(field: str, reason: str) -> RowError:
        return RowError(path, line, field, reason, sku, group_id)

    if not sku:
        return error("id", "missing id")
    if len(sku) > MAX_ID:
        return error("id", f"longer than {MAX_ID} characters")
    if len(group_id) > MAX_ID:
        return error("item_group_id", f"longer than {MAX_ID} characters")
    title = fields.get("title", "")
    if not title:
        return error("title", "missing title")
    if _HTML_TAG.search(title):
        return error("title", "HTML is not allowed in a title")
    if len(title) > MAX_TITLE:
        return error("title", f"longer than {MAX_TITLE} characters")
    description = fields.get("description", "")
    if len(description) > MAX_DESCRIPTION:
        return error("description", f"{len(description):,} characters; at most {MAX_DESCRIPTION:,}")
    availability = availability_of(fields.get("availability", "") or "in stock")
    if availability is None:
        return error(
            "availability",
            f'"{fields["availability"]}" is not one of ' + ", ".join(sorted(AVAILABILITIES)),
        )
    try:
        price_minor, currency = parse_feed_price(fields.get("price", ""), default_currency)
    except MoneyError as problem:
        return error("price", str(problem))
    sale_price_minor = None
    if fields.get("sale_price"):
        try:
            sale_price_minor, sale_currency = parse_feed_price(fields["sale_price"], currency)
        except MoneyError as problem:
            return error("sale_price", str(problem))
        if sale_currency != currency:
            return error("sale_price", f"currency {sale_currency} differs from price's {currency}")
        if sale_price_minor > price_minor:
            return error("sale_price", "sale price is higher than the regular price")
    product_type, google_category = categories(fields)
    for name, value in (
        ("product_type", product_type),
        ("google_product_category", google_category),
    ):
        if len(value) > MAX_CATEGORY:
            return error(name, f"longer than {MAX_CATEGORY} characters")
    problem = attribute_problem(attributes or {})
    if problem:
        return error(fields.get("attributes_field", "attributes"), problem)
    stock: int | None = None
    quantity = fields.get("quantity", "")
    if quantity:
        if not quantity.isdigit():
            field = fields.get("quantity_field", "quantity")
            return error(field, f'"{quantity}" is not a whole number')
        stock = int(quantity)
    return FeedRow(
        line=line,
        sku=sku,
        group_id=group_id,
        title=title,
        description=description,
        brand=fields.get("brand", ""),
        product_type=product_type,
        google_product_category=google_category,
        gender=fields.get("gender", "").lower(),
        link=fields.get("link", ""),
        image_link=fields.get("image_link", ""),
        color=fields.get("color", "").lower(),
        size=fields.get("size", ""),
        material=fields.get("material", "").lower(),
        price_minor=price_minor,
        sale_price_minor=sale_price_minor,
        currency=currency,
        availability=availability,
        stock=stock,
        status=fields.get("status", "") or ACTIVE,
        attributes=dict(sorted((attributes or {}).items())),
    )


def reject_duplicates(
    path: str, items: Iterable[FeedRow | RowError]
) -> Iterator[FeedRow | RowError]:
    """A SKU seen twice: the second row is an error pointing at the first."""
    seen: dict[str, int] = {}
    for item in items:
        if isinstance(item, FeedRow):
            if item.sku in seen:
                yield RowError(
                    path,
                    item.line,
                    "id",
                    f"duplicate id, first seen on line {seen[item.sku]}",
                    item.sku,
                    item.group_id,
                )
                continue
            seen[item.sku] = item.line
        yield item
