"""`--format auto`: tell the feed format from the file's first bytes and header line."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.feeds.base import FeedError, column_name, read_head, sniff_delimiter

# The flights department's formats (catalog/flights/feeds.py): one fare per row.
FLIGHTS_CSV = "flights"
FLIGHTS_JSONL = "flights-jsonl"
FLIGHT_FORMATS = (FLIGHTS_CSV, FLIGHTS_JSONL)
FLIGHT_MARKERS = {"origin_airport", "destination_airport"}  # Meta's flights catalog columns

# Columns only one format writes; Meta and Google share most of the others.
SHOPIFY_MARKERS = {"handle", "url handle", "variant sku", "option1 name", "body (html)"}
META_MARKERS = {
    "quantity_to_sell_on_facebook",
    "fb_product_category",
    "inventory",
    "rich_text_description",
}
GOOGLE_MARKERS = {
    "sell_on_google_quantity",
    "gtin",
    "mpn",
    "identifier_exists",
    "shipping",
    "adult",
}


# A menu spreadsheet (docs/meals.md) has a type column and these, which no product feed has.
MENU_CSV_MARKERS = {"modifier", "group", "opening_hours", "delivery_postcodes"}


def sniff_format(path: Path) -> tuple[str, str]:
    """(format, why): the reason is printed so a merchant sees what was assumed."""
    start = read_head(path).lstrip()
    if _is_menu_jsonl(start.split("\n", 1)[0]):
        return "menu-jsonl", 'the first line is a {"type": "restaurant"} object'
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        if _names_airports(start):
            return FLIGHTS_JSONL, f"file extension {path.suffix}, origin_airport key"
        return "jsonl", f"file extension {path.suffix}"
    if not start:
        raise FeedError(path, "the file is empty")
    if start.startswith("{"):
        if _names_airports(start):
            return FLIGHTS_JSONL, "the first line is a JSON object with origin_airport"
        return "jsonl", "the first line is a JSON object"
    if start.startswith("<"):
        return "google", "XML (Google's RSS/Atom feed form)"
    header_line = start.split("\n", 1)[0]
    raw_columns = header_line.split(sniff_delimiter(header_line))
    columns = {column_name(c.strip().strip('"')) for c in raw_columns}
    if "type" in columns and columns & MENU_CSV_MARKERS:
        return "menu-csv", f"type and {sorted(columns & MENU_CSV_MARKERS)[0]!r} columns (a menu)"
    if columns >= FLIGHT_MARKERS:
        return FLIGHTS_CSV, "origin_airport/destination_airport columns (Meta flights feed)"
    if columns & SHOPIFY_MARKERS:
        return "shopify", f"Shopify column {sorted(columns & SHOPIFY_MARKERS)[0]!r}"
    if any(c.strip().strip('"').lower().startswith("g:") for c in raw_columns):
        return "google", "g:-prefixed columns"
    if columns & GOOGLE_MARKERS and not columns & META_MARKERS:
        return "google", f"Google column {sorted(columns & GOOGLE_MARKERS)[0]!r}"
    if columns & {"id", "title", "price"}:
        # Meta's reader then names any missing required column.
        return "meta", "id/title/price columns (Meta catalog feed)"
    raise FeedError(path, "cannot tell the feed format from the header; pass --format", line=1)


def _is_menu_jsonl(first_line: str) -> bool:
    if not first_line.startswith("{"):
        return False
    try:
        first = json.loads(first_line)
    except ValueError:  # cut short by read_head, or not JSON: not a menu's first line
        return False
    return isinstance(first, dict) and first.get("type") == "restaurant"


def _names_airports(start: str) -> bool:
    """The first line is a JSON object with Meta's flights keys: a flights JSON Lines feed."""
    try:
        first = json.loads(start.split("\n", 1)[0])
    except ValueError:
        return False  # the reader names what is wrong with the line
    return isinstance(first, dict) and first.keys() >= FLIGHT_MARKERS
