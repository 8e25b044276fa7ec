"""JSON Lines: one product per line, our own schema (documented in docs/catalog.md).

{"id": "TS-CLASSIC", "title": "Classic Cotton T-Shirt", "brand": "Northwind", ...,
 "variants": [{"sku": "TS-CLASSIC-RED-M", "price": "14.99 EUR", "color": "red", "size": "M",
               "stock": 5}]}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from catalog.feeds.base import PRODUCT_FIELDS, FeedError, FeedRow, RowError, read_text
from catalog.feeds.rows import reject_duplicates, validate

PRODUCT_KEYS = {"id", "variants", *PRODUCT_FIELDS}
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
}

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
    text = read_text(path)
    if not text.strip():
        raise FeedError(path, "the file is empty")
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            product = json.loads(raw)
        except json.JSONDecodeError as error:
            yield RowError(
                str(path), line, "(line)", f"not JSON: {error.msg} at column {error.colno}"
            )
            continue
        yield from _product_rows(str(path), line, product, default_currency)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _product_rows(
    path: str, line: int, product: Any, default_currency: str | None
) -> Iterator[FeedRow | RowError]:
    if not isinstance(product, dict):
        yield RowError(path, line, "(line)", "expected a JSON object, one product per line")
        return
    group_id = _text(product.get("id"))
    unknown = sorted(set(product) - PRODUCT_KEYS)
    if unknown:
        yield RowError(path, line, unknown[0], "unknown field (typo?)", "", group_id)
        return
    if not group_id:
        yield RowError(path, line, "id", "missing product id")
        return
    variants = product.get("variants")
    if not isinstance(variants, list) or not variants:
        yield RowError(path, line, "variants", "expected a non-empty list", "", group_id)
        return
    shared = {key: _text(product.get(key)) for key in PRODUCT_KEYS - {"id", "variants"}}
    for index, variant in enumerate(variants):
        where = f"variants[{index}]"
        if not isinstance(variant, dict):
            yield RowError(path, line, where, "expected a JSON object", "", group_id)
            continue
        unknown = sorted(set(variant) - VARIANT_KEYS)
        if unknown:
            yield RowError(path, line, f"{where}.{unknown[0]}", "unknown field", "", group_id)
            continue
        stock = variant.get("stock")
        if stock is not None and (not isinstance(stock, int) or isinstance(stock, bool)):
            yield RowError(path, line, f"{where}.stock", f"{stock!r} is not a whole number")
            continue
        fields = shared | {key: _text(variant.get(key)) for key in VARIANT_KEYS - {"sku", "stock"}}
        fields |= {
            "id": _text(variant.get("sku")),
            "item_group_id": group_id,
            "quantity": "" if stock is None else str(stock),
            "quantity_field": f"{where}.stock",
            "link": fields["link"] or shared["link"],
            "image_link": fields["image_link"] or shared["image_link"],
        }
        result = validate(path, line, fields, default_currency)
        if isinstance(result, RowError) and result.field in VARIANT_ERROR_FIELDS:
            result = replace(result, field=f"{where}.{VARIANT_ERROR_FIELDS[result.field]}")
        yield result
