"""Each platform's own sample files load as the platform means them (tests/fixtures/feeds/)."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.feeds.base import FeedRow, RowError
from catalog.feeds.google import read_google_feed
from catalog.feeds.jsonl import read_jsonl
from catalog.feeds.meta import read_meta_feed
from catalog.feeds.shopify import read_shopify_export

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def write(tmp_path: Path, text: str, name: str = "feed.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def split(items: list[FeedRow | RowError]) -> tuple[list[FeedRow], list[RowError]]:
    return (
        [item for item in items if isinstance(item, FeedRow)],
        [item for item in items if isinstance(item, RowError)],
    )


def by_group(rows: list[FeedRow]) -> dict[str, list[FeedRow]]:
    groups: dict[str, list[FeedRow]] = {}
    for row in rows:
        groups.setdefault(row.group_id, []).append(row)
    return groups


# --- Shopify -------------------------------------------------------------------------------


def test_shopify_template_loads_as_shopify_means_it() -> None:
    rows, errors = split(list(read_shopify_export(FIXTURES / "product_template.csv", "USD")))
    assert errors == []
    groups = by_group(rows)
    shirts, jeans, beanie = groups["example-shirt"], groups["example-pants"], groups["example-hat"]
    # Empty inventory tracker: Shopify does not count stock and sells without limit.
    assert len(shirts) == 12
    assert {(row.stock, row.availability) for row in shirts} == {(None, "in stock")}
    assert {(row.color, row.size) for row in shirts} >= {("green", "S"), ("purple", "L")}
    first = shirts[0]
    assert (first.sku, first.price_minor, first.sale_price_minor, first.status) == (
        "SRT_COT_111", 2500, None, "active",
    )  # fmt: skip
    # Type is the category path; the numeric Google category is looked up in Google's taxonomy.
    assert (first.product_type, first.google_product_category, first.gender) == (
        "Shirts", "Apparel & Accessories > Clothing > Shirts & Tops", "male",
    )  # fmt: skip
    assert first.description.startswith("This t-shirt is as simple as it gets.")
    # Compare-at 64.95 below the price 95: no sale, the row is loaded. Draft: stored, not sold.
    assert [(r.size, r.price_minor, r.sale_price_minor, r.stock) for r in jeans] == [
        ("28", 9500, None, 20), ("30", 9500, None, 15), ("40", 9500, None, 10),
    ]  # fmt: skip
    assert {r.status for r in jeans} == {"draft"}
    # Compare-at 22.99 above 17.99: the "was" price. Archived; "Default Title" is no attribute.
    [hat] = beanie
    assert (hat.price_minor, hat.sale_price_minor, hat.stock, hat.status, hat.attributes) == (
        2299, 1799, 50, "archived", {},
    )  # fmt: skip


SHOPIFY_NEW = (
    "Title,URL handle,Description,Vendor,Type,Published on online store,Status,"
    "Option1 name,Option1 value,Option2 name,Option2 value,SKU,Price,Compare-at price,"
    "Inventory tracker,Inventory quantity,Continue selling when out of stock,"
    "Screen size (product.metafields.custom.screen_size),"
    "Connectivity (product.metafields.shopify.connectivity-technology),"
    "Finish (variant.metafields.custom.finish)\n"
    "Tab 11,tab-11,<p>Tablet</p>,Quillon,Tablets,FALSE,active,Color,Grey,Storage,128 GB,"
    'T-128,329.00,329.00,shopify,4,DENY,11 in,"[""Wi-Fi"",""Bluetooth""]",matte\n'
    ",tab-11,,,,,,,Grey,,256 GB,T-256,399.00,,shopify,0,CONTINUE,,,gloss\n"
    "Mug,mug,,Acme,Mugs,TRUE,active,,,,,M-1,9.00,abc,,5,DENY,,,\n"
)


def test_shopify_new_headers_options_metafields_and_selling_rules(tmp_path: Path) -> None:
    rows, errors = split(list(read_shopify_export(write(tmp_path, SHOPIFY_NEW), "EUR")))
    small, large = rows
    assert (small.status, small.stock, small.price_minor, small.sale_price_minor) == (
        "unpublished", 4, 32900, None,
    )  # fmt: skip
    # Tracked at 0 but "continue selling": Shopify keeps selling, so no limit here either.
    assert (large.stock, large.availability) == (None, "in stock")
    assert small.attributes == {
        "storage": "128 GB",
        "screen size": "11 in",
        "connectivity": "Wi-Fi, Bluetooth",
        "finish": "matte",
    }
    assert large.attributes == {
        "storage": "256 GB",
        "screen size": "11 in",
        "connectivity": "Wi-Fi, Bluetooth",
        "finish": "gloss",
    }
    # An unreadable compare-at price names the file's own column.
    [bad] = errors
    assert (bad.line, bad.field, bad.row_id) == (4, "Compare-at price", "M-1")


# --- Google --------------------------------------------------------------------------------


def test_google_example_feed_loads_as_google_means_it() -> None:
    rows, errors = split(list(read_google_feed(FIXTURES / "example_feed_xml_rss.xml")))
    assert errors == []
    by_sku = {row.sku: row for row in rows}
    assert set(by_sku) == {
        "TV_123456", "DVD-0564738", "PFM654321", "CLO-29473856-1", "CLO-29473856-2", "CLO-1029384",
    }  # fmt: skip
    tv = by_sku["TV_123456"]
    assert (tv.title, tv.price_minor, tv.currency, tv.brand) == (
        'LG 22LB4510 - 22" LED TV - 1080p (FullHD)', 15900, "USD", "LG",
    )  # fmt: skip
    assert tv.product_type == "Consumer Electronics > TVs > Flat Panel TVs"
    assert by_sku["DVD-0564738"].title == "Merlin: Series 3 - Volume 2 - 3 DVD Box set"  # CDATA
    jeans = [by_sku["CLO-29473856-1"], by_sku["CLO-29473856-2"]]
    assert [(r.group_id, r.size, r.availability) for r in jeans] == [
        ("CLO-29473856", "8 Standard", "out of stock"), ("CLO-29473856", "8 Tall", "in stock"),
    ]  # fmt: skip
    # No product_type: the Google category's path is the product's category path.
    jersey = by_sku["CLO-1029384"]
    assert (
        jersey.product_type
        == jersey.google_product_category
        == ("Apparel & Accessories > Clothing > Activewear > Bicycle Activewear > Bicycle Jerseys")
    )
    assert (jersey.price_minor, jersey.sale_price_minor, jersey.color) == (
        3399,
        2549,
        "black/red/white",
    )


GOOGLE_TSV = (
    "id\ttitle\tdescription\tlink\timage_link\tavailability\tprice\tbrand\t"
    "google_product_category\tproduct_detail\tproduct_detail\n"
    "LT-1\tAero 14\tLight laptop\thttp://x\thttp://y\tin_stock\t1099.00 EUR\tBytecraft\t328\t"
    "General:RAM:16 GB,Display:Screen size:14 in\tBattery life:18 h\n"
    "TEA-1\tSencha\tGreen tea\thttp://x\thttp://y\tin_stock\t9.90 EUR\tLeaf\t99999999\t\t\n"
    "BAD-1\tMug\tA mug\thttp://x\thttp://y\tin_stock\t5.00 EUR\tAcme\t\tjust text\t\n"
)


def test_google_numeric_categories_and_product_details_in_tsv(tmp_path: Path) -> None:
    rows, errors = split(list(read_google_feed(write(tmp_path, GOOGLE_TSV, "feed.tsv"))))
    laptop, tea = rows
    # Only a numeric id and no product_type: the taxonomy gives the path the product is filed by.
    assert (
        laptop.product_type
        == laptop.google_product_category
        == ("Electronics > Computers > Laptops")
    )
    assert laptop.attributes == {"ram": "16 GB", "screen size": "14 in", "battery life": "18 h"}
    # An id newer than our taxonomy file: kept as written, no path derived, the row still loads.
    assert (tea.product_type, tea.google_product_category) == ("", "99999999")
    [bad] = errors
    assert (bad.line, bad.field, bad.row_id) == (4, "product_detail", "BAD-1")
    assert "section:name:value" in bad.reason


GOOGLE_XML = """<?xml version="1.0"?>
<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0"><channel>
<item>
  <g:id>PH-1</g:id><g:title>Nova 8</g:title><g:description>A phone</g:description>
  <g:link>http://x</g:link><g:image_link>http://y</g:image_link>
  <g:availability>in stock</g:availability><g:price>599.00 EUR</g:price>
  <g:google_product_category>267</g:google_product_category>
  <g:product_detail>
    <g:section_name>Display</g:section_name>
    <g:attribute_name>Screen size</g:attribute_name>
    <g:attribute_value>6.4 in</g:attribute_value>
  </g:product_detail>
  <g:product_detail>
    <g:attribute_name>Battery</g:attribute_name><g:attribute_value>4800 mAh</g:attribute_value>
  </g:product_detail>
  <g:additional_image_link>http://y/2</g:additional_image_link>
  <g:additional_image_link>http://y/3</g:additional_image_link>
