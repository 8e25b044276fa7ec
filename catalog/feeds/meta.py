"""Meta (Facebook/Instagram) commerce catalog data feed, CSV or TSV.

Beyond the required columns: additional_variant_attribute ("RAM:16 GB,Screen size:14 in", or
Meta's indexed template columns additional_variant_attribute[0].variant_label / .variant_value)
becomes attributes; status "archived" and visibility "staging"/"hidden" store the product
without selling it; google_product_category or fb_product_category stands in for a missing
product_type. Other extras (additional_image_link, image[0].url, ...) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from catalog.feeds.attributes import AttributeSyntaxError, add_attribute, meta_variant_attributes
from catalog.feeds.base import FeedRow, RowError, read_delimited, repeated
from catalog.feeds.rows import reject_duplicates, validate
from catalog.models import ACTIVE

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
ATTRIBUTES = "additional_variant_attribute"
_INDEXED_LABEL = re.compile(rf"^{ATTRIBUTES}\[(\d+)\]\.(?:variant_)?label$")


def read_meta_feed(path: Path, default_currency: str | None = None) -> Iterator[FeedRow | RowError]:
    return reject_duplicates(str(path), _rows(path, default_currency))


def _status(row: dict[str, str]) -> str:
    if row.get("status", "").strip().lower() == "archived":
        return "archived"
    if row.get("visibility", "").strip().lower() in {"staging", "hidden"}:
        return "unpublished"
    return ACTIVE


def _attributes(row: dict[str, str]) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for cell in repeated(row, ATTRIBUTES):
        attributes |= meta_variant_attributes(cell)
    for column, label in row.items():
        match = _INDEXED_LABEL.match(column)
        if match and label:
            index = match[1]
            value = row.get(f"{ATTRIBUTES}[{index}].variant_value") or row.get(
                f"{ATTRIBUTES}[{index}].value", ""
            )
            add_attribute(attributes, label, value)
    return attributes


def _rows(path: Path, default_currency: str | None) -> Iterator[FeedRow | RowError]:
    for line, row in read_delimited(path, REQUIRED_COLUMNS):
        if not any(row.values()):
            continue  # blank line
        quantity_field = (
            "inventory"
            if row.get("inventory") and not row.get("quantity_to_sell_on_facebook")
            else "quantity_to_sell_on_facebook"
        )
        try:
            attributes = _attributes(row)
        except AttributeSyntaxError as problem:
            sku = row.get("id", "")
            group_id = row.get("item_group_id", "") or sku
            yield RowError(str(path), line, ATTRIBUTES, str(problem), sku, group_id)
            continue
        fields = row | {
            "quantity": row.get(quantity_field, ""),
            "quantity_field": quantity_field,
            "status": _status(row),
            "attributes_field": ATTRIBUTES,
        }
        yield validate(str(path), line, fields, default_currency, attributes)
