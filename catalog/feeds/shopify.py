"""Shopify product CSV export, with the legacy headers ("Handle", "Variant SKU", ...) or the newer
ones ("URL handle", "SKU", "Inventory quantity", ...).

One product spans several rows with the same handle: the first carries the product's fields,
the next ones ("continuation rows") carry only a variant's options, price and stock, or only an
extra image (skipped).

Read as Shopify means it:
- an empty inventory tracker: Shopify does not count stock and sells without limit (stock None);
  "continue selling when out of stock" likewise;
- a compare-at price above the price is the "was" price; at or below it, no sale at all;
- Status draft/archived and Published FALSE: stored, never sold (the product's status).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from assistant.kernel.money import MoneyError
from catalog.feeds.attributes import add_attribute
from catalog.feeds.base import FeedError, FeedRow, RowError, read_delimited
from catalog.feeds.prices import parse_feed_price
from catalog.feeds.rows import reject_duplicates, strip_html, validate
from catalog.models import ACTIVE

# canonical name -> the header names Shopify has used for it, legacy first
ALIASES = {
    "handle": ("Handle", "URL handle"),
    "title": ("Title",),
    "body": ("Body (HTML)", "Description"),
    "vendor": ("Vendor",),
    "category": ("Product Category",),
    "type": ("Type",),
    "tags": ("Tags",),
    "status": ("Status",),
    "published": ("Published", "Published on online store"),
    "google_category": ("Google Shopping / Google Product Category",),
    "gender": ("Google Shopping / Gender",),
    "sku": ("Variant SKU", "SKU"),
    "price": ("Variant Price", "Price"),
    "compare_at": ("Variant Compare At Price", "Compare-at price"),
    "quantity": ("Variant Inventory Qty", "Inventory quantity"),
    "tracker": ("Variant Inventory Tracker", "Inventory tracker"),
    "policy": ("Variant Inventory Policy", "Continue selling when out of stock"),
    "image": ("Image Src", "Product image URL"),
    "variant_image": ("Variant Image", "Variant image URL"),
}
OPTION_FIELDS = {
    "color": "color",
    "colour": "color",
    "couleur": "color",
    "size": "size",
    "taille": "size",
    "material": "material",
    "matière": "material",
    "matiere": "material",
}
PRODUCT_FIELDS = (
    "title",
    "body",
    "vendor",
    "category",
    "type",
    "tags",
    "status",
    "published",
    "google_category",
    "gender",
    "image",
)
HIDDEN_STATUSES = {"draft", "archived"}
# "Screen size (product.metafields.custom.screen_size)": a metafield column, named by its label.
_METAFIELD = re.compile(
    r"^(?P<label>.*?)\s*\((?P<owner>product|variant)\.metafields\.(?P<key>[^)]+)\)$"
)


def read_shopify_export(
    path: Path, default_currency: str | None = None
) -> Iterator[FeedRow | RowError]:
    return reject_duplicates(str(path), _rows(path, default_currency))


def _column(row: dict[str, str], name: str) -> str:
    """The header this file uses for a field (for error messages), legacy name if neither."""
    return next((alias for alias in ALIASES[name] if alias.lower() in row), ALIASES[name][0])


def _pick(row: dict[str, str], name: str) -> str:
    return next((row[alias.lower()] for alias in ALIASES[name] if row.get(alias.lower())), "")


def _metafields(row: dict[str, str], owner: str) -> dict[str, str]:
    """Attributes from the row's `(product.metafields.*)` or `(variant.metafields.*)` columns."""
    attributes: dict[str, str] = {}
    for column, value in row.items():
        match = _METAFIELD.match(column)
        if not match or match["owner"] != owner or not value or "gid://shopify/" in value:
            continue  # a reference to another Shopify object says nothing to a shopper
        if value.startswith("["):  # list metafields are exported as JSON lists
            with contextlib.suppress(json.JSONDecodeError, TypeError):
                value = ", ".join(str(item) for item in json.loads(value))
        add_attribute(attributes, match["label"] or match["key"].rsplit(".", 1)[-1], value)
    return attributes


