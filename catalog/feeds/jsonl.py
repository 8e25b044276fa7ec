"""JSON Lines: one product per line, our own schema (documented in docs/catalog.md).

{"id": "TS-CLASSIC", "title": "Classic Cotton T-Shirt", "brand": "Northwind", ...,
 "variants": [{"sku": "TS-CLASSIC-RED-M", "price": "14.99 EUR", "color": "red", "size": "M",
               "stock": 5}]}

Any other key is an attribute ("ram": "16 GB" on a product, "storage": "256 GB" on a variant),
as is every entry of an "attributes" object; a key one letter away from a known one
("colour", "prce") is refused as a typo.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from catalog.feeds.attributes import add_attribute
from catalog.feeds.base import PRODUCT_FIELDS, FeedRow, RowError, read_json_lines
from catalog.feeds.rows import reject_duplicates, validate
from catalog.models import ACTIVE

STATUSES = {ACTIVE, "draft", "archived", "unpublished"}
PRODUCT_KEYS = {"id", "variants", "status", "attributes", *PRODUCT_FIELDS}
VARIANT_KEYS = {
    "sku",
    "price",
    "sale_price",
    "availability",
    "stock",
    "color",
    "size",
    "material",
    "link",
    "image_link",
    "attributes",
}
KNOWN_KEYS = sorted(PRODUCT_KEYS | VARIANT_KEYS)

# validate() names canonical fields; in this format they live in the variant object.
VARIANT_ERROR_FIELDS = {
    "id": "sku",
    "price": "price",
    "sale_price": "sale_price",
    "availability": "availability",
}


def read_jsonl(path: Path, default_currency: str | None = None) -> Iterator[FeedRow | RowError]:
    return reject_duplicates(str(path), _rows(path, default_currency))


def _rows(path: Path, default_currency: str | None) -> Iterator[FeedRow | RowError]:
    for item in read_json_lines(path, "product"):
        if isinstance(item, RowError):
            yield item
            continue
        line, product = item
        yield from _product_rows(str(path), line, product, default_currency)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _attributes(
    obj: dict[str, Any], known: set[str]
) -> tuple[dict[str, str], tuple[str, str] | None]:
    """(attributes, (key, reason) at fault) from an object's extra keys and "attributes"."""
    extras = {key: value for key, value in obj.items() if key not in known}
    for key in extras:
        close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.8)
        if close:  # "colour" for "color": a typo, not an attribute
            return {}, (key, f'unknown field: did you mean "{close[0]}"?')
    nested = obj.get("attributes") or {}
    if not isinstance(nested, dict):
        return {}, ("attributes", 'expected an object like {"ram": "16 GB"}')
    attributes: dict[str, str] = {}
    for key, value in (extras | nested).items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            value = ", ".join(str(v) for v in value)
        elif not isinstance(value, str | int | float):
            where = key if key in extras else f"attributes.{key}"
            return {}, (where, "an attribute is text, a number, true/false or a list of those")
        add_attribute(attributes, key, str(value))
    return attributes, None


def _product_rows(
    path: str, line: int, product: Any, default_currency: str | None
) -> Iterator[FeedRow | RowError]:
    if not isinstance(product, dict):
        yield RowError(path, line, "(line)", "expected a JSON object, one product per line")
        return
    group_id = _text(product.get("id"))
    product_attributes, fault = _attributes(product, PRODUCT_KEYS)
    if fault:
        yield RowError(path, line, *fault, "", group_id)
        return
    status = _text(product.get("status")) or ACTIVE
    if status not in STATUSES:
        yield RowError(
            path, line, "status", f"not one of {', '.join(sorted(STATUSES))}", "", group_id
        )
        return
    if not group_id:
        yield RowError(path, line, "id", "missing product id")
        return
    variants = product.get("variants")
    if not isinstance(variants, list) or not variants:
        yield RowError(path, line, "variants", "expected a non-empty list", "", group_id)
        return
    shared = {key: _text(product.get(key)) for key in PRODUCT_FIELDS} | {"status": status}
    for index, variant in enumerate(variants):
        where = f"variants[{index}]"
        if not isinstance(variant, dict):
            yield RowError(path, line, where, "expected a JSON object", "", group_id)
            continue
        variant_attributes, fault = _attributes(variant, VARIANT_KEYS)
        if fault:
            yield RowError(path, line, f"{where}.{fault[0]}", fault[1], "", group_id)
            continue
        stock = variant.get("stock")
        if stock is not None and (not isinstance(stock, int) or isinstance(stock, bool)):
            yield RowError(path, line, f"{where}.stock", f"{stock!r} is not a whole number")
            continue
        own = VARIANT_KEYS - {"sku", "stock", "attributes"}
        fields = shared | {key: _text(variant.get(key)) for key in own}
        fields |= {
            "id": _text(variant.get("sku")),
            "item_group_id": group_id,
            "quantity": "" if stock is None else str(stock),
            "quantity_field": f"{where}.stock",
            "attributes_field": "attributes",
            "link": fields["link"] or shared["link"],
            "image_link": fields["image_link"] or shared["image_link"],
        }
        attributes = product_attributes | variant_attributes
        result = validate(path, line, fields, default_currency, attributes)
        if isinstance(result, RowError) and result.field in VARIANT_ERROR_FIELDS:
            result = replace(result, field=f"{where}.{VARIANT_ERROR_FIELDS[result.field]}")
        yield result
