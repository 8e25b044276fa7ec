"""Shopify product CSV export, with the legacy headers ("Handle", "Variant SKU", ...) or the newer
ones ("URL handle", "SKU", "Inventory quantity", ...).

One product spans several rows with the same handle: the first carries the product's fields,
the next ones ("continuation rows") carry only a variant's options, price and stock, or only an
extra image (skipped).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from catalog.feeds.base import FeedError, FeedRow, RowError, read_delimited
from catalog.feeds.rows import reject_duplicates, strip_html, validate

# canonical name -> the header names Shopify has used for it (lowercased)
ALIASES = {
    "handle": ("handle", "url handle"),
    "title": ("title",),
    "body": ("body (html)", "description"),
    "vendor": ("vendor",),
    "category": ("product category",),
    "type": ("type",),
    "tags": ("tags",),
    "status": ("status",),
    "sku": ("variant sku", "sku"),
    "price": ("variant price", "price"),
    "compare_at": ("variant compare at price", "compare-at price"),
    "quantity": ("variant inventory qty", "inventory quantity"),
    "image": ("image src", "product image url"),
    "variant_image": ("variant image", "variant image url"),
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
PRODUCT_FIELDS = ("title", "body", "vendor", "category", "type", "tags", "status", "image")


def read_shopify_export(
    path: Path, default_currency: str | None = None
) -> Iterator[FeedRow | RowError]:
    return reject_duplicates(str(path), _rows(path, default_currency))


def _pick(row: dict[str, str], name: str) -> str:
    return next((row[alias] for alias in ALIASES[name] if row.get(alias)), "")


def _rows(path: Path, default_currency: str | None) -> Iterator[FeedRow | RowError]:
    if default_currency is None:
        raise FeedError(path, "Shopify exports carry no currency; pass --currency (e.g. EUR)")
    product: dict[str, str] = {}
    options: list[str] = ["", "", ""]
    variant_number = 0
    for line, row in read_delimited(path, {"|".join(ALIASES["handle"])}):
        handle = _pick(row, "handle")
        if not handle:
            yield RowError(str(path), line, "Handle", "missing handle")
            continue
        if handle != product.get("handle"):
            product = {"handle": handle} | {name: _pick(row, name) for name in PRODUCT_FIELDS}
            options = [row.get(f"option{n} name", "") for n in (1, 2, 3)]
            variant_number = 0
        values = [row.get(f"option{n} value", "") for n in (1, 2, 3)]
        if not _pick(row, "price") and not _pick(row, "sku") and not any(values):
            continue  # an image-only continuation row
        variant_number += 1
        yield validate(
            str(path),
            line,
            _fields(product, options, values, row, variant_number),
            default_currency,
        )


def _fields(
    product: dict[str, str],
    options: list[str],
    values: list[str],
    row: dict[str, str],
    number: int,
) -> dict[str, str]:
    price, compare_at = _pick(row, "price"), _pick(row, "compare_at")
    on_sale = bool(compare_at) and compare_at != price
    fields = {
        # Shopify variants often have no SKU: the handle and the variant's rank identify it.
        "id": _pick(row, "sku") or f"{product['handle']}-{number}",
        "item_group_id": product["handle"],
        "title": product["title"],
        "description": strip_html(product["body"]),
        "brand": product["vendor"],
        "product_type": product["type"] or product["category"],
        "google_product_category": product["category"],
        "image_link": _pick(row, "variant_image") or product["image"],
        "price": compare_at if on_sale else price,
        "sale_price": price if on_sale else "",
        "quantity": _pick(row, "quantity").lstrip("+"),
        "quantity_field": "Variant Inventory Qty",
    }
    quantity = fields["quantity"]
    stock_out = quantity.lstrip("-").isdigit() and int(quantity) <= 0
    inactive = product["status"].lower() in {"draft", "archived"}
    fields["availability"] = "out of stock" if stock_out or inactive else "in stock"
    if stock_out:
        fields["quantity"] = "0"  # Shopify allows negative stock (oversold); we sell none
    for name, value in zip(options, values, strict=True):
        canonical = OPTION_FIELDS.get(name.strip().lower())
        if canonical and value:
            fields[canonical] = value
    return fields