def _rows(path: Path, default_currency: str | None) -> Iterator[FeedRow | RowError]:
    if default_currency is None:
        raise FeedError(path, "Shopify exports carry no currency; pass --currency (e.g. EUR)")
    product: dict[str, str] = {}
    product_attributes: dict[str, str] = {}
    options: list[str] = ["", "", ""]
    variant_number = 0
    for line, row in read_delimited(path, {"|".join(a.lower() for a in ALIASES["handle"])}):
        handle = _pick(row, "handle")
        if not handle:
            yield RowError(str(path), line, _column(row, "handle"), "missing handle")
            continue
        if handle != product.get("handle"):
            product = {"handle": handle} | {name: _pick(row, name) for name in PRODUCT_FIELDS}
            product_attributes = _metafields(row, "product")
            options = [row.get(f"option{n} name", "") for n in (1, 2, 3)]
            variant_number = 0
        values = [row.get(f"option{n} value", "") for n in (1, 2, 3)]
        if not _pick(row, "price") and not _pick(row, "sku") and not any(values):
            continue  # an image-only continuation row
        variant_number += 1
        yield _variant(
            str(path), line, product, options, values, row, variant_number, default_currency,
            product_attributes | _metafields(row, "variant"),
        )  # fmt: skip


def _status(product: dict[str, str]) -> str:
    status = product["status"].strip().lower()
    if status in HIDDEN_STATUSES:
        return status
    if product["published"].strip().lower() in {"false", "no", "0"}:
        return "unpublished"
    return ACTIVE


def _prices(row: dict[str, str], currency: str) -> tuple[str, str] | str:
    """(price, sale price) as validate() wants them, or the column of an unreadable compare-at."""
    price, compare_at = _pick(row, "price"), _pick(row, "compare_at")
    if not compare_at:
        return price, ""
    try:
        compare_minor = parse_feed_price(compare_at, currency)[0]
    except MoneyError:
        return _column(row, "compare_at")
    try:
        price_minor = parse_feed_price(price, currency)[0]
    except MoneyError:
        return price, ""  # validate() reports the price itself
    # A compare-at price at or below the price is not a discount: Shopify shows no sale.
    return (compare_at, price) if compare_minor > price_minor else (price, "")


def _variant(
    path: str,
    line: int,
    product: dict[str, str],
    options: list[str],
    values: list[str],
    row: dict[str, str],
    number: int,
    currency: str,
    attributes: dict[str, str],
) -> FeedRow | RowError:
    # Shopify variants often have no SKU: the handle and the variant's rank identify it.
    sku = _pick(row, "sku") or f"{product['handle']}-{number}"
    prices = _prices(row, currency)
    if isinstance(prices, str):
        compare_at = _pick(row, "compare_at")
        return RowError(
            path, line, prices, f'"{compare_at}" is not a price', sku, product["handle"]
        )
    price, sale_price = prices
    fields = {
        "id": sku,
        "item_group_id": product["handle"],
        "title": product["title"],
        "description": strip_html(product["body"]),
        "brand": product["vendor"],
        "product_type": product["type"] or product["category"],
        "google_product_category": product["google_category"] or product["category"],
        "gender": product["gender"],
        "image_link": _pick(row, "variant_image") or product["image"],
        "price": price,
        "sale_price": sale_price,
        "status": _status(product),
        "quantity_field": _column(row, "quantity"),
        "attributes_field": "Option1..3 / metafield columns",
    }
    fields |= _stock(row)
    option_attributes: dict[str, str] = {}
    for name, value in zip(options, values, strict=True):
        canonical = OPTION_FIELDS.get(name.strip().lower())
        if canonical and value:
            fields[canonical] = value
        elif value and (name.lower(), value.lower()) != ("title", "default title"):
            add_attribute(option_attributes, name, value)  # "Storage: 256 GB"
    result = validate(path, line, fields, currency, attributes | option_attributes)
    if isinstance(result, RowError):
        # Name the file's own column, not our canonical field.
        columns = {"id": "sku", "title": "title", "description": "body", "sale_price": "price"}
        columns["price"] = "compare_at" if sale_price else "price"
        if result.field in columns:
            result = replace(result, field=_column(row, columns[result.field]))
    return result


def _stock(row: dict[str, str]) -> dict[str, str]:
    """quantity and availability from the inventory columns, as Shopify sells."""
    tracked = not any(alias.lower() in row for alias in ALIASES["tracker"]) or bool(
        _pick(row, "tracker")
    )
    keeps_selling = _pick(row, "policy").lower() in {"continue", "true"}
    if not tracked or keeps_selling:
        return {"quantity": "", "availability": "in stock"}  # no limit: stock None
    quantity = _pick(row, "quantity").lstrip("+")
    if quantity.lstrip("-").isdigit() and int(quantity) <= 0:
        # Shopify allows negative stock (oversold); we sell none.
        return {"quantity": "0", "availability": "out of stock"}
    return {"quantity": quantity, "availability": "in stock"}
