"""Each platform's own sample files load as the platform means them (tests/fixtures/feeds/)."""

from __future__ import annotations

from pathlib import Path

from catalog.feeds.base import FeedRow, RowError
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
