"""Google, Shopify and JSONL readers, format sniffing, and the bad inputs merchants send."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from catalog.feeds.base import FeedError, FeedRow, RowError, read_json_lines
from catalog.feeds.google import read_google_feed
from catalog.feeds.jsonl import read_jsonl
from catalog.feeds.meta import read_meta_feed
from catalog.feeds.prices import parse_feed_price
from catalog.feeds.rows import MAX_DESCRIPTION
from catalog.feeds.shopify import read_shopify_export
from catalog.feeds.sniff import sniff_format

META_HEADER = "id,title,description,availability,condition,price,link,image_link,brand"


def write(tmp_path: Path, text: str, name: str = "feed.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(items: list[FeedRow | RowError]) -> list[FeedRow]:
    return [item for item in items if isinstance(item, FeedRow)]


def row_errors(items: list[FeedRow | RowError]) -> list[RowError]:
    return [item for item in items if isinstance(item, RowError)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.99 EUR", (1299, "EUR")),
        ("1,299.00 EUR", (129900, "EUR")),
        ("12,99 €", (1299, "EUR")),
        ("€12.99", (1299, "EUR")),
        ("$5", (500, "USD")),
        ("1 299,00 EUR", (129900, "EUR")),
        ("19.99", (1999, "GBP")),  # a bare number takes the default currency
    ],
)
def test_feed_prices(text: str, expected: tuple[int, str]) -> None:
    assert parse_feed_price(text, "GBP") == expected


def test_google_tsv_with_underscored_availability(tmp_path: Path) -> None:
    header = "id\ttitle\tdescription\tlink\timage_link\tavailability\tprice\tbrand\tcolor"
    path = write(
        tmp_path,
        f"{header}\nG-1\tTee\tSoft\thttp://x\thttp://y\tin_stock\t15.00 USD\tAcme\tRed\n"
        f"G-2\tCap\tWarm\thttp://x\thttp://y\tsoon\t9.00 USD\tAcme\tBlue\n",
        "feed.tsv",
    )
    items = list(read_google_feed(path))
    [good] = rows(items)
    assert (good.sku, good.availability, good.price_minor, good.currency, good.color) == (
        "G-1", "in stock", 1500, "USD", "red",
    )  # fmt: skip
    [bad] = row_errors(items)
    assert (bad.line, bad.field) == (3, "availability")


RSS = """<?xml version="1.0"?>
<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0">
<channel>
<title>Shop</title>
<item>
  <g:id>X-1</g:id>
  <g:title>Trail Shoe</g:title>
  <g:description>Grippy</g:description>
  <g:link>http://x</g:link>
  <g:image_link>http://y</g:image_link>
  <g:availability>in_stock</g:availability>
  <g:price>89.90 EUR</g:price>
  <g:item_group_id>X</g:item_group_id>
  <g:shipping><g:country>FR</g:country><g:price>4.90 EUR</g:price></g:shipping>
</item>
<item>
  <g:id>X-2</g:id>
  <g:title>Trail Shoe</g:title>
  <g:price>lots</g:price>
