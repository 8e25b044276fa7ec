"""Merchant exports on real SQLite and PostgreSQL: statuses, attributes, category paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select, update

from assistant.commerce.cart import Cart
from assistant.commerce.errors import OutOfStock
from assistant.kernel.database import session_scope
from catalog.importer import import_catalog
from catalog.models import Product, Variant
from catalog.search import SearchQuery, search
from testkit.paths import DEMO_CATALOG

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def test_a_draft_product_is_never_offered(demo_db: str) -> None:
    query = SearchQuery(text="aero 14 ultralight laptop", limit=20)
    with session_scope(demo_db) as session:
        assert "LT-AERO14" in {hit.group_id for hit in search(session, query).hits}
        # The merchant drafts it; the search snapshot built above does not know yet.
        session.exec(update(Product).where(Product.group_id == "LT-AERO14").values(status="draft"))  # type: ignore[call-overload]
    with session_scope(demo_db) as session:
        for in_stock in (True, False):
            hits = search(session, SearchQuery(text=query.text, in_stock=in_stock, limit=20)).hits
            assert "LT-AERO14" not in {hit.group_id for hit in hits}
        variant = session.exec(select(Variant).where(Variant.sku == "LT-AERO14-GREY-512GB")).one()
        assert variant.stock and not variant.purchasable
        with pytest.raises(OutOfStock):
            Cart(conversation_id="shopper").add(variant, 1)


def test_shopify_template_in_the_database(database_url: str) -> None:
    template = FIXTURES / "product_template.csv"
    with session_scope(database_url) as session:
        report = import_catalog(session, template, default_currency="USD")
    assert (report.feed_format, report.added, report.rejected) == ("shopify", 3, 0)
    with session_scope(database_url) as session:
        stored = {p.group_id: p for p in session.exec(select(Product)).all()}
        assert {group: p.status for group, p in stored.items()} == {
            "example-shirt": "active",
            "example-pants": "draft",
            "example-hat": "archived",
        }
        shirt = stored["example-shirt"].variants[0]
        assert (shirt.stock, shirt.purchasable, shirt.can_supply(500)) == (None, True, True)
        assert not any(v.purchasable for v in stored["example-pants"].variants)
        for text in ("t-shirt", "jeans", "beanie"):
            hits = search(session, SearchQuery(text=text, in_stock=False, limit=10)).hits
            assert {hit.group_id for hit in hits} <= {"example-shirt"}, text
    with session_scope(database_url) as session:
        again = import_catalog(session, template, default_currency="USD")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_attributes_shared_by_every_variant_are_the_products(
    database_url: str, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    phone = {
        "id": "PH", "title": "Nova 8", "screen_size": "6.4 in",
        "variants": [
            {"sku": "PH-128", "price": "599 EUR", "storage": "128 GB", "color": "black"},
            {"sku": "PH-256", "price": "679 EUR", "storage": "256 GB", "color": "black"},
        ],
    }  # fmt: skip
    feed.write_text(json.dumps(phone) + "\n", encoding="utf-8")
    with session_scope(database_url) as session:
        assert import_catalog(session, feed).rejected == 0
        product = session.exec(select(Product).where(Product.group_id == "PH")).one()
        assert product.attributes == {"screen size": "6.4 in"}
        assert [v.attributes for v in product.variants] == [
            {"storage": "128 GB"}, {"storage": "256 GB"},
        ]  # fmt: skip


def test_demo_catalog_specifications_are_stored(demo_db: str) -> None:
    with session_scope(demo_db) as session:
        laptop = session.exec(select(Product).where(Product.group_id == "LT-AERO14")).one()
        assert laptop.attributes == {
            "battery life": "18 h", "ram": "16 GB", "screen size": "14 in", "weight": "1.1 kg",
        }  # fmt: skip
        assert {v.attributes["storage"] for v in laptop.variants} == {"512 GB", "1 TB"}
        chocolate = session.exec(select(Product).where(Product.group_id == "FD-MILKHAZEL")).one()
        assert chocolate.attributes == {
            "allergens": "milk, hazelnuts, soy", "gluten free": "yes", "net weight": "100 g",
        }  # fmt: skip


def test_a_bad_attribute_cell_names_file_line_and_field_and_loses_nothing(
    demo_db: str, tmp_path: Path
) -> None:
    text = DEMO_CATALOG.read_text(encoding="utf-8").replace(
        '"Storage:512 GB,RAM:16 GB,Screen size:14 in', '"Storage 512 GB,RAM:16 GB,Screen size:14 in'
    )
    broken = tmp_path / "catalog.csv"
    broken.write_text(text, encoding="utf-8")
    with session_scope(demo_db) as session:
        report = import_catalog(session, broken, prune=True)
    # The two 512 GB laptops are rejected; their product keeps what was stored, all of it.
    assert (report.removed, report.rejected, report.held, report.updated) == (0, 2, 1, 0)
    error = report.errors[0]
    assert (error.path, error.field, error.row_id) == (
        str(broken), "additional_variant_attribute", "LT-AERO14-GREY-512GB",
    )  # fmt: skip
    assert str(error).startswith(f"{broken}, line {error.line} (id LT-AERO14-GREY-512GB)")
    with session_scope(demo_db) as session:
        variant = session.exec(select(Variant).where(Variant.sku == "LT-AERO14-GREY-512GB")).one()
        assert (variant.attributes, variant.availability) == ({"storage": "512 GB"}, "in stock")
        assert variant.product.attributes["ram"] == "16 GB"
