"""`--format auto`: tell the feed format from the file's first bytes and header line."""

from __future__ import annotations

from pathlib import Path

from catalog.feeds.base import FeedError, column_name, read_head, sniff_delimiter

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


def sniff_format(path: Path) -> tuple[str, str]:
    """(format, why): the reason is printed so a merchant sees what was assumed."""
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        return "jsonl", f"file extension {path.suffix}"
    start = read_head(path).lstrip()
    if not start:
        raise FeedError(path, "the file is empty")
    if start.startswith("{"):
        return "jsonl", "the first line is a JSON object"
    if start.startswith("<"):
        return "google", "XML (Google's RSS/Atom feed form)"
    header_line = start.split("\n", 1)[0]
    raw_columns = header_line.split(sniff_delimiter(header_line))
    columns = {column_name(c.strip().strip('"')) for c in raw_columns}
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