</item>
</channel>
</rss>
"""


def test_google_rss_items_with_line_numbers(tmp_path: Path) -> None:
    items = list(read_google_feed(write(tmp_path, RSS, "feed.xml")))
    [good] = rows(items)
    # The nested <g:shipping><g:price> must not replace the item's own price.
    assert (good.sku, good.group_id, good.price_minor) == ("X-1", "X", 8990)
    [bad] = row_errors(items)
    assert (bad.line, bad.field, bad.row_id) == (16, "price", "X-2")


def test_google_xml_with_entities_is_refused(tmp_path: Path) -> None:
    hostile = RSS.replace(
        '<?xml version="1.0"?>',
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ).replace("Grippy", "&x;")
    with pytest.raises(FeedError, match="refused unsafe XML"):
        list(read_google_feed(write(tmp_path, hostile, "feed.xml")))


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    broken = RSS.replace("</g:title>\n  <g:price>lots", "\n  <g:price>lots", 1)
    with pytest.raises(FeedError) as caught:
        list(read_google_feed(write(tmp_path, broken, "feed.xml")))
    assert caught.value.line is not None and "malformed XML" in str(caught.value)


SHOPIFY_LEGACY = (
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Option2 Name,"
    "Option2 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Compare At Price,"
    "Image Src,Status\n"
    'tee,Organic Tee,"<p>Soft &amp; <b>organic</b></p>",Acme,T-Shirts,summer,Color,Red,Size,M,'
    "TEE-R-M,5,20.00,25.00,http://img/1.jpg,active\n"
    "tee,,,,,,,Red,,L,TEE-R-L,0,20.00,25.00,,\n"
    "tee,,,,,,,,,,,,,,http://img/2.jpg,\n"  # image-only continuation row
    "mug,Mug,,Acme,Mugs,,Title,Default Title,,,,-2,9.50,,http://img/3.jpg,draft\n"
)


def test_shopify_legacy_export_with_continuation_rows(tmp_path: Path) -> None:
    items = list(read_shopify_export(write(tmp_path, SHOPIFY_LEGACY), "EUR"))
    assert not row_errors(items)
    medium, large, mug = rows(items)
    assert (medium.group_id, medium.title, medium.brand, medium.description) == (
        "tee", "Organic Tee", "Acme", "Soft & organic",
    )  # fmt: skip
    assert (medium.color, medium.size, medium.price_minor, medium.sale_price_minor) == (
        "red", "M", 2500, 2000,
    )  # fmt: skip
    assert (large.title, large.size, large.availability, large.line) == (
        "Organic Tee", "L", "out of stock", 3,
    )  # fmt: skip
    # No SKU: handle + rank; negative (oversold) stock sells none; a draft is stored, not sold.
    assert (mug.sku, mug.color, mug.stock, mug.availability, mug.status) == (
        "mug-1", "", 0, "out of stock", "draft",
    )  # fmt: skip


def test_shopify_new_headers(tmp_path: Path) -> None:
    text = (
        "Title,URL handle,Description,Vendor,Product category,Type,Option1 name,Option1 value,"
        "SKU,Price,Compare-at price,Inventory quantity,Product image URL,Status\n"
        "Wool Socks,wool-socks,<p>Warm</p>,Knit Co,Apparel,Socks,Size,42,WS-42,"
        "12.00,,7,http://img,active\n"
    )
    [row] = list(read_shopify_export(write(tmp_path, text), "EUR"))
    assert isinstance(row, FeedRow)
    assert (row.sku, row.group_id, row.size, row.stock, row.price_minor, row.image_link) == (
        "WS-42", "wool-socks", "42", 7, 1200, "http://img",
    )  # fmt: skip


def test_shopify_without_handle_column(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="handle"):
        list(read_shopify_export(write(tmp_path, "Title,Price\nA,1\n"), "EUR"))


def jsonl_line(**overrides: object) -> str:
    product = {
        "id": "TEE",
        "title": "Tee",
        "brand": "Acme",
        "variants": [{"sku": "TEE-M", "price": "12.99 EUR", "size": "M", "stock": 3}],
    }
    return json.dumps(product | overrides)


def test_jsonl_products_and_errors(tmp_path: Path) -> None:
    lines = [
        jsonl_line(),
        "{not json",
        jsonl_line(id="CAP", variants=[{"sku": "CAP-1", "price": "free"}]),
        jsonl_line(id="HAT", colour="red"),
        "",
        jsonl_line(id="BAG", variants=[{"sku": "BAG-1", "price": "5 EUR", "stock": "many"}]),
    ]
    items = list(read_jsonl(write(tmp_path, "\n".join(lines), "feed.jsonl")))
    [good] = rows(items)
    assert (good.sku, good.group_id, good.stock, good.line) == ("TEE-M", "TEE", 3, 1)
    assert [(e.line, e.field) for e in row_errors(items)] == [
        (2, "(line)"),
        (3, "variants[0].price"),
        (4, "colour"),
        (6, "variants[0].stock"),
    ]


def test_the_json_lines_reader_numbers_lines_and_names_what_a_line_holds(tmp_path: Path) -> None:
    """Shared by the products' and the flights' JSONL: blank lines skipped but counted."""
    lines = ['{"id": 1}', "", "{not json", "1" * 5000, "[2]"]
    items = list(read_json_lines(write(tmp_path, "\n".join(lines), "feed.jsonl"), "fare"))
    assert [item for item in items if not isinstance(item, RowError)] == [(1, {"id": 1}), (5, [2])]
    bad = [(e.line, e.field, e.reason[:16]) for e in items if isinstance(e, RowError)]
    assert bad == [(3, "(line)", "not JSON: Expect"), (4, "(line)", "not a fare: Exce")]
    with pytest.raises(FeedError, match="the file is empty"):
        list(read_json_lines(write(tmp_path, "\n\n", "blank.jsonl"), "fare"))


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.jsonl", jsonl_line(), "jsonl"),
        ("a.txt", jsonl_line(), "jsonl"),
        ("a.xml", RSS, "google"),
        ("a.csv", SHOPIFY_LEGACY, "shopify"),
        ("a.csv", META_HEADER + ",quantity_to_sell_on_facebook\n", "meta"),
        ("a.tsv", "g:id\tg:title\tg:price\n", "google"),
        ("a.tsv", "id\ttitle\tprice\tgtin\tmpn\n", "google"),
        ("a.csv", META_HEADER + "\n", "meta"),
    ],
)
def test_sniff_format(tmp_path: Path, name: str, text: str, expected: str) -> None:
    assert sniff_format(write(tmp_path, text, name))[0] == expected


def test_sniff_unknown_header(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="cannot tell the feed format"):
        sniff_format(write(tmp_path, "name;cost\nA;1\n"))


def meta_row(sku: str, description: str = "Nice", price: str = "12.99 EUR") -> str:
    return f'{sku},Tee,"{description}",in stock,new,"{price}",http://x,http://y,Acme'


def test_semicolon_delimiter_and_european_prices(tmp_path: Path) -> None:
    text = (
        META_HEADER.replace(",", ";")
        + "\nA;Tee;Nice;in stock;new;12,99 €;http://x;http://y;Acme\n"
        + 'B;Tee;Nice;in stock;new;"1,299.00 EUR";http://x;http://y;Acme\n'
    )
    items = list(read_meta_feed(write(tmp_path, text)))
    assert [(r.sku, r.price_minor) for r in rows(items)] == [("A", 1299), ("B", 129900)]


def test_quoted_newlines_keep_rows_apart(tmp_path: Path) -> None:
    two_lines = "line one\nline two"
    text = f"{META_HEADER}\n{meta_row('A', two_lines)}\n{meta_row('B', price='x')}\n"
    items = list(read_meta_feed(write(tmp_path, text)))
    assert rows(items)[0].description == "line one\nline two"
    [bad] = row_errors(items)
    assert (bad.row_id, bad.line) == ("B", 4)


def test_an_overlong_description_is_a_row_error_not_a_crash(tmp_path: Path) -> None:
    long = "x" * 100_000  # ten times Meta's limit, within what the CSV reader holds
    text = f"{META_HEADER}\n{meta_row('A', long)}\n{meta_row('B')}\n"
    items = list(read_meta_feed(write(tmp_path, text)))
    [bad] = row_errors(items)
    assert (bad.row_id, bad.field) == ("A", "description")
    assert f"{MAX_DESCRIPTION:,}" in bad.reason
    assert [r.sku for r in rows(items)] == ["B"]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_ten_megabyte_cell_stops_the_file_naming_its_line(tmp_path: Path, quoted: bool) -> None:
    """Issue 13, finding 8: no 64 MiB process-wide field limit; a cell that size is no product
    (quoted, it may span lines: the CSV reader's own limit still names where it broke)."""
    huge = "x\n" * 5_000_000 if quoted else "x" * 10_000_000
    text = f"{META_HEADER}\n{meta_row('B')}\n{meta_row('A', huge)}\n"
    path = write(tmp_path, text)
    with pytest.raises(FeedError, match=r"feed\.csv, line 3(, column \d+)?: .*(cell|line) over"):
        list(read_meta_feed(path))
    assert csv.field_size_limit() < 1024 * 1024  # the stdlib's, not raised for everyone
