"""Attributes beyond title, colour and size: one spelling per name, and each platform's syntax.

Meta:   additional_variant_attribute  "Screen size:14 in,RAM:16 GB"  (label:value pairs)
Google: product_detail                "Display:Screen size:14 in"    (section:name:value,
                                      repeated; XML nests section_name/attribute_name/...)
Shopify: option columns and "Name (product.metafields.ns.key)" columns; JSONL: extra keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_ATTRIBUTES = 100
MAX_NAME = 100
MAX_VALUE = 1000
# A comma that starts a new "name:..." pair: a value may itself hold commas ("milk, soy").
_PAIR_START = re.compile(r",(?=[^,:]+:)")


class AttributeSyntaxError(ValueError):
    """A cell that does not follow its platform's attribute syntax."""


def attribute_name(raw: str) -> str:
    """One spelling per name from every format: "Screen_Size " -> "screen size"."""
    return " ".join(raw.replace("_", " ").split()).lower()


def add_attribute(attributes: dict[str, str], name: str, value: str) -> None:
    """Add one name/value (both stripped); an empty name or value adds nothing."""
    key, text = attribute_name(name), " ".join(str(value).split())
    if key and text:
        attributes[key] = text


def _pairs(text: str) -> list[str]:
    return [part.strip() for part in _PAIR_START.split(text) if part.strip()]


def meta_variant_attributes(text: str) -> dict[str, str]:
    """Meta's additional_variant_attribute: "Label:Value,Label:Value"."""
    attributes: dict[str, str] = {}
    for pair in _pairs(text):
        name, colon, value = pair.partition(":")
        if not colon or not name.strip() or not value.strip():
            raise AttributeSyntaxError(f'"{pair}" is not label:value (e.g. "RAM:16 GB")')
        add_attribute(attributes, name, value)
    return attributes


def google_product_details(cells: Iterable[str]) -> dict[str, str]:
    """Google's product_detail in a text feed: "section:name:value" (or "name:value").

    The section ("General", "Display") only groups details on Google's pages: the name is the
    key. Several details may share a cell, separated by commas, or fill repeated columns.
    """
    attributes: dict[str, str] = {}
    for cell in cells:
        for detail in _pairs(cell):
            parts = [part.strip() for part in detail.split(":", 2)]
            if len(parts) < 2 or not all(parts[-2:]):
                raise AttributeSyntaxError(
                    f'"{detail}" is not section:name:value (e.g. "Display:Screen size:14 in")'
                )
            add_attribute(attributes, parts[-2], parts[-1])
    return attributes


def attribute_problem(attributes: dict[str, str]) -> str | None:
    """Why these attributes cannot be stored, or None."""
    if len(attributes) > MAX_ATTRIBUTES:
        return f"{len(attributes)} attributes; at most {MAX_ATTRIBUTES}"
    for name, value in attributes.items():
        if len(name) > MAX_NAME:
            return f'name "{name[:40]}…" longer than {MAX_NAME} characters'
        if len(value) > MAX_VALUE:
            return f'value of "{name}" longer than {MAX_VALUE:,} characters'
    return None