</item>
</channel></rss>
"""


def test_google_numeric_categories_and_product_details_in_xml(tmp_path: Path) -> None:
    [phone] = list(read_google_feed(write(tmp_path, GOOGLE_XML, "feed.xml")))
    assert isinstance(phone, FeedRow)
    assert phone.product_type == "Electronics > Communications > Telephony > Mobile Phones"
    assert phone.attributes == {"screen size": "6.4 in", "battery": "4800 mAh"}


# --- Meta ----------------------------------------------------------------------------------

META = (
    "id,item_group_id,title,description,availability,condition,price,link,image_link,brand,"
    "google_product_category,fb_product_category,additional_variant_attribute,"
    "additional_image_link,status,visibility\n"
    "CH-1,CH,Dark Chocolate,Bar,in stock,new,3.49 EUR,http://x,http://y,Cacao,"
    '4748,,"Allergens:milk, soy,Net weight:100 g,Vegan:no",http://y/2,active,published\n'
    "TEA-1,TEA,Green Tea,Tea,in stock,new,9.90 EUR,http://x,http://y,Leaf,"
    ",Food & Beverages > Tea,Net weight:100 g,,archived,\n"
    "TEA-2,TEA2,Mint Tea,Tea,in stock,new,5.49 EUR,http://x,http://y,Leaf,"
    ",1234,,,,staging\n"
    "BAD-1,BAD,Mug,Mug,in stock,new,5.00 EUR,http://x,http://y,Acme,,,16 GB RAM,,,\n"
)


def test_meta_categories_attributes_and_statuses(tmp_path: Path) -> None:
    rows, errors = split(list(read_meta_feed(write(tmp_path, META))))
    chocolate, green, mint = rows
    assert chocolate.product_type == "Food, Beverages & Tobacco > Food Items > Candy & Chocolate"
    # A value may hold commas: a new pair starts only where a "label:" follows.
    assert chocolate.attributes == {
        "allergens": "milk, soy", "net weight": "100 g", "vegan": "no",
    }  # fmt: skip
    assert chocolate.status == "active"
    # fb_product_category as a path stands in too; Meta's numeric ids are not Google's.
    assert (green.product_type, green.status) == ("Food & Beverages > Tea", "archived")
    assert (mint.product_type, mint.status) == ("", "unpublished")
    [bad] = errors
    assert (bad.line, bad.field, bad.row_id, bad.group_id) == (
        5, "additional_variant_attribute", "BAD-1", "BAD",
    )  # fmt: skip


def test_meta_indexed_template_columns(tmp_path: Path) -> None:
    text = (
        "id,title,description,availability,condition,price,link,image_link,brand,"
        "additional_variant_attribute[0].variant_label,additional_variant_attribute[0].variant_value,"
        "additional_variant_attribute[1].variant_label,additional_variant_attribute[1].variant_value,"
        "image[0].url\n"
        "KB-1,Keyboard,Keys,in stock,new,49.99 EUR,http://x,http://y,Acme,Switches,Red,Layout,"
        "ISO,http://y/1\n"
    )
    [keyboard] = list(read_meta_feed(write(tmp_path, text)))
    assert isinstance(keyboard, FeedRow)
    assert keyboard.attributes == {"switches": "Red", "layout": "ISO"}


# --- JSONL (our own schema) ----------------------------------------------------------------


def test_jsonl_extra_keys_are_attributes(tmp_path: Path) -> None:
    laptop = {
        "id": "LT", "title": "Aero 14", "ram": "16 GB", "screen_size": 14, "touch": False,
        "ports": ["USB-C", "HDMI"], "status": "draft",
        "variants": [
            {"sku": "LT-512", "price": "1099 EUR", "storage": "512 GB"},
            {"sku": "LT-1TB", "price": "1299 EUR", "attributes": {"Storage": "1 TB"}},
        ],
    }  # fmt: skip
    lines = [
        json.dumps(laptop),
        json.dumps({"id": "A", "title": "A", "prce": 1, "variants": [{"sku": "A1"}]}),
        json.dumps({"id": "B", "title": "B", "specs": {"x": 1}, "variants": [{"sku": "B1"}]}),
        json.dumps({"id": "C", "title": "C", "status": "gone", "variants": [{"sku": "C1"}]}),
    ]
    rows, errors = split(list(read_jsonl(write(tmp_path, "\n".join(lines), "feed.jsonl"))))
    small, large = rows
    shared = {"ram": "16 GB", "screen size": "14", "touch": "no", "ports": "USB-C, HDMI"}
    assert small.attributes == shared | {"storage": "512 GB"}
    assert large.attributes == shared | {"storage": "1 TB"}
    assert small.status == "draft"
    assert [(e.line, e.field) for e in errors] == [(2, "prce"), (3, "specs"), (4, "status")]
    assert 'did you mean "price"' in errors[0].reason
